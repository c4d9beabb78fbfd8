"""Warnings as staff read them (list, one warning, its timeline from first
sign to first message) and the incident staff made from one."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, update

from ..audit import chain as audit
from ..delivery.models import Delivery
from ..errors import Conflict, NotFound
from ..exports import iso
from ..incidents.models import Incident
from ..store.db import affected, db, utcnow
from .models import SignalWarning


def get_warning(warning_id: int) -> SignalWarning:
    warning = db.session.get(SignalWarning, warning_id)
    if warning is None:
        raise NotFound(f"No warning {warning_id}.")
    return warning


def list_warnings(status: str | None, topic: str | None, cursor: int | None, limit: int
                  ) -> tuple[list[SignalWarning], int | None]:
    stmt = select(SignalWarning).order_by(SignalWarning.id.desc()).limit(limit + 1)
    if status:
        stmt = stmt.where(SignalWarning.status == status)
    if topic:
        stmt = stmt.where(SignalWarning.topic == topic)
    if cursor is not None:
        stmt = stmt.where(SignalWarning.id < cursor)
    rows = list(db.session.execute(stmt).scalars())
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].id if more and rows else None)


def warning_of(incident_id: int) -> SignalWarning | None:
    return db.session.execute(select(SignalWarning).where(
        SignalWarning.incident_id == incident_id)).scalar_one_or_none()


def timeline(warning: SignalWarning) -> dict[str, Any]:
    """first sign → warning → incident created → cleared to send → first message."""
    incident = db.session.get(Incident, warning.incident_id) if warning.incident_id else None
    first_message = None
    if incident is not None:
        first_message = db.session.execute(select(func.min(Delivery.sent_at)).where(
            Delivery.incident_id == incident.id, Delivery.message == 0)).scalar_one()
    return {
        "first_signal_at": iso(warning.first_signal_at), "opened_at": iso(warning.opened_at),
        "incident_created_at": iso(warning.incident_created_at),
        "approved_at": iso(incident.dispatched_at) if incident is not None else None,
        "first_message_at": iso(first_message),
        "first_signal_to_first_message_seconds":
            (_aware(first_message) - warning.first_signal_at).total_seconds()
            if first_message else None,
    }


def warning_dict(warning: SignalWarning) -> dict[str, Any]:
    return {"id": warning.id, "topic": warning.topic, "status": warning.status,
            "closed_at": iso(warning.closed_at), "observed": warning.observed,
            "expected": warning.expected, "ratio": warning.ratio, "p_value": warning.p_value,
            "peak_observed": warning.peak_observed, "rule_version": warning.rule_version,
            "draft": warning.draft, "incident_id": warning.incident_id, **timeline(warning)}


def draft_of(warning_id: int) -> dict[str, Any] | None:
    """A warning's draft incident for staff to edit, while it has no incident yet."""
    warning = db.session.get(SignalWarning, warning_id)
    return warning.draft if warning is not None and warning.incident_id is None else None


def link_incident(warning_id: int, incident: Incident, *, actor: str, actor_role: str) -> None:
    """Record that staff made the warning's incident (in the caller's transaction)."""
    warning = db.session.get(SignalWarning, warning_id)
    if warning is None:  # a reference to nothing: 404 naming the field
        raise NotFound(f"No warning {warning_id}.", [
            {"field": "warning_id", "message": f"no warning {warning_id}"}])
    claimed = affected(db.session.execute(
        update(SignalWarning).where(SignalWarning.id == warning_id,
                                    SignalWarning.incident_id.is_(None))
        .values(incident_id=incident.id, incident_created_at=incident.created_at or utcnow())
        .execution_options(synchronize_session="fetch")))
    if not claimed:
        raise Conflict(f"Warning {warning_id} already has incident {warning.incident_id}.",
                       code="warning_has_incident")
    audit.append("warning.incident_created", actor=actor, actor_role=actor_role,
                 incident_id=incident.id, data={"warning_id": warning_id, "topic": warning.topic})


def _aware(value: datetime) -> datetime:
    """func.min() over a UTCDateTime comes back naive on SQLite."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)

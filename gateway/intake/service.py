"""Incidents: intake, edits while pending, approval (four eyes, expiring), cancel,
and their public state.

Editing a pending incident replaces its content, re-runs lint, resolves the
audience again and recomputes why it needs approval: an edit resets approval. If no
reason is left (say the edit fixed the only lint error), it dispatches at once,
exactly as a fresh incident with that content would; otherwise it stays pending.
Every key that created or edited an incident is one of its authors and may not
approve or reject it. A pending incident can be approved only within
`approval_ttl_minutes` of its creation or latest edit; after that it must be
edited (which restarts the clock) or submitted again.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, select

from ..audit import chain as audit
from ..audit.models import AuditRecord
from ..compensation import promises, quotes
from ..compensation import service as compensation
from ..compensation.quotes import recipients_of
from ..delivery import service as delivery
from ..delivery.models import Delivery
from ..delivery.states import WAITING
from ..errors import Conflict, Forbidden, NotFound
from ..incidents import promised_times, queries
from ..incidents.audience import (
    Audience,
    count_criteria,
    criteria_through,
    locales_of_snapshot,
    snapshot,
    snapshot_through,
)
from ..incidents.models import Incident, Recipient
from ..incidents.schemas import IncidentIn, next_update_of, parse_facts
from ..messages.intake_lint import facts_findings, language_findings
from ..signals.warning_records import link_incident
from ..store.db import db, utcnow
from .expansion import first_chunk_at_intake


def approval_reasons(kind: str, audience_size: int, lint: list[dict[str, Any]],
                     threshold: int, quote: dict[str, Any] | None = None,
                     compensation_threshold: Decimal | None = None) -> list[str]:
    """Why an incident must wait for a second pair of eyes (empty: it goes at once)."""
    reasons = []
    if any(f["severity"] == "error" for f in lint):
        reasons.append("lint_errors")
    if audience_size > threshold:
        reasons.append("audience_over_threshold")
    if kind == "data_breach":
        reasons.append("data_breach")
    return reasons + quotes.approval_reasons(quote, compensation_threshold)


def create(body: IncidentIn, *, key_id: int, actor: str, actor_role: str,
           threshold: int, compensation_threshold: Decimal | None = None
           ) -> tuple[Incident, dict[str, Any]]:
    """Create the incident and resolve its audience in the open transaction (see
    `resolve_audience`)."""
    facts = parse_facts(body.facts)
    lint = facts_findings(facts)
    incident = Incident(
        kind=body.kind, severity=body.severity, title=body.title, facts=facts,
        audience=body.audience.model_dump(exclude_defaults=True),
        channels=list(body.channels), require_ack=body.require_ack,
        ack_within_minutes=body.ack_within_minutes, auto_no_news=body.auto_no_news,
        status="pending_approval", lint=lint, next_update_at=next_update_of(facts),
        created_by_key_id=key_id, created_by=actor,
    )
    db.session.add(incident)
    db.session.flush()
    quote = resolve_audience(incident, body.audience, lint, threshold, compensation_threshold)
    lint, size = incident.lint, incident.audience_size
    if not incident.approval_reasons:
        incident.status = "dispatching"
        incident.dispatched_at = utcnow()
    if body.warning_id is not None:
        link_incident(body.warning_id, incident, actor=actor, actor_role=actor_role)
    audit.append("incident.created", actor=actor, actor_role=actor_role, incident_id=incident.id,
                 data={"kind": incident.kind, "severity": incident.severity,
                       "audience_size": size, "status": incident.status,
                       "approval_reasons": incident.approval_reasons,
                       "lint_errors": sum(f["severity"] == "error" for f in lint),
                       **compensation.audit_summary(quote)})
    if incident.status == "dispatching":
        first_chunk_at_intake(incident)
    return incident, created_body(incident)


def resolve_audience(incident: Incident, audience: Audience, lint: list[dict[str, Any]],
                     threshold: int, compensation_threshold: Decimal | None
                     ) -> dict[str, Any] | None:
    """Size, unknown ids, the language lint, the compensation quote and the approval
    reasons of the incident's (new) audience; returns the quote.

    Explicit ids are looked up and their snapshot written at once. Tag and
    attribute audiences are counted (one grouped COUNT up to the horizon, the
    highest customer id now), `all` read from the kept per-locale counts
    (`count_criteria`); an incident held for approval gets its whole
    snapshot now (approval dispatches to it), one that goes out at once gets it
    from expansion, chunk by chunk (`Incident.snapshot_pending`): on 100,000
    customers the INSERT … SELECT and the locale join cost the POST 0.1-0.3 s on
    SQLite and 0.6-0.9 s on PostgreSQL before the first message could leave.
    """
    facts = incident.facts
    if audience.customer_ids:
        size, unknown = snapshot(incident.id, audience)
        locales = locales_of_snapshot(incident.id)
        through, ids = None, recipients_of(incident.id)
    else:
        through, locales = count_criteria(audience)
        size, unknown, ids = sum(locales.values()), [], criteria_through(audience, through)
    incident.audience_size, incident.unknown_customer_ids = size, unknown
    incident.audience_through = through
    incident.audience_locales = {str(locale): n for locale, n in locales.items()}
    incident.lint = lint = lint + language_findings(facts, locales)
    quote = compensation.attach(incident, ids)
    incident.approval_reasons = approval_reasons(incident.kind, size, lint, threshold, quote,
                                                 compensation_threshold)
    incident.snapshot_pending = through is not None and not incident.approval_reasons
    if through is not None and incident.approval_reasons:
        snapshot_through(incident.id, audience, through)
    return quote


def created_body(incident: Incident) -> dict[str, Any]:
    base = f"/v1/incidents/{incident.id}"
    return {
        "id": incident.id,
        "status": incident.status,
        "audience_size": incident.audience_size,
        "unknown_customer_ids": incident.unknown_customer_ids,
        "lint": incident.lint,
        "approval_reasons": incident.approval_reasons,
        "links": {"self": base, "deliveries": f"{base}/deliveries", "report": f"{base}/report"},
    }


def counts(incident_id: int) -> dict[str, dict[str, int]]:
    rows = db.session.execute(
        select(Delivery.channel, Delivery.status, func.count())
        .where(Delivery.incident_id == incident_id, Delivery.message == 0)
        .group_by(Delivery.channel, Delivery.status)
    )
    result: dict[str, dict[str, int]] = {}
    for channel, status, count in rows:
        result.setdefault(channel, {})[status] = int(count)
    return result


def state(incident: Incident) -> dict[str, Any]:
    def iso(d: datetime | None) -> str | None:
        return d.isoformat() if d else None

    return {
        **created_body(incident),
        "kind": incident.kind,
        "severity": incident.severity,
        "title": incident.title,
        "stage": incident.stage,
        "facts": incident.facts,
        "audience": incident.audience,
        "channels": incident.channels,
        "require_ack": incident.require_ack,
        "ack_within_minutes": incident.ack_within_minutes,
        "auto_no_news": incident.auto_no_news,
        "counts": counts(incident.id),
        "render_check": incident.render_check,
        "compensation": compensation.quote_for_incident(incident.id),
        "acked": queries.acked(incident.id),
        "created_by": incident.created_by,
        "created_at": iso(incident.created_at),
        "edited_by": incident.edited_by,
        "edited_at": iso(incident.edited_at),
        "version": version_of(incident),
        "decided_by": incident.decided_by,
        "decision_reason": incident.decision_reason,
        "decided_at": iso(incident.decided_at),
        "dispatched_at": iso(incident.dispatched_at),
        "resolved_at": iso(incident.resolved_at),
        "canceled_at": iso(incident.canceled_at),
        "next_update_at": iso(incident.next_update_at),
    }


def get_for_decision(incident_id: int) -> Incident:
    """The incident, locked until the transaction ends (PostgreSQL; SQLite write
    transactions are already exclusive), so an edit and a decision never interleave."""
    incident = db.session.execute(
        select(Incident).where(Incident.id == incident_id).with_for_update()
        .execution_options(populate_existing=True)).scalar_one_or_none()
    if incident is None:
        raise NotFound(f"No incident {incident_id}.")
    return incident


def _pending(incident: Incident) -> None:
    if incident.status != "pending_approval":
        raise Conflict(f"Incident {incident.id} is '{incident.status}', not pending approval.",
                       code="not_pending_approval")


def _lint_errors(lint: list[dict[str, Any]] | None) -> int:
    return sum(f.get("severity") == "error" for f in lint or [])


def authors(incident: Incident) -> set[int]:
    """Every key that wrote this incident: its creator and each of its editors."""
    keys = {incident.created_by_key_id, incident.edited_by_key_id}
    edits = db.session.execute(select(AuditRecord.data).where(
        AuditRecord.incident_id == incident.id, AuditRecord.action == "incident.edited")).scalars()
    keys.update(data.get("key_id") for data in edits if isinstance(data, dict))
    return {k for k in keys if k is not None}


def _four_eyes(incident: Incident, key_id: int, verb: str) -> None:
    if key_id in authors(incident):
        raise Forbidden(f"A key that created or edited an incident cannot {verb} it (four eyes).",
                        code="self_approval")


def approval_clock(incident: Incident) -> datetime:
    """When the content now awaiting approval was submitted: the latest edit, or creation."""
    return incident.edited_at or incident.created_at


def version_of(incident: Incident) -> str:
    """Names the content awaiting approval; every edit changes it."""
    return approval_clock(incident).isoformat()


def check_version(incident: Incident, version: str | None) -> None:
    """Refuse to act on content edited since `version` was read (None: no check)."""
    if version is not None and version != version_of(incident):
        raise Conflict(f"Incident {incident.id} was edited by {incident.edited_by} after you "
                       "read it; read it again, then decide.", code="incident_changed")


def approval_expires_at(incident: Incident, ttl_minutes: int) -> datetime:
    return approval_clock(incident) + timedelta(minutes=ttl_minutes)


def approval_expired(incident: Incident, ttl_minutes: int, now: datetime | None = None) -> bool:
    return (now or utcnow()) >= approval_expires_at(incident, ttl_minutes)


EDITABLE = ("kind", "severity", "title", "facts", "audience", "channels", "require_ack",
            "ack_within_minutes", "auto_no_news")


def content_of(body: IncidentIn) -> dict[str, Any]:
    """The editable fields as an incident stores them."""
    return {
        "kind": body.kind, "severity": body.severity, "title": body.title,
        "facts": parse_facts(body.facts),
        "audience": body.audience.model_dump(exclude_defaults=True),
        "channels": list(body.channels), "require_ack": body.require_ack,
        "ack_within_minutes": body.ack_within_minutes, "auto_no_news": body.auto_no_news,
    }


def content_of_incident(incident: Incident) -> dict[str, Any]:
    return {name: getattr(incident, name) for name in EDITABLE}


def edit(incident: Incident, body: IncidentIn, *, key_id: int, actor: str, actor_role: str,
         threshold: int, compensation_threshold: Decimal | None = None) -> dict[str, Any]:
    """Replace a pending incident's content in the open transaction; approval starts over.

    Lint, the audience snapshot and the approval reasons are computed afresh. With
    reasons left it stays `pending_approval` (the editor is now an author, and the
    approval clock restarts); with none it becomes `dispatching`, and the caller
    must call `jobs.dispatch.start(incident.id)` after committing. Returns the
    audit summary of the edit.
    """
    _pending(incident)
    after = content_of(body)
    facts = after["facts"]
    lint = facts_findings(facts)
    changed = [name for name in EDITABLE if getattr(incident, name) != after[name]]
    before_size, before_errors = incident.audience_size, _lint_errors(incident.lint)
    before_reasons = list(incident.approval_reasons or [])
    for name, value in after.items():
        setattr(incident, name, value)
    incident.lint, incident.next_update_at = lint, next_update_of(facts)
    db.session.execute(delete(Recipient).where(Recipient.incident_id == incident.id))
    quote = resolve_audience(incident, body.audience, lint, threshold, compensation_threshold)
    lint, size = incident.lint, incident.audience_size
    now = utcnow()
    incident.edited_by_key_id, incident.edited_by, incident.edited_at = key_id, actor, now
    if not incident.approval_reasons:
        incident.status, incident.dispatched_at = "dispatching", now
    summary = {
        "key_id": key_id, "changed": changed, "status": incident.status,
        "audience_size": {"before": before_size, "after": size},
        "lint_errors": {"before": before_errors, "after": _lint_errors(lint)},
        "approval_reasons": {"before": before_reasons, "after": incident.approval_reasons},
        **compensation.audit_summary(quote),
    }
    audit.append("incident.edited", actor=actor, actor_role=actor_role, incident_id=incident.id,
                 data=summary)
    return summary


def approve(incident: Incident, reason: str | None, *, key_id: int, actor: str,
            actor_role: str, ttl_minutes: int, version: str | None = None,
            next_update_at: datetime | None = None) -> None:
    """Approve and dispatch; a promised update time that passed while it waited
    must be replaced (`next_update_at`), see `promised_times`."""
    _pending(incident)
    _four_eyes(incident, key_id, "approve")
    check_version(incident, version)
    now = utcnow()
    if approval_expired(incident, ttl_minutes, now):
        raise Conflict(
            f"Incident {incident.id} waited more than {ttl_minutes} minutes for approval "
            f"(submitted {approval_clock(incident).isoformat()}), so it can no longer be "
            "approved: edit it (which restarts the clock) or reject it and submit it again.",
            code="approval_expired")
    promised_times.check_at_approval(incident.facts, next_update_at, now)
    if next_update_at is not None:
        incident.facts = promised_times.with_next_update(incident.facts, next_update_at)
        incident.next_update_at = next_update_of(incident.facts)
    incident.status, incident.decided_by, incident.decided_at = "dispatching", actor, now
    incident.decision_reason, incident.dispatched_at = reason, now
    lint_errors = [f for f in incident.lint if f["severity"] == "error"]
    audit.append("incident.approved", actor=actor, actor_role=actor_role, incident_id=incident.id,
                 data={"reason": reason, "approval_reasons": incident.approval_reasons,
                       "lint_errors_approved": [f["code"] for f in lint_errors],
                       **({"next_update_at": incident.next_update_at.isoformat()}
                          if next_update_at is not None and incident.next_update_at else {})})


def reject(incident: Incident, reason: str, *, key_id: int, actor: str, actor_role: str,
           version: str | None = None) -> None:
    _pending(incident)
    _four_eyes(incident, key_id, "decide on")
    check_version(incident, version)
    incident.status, incident.decided_by, incident.decided_at = "rejected", actor, utcnow()
    incident.decision_reason = reason
    audit.append("incident.rejected", actor=actor, actor_role=actor_role, incident_id=incident.id,
                 data={"reason": reason})


PENDING_DELIVERY = WAITING  # not yet handed to a provider: cancel stops these


def can_cancel(incident: Incident) -> bool:
    """Whether cancelling would stop anything: a draft, an incident still being
    expanded, or one with messages not yet handed to a provider."""
    if incident.status in ("pending_approval", "dispatching"):
        return True
    if incident.status != "dispatched":
        return False
    return bool(db.session.execute(select(
        select(Delivery.id).where(Delivery.incident_id == incident.id,
                                  Delivery.status.in_(PENDING_DELIVERY)).exists())).scalar())


def cancel(incident: Incident, *, actor: str, actor_role: str) -> int:
    """Stop every delivery not yet handed to a provider; 409 if nothing is left."""
    if not can_cancel(incident):
        message = (f"Every message of incident {incident.id} is already with a provider."
                   if incident.status == "dispatched"
                   else f"Incident {incident.id} is '{incident.status}'; nothing to cancel.")
        raise Conflict(message, code="nothing_to_cancel")
    now = utcnow()
    stopped = len(delivery.cancel(Delivery.incident_id == incident.id, None, now,
                                  why="incident_canceled", actor=actor))
    if incident.status == "dispatched" and stopped == 0:  # handed over meanwhile
        raise Conflict(f"Every message of incident {incident.id} is already with a provider.",
                       code="nothing_to_cancel")
    incident.status, incident.canceled_at = "canceled", now
    voided = promises.cancel_unsent(incident, now)
    audit.append("incident.canceled", actor=actor, actor_role=actor_role, incident_id=incident.id,
                 data={"deliveries_canceled": stopped, "compensation_canceled": voided})
    return stopped

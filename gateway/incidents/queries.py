"""What the console, the API and the areas above read about incidents: one
incident (404 when there is none), who acknowledged it, lists, and an
incident's updates, unreached customers, replies and survey comments.

Reads only; the adapters shape the rows into pages or JSON.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import distinct, func, select

from ..customers.models import Customer
from ..delivery.models import Delivery, InboundMessage
from ..errors import NotFound
from ..store.db import db
from .models import Incident, IncidentUpdate, SurveyResponse, UnreachedCustomer


def find(incident_id: int) -> Incident | None:
    return db.session.get(Incident, incident_id)


def get(incident_id: int) -> Incident:
    incident = find(incident_id)
    if incident is None:
        raise NotFound(f"No incident {incident_id}.")
    return incident


def acked(incident_id: int) -> int:
    """How many customers acknowledged the incident (on any channel, any message)."""
    return int(db.session.execute(
        select(func.count(distinct(Delivery.customer_id))).where(
            Delivery.incident_id == incident_id, Delivery.acked_at.is_not(None))
    ).scalar_one())


def newest(limit: int, *, status: str | None = None, search: str = "",
           before: int | None = None) -> list[Incident]:
    """Newest first: with `status`; titled like `search` (or with that id, when it is
    a number); older than the incident `before`."""
    stmt = select(Incident).order_by(Incident.id.desc()).limit(limit)
    if status:
        stmt = stmt.where(Incident.status == status)
    if search:
        stmt = stmt.where(Incident.title.ilike(f"%{search}%") if not search.isdigit()
                          else Incident.id == int(search))
    if before is not None:
        stmt = stmt.where(Incident.id < before)
    return list(db.session.execute(stmt).scalars())


def newest_labels(limit: int) -> Sequence[Any]:
    """(id, title, kind) of the newest incidents: what a picker shows."""
    return db.session.execute(select(Incident.id, Incident.title, Incident.kind)
                              .order_by(Incident.id.desc()).limit(limit)).all()


def count_with_status(status: str) -> int:
    return int(db.session.execute(select(func.count()).select_from(Incident).where(
        Incident.status == status)).scalar_one())


def count_by_status() -> dict[str, int]:
    return dict(db.session.execute(  # type: ignore[arg-type]
        select(Incident.status, func.count()).group_by(Incident.status)).all())


def pending_approval() -> list[Incident]:
    """Drafts waiting for a decision, oldest first."""
    return list(db.session.execute(select(Incident).where(Incident.status == "pending_approval")
                                   .order_by(Incident.created_at)).scalars())


def recently_decided(limit: int) -> list[Incident]:
    return list(db.session.execute(
        select(Incident).where(Incident.decided_at.is_not(None))
        .order_by(Incident.decided_at.desc()).limit(limit)).scalars())


def updates_of(incident_id: int) -> list[IncidentUpdate]:
    return list(db.session.execute(select(IncidentUpdate).where(
        IncidentUpdate.incident_id == incident_id).order_by(IncidentUpdate.seq)).scalars())


def unreached_of(incident_id: int, limit: int) -> Sequence[Any]:
    """(UnreachedCustomer, Customer), first marked first."""
    return db.session.execute(
        select(UnreachedCustomer, Customer)
        .join(Customer, Customer.id == UnreachedCustomer.customer_id)
        .where(UnreachedCustomer.incident_id == incident_id)
        .order_by(UnreachedCustomer.at).limit(limit)).all()


def replies_to(incident_id: int, limit: int) -> Sequence[Any]:
    """(InboundMessage, Customer or None): unhandled replies first, newest first."""
    return db.session.execute(
        select(InboundMessage, Customer)
        .outerjoin(Customer, Customer.id == InboundMessage.customer_id)
        .where(InboundMessage.incident_id == incident_id, InboundMessage.kind == "reply")
        .order_by(InboundMessage.handled_at.is_not(None), InboundMessage.received_at.desc())
        .limit(limit)).all()


def survey_comments(incident_id: int, limit: int) -> Sequence[Any]:
    """(SurveyResponse, Customer) with a written comment, newest first."""
    return db.session.execute(
        select(SurveyResponse, Customer).join(Customer, Customer.id == SurveyResponse.customer_id)
        .where(SurveyResponse.incident_id == incident_id, SurveyResponse.comment.is_not(None),
               SurveyResponse.comment != "")
        .order_by(SurveyResponse.created_at.desc()).limit(limit)).all()


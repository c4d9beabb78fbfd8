"""Complaints' entry points for staff (the API and the console): find one, act
on it (assign, record a contact, resolve, correct the topic), the lookups the
adapters need, and erasure. Every function works in the caller's transaction;
those that create messages return the (delivery id, channel) pairs to enqueue
*after* the commit (`gateway.jobs.complaints.enqueue`). Time is a parameter (`now`) so tests move
the clock instead of sleeping.

The rest of the area, by job: `steps` (statuses, moves, one recorded step),
`intake` (a complaint opens), `to_customer` (our messages), `surveys`, `sla`
(acknowledgement and the first-contact watch), `queries` (the queue, one
complaint, the report), `topics`, `messages` (rendering), `record` (the
customer record) and `jobs` (the scheduler's sweeps).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from ..customers.models import Customer
from ..errors import Conflict, NotFound, ValidationFailed
from ..exports import iso
from ..incidents.models import Incident
from ..store.db import db, utcnow
from . import topics
from .models import Complaint, ComplaintEvent
from .schemas import AssignIn, ContactIn, ResolveIn, TopicIn
from .steps import Pairs, Settings, open_for_staff, step
from .to_customer import create_message


def get(complaint_id: int, *, for_update: bool = False) -> Complaint:
    """A complaint of a customer who was not erased; 404 otherwise."""
    query = select(Complaint).join(Customer, Customer.id == Complaint.customer_id).where(
        Complaint.id == complaint_id, Customer.erased_at.is_(None))
    if for_update and db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(of=Complaint)
    c = db.session.execute(query).scalar_one_or_none()
    if c is None:
        raise NotFound(f"No complaint {complaint_id}.", code="complaint_not_found")
    return c


def assign(c: Complaint, owner: str, *, actor: str, actor_role: str,
           now: datetime | None = None) -> None:
    open_for_staff(c)
    previous, c.owner = c.owner, owner
    step(c, "assigned", actor=actor, actor_role=actor_role, now=now or utcnow(),
          data={"owner": owner, "previous": previous},
          audit_data={"owner": owner, "previous": previous})


def contact(c: Complaint, note: str, *, actor: str, actor_role: str,
            now: datetime | None = None) -> None:
    """A person spoke to the customer: the first contact (or a later one, or a note)."""
    now = now or utcnow()
    open_for_staff(c)
    if c.status == "resolved":
        raise Conflict(f"Complaint {c.id} is resolved; it reopens only when the customer says "
                       "it is not fixed.", code="complaint_status")
    first = c.first_contact_at is None
    if first:
        c.first_contact_at = now
        if now > c.first_contact_due and c.breached_at is None:
            c.breached_at = c.first_contact_due
    c.contact_due = None
    c.owner = c.owner or actor
    step(c, "contacted" if c.status != "in_progress" else "note", actor=actor,
          actor_role=actor_role, now=now, to="in_progress",
          data={"note": note, "first_contact": first},
          audit_data={"first_contact": first, "late": bool(first and c.breached_at)})


def _lint_for_customer(fields: dict[str, str | None], locale: str) -> None:
    """Text sent to the customer follows the same writing rules as everything else."""
    # Here, not at the top: the linter's dictionaries (~200 MB) load only where text
    # is checked, not in every process that imports the complaints area.
    from ..messages.lint import lint_text

    errors = [(name, f) for name, text in fields.items() if text
              for f in lint_text(text, locale if locale in topics.locales() else "en", name)
              if f.severity == "error"]
    if errors:
        raise ValidationFailed(
            "The text breaks the writing rules customers are owed; nothing was sent.",
            [{"field": name, "message": f.message, "code": f.code, "span": list(f.span),
              "suggestion": f.suggestion} for name, f in errors])


def resolve(c: Complaint, resolution: str, offer: str | None, *, actor: str, actor_role: str,
            settings: Settings, now: datetime | None = None) -> Pairs:
    """Record what we did, send it to the customer, and schedule the follow-up survey."""
    now = now or utcnow()
    if c.status != "in_progress":
        raise Conflict(f"Complaint {c.id} is '{c.status}'; record the contact with the "
                       "customer first.", code="complaint_status")
    _lint_for_customer({"resolution": resolution, "offer": offer}, c.locale)
    c.resolution, c.offer = resolution, offer
    c.resolved_at = c.resolved_at or now
    c.survey_due_at = now + timedelta(hours=settings.followup_delay_hours)
    c.survey_sent_at = c.survey_answered_at = None
    step(c, "resolved", actor=actor, actor_role=actor_role, now=now, to="resolved",
          data={"resolution": resolution, "offer": offer,
                "survey_due_at": iso(c.survey_due_at)},
          audit_data={"offer": offer is not None})
    return create_message(c, "complaint_feedback", now)


def correct_topic(c: Complaint, topic: str, *, actor: str, actor_role: str,
                  now: datetime | None = None) -> None:
    """Staff know better than the rules; the correction is kept (rules never override it)."""
    previous = c.topic
    c.topic, c.topic_source = topic, "staff"
    step(c, "topic_corrected", actor=actor, actor_role=actor_role, now=now or utcnow(),
          data={"topic": topic, "previous": previous},
          audit_data={"topic": topic, "previous": previous})


StaffAction = AssignIn | ContactIn | ResolveIn | TopicIn


def act(c: Complaint, body: StaffAction, *, actor: str, actor_role: str,
        settings: Settings) -> Pairs:
    """One staff action (API or console): what it changes, and the messages to send."""
    if isinstance(body, AssignIn):
        assign(c, body.owner, actor=actor, actor_role=actor_role)
    elif isinstance(body, ContactIn):
        contact(c, body.note, actor=actor, actor_role=actor_role)
    elif isinstance(body, ResolveIn):
        return resolve(c, body.resolution, body.offer, actor=actor, actor_role=actor_role,
                       settings=settings)
    else:
        correct_topic(c, body.topic, actor=actor, actor_role=actor_role)
    return []


def live_customer(external_id: str) -> Customer | None:
    return db.session.execute(select(Customer).where(
        Customer.external_id == external_id, Customer.erased_at.is_(None))).scalar_one_or_none()


def external_id_of(customer_id: int) -> str:
    return str(db.session.execute(select(Customer.external_id).where(
        Customer.id == customer_id)).scalar_one())


def incident_exists(incident_id: int) -> bool:
    return db.session.get(Incident, incident_id) is not None


def erase_customer(customer_id: int) -> None:
    """The customer's words and our notes go; counts and the audit trail stay."""
    ids = select(Complaint.id).where(Complaint.customer_id == customer_id)
    db.session.execute(ComplaintEvent.__table__.delete().where(
        ComplaintEvent.complaint_id.in_(ids)))
    db.session.execute(Complaint.__table__.update().where(
        Complaint.customer_id == customer_id).values(
        text="[erased]", resolution=None, offer=None, owner=None))

"""A complaint opens: from the help desk or the API, a customer's reply that is
neither OK nor STOP, a chat reply, or an incident survey scored 1-2 with a
comment. Its acknowledgement is queued at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from ..customers.models import Customer
from ..delivery.models import InboundMessage
from ..errors import ValidationFailed
from ..store.db import db, utcnow
from . import topics
from .models import Complaint, ComplaintEvent
from .steps import LOW_SCORE, OPEN, Pairs, Settings, step
from .to_customer import create_message, reply_channel

FUTURE_SKEW = timedelta(minutes=1)


@dataclass
class Outcome:
    complaint: Complaint
    enqueue: Pairs = field(default_factory=list)


def receive(customer: Customer, *, channel: str, text: str, source: str, actor: str,
            actor_role: str, settings: Settings, incident_id: int | None = None,
            topic: str | None = None, received_at: datetime | None = None,
            now: datetime | None = None) -> Outcome:
    """Open a complaint and queue its acknowledgement (sent within seconds)."""
    now = now or utcnow()
    received = received_at or now
    if received > now + FUTURE_SKEW:
        raise ValidationFailed("The complaint is not valid.", [
            {"field": "received_at", "message": "must not be in the future"}])
    locale = customer.locale or "en"
    c = Complaint(customer_id=customer.id, incident_id=incident_id, source=source,
                  channel=channel, reply_channel=reply_channel(customer, channel), text=text,
                  locale=locale, topic=topic or topics.classify(text, locale),
                  topic_source="intake" if topic else "rules", status="received",
                  received_at=received, first_contact_due=received + settings.window,
                  contact_due=received + settings.window, messages=0, created_by=actor,
                  updated_at=now)
    db.session.add(c)
    db.session.flush()
    step(c, "received", actor=actor, actor_role=actor_role, now=received,
          data={"source": source, "channel": channel, "topic": c.topic,
                "incident_id": incident_id},
          audit_data={"customer": customer.external_id, "source": source, "topic": c.topic})
    pairs = create_message(c, "complaint_ack", now)
    if c.reply_channel is None:
        db.session.add(ComplaintEvent(complaint_id=c.id, at=now, actor="gateway",
                                      action="no_reply_channel", status=c.status, data={}))
    return Outcome(c, pairs)


def open_complaint_of(customer_id: int) -> Complaint | None:
    return db.session.execute(select(Complaint).where(
        Complaint.customer_id == customer_id, Complaint.status.in_(OPEN))
        .order_by(Complaint.id.desc()).limit(1)).scalar_one_or_none()


def from_reply(inbound: InboundMessage, settings: Settings,
               now: datetime | None = None) -> Outcome | None:
    """An SMS/WhatsApp reply that is neither OK nor STOP.

    A customer with an open complaint is answering it: the words join its
    timeline. Otherwise a new complaint opens, linked to the incident they
    replied to. Unknown senders stay a reply for a person (no customer to answer).
    """
    now = now or utcnow()
    if inbound.customer_id is None:
        return None
    customer = db.session.get_one(Customer, inbound.customer_id)
    if customer.erased_at is not None:
        return None
    current = open_complaint_of(customer.id)
    if current is not None:
        step(current, "customer_wrote", actor=customer.external_id, actor_role="customer",
              now=now, data={"channel": inbound.channel, "text": inbound.body})
        return Outcome(current)
    return receive(customer, channel=inbound.channel, text=inbound.body, source="reply",
                   actor=customer.external_id, actor_role="customer", settings=settings,
                   incident_id=inbound.incident_id, received_at=inbound.received_at, now=now)


def from_chat(customer: Customer, text: str, incident_id: int | None, settings: Settings,
              now: datetime | None = None) -> Outcome:
    """A reply that came back through the customer's chat webhook."""
    now = now or utcnow()
    current = open_complaint_of(customer.id)
    if current is not None:
        step(current, "customer_wrote", actor=customer.external_id, actor_role="customer",
              now=now, data={"channel": "chat", "text": text})
        return Outcome(current)
    return receive(customer, channel="chat", text=text, source="reply",
                   actor=customer.external_id, actor_role="customer", settings=settings,
                   incident_id=incident_id, now=now)


def from_incident_survey(customer_id: int, incident_id: int, channel: str, score: int,
                         comment: str | None, settings: Settings,
                         now: datetime | None = None) -> Outcome | None:
    """An incident's survey answered 1-2 with a comment is a complaint."""
    if score > LOW_SCORE or not comment:
        return None
    customer = db.session.get_one(Customer, customer_id)
    return receive(customer, channel=channel, text=comment, source="survey",
                   actor=customer.external_id, actor_role="customer", settings=settings,
                   incident_id=incident_id, now=now)

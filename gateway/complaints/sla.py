"""Acknowledgement and the first-contact SLA: `received` becomes `acknowledged`
once the acknowledgement is with the provider; staff are alerted once before a
contact is due and once when it is missed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, or_, select

from ..customers.models import Customer
from ..delivery import states
from ..delivery.models import Delivery
from ..exports import iso
from ..store.db import db, utcnow
from .models import Complaint, ComplaintEvent
from .steps import WAITING_FOR_CONTACT, Settings, step

SENT = states.SENT_OR_BETTER


def mark_acknowledged(now: datetime | None = None) -> int:
    """`received` → `acknowledged` once the acknowledgement is in the provider's hands."""
    now = now or utcnow()
    rows = db.session.execute(
        select(Complaint, Delivery.id, Delivery.channel, Delivery.sent_at)
        .join(Delivery, and_(Delivery.complaint_id == Complaint.id,
                             Delivery.purpose == "complaint_ack"))
        .where(Complaint.status == "received", Delivery.status.in_(SENT))).all()
    for c, delivery_id, channel, sent_at in rows:
        if c.status != "received":
            continue  # two acks (a reopened one) for one complaint
        c.acknowledged_at = sent_at or now
        step(c, "acknowledged", actor="gateway", actor_role="system", now=c.acknowledged_at,
              to="acknowledged", data={"delivery_id": int(delivery_id), "channel": channel})
    return len(rows)


def due_soon(c: Complaint, settings: Settings, now: datetime) -> bool:
    return (c.status in WAITING_FOR_CONTACT and c.contact_due is not None
            and c.contact_due - settings.warn_before <= now <= c.contact_due)


def is_breached(c: Complaint, now: datetime) -> bool:
    """The first contact came after `first_contact_due`, or has not come and it passed
    (or the SLA watch already recorded the miss)."""
    if c.breached_at is not None:
        return True
    if c.first_contact_at is not None:
        return c.first_contact_at > c.first_contact_due
    return now > c.first_contact_due


ALERT_WORDING = {"due_soon": "needs a person to contact the customer by",
                 "overdue": "was due a contact with the customer at",
                 "breached": "missed its first-contact time of"}


def _alert_staff(kind: str, c: Complaint, external_id: str, due: datetime) -> None:
    """A durable staff alert (webhook and on-call email, retried from its row)."""
    # Here, not at the top: alerts.service loads requests and the webhook provider,
    # which the API process otherwise does not; the scheduler sends the alerts.
    from ..alerts.service import console_url, raise_alert

    link = console_url(f"complaints/{c.id}")
    subject = f"Complaint {c.id} ({c.topic}) {ALERT_WORDING[kind]} {iso(due)}"
    text = (f"Complaint {c.id} ({c.topic}, customer {external_id}, owner {c.owner or 'nobody'}) "
            f"{ALERT_WORDING[kind]} {iso(due)}: {link}")
    raise_alert(f"complaint.{kind}", f"complaint:{c.id}", subject, text, {
        "complaint_id": c.id, "customer_id": external_id, "topic": c.topic, "owner": c.owner,
        "due": iso(due), "url": link})


def sla_alerts(settings: Settings, now: datetime | None = None) -> int:
    """Alert staff once for each complaint whose contact is nearly due, and once for
    each newly breached one; returns how many were alerted.

    The alerts are rows written in this transaction, sent (and retried) by the
    scheduler, so a failed post is never lost and never repeated once taken.
    """
    now = now or utcnow()
    rows = db.session.execute(
        select(Complaint, Customer.external_id).join(Customer, Customer.id == Complaint.customer_id)
        .where(Complaint.status.in_(WAITING_FOR_CONTACT), Complaint.contact_due.is_not(None),
               or_(and_(Complaint.warned_at.is_(None),
                        Complaint.contact_due <= now + settings.warn_before),
                   and_(Complaint.breached_at.is_(None), Complaint.first_contact_at.is_(None),
                        Complaint.first_contact_due < now)))).all()
    for c, external_id in rows:
        if c.breached_at is None and c.first_contact_at is None and now > c.first_contact_due:
            c.breached_at = c.first_contact_due
            c.warned_at = c.warned_at or now  # the breach alert says it all
            step(c, "sla_breached", actor="scheduler", actor_role="system", now=now,
                  data={"first_contact_due": iso(c.first_contact_due)})
            _alert_staff("breached", c, external_id, c.first_contact_due)
        elif c.warned_at is None and c.contact_due is not None:
            c.warned_at = now
            db.session.add(ComplaintEvent(complaint_id=c.id, at=now, actor="scheduler",
                                          action="staff_alerted", status=c.status,
                                          data={"contact_due": iso(c.contact_due)}))
            _alert_staff("due_soon" if now <= c.contact_due else "overdue", c, external_id,
                         c.contact_due)
    return len(rows)

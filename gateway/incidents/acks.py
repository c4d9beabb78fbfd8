"""A customer's acknowledgement of an incident notice (link, reply or console)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, delete, exists, or_, select

from ..delivery import service as delivery
from ..delivery.models import Delivery
from ..delivery.states import ACKED, allowed_from
from ..store.db import db, utcnow
from .models import UnreachedCustomer


def acknowledge(customer_id: int, incident_id: int, *, via: str, channel: str | None = None,
                message: int | None = None, now: datetime | None = None) -> bool:
    """Record that the customer got the incident's message; True the first time.

    The customer's first-notice deliveries in the provider's hands become
    `acked` (and the one the link or reply came from), pending escalations
    are canceled, and the escalation sweep sees the ack on every channel.
    Idempotent: a second ack changes nothing.
    """
    now = now or utcnow()
    mine = and_(Delivery.incident_id == incident_id, Delivery.customer_id == customer_id)
    already = db.session.execute(
        select(exists().where(mine, Delivery.acked_at.is_not(None)))).scalar_one()
    origin = (Delivery.channel == channel) & (Delivery.message == message) \
        if channel is not None and message is not None else Delivery.message == 0
    ids = db.session.execute(select(Delivery.id).where(
        mine, or_(Delivery.message == 0, origin),
        Delivery.status.in_(allowed_from(ACKED)))).scalars().all()
    journal = delivery.Journal("ack")
    moved = delivery.acknowledge(list(ids), now, journal, via)
    if not moved and not already:
        # Acked from a message whose status we never heard back about as
        # delivered (e.g. a failed-over copy): note the ack without a status change.
        row = db.session.execute(select(Delivery.id).where(mine, origin)
                                 .order_by(Delivery.id.desc()).limit(1)).scalar_one_or_none()
        if row is not None:
            delivery.note_ack(row, now)
            journal.add(row, "ack_noted", now, incident_id, via=via)
    delivery.cancel(and_(mine, Delivery.purpose == "escalation"), "acknowledged", now, journal,
                    via=via)
    db.session.execute(delete(UnreachedCustomer).where(  # reached after all
        UnreachedCustomer.incident_id == incident_id, UnreachedCustomer.customer_id == customer_id))
    journal.write()
    return not already

"""A customer's erasure, across every area that holds their contact data.

The customer row stays (deliveries and audit records point at it); the
registry's contact fields and tags, the outbox copies of their messages and
their complaints' texts are cleared in the caller's transaction.
"""

from __future__ import annotations

from sqlalchemy import delete, select, update

from .access import Actor
from .audit import chain as audit
from .complaints import service as complaints
from .customers.models import Customer, CustomerTag
from .customers.service import live_customer
from .delivery.models import Delivery, OutboxMessage
from .store.db import db, unit_of_work, utcnow


def erase_customer(customer: Customer) -> None:
    """Remove contact data; keep the row (deliveries and audit point at it).

    Opt-outs are already hashed by address, so they stay in force for anyone
    re-created with the same address. Outbox copies of messages are scrubbed.
    """
    customer.erased_at = utcnow()
    for name in ("name", "email", "phone", "whatsapp", "chat_webhook_url", "email_hash",
                 "phone_hash"):
        setattr(customer, name, None)
    customer.attributes = {}
    customer.tags = []
    db.session.execute(delete(CustomerTag).where(CustomerTag.customer_id == customer.id))
    delivery_ids = select(Delivery.id).where(Delivery.customer_id == customer.id)
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.delivery_id.in_(delivery_ids))
        .values(to="[erased]", subject=None, text="[erased]", html=None, headers={})
    )
    complaints.erase_customer(customer.id)


def erase(external_id: str, who: Actor) -> None:
    """Erase a live customer's personal data and record who did, committed."""
    with unit_of_work():
        customer = live_customer(external_id)
        erase_customer(customer)
        audit.append("customer.erased", actor=who.name, actor_role=who.role,
                     data={"external_id": customer.external_id})

"""Our messages to the customer: where we answer, and the delivery of one
message of a complaint (the send path renders it, `messages`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from ..customers.models import Customer
from ..customers.suppressions import contact_of
from ..delivery import service as delivery
from ..delivery.quiet_hours import release_at
from ..store.db import db
from ..vocabulary import CHANNELS
from .models import Complaint
from .steps import Pairs

ANSWERED_BY_EMAIL = ("phone", "web")  # we cannot call back through the gateway


def reply_channel(customer: Customer, channel: str) -> str | None:
    """Where we answer: the channel they used (email for phone and web), else the
    first of their channels we have an address for; None when there is none."""
    wanted = "email" if channel in ANSWERED_BY_EMAIL else channel
    order = [wanted, *(customer.channels or CHANNELS), *CHANNELS]
    return next((ch for ch in dict.fromkeys(order) if contact_of(customer, ch)), None)


def create_message(c: Complaint, purpose: str, now: datetime, *,
                   quiet_hours: bool = False) -> Pairs:
    """Create the delivery of one message of this complaint (`message` counts them)."""
    if c.reply_channel is None:
        return []
    c.messages += 1
    row: dict[str, Any] = {
        "incident_id": None, "complaint_id": c.id, "customer_id": c.customer_id,
        "channel": c.reply_channel, "message": c.messages, "purpose": purpose,
        "status": "queued", "queued_at": now, "updated_at": now, "attempts": 0}
    if quiet_hours:  # nobody is woken up for a survey
        timezone = db.session.execute(select(Customer.timezone).where(
            Customer.id == c.customer_id)).scalar_one()
        wait = release_at("low", timezone, now)
        if wait is not None:
            row.update(status="deferred", deferred_reason="quiet_hours", next_attempt_at=wait)
    ids = delivery.create_deliveries([row], want_ids=True)
    return [(int(ids[0]), c.reply_channel)] if ids and row["status"] == "queued" else []

"""What a customer's signed link reaches (/m, /a, /s, /u) and what it does:
the customer and incident it names, the update it came with, "I got it" and
unsubscribe, each committed."""

from __future__ import annotations

from sqlalchemy import select

from ..customers.models import Customer
from ..store.db import db, unit_of_work
from . import service
from .models import Incident, IncidentUpdate


def link_target(customer_id: int, incident_id: int) -> tuple[Customer, Incident] | None:
    """The customer and the incident a signed link names, unless either is gone
    or the customer was erased."""
    customer = db.session.get(Customer, customer_id)
    incident = db.session.get(Incident, incident_id)
    if customer is None or customer.erased_at is not None or incident is None:
        return None
    return customer, incident


def update_message(incident_id: int, seq: int) -> IncidentUpdate | None:
    """The incident's message number `seq` (an update, a "no news" or a survey)."""
    return db.session.execute(select(IncidentUpdate).where(
        IncidentUpdate.incident_id == incident_id,
        IncidentUpdate.seq == seq)).scalar_one_or_none()


def acknowledge(customer_id: int, incident_id: int, channel: str, message: int) -> None:
    """"I got it" from a link in message `message` on `channel`."""
    with unit_of_work():
        service.acknowledge(customer_id, incident_id, via="link", channel=channel,
                            message=message)


def unsubscribe(customer: Customer, channel: str) -> None:
    with unit_of_work():
        service.unsubscribe(customer, channel)

"""Setup for the delivery-state tests: rows inserted directly (the API path
is tested elsewhere), read back as plain values."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import insert, select

from gateway.customers.models import Customer
from gateway.delivery.models import Delivery, DeliveryEvent
from gateway.incidents.models import Incident
from gateway.store.db import db, utcnow


def make_incident(n: int, channel: str = "sms", kind: str = "outage",
                  severity: str = "high") -> tuple[int, list[int]]:
    """An incident with `n` customers and one queued first notice each (app context)."""
    now = utcnow()
    incident = Incident(kind=kind, severity=severity, title="Checkout unavailable",
                        facts={"what_happened": "Checkout stopped at 09:10.",
                               "impact": "You could not pay.",
                               "actions_taken": "We rolled back at 09:40."},
                        audience={"all": True}, channels=[channel], status="dispatched",
                        require_ack=False, created_by="test", created_at=now,
                        dispatched_at=now, expanded_at=now)
    db.session.add(incident)
    db.session.flush()
    db.session.execute(insert(Customer), [
        {"external_id": f"d{incident.id}-{i}", "name": f"Customer {i}",
         "email": f"d{i}@example.com", "phone": f"+1415{i:07d}", "locale": "en",
         "timezone": "UTC", "channels": [channel], "tags": [], "attributes": {},
         "created_at": now, "updated_at": now} for i in range(n)])
    customers = db.session.execute(select(Customer.id).where(
        Customer.external_id.like(f"d{incident.id}-%")).order_by(Customer.id)).scalars().all()
    db.session.execute(insert(Delivery), [
        {"incident_id": incident.id, "customer_id": c, "channel": channel, "message": 0,
         "purpose": "notice", "status": "queued", "queued_at": now, "updated_at": now,
         "attempts": 0} for c in customers])
    ids = db.session.execute(select(Delivery.id).where(Delivery.incident_id == incident.id)
                             .order_by(Delivery.id)).scalars().all()
    db.session.commit()
    return incident.id, list(ids)


def rows(ids: list[int]) -> dict[int, Any]:
    return {r.id: r for r in db.session.execute(
        select(Delivery.id, Delivery.status, Delivery.lease_holder, Delivery.lease_until,
               Delivery.provider_message_id, Delivery.possibly_sent_at)
        .where(Delivery.id.in_(ids)))}


def events(ids: list[int]) -> list[Any]:
    return list(db.session.execute(
        select(DeliveryEvent.id, DeliveryEvent.delivery_id, DeliveryEvent.status,
               DeliveryEvent.detail).where(DeliveryEvent.delivery_id.in_(ids))
        .order_by(DeliveryEvent.id)))


def in_app(app: Flask) -> Any:
    return app.app_context()

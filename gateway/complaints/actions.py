"""What the API and the console do to complaints, each step committed: receiving
one (once per Idempotency-Key) and a staff member's action (assign, contact,
resolve, correct the topic). The messages to send come back, to enqueue once
committed."""

from __future__ import annotations

from typing import Any

from ..access import Actor, idempotency
from ..errors import NotFound
from ..exports import iso
from ..store.db import unit_of_work
from .intake import receive as receive_complaint
from .models import Complaint
from .schemas import ComplaintIn
from .service import StaffAction, act, get, incident_exists, live_customer
from .steps import Pairs, Settings


def receive(body: ComplaintIn, data: Any, key: str, who: Actor
            ) -> tuple[idempotency.Replay, Pairs]:
    """A complaint from an integration; 404 naming the fields that name nothing."""
    queued: Pairs = []

    def work() -> tuple[int, dict[str, Any]]:
        customer = live_customer(body.customer_id)
        details = []
        if customer is None:
            details.append({"field": "customer_id", "message": "no such customer"})
        if body.incident_id is not None and not incident_exists(body.incident_id):
            details.append({"field": "incident_id", "message": "no such incident"})
        if details or customer is None:  # references to nothing: 404 naming the fields
            raise NotFound("The complaint names a customer or incident that does not exist.",
                           details)
        done = receive_complaint(customer, channel=body.channel, text=body.text, source="api",
                                 actor=who.name, actor_role=who.role,
                                 settings=Settings.from_config(),
                                 incident_id=body.incident_id, topic=body.topic,
                                 received_at=body.received_at)
        queued.extend(done.enqueue)
        c = done.complaint
        return 202, {"id": c.id, "status": c.status, "topic": c.topic,
                     "first_contact_due": iso(c.first_contact_due)}

    with unit_of_work():
        replay = idempotency.run_once(who.key_id, "POST /v1/complaints", key, data, work)
    return replay, queued


def take(complaint_id: int, body: StaffAction, who: Actor) -> tuple[Complaint, Pairs]:
    """One staff action on a complaint, locked while it is applied."""
    with unit_of_work():
        complaint = get(complaint_id, for_update=True)
        pairs = act(complaint, body, actor=who.name, actor_role=who.role,
                    settings=Settings.from_config())
    return complaint, pairs

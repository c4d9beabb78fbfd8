"""Expansion plans each customer's first notice as `plan_channels` does, whatever the
customer's channel order, missing contacts and opt-outs (expansion plans a customer
none of whose addresses opted out once per shape, and the rest one by one)."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import insert, select

from gateway.customers.models import Customer, Suppression
from gateway.customers.suppressions import suppress
from gateway.delivery.channels import plan_channels
from gateway.delivery.models import Delivery
from gateway.incidents.models import Incident
from gateway.intake.expansion import expand
from gateway.store.db import db, utcnow
from tests.pipeline.test_snapshot_in_chunks import take_expansion_jobs
from tests.support.api import BRIEF_OUTAGE, auth

ORDERS = (["email"], ["sms"], ["chat"], ["email", "sms"], ["sms", "email"],
          ["chat", "email", "sms"], ["sms", "chat"], ["whatsapp", "email"])
CUSTOMERS = 160  # the POST's chunk of 50, then expansion's chunks


def _customers() -> None:
    now, rows = utcnow(), []
    for i in range(CUSTOMERS):
        rows.append({
            "external_id": f"p{i}", "name": f"P {i}", "locale": "en", "timezone": "UTC",
            "email": None if i % 5 == 1 else f"p{i}@example.com",
            "phone": None if i % 7 == 2 else f"+1415555{i:04d}",
            "chat_webhook_url": None if i % 3 == 0 else f"https://chat.example.com/p{i}",
            "channels": ORDERS[i % len(ORDERS)], "tags": [], "attributes": {},
            "created_at": now, "updated_at": now})
    db.session.execute(insert(Customer), rows)
    # Some opt out, on one channel or two; the critical data breach's email reaches them.
    for i in range(0, CUSTOMERS, 11):
        suppress("email", f"p{i}@example.com", "unsubscribe")
    for i in range(3, CUSTOMERS, 13):
        suppress("sms", f"+1415555{i:04d}", "stop")
    db.session.commit()


@pytest.mark.parametrize(("kind", "severity"), [("outage", "high"), ("data_breach", "critical")])
def test_every_customer_is_planned_as_plan_channels_plans_them(app, client, keys, kind,
                                                                severity):
    with app.app_context():
        _customers()
    r = client.post("/v1/incidents", headers=auth(keys["system"], **{"Idempotency-Key": kind}),
                    json={"kind": kind, "severity": severity, "title": "Checkout unavailable",
                          "facts": BRIEF_OUTAGE, "audience": {"all": True},
                          "channels": ["email", "sms", "chat"]})
    assert r.status_code == 202, r.get_json()
    incident_id = r.get_json()["id"]
    if r.get_json()["status"] == "pending_approval":
        version = client.get(f"/v1/incidents/{incident_id}",
                             headers=auth(keys["system"])).get_json()["version"]
        approved = client.post(f"/v1/incidents/{incident_id}/approve",
                               headers=auth(keys["approver"]),
                               json={"version": version, "reason": "legal notice"})
        assert approved.status_code == 200, approved.get_json()
    take_expansion_jobs(app)
    with app.app_context():
        expand(incident_id)
        incident = db.session.get_one(Incident, incident_id)
        got = Counter((int(c), str(ch), str(st), fr) for c, ch, st, fr in db.session.execute(
            select(Delivery.customer_id, Delivery.channel, Delivery.status,
                   Delivery.failure_reason).where(Delivery.incident_id == incident_id)))
        suppressed = {(s.channel, s.address_hash)
                      for s in db.session.execute(select(Suppression)).scalars()}
        want: Counter[tuple[int, str, str, str | None]] = Counter()
        for customer in db.session.execute(select(Customer)).scalars():
            plan = plan_channels(customer, incident.channels, severity == "critical",
                                 suppressed, kind=kind, severity=severity)
            want.update((customer.id, ch, "suppressed", reason) for ch, reason in plan.skipped)
            want.update((customer.id, ch, "queued", None) for ch in plan.send)
        db.session.remove()
    assert got == want
    assert {st for _, _, st, _ in got} == {"queued", "suppressed"}
    assert {reason for *_, reason in got} >= {"no_contact", "opted_out", None}


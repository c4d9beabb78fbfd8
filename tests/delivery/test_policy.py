"""One may_send rule: the legal-notice exception holds at expansion and at send."""

from __future__ import annotations

from sqlalchemy import select

from gateway.customers.models import Customer
from gateway.customers.suppressions import suppress
from gateway.delivery.models import Delivery
from gateway.store.db import db
from tests.support.api import auth, put_customer
from tests.support.clock import iso_from_now
from tests.support.pipeline import run_worker

FACTS = {"what_happened": "Someone copied our customer list on 1 December at 09:10.",
         "impact": "Your name and email address were in it.",
         "actions_taken": "We closed the hole at 09:40 and told the regulator.",
         "customer_actions": ["Change your password."],
         "next_update_at": iso_from_now(hours=2)}


def _incident(client, key, approver, severity, idem):
    r = client.post("/v1/incidents", headers=auth(key, **{"Idempotency-Key": idem}), json={
        "kind": "data_breach", "severity": severity, "title": "Customer list copied",
        "facts": FACTS, "audience": {"customer_ids": ["email-out", "sms-out"]},
        "channels": ["email", "sms"]})
    assert r.status_code == 202, r.get_json()
    incident_id = r.get_json()["id"]
    if r.get_json()["status"] == "pending_approval":  # a data_breach needs an approver
        version = r.get_json().get("version") or client.get(
            f"/v1/incidents/{incident_id}", headers=auth(key)).get_json()["version"]
        approved = client.post(f"/v1/incidents/{incident_id}/approve",
                               headers=auth(approver), json={"version": version,
                                                             "reason": "legal notice"})
        assert approved.status_code == 200, approved.get_json()
    return incident_id


def _statuses(app, incident_id):
    with app.app_context():
        got = {(ext, ch): st for ext, ch, st in db.session.execute(
            select(Customer.external_id, Delivery.channel, Delivery.status)
            .join(Customer, Customer.id == Delivery.customer_id)
            .where(Delivery.incident_id == incident_id))}
        db.session.remove()
    return got


def test_critical_breach_email_reaches_email_opt_outs_but_never_sms_opt_outs(app, client, keys):
    for ext, n in (("email-out", 1), ("sms-out", 2)):
        put_customer(client, keys["system"], ext, name=f"C {n}", email=f"{ext}@example.com",
                     phone=f"+1415555000{n}", channels=["email", "sms"])
    with app.app_context():
        suppress("email", "email-out@example.com", "unsubscribe")  # before expansion
        suppress("sms", "+14155550002", "stop")
        db.session.commit()
    critical = _incident(client, keys["system"], keys["approver"], "critical", "breach-critical")
    high = _incident(client, keys["system"], keys["approver"], "high", "breach-high")
    run_worker(app)
    got = _statuses(app, critical)
    assert got[("email-out", "email")] == "sent"  # the legal notice, despite unsubscribe
    assert got[("sms-out", "email")] == "sent"
    assert got.get(("email-out", "sms")) == "sent"
    assert got.get(("sms-out", "sms"), "suppressed") == "suppressed"  # STOP always holds
    got = _statuses(app, high)
    assert ("email-out", "email") not in got or got[("email-out", "email")] == "suppressed"
    assert got.get(("sms-out", "sms"), "suppressed") == "suppressed"
    assert got[("email-out", "sms")] == "sent" and got[("sms-out", "email")] == "sent"
    # neither opted-out channel was used for the non-critical breach
    assert all(st != "sent" for (ext, ch), st in got.items()
               if (ext, ch) in (("email-out", "email"), ("sms-out", "sms")))

"""A policy incident end to end: the quote before sending, each customer's amount in the
ledger and in their message, the policy version kept, holds and four eyes."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from gateway.audit.models import AuditRecord
from gateway.store.db import db, utcnow
from tests.support.api import auth
from tests.support.compensation import (
    PERCENT,
    customer,
    ledger,
    lint_as_sent,
    post_incident,
    put_policy,
    sent,
)
from tests.support.pipeline import run_worker

TERMS = {"policy": "outage-credit", "impact_hours": 3}


def _people(client, keys):
    customer(client, keys, "mei", name="Mei Tan", phone="+14155550123",
             attributes={"monthly_fee": "40.00", "currency": "USD"})
    customer(client, keys, "li", name="李梅", locale="zh-CN",
             attributes={"monthly_fee": 100, "currency": "CNY"})
    customer(client, keys, "nofee", attributes={"currency": "EUR"})


def test_each_customer_gets_their_own_amount_and_date_in_their_language(app, client, keys):
    put_policy(client, keys)
    _people(client, keys)
    r = post_incident(client, keys, TERMS, channels=["email", "sms"])
    assert r.status_code == 202, r.get_json()
    body = r.get_json()
    assert body["status"] == "dispatching"
    incident_id = body["id"]
    run_worker(app)
    due = (utcnow() + timedelta(days=5)).date()
    entries = ledger(client, keys, incident_id)
    assert {k: (v["amount"], v["currency"], v["status"], v["basis"], v["due_date"],
                v["policy"], v["policy_version"]) for k, v in entries.items()} == {
        "mei": ("3.00", "USD", "promised", "computed", due.isoformat(), "outage-credit", 1),
        "li": ("7.50", "CNY", "promised", "computed", due.isoformat(), "outage-credit", 1),
        "nofee": ("2.00", "EUR", "promised", "fallback", due.isoformat(), "outage-credit", 1),
    }
    [(channel, mei)] = sent(app, "mei")
    assert channel == "email"
    assert f"we will give you $3.00. You will get it by {due:%A} {due.day} {due:%B}." in mei.text
    [(_, li)] = sent(app, "li")
    assert "作为补偿，我们将给您¥7.50。" in li.text and f"{due.month}月{due.day}日" in li.text
    [(_, nofee)] = sent(app, "nofee")
    assert "€2.00" in nofee.text
    for external_id, message in (("mei", mei), ("li", li)):
        rendered, findings = lint_as_sent(app, incident_id, external_id, "email")
        assert rendered.text == message.text  # the lint saw exactly what was sent
        assert findings == [], findings


def test_the_quote_shows_total_cost_and_distribution_before_sending(app, client, keys):
    put_policy(client, keys)
    _people(client, keys)
    customer(client, keys, "bigfee", attributes={"monthly_fee": "1000", "currency": "USD"})
    incident_id = post_incident(client, keys, TERMS).get_json()["id"]
    state = client.get(f"/v1/incidents/{incident_id}", headers=auth(keys["comms"])).get_json()
    quote = state["compensation"]
    assert quote["policy"] == "outage-credit" and quote["policy_version"] == 1
    assert quote["customers"] == 4 and quote["compensated"] == 4 and quote["fallback"] == 1
    # 1000 × 2.5 % × 3 h = 75 → capped at 50.00; mei 3.00
    assert quote["currencies"]["USD"] == {"customers": 2, "total": "53.00", "min": "3.00",
                                          "p50": "3.00", "p95": "50.00", "max": "50.00"}
    assert quote["currencies"]["CNY"]["total"] == "7.50"
    assert quote["currencies"]["EUR"]["total"] == "2.00"


def test_an_incident_keeps_the_policy_version_it_used(app, client, keys):
    assert put_policy(client, keys)["version"] == 1
    assert put_policy(client, keys)["version"] == 1  # the same body: no new version
    _people(client, keys)
    first = post_incident(client, keys, TERMS).get_json()["id"]
    changed = put_policy(client, keys, **{**PERCENT, "percent_per_hour": "5"})
    assert changed["version"] == 2
    run_worker(app)  # the first incident expands after the change
    second = post_incident(client, keys, TERMS).get_json()["id"]
    run_worker(app)
    assert ledger(client, keys, first)["mei"]["amount"] == "3.00"
    assert ledger(client, keys, first)["mei"]["policy_version"] == 1
    assert ledger(client, keys, second)["mei"]["amount"] == "6.00"
    assert ledger(client, keys, second)["mei"]["policy_version"] == 2


def test_a_missing_attribute_holds_the_incident_when_the_policy_says_so(app, client, keys):
    put_policy(client, keys, name="refund", type="refund_attribute", attribute="order_amount",
               currency="USD", pay_within_days=3, missing_attribute="hold")
    customer(client, keys, "has", attributes={"order_amount": "42.00"})
    customer(client, keys, "lacks", attributes={})
    r = post_incident(client, keys, {"policy": "refund", "description": "A refund of your order"})
    body = r.get_json()
    assert body["status"] == "pending_approval"
    assert body["approval_reasons"] == ["compensation_missing_attribute"]
    state = client.get(f"/v1/incidents/{body['id']}", headers=auth(keys["approver"])).get_json()
    assert state["compensation"]["missing"] == 1
    assert state["compensation"]["missing_customer_ids"] == ["lacks"]
    assert state["compensation"]["missing_attributes"] == {"order_amount": 1}
    approved = client.post(f"/v1/incidents/{body['id']}/approve", json={"reason": "checked"},
                           headers=auth(keys["approver"]))
    assert approved.status_code == 200, approved.get_json()
    run_worker(app)
    assert set(ledger(client, keys, body["id"])) == {"has"}
    [(_, has)] = sent(app, "has")
    assert "To make up for it: A refund of your order ($42.00)." in has.text
    [(_, lacks)] = sent(app, "lacks")
    assert "make up for it" not in lacks.text  # nothing promised that we cannot compute


def test_a_total_above_the_threshold_needs_four_eyes(app, client, keys):
    app.config["GATEWAY"] = replace(app.config["GATEWAY"],
                                    approval_compensation_threshold=Decimal("5.00"))
    put_policy(client, keys, name="flat", type="fixed", amount="2.50", currency="USD",
               pay_within_days=5)
    customer(client, keys, "a")
    customer(client, keys, "b")
    two = post_incident(client, keys, {"policy": "flat"}).get_json()  # 5.00: not above
    assert two["status"] == "dispatching" and two["approval_reasons"] == []
    customer(client, keys, "c")
    three = post_incident(client, keys, {"policy": "flat"}, key="comms").get_json()  # 7.50
    assert three["status"] == "pending_approval"
    assert three["approval_reasons"] == ["compensation_over_threshold"]
    self_approval = client.post(f"/v1/incidents/{three['id']}/approve", json={},
                                headers=auth(keys["comms"]))
    assert self_approval.status_code == 403
    ok = client.post(f"/v1/incidents/{three['id']}/approve", json={},
                     headers=auth(keys["approver"]))
    assert ok.status_code == 200 and ok.get_json()["status"] == "dispatching"
    run_worker(app)
    assert {k: v["amount"] for k, v in ledger(client, keys, three["id"]).items()} == {
        "a": "2.50", "b": "2.50", "c": "2.50"}


def test_every_change_is_in_the_audit_chain(app, client, keys):
    put_policy(client, keys)
    _people(client, keys)
    incident_id = post_incident(client, keys, TERMS).get_json()["id"]
    run_worker(app)
    with app.app_context():
        actions = db.session.execute(select(AuditRecord.action, AuditRecord.data).where(
            AuditRecord.action.like("compensation.%")
            | (AuditRecord.action == "incident.created")).order_by(AuditRecord.id)).all()
    by_action = {action: data for action, data in actions}
    assert by_action["compensation.policy_saved"]["version"] == 1
    assert by_action["incident.created"]["compensation"]["totals"] == {
        "CNY": "7.50", "EUR": "2.00", "USD": "3.00"}
    assert by_action["compensation.promised"]["entries"] == 3
    verify = client.get("/v1/audit/verify", headers=auth(keys["auditor"])).get_json()
    assert verify["ok"] is True
    assert incident_id


def test_cancel_voids_the_promises_nobody_heard(app, client, keys):
    put_policy(client, keys, name="flat", type="fixed", amount="5", currency="USD",
               pay_within_days=5)
    customer(client, keys, "a")
    incident_id = post_incident(client, keys, {"policy": "flat"}).get_json()["id"]
    from gateway.intake.expansion import expand

    with app.app_context():
        expand(incident_id)  # the ledger row exists; the message has not left yet
        db.session.remove()
    r = client.post(f"/v1/incidents/{incident_id}/cancel", headers=auth(keys["comms"]))
    assert r.status_code == 200, r.get_json()
    assert ledger(client, keys, incident_id)["a"]["status"] == "canceled"


def test_an_edit_while_pending_quotes_again_with_the_latest_version(app, client, keys):
    app.config["GATEWAY"] = replace(app.config["GATEWAY"],
                                    approval_compensation_threshold=Decimal("1.00"))
    put_policy(client, keys, name="flat", type="fixed", amount="2.00", currency="USD",
               pay_within_days=5)
    customer(client, keys, "a")
    body = post_incident(client, keys, {"policy": "flat"}).get_json()
    assert body["approval_reasons"] == ["compensation_over_threshold"]
    put_policy(client, keys, name="flat", type="fixed", amount="0.50", currency="USD",
               pay_within_days=5)
    state = client.get(f"/v1/incidents/{body['id']}", headers=auth(keys["comms"])).get_json()
    assert state["compensation"]["policy_version"] == 1  # kept until the incident changes
    edit = {k: state[k] for k in ("kind", "severity", "title", "facts", "audience", "channels")}
    edited = client.put(f"/v1/incidents/{body['id']}", json=edit, headers=auth(keys["comms"]))
    assert edited.status_code == 200, edited.get_json()
    after = edited.get_json()
    assert after["compensation"]["policy_version"] == 2
    assert after["compensation"]["currencies"]["USD"]["total"] == "0.50"
    assert after["status"] == "dispatching"  # 0.50 is not above the limit: no reason left
    run_worker(app)
    assert ledger(client, keys, body["id"])["a"]["amount"] == "0.50"

"""Tracking the promise: payments (idempotent), the "paid" message, overdue with a
movable clock, the report, exports."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from datetime import timedelta

from sqlalchemy import select

from gateway.alerts.service import send_due as send_staff_alerts
from gateway.audit.models import AuditRecord
from gateway.delivery.models import OutboxMessage
from gateway.jobs.lifecycle_sweeps import overdue_compensation
from gateway.store.db import db, utcnow
from tests.support.api import auth
from tests.support.compensation import (
    customer,
    ledger,
    lint_as_sent,
    pay,
    post_incident,
    put_policy,
    sent,
)
from tests.support.console import console_client
from tests.support.pipeline import run_worker

FIXED = {"type": "fixed", "amount": "12.40", "currency": "USD", "pay_within_days": 5}


def _incident(app, client, keys) -> int:
    put_policy(client, keys, name="credit", **FIXED)
    customer(client, keys, "mei", name="Mei Tan", phone="+14155550123", channels=["sms", "email"])
    customer(client, keys, "li", name="李梅", locale="zh-CN")
    customer(client, keys, "ann", name="Ann")
    r = post_incident(client, keys, {"policy": "credit", "description": "A credit on your account"},
                      channels=["email", "sms"])
    assert r.status_code == 202, r.get_json()
    run_worker(app)
    return int(r.get_json()["id"])


def test_a_payment_is_confirmed_once_and_the_customer_is_told_on_the_channel_that_reached_them(
        app, client, keys):
    incident_id = _incident(app, client, keys)
    entries = ledger(client, keys, incident_id)
    payments = [{"customer_id": "mei", "reference": "INV-1"}, {"id": entries["li"]["id"]},
                {"customer_id": "ghost"}, {"id": entries["ann"]["id"], "customer_id": "mei"}]
    first = pay(client, keys, incident_id, payments, idempotency_key="billing-run-1")
    assert first.status_code == 200, first.get_json()
    body = first.get_json()
    assert body["paid"] == 2 and body["already_paid"] == [] and body["canceled"] == []
    assert body["unknown"] == [{"customer_id": "ghost"},
                               {"id": entries["ann"]["id"], "customer_id": "mei"}]
    # The same request again (a retry): the same answer, nothing sent twice.
    again = pay(client, keys, incident_id, payments, idempotency_key="billing-run-1")
    assert again.status_code == 200 and again.get_json() == body
    # The same payments in a new file: listed as already paid, no second message.
    resend = pay(client, keys, incident_id, payments[:2]).get_json()
    assert resend["paid"] == 0
    assert [p["customer_id"] if "customer_id" in p else p["id"] for p in resend["already_paid"]] \
        == ["mei", entries["li"]["id"]]
    run_worker(app)
    after = ledger(client, keys, incident_id)
    assert (after["mei"]["status"], after["mei"]["reference"]) == ("paid", "INV-1")
    assert after["li"]["status"] == "paid" and after["ann"]["status"] == "promised"
    [(channel, mei)] = sent(app, "mei", "compensation_paid")
    assert channel == "sms"  # her notice reached her by SMS
    assert mei.text.startswith("Your credit of $12.40 is now on your account.")
    [(channel, li)] = sent(app, "li", "compensation_paid")
    assert channel == "email" and "您的US$12.40补偿已经到账。" in li.text
    assert sent(app, "ann", "compensation_paid") == []
    for external_id, ch, message in (("mei", "sms", mei), ("li", "email", li)):
        rendered, findings = lint_as_sent(app, incident_id, external_id, ch, "compensation_paid")
        assert rendered.text == message.text
        assert findings == [], findings
    with app.app_context():
        paid = db.session.execute(select(AuditRecord.data).where(
            AuditRecord.action == "compensation.paid")).scalars().all()
    assert len(paid) == 1 and sorted(paid[0]["entries"]) == sorted(
        [entries["mei"]["id"], entries["li"]["id"]])
    # The person handling her complaint sees the promise and that it was kept.
    record = client.get("/v1/customers/mei/history", headers=auth(keys["comms"])).get_json()
    [promise] = record["compensation"]
    assert (promise["incident_id"], promise["amount"], promise["currency"], promise["status"],
            promise["reference"]) == (incident_id, "12.40", "USD", "paid", "INV-1")
    ann = client.get("/v1/customers/ann/history", headers=auth(keys["comms"])).get_json()
    assert [(p["status"], p["paid_at"]) for p in ann["compensation"]] == [("promised", None)]
    c, _ = console_client(app, keys["comms"])
    page = c.get("/console/customers/mei").get_data(as_text=True)
    assert f"Incident #{incident_id}: 12.40 USD, due {promise['due_date']} · Paid · paid " in page


def test_bad_payments_change_nothing(app, client, keys):
    incident_id = _incident(app, client, keys)
    future = (utcnow() + timedelta(days=1)).isoformat()
    yesterday = utcnow() - timedelta(days=1)
    cases = [
        ([{"customer_id": "mei", "paid_at": future}], 422),
        ([{"customer_id": "mei", "paid_at": yesterday.replace(tzinfo=None).isoformat()}],
         422),  # no timezone
        ([], 422),
        ({"customer_id": "mei"}, 422),
        ([{}], 422),
        ([{"customer_id": "mei", "amount": "99"}], 422),
        ([{"customer_id": "mei", "reference": "a\nb"}], 422),
        ([{"id": 2 ** 70}], 422),
        ([{"id": "1 OR 1=1"}], 422),
        ([{"customer_id": "'; DROP TABLE compensation_ledger; --"}], 422),
    ]
    for payload, status in cases:
        r = pay(client, keys, incident_id, payload)
        assert r.status_code == status, (payload, r.get_json())
        assert r.get_json()["error"]["details"], payload
    missing_key = client.post(f"/v1/incidents/{incident_id}/compensation/payments",
                              json=[{"customer_id": "mei"}], headers=auth(keys["system"]))
    assert missing_key.status_code == 400
    assert pay(client, keys, 999999, [{"customer_id": "mei"}]).status_code == 404
    assert {v["status"] for v in ledger(client, keys, incident_id).values()} == {"promised"}


def test_overdue_entries_alert_staff_and_the_customer_gets_a_new_date(app, client, keys):
    app.config["GATEWAY"] = replace(app.config["GATEWAY"],
                                    oncall_emails=("billing-oncall@example.com",))
    incident_id = _incident(app, client, keys)
    pay(client, keys, incident_id, [{"customer_id": "ann"}])
    with app.app_context():
        assert overdue_compensation(utcnow() + timedelta(days=5)) == 0  # due today: not late
        db.session.remove()
    later = utcnow() + timedelta(days=6)
    with app.app_context():
        assert overdue_compensation(later) == 2
        assert overdue_compensation(later) == 0  # once per due date
        db.session.remove()
    run_worker(app)
    new_date = later.date() + timedelta(days=3)
    entries = ledger(client, keys, incident_id)
    assert {k: (v["status"], v["new_due_date"]) for k, v in entries.items()} == {
        "mei": ("overdue", new_date.isoformat()), "li": ("overdue", new_date.isoformat()),
        "ann": ("paid", None)}
    [(channel, mei)] = sent(app, "mei", "compensation_overdue")
    assert channel == "sms"
    assert mei.text.startswith("We're sorry. We promised you $12.40 and we did not pay it on "
                               f"time. This is our mistake. You will get it by {new_date:%A} "
                               f"{new_date.day} {new_date:%B}.")
    [(_, li)] = sent(app, "li", "compensation_overdue")
    assert "我们很抱歉。我们答应给您US$12.40，却没有按时支付。这是我们的错。" in li.text
    assert f"{new_date.month}月{new_date.day}日" in li.text
    for external_id, ch, message in (("mei", "sms", mei), ("li", "email", li)):
        rendered, findings = lint_as_sent(app, incident_id, external_id, ch,
                                          "compensation_overdue")
        assert rendered.text == message.text
        assert findings == [], findings
    with app.app_context():
        alerts = db.session.execute(select(AuditRecord.data).where(
            AuditRecord.action == "compensation.overdue")).scalars().all()
        assert len(alerts) == 1 and len(alerts[0]["entries"]) == 2
        # Billing's on-call hears of it outside the console, by email.
        assert send_staff_alerts(later) == 1
        [email] = db.session.execute(select(OutboxMessage).where(
            OutboxMessage.to == "billing-oncall@example.com")).scalars().all()
        assert email.subject == (f"Compensation overdue: 2 customers of incident {incident_id} "
                                 "were not paid on time")
        assert f"paid by {new_date.isoformat()}" in email.text
        assert f"/v1/incidents/{incident_id}/compensation/payments" in email.text
        # The new date passes too: they are told again, never left in silence.
        assert overdue_compensation(later + timedelta(days=4)) == 2
        db.session.remove()
    # Paid late: a broken promise in the report.
    pay(client, keys, incident_id, [{"customer_id": "mei"}])
    report = client.get(f"/v1/incidents/{incident_id}/report",
                        headers=auth(keys["auditor"])).get_json()["compensation"]
    usd = report["currencies"]["USD"]
    assert usd["promised"] == {"entries": 3, "amount": "37.20"}
    assert usd["paid"] == {"entries": 2, "amount": "24.80"}
    assert usd["overdue"] == {"entries": 1, "amount": "12.40"}
    assert usd["open"] == {"entries": 0, "amount": "0.00"}
    assert usd["paid_on_time"] == 1 and usd["broken_promises"] == 2
    assert usd["days_to_pay"]["p50"] is not None and usd["days_to_pay"]["p95"] is not None
    assert usd["days_to_pay"]["p50"] <= usd["days_to_pay"]["p95"]
    c, _ = console_client(app, keys["comms"])
    page = c.get(f"/console/incidents/{incident_id}").get_data(as_text=True)
    assert "Compensation (policy credit, version 1)" in page
    assert re.search(r'<tr class="warn-text"><td>USD</td><td>37.20 \(3\)</td><td>24.80 \(2\)'
                     r'</td><td>1</td><td>12.40 \(1\)</td>', page)


def test_exports_for_billing_and_auditors_are_complete_and_formula_safe(app, client, keys):
    incident_id = _incident(app, client, keys)
    pay(client, keys, incident_id, [{"customer_id": "mei", "reference": "=HYPERLINK(\"x\")"}])
    for role in ("system", "auditor", "admin"):
        r = client.get(f"/v1/incidents/{incident_id}/compensation.csv", headers=auth(keys[role]))
        assert r.status_code == 200 and r.mimetype == "text/csv"
        rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
        assert sorted(row["customer_id"] for row in rows) == ["ann", "li", "mei"]
        mei = next(row for row in rows if row["customer_id"] == "mei")
        assert mei["reference"] == "'=HYPERLINK(\"x\")" and mei["status"] == "paid"
        assert mei["amount"] == "12.40" and mei["currency"] == "USD"
    r = client.get(f"/v1/incidents/{incident_id}/compensation.ndjson", query_string={
        "status": "promised"}, headers=auth(keys["auditor"]))
    lines = [json.loads(line) for line in r.get_data(as_text=True).splitlines()]
    assert sorted(item["customer_id"] for item in lines) == ["ann", "li"]
    assert all(item["policy"] == "credit" and item["policy_version"] == 1 for item in lines)


def test_the_ledger_pages_with_a_cursor(app, client, keys):
    incident_id = _incident(app, client, keys)
    seen, cursor = [], None
    while True:
        query = {"limit": "2", **({"cursor": cursor} if cursor else {})}
        page = client.get(f"/v1/incidents/{incident_id}/compensation", query_string=query,
                          headers=auth(keys["system"])).get_json()
        seen += [item["customer_id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == ["ann", "li", "mei"]

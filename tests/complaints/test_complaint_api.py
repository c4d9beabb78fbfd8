"""The complaints API: idempotent intake, roles, the SLA watch with a moving clock,
topics and their correction, the report, erasure and hostile input."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from gateway.alerts.models import StaffAlert
from gateway.alerts.service import send_due as send_staff_alerts
from gateway.complaints.models import Complaint, ComplaintEvent
from gateway.delivery.models import Delivery, OutboxMessage
from gateway.jobs import complaints as jobs
from gateway.providers.webhook import SIGNATURE_HEADER, verify
from gateway.store.db import db
from tests.support.api import auth
from tests.support.clock import iso_from_now, later

TODAY = datetime.now(UTC).date().isoformat()
TEXT = "I was charged twice for order 58213 and nobody answers the phone."


def post(h, body=None, key="k1", role="system", **headers):
    body = {"customer_id": "mei", "channel": "web", "text": TEXT} if body is None else body
    return h.client.post("/v1/complaints", json=body,
                         headers=auth(h.keys[role], **{"Idempotency-Key": key}, **headers))


def count(h, model):
    with h.app.app_context():
        return len(db.session.execute(select(model)).scalars().all())


@pytest.fixture
def mei(h):
    return h.customer("mei", name="Mei Tan")


def test_api_intake_is_idempotent_and_acknowledged_by_email(h, mei):
    first = post(h)
    assert first.status_code == 202
    body = first.get_json()
    assert body["status"] == "received" and body["topic"] == "charged_twice"
    due = datetime.fromisoformat(body["first_contact_due"].replace("Z", "+00:00"))
    assert timedelta(minutes=14) < due - datetime.now(UTC) <= timedelta(minutes=15)
    again = post(h)
    assert again.status_code == 202 and again.get_json() == body
    assert post(h, {"customer_id": "mei", "channel": "web", "text": "other"}).status_code == 409
    assert count(h, Complaint) == 1
    h.work()
    with h.app.app_context():
        [ack] = db.session.execute(select(OutboxMessage)).scalars().all()
        assert ack.channel == "email" and ack.to == "mei@example.com"  # `web` is answered by email
        assert "A person will contact you by" in ack.subject
        assert ack.headers["Message-ID"].startswith(f"<complaint-{body['id']}.m1@")
    assert post(h, key="").status_code == 400


@pytest.mark.parametrize("role,status", [("system", 202), ("comms", 202), ("admin", 202),
                                         ("auditor", 403), ("approver", 403)])
def test_who_may_file_a_complaint(h, mei, role, status):
    assert post(h, role=role).status_code == status


def test_comms_and_admin_handle_auditor_and_system_only_read(h, mei):
    cid = post(h).get_json()["id"]
    for role in ("system", "comms", "auditor", "admin"):
        r = h.client.get(f"/v1/complaints/{cid}", headers=auth(h.keys[role]))
        assert r.status_code == 200
    r = h.client.get(f"/v1/complaints/{cid}", headers=auth(h.keys["approver"]))
    assert r.status_code == 403
    for role in ("auditor", "system", "approver"):
        r = h.client.post(f"/v1/complaints/{cid}/assign", json={"owner": "x"},
                          headers=auth(h.keys[role]))
        assert r.status_code == 403
    for role in ("comms", "admin"):
        r = h.client.post(f"/v1/complaints/{cid}/assign", json={"owner": role},
                          headers=auth(h.keys[role]))
        assert r.status_code == 200 and r.get_json()["owner"] == role
    assert h.client.get(f"/v1/complaints/{cid}").status_code == 401


def test_sla_alert_before_the_due_time_and_a_breach_after_it(h, mei, fake, app):
    app.config["GATEWAY"] = replace(app.config["GATEWAY"],
                                    staff_alert_webhook=fake.chat_url("staff"))
    cid = post(h).get_json()["id"]
    secret = app.config["GATEWAY"].chat_webhook_secret

    def alerts():
        return [m for m in fake.received("chat") if m.to.endswith("/chat/staff")]

    def watch(at):
        h.call(jobs.watch_sla, at)
        h.call(send_staff_alerts, at)

    watch(later(minutes=5))
    assert alerts() == []  # due in 10 minutes: not yet
    watch(later(minutes=11))
    [soon] = alerts()
    headers = {k.lower(): v for k, v in soon.headers.items()}
    assert verify(headers[SIGNATURE_HEADER.lower()], soon.body.encode(), secret)
    assert json.loads(soon.body)["kind"] == "complaint.due_soon"
    assert json.loads(soon.body)["complaint_id"] == cid
    watch(later(minutes=12))
    assert len(alerts()) == 1  # once
    watch(later(minutes=16))
    breach = alerts()[-1]
    assert json.loads(breach.body)["kind"] == "complaint.breached"
    c = h.client.get(f"/v1/complaints/{cid}", headers=auth(h.keys["comms"])).get_json()
    assert c["breached"] is True
    assert [s["action"] for s in c["timeline"]][-2:] == ["staff_alerted", "sla_breached"]
    overdue = h.client.get("/v1/complaints?overdue=false", headers=auth(h.keys["comms"]))
    assert overdue.get_json()["items"][0]["id"] == cid  # real time: not yet due
    report = h.client.get("/v1/complaints/report", headers=auth(h.keys["auditor"])).get_json()
    assert report["breached"] == 1 and report["breach_rate"] == 1.0


def test_a_failed_alert_post_is_tried_again_and_a_breach_is_alerted_once(h, mei, app):
    app.config["GATEWAY"] = replace(app.config["GATEWAY"],
                                    staff_alert_webhook="http://127.0.0.1:9/nowhere")
    cid = post(h).get_json()["id"]
    for minutes in (11, 12, 16, 17):
        h.call(jobs.watch_sla, later(minutes=minutes))
        h.call(send_staff_alerts, later(minutes=minutes))
    with h.app.app_context():
        rows = db.session.execute(select(StaffAlert).order_by(StaffAlert.id)).scalars().all()
        assert [(a.kind, a.ref, a.status) for a in rows] == [
            ("complaint.due_soon", f"complaint:{cid}", "pending"),
            ("complaint.breached", f"complaint:{cid}", "pending")]
        assert [a.attempts for a in rows] == [4, 2] and "ConnectionError" in rows[0].last_error
        assert rows[0].next_try_at > later(minutes=17)


def test_report_times_and_topics(h, mei):
    h.customer("li", locale="zh-CN")
    now = datetime.now(UTC)
    ids = [post(h, {"customer_id": "mei", "channel": "phone", "text": TEXT,
                    "received_at": (now - timedelta(minutes=30)).isoformat()}, key="a"),
           post(h, {"customer_id": "li", "channel": "web", "text": "我的退款还没到账"}, key="b"),
           post(h, {"customer_id": "mei", "channel": "web", "text": "Hello there"}, key="c")]
    cids = [r.get_json()["id"] for r in ids]
    assert [r.get_json()["topic"] for r in ids] == ["charged_twice", "refund_not_received", "other"]
    for cid in cids[:2]:
        r = h.client.post(f"/v1/complaints/{cid}/contact", json={"note": "called"},
                          headers=auth(h.keys["comms"]))
        assert r.status_code == 200
    fixed = h.client.post(f"/v1/complaints/{cids[2]}/topic", json={"topic": "late_delivery"},
                          headers=auth(h.keys["comms"]))
    assert fixed.get_json()["topic"] == "late_delivery"
    assert fixed.get_json()["topic_source"] == "staff"
    report = h.client.get("/v1/complaints/report", headers=auth(h.keys["comms"])).get_json()
    assert report["complaints"] == 3
    assert report["by_topic"] == {"charged_twice": 1, "refund_not_received": 1, "late_delivery": 1}
    assert report["breached"] == 1  # the one received 30 minutes ago was contacted late
    times = report["first_contact_seconds"]  # one contact after ~30 minutes, one at once
    assert times["p50"] < 20 * 60 < 25 * 60 < times["p95"] <= 30 * 60 + 5
    listed = h.client.get("/v1/complaints?topic=late_delivery", headers=auth(h.keys["comms"]))
    assert [c["id"] for c in listed.get_json()["items"]] == [cids[2]]


def test_the_queue_puts_the_most_urgent_first_and_filters(h, mei):
    now = datetime.now(UTC)
    old = post(h, {"customer_id": "mei", "channel": "web", "text": "a",
                   "received_at": (now - timedelta(minutes=10)).isoformat()}, key="1")
    new = post(h, key="2")
    queue = h.client.get("/v1/complaints?limit=1", headers=auth(h.keys["comms"])).get_json()
    assert [c["id"] for c in queue["items"]] == [old.get_json()["id"]]
    page2 = h.client.get(f"/v1/complaints?limit=1&cursor={queue['next_cursor']}",
                         headers=auth(h.keys["comms"])).get_json()
    assert [c["id"] for c in page2["items"]] == [new.get_json()["id"]]
    assert page2["next_cursor"] is None
    for query in ("status=resolved", "owner=nobody", "overdue=true"):
        r = h.client.get(f"/v1/complaints?{query}", headers=auth(h.keys["comms"]))
        assert r.get_json()["items"] == []


def test_erasure_removes_the_complaints_from_api_and_keeps_the_chain(h, mei):
    cid = post(h).get_json()["id"]
    h.work()
    assert h.client.delete("/v1/customers/mei", headers=auth(h.keys["system"])).status_code == 204
    assert h.client.get(f"/v1/complaints/{cid}", headers=auth(h.keys["comms"])).status_code == 404
    assert h.client.get("/v1/complaints", headers=auth(h.keys["comms"])).get_json()["items"] == []
    r = h.client.post(f"/v1/complaints/{cid}/contact", json={"note": "x"},
                      headers=auth(h.keys["comms"]))
    assert r.status_code == 404
    with h.app.app_context():
        assert db.session.get(Complaint, cid).text == "[erased]"
        assert db.session.execute(select(ComplaintEvent)).scalars().all() == []
        [ack] = db.session.execute(select(OutboxMessage)).scalars().all()
        assert ack.text == "[erased]"
    assert h.client.get("/v1/audit/verify", headers=auth(h.keys["auditor"])).get_json()["ok"]


@pytest.mark.parametrize("body,field", [
    ({"customer_id": "mei", "channel": "fax", "text": "x"}, "channel"),
    ({"customer_id": "mei", "channel": "web", "text": ""}, "text"),
    ({"customer_id": "mei", "channel": "web", "text": "x" * 4001}, "text"),
    ({"customer_id": "mei", "channel": "web", "text": "a\u202eb"}, "text"),
    ({"customer_id": "mei", "channel": "web", "text": "a\x07b"}, "text"),
    ({"customer_id": "mei", "channel": "web", "text": "x", "topic": "made_up"}, "topic"),
    ({"customer_id": "mei", "channel": "web", "text": "x", "incident_id": 2**64}, "incident_id"),
    ({"customer_id": "mei", "channel": "web", "text": "x",
      "received_at": iso_from_now(days=1)}, "received_at"),  # in the future
    ({"customer_id": "mei", "channel": "web", "text": "x", "received_at": TODAY},  # a date only
     "received_at"),
    ({"customer_id": "mei", "channel": "web", "text": "x", "extra": 1}, "extra"),
    ({"customer_id": "../mei", "channel": "web", "text": "x"}, "customer_id"),
])
def test_bad_intake_is_a_precise_422_and_changes_nothing(h, mei, body, field):
    r = post(h, body)
    assert r.status_code == 422, r.get_json()
    assert any(d["field"].startswith(field) for d in r.get_json()["error"]["details"])
    assert count(h, Complaint) == 0 and count(h, Delivery) == 0


@pytest.mark.parametrize("body,fields", [
    ({"customer_id": "nobody", "channel": "web", "text": "x"}, ["customer_id"]),
    ({"customer_id": "mei", "channel": "web", "text": "x", "incident_id": 999}, ["incident_id"]),
    ({"customer_id": "nobody", "channel": "web", "text": "x", "incident_id": 2**63 - 2},
     ["customer_id", "incident_id"]),
])
def test_a_complaint_naming_nothing_is_404_naming_the_field(h, mei, body, fields):
    """A schema-valid id that names no row is a 404, as an id in the path is
    (schemathesis: a 422 here was "schema-valid request rejected")."""
    r = post(h, body)
    assert r.status_code == 404, r.get_json()
    assert [d["field"] for d in r.get_json()["error"]["details"]] == fields
    assert count(h, Complaint) == 0 and count(h, Delivery) == 0


def test_actions_out_of_order_or_breaking_the_writing_rules_change_nothing(h, mei):
    cid = post(h).get_json()["id"]

    def act(action, **body):
        return h.client.post(f"/v1/complaints/{cid}/{action}", json=body,
                             headers=auth(h.keys["comms"]))

    assert act("resolve", resolution="Fixed.").status_code == 409  # no contact yet
    assert act("contact", note="Called.").status_code == 200
    blame = act("resolve", resolution="This was due to our vendor, not us.")
    assert blame.status_code == 422
    assert blame.get_json()["error"]["details"][0]["field"] == "resolution"
    assert act("topic", topic="nonsense").status_code == 422
    assert act("assign", owner="").status_code == 422
    assert act("assign").status_code == 422
    assert h.client.post(f"/v1/complaints/{cid}/contact", data="{", headers={
        **auth(h.keys["comms"]), "Content-Type": "application/json"}).status_code == 400
    assert h.client.get(f"/v1/complaints/{2**63}", headers=auth(h.keys["comms"])).status_code == 404
    assert h.client.get("/v1/complaints/999", headers=auth(h.keys["comms"])).status_code == 404
    assert h.client.get("/v1/complaints?limit=0", headers=auth(h.keys["comms"])).status_code == 422
    assert h.client.get("/v1/complaints?status=lost",
                        headers=auth(h.keys["comms"])).status_code == 422
    c = h.client.get(f"/v1/complaints/{cid}", headers=auth(h.keys["comms"])).get_json()
    assert c["status"] == "in_progress" and c["resolution"] is None
    assert c["topic"] == "charged_twice"


def test_a_signed_chat_reply_opens_a_complaint_answered_by_chat(h, fake, app):
    import time

    from gateway.providers.webhook import sign

    h.customer("kim", channels=["chat"], chat_webhook_url=fake.chat_url("kim"))
    secret = app.config["GATEWAY"].chat_webhook_secret

    def reply(text, signature=None):
        raw = json.dumps({"customer_id": "kim", "text": text}).encode()
        return h.client.post("/v1/webhooks/chat/inbound", data=raw, headers={
            "Content-Type": "application/json",
            SIGNATURE_HEADER: signature or sign(raw, secret, int(time.time()))})

    assert reply("forged", signature="t=1,v1=00").status_code == 403
    assert count(h, Complaint) == 0
    first = reply("My order was cancelled without a word.")
    assert first.status_code == 202
    cid = first.get_json()["complaint_id"]
    h.work()
    [ack] = [m for m in fake.received("chat") if m.to.endswith("/chat/kim")]
    assert "will contact you by" in ack.text and json.loads(ack.body)["incident_id"] is None
    assert reply("Any news?").get_json()["complaint_id"] == cid  # joins the open complaint
    c = h.client.get(f"/v1/complaints/{cid}", headers=auth(h.keys["comms"])).get_json()
    assert (c["channel"], c["topic"]) == ("chat", "order_cancelled")
    assert [s["action"] for s in c["timeline"]][-1] == "customer_wrote"
    assert c["timeline"][-1]["text"] == "Any news?"


@pytest.mark.parametrize("query", [
    "owner=%00", "topic=%00", "topic=Refund", "cursor=-1", "limit=501", "overdue=maybe",
    "since=0001-01-01T00:00:00%2B14:00"])
def test_bad_queries_are_422(h, query):
    path = "/v1/complaints/report?" if query.startswith("since") else "/v1/complaints?"
    r = h.client.get(path + query, headers=auth(h.keys["comms"]))
    assert r.status_code == 422, (query, r.status_code)


def test_a_complaint_from_long_ago_or_an_impossible_time_is_refused(h, mei):
    for when in (iso_from_now(days=-3 * 365), "0001-01-01T00:00:00+14:00"):
        r = post(h, {"customer_id": "mei", "channel": "web", "text": "x", "received_at": when},
                 key=when)
        assert r.status_code == 422, when
    assert count(h, Complaint) == 0

"""End to end: a message is in one language. English-only facts to a zh-CN customer give
the whole message in English, recorded as fell_back, and intake, preview and the console
say so before anything is sent."""

from __future__ import annotations

import re

from sqlalchemy import select

from gateway.delivery.models import Delivery, OutboxMessage
from gateway.store.db import db
from tests.support.api import auth, incident_body, put_customer
from tests.support.clock import iso_from_now
from tests.support.pipeline import run_worker

CJK = re.compile(r"[\u3400-\u9fff]")
EN_FACTS = {"what_happened": "We released a faulty change at 09:10 UTC. Checkout stopped working.",
            "impact": "You could not place orders until 10:05 UTC.",
            "actions_taken": "We undid the change at 10:05 UTC.",
            "next_update_at": iso_from_now(days=1)}


def _incident(facts, channels=("email", "sms", "chat")):
    return incident_body(facts=facts, channels=list(channels))


def _customers(client, keys):
    put_customer(client, keys["system"], "li", name="李梅", locale="zh-CN",
                 timezone="Asia/Shanghai", phone="+8613800138000", channels=["sms"],
                 attributes={"order_id": "58213"})
    put_customer(client, keys["system"], "wang", name="王芳", locale="zh-CN",
                 timezone="Asia/Shanghai", channels=["email"])
    put_customer(client, keys["system"], "mei", name="Mei Tan", locale="en", channels=["email"])


def test_english_facts_to_zh_customers_whole_message_english_and_fell_back(app, client, keys):
    _customers(client, keys)
    r = client.post("/v1/incidents", json=_incident(EN_FACTS),
                    headers=auth(keys["system"], **{"Idempotency-Key": "lang-1"}))
    assert r.status_code == 202, r.get_json()
    body = r.get_json()
    notes = [f for f in body["lint"] if f["code"] == "locale_fallback"]
    assert [(f["message"], f["severity"], f["field"]) for f in notes] == [
        ("2 customers will get English because there are no Chinese facts", "warning", "facts")]
    assert body["status"] == "dispatching"  # a warning, not a reason to hold it
    run_worker(app)
    with app.app_context():
        rows = db.session.execute(
            select(Delivery.id, Delivery.customer_id, OutboxMessage.channel,
                   OutboxMessage.subject, OutboxMessage.text)
            .join(OutboxMessage, OutboxMessage.delivery_id == Delivery.id)).all()
    assert len(rows) == 3
    for row in rows:
        for part in (row.subject, row.text):
            if part:  # English throughout; the only Chinese left is the customer's name
                assert CJK.findall(part.replace("李梅", "").replace("王芳", "")) == [], part
        assert "We released a faulty change" in row.text
    sms = next(row for row in rows if row.channel == "sms")
    assert "58213" in sms.text and sms.text.count("We released") == 1
    listed = client.get(f"/v1/incidents/{body['id']}/deliveries",
                        headers=auth(keys["auditor"])).get_json()["items"]
    by_customer = {d["customer_id"]: d for d in listed}
    sent = {cid: next(e for e in d["events"] if e["status"] == "sent")
            for cid, d in by_customer.items()}
    assert sent["li"]["detail"]["fell_back"] is True and sent["li"]["detail"]["locale"] == "en"
    assert sent["wang"]["detail"]["fell_back"] is True
    assert "fell_back" not in (sent["mei"]["detail"] or {})


def test_keyed_facts_with_chinese_say_nothing(client, keys):
    _customers(client, keys)
    zh = {"what_happened": "我们的结账页面出了故障。", "impact": "您无法下单。",
          "actions_taken": "我们已撤回改动。", "next_update_at": iso_from_now(days=1)}
    r = client.post("/v1/incidents", json=_incident({"en": EN_FACTS, "zh-CN": zh}),
                    headers=auth(keys["system"], **{"Idempotency-Key": "lang-2"}))
    assert r.status_code == 202, r.get_json()
    assert not [f for f in r.get_json()["lint"] if f["code"] == "locale_fallback"]


def test_preview_with_an_audience_counts_who_falls_back(client, keys):
    _customers(client, keys)
    r = client.post("/v1/templates/preview", headers=auth(keys["comms"]), json={
        "kind": "outage", "channel": "sms", "locale": "zh-CN", "facts": EN_FACTS,
        "audience": {"all": True}})
    assert r.status_code == 200, r.get_json()
    out = r.get_json()
    assert [f["message"] for f in out["lint"] if f["code"] == "locale_fallback"] == [
        "2 customers will get English because there are no Chinese facts"]
    assert out["text"].startswith("Hi Mei Tan, we're sorry. We released a faulty change")


def test_an_update_in_another_language_than_the_facts_is_refused(app, client, keys):
    _customers(client, keys)
    r = client.post("/v1/incidents", json=_incident(EN_FACTS, channels=["email"]),
                    headers=auth(keys["system"], **{"Idempotency-Key": "lang-3"}))
    incident_id = r.get_json()["id"]
    run_worker(app)
    bad = client.post(f"/v1/incidents/{incident_id}/updates", headers=auth(
        keys["system"], **{"Idempotency-Key": "u1"}), json={
        "stage": "identified", "message": "是我们今天早上做的一次改动，我们正在撤回。",
        "next_update_at": iso_from_now(hours=5)})
    assert bad.status_code == 422, bad.get_json()
    error = bad.get_json()["error"]
    assert error["details"][0]["field"] == "message"
    assert "Chinese" in error["message"] and "English" in error["message"]
    ok = client.post(f"/v1/incidents/{incident_id}/updates", headers=auth(
        keys["system"], **{"Idempotency-Key": "u2"}), json={
        "stage": "identified", "message": "It was a change we made this morning.",
        "next_update_at": iso_from_now(hours=5)})
    assert ok.status_code == 202, ok.get_json()
    assert [f["message"] for f in ok.get_json()["lint"] if f["code"] == "locale_fallback"] == [
        "2 customers will get English because there are no Chinese facts"]

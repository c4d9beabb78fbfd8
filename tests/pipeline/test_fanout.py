"""Fan-out end to end: expansion, batches through real RQ workers, the real
SendGrid/Twilio SDKs and the chat webhook against the fake provider server."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from gateway.customers.models import Customer
from gateway.providers.guards import CircuitBreaker
from gateway.providers.webhook import verify
from gateway.store.db import db
from tests.support.api import FACTS, auth, put_customer
from tests.support.clock import NIGHT, zone_where_hour_is
from tests.support.env import reread_env
from tests.support.pipeline import deliveries, drain, make_due, run_worker, statuses


def post_incident(client, keys, idem="k", **overrides):
    body = {"kind": "outage", "severity": "high", "title": "Checkout unavailable",
            "facts": FACTS, "audience": {"all": True}}
    body.update(overrides)
    r = client.post("/v1/incidents", json=body,
                    headers=auth(keys["system"], **{"Idempotency-Key": idem}))
    assert r.status_code == 202, r.get_json()
    return r.get_json()["id"]


def phone(i: int) -> str:
    return f"+1415555{i:04d}"


def content_hash(subject, text, html) -> str:
    return hashlib.sha256("\x1e".join([subject or "", text or "", html or ""]).encode()).hexdigest()


def test_every_customer_gets_exactly_their_own_message(app, client, keys, fake):
    channel_of = {}
    for i in range(24):
        channel = ["email", "sms", "whatsapp", "chat"][i % 4]
        channel_of[f"c{i}"] = channel
        put_customer(client, keys["system"], f"c{i}", name=f"Customer {i}",
                     phone=phone(i), whatsapp=phone(i), chat_webhook_url=fake.chat_url(f"c{i}"),
                     channels=[channel], attributes={"order_id": f"ORD-{i}"})
    incident_id = post_incident(client, keys)
    drain(app)
    assert statuses(app, incident_id) == {"sent": 24}
    by_customer = {}
    with app.app_context():
        ids = dict(db.session.execute(select(Customer.id, Customer.external_id)).all())
    for d in deliveries(app, incident_id):
        by_customer[ids[d.customer_id]] = d
    for ext, channel in channel_of.items():
        d = by_customer[ext]
        assert d.channel == channel
        i = int(ext[1:])
        to = {"email": f"{ext}@example.com", "sms": phone(i), "whatsapp": phone(i),
              "chat": fake.chat_url(ext)}[channel]
        got = fake.received(channel=channel, to=to)
        assert len(got) == 1, (ext, channel)
        message = got[0]
        text = message.custom_args.get("text") if channel == "chat" else message.text
        assert d.content_hash == content_hash(message.subject, text, message.html), ext
        if channel == "email":
            assert message.custom_args["delivery_id"] == str(d.id)
            assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
            assert message.headers["Message-ID"].startswith(f"<incident-{incident_id}.")
        if channel == "chat":
            assert verify(message.headers["x-gateway-signature"], message.body.encode(),
                          app.config["GATEWAY"].chat_webhook_secret)
        if channel in ("sms", "whatsapp"):
            assert message.status_callback.endswith("/v1/webhooks/twilio/status")


def test_customers_without_a_usable_channel_are_suppressed_not_skipped(app, client, keys, fake):
    put_customer(client, keys["system"], "nomail", email=None, channels=["email"])
    put_customer(client, keys["system"], "smsonly", email=None, phone=phone(1),
                 channels=["email", "sms"])
    incident_id = post_incident(client, keys)
    drain(app)
    rows = {(d.channel, d.status, d.failure_reason) for d in deliveries(app, incident_id)}
    assert rows == {("email", "suppressed", "no_contact"), ("sms", "sent", None)}


def test_retry_after_429_and_5xx_then_success(app, client, keys, fake):
    for i in range(6):
        put_customer(client, keys["system"], f"r{i}", phone=phone(i), channels=["sms"])
    fake.configure("twilio", error_rates={429: 1.0}, retry_after=30)
    incident_id = post_incident(client, keys)
    run_worker(app)
    rows = deliveries(app, incident_id)
    assert {(d.status, d.deferred_reason) for d in rows} == {("deferred", "retry")}
    assert all(d.attempts == 1 for d in rows)  # Retry-After 30 s: no quick retry in the job
    fake.configure("twilio", error_rates={503: 1.0}, retry_after=0)
    make_due(app)
    run_worker(app)
    assert {d.status for d in deliveries(app, incident_id)} == {"deferred"}
    fake.configure("twilio", error_rates={})
    drain(app)
    assert statuses(app, incident_id) == {"sent": 6}
    for i in range(6):
        assert len(fake.received(channel="sms", to=phone(i))) == 1


def test_permanent_errors_fail_at_once_without_retry(app, client, keys, fake):
    put_customer(client, keys["system"], "bad", phone=phone(1), channels=["sms"])
    put_customer(client, keys["system"], "good", phone=phone(2), channels=["sms"])
    fake.configure("twilio", permanent={phone(1): 21211})
    incident_id = post_incident(client, keys)
    drain(app)
    rows = {d.status: d for d in deliveries(app, incident_id)}
    assert set(rows) == {"failed", "sent"}
    assert "21211" in rows["failed"].failure_reason
    assert fake.stats()["requests"].get("twilio 400", 0) == 1


def test_failover_to_the_next_provider_during_an_outage(app, client, keys, fake):
    from dataclasses import replace
    app.config["GATEWAY"] = replace(app.config["GATEWAY"], sms_providers=("twilio", "outbox"))
    for i in range(3):
        put_customer(client, keys["system"], f"f{i}", phone=phone(i), channels=["sms"])
    fake.configure("twilio", outage=True, retry_after=0)
    incident_id = post_incident(client, keys)
    drain(app, rounds=10)
    rows = deliveries(app, incident_id)
    assert {(d.status, d.provider) for d in rows} == {("sent", "outbox")}
    assert fake.received(channel="sms") == []


def test_circuit_breaker_opens_after_failures_and_closes_after_a_probe(app, client, keys, fake,
                                                                       monkeypatch):
    import gateway.providers.guards as guards
    incidents = []
    for i in range(6):  # six incidents: six separate batches
        put_customer(client, keys["system"], f"cb{i}", phone=phone(i), channels=["sms"])
        incidents.append(post_incident(client, keys, idem=f"cb{i}",
                                       audience={"customer_ids": [f"cb{i}"]}))
    fake.configure("twilio", outage=True, retry_after=0)
    run_worker(app)
    with app.app_context():
        breaker = CircuitBreaker(app.extensions["gateway.redis"], "twilio")
        assert breaker.state() == "open"
    calls = fake.stats()["requests"]["twilio 503"]
    assert calls == guards.FAILURES_TO_OPEN  # later batches skipped the provider
    make_due(app)
    run_worker(app)
    assert fake.stats()["requests"]["twilio 503"] == calls  # still open: no new calls
    fake.configure("twilio", outage=False)
    with app.app_context():  # the open period passes (a movable clock, not a sleep)
        app.extensions["gateway.redis"].pexpire(breaker._key("open"), 1)
    make_due(app)
    run_worker(app)
    with app.app_context():
        assert breaker.state() == "closed"
    assert all(statuses(app, i) == {"sent": 1} for i in incidents)


def test_rate_limit_defers_what_exceeds_the_budget(app, client, keys, fake, monkeypatch):
    monkeypatch.setenv("TWILIO_RATE_LIMIT", "5")
    reread_env(app)
    for i in range(12):
        put_customer(client, keys["system"], f"rl{i}", phone=phone(i), channels=["sms"])
    incident_id = post_incident(client, keys)
    run_worker(app)
    counts = statuses(app, incident_id)
    assert counts["sent"] <= 6  # burst of 5 (+1 if a token refilled meanwhile)
    assert counts.get("deferred", 0) >= 6
    assert {d.deferred_reason for d in deliveries(app, incident_id) if d.status == "deferred"} \
        == {"rate_limit"}


def test_quiet_hours_defer_low_severity_until_morning(app, client, keys, fake):
    tz = zone_where_hour_is(NIGHT)
    put_customer(client, keys["system"], "sleeper", timezone=tz)
    put_customer(client, keys["system"], "sleeper2", timezone=tz)
    low = post_incident(client, keys, idem="low", severity="low",
                        audience={"customer_ids": ["sleeper"]})
    high = post_incident(client, keys, idem="high", severity="high",
                         audience={"customer_ids": ["sleeper2"]})
    run_worker(app)
    [waiting] = deliveries(app, low)
    assert (waiting.status, waiting.deferred_reason) == ("deferred", "quiet_hours")
    from zoneinfo import ZoneInfo
    local = waiting.next_attempt_at.astimezone(ZoneInfo(tz))
    assert (local.hour, local.minute) == (8, 0)
    assert statuses(app, high) == {"sent": 1}
    make_due(app, "quiet_hours")
    run_worker(app)
    assert statuses(app, low) == {"sent": 1}


def test_critical_incidents_jump_the_queue(app, client, keys, fake):
    for i in range(30):
        put_customer(client, keys["system"], f"p{i}", tags=["low"] if i < 25 else ["crit"])
    low = post_incident(client, keys, idem="low", severity="high", audience={"tags_any": ["low"]})
    crit = post_incident(client, keys, idem="crit", severity="critical",
                         audience={"tags_any": ["crit"]})
    run_worker(app)
    low_sent = [d.sent_at for d in deliveries(app, low)]
    crit_sent = [d.sent_at for d in deliveries(app, crit)]
    assert len(crit_sent) == 5 and len(low_sent) == 25
    assert max(crit_sent) <= min(low_sent)


@pytest.mark.parametrize("channel", ["email", "sms"])
def test_render_failure_marks_the_delivery_failed_never_drops_it(app, client, keys, fake,
                                                                 channel, monkeypatch):
    from gateway.messages import render
    put_customer(client, keys["system"], "ok", phone=phone(1), channels=[channel])
    original = render.Renderer.render

    def broken(self, kind, ch, locale, context, **kwargs):
        raise render.RenderError("'customer' has no attribute 'order_id'")

    monkeypatch.setattr(render.Renderer, "render", broken)
    incident_id = post_incident(client, keys)
    drain(app)
    monkeypatch.setattr(render.Renderer, "render", original)
    [d] = deliveries(app, incident_id)
    assert d.status == "failed"
    assert d.failure_reason.startswith("render_error")


def test_incident_is_test_rendered_before_dispatch_and_problems_are_visible(
        app, client, keys, fake, monkeypatch):
    from gateway.messages import render
    put_customer(client, keys["system"], "en1", locale="en")
    put_customer(client, keys["system"], "zh1", locale="zh-CN")
    original = render.Renderer.render

    def zh_broken(self, kind, channel, locale, context, **kwargs):
        if locale == "zh-CN":
            raise render.RenderError("'dict object' has no attribute 'order_id'")
        return original(self, kind, channel, locale, context, **kwargs)

    monkeypatch.setattr(render.Renderer, "render", zh_broken)
    zh = {**FACTS, "what_happened": "我们的结账页面出了故障。", "impact": "您无法付款。",
          "actions_taken": "我们已撤回改动。"}  # zh1 gets a Chinese message only from Chinese facts
    incident_id = post_incident(client, keys, channels=["email"],
                                facts={"en": FACTS, "zh-CN": zh})
    drain(app)
    state = client.get(f"/v1/incidents/{incident_id}", headers=auth(keys["comms"])).get_json()
    [problem] = state["render_check"]
    assert (problem["channel"], problem["locale"]) == ("email", "zh-CN")
    assert problem["examples"] == ["zh1"]
    assert state["counts"]["email"] == {"sent": 1, "failed": 1}
    audit = client.get(f"/v1/audit?incident={incident_id}",
                       headers=auth(keys["auditor"])).get_json()
    assert "incident.render_problems" in [r["action"] for r in audit["items"]]

"""Provider webhooks: real signatures, dedupe, out-of-order events, monotonic status."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.sql.dml import Insert

from gateway.bench.fakes import SendGridSigner, sendgrid_event
from gateway.customers.models import Suppression
from gateway.customers.suppressions import address_hash
from gateway.delivery.models import DeliveryEvent, WebhookEvent
from gateway.delivery.tracking import allowed_from, fold
from gateway.store.db import db
from tests.support.env import reread_env


def _count(h, model) -> int:
    return int(
        h.call(lambda: db.session.execute(select(func.count()).select_from(model)).scalar_one())
    )


def _email_delivery(h):
    cid = h.customer("ann", email="ann@example.com")
    iid = h.incident(channels=["email"])
    d = h.row(iid, cid, "email")
    assert d.status == "sent"
    return iid, cid, d


def _sg(d, event: str, **extra):
    return sendgrid_event(
        event,
        email="ann@example.com",
        message_id=f"x{d.id}.0",
        custom_args={"delivery_id": str(d.id), "incident_id": str(d.incident_id)},
        **extra,
    )


def test_sendgrid_signed_events_are_recorded_then_applied(h):
    iid, cid, d = _email_delivery(h)
    r = h.sendgrid([_sg(d, "processed"), _sg(d, "delivered")])
    assert r.status_code == 204
    assert _count(h, WebhookEvent) == 2
    assert h.process() == 2
    after = h.row(iid, cid, "email")
    assert after.status == "delivered" and after.delivered_at is not None
    history = [(e.status, e.detail.get("event")) for e in h.events(d.id)]
    assert ("delivered", "delivered") in history
    assert ("sent", "processed") in history
    # The batch is covered by one audit record.
    audit = h.client.get(
        f"/v1/audit?incident={iid}", headers={"Authorization": f"Bearer {h.keys['auditor']}"}
    )
    assert audit.status_code == 200, audit.get_json()
    from_webhooks = [rec["data"]["events"] for rec in audit.get_json()["items"]
                     if rec["action"] == "deliveries.batch" and rec["actor"] == "webhook"]
    assert from_webhooks == [2]  # the send's own records say nothing of the callbacks


@pytest.mark.parametrize("case", ["tampered", "wrong_key", "stale", "future", "missing"])
def test_sendgrid_bad_signature_is_403_and_nothing_recorded(h, case):
    iid, cid, d = _email_delivery(h)
    events = [_sg(d, "delivered")]
    if case == "tampered":
        r = h.sendgrid(events, tamper=True)
    elif case == "wrong_key":
        r = h.sendgrid(events, signer=SendGridSigner())
    elif case == "stale":
        r = h.sendgrid(events, timestamp=int(time.time()) - 11 * 60)
    elif case == "future":
        r = h.sendgrid(events, timestamp=int(time.time()) + 11 * 60)
    else:
        r = h.client.post("/v1/webhooks/sendgrid", json=events)
    assert r.status_code == 403
    assert r.get_json()["error"]["code"] == "invalid_signature"
    assert _count(h, WebhookEvent) == 0
    assert h.row(iid, cid, "email").status == "sent"


def test_sendgrid_without_configured_key_rejects(h, monkeypatch):
    monkeypatch.delenv("SENDGRID_WEBHOOK_PUBLIC_KEY")
    reread_env(h.app)
    _, _, d = _email_delivery(h)
    assert h.sendgrid([_sg(d, "delivered")]).status_code == 403
    assert _count(h, WebhookEvent) == 0


def test_duplicate_events_are_recorded_once(h):
    iid, cid, d = _email_delivery(h)
    event = _sg(d, "delivered")
    for _ in range(3):
        assert h.sendgrid([event, event]).status_code == 204
    h.process()
    assert _count(h, WebhookEvent) == 1
    assert [e.status for e in h.events(d.id)].count("delivered") == 1


def test_out_of_order_events_never_move_backwards(h):
    iid, cid, d = _email_delivery(h)
    h.sendgrid([_sg(d, "delivered")])
    h.process()
    h.sendgrid([_sg(d, "processed"), _sg(d, "deferred"), _sg(d, "open")])
    h.process()
    assert h.row(iid, cid, "email").status == "delivered"
    # A late "processed" is kept in the history, marked as not applied.
    late = [e for e in h.events(d.id) if e.detail.get("event") == "processed"]
    assert late and late[0].detail["applied"] is False
    # Same batch, reversed order: still delivered.
    iid2 = h.incident(channels=["email"])
    d2 = h.row(iid2, cid, "email")
    h.sendgrid([_sg(d2, "delivered"), _sg(d2, "processed")])
    h.process()
    assert h.row(iid2, cid, "email").status == "delivered"


def test_webhook_before_the_worker_records_sent(h):
    """The provider can call back while our row is still `sending`."""
    iid, cid, d = _email_delivery(h)
    h.set(d.id, status="sending", sent_at=None)
    h.sendgrid([_sg(d, "delivered")])
    h.process()
    assert h.row(iid, cid, "email").status == "delivered"


def test_bounce_replaces_sent_and_suppresses_the_address(h):
    iid, cid, d = _email_delivery(h)
    h.sendgrid([_sg(d, "bounce", reason="550 5.1.1 no such user", type="bounce")])
    h.process()
    row = h.row(iid, cid, "email")
    assert row.status == "bounced" and "550" in row.failure_reason
    digest = address_hash("email", "ann@example.com")
    assert (
        h.call(
            lambda: db.session.execute(
                select(Suppression.reason).where(Suppression.address_hash == digest)
            ).scalar_one()
        )
        == "bounce"
    )
    # The next incident is not sent to a bounced address.
    iid2 = h.incident(channels=["email"])
    assert h.row(iid2, cid, "email").status == "suppressed"


def test_bounce_after_delivered_keeps_delivered(h):
    iid, cid, d = _email_delivery(h)
    h.sendgrid([_sg(d, "delivered")])
    h.process()
    h.sendgrid([_sg(d, "spamreport")])
    h.sendgrid([_sg(d, "bounce", reason="later bounce")])
    h.process()
    assert h.row(iid, cid, "email").status == "delivered"
    assert _count(h, Suppression) == 1


def test_dropped_fails_the_delivery(h):
    iid, cid, d = _email_delivery(h)
    h.sendgrid([_sg(d, "dropped", reason="Invalid")])
    h.process()
    row = h.row(iid, cid, "email")
    assert row.status == "failed" and "dropped" in row.failure_reason


def test_event_for_unknown_delivery_is_kept_as_unmatched(h):
    h.sendgrid([sendgrid_event("delivered", email="x@example.com", message_id="m", custom_args={})])
    h.process()
    assert (
        h.call(lambda: db.session.execute(select(WebhookEvent.result)).scalar_one()) == "unmatched"
    )


def _sms_delivery(h, sid="SM" + "a" * 32):
    cid = h.customer("bob", email=None, phone="+14155552671", channels=["sms"])
    iid = h.incident(channels=["sms"])
    d = h.row(iid, cid, "sms")
    h.set(d.id, provider="twilio", provider_message_id=sid)
    return iid, cid, d, sid


def test_twilio_status_callbacks_map_by_message_sid(h):
    iid, cid, d, sid = _sms_delivery(h)
    assert h.twilio_status(sid, "sent").status_code == 204
    assert h.twilio_status(sid, "delivered").status_code == 204
    assert h.twilio_status(sid, "delivered").status_code == 204  # Twilio retried
    h.process()
    assert h.row(iid, cid, "sms").status == "delivered"
    assert _count(h, WebhookEvent) == 2
    # Late "sent" after delivered: no change.
    h.twilio_status(sid, "queued")
    h.process()
    assert h.row(iid, cid, "sms").status == "delivered"


@pytest.mark.parametrize("case", ["tampered", "wrong_token", "missing"])
def test_twilio_bad_signature_is_403_and_nothing_recorded(h, case):
    iid, cid, d, sid = _sms_delivery(h)
    if case == "missing":
        r = h.client.post(
            "/v1/webhooks/twilio/status", data={"MessageSid": sid, "MessageStatus": "delivered"}
        )
    else:
        r = h.twilio_status(
            sid,
            "delivered",
            tamper=case == "tampered",
            token="wrong" if case == "wrong_token" else h_token(),
        )
    assert r.status_code == 403
    assert _count(h, WebhookEvent) == 0


def h_token() -> str:
    from tests.support.fakes import TWILIO_TOKEN

    return TWILIO_TOKEN


def test_twilio_failure_with_code_and_opt_out(h):
    iid, cid, d, sid = _sms_delivery(h)
    h.twilio_status(sid, "undelivered", error_code=21610)
    h.process()
    row = h.row(iid, cid, "sms")
    assert row.status == "failed" and row.failure_reason == "twilio undelivered 21610"
    assert _count(h, Suppression) == 1


def test_twilio_callback_before_the_message_sid_is_stored_is_retried(h):
    iid, cid, d, _ = _sms_delivery(h)
    h.twilio_status("SMlate", "delivered")
    h.process()
    assert (
        h.call(lambda: db.session.execute(select(WebhookEvent.processed_at)).scalar_one()) is None
    )
    h.set(d.id, provider_message_id="SMlate")
    from tests.support.clock import later

    h.process(now=later(minutes=2))
    assert h.row(iid, cid, "sms").status == "delivered"


def test_a_burst_is_one_insert_per_request_and_processed_in_batches(h):
    iid, cid, d = _email_delivery(h)
    events = [_sg(d, "open") for _ in range(1200)]
    inserts = []

    def seen(conn, clause, *args):
        if isinstance(clause, Insert) and clause.table.name == WebhookEvent.__tablename__:
            inserts.append(clause)

    engine = h.call(lambda: db.engine)
    event.listen(engine, "before_execute", seen)
    try:
        assert h.sendgrid(events).status_code == 204
    finally:
        event.remove(engine, "before_execute", seen)
    assert len(inserts) == 1  # the whole burst in one statement, not one per event
    assert _count(h, WebhookEvent) == 1200
    assert h.process() == 1200
    assert h.row(iid, cid, "email").status == "delivered"
    assert _count(h, DeliveryEvent) >= 1200


def test_processing_job_is_enqueued_once_per_burst(h):
    _, _, d = _email_delivery(h)
    for _ in range(5):
        h.sendgrid([_sg(d, "open")])
    conn = h.app.extensions["gateway.redis"]
    from rq import Queue

    assert len(Queue("high", connection=conn).jobs) == 1
    h.work()
    assert _count(h, WebhookEvent) == 5
    assert (
        h.call(
            lambda: db.session.execute(
                select(func.count()).where(WebhookEvent.processed_at.is_(None))
            ).scalar_one()
        )
        == 0
    )


def test_transition_rules():
    assert fold(["sent", "delivered", "failed"]) == "delivered"
    assert fold(["sent", "bounced"]) == "bounced"
    assert "delivered" not in allowed_from("failed")
    assert "acked" not in allowed_from("delivered")
    assert "sent" in allowed_from("bounced")

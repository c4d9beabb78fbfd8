"""Twilio calls that time out after Twilio took the message are not sent twice:
the retry lists Messages by To and DateSent first and records the sid it finds."""

from __future__ import annotations

import time
from collections import Counter

from sqlalchemy import select, update

from gateway.delivery.models import Delivery, DeliveryEvent
from gateway.jobs import sweeps
from gateway.store.db import db, utcnow
from tests.support.delivery import make_incident
from tests.support.env import reread_env
from tests.support.pipeline import run_worker


def test_timed_out_but_accepted_twilio_calls_are_not_sent_twice(app, fake, monkeypatch):
    # 5 s: on a loaded machine a short timeout fires before some requests reach
    # Twilio (0.5 s did); the fake answers 20 s late, so every call still times out.
    monkeypatch.setenv("PROVIDER_TIMEOUT_SECONDS", "5")
    reread_env(app)
    fake.configure("twilio", late_answer_ms=20_000)  # accepted, answered after our timeout
    with app.app_context():
        _, ids = make_incident(12, channel="sms")
        from gateway.jobs.batches import enqueue_batches

        enqueue_batches("high", [(i, "sms") for i in ids])
    run_worker(app)
    assert len(fake.received(channel="sms")) == 12  # every call reached Twilio...
    with app.app_context():
        got = dict(db.session.execute(select(Delivery.id, Delivery.status)
                                      .where(Delivery.id.in_(ids))).all())
        assert set(got.values()) == {"deferred"}  # ...and timed out on our side
        assert db.session.execute(select(Delivery.possibly_sent_at).where(
            Delivery.id == ids[0])).scalar_one() is not None
        fake.configure("twilio", late_answer_ms=0)
        db.session.execute(update(Delivery).where(Delivery.id.in_(ids))
                           .values(next_attempt_at=utcnow()))
        db.session.commit()
        assert sweeps.release_due() == 12
        db.session.remove()
    # The retry's lookup and send answer at once: a loaded machine must not time them out.
    monkeypatch.setenv("PROVIDER_TIMEOUT_SECONDS", "10")
    reread_env(app)
    time.sleep(0.1)
    run_worker(app)
    sent = Counter(m.to for m in fake.received(channel="sms"))
    assert len(sent) == 12 and max(sent.values()) == 1, sent  # nobody got it twice
    with app.app_context():
        rows = db.session.execute(select(Delivery.status, Delivery.provider_message_id)
                                  .where(Delivery.id.in_(ids))).all()
        assert {r.status for r in rows} == {"sent"}
        sids = {m.provider_message_id for m in fake.received(channel="sms")}
        assert {r.provider_message_id for r in rows} == sids  # the sids Twilio gave
        recovered = db.session.execute(select(DeliveryEvent.detail).where(
            DeliveryEvent.delivery_id.in_(ids), DeliveryEvent.status == "sent")).scalars().all()
        assert len(recovered) == 12  # each row's `sent`, found by the lookup, says so
        assert all(d.get("recovered") == "ambiguous" for d in recovered), recovered
    print(f"ambiguous timeouts: 12, sent twice: 0, twilio list requests: "
          f"{fake.stats()['requests'].get('twilio list')}")

"""Fault 4: the provider misbehaves. An outage (shortened: the behaviour, not
the 60 s, is what matters; the real 60 s runs with GATEWAY_SOAK=1), 429 with
Retry-After, calls that hang until the client times out.

Each ends with every customer reached, no message failed for a transient
error, and no provider over MAX_ATTEMPTS calls per delivery."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select

from gateway.delivery.batching import BATCH_SIZE
from gateway.delivery.models import Delivery, DeliveryEvent
from gateway.jobs.send import MAX_ATTEMPTS
from gateway.providers.guards import CircuitBreaker
from gateway.store.db import db
from tests.support.faults import (
    AUDIENCE,
    SOAK,
    add_customers,
    check_everyone,
    count,
    post_incident,
    settle,
    sweep,
)
from tests.support.pipeline import statuses
from tests.support.processes import ROOT, wait_until
from tests.support.workers import process_env, workers

pytestmark = pytest.mark.slow


def _max_attempts(app) -> int:
    with app.app_context():
        value = db.session.execute(select(func.max(Delivery.attempts))).scalar_one()
        db.session.remove()
    return int(value or 0)


def _deferred_events(app) -> list[dict]:
    with app.app_context():
        rows = db.session.execute(select(DeliveryEvent.detail).where(
            DeliveryEvent.status == "deferred")).scalars().all()
        db.session.remove()
    return [dict(r) for r in rows]


def _all_waiting(app, incident_id: int):
    return lambda: (count(app, "sent", "failed", "queued", "sending", incident_id=incident_id) == 0
                    and count(app, "deferred", incident_id=incident_id) == AUDIENCE)


def test_outage_then_recovery(app, client, keys, fake):
    add_customers(app)
    fake.configure("twilio", outage=True, retry_after=1)
    with workers(app, fake.url, n=2):
        incident_id = post_incident(client, keys["system"], "outage")
        wait_until(_all_waiting(app, incident_id), 120, "every delivery to wait for a retry")
        with app.app_context():
            breaker = CircuitBreaker(app.extensions["gateway.redis"], "twilio")
            assert breaker.state() == "open"  # later batches did not even call the provider
        attempts_before = _max_attempts(app)
        # The outage goes on past the retry time: retries meet the open breaker,
        # wait again, and use up none of their five attempts.
        sweep(app)
        wait_until(_all_waiting(app, incident_id), 60, "retries to wait again")
        assert _max_attempts(app) == attempts_before < MAX_ATTEMPTS
        # Recovery; the breaker's 30 s pass (the clock moves: its key expires).
        fake.configure("twilio", outage=False)
        app.extensions["gateway.redis"].delete("gateway:circuit:twilio:open")
        sweep(app)
        settle(app, incident_id)
    assert _max_attempts(app) <= MAX_ATTEMPTS
    check_everyone(app, fake, incident_id, bound=0, name="provider outage")


def test_429_with_retry_after_is_honoured(app, client, keys, fake):
    add_customers(app)
    fake.configure("twilio", error_rates={429: 0.3}, retry_after=5)
    with workers(app, fake.url, n=2):
        incident_id = post_incident(client, keys["system"], "429")
        wait_until(lambda: count(app, "queued", "sending", incident_id=incident_id) == 0
                   and count(app, "sent") > 0, 120, "the first pass")
        waits = [e["retry_in"] for e in _deferred_events(app) if e.get("reason") == "retry"]
        assert waits and min(waits) >= 5, "Retry-After: 5 must be honoured"
        fake.configure("twilio", error_rates={})
        settle(app, incident_id)
    assert fake.stats()["requests"].get("twilio 429", 0) > 0
    assert _max_attempts(app) <= MAX_ATTEMPTS
    check_everyone(app, fake, incident_id, bound=0, name="429 with Retry-After")


def test_provider_hangs_until_timeout(app, client, keys, fake):
    add_customers(app)
    fake.configure("twilio", hang=True)
    with workers(app, fake.url, n=2, PROVIDER_TIMEOUT_SECONDS="1"):
        incident_id = post_incident(client, keys["system"], "hang")
        wait_until(lambda: count(app, "deferred", incident_id=incident_id) >= BATCH_SIZE["sms"],
                   120, "timed-out calls to be retried later")
        assert count(app, "sent", "failed", incident_id=incident_id) == 0
        fake.configure("twilio", hang=False)
        app.extensions["gateway.redis"].delete("gateway:circuit:twilio:open")
        settle(app, incident_id, timeout=180)
    assert _max_attempts(app) <= MAX_ATTEMPTS
    # A call that timed out may have been accepted by a real provider: at most
    # one batch per worker could be sent twice.
    check_everyone(app, fake, incident_id, bound=2 * BATCH_SIZE["sms"], name="provider hang")


@pytest.mark.skipif(not SOAK, reason="soak: set GATEWAY_SOAK=1 (a real 60 s outage)")
def test_soak_sixty_second_outage_with_the_real_scheduler(app, client, keys, fake):
    """No clock tricks: real backoff, the real breaker, the real scheduler."""
    add_customers(app)
    fake.configure("twilio", outage=True, retry_after=1)
    env = process_env(app, fake.url)
    scheduler = subprocess.Popen([sys.executable, "-m", "gateway", "scheduler"], cwd=ROOT,
                                 env=env)
    try:
        with workers(app, fake.url, n=2):
            incident_id = post_incident(client, keys["system"], "soak-outage")
            started = time.monotonic()
            time.sleep(60)
            fake.configure("twilio", outage=False)
            print(f"outage over after {time.monotonic() - started:.0f} s: "
                  f"{statuses(app, incident_id)}")
            wait_until(lambda: count(app, "queued", "sending", "deferred",
                                     incident_id=incident_id) == 0,
                       float(os.environ.get("GATEWAY_SOAK_SETTLE", "600")), "recovery",
                       every=1.0)
            print(f"recovered {time.monotonic() - started:.0f} s after the outage began")
    finally:
        scheduler.terminate()
        scheduler.wait(timeout=30)
    check_everyone(app, fake, incident_id, bound=0, name="soak: 60 s outage")

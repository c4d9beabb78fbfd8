"""Fault 1: workers killed with SIGKILL mid-batch, one and then all of them.

Nothing is lost (the sweeper puts `sending` rows of a dead worker back) and
duplicates stay within one in-flight batch per killed worker."""

from __future__ import annotations

import random
import time

import pytest

from tests.support.faults import (
    add_customers,
    bound_for,
    check_everyone,
    count,
    post_incident,
    settle,
)
from tests.support.processes import wait_until
from tests.support.workers import workers

pytestmark = pytest.mark.slow


def _mid_batch(app, sent_at_least: int):
    return lambda: count(app, "sent") >= sent_at_least and count(app, "sending") > 0


def _into_the_batch() -> None:
    """A claimed batch is rendered before its first provider call, and the fake
    answers after its latency: wait a little so the kill lands while some of the
    batch is already accepted (those are the duplicates) and some is not."""
    time.sleep(random.uniform(0.4, 1.0))


def test_sigkill_one_worker_then_all_then_restart(app, client, keys, fake):
    add_customers(app)
    fake.configure("twilio", latency_ms=300)
    with workers(app, fake.url, n=2) as pool:
        incident_id = post_incident(client, keys["system"], "kill-1")
        wait_until(_mid_batch(app, 500), 90, "the first batches")
        _into_the_batch()
        pool.kill(pool.alive()[0])  # one worker, mid-batch
        wait_until(_mid_batch(app, 2000), 90, "more batches on the survivor")
        pool.start(1)
        wait_until(_mid_batch(app, 3000), 90, "batches on two workers again")
        _into_the_batch()
        in_flight = count(app, "sending")
        pool.kill_all()  # every worker, mid-batch
        assert count(app, "queued", "sending") > 0
        pool.start(2)  # restarted, as `gateway up` does
        settle(app, incident_id)
        print(f"in flight at the last kill: {in_flight}; workers killed: {pool.kills}")
    check_everyone(app, fake, incident_id, bound=bound_for(pool.kills), name="sigkill workers")

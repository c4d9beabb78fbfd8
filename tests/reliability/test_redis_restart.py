"""Fault 2: Redis restarted (embedded on the SQLite run, the system one on the
PostgreSQL run) while jobs are queued and while workers are sending.

Redis forgets every job; the database still knows what is owed, and the
sweeper (run here with the clock moved forward, as the scheduler would after
its timeouts) puts it back."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
from sqlalchemy import update

from gateway.incidents.models import Incident
from gateway.jobs import sweeps
from gateway.store.db import db, utcnow
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


@pytest.fixture
def config(migrated, redis_server):
    return replace(migrated, redis_url=redis_server.url)


def _restart_lost_expansions(app) -> int:
    with app.app_context():
        db.session.execute(update(Incident).where(Incident.status == "dispatching").values(
            dispatched_at=utcnow() - sweeps.EXPANSION_STALE * 2))
        db.session.commit()
        try:
            return sweeps.restart_lost_expansions()
        finally:
            db.session.remove()


def test_redis_restart_while_queued_and_while_sending(app, client, keys, fake, redis_server):
    add_customers(app)
    fake.configure("twilio", latency_ms=300)
    incident_id = post_incident(client, keys["system"], "redis-1")
    # 1. Jobs queued, no worker yet: Redis restarts and forgets the expansion job.
    redis_server.restart()
    assert app.extensions["gateway.redis"].dbsize() == 0
    with workers(app, fake.url, n=2) as pool:
        # nothing knows about it now: no send job holds the first chunk the POST queued
        assert count(app, "sending", "sent") == 0
        assert _restart_lost_expansions(app) == 1  # the sweeper does
        wait_until(lambda: count(app, "sent") >= 1000 and count(app, "sending") > 0, 90,
                   "sending to start")
        # 2. Workers mid-batch, send jobs queued behind them: Redis restarts.
        redis_server.restart()
        time.sleep(3)  # batches in flight end, or die on the lost connection
        dead = len(pool.procs) - len(pool.alive())
        if dead:  # a worker that lost Redis exits; the supervisor restarts it
            pool.start(dead)
        settle(app, incident_id)
        print(f"workers that exited when Redis went away: {dead}")
    # Each batch in flight when Redis went away may be sent again.
    check_everyone(app, fake, incident_id, bound=bound_for(2), name="redis restart")

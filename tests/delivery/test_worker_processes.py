"""Real worker processes, the real SDKs and the fake provider server: leases,
heartbeats, per-wave outcomes and the duplicate bound the README states.

The sweeper here is the real one with the real clock (no aging): leases are
made short with DELIVERY_LEASE_SECONDS so the tests take seconds."""

from __future__ import annotations

import time
from collections import Counter
from datetime import datetime

import pytest
from sqlalchemy import func, select

from gateway.delivery.models import Delivery
from gateway.store.db import db
from tests.support.fakes import PROVIDER_TIMEOUT
from tests.support.faults import (
    add_customers,
    bound_for,
    check_everyone,
    count,
    phone,
    post_incident,
    run_sweeps,
    settle_on_real_clock,
)
from tests.support.pipeline import statuses
from tests.support.processes import wait_until
from tests.support.workers import workers

pytestmark = pytest.mark.slow
API = {"sms": "twilio", "email": "sendgrid"}


@pytest.mark.parametrize(("channel", "n"), [("sms", 1000), ("email", 2000)])
def test_kill_every_worker_mid_dispatch_while_calls_are_held(app, client, keys, fake, channel,
                                                             n):
    add_customers(app, n, channel=channel)
    env = {"DELIVERY_LEASE_SECONDS": "2", "PROVIDER_CONCURRENCY": "20",
           "PROVIDER_TIMEOUT_SECONDS": "30"}
    # After a fifth of the messages the provider takes every call and never
    # answers: set before the POST, so a fast run cannot finish first.
    fake.configure(API[channel], hold_after=n // 5)
    with workers(app, fake.url, n=2, **env) as pool:
        incident_id = post_incident(client, keys["system"], f"kill-all-{channel}")
        wait_until(lambda: count(app, "sent") > 0, 90, "the first waves")
        wait_until(lambda: count(app, "sending") > 0, 30, "calls in flight")
        time.sleep(1.0)
        in_flight = count(app, "sending")
        accepted = len(fake.received(channel=channel))
        pool.kill_all()
        fake.configure(API[channel], hold_after=None)
        pool.start(2)  # restarted, as `gateway up` does
        settle_on_real_clock(app, incident_id)
    result = check_everyone(app, fake, incident_id, channel=channel, n=n,
                            bound=bound_for(pool.kills, channel, 20),
                            name=f"kill every worker, calls held ({channel})")
    print(f"{channel}: killed {pool.kills} workers with {in_flight} rows sending, "
          f"{accepted} accepted by the provider at the kill; duplicates {result['duplicates']} "
          f"(README bound {bound_for(pool.kills, channel, 20)})")


def test_live_worker_with_a_long_batch_keeps_its_lease(app, client, keys, fake):
    """PROVIDER_CONCURRENCY=2 and a provider answering each call in 0.3 s: 40 SMS
    take ~6 s, six times the 1 s lease (as 12 minutes were to the old fixed
    120 s). The heartbeat keeps the lease; the sweeper, running all along,
    takes nothing; nobody gets the message twice."""
    n = 40
    add_customers(app, n, channel="sms")
    fake.configure("twilio", latency_ms=300)
    env = {"DELIVERY_LEASE_SECONDS": "1", "PROVIDER_CONCURRENCY": "2",
           "PROVIDER_TIMEOUT_SECONDS": PROVIDER_TIMEOUT}
    expired = 0
    with workers(app, fake.url, n=1, **env):
        started = time.monotonic()
        incident_id = post_incident(client, keys["system"], "long-batch")
        wait_until(lambda: sum(statuses(app, incident_id).values()) == n, 30, "expansion")
        while count(app, "queued", "sending", "deferred", incident_id=incident_id):
            assert time.monotonic() - started < 120, statuses(app, incident_id)
            expired += run_sweeps(app)["expired"]
            time.sleep(0.2)
        took = time.monotonic() - started
    got = Counter(m.to for m in fake.received(channel="sms"))
    duplicates = sum(c - 1 for c in got.values())
    print(f"long batch: {n} SMS in {took:.1f} s with a 1 s lease; rows the sweeper took "
          f"back: {expired}; duplicates: {duplicates}")
    assert took > 3  # the batch really outlived its lease several times over
    assert expired == 0 and duplicates == 0
    assert set(got) == {phone(i) for i in range(n)}
    assert statuses(app, incident_id) == {"sent": n}


def holders_of_sending(app) -> dict[int, str | None]:
    """Each `sending` row's lease holder (the killed worker's must not change)."""
    with app.app_context():
        rows = db.session.execute(select(Delivery.id, Delivery.lease_holder)
                                  .where(Delivery.status == "sending")).all()
        db.session.remove()
    return {int(i): h for i, h in rows}


def latest_lease(app) -> datetime:
    with app.app_context():
        try:
            latest = db.session.execute(select(func.max(Delivery.lease_until))
                                        .where(Delivery.status == "sending")).scalar_one()
            assert latest is not None, "no row is sending"
            return latest
        finally:
            db.session.remove()


def test_killed_workers_rows_go_out_after_its_lease_expires_never_before(app, client, keys,
                                                                         fake):
    n = 600
    add_customers(app, n, channel="email")
    fake.configure("sendgrid", hold_accepted=True)  # a slow provider: takes, answers late
    env = {"DELIVERY_LEASE_SECONDS": "3", "PROVIDER_TIMEOUT_SECONDS": "30"}
    with workers(app, fake.url, n=1, **env) as pool:
        incident_id = post_incident(client, keys["system"], "kill-slow")
        wait_until(lambda: len(fake.received(channel="email")) > 0, 60, "a held request")
        claimed_until = latest_lease(app)
        # The kill comes right after a heartbeat has extended the lease (a fixed
        # wait let a loaded machine kill it before any heartbeat ran).
        wait_until(lambda: latest_lease(app) > claimed_until, 30, "a heartbeat")
        pool.kill_all()
        killed_at = time.time()
        fake.configure("sendgrid", hold_accepted=False)
        # A worker holds a lease per send job it has not finished writing: the job in
        # hand and one whose last answers it carried (gateway/jobs/send.py). Each
        # row waits for its own holder's lease.
        with app.app_context():
            leases = {h: until.timestamp() for h, until in db.session.execute(
                select(Delivery.lease_holder, func.max(Delivery.lease_until))
                .where(Delivery.status == "sending").group_by(Delivery.lease_holder)).all()}
            db.session.remove()
        held_by = holders_of_sending(app)
        assert held_by
        lease_end = min(leases.values())  # the first lease to run out
        assert lease_end > killed_at  # the heartbeat had moved it past the kill
        pool.start(1)  # the new worker takes the rows still queued meanwhile, not these
        while (now := time.time()) < max(leases.values()) - 0.3:  # never before
            expired = run_sweeps(app)["expired"]
            assert now >= lease_end - 0.3 or expired == 0
            now_held = holders_of_sending(app)
            assert {i: now_held.get(i) for i, h in held_by.items() if now < leases[h] - 0.3} == {
                i: h for i, h in held_by.items() if now < leases[h] - 0.3}
            time.sleep(0.2)
        settle_on_real_clock(app, incident_id)
    first: dict[str, float] = {}
    again: list[float] = []
    for m in sorted(fake.received(channel="email"), key=lambda m: m.at):
        if m.to in first:
            again.append(m.at)
        first.setdefault(m.to, m.at)
    print(f"held rows: {len(held_by)} under {len(leases)} leases, the first ran out "
          f"{lease_end - killed_at:.1f} s after the kill; "
          f"re-sent: {len(again)}, earliest {min(again) - lease_end if again else 0:.1f} s "
          f"after the lease")
    assert again and min(again) >= lease_end  # after the lease, not before
    check_everyone(app, fake, incident_id, channel="email", n=n, bound=bound_for(1, "email"),
                   name="killed slow worker, lease expiry")

"""The fault tests' setup and checks: a large audience inserted in bulk, a
movable clock for the sweeper, and the final check that every customer got
their message."""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, insert, select, update

from gateway.bench.fakes import FakeProviders
from gateway.customers.models import Customer
from gateway.delivery.batching import BATCH_SIZE
from gateway.delivery.models import Delivery
from gateway.jobs import sweeps
from gateway.jobs.send import REQUEST_WINDOW
from gateway.providers.base import ProviderSettings
from gateway.reports.verify import verify
from gateway.store.db import db, utcnow
from tests.support.api import OUTAGE, auth
from tests.support.fakes import fake_providers
from tests.support.pipeline import statuses

AUDIENCE = int(os.environ.get("GATEWAY_FAULT_AUDIENCE", "5000"))
SOAK = os.environ.get("GATEWAY_SOAK") == "1"
FAULT_TIMEOUT = "10"  # PROVIDER_TIMEOUT_SECONDS in the app and its worker processes
RESULTS = Path(os.environ.get("GATEWAY_FAULT_RESULTS", "/tmp/gateway-fault-results.jsonl"))


@pytest.fixture
def fake(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeProviders]:
    """The fake provider server; no audience this large waits for approval."""
    with fake_providers(app, monkeypatch, FAULT_TIMEOUT,
                        approval_audience_threshold=1_000_000) as server:
        yield server


def phone(i: int) -> str:
    return f"+1415{i:07d}"


def add_customers(app: Flask, n: int = AUDIENCE, channel: str = "sms", prefix: str = "f",
                  channels: list[str] | None = None) -> None:
    """Insert `n` customers in bulk (the API path is tested elsewhere; this is setup)."""
    now = utcnow()
    with app.app_context():
        rows = [{"external_id": f"{prefix}{i}", "name": f"Customer {i}",
                 "email": f"c{i}@example.com", "phone": phone(i), "locale": "en",
                 "timezone": "UTC", "channels": channels or [channel], "tags": [],
                 "attributes": {}, "created_at": now, "updated_at": now} for i in range(n)]
        for start in range(0, n, 5000):
            db.session.execute(insert(Customer), rows[start:start + 5000])
        db.session.commit()


def post_incident(client: Any, key: str, idem: str, **overrides: Any) -> int:
    body = {"kind": "outage", "severity": "high", "title": "Checkout unavailable",
            "facts": OUTAGE, "audience": {"all": True}, **overrides}
    r = client.post("/v1/incidents", json=body, headers=auth(key, **{"Idempotency-Key": idem}))
    assert r.status_code == 202, r.get_json()
    return int(r.get_json()["id"])


def count(app: Flask, *status: str, incident_id: int | None = None) -> int:
    with app.app_context():
        query = select(func.count()).select_from(Delivery).where(Delivery.status.in_(status))
        if incident_id is not None:
            query = query.where(Delivery.incident_id == incident_id)
        try:
            return int(db.session.execute(query).scalar_one())
        finally:
            db.session.remove()


def sweep(app: Flask, age: bool = True) -> int:
    """One pass of the sweeper with the clock moved forward: `sending` rows whose
    lease ran out (as if their holders had died), `queued` rows past
    QUEUED_STALE, retries due now."""
    with app.app_context():
        try:
            if age:
                now = utcnow()
                db.session.execute(update(Delivery).where(Delivery.status == "sending")
                                   .values(lease_until=now - timedelta(seconds=1)))
                db.session.execute(update(Delivery).where(Delivery.status == "queued")
                                   .values(updated_at=now - sweeps.QUEUED_STALE * 2))
                db.session.execute(update(Delivery).where(Delivery.status == "deferred")
                                   .values(next_attempt_at=now))
                db.session.commit()
            moved = sweeps.requeue_stuck() + sweeps.release_due()
            sweeps.finish_dispatches()
            return moved
        finally:
            db.session.remove()


def settle(app: Flask, incident_id: int, timeout: float = 120, quiet: float = 3.0) -> None:
    """Let running workers finish; whenever progress stalls, run the sweeper with
    the clock moved on (what the scheduler does after its timeouts)."""
    deadline = time.monotonic() + timeout
    last, still = None, time.monotonic()
    while True:
        busy = count(app, "queued", "sending", "deferred", incident_id=incident_id)
        if busy == 0:
            return
        assert time.monotonic() < deadline, f"not settled: {statuses(app, incident_id)}"
        if busy != last:
            last, still = busy, time.monotonic()
        elif time.monotonic() - still > quiet:
            sweep(app)
            still = time.monotonic()
        time.sleep(0.1)


def run_sweeps(app: Flask) -> dict[str, int]:
    """One pass of the real sweeper on the real clock."""
    with app.app_context():
        try:
            return {"expired": sweeps.release_expired(), "due": sweeps.release_due(),
                    "forgotten": sweeps.requeue_forgotten(),
                    "finished": sweeps.finish_dispatches()}
        finally:
            db.session.remove()


def settle_on_real_clock(app: Flask, incident_id: int, timeout: float = 120) -> None:
    """What the scheduler does: sweep every half second until nothing is pending.

    Unlike settle(), the clock is never moved: leases run out on their own."""
    deadline = time.monotonic() + timeout
    while count(app, "queued", "sending", "deferred", incident_id=incident_id):
        assert time.monotonic() < deadline, f"not settled: {statuses(app, incident_id)}"
        run_sweeps(app)
        time.sleep(0.5)


def check_everyone(app: Flask, fake: FakeProviders, incident_id: int, *, channel: str = "sms",
                   n: int = AUDIENCE, bound: int, final: tuple[str, ...] = ("sent",),
                   name: str = "") -> dict[str, Any]:
    """Every customer got the message; duplicates counted and within `bound`;
    every delivery in a correct final state; the audit chain verifies."""
    got: Counter[str] = Counter(m.to for m in fake.received(channel=channel))
    wanted = {phone(i) if channel in ("sms", "whatsapp") else f"c{i}@example.com"
              for i in range(n)}
    missing = wanted - set(got)
    duplicates = sum(c - 1 for c in got.values())
    by_status = statuses(app, incident_id)
    with app.app_context():
        audit = verify()
        db.session.remove()
    result = {"fault": name, "customers": n, "lost": len(missing), "duplicates": duplicates,
              "bound": bound, "statuses": by_status, "audit": audit}
    with RESULTS.open("a") as fh:
        fh.write(json.dumps({**result, "backend": db_backend(app)}) + "\n")
    print(json.dumps(result))
    assert not missing, f"{len(missing)} customers never got their message"
    assert set(got) <= wanted
    assert duplicates <= bound, result
    assert set(by_status) <= set(final), by_status
    assert sum(by_status.values()) == n
    assert audit["ok"], audit
    return result


def bound_for(kills: int, channel: str = "sms", concurrency: int | None = None) -> int:
    """The README's duplicate bound per killed worker: its send window's started
    but unrecorded messages (PROVIDER_CONCURRENCY for Twilio and chat, one
    request a message; REQUEST_WINDOW emails for SendGrid), never more than a job."""
    window = (REQUEST_WINDOW if channel == "email"
              else concurrency or ProviderSettings().concurrency)
    return kills * min(window, BATCH_SIZE[channel])


def db_backend(app: Flask) -> str:
    return "postgresql" if app.config["GATEWAY"].database_url.startswith("postgresql") else "sqlite"

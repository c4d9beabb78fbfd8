"""Early warning end to end through the API and the scheduler's evaluation:
a spike makes exactly one warning, noise makes none, recovery closes it, a
gap in the data is neither a drop nor a spike, and the draft names the
customers who complained; staff link the incident and the warning reports
first sign → warning → incident → first message."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest

from gateway.signals import drafts, service
from gateway.signals.detect import BUCKET_SECONDS, WEEK_BUCKETS
from gateway.signals.schemas import SignalIn
from gateway.store.db import utcnow
from tests.support.api import FACTS, auth, put_customer
from tests.support.pipeline import run_worker

TOPIC = "orders.unfulfilled"
PER_BUCKET = 3.0  # usual signals per 5 minutes: 36 an hour
STEP = timedelta(seconds=BUCKET_SECONDS)


def _poisson(rng: random.Random, lam: float) -> int:
    k, p, limit = 0, rng.random(), pow(2.718281828459045, -lam)
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def post(client, key, events) -> None:
    for i in range(0, len(events), 10_000):
        r = client.post("/v1/signals", json=events[i:i + 10_000], headers=auth(key))
        assert r.status_code == 202, r.get_json()
        assert r.get_json() == {"accepted": len(events[i:i + 10_000])}


def history(client, key, *, seed: int, weeks: float = 4.2, skip: range | None = None,
            topic: str = TOPIC) -> None:
    """Poisson noise per bucket up to the current bucket; `skip` (bucket offsets
    back from now) leaves a hole, as when the sending system was down."""
    rng = random.Random(seed)
    now = utcnow()
    events = []
    for back in range(int(weeks * WEEK_BUCKETS), 0, -1):
        if skip is not None and back in skip:
            continue
        n = _poisson(rng, PER_BUCKET)
        if n:
            events.append({"topic": topic, "count": n,
                           "at": (now - back * STEP).isoformat(), "source": "orders"})
    post(client, key, events)


def spike(client, key, minutes: int, per_bucket: int, customers: list[str] | None = None) -> None:
    now = utcnow()
    events = []
    for back in range(minutes // 5, 0, -1):
        at = (now - back * STEP).isoformat()
        events.append({"topic": TOPIC, "count": per_bucket, "at": at})
        events += [{"topic": TOPIC, "customer_id": c, "at": at} for c in (customers or [])[:2]]
        customers = (customers or [])[2:]
    post(client, key, events)


def later(app, minutes: int, per_bucket: float, seed: int, start: int = 0) -> None:
    """Normal traffic from `start` to `minutes` ahead, as the clock moves on (service,
    since the API refuses times ahead of now)."""
    rng = random.Random(seed)
    now = utcnow()
    with app.app_context():
        items = [SignalIn(topic=TOPIC, count=n, at=now + k * STEP)
                 for k in range(start // 5, minutes // 5 + 1)
                 if (n := _poisson(rng, per_bucket))]
        service.ingest(items, now=now + timedelta(minutes=minutes + 5))


def evaluate(app, minutes_ahead: int = 0):
    with app.app_context():
        return service.evaluate(utcnow() + timedelta(minutes=minutes_ahead))


def warnings(client, key, **query) -> list[dict]:
    r = client.get("/v1/warnings", query_string=query, headers=auth(key))
    assert r.status_code == 200, r.get_json()
    return r.get_json()["warnings"]


def test_noise_makes_no_warning(app, client, keys):
    history(client, keys["system"], seed=1)
    for minutes in range(0, 120, 5):
        later(app, minutes, PER_BUCKET, seed=100 + minutes, start=minutes)
        evaluate(app, minutes + 5)
    assert warnings(client, keys["comms"]) == []


def test_a_spike_makes_exactly_one_warning_and_recovery_closes_it(app, client, keys):
    history(client, keys["system"], seed=2)
    spike(client, keys["system"], minutes=30, per_bucket=12, customers=["c1", "c2", "c3"])
    first = evaluate(app)
    assert len(first.opened) == 1
    for minutes in (1, 2, 5, 10):  # still high: the same episode, nothing new
        assert evaluate(app, minutes).opened == []
    [warning] = warnings(client, keys["comms"], status="open")
    assert warning["topic"] == TOPIC and warning["status"] == "open"
    assert warning["observed"] >= 2 * warning["expected"] and warning["observed"] >= 10
    assert warning["ratio"] >= 2 and warning["p_value"] <= 0.001
    assert (datetime.fromisoformat(warning["first_signal_at"])
            <= datetime.fromisoformat(warning["opened_at"]))
    # Back to normal: the spike leaves the hour's window, then the cooldown (60 min) runs.
    later(app, 200, PER_BUCKET, seed=3)
    closed_at = None
    for minutes in range(15, 200, 5):
        result = evaluate(app, minutes)
        assert result.opened == []
        if result.closed:
            closed_at = minutes
            break
    assert closed_at is not None and closed_at >= 60 + 60  # window + cooldown, not earlier
    [closed] = warnings(client, keys["auditor"], status="closed")
    assert closed["id"] == warning["id"] and closed["closed_at"] is not None
    assert warnings(client, keys["comms"], status="open") == []


def test_a_gap_is_neither_a_drop_nor_a_spike(app, client, keys):
    # Two days of the week before last are missing (the order system was down),
    # and nothing has arrived for the last two hours.
    hole = range(2 * WEEK_BUCKETS - 288, 2 * WEEK_BUCKETS + 288)
    history(client, keys["system"], seed=4, skip=range(1, 25))
    history(client, keys["system"], seed=5, topic="orders.late", skip=hole)
    assert evaluate(app).opened == []
    # With a warning open, silence does not close it: missing data is not "normal".
    spike(client, keys["system"], minutes=30, per_bucket=20)
    assert len(evaluate(app).opened) == 1
    for minutes in range(5, 300, 5):
        assert evaluate(app, minutes).closed == []
    assert len(warnings(client, keys["comms"], status="open")) == 1


def test_the_draft_holds_the_customers_who_complained_and_becomes_an_incident(
        app, client, keys):
    for c in ("c1", "c2", "c3"):
        put_customer(client, keys["system"], c)
    history(client, keys["system"], seed=6)
    spike(client, keys["system"], minutes=30, per_bucket=12, customers=["c1", "c2", "c3"])
    assert len(evaluate(app).opened) == 1
    [warning] = warnings(client, keys["comms"])
    draft = warning["draft"]
    assert draft["audience"] == {"customer_ids": ["c1", "c2", "c3"]}
    assert draft["kind"] == "delivery_delay" and "orders unfulfilled" in draft["title"]
    assert warning["incident_id"] is None
    # Nothing was sent by the warning itself.
    with app.app_context():
        from gateway.delivery.models import Delivery
        from gateway.incidents.models import Incident
        from gateway.store.db import db
        assert db.session.query(Incident).count() == 0
        assert db.session.query(Delivery).count() == 0
    # Staff edit the draft and send it through the normal path, linked to the warning.
    body = {**draft, "facts": {**FACTS, "next_update_at":
                               (utcnow() + timedelta(hours=2)).isoformat()},
            "warning_id": warning["id"]}
    r = client.post("/v1/incidents", json=body,
                    headers=auth(keys["comms"], **{"Idempotency-Key": "from-warning"}))
    assert r.status_code == 202, r.get_json()
    incident_id = r.get_json()["id"]
    assert r.get_json()["audience_size"] == 3
    run_worker(app)
    r = client.get(f"/v1/warnings/{warning['id']}", headers=auth(keys["auditor"]))
    linked = r.get_json()
    assert linked["incident_id"] == incident_id
    times = [datetime.fromisoformat(linked[k]) for k in (
        "first_signal_at", "opened_at", "incident_created_at", "approved_at", "first_message_at")]
    assert all(times) and times == sorted(times)
    assert linked["first_signal_to_first_message_seconds"] > 0
    report = client.get(f"/v1/incidents/{incident_id}/report", headers=auth(keys["comms"]))
    assert report.get_json()["early_warning"]["warning_id"] == warning["id"]
    # One incident per warning.
    again = client.post("/v1/incidents", json=body,
                        headers=auth(keys["comms"], **{"Idempotency-Key": "from-warning-2"}))
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "warning_has_incident"
    with app.app_context():
        from gateway.audit.models import AuditRecord
        from gateway.reports.verify import verify
        from gateway.store.db import db
        actions = [a for (a,) in db.session.query(AuditRecord.action)]
        assert {"warning.opened", "warning.incident_created", "incident.created"} <= set(actions)
        assert verify()["ok"]


@pytest.mark.parametrize("customers", [60, 3])
def test_customers_kept_per_bucket_are_bounded(app, client, keys, customers):
    at = (utcnow() - STEP).isoformat()
    post(client, keys["system"], [{"topic": "t.x", "customer_id": f"c{i}", "at": at}
                                  for i in range(customers)])
    post(client, keys["system"], [{"topic": "t.x", "customer_id": f"d{i}", "at": at}
                                  for i in range(customers)])
    with app.app_context():
        kept = drafts.complaining_customers("t.x", utcnow() - timedelta(hours=1), utcnow())
    assert len(kept) == min(2 * customers, service.CUSTOMERS_PER_BUCKET)

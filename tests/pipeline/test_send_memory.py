"""A worker's send jobs leave nothing behind for the cyclic garbage collector: what
a job decided (its `Outcomes`, lease heartbeat, breaker, claimed ids) is freed by
reference counting once its answers are written. A cycle through a job's flights
kept all of that until a full collection, which a worker (gateway/jobs/worker.py
`settle_heap`: young collections every 10,000 allocations) runs seldom: its resident
memory crept ~1.5 MB a hundred jobs (docs/benchmark-history.md, h135)."""

from __future__ import annotations

import gc
import weakref
from typing import Any

from gateway.jobs import send, send_outcomes
from gateway.jobs.worker import FULL_COLLECTION_EVERY
from tests.support.api import FACTS, auth, put_customer
from tests.support.env import reread_env
from tests.support.pipeline import run_worker, statuses

CHANNELS = ("email", "sms", "chat")


def test_a_workers_send_jobs_free_what_they_decided_without_the_collector(
        app, client, keys, fake, monkeypatch):
    n = 60
    for i in range(n):
        put_customer(client, keys["system"], f"c{i}", name=f"Customer {i}",
                     phone=f"+1415555{i:04d}", chat_webhook_url=fake.chat_url(f"c{i}"),
                     channels=[CHANNELS[i % 3]])
    monkeypatch.setenv("SEND_BATCH_SIZE", "4")  # many jobs: ~15 per channel
    reread_env(app)
    fake.configure(latency_ms=20)  # answers come late: a job's last ones are carried
    made: list[weakref.ref[send_outcomes.Outcomes]] = []  # one a job
    at_start: list[int] = []

    class Watched(send_outcomes.Outcomes):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            made.append(weakref.ref(self))

    def send_batch(channel: str, delivery_ids: list[int]) -> dict[str, int]:
        at_start.append(sum(1 for ref in made if ref() is not None))
        return original(channel, delivery_ids)

    original = send.send_batch
    monkeypatch.setattr(send, "Outcomes", Watched)
    monkeypatch.setattr(send, "send_batch", send_batch)  # RQ finds it by name when it runs
    r = client.post("/v1/incidents", json={
        "kind": "outage", "severity": "high", "title": "Checkout unavailable", "facts": FACTS,
        "audience": {"all": True}}, headers=auth(keys["system"], **{"Idempotency-Key": "mem"}))
    assert r.status_code == 202, r.get_json()
    gc.collect()
    gc.disable()  # only reference counting frees: what a cycle holds stays
    try:
        run_worker(app)
    finally:
        gc.enable()

    assert statuses(app, r.get_json()["id"]) == {"sent": n}
    assert len(at_start) >= 15, at_start
    # At a job's start only the jobs whose answers are still carried are alive.
    assert max(at_start) <= 3, at_start


def test_a_worker_runs_a_full_collection_every_few_jobs(app, client, keys, fake, monkeypatch):
    """A worker's thresholds (`settle_heap`) leave full collections ~800 jobs apart;
    cycles that outlive a young collection would pile up until then."""
    n = 24
    for i in range(n):
        put_customer(client, keys["system"], f"c{i}", name=f"Customer {i}",
                     phone=f"+1415555{i:04d}", channels=["sms"])
    monkeypatch.setenv("SEND_BATCH_SIZE", "1")  # a job a message
    reread_env(app)
    full: list[int] = []

    def watch(phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info["generation"] == 2:
            full.append(1)

    r = client.post("/v1/incidents", json={
        "kind": "outage", "severity": "high", "title": "Checkout unavailable", "facts": FACTS,
        "audience": {"all": True}}, headers=auth(keys["system"], **{"Idempotency-Key": "gc"}))
    assert r.status_code == 202, r.get_json()
    thresholds = gc.get_threshold()
    gc.set_threshold(*thresholds[:1], 20, 1_000_000)  # no full collection of the collector's own
    gc.callbacks.append(watch)
    try:
        run_worker(app)
    finally:
        gc.callbacks.remove(watch)
        gc.set_threshold(*thresholds)

    assert statuses(app, r.get_json()["id"]) == {"sent": n}
    assert len(full) >= n // FULL_COLLECTION_EVERY

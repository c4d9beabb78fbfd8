"""Expansion's send jobs: once its chunks are full-sized, a chunk's queued rows go
out as whole send jobs of their channel and each channel's part-filled last job
waits for the next chunk's rows, so a big dispatch is not cut into short jobs at
every chunk. Every queued row is still in exactly one job when expansion ends,
and a worker killed while it held some leaves them to the expansion's re-run."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest
from flask import Flask
from rq import Queue
from sqlalchemy import insert, select

import gateway.intake.expansion as expansion
from gateway.customers.models import Customer
from gateway.delivery.models import Delivery
from gateway.incidents.models import Incident
from gateway.intake.expansion import expand
from gateway.jobs.send import on_queued
from gateway.queues import QUEUES, parse_send_job_id
from gateway.store.db import db, utcnow
from tests.pipeline.test_snapshot_in_chunks import take_expansion_jobs
from tests.support.api import BRIEF_OUTAGE, auth

CUSTOMERS = 1500
BATCH = 64
CHANNELS = ("email", "email", "sms", "chat")  # customer i's one channel: i % 4


@pytest.fixture
def small(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """Full-sized chunks of 200 customers from expansion's first, jobs of 64."""
    monkeypatch.setattr(expansion, "CHUNK", 200)
    app.config["GATEWAY"] = dataclasses.replace(app.config["GATEWAY"], send_batch_size=BATCH)


def _incident(app: Flask, client, keys) -> int:
    with app.app_context():
        now = utcnow()
        db.session.execute(insert(Customer), [{
            "external_id": f"j{i}", "name": f"J {i}", "locale": "en", "timezone": "UTC",
            "email": f"j{i}@example.com", "phone": f"+1415555{i:04d}",
            "chat_webhook_url": f"https://chat.example.com/j{i}",
            "channels": [CHANNELS[i % 4]], "tags": [], "attributes": {},
            "created_at": now, "updated_at": now} for i in range(CUSTOMERS)])
        db.session.commit()
    r = client.post("/v1/incidents", headers=auth(keys["system"], **{"Idempotency-Key": "j"}),
                    json={"kind": "outage", "severity": "high", "title": "Checkout unavailable",
                          "facts": BRIEF_OUTAGE, "audience": {"all": True},
                          "channels": ["email", "sms", "chat"]})
    assert r.status_code == 202, r.get_json()
    take_expansion_jobs(app)
    return int(r.get_json()["id"])


def _jobs(app: Flask) -> list[tuple[str, list[int]]]:
    """(channel, delivery ids) of every send job waiting in RQ."""
    out = []
    for name in QUEUES:
        for job in Queue(name, connection=app.extensions["gateway.redis"]).jobs:
            if parse_send_job_id(job.id):
                out.append((str(job.args[0]), list(job.args[1])))
    return out


def _queued(app: Flask, incident_id: int) -> dict[int, str]:
    with app.app_context():
        rows = db.session.execute(select(Delivery.id, Delivery.channel).where(
            Delivery.incident_id == incident_id, Delivery.status == "queued")).all()
        db.session.remove()
    return {int(i): str(ch) for i, ch in rows}


def test_expansion_queues_whole_send_jobs_and_what_is_left_at_its_end(app, client, keys,
                                                                        small):
    incident_id = _incident(app, client, keys)
    with app.app_context():
        assert expand(incident_id, on_queued=on_queued) == CUSTOMERS - expansion.FIRST_CHUNK
        db.session.remove()
    jobs = _jobs(app)
    queued = _queued(app, incident_id)
    assert len(queued) == CUSTOMERS
    # every queued row is in exactly one job of its own channel
    covered = Counter(i for _, ids in jobs for i in ids)
    assert set(covered) == set(queued) and set(covered.values()) == {1}
    assert all(queued[i] == channel for channel, ids in jobs for i in ids)
    # jobs are whole but for the POST's first chunk's and each channel's last
    short = Counter(channel for channel, ids in jobs if len(ids) < BATCH)
    assert all(n <= 2 for n in short.values()), short
    assert all(len(ids) <= BATCH for _, ids in jobs)


def test_rows_held_by_a_killed_expansion_are_queued_by_its_rerun(app, client, keys, small):
    """The worker dies after some chunks while part-filled jobs wait for the next
    chunk's rows: what it enqueued stays, what it held is lost with it. The sweeper's
    re-run of the expansion (`restart_lost_expansions`) queues them."""
    incident_id = _incident(app, client, keys)
    calls = [0]

    class Killed(BaseException):
        pass

    def dies_on_the_third_chunk(incident: Incident, pairs: list[tuple[int, str]]) -> None:
        calls[0] += 1
        if calls[0] >= 3:  # the kill; a dead process enqueues nothing more
            raise Killed
        on_queued(incident, pairs)

    with app.app_context(), pytest.raises(Killed):
        expand(incident_id, on_queued=dies_on_the_third_chunk)
    queued = _queued(app, incident_id)
    before = {i for _, ids in _jobs(app) for i in ids}
    assert before < set(queued)  # rows committed, not in any job yet
    with app.app_context():
        expand(incident_id, on_queued=on_queued)  # the re-run
        db.session.remove()
    after = _queued(app, incident_id)
    assert len(after) == CUSTOMERS
    assert {i for _, ids in _jobs(app) for i in ids} == set(after)

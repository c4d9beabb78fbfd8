"""A transient error inside a process (a killed database connection, a
deadlock or serialization failure, SQLite's write lock, Redis gone for a few
seconds) is retried there: the scheduler's sweep still lands within its tick
and it keeps its lead, a send job's claim and outcome write still land, the
worker's heartbeat survives. Other errors are not retried. Redis gone longer
at a failover enqueue: the job finishes and the sweep sends the rows."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import redis
from flask import Flask
from rq import Queue
from sqlalchemy import create_engine, func, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.pool import NullPool

from gateway.bench.fakes import FakeProviders
from gateway.delivery import service as delivery
from gateway.delivery.models import Delivery, DeliveryEvent, OutboxMessage
from gateway.jobs import scheduler, send_outcomes, sweeps
from gateway.jobs.heartbeat import Heartbeat
from gateway.jobs.scheduler import LEADER_LOCK, Scheduler
from gateway.jobs.send import send_batch
from gateway.jobs.send_outcomes import MAX_ATTEMPTS
from gateway.jobs.worker import make_worker
from gateway.store.db import db, utcnow
from gateway.store.transient import retry_transient
from tests.support.delivery import make_incident
from tests.support.faults import db_backend, sweep
from tests.support.pipeline import run_worker
from tests.support.processes import wait_until
from tests.support.transient import (
    RedisServer,
    backend_terminated,
    broken_transaction,
    deadlock_partner,
)

RETRIED = "met a transient error"


def test_a_sweep_whose_connection_breaks_runs_again_within_its_tick(app: Flask, caplog) -> None:
    with app.app_context():
        _, ids = make_incident(3)
        db.session.execute(update(Delivery).values(
            status="deferred", deferred_reason="retry",
            next_attempt_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    scheduler = Scheduler(app, sweeps=[("release_due", 1.0, sweeps.release_due)])
    with broken_transaction(app) as broken, caplog.at_level(logging.WARNING):
        assert scheduler.tick() == ["release_due"]
    assert broken
    assert f"sweep release_due {RETRIED}" in caplog.text
    assert "sweep release_due failed" not in caplog.text
    with app.app_context():
        assert set(db.session.execute(select(Delivery.status)).scalars()) == {"queued"}
        jobs = Queue("high", connection=app.extensions["gateway.redis"]).get_job_ids()
        assert len(jobs) == 1 and jobs[0].startswith(f"send_sms_{ids[0]}_{ids[-1]}_")


def test_an_integrity_error_is_not_retried(app: Flask, caplog) -> None:
    with app.app_context():
        _, ids = make_incident(1)
        row = db.session.execute(select(Delivery)).scalar_one()
        copy = {c: getattr(row, c) for c in ("incident_id", "customer_id", "channel", "message",
                                             "purpose", "status", "queued_at", "updated_at",
                                             "attempts")}
    runs = []

    def duplicate() -> None:
        runs.append(1)
        db.session.execute(insert(Delivery).values(**copy))
        db.session.commit()

    with caplog.at_level(logging.WARNING):
        Scheduler(app, sweeps=[("duplicate", 1.0, duplicate)]).tick()
    assert runs == [1]
    assert RETRIED not in caplog.text
    failed = [r for r in caplog.records if "sweep duplicate failed" in r.getMessage()]
    assert failed and failed[0].exc_info and failed[0].exc_info[0] is IntegrityError


def test_a_deadlocked_step_runs_again_and_lands_once(app: Flask, caplog) -> None:
    """A step that updates two rows while another connection locks them in the
    reverse order meets a real deadlock on PostgreSQL: it is rolled back, runs
    again once the other has committed, and its writes land once."""
    if db_backend(app) != "postgresql":
        pytest.skip("SQLite has one write lock: two writers cannot deadlock")
    with app.app_context():
        _, (first, second) = make_incident(2)
    runs = []

    def both() -> None:
        runs.append(1)
        for delivery_id in (first, second):
            db.session.execute(update(Delivery).where(Delivery.id == delivery_id)
                               .values(attempts=Delivery.attempts + 1))
        db.session.commit()

    with (app.app_context(), deadlock_partner(app, first, second) as partner,
          caplog.at_level(logging.WARNING)):
        retry_transient(both, "both rows")
    assert partner and len(runs) == 2
    assert (f"both rows {RETRIED} (OperationalError: (psycopg.errors.DeadlockDetected) "
            "deadlock detected)") in caplog.text
    with app.app_context():
        assert db.session.execute(select(Delivery.attempts)).scalars().all() == [1, 1]


def test_a_step_that_meets_a_serialization_failure_runs_again(app: Flask, caplog) -> None:
    """A repeatable-read step whose row another connection changed and committed
    after the step's snapshot fails to serialize on PostgreSQL; run again, it
    reads the new row and its write lands once on top of the other's."""
    if db_backend(app) != "postgresql":
        pytest.skip("SQLite serializes writers with its one write lock")
    with app.app_context():
        _, (row,) = make_incident(1)
        other = create_engine(db.engine.url, poolclass=NullPool)
    runs = []

    def bump() -> None:
        runs.append(1)
        db.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        db.session.execute(select(Delivery.attempts).where(Delivery.id == row))  # the snapshot
        if len(runs) == 1:
            with other.begin() as connection:
                connection.execute(update(Delivery).where(Delivery.id == row)
                                   .values(attempts=Delivery.attempts + 10))
        db.session.execute(update(Delivery).where(Delivery.id == row)
                           .values(attempts=Delivery.attempts + 1))
        db.session.commit()

    try:
        with app.app_context(), caplog.at_level(logging.WARNING):
            retry_transient(bump, "bump")
    finally:
        other.dispose()
    assert len(runs) == 2
    assert f"bump {RETRIED} (OperationalError: (psycopg.errors.SerializationFailure)" in caplog.text
    with app.app_context():
        assert db.session.execute(select(Delivery.attempts)).scalar_one() == 11


@pytest.mark.parametrize("at", ["claim", "outcome write"])
def test_a_send_job_whose_connection_breaks_records_every_message_once(
        app: Flask, fake: FakeProviders, caplog, at: str) -> None:
    """Broken as it claims (nothing sent yet), or as it writes what Twilio
    answered: every message goes once and is recorded once."""
    with app.app_context():
        _, ids = make_incident(6, channel="sms")

    def when() -> bool:
        return at == "claim" or len(fake.received(channel="sms")) == len(ids)

    with (app.app_context(), broken_transaction(app, when) as broken,
          caplog.at_level(logging.WARNING)):
        counts = send_batch("sms", ids)
    assert broken
    assert f"{at} {RETRIED}" in caplog.text
    assert counts["claimed"] == counts["sent"] == len(ids)
    assert len({m.to for m in fake.received(channel="sms")}) == len(fake.received()) == len(ids)
    with app.app_context():
        assert set(db.session.execute(select(Delivery.status)).scalars()) == {"sent"}
        sent_events = db.session.execute(select(DeliveryEvent.delivery_id, func.count())
                                         .where(DeliveryEvent.status == "sent")
                                         .group_by(DeliveryEvent.delivery_id)).all()
        assert sorted(sent_events) == [(i, 1) for i in ids]


def test_a_lease_heartbeat_whose_connection_breaks_still_beats(app: Flask, caplog) -> None:
    with app.app_context():
        _, ids = make_incident(2)
        holder = delivery.new_holder()
        assert delivery.claim(ids, holder, 1.0) == ids
        heartbeat = Heartbeat(holder, ids, 1.0)  # a beat every third of a second
        with (broken_transaction(app, thread="lease-heartbeat") as broken,
              caplog.at_level(logging.WARNING)):
            heartbeat.start()
            wait_until(lambda: heartbeat.beats >= 1, 10, "a beat")
            heartbeat.stop()
        assert broken
        assert f"lease heartbeat of {holder} {RETRIED}" in caplog.text
        assert f"lease heartbeat of {holder} failed" not in caplog.text  # no beat missed
        held = db.session.execute(select(Delivery.lease_until)).scalars().all()
        assert min(held) > utcnow()  # still ours, moved on by the beat


def test_an_outbox_send_whose_write_breaks_is_not_retried(app: Flask, caplog) -> None:
    """The outbox's rows are its send, uncommitted until the outcome write: a
    retry would commit "sent" without them. The job fails as before; once the
    lease runs out every message is stored once."""
    if db_backend(app) != "postgresql":
        pytest.skip("SQLite's write lock cannot break a transaction that holds it")
    with app.app_context():
        _, ids = make_incident(3, channel="sms")
    stored: list[str] = []

    def at_the_outcome_write(statement: str) -> bool:
        if "outbox_messages" in statement:
            stored.append(statement)
        return bool(stored) and statement == "COMMIT"

    with (app.app_context(), backend_terminated(app, at_the_outcome_write),
          caplog.at_level(logging.WARNING), pytest.raises(OperationalError)):
        send_batch("sms", ids)
    assert stored and RETRIED not in caplog.text
    with app.app_context():
        assert set(db.session.execute(select(Delivery.status)).scalars()) == {"sending"}
        assert db.session.execute(select(func.count()).select_from(OutboxMessage)).scalar() == 0
        db.session.execute(update(Delivery).values(lease_until=utcnow() - timedelta(seconds=1)))
        db.session.commit()
        assert sweeps.release_expired() == len(ids)
        assert send_batch("sms", ids)["sent"] == len(ids)
        assert sorted(db.session.execute(select(OutboxMessage.delivery_id)).scalars()) == ids


def test_the_worker_heartbeat_outlasts_a_redis_restart(app: Flask, tmp_path: Path,
                                                        caplog) -> None:
    """Redis stopped, then started again once the heartbeat has failed: RQ
    would end the worker at its after-job heartbeat; the retry carries it over."""
    server = RedisServer(tmp_path)
    server.start()
    try:
        worker = make_worker(app)
        worker.connection = redis.Redis.from_url(server.url, socket_timeout=30)
        worker.connection.ping()
        server.stop()
        with caplog.at_level(logging.WARNING), restarted_on_retry(server):
            worker.heartbeat()
        assert f"worker heartbeat {RETRIED}" in caplog.text
        assert worker.connection.hget(worker.key, "last_heartbeat")
        assert worker.connection.ttl(worker.key) > worker.worker_ttl
    finally:
        server.stop()


def test_failed_over_rows_whose_enqueue_fails_are_sent_by_the_sweep(
        app: Flask, fake: FakeProviders, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog) -> None:
    """Redis stops as the job enqueues the rows it failed over, and stays away
    past the retries: the job finishes, the rows stay `queued`, and once Redis is
    back the sweep of forgotten queued rows has them sent, each once."""
    app.config["GATEWAY"] = replace(app.config["GATEWAY"], sms_providers=("twilio", "outbox"))
    server = RedisServer(tmp_path)
    server.start()
    app.extensions["gateway.redis"] = redis.Redis.from_url(server.url, socket_timeout=30)
    with app.app_context():
        _, ids = make_incident(3, channel="sms")
        db.session.execute(update(Delivery).values(attempts=MAX_ATTEMPTS - 1))  # Twilio's last
        db.session.commit()
    fake.configure("twilio", outage=True, retry_after=0)
    enqueue = send_outcomes.enqueue_batches

    def redis_gone(*args: Any, **kwargs: Any) -> None:
        server.stop()
        enqueue(*args, **kwargs)

    monkeypatch.setattr(send_outcomes, "enqueue_batches", redis_gone)
    try:
        with app.app_context(), caplog.at_level(logging.WARNING):
            counts = send_batch("sms", ids)
        assert counts["retry"] == len(ids)
        assert f"failover enqueue {RETRIED}" in caplog.text
        assert "failover enqueue of 3 rows failed" in caplog.text
        with app.app_context():
            assert {(d.status, d.provider) for d in db.session.execute(select(Delivery))
                    .scalars()} == {("queued", "outbox")}
        server.start()
        assert sweep(app) == len(ids)
        run_worker(app)
    finally:
        server.stop()
    with app.app_context():
        assert set(db.session.execute(select(Delivery.status)).scalars()) == {"sent"}
        assert sorted(db.session.execute(select(OutboxMessage.delivery_id)).scalars()) == ids
    assert fake.received(channel="sms") == []


def test_the_scheduler_keeps_the_lead_through_a_redis_restart(
        app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog) -> None:
    """Redis stopped after a tick and started again at the next leader-lock
    round's first retry: no failed tick, the scheduler holds the lock in the
    restarted Redis and its sweeps go on (a row due after the restart is
    released and its send job is in the new Redis)."""
    server = RedisServer(tmp_path)
    server.start()
    connection = redis.Redis.from_url(server.url, socket_timeout=30)
    app.extensions["gateway.redis"] = connection
    with app.app_context():
        _, ids = make_incident(1)
        db.session.execute(update(Delivery).values(
            status="deferred", deferred_reason="retry",
            next_attempt_at=utcnow() + timedelta(hours=1)))
        db.session.commit()
    stop = SimpleNamespace(requested=False)
    ticks: list[int] = []  # the lock's TTL in ms, as each tick saw it

    def watch() -> None:
        """The test's sweep, after the real one each tick: Redis stopped after
        the second, the row made due in the third, the run ended in the fourth."""
        ticks.append(connection.pttl(LEADER_LOCK) if server.process else 0)
        if len(ticks) == 2:
            server.stop()
        elif len(ticks) == 3:
            db.session.execute(update(Delivery).values(next_attempt_at=utcnow()))
            db.session.commit()
        elif len(ticks) == 4:
            stop.requested = True

    monkeypatch.setattr(scheduler, "SWEEPS", [("release_due", 0.0, sweeps.release_due),
                                              ("watch", 0.0, watch)])
    monkeypatch.setattr(scheduler, "StopRequest", lambda: stop)
    give_up = threading.Timer(30, lambda: setattr(stop, "requested", True))
    give_up.start()
    try:
        with caplog.at_level(logging.WARNING), restarted_on_retry(server):
            scheduler.run_forever(app, interval=0.1)
        jobs = Queue("high", connection=connection).get_job_ids()
    finally:
        give_up.cancel()
        server.stop()
    assert f"scheduler leader lock {RETRIED}" in caplog.text
    assert "failed" not in caplog.text
    assert len(ticks) == 4 and min(ticks[2:]) > 0  # the lock held in the restarted Redis
    with app.app_context():
        assert db.session.execute(select(Delivery.status)).scalar_one() == "queued"
    assert len(jobs) == 1 and jobs[0].startswith(f"send_sms_{ids[0]}_{ids[0]}_")


@contextmanager
def restarted_on_retry(server: RedisServer) -> Iterator[None]:
    """Start `server` again when the first retry is logged (before its wait)."""
    class Restart(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if RETRIED in record.getMessage() and server.process is None:
                server.start()

    handler = Restart()
    logger = logging.getLogger("gateway.store.transient")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)

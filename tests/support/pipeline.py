"""Driving the pipeline in this process: a real RQ worker, drained queues,
deferred work moved forward, the rows read back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import func, select, update

from gateway.bench.fakes import FakeProviders
from gateway.delivery.models import Delivery
from gateway.jobs import sweeps
from gateway.store.db import db, utcnow
from tests.support.fakes import PROVIDER_TIMEOUT, fake_providers


def run_worker(app: Flask) -> None:
    """Drain every queue with a real RQ worker in this process."""
    from gateway.jobs.worker import make_worker

    make_worker(app).work(burst=True, logging_level="WARNING")


def make_due(app: Flask, reason: str | None = None) -> int:
    """Pretend time has passed: deferred rows become due now (a movable clock)."""
    with app.app_context():
        stmt = update(Delivery).where(Delivery.status == "deferred")
        if reason:
            stmt = stmt.where(Delivery.deferred_reason == reason)
        count = db.session.execute(stmt.values(next_attempt_at=utcnow())).rowcount
        db.session.commit()
        sweeps.release_due()
        return int(count or 0)


def drain(app: Flask, rounds: int = 10, reason: str | None = "retry") -> None:
    """Run workers and make deferred rows due (those deferred for `reason`; all if
    None) until nothing is left to do."""
    for _ in range(rounds):
        run_worker(app)
        if not make_due(app, reason):
            return
    run_worker(app)


def statuses(app: Flask, incident_id: int) -> dict[str, int]:
    with app.app_context():
        rows = db.session.execute(
            select(Delivery.status, func.count()).where(Delivery.incident_id == incident_id)
            .group_by(Delivery.status)).all()
        db.session.remove()
    return {s: int(n) for s, n in rows}


def deliveries(app: Flask, incident_id: int) -> list[Delivery]:
    with app.app_context():
        rows = db.session.execute(select(Delivery).where(Delivery.incident_id == incident_id)
                                  .order_by(Delivery.id)).scalars().all()
        db.session.expunge_all()
        return list(rows)


@pytest.fixture
def fake(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeProviders]:
    """The fake provider server (a generous provider timeout: PROVIDER_TIMEOUT)."""
    with fake_providers(app, monkeypatch, PROVIDER_TIMEOUT) as server:
        yield server

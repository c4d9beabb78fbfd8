"""Driving the pipeline in tests: drain queues, move deferred work forward."""

from __future__ import annotations

from sqlalchemy import func, select, update

from gateway.delivery.models import Delivery
from gateway.jobs import sweeps
from gateway.store.db import db, utcnow
from tests.helpers import run_worker


def make_due(app, reason: str | None = None) -> int:
    """Pretend time has passed: deferred rows become due now (a movable clock)."""
    with app.app_context():
        stmt = update(Delivery).where(Delivery.status == "deferred")
        if reason:
            stmt = stmt.where(Delivery.deferred_reason == reason)
        count = db.session.execute(stmt.values(next_attempt_at=utcnow())).rowcount
        db.session.commit()
        sweeps.release_due()
        return int(count or 0)


def drain(app, rounds: int = 10) -> None:
    """Run workers and release retries until nothing is left to do."""
    for _ in range(rounds):
        run_worker(app)
        if not make_due(app, "retry"):
            return
    run_worker(app)


def statuses(app, incident_id: int) -> dict[str, int]:
    with app.app_context():
        rows = db.session.execute(
            select(Delivery.status, func.count()).where(Delivery.incident_id == incident_id)
            .group_by(Delivery.status)).all()
    return {status: int(n) for status, n in rows}


def deliveries(app, incident_id: int) -> list[Delivery]:
    with app.app_context():
        rows = db.session.execute(select(Delivery).where(Delivery.incident_id == incident_id)
                                  .order_by(Delivery.id)).scalars().all()
        db.session.expunge_all()
        return list(rows)

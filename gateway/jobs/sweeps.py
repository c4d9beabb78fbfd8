"""Periodic sweeps run by the scheduler (name, every N seconds, function).

The database decides what still has to be sent; Redis may have forgotten
jobs (restart, killed worker), and these sweeps put the work back.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from sqlalchemy import and_, exists, select, update

from ..domain.audit_verify import ANCHOR_EVERY_SECONDS, write_anchor
from ..store.db import db, utcnow
from ..store.models import Delivery, Incident
from . import queues
from .dispatch import run_expansion
from .send import COMPLAINT_SEVERITY, enqueue_batches

EXPANSION_STALE = timedelta(seconds=60)
SENDING_TIMEOUT = timedelta(seconds=120)  # a batch job takes seconds; this means it died
QUEUED_STALE = timedelta(seconds=120)  # queued this long: its job may be gone from Redis
SWEEP_LIMIT = 20_000
DELIVERIES = Delivery.__table__


def restart_lost_expansions() -> int:
    """Re-enqueue expansion for incidents whose expansion never finished.

    Expansion is idempotent (unique delivery rows), so re-running one that
    Redis forgot, or that a killed worker left half done, only fills the gaps.
    """
    stale = db.session.execute(
        select(Incident.id, Incident.severity).where(
            Incident.status == "dispatching", Incident.expanded_at.is_(None),
            Incident.dispatched_at < utcnow() - EXPANSION_STALE)
    ).all()
    connection = queues.connection()
    for incident_id, severity in stale:
        if connection.set(f"gateway:expansion-restart:{incident_id}", 1, nx=True, ex=60):
            queues.enqueue(severity, run_expansion, incident_id)
    return len(stale)


def _enqueue_by_incident(rows: list[tuple[int, str, int | None]]) -> None:
    if not rows:
        return
    severities: dict[int | None, str] = dict(db.session.execute(
        select(Incident.id, Incident.severity).where(Incident.id.in_({r[2] for r in rows}))).all())
    severities[None] = COMPLAINT_SEVERITY  # a complaint's messages have no incident
    grouped: dict[int | None, list[tuple[int, str]]] = defaultdict(list)
    for delivery_id, channel, incident_id in rows:
        grouped[incident_id].append((delivery_id, channel))
    for incident_id, pairs in grouped.items():
        enqueue_batches(severities[incident_id], pairs)


def _requeue(where: object, **values: object) -> int:
    now = utcnow()
    ids = db.session.execute(select(Delivery.id).where(where).limit(SWEEP_LIMIT)).scalars().all()
    if not ids:
        return 0
    rows = db.session.execute(
        update(DELIVERIES).where(DELIVERIES.c.id.in_(ids), where)
        .values(status="queued", updated_at=now, **values)
        .returning(DELIVERIES.c.id, DELIVERIES.c.channel, DELIVERIES.c.incident_id)).all()
    db.session.commit()
    _enqueue_by_incident([(int(a), str(b), None if c is None else int(c)) for a, b, c in rows])
    return len(rows)


def release_due() -> int:
    """Deferred deliveries whose time has come (quiet hours over, retry due)."""
    return _requeue(and_(Delivery.status == "deferred", Delivery.next_attempt_at <= utcnow()),
                    deferred_reason=None, next_attempt_at=None)


def requeue_stuck() -> int:
    """`sending` rows of a worker that died, and `queued` rows Redis forgot."""
    now = utcnow()
    stuck = _requeue(and_(Delivery.status == "sending", Delivery.sending_at < now - SENDING_TIMEOUT))
    forgotten = _requeue(and_(Delivery.status == "queued", Delivery.updated_at < now - QUEUED_STALE))
    return stuck + forgotten


def finish_dispatches() -> int:
    """`dispatching` → `dispatched` once nothing is left queued or sending."""
    busy = exists().where(and_(Delivery.incident_id == Incident.id,
                               Delivery.status.in_(("queued", "sending"))))
    result = db.session.execute(
        update(Incident).where(Incident.status == "dispatching", Incident.expanded_at.is_not(None),
                               ~busy).values(status="dispatched")
        .execution_options(synchronize_session=False))
    db.session.commit()
    return int(result.rowcount or 0)


SWEEPS = [
    ("release_due", 1.0, release_due),
    ("requeue_stuck", 15.0, requeue_stuck),
    ("finish_dispatches", 2.0, finish_dispatches),
    ("restart_lost_expansions", 30.0, restart_lost_expansions),
    ("anchor_audit_chain", ANCHOR_EVERY_SECONDS, write_anchor),
]

# Delivery tracking and the acknowledgement lifecycle (webhooks, escalation,
# promised updates, follow-up surveys, updates waiting for their first message).
from .lifecycle_sweeps import LIFECYCLE_SWEEPS  # noqa: E402 - appended section

SWEEPS += LIFECYCLE_SWEEPS

from ..complaints.jobs import COMPLAINT_SWEEPS  # noqa: E402 - appended section

SWEEPS += COMPLAINT_SWEEPS

# Early warning: count the gateway's own signals and judge every active topic
# once a minute (a bucket completes every fifth run; re-judging one changes nothing).
from ..signals.service import watch as watch_signals  # noqa: E402 - appended section

SWEEPS.append(("watch_signals", 60.0, watch_signals))

# Staff alerts (warnings opened): the signed webhook and on-call email.
from ..alerts.service import send_due as send_staff_alerts  # noqa: E402 - appended section

SWEEPS.append(("send_staff_alerts", 5.0, send_staff_alerts))

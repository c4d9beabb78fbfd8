"""Periodic sweeps run by the scheduler (name, every N seconds, function).

The database decides what still has to be sent; Redis may have forgotten
jobs (restart, killed worker), and these sweeps put the work back.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from sqlalchemy import and_, exists, or_, select, update

from .. import queues
from ..delivery import service as delivery
from ..delivery.models import Delivery
from ..delivery.states import QUEUED, SENDING
from ..incidents.audience import fold_locale_deltas
from ..incidents.models import Incident
from ..intake.expansion import first_chunk_queued
from ..reports import service as reports
from ..store.db import db, utcnow
from .batches import COMPLAINT_SEVERITY, enqueue_batches
from .dispatch import run_expansion

EXPANSION_STALE = timedelta(seconds=60)
# Queued this long and covered by no job RQ still holds: Redis forgot it.
QUEUED_STALE = timedelta(seconds=120)
SWEEP_LIMIT = 20_000
DELIVERIES = Delivery.__table__


def restart_lost_expansions() -> int:
    """Re-enqueue expansion for incidents whose expansion never finished.

    Expansion is idempotent (unique delivery rows), so re-running one that
    Redis forgot, or that a killed worker left half done, only fills the gaps.
    """
    stale = db.session.execute(
        select(Incident).where(
            Incident.status == "dispatching", Incident.expanded_at.is_(None),
            Incident.dispatched_at < utcnow() - EXPANSION_STALE)
    ).scalars().all()
    connection = queues.connection()
    for incident in stale:
        if connection.set(f"gateway:expansion-restart:{incident.id}", 1, nx=True, ex=60):
            queues.enqueue(incident.severity, run_expansion, incident.id)
            # The first chunk's send jobs went with the lost expansion job, and
            # expansion goes on after that chunk: queue its rows again (a duplicate
            # of a send job still held claims nothing).
            enqueue_batches(incident.severity, first_chunk_queued(incident))
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


def _enqueue_rows(rows: list[delivery.Row]) -> int:
    _enqueue_by_incident([(i, ch, inc) for i, ch, inc, _ in rows])
    return len(rows)


def release_due() -> int:
    """Deferred deliveries whose time has come (quiet hours over, retry due)."""
    rows = delivery.release_due(utcnow(), SWEEP_LIMIT)
    db.session.commit()
    return _enqueue_rows(rows)


def release_expired() -> int:
    """`sending` rows whose lease ran out: the holder died (no heartbeat) or
    overran. Never before: a live worker's heartbeat keeps its lease."""
    rows = delivery.release_expired(utcnow(), SWEEP_LIMIT)
    db.session.commit()
    return _enqueue_rows(rows)


def waiting_jobs() -> list[tuple[str, int, int]]:
    """(channel, first id, last id) of send jobs waiting in RQ's queues.

    A running job is not counted: it claims its rows the moment it starts, and
    claimed rows are `sending` under a lease. Rows still `queued` under a job RQ
    lists as started belong to a worker killed before its claim, and RQ keeps
    such a job "started" for its whole timeout (11 minutes), so they are sent
    again once QUEUED_STALE old; the guarded claim keeps a late original from
    sending them twice.
    """
    from rq import Queue

    connection = queues.connection()
    out = []
    for name in queues.QUEUES:
        for job_id in Queue(name, connection=connection).get_job_ids():
            span = queues.parse_send_job_id(job_id)
            if span is not None:
                out.append(span)
    return out


def requeue_forgotten() -> int:
    """`queued` rows Redis forgot. A row sitting `queued` for minutes in a big
    dispatch is normal: rows covered by a send job RQ still holds are skipped;
    only the rest are enqueued again."""
    now = utcnow()
    stale = db.session.execute(
        select(Delivery.id, Delivery.channel).where(
            Delivery.status == QUEUED, Delivery.updated_at < now - QUEUED_STALE)
        .order_by(Delivery.id).limit(SWEEP_LIMIT)).all()
    if not stale:
        db.session.rollback()
        return 0
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for channel, first, last in waiting_jobs():
        spans[channel].append((first, last))
    forgotten = [int(i) for i, ch in stale
                 if not any(first <= i <= last for first, last in spans.get(str(ch), ()))]
    rows = delivery.touch_queued(forgotten, now)
    db.session.commit()
    return _enqueue_rows(rows)


def requeue_stuck() -> int:
    """`sending` rows whose lease expired, and `queued` rows Redis forgot."""
    return release_expired() + requeue_forgotten()


def finish_dispatches() -> int:
    """`dispatching` → `dispatched` once nothing is left queued or sending."""
    # Two lookups: on PostgreSQL the (incident, status) index holds queued rows but not
    # sending ones (gateway/delivery/models.py), which the status index holds across
    # incidents (few at a time); as one `IN`, the incident's every row could be read.
    busy = or_(*(exists().where(and_(Delivery.incident_id == Incident.id, Delivery.status == s))
                 for s in (QUEUED, SENDING)))
    result = db.session.execute(
        update(Incident).where(Incident.status == "dispatching", Incident.expanded_at.is_not(None),
                               ~busy).values(status="dispatched")
        .execution_options(synchronize_session=False))
    db.session.commit()
    return int(getattr(result, "rowcount", 0) or 0)


SWEEPS = [
    ("release_due", 1.0, release_due),
    ("release_expired", 2.0, release_expired),
    ("requeue_forgotten", 30.0, requeue_forgotten),
    ("finish_dispatches", 2.0, finish_dispatches),
    ("restart_lost_expansions", 30.0, restart_lost_expansions),
    ("anchor_audit_chain", reports.ANCHOR_EVERY_SECONDS, reports.write_anchor),
    # The intake sums the live customers' deltas per locale: keep them one row a locale.
    ("fold_locale_deltas", 30.0, fold_locale_deltas),
]

# Delivery tracking and the acknowledgement lifecycle (webhooks, escalation,
# promised updates, follow-up surveys, updates waiting for their first message).
from .lifecycle_sweeps import LIFECYCLE_SWEEPS  # noqa: E402 - appended section

SWEEPS += LIFECYCLE_SWEEPS

from .complaints import COMPLAINT_SWEEPS  # noqa: E402 - appended section

SWEEPS += COMPLAINT_SWEEPS

# Early warning: count the gateway's own signals and judge every active topic
# once a minute (a bucket completes every fifth run; re-judging one changes nothing).
from ..signals.service import watch as watch_signals  # noqa: E402 - appended section

SWEEPS.append(("watch_signals", 60.0, watch_signals))

# Staff alerts (warnings opened): the signed webhook and on-call email.
from ..alerts.service import send_due as send_staff_alerts  # noqa: E402 - appended section

SWEEPS.append(("send_staff_alerts", 5.0, send_staff_alerts))

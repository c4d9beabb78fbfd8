"""Scheduler sweeps for the conversation after the first notice.

Each takes an optional `now` (tests move the clock), commits, and only then
enqueues the send jobs for what it created. All are safe to run twice: the
unique keys on deliveries, promises, follow-ups and unreached rows make a
repeated run a no-op, and the scheduler's leader lock keeps a second
scheduler idle.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

from .. import queues
from ..compensation import payments
from ..delivery import tracking
from ..incidents import service as incident_service
from ..incidents.models import Incident
from ..store.db import db, utcnow
from .batches import enqueue_batches

WEBHOOK_JOB_KEY = "gateway:webhooks:job-pending"


Created = Mapping[Incident, list[tuple[int, str]]]


def _commit_then_enqueue(step: Callable[[datetime], Created], now: datetime | None) -> int:
    """Run `step` at `now`, commit, then enqueue what it created; how many messages."""
    created = step(now or utcnow())
    db.session.commit()
    total = 0
    for incident, pairs in created.items():
        if pairs:
            enqueue_batches(incident.severity, pairs)
            total += len(pairs)
    return total


def process_webhook_events(now: datetime | None = None) -> int:
    """Apply recorded provider callbacks (the job and the sweep)."""
    queues.connection().delete(WEBHOOK_JOB_KEY)
    return tracking.process_pending(now)


def schedule_webhook_processing() -> None:
    """After a webhook commit: one processing job for a burst, not one per request."""
    if queues.connection().set(WEBHOOK_JOB_KEY, 1, nx=True, ex=10):
        queues.enqueue("high", process_webhook_events)


def escalate(now: datetime | None = None) -> int:
    """Next channel for unacknowledged customers; the unreached are listed."""
    return _commit_then_enqueue(incident_service.run_escalations, now)


def promised_updates(now: datetime | None = None) -> int:
    """Warn before a promised update is due; send "no news yet" when it passes."""
    return _commit_then_enqueue(incident_service.check_promises, now)


def followup_surveys(now: datetime | None = None) -> int:
    return _commit_then_enqueue(incident_service.send_due_surveys, now)


def overdue_compensation(now: datetime | None = None) -> int:
    """Promised compensation past its date: staff alerted, customer told a new date."""
    return _commit_then_enqueue(payments.check_overdue, now)


def release_held_updates(now: datetime | None = None) -> int:
    released = incident_service.release_held(now or utcnow())
    db.session.commit()
    if not released:
        return 0
    severities = {i.id: i.severity for i in db.session.query(Incident).filter(
        Incident.id.in_(list(released)))}
    for incident_id, pairs in released.items():
        enqueue_batches(severities[incident_id], pairs)
    return sum(len(p) for p in released.values())


LIFECYCLE_SWEEPS = [
    ("process_webhook_events", 2.0, process_webhook_events),
    ("release_held_updates", 2.0, release_held_updates),
    ("escalate", 10.0, escalate),
    ("promised_updates", 15.0, promised_updates),
    ("followup_surveys", 30.0, followup_surveys),
    ("overdue_compensation", 60.0, overdue_compensation),
]

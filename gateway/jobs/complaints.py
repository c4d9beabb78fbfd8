"""Complaint jobs: sending a complaint's messages, and the scheduler's complaint
sweeps (thin: the rules are in `gateway.complaints.sla` and `.surveys`).

Each sweep takes an optional `now` (tests move the clock), commits, and only
then enqueues what it created.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from ..complaints import sla
from ..complaints.steps import Settings
from ..complaints.surveys import close_unanswered, send_due_surveys
from ..store.db import db, utcnow
from .batches import COMPLAINT_SEVERITY, enqueue_batches


def enqueue(pairs: Sequence[tuple[int, str]]) -> None:
    """Send a complaint's messages at once: call after the commit."""
    if pairs:
        enqueue_batches(COMPLAINT_SEVERITY, list(pairs))


def acknowledge(now: datetime | None = None) -> int:
    moved = sla.mark_acknowledged(now)
    db.session.commit()
    return moved


def watch_sla(now: datetime | None = None) -> int:
    """Flag complaints near `first_contact_due` and breaches; the alerts to staff
    are rows the scheduler's `send_staff_alerts` sends and retries."""
    alerted = sla.sla_alerts(Settings.from_config(), now)
    db.session.commit()
    return alerted


def surveys(now: datetime | None = None) -> int:
    pairs = send_due_surveys(Settings.from_config(), now or utcnow())
    closed = close_unanswered(now)
    db.session.commit()
    enqueue(pairs)
    return len(pairs) + closed


COMPLAINT_SWEEPS = [
    ("complaints_acknowledged", 2.0, acknowledge),
    ("complaints_sla", 15.0, watch_sla),
    ("complaints_surveys", 30.0, surveys),
]

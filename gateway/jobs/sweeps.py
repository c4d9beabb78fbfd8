"""Periodic sweeps run by the scheduler (name, every N seconds, function)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from ..store.db import db, utcnow
from ..store.models import Incident
from . import queues
from .dispatch import run_expansion

EXPANSION_STALE = timedelta(seconds=60)


def restart_lost_expansions() -> int:
    """Re-enqueue expansion for incidents still dispatching after a while.

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


SWEEPS = [("restart_lost_expansions", 30.0, restart_lost_expansions)]

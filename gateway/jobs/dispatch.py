"""Starting a dispatch: enqueue the expansion job after the commit."""

from __future__ import annotations

from .. import queues
from ..incidents.models import Incident
from ..store.db import db
from .expand import expand


def start(incident_id: int) -> None:
    """Enqueue expansion; if Redis forgets the job, the sweeper re-runs it."""
    incident = db.session.get_one(Incident, incident_id)
    queues.enqueue(incident.severity, run_expansion, incident_id, at_front=True)


def run_expansion(incident_id: int) -> int:
    """RQ job: create the incident's delivery rows and start sending them."""
    from ..profiling import publish, step
    from .send import on_queued

    with step("expand"):
        created = expand(incident_id, on_queued=on_queued)
    publish(queues.connection())
    return created

"""Starting a dispatch: enqueue the expansion job after the commit."""

from __future__ import annotations

from .. import queues
from ..incidents.models import Incident
from ..intake.expansion import expand, first_chunk_queued
from ..profiling import job_ended, job_started, publish, step
from ..store.db import db
from .batches import enqueue_batches


def start(incident_id: int) -> None:
    """Enqueue expansion and, ahead of it, the send jobs of the first chunk the POST
    wrote (if it did): a lone worker sends the first message before expanding.
    If Redis forgets them, the sweeper re-runs expansion and re-queues the rows."""
    incident = db.session.get_one(Incident, incident_id)
    queues.enqueue(incident.severity, run_expansion, incident_id, at_front=True)
    if first := first_chunk_queued(incident):
        enqueue_batches(incident.severity, first, at_front=True)


def run_expansion(incident_id: int) -> int:
    """RQ job: create the incident's delivery rows and start sending them."""
    # Here, not at the top: the API imports this module (start) and never sends,
    # so it does not load the send job (gateway/jobs/send.py).
    from .send import on_queued

    started = job_started()
    with step("expand"):
        created = expand(incident_id, on_queued=on_queued)
    job_ended(started)
    publish(queues.connection())
    return created

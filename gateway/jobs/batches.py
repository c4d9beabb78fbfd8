"""Send jobs as they are enqueued: a channel's delivery ids cut into batches.

The API enqueues send jobs (a dispatch's first chunk, an update, compensation,
a complaint's answer) but never runs one, so it enqueues them by name
(``SEND_JOB``) from here, without importing the send job (`gateway/jobs/send.py`)
and what only sending needs (batch rendering, the provider loops, the circuit
breakers): ~2 MB less in every API process (issue 14: every process at most
128 MB at a million customers). RQ stores the job's function by the same dotted
name either way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from .. import queues
from ..delivery.batching import batch_size

SEND_JOB = "gateway.jobs.send.send_batch"  # send_batch(channel, delivery_ids)
COMPLAINT_SEVERITY = "high"  # a complaining customer hears from us within seconds, day or night


def enqueue_batches(severity: str, pairs: Sequence[tuple[int, str]],
                    at_front: bool = False) -> None:
    by_channel: dict[str, list[int]] = defaultdict(list)
    for delivery_id, channel in pairs:
        by_channel[channel].append(delivery_id)
    for channel, ids in by_channel.items():
        size = batch_size(channel)
        for start in range(0, len(ids), size):
            batch = ids[start:start + size]
            queues.enqueue(severity, SEND_JOB, channel, batch, at_front=at_front,
                           job_id=queues.send_job_id(channel, batch))

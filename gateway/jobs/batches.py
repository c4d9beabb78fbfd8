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

from flask import current_app

from .. import queues

SEND_JOB = "gateway.jobs.send.send_batch"  # send_batch(channel, delivery_ids)
# A job's claimed rows, loaded customers and their messages are most of a worker's working
# set above its start-up, and a worker's peak RSS follows it (issue 14: at most 128 MB a
# process): jobs of 1000 put workers ~2.4 MB higher than jobs of 500 at the same speed
# (docs/benchmark-history.md, h123); jobs of 250 were ~6 MB lower but much slower.
BATCH_SIZE = {"email": 500, "sms": 500, "whatsapp": 500, "chat": 500}
COMPLAINT_SEVERITY = "high"  # a complaining customer hears from us within seconds, day or night


def batch_size(channel: str) -> int:
    """Deliveries per send job: BATCH_SIZE, or SEND_BATCH_SIZE for every channel
    (tuning and the naive benchmark baseline, 1)."""
    size: int | None = current_app.config["GATEWAY"].send_batch_size
    return BATCH_SIZE[channel] if size is None else size


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


def whole_batches(pairs: Sequence[tuple[int, str]]
                  ) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(delivery id, channel) pairs split into those that fill whole send jobs of
    their channel (`batch_size`) and the rest: each channel's last, part-filled batch."""
    by_channel: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for pair in pairs:
        by_channel[pair[1]].append(pair)
    whole: list[tuple[int, str]] = []
    rest: list[tuple[int, str]] = []
    for channel, group in by_channel.items():
        cut = len(group) - len(group) % batch_size(channel)
        whole += group[:cut]
        rest += group[cut:]
    return whole, rest

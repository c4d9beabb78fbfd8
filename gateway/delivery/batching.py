"""How many deliveries a send job takes, per channel: the size the send jobs are
cut to (`jobs.batches.enqueue_batches`), that a send job works through
(`jobs.send`) and that expansion hands its queued rows over in (`intake.expansion`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from flask import current_app

# A job's claimed rows, loaded customers and their messages are most of a worker's working
# set above its start-up, and a worker's peak RSS follows it (issue 14: at most 128 MB a
# process): jobs of 1000 put workers ~2.4 MB higher than jobs of 500 at the same speed
# (docs/benchmark-history.md, h123); jobs of 250 were ~6 MB lower but much slower.
BATCH_SIZE = {"email": 500, "sms": 500, "whatsapp": 500, "chat": 500}


def batch_size(channel: str) -> int:
    """Deliveries per send job: BATCH_SIZE, or SEND_BATCH_SIZE for every channel
    (tuning and the naive benchmark baseline, 1)."""
    size: int | None = current_app.config["GATEWAY"].send_batch_size
    return BATCH_SIZE[channel] if size is None else size


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

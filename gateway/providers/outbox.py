"""The embedded default for every channel: keep the message instead of sending it.

A new user sees exactly what would have gone out (the sink the gateway
passes in stores each message as a row of `outbox_messages`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from gateway.providers.base import CHANNELS, OutboundMessage, OutboxSink, Outcome, SendResult


class OutboxProvider:
    name: ClassVar[str] = "outbox"
    channels: ClassVar[frozenset[str]] = CHANNELS
    max_batch: ClassVar[int] = 1000

    def __init__(self, sink: OutboxSink) -> None:
        self._sink = sink

    def send_batch(self, messages: Sequence[OutboundMessage]) -> list[SendResult]:
        """Store the batch in one call.

        The sink's errors propagate: a failing database write is the job's
        failure (retried by RQ and the sweeper), not a provider outcome.
        """
        self._sink(messages)
        return [
            SendResult(m.delivery_id, Outcome.ACCEPTED,
                       provider_message_id=f"outbox-{m.delivery_id}")
            for m in messages
        ]

    def close(self) -> None:
        """Nothing to release."""

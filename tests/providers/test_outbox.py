"""The outbox provider hands every message to the sink it was given."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from gateway.providers import OutboundMessage, Outcome, ProviderSettings, create
from tests.support.providers import message


def test_outbox_stores_and_accepts() -> None:
    stored: list[OutboundMessage] = []

    def sink(batch: Sequence[OutboundMessage]) -> None:
        stored.extend(batch)

    provider = create("outbox", ProviderSettings(), outbox_sink=sink)
    batch = [message(1), message(2, "sms", "+15551230001"), message(3, "chat", "https://x.example/h")]
    results = provider.send_batch(batch)
    assert stored == batch
    assert [(r.delivery_id, r.outcome, r.provider_message_id) for r in results] == [
        (1, Outcome.ACCEPTED, "outbox-1"),
        (2, Outcome.ACCEPTED, "outbox-2"),
        (3, Outcome.ACCEPTED, "outbox-3"),
    ]


def test_outbox_needs_a_sink() -> None:
    with pytest.raises(ValueError, match="outbox_sink"):
        create("outbox", ProviderSettings())

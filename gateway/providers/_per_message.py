"""What the providers that send one request a message share (Twilio, chat
webhooks): their calls run on an `OwnedLoop`, `send_batch` waits for every
answer, `start_batch` hands the calls to the loop and returns at once."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import ClassVar, Generic, TypeVar

from gateway.providers._aio import OwnedLoop, Sink
from gateway.providers.base import OutboundMessage, Outcome, ProviderSettings, SendResult

S = TypeVar("S")


class PerMessage(Generic[S]):
    """A provider sending each message of one of its `channels` on its own call
    `_send(state, bound, m)` over the loop's state `S` (its pool, its SDK client)."""

    name: ClassVar[str]
    channels: ClassVar[frozenset[str]]
    # A call that raised where it should have answered: may the message have gone?
    raised_may_have_gone: ClassVar[bool]
    _settings: ProviderSettings
    _loop: OwnedLoop[S]

    async def _send(self, state: S, bound: asyncio.Semaphore, m: OutboundMessage
                    ) -> SendResult:
        raise NotImplementedError

    async def _checked(self, state: S, bound: asyncio.Semaphore, m: OutboundMessage
                       ) -> SendResult:
        if m.channel not in self.channels:
            return SendResult(m.delivery_id, Outcome.PERMANENT,
                              error=f"{self.name} cannot send {m.channel}")
        return await self._send(state, bound, m)

    def _failed(self, m: OutboundMessage, e: BaseException) -> SendResult:
        return SendResult(m.delivery_id, Outcome.RETRYABLE,
                          error=f"{self.name} error: {e!r}"[:300],
                          ambiguous=self.raised_may_have_gone)

    def send_batch(self, messages: Sequence[OutboundMessage]) -> list[SendResult]:
        return self._loop.each(messages, self._checked, self._settings.concurrency)

    def start_batch(self, messages: Sequence[OutboundMessage], answers: Sink[SendResult]
                    ) -> None:
        """Start one request per message now; each result goes to `answers` as it
        comes. The caller bounds how many are in flight (gateway/jobs/send.py)."""
        self._loop.start(messages, self._checked, answers, self._failed)

    def io_threads(self) -> list[int]:
        """The threads this provider's requests run on (their CPU is `provider`'s in
        `bench --profile`): its event loop's."""
        ident = self._loop.thread_id()
        return [] if ident is None else [ident]

    def close(self) -> None:
        self._loop.close()

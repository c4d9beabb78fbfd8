"""What every fake API shares: behaviour, the record of what was received,
counters, misbehaving on request, answering and posting callbacks."""

from __future__ import annotations

import asyncio
import itertools
import random
import secrets
import threading
import time
from collections import Counter
from typing import Any

import aiohttp

from .records import APIS, CHANNELS, Behaviour, Received
from .signing import SendGridSigner
from .wire import Reply, Request, json_reply


class FakeCore:
    """The fake server's state, its Python control surface, and what every fake API
    does alike: misbehave when told to, answer, record, post callbacks."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        record: str = "full",
        sendgrid_event_url: str | None = None,
        signer: SendGridSigner | None = None,
    ) -> None:
        self.host, self.port = host, port
        self.record = record  # "full" keeps every message; "count" keeps only counts
        self.sendgrid_event_url = sendgrid_event_url
        self.signer = signer or SendGridSigner()
        self.behaviour = {api: Behaviour() for api in APIS}
        self.counts: Counter[str] = Counter()  # channel -> messages accepted
        # channel -> wall-clock time of the first / latest message accepted (benchmarks)
        self.first_at: dict[str, float] = {}
        self.last_at: dict[str, float] = {}
        self.requests: Counter[str] = Counter()  # "<api> <status>" -> requests answered
        self._received: list[Received] = []
        self._seq = itertools.count(1)
        self._prefix = secrets.token_hex(4)
        self._events: list[dict[str, Any]] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.Server | None = None
        self._session: aiohttp.ClientSession | None = None
        self._thread: threading.Thread | None = None

    # -- Python control surface ---------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def chat_url(self, name: str = "hook") -> str:
        """A chat webhook URL on this server (recorded as channel "chat")."""
        return f"{self.url}/chat/{name}"

    def configure(self, api: str | None = None, **changes: Any) -> None:
        """Change the behaviour of one API, or of all three when `api` is None."""
        for name in [api] if api else APIS:
            self.behaviour[name].update(**changes)

    def received(self, channel: str | None = None, to: str | None = None) -> list[Received]:
        return [
            r
            for r in list(self._received)
            if (channel is None or r.channel == channel) and (to is None or r.to == to)
        ]

    def reset(self) -> None:
        """Forget everything received and restore default behaviour."""
        self._received.clear()
        self._events.clear()
        self.counts.clear()
        self.first_at.clear()
        self.last_at.clear()
        self.requests.clear()
        self.behaviour = {api: Behaviour() for api in APIS}

    def stats(self) -> dict[str, Any]:
        return {"counts": dict(self.counts), "requests": dict(self.requests),
                "first_at": dict(self.first_at), "last_at": dict(self.last_at)}

    # -- helpers -----------------------------------------------------------------

    def _spawn(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _count(self, channel: str) -> float:
        now = time.time()
        self.counts[channel] += 1
        self.first_at.setdefault(channel, now)
        self.last_at[channel] = now
        return now

    def _keep(self, r: Received) -> None:
        now = self._count(r.channel)
        if self.record == "full":
            r.at = now
            self._received.append(r)

    async def _misbehave(self, api: str, request: Request) -> tuple[int, float | None] | None:
        """Apply latency/hang/outage/error rates; (status, retry_after) to answer instead."""
        b = self.behaviour[api]
        if b.latency_ms:
            await asyncio.sleep(b.latency_ms / 1000)
        while self.behaviour[api].hang and not request.gone():
            await asyncio.sleep(0.05)
        if request.gone():
            return 408, None  # the client gave up; nobody reads this answer
        if b.reject_auth:
            return 401, None
        if b.outage:
            return 503, b.retry_after
        if b.error_rates:
            roll = random.random()
            for status, rate in b.error_rates.items():
                if roll < rate:
                    return status, b.retry_after if status in (429, 503) else None
                roll -= rate
        return None

    def _answer(
        self, api: str, status: int, body: Any, headers: dict[str, str] | None = None
    ) -> Reply:
        self.requests[f"{api} {status}"] += 1
        return (status, b"", headers) if body is None else json_reply(status, body, headers)

    def _error_headers(self, retry_after: float | None) -> dict[str, str] | None:
        return None if retry_after is None else {"Retry-After": f"{retry_after:g}"}

    async def _answer_late(self, api: str, request: Request) -> None:
        b = self.behaviour[api]
        if b.late_answer_ms:
            await asyncio.sleep(b.late_answer_ms / 1000)
        while self._holding(api) and not request.gone():
            await asyncio.sleep(0.05)

    def _holding(self, api: str) -> bool:
        b = self.behaviour[api]
        return b.hold_accepted or (
            b.hold_after is not None
            and sum(self.counts[c] for c in CHANNELS[api]) > b.hold_after)

    async def _post(
        self, url: str, data: Any, headers: dict[str, str], api: str = "sendgrid"
    ) -> None:
        assert self._session is not None
        for attempt in range(self.behaviour[api].callback_retries + 1):
            if attempt:
                await asyncio.sleep(min(2 ** attempt, 30))
                self.requests["callback retry"] += 1
            try:
                async with self._session.post(
                    url, data=data, headers=headers, timeout=aiohttp.ClientTimeout(total=10)
                ) as resp:
                    await resp.read()
                    self.requests[f"callback {resp.status}"] += 1
                    if resp.status < 500:
                        return
            # counted, like a real provider's failed attempt
            except (aiohttp.ClientError, OSError, TimeoutError) as exc:
                self.requests[f"callback error {type(exc).__name__}"] += 1

"""An event loop owned by a provider object, driven from synchronous jobs.

RQ jobs are synchronous; the providers overlap their HTTP calls with asyncio.
The loop and its sessions are built once per process (not per batch) and
rebuilt after a fork, because a forked RQ work-horse must not share the
parent's sockets or selector.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")
Item = TypeVar("Item")


class OwnedLoop(Generic[T]):
    """Runs coroutines on a private loop; `setup` builds per-loop state (sessions)."""

    def __init__(
        self,
        setup: Callable[[], Awaitable[T]],
        teardown: Callable[[T], Awaitable[None]],
    ) -> None:
        self._setup = setup
        self._teardown = teardown
        self._lock = threading.Lock()  # one batch at a time per provider object
        self._pid = -1
        self._loop: asyncio.AbstractEventLoop | None = None
        self._state: T | None = None
        # Kept referenced, never closed: a forked child must not tear down (or let
        # the GC warn about) the parent's sessions, whose sockets it shares.
        self._inherited: list[object] = []
        with self._lock:
            self._ensure()

    def _ensure(self) -> tuple[asyncio.AbstractEventLoop, T]:
        if self._pid != os.getpid() or self._loop is None or self._state is None:
            # After fork the parent's loop and connections are not ours: start afresh.
            if self._loop is not None:
                self._inherited.append((self._loop, self._state))
            self._loop = asyncio.new_event_loop()
            self._state = self._loop.run_until_complete(self._setup())
            self._pid = os.getpid()
        return self._loop, self._state

    def run(self, work: Callable[[T], Awaitable[R]]) -> R:
        with self._lock:
            loop, state = self._ensure()
            return loop.run_until_complete(work(state))

    def each(
        self,
        items: Sequence[Item],
        call: Callable[[T, asyncio.Semaphore, Item], Awaitable[R]],
        concurrency: int,
    ) -> list[R]:
        """`call(state, bound, item)` for every item, at most `concurrency` inside
        `bound` at once; the results in the items' order."""
        if not items:
            return []

        async def work(state: T) -> list[R]:
            bound = asyncio.Semaphore(concurrency)
            return await asyncio.gather(*(call(state, bound, item) for item in items))

        return self.run(work)

    def close(self) -> None:
        with self._lock:
            if self._loop is None:
                return
            if self._pid == os.getpid() and self._state is not None:
                self._loop.run_until_complete(self._teardown(self._state))
                self._loop.run_until_complete(self._loop.shutdown_asyncgens())
            self._loop.close()
            self._loop = None
            self._state = None

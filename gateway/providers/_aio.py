"""An event loop owned by a provider object, on a thread of its own.

RQ jobs are synchronous; the providers overlap their HTTP calls with asyncio.
The loop runs on its own thread so a send job can keep working (claiming,
rendering, writing outcomes) while its requests are in flight: `start` hands
calls to the loop and returns at once, their answers arrive in an `Answers`
the job takes from. `run` and `each` wait for the answer as before.
The loop, its thread and its sessions are built once per process (not per
batch) and rebuilt after a fork, because a forked process must not share the
parent's sockets or selector (and has none of its threads).
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Awaitable, Callable, Coroutine, Iterable, Sequence
from typing import Any, Generic, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")
R_contra = TypeVar("R_contra", contravariant=True)
Item = TypeVar("Item")
BIG = 1 << 30  # a semaphore that never makes anyone wait (the caller bounds the calls)


class Sink(Protocol[R_contra]):
    """Where a provider puts the answers of the calls it started."""

    def put(self, answer: R_contra) -> None: ...

    def put_all(self, answers: Iterable[R_contra]) -> None: ...


class Answers(Generic[R]):
    """Answers of calls running on another thread, taken by the caller as they come.

    `put` is called from the loop's thread (or a pool thread), `take` from the
    job's thread; nothing is lost or taken twice."""

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._ready: list[R] = []
        self._wanted = 1

    def put(self, answer: R) -> None:
        with self._cond:
            self._ready.append(answer)
            if len(self._ready) in (1, self._wanted):
                self._cond.notify()

    def put_all(self, answers: Iterable[R]) -> None:
        with self._cond:
            self._ready.extend(answers)
            self._cond.notify()

    def ready(self) -> int:
        return len(self._ready)

    def take(self, wanted: int, linger: float) -> list[R]:
        """Wait for one answer at least, then up to `linger` seconds more while
        fewer than `wanted` have come; return all that have come (maybe none
        when `wanted` is 0)."""
        with self._cond:
            self._wanted = max(1, wanted)
            deadline = None
            while len(self._ready) < wanted:
                if self._ready:
                    now = time.monotonic()
                    if deadline is None:
                        deadline = now + linger
                    if now >= deadline:
                        break
                    self._cond.wait(deadline - now)
                else:
                    self._cond.wait()
            taken, self._ready = self._ready, []
            return taken


class Tagged(Generic[T, R]):
    """A `Sink` that puts each answer, with its tag, into a shared `Answers`:
    the answers of several senders taken in one place, each known as its own."""

    def __init__(self, shared: Answers[tuple[T, R]], tag: T) -> None:
        self._shared, self._tag = shared, tag

    def put(self, answer: R) -> None:
        self._shared.put((self._tag, answer))

    def put_all(self, answers: Iterable[R]) -> None:
        self._shared.put_all([(self._tag, a) for a in answers])


class OwnedLoop(Generic[T]):
    """Runs coroutines on a private loop thread; `setup` builds per-loop state (sessions)."""

    def __init__(
        self,
        setup: Callable[[], Coroutine[Any, Any, T]],
        teardown: Callable[[T], Coroutine[Any, Any, None]],
    ) -> None:
        self._setup = setup
        self._teardown = teardown
        self._lock = threading.Lock()
        self._pid = -1
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._state: T | None = None
        self._free: asyncio.Semaphore | None = None
        self._running: set[asyncio.Task[None]] = set()
        # Kept referenced, never closed: a forked child must not tear down (or let
        # the GC warn about) the parent's sessions, whose sockets it shares.
        self._inherited: list[object] = []
        with self._lock:
            self._ensure()

    def _ensure(self) -> tuple[asyncio.AbstractEventLoop, T]:
        if self._pid != os.getpid() or self._loop is None or self._state is None:
            # After fork the parent's loop, thread and connections are not ours.
            if self._loop is not None:
                self._inherited.append((self._loop, self._state))
            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=loop.run_forever, name="provider-io", daemon=True)
            thread.start()
            self._loop, self._thread = loop, thread
            self._state = asyncio.run_coroutine_threadsafe(self._setup(), loop).result()
            self._free = None
            self._pid = os.getpid()
        return self._loop, self._state

    def thread_id(self) -> int | None:
        """The loop thread's id (its CPU clock is read for `bench --profile`)."""
        thread = self._thread
        return thread.ident if thread is not None and self._pid == os.getpid() else None

    def run(self, work: Callable[[T], Coroutine[Any, Any, R]]) -> R:
        with self._lock:
            loop, state = self._ensure()
        return asyncio.run_coroutine_threadsafe(work(state), loop).result()

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

    def start(
        self,
        items: Sequence[Item],
        call: Callable[[T, asyncio.Semaphore, Item], Awaitable[R]],
        answers: Sink[R],
        failed: Callable[[Item, BaseException], R],
    ) -> None:
        """Start `call(state, bound, item)` for every item now, without waiting:
        each result goes to `answers` as it comes (`failed(item, error)` if the
        call raised, so every item gets an answer). The caller bounds how many
        are in flight: `bound` never makes a call wait."""
        if not items:
            return
        with self._lock:
            loop, state = self._ensure()

        def spawn() -> None:
            if self._free is None:
                self._free = asyncio.Semaphore(BIG)
            free, running = self._free, self._running

            async def guarded(item: Item) -> None:
                try:
                    answer = await call(state, free, item)
                except Exception as e:  # a bug, not a provider answer: still answered
                    answer = failed(item, e)
                answers.put(answer)

            for item in items:
                task = loop.create_task(guarded(item))
                running.add(task)  # the loop keeps only a weak reference
                task.add_done_callback(running.discard)

        loop.call_soon_threadsafe(spawn)

    def close(self) -> None:
        with self._lock:
            loop = self._loop
            if loop is None:
                return
            if self._pid == os.getpid() and self._state is not None:
                state = self._state
                asyncio.run_coroutine_threadsafe(self._teardown(state), loop).result()
                asyncio.run_coroutine_threadsafe(loop.shutdown_asyncgens(), loop).result()
                loop.call_soon_threadsafe(loop.stop)
                if self._thread is not None:
                    self._thread.join(timeout=5)
                loop.close()
            self._loop = None
            self._thread = None
            self._state = None

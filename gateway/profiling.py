"""Per-step time of the send path, for `bench --profile` (GATEWAY_PROFILE=1).

Each step is timed exclusively (a nested step's time is not counted again in
the step around it), in CPU time of the calling thread and in wall time.
Totals are kept per process and written to a Redis hash after each job, so the
benchmark can sum them and divide them by the messages it sent. Off by default: then a step
is one shared no-op context manager.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

ENABLED = False  # set from Config.profile (GATEWAY_PROFILE=1) by create_app
REDIS_KEY = "gateway:profile"
STEPS = ("expand", "claim", "load", "render", "links", "provider", "write", "events", "audit",
         "lock")

_totals: dict[str, float] = defaultdict(float)
_stack: list[list[float]] = []  # per open step: [cpu start, wall start, child cpu, child wall]


class _Step:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __enter__(self) -> None:
        _stack.append([time.thread_time(), time.perf_counter(), 0.0, 0.0])

    def __exit__(self, *exc: object) -> None:
        cpu0, wall0, child_cpu, child_wall = _stack.pop()
        cpu, wall = time.thread_time() - cpu0, time.perf_counter() - wall0
        _totals[f"{self.name}.cpu"] += cpu - child_cpu
        _totals[f"{self.name}.wall"] += wall - child_wall
        if _stack:
            _stack[-1][2] += cpu
            _stack[-1][3] += wall


class _Off:
    __slots__ = ()

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


_OFF = _Off()
_STEPS = {name: _Step(name) for name in STEPS}


def step(name: str) -> Any:
    """`with step("render"): …` — timed only when profiling is on."""
    return _STEPS[name] if ENABLED else _OFF


def add(name: str, cpu: float, wall: float) -> None:
    """Count time spent for a step off the working thread."""
    if ENABLED:
        _totals[f"{name}.cpu"] += cpu
        _totals[f"{name}.wall"] += wall


# Threads other than the working one whose CPU is a step's (a provider's event loop,
# SendGrid's pool): their id → [the step, their CPU clock when last counted].
_others: dict[int, list[Any]] = {}


def _thread_cpu(ident: int) -> float | None:
    try:
        return time.clock_gettime(time.pthread_getcpuclockid(ident))
    except (OSError, AttributeError):  # the thread has ended (or no such clock here)
        return None


def watch_threads(name: str, idents: Iterable[int], started: bool = False) -> None:
    """Count the CPU of these threads under `name` from now on, whenever they use
    it: a send job's last requests are answered on them after its window ends,
    while the worker's next job claims and renders (its carried answers,
    gateway/jobs/send_flights.py). `publish` counts it. A thread not seen
    before is counted from now (what it did at warm-up is not the step's),
    or, `started` for the step's requests, whole."""
    if not ENABLED:
        return
    me = threading.get_ident()
    for ident in idents:
        if ident != me and ident not in _others:
            cpu = 0.0 if started else _thread_cpu(ident)
            if cpu is not None:
                _others[ident] = [name, cpu]


def _count_others() -> None:
    """Add what the watched threads used since last counted; forget ended ones (an
    ended thread's id is not asked: a new thread may have it)."""
    alive = {t.ident for t in threading.enumerate()}
    for ident, seen in list(_others.items()):
        cpu = _thread_cpu(ident) if ident in alive else None
        if cpu is None:
            del _others[ident]
            continue
        _totals[f"{seen[0]}.cpu"] += cpu - seen[1]
        seen[1] = cpu


class Window:
    """How full a send job keeps its window: the time integral of the messages
    started and not yet recorded (message-seconds) and the time any was, summed
    per process as `window.area` and `window.busy` (`bench --profile` divides
    them by each worker's span from its first job's start to its last job's end)."""

    __slots__ = ("at", "n")

    def __init__(self) -> None:
        self.at, self.n = time.perf_counter(), 0

    def set(self, n: int) -> None:
        now = time.perf_counter()
        if self.n:
            _totals["window.area"] += self.n * (now - self.at)
            _totals["window.busy"] += now - self.at
        self.at, self.n = now, n


def job_started() -> float:
    """A job's start (wall clock), for the worker's span; 0 when profiling is off."""
    if not ENABLED:
        return 0.0
    now = time.time()
    _span[0] = min(_span[0], now)
    return now


def job_ended(started: float) -> None:
    if ENABLED:
        now = time.time()
        _totals["jobs.wall"] += now - started
        _span[1] = max(_span[1], now)


_span = [float("inf"), 0.0]  # this process's first job start and last job end


def publish(connection: Any, messages: int = 0) -> None:
    """Write this process's running totals (and `messages` handled) to the Redis
    hash, as one field of its own: one command a job. A HINCRBYFLOAT a total,
    ~25 in a pipeline, cost ~1 ms of CPU a job, ~2 µs a message that the
    benchmark counted as "RQ and the rest"."""
    if not ENABLED:
        return
    _count_others()
    _totals["messages"] += messages
    _totals["jobs"] += 1
    fields: dict[str, float] = dict(_totals)
    if _span[1]:
        fields["span.first"], fields["span.last"] = _span
    connection.hset(REDIS_KEY, f"process.{os.getpid()}", json.dumps(fields))


def summed(hits: dict[Any, Any]) -> dict[str, float]:
    """The workers' totals from the Redis hash (`publish`), summed; each process's
    span as `span.<pid>.first` and `span.<pid>.last`."""
    totals: dict[str, float] = defaultdict(float)
    for field, value in hits.items():
        name = field.decode() if isinstance(field, bytes) else str(field)
        pid = name.removeprefix("process.")
        for key, figure in json.loads(value).items():
            if key.startswith("span."):
                totals[f"span.{pid}.{key.removeprefix('span.')}"] = figure
            else:
                totals[key] += figure
    return totals

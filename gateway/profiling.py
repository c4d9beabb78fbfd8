"""Per-step time of the send path, for `bench --profile` (GATEWAY_PROFILE=1).

Each step is timed exclusively (a nested step's time is not counted again in
the step around it), in CPU time of the calling thread and in wall time.
Totals are kept per process and added to a Redis hash after each job, so the
benchmark can divide them by the messages it sent. Off by default: then a step
is one shared no-op context manager.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
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
    """Count time spent for a step off the working thread (the provider's loop thread)."""
    if ENABLED:
        _totals[f"{name}.cpu"] += cpu
        _totals[f"{name}.wall"] += wall


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
    """Add this process's totals (and `messages` handled) to the Redis hash; reset them."""
    if not ENABLED or not (_totals or messages):
        return
    pipe = connection.pipeline(transaction=False)
    for key, value in _totals.items():
        pipe.hincrbyfloat(REDIS_KEY, key, value)
    if _span[1]:
        pid = os.getpid()
        pipe.hsetnx(REDIS_KEY, f"span.{pid}.first", _span[0])
        pipe.hset(REDIS_KEY, f"span.{pid}.last", _span[1])
    if messages:
        pipe.hincrby(REDIS_KEY, "messages", messages)
    pipe.hincrby(REDIS_KEY, "jobs", 1)
    pipe.execute()
    _totals.clear()

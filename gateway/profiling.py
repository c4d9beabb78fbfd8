"""Per-step time of the send path, for `bench --profile` (GATEWAY_PROFILE=1).

Each step is timed exclusively (a nested step's time is not counted again in
the step around it), in CPU time of the calling thread and in wall time.
Totals are kept per process and added to a Redis hash after each job, so the
benchmark can divide them by the messages it sent. Off by default: then a step
is one shared no-op context manager.
"""

from __future__ import annotations

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


def publish(connection: Any, messages: int = 0) -> None:
    """Add this process's totals (and `messages` handled) to the Redis hash; reset them."""
    if not ENABLED or not (_totals or messages):
        return
    pipe = connection.pipeline(transaction=False)
    for key, value in _totals.items():
        pipe.hincrbyfloat(REDIS_KEY, key, value)
    if messages:
        pipe.hincrby(REDIS_KEY, "messages", messages)
    pipe.hincrby(REDIS_KEY, "jobs", 1)
    pipe.execute()
    _totals.clear()

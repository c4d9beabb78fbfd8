"""`bench --profile`'s totals (gateway/profiling.py): what a worker writes after each
job, and the CPU of the provider's own threads, counted whenever they use it."""

from __future__ import annotations

import json
import os
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from gateway import profiling


class _Hash:
    """The one Redis command `publish` sends."""

    def __init__(self) -> None:
        self.fields: dict[str, str] = {}

    def hset(self, key: str, field: str, value: str) -> None:
        assert key == profiling.REDIS_KEY
        self.fields[field] = value


@pytest.fixture
def profiled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(profiling, "ENABLED", True)
    monkeypatch.setattr(profiling, "_totals", defaultdict(float))
    monkeypatch.setattr(profiling, "_others", {})
    monkeypatch.setattr(profiling, "_span", [float("inf"), 0.0])


@pytest.mark.usefixtures("profiled")
def test_a_process_writes_its_running_totals_as_one_field_and_the_bench_sums_them() -> None:
    redis = _Hash()
    profiling.add("render", 0.5, 0.75)
    profiling.publish(redis, messages=500)
    profiling.add("render", 0.25, 0.25)
    profiling.job_ended(profiling.job_started())
    profiling.publish(redis, messages=300)
    assert list(redis.fields) == [f"process.{os.getpid()}"]  # written over, not added to
    other = {"render.cpu": 1.0, "messages": 200, "jobs": 1, "span.first": 5.0, "span.last": 9.0}
    hits: dict[Any, Any] = {k.encode(): v.encode() for k, v in redis.fields.items()}
    hits[b"process.1"] = json.dumps(other).encode()
    totals = profiling.summed(hits)
    assert totals["render.cpu"] == pytest.approx(1.75)
    assert totals["render.wall"] == pytest.approx(1.0)
    assert totals["messages"] == 1000 and totals["jobs"] == 3
    assert (totals["span.1.first"], totals["span.1.last"]) == (5.0, 9.0)
    mine = json.loads(redis.fields[f"process.{os.getpid()}"])
    assert totals[f"span.{os.getpid()}.last"] == mine["span.last"] >= mine["span.first"]


def _burn(seconds: float) -> None:
    """Use `seconds` of this thread's CPU."""
    start = time.thread_time()
    while time.thread_time() - start < seconds:
        pass


@contextmanager
def _running(body: Callable[[], None]) -> Iterator[threading.Thread]:
    """A thread running `body`, then waiting until the block ends (so it is alive
    while the block publishes)."""
    stop = threading.Event()

    def run() -> None:
        body()
        stop.wait()

    thread = threading.Thread(target=run)
    thread.start()
    try:
        yield thread
    finally:
        stop.set()
        thread.join()


@pytest.mark.usefixtures("profiled")
def test_a_watched_threads_cpu_counts_after_the_step_that_watched_it_ends() -> None:
    """A send job's last requests are answered on the provider's thread after its
    window ends (carried answers): that CPU is still `provider`'s; what the thread
    used before it was watched (its warm-up) is not."""
    warm, go, worked = (threading.Event() for _ in range(3))

    def provider_thread() -> None:
        _burn(0.03)  # warm-up
        warm.set()
        go.wait()
        _burn(0.05)  # requests answered after the step that watched it ended
        worked.set()

    with _running(provider_thread) as thread:
        assert warm.wait(10)
        profiling.watch_threads("provider", [thread.ident or 0])  # the step's window starts
        go.set()  # ... and has ended when the thread works
        assert worked.wait(10)
        profiling.publish(_Hash())
        assert 0.05 <= profiling._totals["provider.cpu"] < 0.075
    profiling.publish(_Hash())
    assert thread.ident not in profiling._others  # an ended thread's id is not asked again


@pytest.mark.usefixtures("profiled")
def test_a_thread_started_for_the_steps_requests_counts_whole_and_this_one_not_twice() -> None:
    done = threading.Event()

    def pool_thread() -> None:
        _burn(0.02)
        done.set()

    with _running(pool_thread) as thread:
        assert done.wait(10)
        profiling.watch_threads("provider", [thread.ident or 0, threading.get_ident()],
                                started=True)
        profiling.publish(_Hash())
        assert profiling._totals["provider.cpu"] >= 0.02
        assert threading.get_ident() not in profiling._others  # its time is the steps'

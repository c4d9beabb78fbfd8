"""`timeout` ends a benchmark with SIGTERM: every process it started goes with it, whenever
the signal lands (a child starting, the run, the teardown), however the child handles SIGTERM.
Left running, its workers took the next run's jobs from the same Redis.

Each test marks the benchmark's environment, which every process it starts inherits, so a
process left behind is found even once it has lost its parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable

import psutil
import pytest

from tests.support.processes import ROOT, wait_until

pytestmark = pytest.mark.slow

MARK = "GATEWAY_TEST_RUN"


def marked(run: str) -> list[psutil.Process]:
    """The live processes carrying `run` in their environment."""
    found = []
    for proc in psutil.process_iter():
        try:
            if proc.environ().get(MARK) == run and proc.status() != psutil.STATUS_ZOMBIE:
                found.append(proc)
        except psutil.Error:  # another user's, or ended meanwhile
            continue
    return found


def start(argv: list[str]) -> tuple[subprocess.Popen[bytes], str]:
    run = uuid.uuid4().hex
    proc = subprocess.Popen([sys.executable, *argv], cwd=ROOT, env={**os.environ, MARK: run},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return proc, run


def assert_all_gone(proc: subprocess.Popen[bytes], run: str) -> None:
    """SIGTERM to `proc`: it ends, and no process of its run is left (30 s to go)."""
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=90) in (128 + signal.SIGTERM, -signal.SIGTERM)
    try:
        wait_until(lambda: not marked(run), 30, "the processes the benchmark started to end",
                   every=0.5, detail=lambda: [(p.pid, p.cmdline()) for p in marked(run)])
    finally:
        for left in marked(run):
            left.kill()


Seen = dict[int, tuple[int, list[str]]]  # pid: (parent pid, command line)


def _gunicorn_masters(seen: Seen) -> set[int]:
    return {pid for pid, (ppid, argv) in seen.items()
            if "gunicorn" in argv and "gunicorn" not in seen.get(ppid, (0, []))[1]}


MOMENTS: dict[str, Callable[[Seen], bool]] = {
    # the fake providers, the first process the pipeline benchmark starts, just started
    "first child": lambda seen: bool(seen),
    # the API's gunicorn master forking its workers
    "API workers forking": lambda seen: any(
        ppid in _gunicorn_masters(seen) for ppid, _ in seen.values()),
    # an RQ worker just started, before its `finally` is in place
    "RQ worker starting": lambda seen: any(argv[-1:] == ["worker"] for _, argv in seen.values()),
    # the first phase run and torn down: the naive phase's API starting
    "second phase": lambda seen: len(_gunicorn_masters(seen)) >= 2,
}


def terminate_at(argv: list[str], moment: str, reached: Callable[[Seen], bool]) -> None:
    """Start the benchmark `argv`, send it SIGTERM once `reached` holds of the processes it
    has started, and check that it ends and none of them is left."""
    bench, run = start(["-m", "gateway", "bench", *argv])
    try:
        seen: Seen = {}
        while not reached(seen):
            assert bench.poll() is None, f"the benchmark ended before {moment!r}"
            for proc in marked(run):
                if proc.pid != bench.pid and proc.pid not in seen:
                    try:
                        seen[proc.pid] = (proc.ppid(), proc.cmdline())
                    except psutil.Error:
                        continue
            time.sleep(0.02)
        assert_all_gone(bench, run)
    finally:
        if bench.poll() is None:
            bench.kill()


@pytest.mark.parametrize("moment", MOMENTS)
def test_a_terminated_pipeline_bench_leaves_no_process_of_its_own(moment: str) -> None:
    terminate_at(["--customers", "2000", "--naive-customers", "10", "--runs", "1",
                  "--workers", "1"], moment, MOMENTS[moment])


LOAD_MOMENTS: dict[str, Callable[[Seen], bool]] = {
    "API workers forking": MOMENTS["API workers forking"],
    # the scheduler, the last process the load benchmark starts, before it waits for workers
    "scheduler starting": lambda seen: any(
        argv[-1:] == ["scheduler"] for _, argv in seen.values()),
}


@pytest.mark.parametrize("moment", LOAD_MOMENTS)
def test_a_terminated_load_bench_leaves_no_process_of_its_own(moment: str) -> None:
    terminate_at(["--load", "--customers", "2000", "--workers", "1", "--api-workers", "1",
                  "--clients", "4", "--duration", "60"], moment, LOAD_MOMENTS[moment])


def test_a_terminated_signals_bench_leaves_no_process_of_its_own() -> None:
    """The early-warning benchmark runs in its own process (with an embedded Redis on the
    defaults): terminated while it ingests, it ends and leaves nothing running."""
    started = time.monotonic()
    terminate_at(["--signals"], "ingesting", lambda _seen: time.monotonic() - started > 5)


IGNORES_SIGTERM = ("import signal, subprocess, sys, time; "
                   "signal.signal(signal.SIGTERM, signal.SIG_IGN); "
                   "sys.argv[1:] and subprocess.Popen([sys.executable, '-c', sys.argv[1]]); "
                   "time.sleep(600)")


def test_children_that_ignore_sigterm_go_too() -> None:
    """A child that ignores SIGTERM, and its own child that does too, are killed after the
    grace period, the child never leaving its child behind."""
    script = ("import subprocess, sys, time\n"
              "from gateway.bench.command import end_on_sigterm\n"
              "end_on_sigterm()\n"
              f"CODE = {IGNORES_SIGTERM!r}\n"
              "subprocess.Popen([sys.executable, '-c', CODE, CODE])\n"
              "time.sleep(600)\n")
    parent, run = start(["-c", script])
    try:
        wait_until(lambda: len(marked(run)) == 3, 60, "the child and its child to start")
        assert_all_gone(parent, run)
    finally:
        if parent.poll() is None:
            parent.kill()

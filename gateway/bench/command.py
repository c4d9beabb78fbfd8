"""`python -m gateway bench`: which benchmark its flags ask for (see cli for the flags)."""

from __future__ import annotations

import argparse
import signal
import time
from types import FrameType

import psutil

GRACE_SECONDS = 10.0  # a child's own warm shutdown (gunicorn's is 5 s), then SIGKILL


def stop_descendants(grace: float = GRACE_SECONDS) -> None:
    """Stop every process this one started and theirs (the API's gunicorn workers too),
    however each handles SIGTERM: SIGTERM once each, then SIGKILL after `grace`
    seconds. The tree is walked again until it is empty, so a child started meanwhile
    is found; before SIGKILL every process is suspended (SIGSTOP) first, so none can
    start one that outlives its parent."""
    me = psutil.Process()
    deadline = time.monotonic() + grace
    told: set[psutil.Process] = set()
    while procs := _running(me):
        if time.monotonic() < deadline:
            for proc in set(procs) - told:
                _signal(proc, signal.SIGTERM)
                told.add(proc)
            psutil.wait_procs(procs, timeout=0.2)
            continue
        stopped: set[psutil.Process] = set()
        while new := set(_running(me)) - stopped:
            for proc in new:
                _signal(proc, signal.SIGSTOP)
            stopped |= new
        for proc in stopped:
            _signal(proc, signal.SIGKILL)
        psutil.wait_procs(list(stopped), timeout=1)


def _running(me: psutil.Process) -> list[psutil.Process]:
    """`me`'s descendants, without those already dead (zombies: their parent reaps them)."""
    procs = []
    for proc in me.children(recursive=True):
        try:
            if proc.status() != psutil.STATUS_ZOMBIE:
                procs.append(proc)
        except psutil.Error:  # ended meanwhile
            continue
    return procs


def _signal(proc: psutil.Process, signum: int) -> None:
    try:
        proc.send_signal(signum)
    except psutil.Error:  # ended meanwhile
        pass


def _end(signum: int, _frame: FrameType | None) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # `timeout` sends it twice: command, group
    stop_descendants()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # another during the unwinding ends this at once
    raise SystemExit(128 + signum)


def end_on_sigterm() -> None:
    """SIGTERM (`timeout`, a CI job's cancel) stops every process the benchmark started,
    then unwinds as Ctrl-C does (each `finally`: the PostgreSQL schema dropped, the
    embedded Redis stopped). Python's default dies without either, and the workers left
    running took the next run's jobs from Redis. The processes are found in the process
    tree, not in the benchmark's own lists, so one started a moment before the signal
    (not yet in a list, or its `finally` not yet reached) goes too."""
    signal.signal(signal.SIGTERM, _end)


def run(args: argparse.Namespace) -> int:
    end_on_sigterm()
    # Each benchmark imports only its own modules (--lint: the linter's dictionaries).
    if args.lint:
        from .lint import run as run_lint

        return run_lint()
    if args.signals or args.signals_quality:
        from .signals import run as run_signals

        return run_signals(args)
    if args.load:
        from .load import run as run_load

        return run_load(args)
    from .pipeline import run as run_pipeline

    return run_pipeline(args)

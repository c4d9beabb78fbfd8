"""`python -m gateway bench`: which benchmark its flags ask for (see cli for the flags)."""

from __future__ import annotations

import argparse
import signal
import sys
from types import FrameType


def _unwind(signum: int, _frame: FrameType | None) -> None:
    sys.exit(128 + signum)


def run(args: argparse.Namespace) -> int:
    # SIGTERM (`timeout`, a CI job's cancel) unwinds as Ctrl-C does, so the workers, API and
    # fake providers the benchmark started are stopped with it, not left running to take the
    # next run's jobs from Redis (Python's default dies without running `finally`).
    signal.signal(signal.SIGTERM, _unwind)
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

"""`python -m gateway bench`: which benchmark its flags ask for (see cli for the flags)."""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
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

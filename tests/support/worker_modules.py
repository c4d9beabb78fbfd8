"""RQ jobs that answer the names of the modules their worker process has loaded,
and its optimisation level (tests/delivery/test_worker_imports.py). Import
nothing of their own."""

from __future__ import annotations

import sys


def loaded() -> list[str]:
    return sorted(sys.modules)


def optimize() -> int:
    return sys.flags.optimize

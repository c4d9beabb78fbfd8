"""An RQ job that answers the names of the modules its worker process has loaded
(tests/delivery/test_worker_imports.py). Imports nothing of its own."""

from __future__ import annotations

import sys


def loaded() -> list[str]:
    return sorted(sys.modules)

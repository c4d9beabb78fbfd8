"""A long-running process's "please stop" (SIGINT, SIGTERM) as a flag its loop
reads, so the turn in progress finishes before the process exits."""

from __future__ import annotations

import signal
from typing import Any


class StopRequest:
    """`requested` turns true at SIGINT or SIGTERM (making one installs the handlers)."""

    def __init__(self) -> None:
        self.requested = False
        signal.signal(signal.SIGINT, self._request)
        signal.signal(signal.SIGTERM, self._request)

    def _request(self, *_: Any) -> None:
        self.requested = True

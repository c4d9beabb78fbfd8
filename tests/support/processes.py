"""Child processes in tests: a free port, their output read line by line, and
waiting for what they do."""

from __future__ import annotations

import queue
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parents[2]  # where `python -m gateway` runs


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def follow(stream: IO[str]) -> queue.Queue[str]:
    """A child's output, line by line, read in the background."""
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        for line in iter(stream.readline, ""):
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    return lines


def wait_for_line(lines: queue.Queue[str], prefix: str, timeout: float = 90) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            continue
        if line.startswith(prefix):
            return line.strip()
    raise AssertionError(f"the gateway never printed a line starting with {prefix!r}")


def wait_until(predicate: Callable[[], bool], timeout: float, what: str,
               every: float = 0.05, detail: Callable[[], Any] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}"
                                 + (f": {detail()}" if detail else ""))
        time.sleep(every)

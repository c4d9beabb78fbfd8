"""Child processes in tests: a free port, and their output read line by line."""

from __future__ import annotations

import queue
import socket
import threading
import time
from typing import IO


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

"""Child processes in tests: a free port, their output read line by line, and
waiting for what they do."""

from __future__ import annotations

import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from gateway.bench.instance import free_port

ROOT = Path(__file__).resolve().parents[2]  # where `python -m gateway` runs


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


def wait_or_kill(proc: subprocess.Popen[Any], timeout: float) -> None:
    """Wait for a process told to stop; kill it if it has not within `timeout` seconds."""
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@dataclass
class Gateway:
    """`python -m gateway up`, running: its process, URL and the admin key it printed."""

    proc: subprocess.Popen[str]
    port: int
    admin_key: str

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        """Ctrl-C, as a user stops it."""
        self.proc.send_signal(signal.SIGINT)
        wait_or_kill(self.proc, 30)


def start_gateway(env: dict[str, str], workers: int | None = 1) -> Gateway:
    """`python -m gateway up` on a free port, as a user starts it (`workers` None: without
    `--workers`); returns once it printed its admin key and /readyz answered (or 30 s went
    by). The caller stops it."""
    import requests

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "gateway", "up", "--port", str(port),
         *([] if workers is None else ["--workers", str(workers)])],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert proc.stdout is not None
    gateway = Gateway(proc, port, "")
    lines = follow(proc.stdout)
    try:
        wait_for_line(lines, "gateway listening on")
        gateway.admin_key = wait_for_line(lines, "admin API key").rsplit(" ", 1)[-1]
        for _ in range(150):
            try:
                if requests.get(f"{gateway.base}/readyz", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.2)
    except BaseException:
        gateway.stop()
        raise
    return gateway

"""The fake provider server as a process of its own: the command line, and the one
way the benchmarks start it (so the server does not share their CPU)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import subprocess
import sys
from collections.abc import Iterator

from .server import FakeProviders


@contextlib.contextmanager
def fake_process(latency_ms: float = 0.0) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """A count-only fake server in a child process; yields the process and its URL."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "gateway.bench.fakes", "--port", "0",
         "--record", "count", "--latency-ms", str(latency_ms)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        yield proc, str(json.loads(proc.stdout.readline())["url"])
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Fake SendGrid/Twilio/chat server for tests and benchmarks"
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--record", choices=["full", "count"], default="full")
    parser.add_argument("--sendgrid-event-url")
    args = parser.parse_args(argv)
    fake = FakeProviders(args.host, args.port, record=args.record,
                         sendgrid_event_url=args.sendgrid_event_url)
    fake.configure(latency_ms=args.latency_ms)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(fake.serve())

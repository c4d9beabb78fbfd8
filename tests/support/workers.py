"""Real `python -m gateway worker` processes, configured as the test's app is
and sending through the fake provider server."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import redis
from flask import Flask

from gateway.config import WORKER_COMMAND
from tests.support.fakes import provider_env
from tests.support.faults import FAULT_TIMEOUT
from tests.support.processes import ROOT, wait_or_kill, wait_until


def process_env(app: Flask, fake_url: str, **extra: str) -> dict[str, str]:
    """The environment of a gateway process that is configured as `app` is."""
    config = app.config["GATEWAY"]
    return {**os.environ, **provider_env(fake_url, FAULT_TIMEOUT),
            "DATABASE_URL": config.database_url, "REDIS_URL": str(config.redis_url),
            "GATEWAY_INSTANCE_PATH": str(config.instance_path),
            "GATEWAY_PUBLIC_URL": config.public_url, "CHAT_ALLOW_PRIVATE_URLS": "1",
            "SMS_PROVIDERS": "twilio", "EMAIL_PROVIDERS": "sendgrid", "CHAT_PROVIDERS": "webhook",
            "WHATSAPP_PROVIDERS": "twilio", "APPROVAL_AUDIENCE_THRESHOLD": "1000000", **extra}


@dataclass
class Workers:
    """Real `python -m gateway worker` processes."""

    app: Flask
    env: dict[str, str]
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)
    kills: int = 0
    logs: list[Any] = field(default_factory=list)

    def start(self, n: int = 2) -> None:
        from rq import Worker

        conn = redis.Redis.from_url(self.env["REDIS_URL"])
        before = len(Worker.all(connection=conn))
        for _ in range(n):
            self.procs.append(subprocess.Popen(
                WORKER_COMMAND, cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL,
                stderr=self._log()))
        wait_until(lambda: len(Worker.all(connection=conn)) >= before + n, 60,
                   "workers to register", every=0.1)

    def _log(self) -> Any:
        import tempfile

        handle = tempfile.TemporaryFile()
        self.logs.append(handle)
        return handle

    def alive(self) -> list[subprocess.Popen[bytes]]:
        return [p for p in self.procs if p.poll() is None]

    def kill(self, proc: subprocess.Popen[bytes]) -> None:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        self.kills += 1

    def kill_all(self) -> None:
        for proc in self.alive():
            self.kill(proc)

    def stop(self) -> None:
        for proc in self.alive():
            proc.terminate()
        for proc in self.procs:
            wait_or_kill(proc, 15)

    def stderr(self) -> str:
        """What the workers wrote to stderr so far."""
        out = []
        for handle in self.logs:
            handle.seek(0)
            out.append(handle.read().decode(errors="replace"))
        return "\n".join(out)


@contextmanager
def workers(app: Flask, fake_url: str, n: int = 2, start: bool = True,
            **env: str) -> Iterator[Workers]:
    pool = Workers(app, process_env(app, fake_url, **env))
    if start:
        pool.start(n)
    try:
        yield pool
    finally:
        pool.stop()

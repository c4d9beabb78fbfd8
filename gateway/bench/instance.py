"""A gateway of its own for each benchmark: instance directory, database, Redis,
schema, customers, the worker processes' environment, and the API process.

The schema is migrated by `python -m gateway migrate` in a child process, as
an operator would, like the workers the benchmarks start.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import psutil
import sqlalchemy
from flask import Flask
from sqlalchemy import insert, text

from .. import create_app
from ..cli.up import api_command
from ..config import PROJECT_ROOT, Config, environment
from ..customers.models import Customer
from ..store.db import db, utcnow
from ..store.redis import start_embedded

ACCOUNT_SID = "AC" + "b" * 32


def fresh_app(instance: Path, database: Mapping[str, str] | None = None) -> tuple[Flask, Config]:
    """An app on `instance`: DATABASE_URL and REDIS_URL from the environment (or
    `database`), else SQLite under `instance` and the embedded Redis; the schema
    migrated, approval never asked for, chat webhooks to the local fake allowed.
    The benchmark's client uses it (customers, keys, counts); the API it measures
    runs in a process of its own (`api_process`)."""
    env = {"GATEWAY_INSTANCE_PATH": str(instance)}
    env.update({k: v for k, v in environment().items() if k in ("DATABASE_URL", "REDIS_URL") and v})
    env.update(database or {})
    config = Config.from_env(env)
    if not config.redis_url:
        config = replace(config, redis_url=start_embedded(instance))
    config = replace(config, approval_audience_threshold=10**9, chat_allow_private_urls=True)
    app = create_app(config)
    subprocess.run([sys.executable, "-m", "gateway", "migrate"], cwd=PROJECT_ROOT,
                   env=process_env(config), stdout=subprocess.DEVNULL, check=True)
    return app, config


@contextmanager
def fresh_database(name: str) -> Iterator[dict[str, str]]:
    """Each phase gets an empty database: a new SQLite file under its instance
    path by default, or on PostgreSQL (DATABASE_URL) a schema of its own,
    dropped afterwards, so the phases never meet each other's customers."""
    url = environment().get("DATABASE_URL")
    if not url or url.startswith("sqlite"):
        yield {"DATABASE_URL": url} if url else {}
        return
    schema = f"gw_bench_{name}_{uuid.uuid4().hex[:8]}"
    admin = sqlalchemy.create_engine(url)
    with admin.begin() as conn:
        conn.execute(sqlalchemy.text(f'CREATE SCHEMA "{schema}"'))
    try:
        sep = "&" if "?" in url else "?"
        yield {"DATABASE_URL": f"{url}{sep}options=-csearch_path%3D{schema}"}
    finally:
        with admin.begin() as conn:
            conn.execute(sqlalchemy.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def process_env(config: Config, fake_url: str | None = None,
                batch_size: int | None = None) -> dict[str, str]:
    """The environment of a gateway process on `config`; with `fake_url`, sending
    through the fake providers (SEND_BATCH_SIZE `batch_size`, when given)."""
    env = {**environment(), "DATABASE_URL": config.database_url, "REDIS_URL": str(config.redis_url),
           "GATEWAY_INSTANCE_PATH": str(config.instance_path),
           "GATEWAY_PUBLIC_URL": config.public_url, "CHAT_ALLOW_PRIVATE_URLS": "1",
           "APPROVAL_AUDIENCE_THRESHOLD": str(config.approval_audience_threshold)}
    if fake_url:
        env.update({
            "EMAIL_PROVIDERS": "sendgrid", "SMS_PROVIDERS": "twilio", "CHAT_PROVIDERS": "webhook",
            "SENDGRID_API_KEY": "SG.bench", "SENDGRID_API_HOST": fake_url,
            "EMAIL_FROM": "alerts@example.com", "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
            "TWILIO_AUTH_TOKEN": "bench-token", "TWILIO_FROM_NUMBER": "+15005550006",
            "TWILIO_API_BASE": fake_url})
    if batch_size:  # the naive design: a job per message, and a job takes on no more
        env["SEND_BATCH_SIZE"] = str(batch_size)
        env["SEND_CONTINUE_SECONDS"] = "0"
    return env


def insert_customers(rows: list[dict[str, Any]]) -> None:
    """Insert customers as an import's chunk does: with RETURNING, SQLAlchemy sends one
    multi-row INSERT per 1,000 rows (a plain executemany is a statement a row on
    psycopg, and each fires the statement trigger that keeps the live customers by
    locale: a delta row per customer; 20k rows: 2.2 s, 20,000 delta rows; this way
    3.1 s, 20; a `.values()` list of 2,000 rows, compiled anew each time, 7.2 s)."""
    db.session.execute(insert(Customer).returning(Customer.id), rows).all()


def make_customers(n: int, email_share: float, sms_share: float, chat_url: str) -> None:
    """`n` customers `bench-0`…, each on one channel in the given shares.

    On PostgreSQL the table is then vacuumed and analyzed, as autovacuum has
    long done to a production customer table (a modelling choice): a table
    just bulk-loaded has no statistics and no visibility map, so the intake's
    grouped COUNT gets a sort of every row instead of an index-only scan, and
    the benchmark would measure the minute after a bulk import, not the usual
    case."""
    now = utcnow()
    rows = []
    for i in range(n):
        share = (i % 1000) / 1000
        channel = ("email" if share < email_share
                   else "sms" if share < email_share + sms_share else "chat")
        rows.append({"external_id": f"bench-{i}", "name": f"Customer {i}",
                     "email": f"c{i}@example.com", "phone": f"+1415{i % 10_000_000:07d}",
                     "chat_webhook_url": chat_url, "locale": "en", "timezone": "UTC",
                     "channels": [channel], "tags": [], "attributes": {"order_id": f"O{i}"},
                     "created_at": now, "updated_at": now})
        if len(rows) == 10_000:
            insert_customers(rows)
            rows.clear()
    if rows:
        insert_customers(rows)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM (ANALYZE) customers"))


def wait_for_workers(app: Any, count: int, timeout: float = 60) -> None:
    """Workers import the SDKs and connect first; time starts when they listen."""
    from rq import Worker

    deadline = time.monotonic() + timeout
    while len(Worker.all(connection=app.extensions["gateway.redis"])) < count:
        if time.monotonic() > deadline:
            raise TimeoutError("workers did not start")
        time.sleep(0.1)


def stop_processes(procs: list[subprocess.Popen[bytes]]) -> None:
    """Warm shutdown; a process still busy after 30 s (under a profiler, say) is killed."""
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_http(url: str, timeout: float = 60) -> None:
    import requests  # only the benchmarks that start an API (load, pipeline) need it

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/healthz", timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise TimeoutError("the API did not start")


@dataclass(frozen=True)
class ApiProcess:
    url: str
    env: dict[str, str]  # the API's environment: the workers' too (its URL is the public one)
    master: subprocess.Popen[bytes]
    workers: tuple[int, ...]  # the gunicorn workers' process ids, as the master forked them

    def pids(self) -> dict[str, int]:
        """Each process by name: "api-master", "api-worker-1"…"""
        return {"api-master": self.master.pid,
                **{f"api-worker-{i}": pid for i, pid in enumerate(self.workers, 1)}}


@contextmanager
def api_process(env: Mapping[str, str], workers: int = 2, threads: int = 4,
                port: int | None = None) -> Iterator[ApiProcess]:
    """The API as `python -m gateway up` starts it (gunicorn on wsgi:app, its
    command), on `port` (a free one by default), with `env` (`process_env`) and
    its URL as the public one (start the workers with its `env`, as `up` does);
    yielded once it answers /healthz and every gunicorn worker is forked."""
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    api_env = {**env, "GATEWAY_PUBLIC_URL": url}
    master = subprocess.Popen(api_command("127.0.0.1", port, workers, threads), cwd=PROJECT_ROOT,
                              env=api_env, stdout=subprocess.DEVNULL)
    try:
        wait_http(url)
        deadline = time.monotonic() + 60
        while len(forked := psutil.Process(master.pid).children()) < workers:
            if time.monotonic() > deadline:
                raise TimeoutError("gunicorn did not fork its workers")
            time.sleep(0.1)
        yield ApiProcess(url, api_env, master, tuple(sorted(p.pid for p in forked)))
    finally:
        stop_processes([master])

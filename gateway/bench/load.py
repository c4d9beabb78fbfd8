"""`python -m gateway bench --load`: the intake API under concurrent clients
while a large dispatch runs.

A real API process (gunicorn, as `gateway up` runs it), RQ worker processes
and the scheduler, against the fake provider server in its own process. One
incident goes to every customer (`--customers`); meanwhile `--clients`
concurrent clients post small incidents and bulk customer upserts for
`--duration` seconds. Prints JSON: latency percentiles per endpoint, errors
(anything but the expected 2xx, and transport errors), and how far the big
dispatch got in the window.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import aiohttp
import requests
from sqlalchemy import func, select

from ..access.keys import create_key
from ..config import PROJECT_ROOT, WORKER_COMMAND, environment
from ..delivery.models import Delivery
from ..store.db import db
from .fakes import fake_process
from .instance import (
    api_process,
    fresh_app,
    fresh_database,
    make_customers,
    process_env,
    stop_processes,
    wait_for_workers,
)

FACTS = {"what_happened": "Our checkout stopped taking payments at 09:10.",
         "impact": "You could not pay for your order.",
         "actions_taken": "We rolled checkout back at 09:40.",
         "next_update_at": "2030-11-20T11:00:00Z"}


def _percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1)

    return {"count": len(ordered), "p50_ms": at(0.50), "p90_ms": at(0.90), "p99_ms": at(0.99),
            "max_ms": round(ordered[-1] * 1000, 1),
            "mean_ms": round(statistics.fmean(ordered) * 1000, 1)}


class Load:
    """`clients` concurrent clients, each posting incidents and bulk upserts in turn."""

    def __init__(self, base: str, key: str, customers: int, bulk_rows: int) -> None:
        self.base, self.key, self.customers, self.bulk_rows = base, key, customers, bulk_rows
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: Counter[str] = Counter()
        self._seq = itertools.count()

    def _incident(self) -> tuple[str, dict[str, Any], dict[str, str]]:
        n = next(self._seq)
        ids = [f"bench-{random.randrange(self.customers)}" for _ in range(3)]
        body = {"kind": "degraded_service", "severity": "high", "title": "Search is slow",
                "facts": FACTS, "audience": {"customer_ids": ids}}
        return "/v1/incidents", body, {"Idempotency-Key": f"load-{os.getpid()}-{n}"}

    def _bulk(self) -> tuple[str, list[dict[str, Any]], dict[str, str]]:
        n = next(self._seq)
        rows = [{"external_id": f"load-{n}-{i}", "email": f"load{n}.{i}@example.com",
                 "timezone": "UTC", "tags": ["load"]} for i in range(self.bulk_rows)]
        return "/v1/customers/bulk", rows, {}

    async def client(self, session: aiohttp.ClientSession, until: float) -> None:
        turn = random.randrange(2)
        while time.monotonic() < until:
            path, body, headers = self._incident() if turn % 2 == 0 else self._bulk()
            turn += 1
            started = time.monotonic()
            try:
                async with session.post(self.base + path, json=body,
                                        headers={"Authorization": f"Bearer {self.key}",
                                                 **headers}) as resp:
                    await resp.read()
                    status = resp.status
            except (aiohttp.ClientError, TimeoutError) as exc:
                self.errors[f"{path} {type(exc).__name__}"] += 1
                continue
            self.latency[path].append(time.monotonic() - started)
            if status not in (200, 202):
                self.errors[f"{path} {status}"] += 1

    async def run(self, clients: int, duration: float) -> None:
        until = time.monotonic() + duration
        timeout = aiohttp.ClientTimeout(total=60)
        connector = aiohttp.TCPConnector(limit=clients)
        async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
            await asyncio.gather(*(self.client(session, until) for _ in range(clients)))


def _sent(incident_id: int) -> int:
    try:
        return int(db.session.execute(select(func.count()).select_from(Delivery).where(
            Delivery.incident_id == incident_id, Delivery.status.in_(("sent", "failed")))
        ).scalar_one())
    finally:
        db.session.rollback()


def run(args: argparse.Namespace) -> int:
    procs: list[subprocess.Popen[bytes]] = []
    with tempfile.TemporaryDirectory(prefix="gateway-load-") as tmp, \
            fake_process(args.latency_ms) as (_fake, fake_url), \
            fresh_database("load") as database:
        app, config = fresh_app(Path(tmp), database)
        try:
            with app.app_context():
                make_customers(args.customers, args.email_share, args.sms_share,
                               f"{fake_url}/chat/bench")
                key = create_key("system", "load-bench")
            with app.app_context(), api_process(process_env(config, fake_url), args.api_workers,
                                                args.api_threads) as api_proc:
                api, env = api_proc.url, api_proc.env
                for _ in range(args.workers):
                    procs.append(subprocess.Popen(WORKER_COMMAND, cwd=PROJECT_ROOT, env=env,
                                                  stdout=subprocess.DEVNULL))
                procs.append(subprocess.Popen([sys.executable, "-m", "gateway", "scheduler"],
                                              cwd=PROJECT_ROOT, env=env,
                                              stdout=subprocess.DEVNULL))
                wait_for_workers(app, args.workers)
                r = requests.post(api + "/v1/incidents", timeout=120, json={
                    "kind": "outage", "severity": "high", "title": "Checkout unavailable",
                    "facts": FACTS, "audience": {"all": True}},
                    headers={"Authorization": f"Bearer {key}", "Idempotency-Key": "big"})
                assert r.status_code == 202, r.text
                big = int(r.json()["id"])
                time.sleep(args.warmup)
                sent_before = _sent(big)
                load = Load(api, key, args.customers, args.bulk_rows)
                started = time.monotonic()
                asyncio.run(load.run(args.clients, args.duration))
                elapsed = time.monotonic() - started
                sent_after = _sent(big)
        finally:
            stop_processes(procs)
            with app.app_context():
                db.session.remove()
                db.engine.dispose()  # no idle connection outlives its schema
        total = sum(len(v) for v in load.latency.values())
        print(json.dumps({
            "command": " ".join(sys.argv), "database": "postgresql" if environment().get(
                "DATABASE_URL", "").startswith("postgresql") else "sqlite",
            "clients": args.clients, "duration_s": round(elapsed, 1),
            "api": f"gunicorn {args.api_workers} workers x {args.api_threads} threads",
            "requests": total, "requests_per_s": round(total / elapsed, 1),
            "errors": sum(load.errors.values()), "errors_by_kind": dict(load.errors),
            "latency": {path: _percentiles(v) for path, v in load.latency.items()},
            "all_requests": _percentiles([x for v in load.latency.values() for x in v]),
            "bulk_rows_per_request": args.bulk_rows,
            "dispatch": {"customers": args.customers, "sent_before_load": sent_before,
                         "sent_during_load": sent_after - sent_before,
                         "sent_per_s_during_load": round((sent_after - sent_before) / elapsed, 1),
                         "sent_at_end": sent_after},
        }, indent=2))
        return 0 if not load.errors else 1


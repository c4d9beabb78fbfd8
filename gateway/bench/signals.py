"""`python -m gateway bench --signals`: bulk ingest rate and evaluation time.

Runs in-process on a fresh instance (embedded defaults: SQLite + embedded
Redis, unless DATABASE_URL/REDIS_URL are set). Ingest goes through the whole
request path (auth, strict JSON, pydantic, upserts) with arrays of 10,000
signals over 100 topics, 10 % carrying a customer id. Evaluation builds four
weeks of history for N topics (only the buckets the windows read) with a few
spiking, and times `evaluation.evaluate` as the scheduler calls it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from ..access.keys import create_key
from ..signals import buckets, evaluation
from ..signals.detect import CONFIRM_BUCKETS, WEEK_BUCKETS, Rule
from ..signals.models import SignalBucket, SignalTopic, SignalWarning
from ..store.db import db, utcnow
from . import signals_quality as quality
from .instance import fresh_app, fresh_database

BATCH = 10_000


def bench_ingest(app: Any, events: int) -> dict[str, Any]:
    with app.app_context():
        key = create_key("system", f"bench-signals-{time.time_ns()}")
    rng = random.Random(19)
    now = utcnow()
    bodies = []
    for start in range(0, events, BATCH):
        bodies.append(json.dumps([
            {"topic": f"bench.topic{rng.randrange(100)}",
             "at": (now - timedelta(seconds=rng.randrange(3600))).isoformat(),
             **({"customer_id": f"c{rng.randrange(5000)}"} if rng.random() < 0.1 else {})}
            for _ in range(min(BATCH, events - start))]).encode())
    client = app.test_client()
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    times = []
    began, cpu = time.perf_counter(), time.process_time()
    for body in bodies:
        t = time.perf_counter()
        r = client.post("/v1/signals", data=body, headers=headers)
        assert r.status_code == 202, r.get_data(as_text=True)
        times.append(time.perf_counter() - t)
    total, cpu = time.perf_counter() - began, time.process_time() - cpu
    return {"events": events, "requests": len(bodies), "seconds": round(total, 3),
            "events_per_second": round(events / total),
            "cpu_seconds": round(cpu, 3), "events_per_cpu_second": round(events / cpu),
            "request_ms_median": round(statistics.median(times) * 1000, 1),
            "load_average_1m": round(os.getloadavg()[0], 1)}


def bench_evaluate(app: Any, topics: int, spiking: int, runs: int = 3) -> dict[str, Any]:
    rng = random.Random(7)
    now = utcnow()
    end = buckets.bucket_of(now) - 1
    rule = Rule()
    span = rule.window_buckets + CONFIRM_BUCKETS - 1
    with app.app_context():
        db.session.query(SignalWarning).delete()
        db.session.query(SignalBucket).delete()
        db.session.query(SignalTopic).delete()
        db.session.commit()
        for t in range(topics):
            counts: dict[tuple[str, int], int] = {}
            for week in range(rule.weeks + 1):
                for b in range(end - span + 1, end + 1):
                    level = 6 if (week == 0 and t < spiking) else 2
                    counts[(f"eval.topic{t}", b - week * WEEK_BUCKETS)] = rng.randint(0, 2 * level)
            counts[(f"eval.topic{t}", end - (rule.weeks + 1) * WEEK_BUCKETS)] = 1  # its birth
            buckets.add_counts(counts)
        db.session.commit()
        seconds, cpu = [], []
        opened = 0
        for _ in range(runs):
            began, cpu_began = time.perf_counter(), time.process_time()
            result = evaluation.evaluate(now)
            seconds.append(time.perf_counter() - began)
            cpu.append(time.process_time() - cpu_began)
            opened += len(result.opened)
            db.session.remove()
    return {"topics": topics, "spiking_topics": spiking, "runs": runs,
            "seconds": [round(s, 3) for s in seconds],
            "cpu_seconds": [round(s, 3) for s in cpu], "warnings_opened": opened,
            "load_average_1m": round(os.getloadavg()[0], 1)}


def run(args: argparse.Namespace) -> int:
    if args.signals_quality:
        print(json.dumps(quality.run(seed=args.seed), indent=1))
        return 0
    with tempfile.TemporaryDirectory(prefix="gateway-signals-bench-") as tmp, \
            fresh_database("signals") as database:
        app, _config = fresh_app(Path(tmp), database)
        result = {"backend": app.config["GATEWAY"].database_url.split(":", 1)[0],
                  "ingest": bench_ingest(app, args.events),
                  "evaluate": bench_evaluate(app, args.topics, spiking=max(1, args.topics // 100))}
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    print(json.dumps(result, indent=1))
    return 0

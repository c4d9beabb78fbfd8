"""`python -m gateway bench`: the real pipeline (the API in a process of its
own as `up` runs it, RQ worker processes, database, real SDKs) against the
fake provider server in its own process, with the naive design (one RQ job
and one provider call per message) measured in the same run for comparison.
This process is the client: it makes the customers, POSTs the incident over
HTTP and counts what was handed over.

Figures are printed as JSON; a run is repeated and the median reported,
because this shared machine varies 15-25% from run to run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psutil
import requests
from sqlalchemy import func, select

from ..access.keys import create_key
from ..cli.up import api_command
from ..config import PROJECT_ROOT, WORKER_COMMAND, environment
from ..delivery.models import Delivery
from ..incidents.models import Incident
from ..profiling import REDIS_KEY as PROFILE_KEY
from ..profiling import STEPS, summed
from ..store.db import db
from .fakes import FakeProvidersClient, fake_process
from .instance import (
    api_process,
    fresh_app,
    fresh_database,
    make_customers,
    process_env,
    stop_processes,
    wait_for_workers,
)
from .memory import PeakRss
from .pgcpu import ServerCpu, is_postgresql


def _profile_table(hits: dict[Any, Any], worker_cpu: float,
                   server_cpu: float | None = None) -> dict[str, Any]:
    """µs per message of each step (CPU of the working thread, and wall), from the
    workers' totals (gateway/profiling.py); "RQ and the rest" is the workers'
    CPU that no step accounts for (RQ's job handling, Redis, heartbeats, GC). On
    PostgreSQL, `server_cpu`: the CPU seconds of the database's backends over the
    same window (gateway/bench/pgcpu.py), shown apart from the workers' total."""
    totals = summed(hits)
    messages = max(int(totals.get("messages", 0)), 1)
    rows: dict[str, dict[str, float]] = {}
    for name in STEPS:
        cpu, wall = totals.get(f"{name}.cpu", 0.0), totals.get(f"{name}.wall", 0.0)
        rows[name] = {"cpu_us": round(cpu / messages * 1e6, 1),
                      "wall_us": round(wall / messages * 1e6, 1)}
    stepped = sum(totals.get(f"{name}.cpu", 0.0) for name in STEPS)
    rows["RQ and the rest"] = {"cpu_us": round((worker_cpu - stepped) / messages * 1e6, 1),
                               "wall_us": float("nan")}
    rows["total (worker CPU)"] = {"cpu_us": round(worker_cpu / messages * 1e6, 1),
                                  "wall_us": float("nan")}
    lines = [f"{'step':<20}{'CPU µs/msg':>12}{'wall µs/msg':>13}"]
    for name, row in rows.items():
        shown = "" if row["wall_us"] != row["wall_us"] else f"{row['wall_us']:.1f}"
        lines.append(f"{name:<20}{row['cpu_us']:>12.1f}{shown:>13}")
    server = None if server_cpu is None else round(server_cpu / messages * 1e6, 1)
    if server is not None:
        lines.append(f"{'PostgreSQL server':<20}{server:>12.1f}   (its backends, not in the total)")
    window = _window_figures(totals)
    lines += [f"{k}: {v}" for k, v in window.items()]
    print(f"per-step profile over {messages} messages, {int(totals.get('jobs', 0))} jobs:\n"
          + "\n".join(lines), file=sys.stderr)
    return {"messages": messages, "steps": {k: {"cpu_us": v["cpu_us"], **(
        {} if v["wall_us"] != v["wall_us"] else {"wall_us": v["wall_us"]})}
        for k, v in rows.items()}, "window": window,
        **({} if server is None else {"postgres_server_cpu_us": server})}


def _window_figures(totals: dict[str, float]) -> dict[str, float]:
    """How full the workers kept their send windows (gateway/profiling.Window), over
    the workers' spans (each from its first job's start to its last job's end,
    summed): mean messages started and unrecorded, the share of the time any was,
    and the share spent inside jobs (the rest: RQ between jobs)."""
    spans = sum(totals[k] - totals[k.replace(".last", ".first")]
                for k in totals if k.startswith("span.") and k.endswith(".last"))
    if spans <= 0:
        return {}
    return {"worker_span_s": round(spans, 2),
            "mean_in_window": round(totals.get("window.area", 0.0) / spans, 1),
            "window_busy_share": round(totals.get("window.busy", 0.0) / spans, 3),
            "in_jobs_share": round(totals.get("jobs.wall", 0.0) / spans, 3)}


def _cpu_of(procs: list[subprocess.Popen[bytes]]) -> float:
    total = 0.0
    for proc in procs:
        try:
            times = psutil.Process(proc.pid).cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


def _wait_done(incident_id: int, expected: int, timeout: float, fake: FakeProvidersClient) -> None:
    """Poll the fake provider's counters (cheap), then confirm in the database:
    counting a million delivery rows every poll would take CPU from the workers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        counts = fake.stats()["counts"]
        if sum(counts.values()) >= expected:
            done = db.session.execute(select(func.count()).select_from(Delivery).where(
                Delivery.incident_id == incident_id, Delivery.status.in_(("sent", "failed")))
            ).scalar_one()
            db.session.rollback()
            if done >= expected:
                return
        time.sleep(0.2)
    raise TimeoutError(f"incident {incident_id}: not every message was handed over in time")


def _figures(incident_id: int, posted: float, n: int, fake: dict[str, Any]) -> dict[str, Any]:
    """Hand-off times are the fake provider's own receipt times (wall clock):
    what the POST's caller would see, not when a batch started."""
    sent = db.session.execute(select(func.count()).select_from(Delivery).where(
        Delivery.incident_id == incident_id, Delivery.status == "sent")).scalar_one()
    incident = db.session.get_one(Incident, incident_id)
    expanded = incident.expanded_at.timestamp() - posted if incident.expanded_at else None
    first, last = min(fake["first_at"].values()), max(fake["last_at"].values())
    db.session.rollback()
    return {"customers": n, "sent": sent, "received_by_fake_provider": fake["counts"],
            "post_to_first_send_s": round(first - posted, 3),
            "post_to_last_send_s": round(last - posted, 3),
            "post_to_expanded_s": None if expanded is None else round(expanded, 3),
            "recipients_per_s": round(n / max(last - posted, 1e-3), 1),
            "recipients_per_s_by_channel": {
                ch: round(count / max(fake["last_at"][ch] - posted, 1e-3), 1)
                for ch, count in sorted(fake["counts"].items())}}


def _hours_from_now(hours: float) -> str:
    """A promised update time ahead of now: intake refuses past ones."""
    return (datetime.now(UTC) + timedelta(hours=hours)).isoformat()


def _run_once(api_url: str, key: str, label: str, n: int, timeout: float,
              fake_url: str, latency_ms: float) -> dict[str, Any]:
    fake = FakeProvidersClient(fake_url)
    fake.reset()  # also restores the default behaviour: set the latency again
    fake.configure(latency_ms=latency_ms)
    posted = time.time()
    facts = {"what_happened": "Our checkout stopped taking payments at 09:10.",
             "impact": "You could not pay for your order.",
             "actions_taken": "We rolled checkout back at 09:40.",
             "next_update_at": _hours_from_now(2)}
    r = requests.post(f"{api_url}/v1/incidents", timeout=120, headers={
        "Authorization": f"Bearer {key}", "Idempotency-Key": f"bench-{label}-{time.time()}"},
        json={"kind": "outage", "severity": "high", "title": "Checkout unavailable",
              "facts": facts, "audience": {"all": True}})
    assert r.status_code == 202, r.text
    incident_id = r.json()["id"]
    _wait_done(incident_id, n, timeout, fake)
    return _figures(incident_id, posted, n, fake.stats())


def _median(runs: list[dict[str, Any]]) -> dict[str, Any]:
    keys = ("post_to_first_send_s", "post_to_last_send_s", "post_to_expanded_s",
            "recipients_per_s")
    out = {k: round(statistics.median(r[k] for r in runs if r[k] is not None), 3) for k in keys}
    channels = runs[0]["recipients_per_s_by_channel"]
    out["recipients_per_s_by_channel"] = {
        ch: round(statistics.median(r["recipients_per_s_by_channel"].get(ch, 0) for r in runs), 1)
        for ch in channels}
    return out


def _pipeline(workdir: Path, name: str, args: argparse.Namespace, fake_url: str, n: int,
              runs: int, batch_size: int | None, rss: PeakRss) -> dict[str, Any]:
    """Set up a fresh database with `n` customers, start workers, run `runs` incidents."""
    with fresh_database(name) as database:
        return _pipeline_in(workdir, name, args, fake_url, n, runs, batch_size, rss, database)


def _pipeline_in(workdir: Path, name: str, args: argparse.Namespace, fake_url: str, n: int,
                 runs: int, batch_size: int | None, rss: PeakRss,
                 database: dict[str, str]) -> dict[str, Any]:
    app, config = fresh_app(workdir / name, database)
    redis_conn = app.extensions["gateway.redis"]
    rss.watch(f"{name}-redis", int(redis_conn.info("server")["process_id"]),
              outside=bool(environment().get("REDIS_URL")))
    workers = []
    with app.app_context():
        make_customers(n, args.email_share, args.sms_share, f"{fake_url}/chat/bench")
        key = create_key("admin", f"bench-{name}")
        db.session.remove()  # no transaction of the client's holds SQLite's lock
    with app.app_context(), api_process(process_env(config, fake_url, batch_size)) as api:
        for proc_name, pid in api.pids().items():
            rss.watch(f"{name}-{proc_name}", pid, shared=True)
        env = dict(api.env)
        profile = bool(getattr(args, "profile", False)) and name == "batched"
        if profile:
            env["GATEWAY_PROFILE"] = "1"
        for i in range(args.workers):
            proc = subprocess.Popen(WORKER_COMMAND, cwd=PROJECT_ROOT, env=env)
            workers.append(proc)
            rss.watch(f"{name}-worker-{i + 1}", proc.pid, shared=True)
        wait_for_workers(app, len(workers))
        redis_conn.delete(PROFILE_KEY)
        server = ServerCpu(config.database_url).start() if is_postgresql(
            config.database_url) else None
        cpu_before = _cpu_of(workers)
        try:
            results = [_run_once(api.url, key, f"{name}{i}", n, args.timeout, fake_url,
                                 args.latency_ms)
                       for i in range(runs)]
            time.sleep(0.5)  # the last jobs publish their step totals after their last write
            worker_cpu = _cpu_of(workers) - cpu_before
            server_cpu = server.stop() if server else None
            steps = (_profile_table(redis_conn.hgetall(PROFILE_KEY), worker_cpu, server_cpu)
                     if profile else None)
        finally:
            if server:
                server.stop()
            stop_processes(workers)
            db.session.remove()
            db.engine.dispose()  # no idle connection outlives its schema
    pg = {} if server_cpu is None else {"postgres_server_cpu": {
        "seconds": round(server_cpu, 2), "us_per_message": round(server_cpu / (n * runs) * 1e6, 1),
        "workers_cpu_us_per_message": round(worker_cpu / (n * runs) * 1e6, 1)}}
    return {"runs": results, "median": _median(results), **({"profile": steps} if steps else {}),
            **pg,
            "redis_used_memory_peak_mb": round(
                int(redis_conn.info("memory")["used_memory_peak"]) / 2**20, 1)}


TOOLS = ("bench client", "fake providers")  # measuring tools, not gateway processes


def run(args: argparse.Namespace) -> int:
    rss = PeakRss()
    rss.watch(TOOLS[0], os.getpid())
    with tempfile.TemporaryDirectory(prefix="gateway-bench-") as tmp, rss, \
            fake_process(args.latency_ms) as (fake, fake_url):
        rss.watch(TOOLS[1], fake.pid)
        workdir = Path(tmp)
        ours = _pipeline(workdir, "batched", args, fake_url, args.customers, args.runs, None, rss)
        naive = _pipeline(workdir, "naive", args, fake_url, args.naive_customers, 1, 1, rss)
    speedup = ours["median"]["recipients_per_s"] / max(
        naive["median"]["recipients_per_s"], 1e-6)
    peaks = rss.megabytes()
    print(json.dumps({
        "command": " ".join(sys.argv), "latency_ms": args.latency_ms, "workers": args.workers,
        "api": " ".join(["python", *api_command("127.0.0.1", 0)[1:]]) + " (as `up` runs it)",
        "batched": ours, "naive_one_job_per_message": naive,
        "speedup_recipients_per_s": round(speedup, 1), "peak_rss_mb": peaks,
        "cpu_seconds": rss.cpu_seconds(),
        "peak_pss_mb": rss.megabytes("pss"), "peak_uss_mb": rss.megabytes("uss"),
        # the gateway's own processes: the client and the fake providers are tools
        "largest_gateway_peak_rss_mb": dict([max(
            ((name, mb) for name, mb in peaks.items() if name not in TOOLS),
            key=lambda kv: kv[1])]),
        "pids": {name: proc.pid for name, proc in sorted(rss.procs.items())},
    }, indent=2))
    return 0

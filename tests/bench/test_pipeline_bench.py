"""`python -m gateway bench` measures the API where the product runs it: a gunicorn
process of its own, started as `gateway up` starts it, its master and each worker
named in the figures, apart from the benchmark's own process (the client)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

from tests.support.processes import ROOT
from tests.support.servers import uses_postgresql

pytestmark = pytest.mark.slow


def test_the_pipeline_bench_posts_to_an_api_process_of_its_own_and_reports_its_peak():
    done = subprocess.run(
        [sys.executable, "-m", "gateway", "bench", "--customers", "40", "--naive-customers", "10",
         "--runs", "1", "--workers", "1"],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout)
    assert report["batched"]["runs"][0]["sent"] == 40
    assert report["naive_one_job_per_message"]["runs"][0]["sent"] == 10
    pids, peaks, cpu = report["pids"], report["peak_rss_mb"], report["cpu_seconds"]
    for phase in ("batched", "naive"):
        api = {name: pid for name, pid in pids.items() if name.startswith(f"{phase}-api-")}
        assert set(api) == {f"{phase}-api-master", f"{phase}-api-worker-1",
                            f"{phase}-api-worker-2"}
        assert len(set(api.values())) == 3 and pids["bench client"] not in api.values()
        for name in api:
            assert peaks[name] > 0 and name in cpu and report["peak_pss_mb"][name] > 0
        assert peaks[f"{phase}-worker-1"] > 0
    assert peaks["bench client"] > 0 and peaks["fake providers"] > 0
    (largest, mb), = report["largest_gateway_peak_rss_mb"].items()
    assert largest not in ("bench client", "fake providers") and largest in pids
    assert mb == max(v for name, v in peaks.items()
                     if name not in ("bench client", "fake providers"))


@pytest.mark.skipif(not uses_postgresql(), reason="the PostgreSQL server's CPU: DATABASE_URL")
def test_the_bench_profile_counts_the_postgresql_servers_cpu_per_message():
    done = subprocess.run(
        [sys.executable, "-m", "gateway", "bench", "--customers", "300", "--naive-customers", "10",
         "--runs", "1", "--workers", "1", "--profile"],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    batched = json.loads(done.stdout)["batched"]
    assert batched["runs"][0]["sent"] == 300
    server = batched["postgres_server_cpu"]
    assert server["seconds"] > 0 and server["us_per_message"] > 0
    assert server["us_per_message"] == pytest.approx(server["seconds"] / 300 * 1e6, rel=0.01)
    assert batched["profile"]["postgres_server_cpu_us"] > 0
    assert "PostgreSQL server" in done.stderr


def _bench(argv: list[str]) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-m", "gateway", "bench", *argv],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def _bench_schemas_left(kind: str) -> list[str]:
    """On PostgreSQL, the schemas of `kind`'s benchmark still in DATABASE_URL's database."""
    if not uses_postgresql():
        return []
    import sqlalchemy

    engine = sqlalchemy.create_engine(os.environ["DATABASE_URL"])
    try:
        with engine.connect() as conn:
            return list(conn.execute(sqlalchemy.text(
                "SELECT nspname FROM pg_namespace WHERE nspname LIKE :like"),
                {"like": f"gw_bench_{kind}_%"}).scalars())
    finally:
        engine.dispose()


def test_the_load_bench_runs_again_on_the_same_database() -> None:
    """Each run has a database of its own (a schema on PostgreSQL, dropped afterwards): the
    second run on the machine's DATABASE_URL used to die on the first run's customers."""
    argv = ["--load", "--customers", "200", "--workers", "1", "--api-workers", "1",
            "--clients", "2", "--duration", "1", "--warmup", "0.5"]
    for _ in range(2):
        report = _bench(argv)
        assert report["errors"] == 0 and report["requests"] > 0
        assert report["dispatch"]["customers"] == 200
    assert _bench_schemas_left("load") == []


def test_the_signals_bench_runs_again_on_the_same_database() -> None:
    for _ in range(2):
        report = _bench(["--signals", "--events", "2000", "--topics", "20"])
        assert report["ingest"] and report["evaluate"]
    assert _bench_schemas_left("signals") == []

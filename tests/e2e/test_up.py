"""`python -m gateway up` as a user runs it: a subprocess on a free port,
used over HTTP, then Ctrl-C (SIGINT) must leave no process behind."""

from __future__ import annotations

import os
import time

import psutil
import pytest
import requests

from tests.support.databases import fresh_schema
from tests.support.processes import start_gateway


@pytest.fixture
def gateway_env(tmp_path, database_url, redis_url):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["GATEWAY_INSTANCE_PATH"] = str(tmp_path / "instance")
    if os.environ.get("DATABASE_URL"):  # the PostgreSQL run: a schema of its own
        with fresh_schema(os.environ["DATABASE_URL"], "gw_up_") as url:
            yield {**env, "DATABASE_URL": url, "REDIS_URL": os.environ["REDIS_URL"]}
        return
    yield env


@pytest.mark.slow
def test_up_serves_the_api_and_ctrl_c_leaves_nothing_running(gateway_env):
    gateway = start_gateway(gateway_env, workers=None)
    proc = gateway.proc
    try:
        base = gateway.base
        headers = {"Authorization": f"Bearer {gateway.admin_key}"}
        children = psutil.Process(proc.pid).children(recursive=True)
        family = [proc.pid] + [c.pid for c in children]
        # Without --workers: one worker a core it may run on and one more (README, Sizing).
        workers = [c for c in children if c.cmdline()[-1:] == ["worker"]]
        assert len(workers) == len(os.sched_getaffinity(0)) + 1, [c.cmdline() for c in children]
        r = requests.put(f"{base}/v1/customers/u1", headers=headers, timeout=10,
                         json={"email": "u1@example.com", "timezone": "Europe/Berlin"})
        assert r.status_code == 200, r.text
        facts = {"what_happened": "Our checkout stopped taking payments at 09:10.",
                 "impact": "You could not pay for your order.",
                 "actions_taken": "We switched checkout back at 09:40."}
        r = requests.post(f"{base}/v1/incidents", timeout=10,
                          headers={**headers, "Idempotency-Key": "e2e-1"},
                          json={"kind": "outage", "severity": "high", "title": "Checkout down",
                                "facts": facts, "audience": {"customer_ids": ["u1"]}})
        assert r.status_code == 202, r.text
        incident_id = r.json()["id"]
        counts = {}
        deadline = time.monotonic() + 90  # the email goes out at once when the machine is idle
        while time.monotonic() < deadline:
            counts = requests.get(f"{base}/v1/incidents/{incident_id}", headers=headers,
                                  timeout=10).json()["counts"]
            if counts.get("email"):
                break
            time.sleep(0.2)
        assert sum(counts["email"].values()) == 1
    finally:
        gateway.stop()

    def left_running() -> list[int]:
        alive = []
        for pid in family:
            try:
                if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                    alive.append(pid)
            except psutil.NoSuchProcess:
                pass
        return alive

    deadline = time.monotonic() + 30  # exits that take a moment on a loaded machine
    while (alive := left_running()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert alive == [], f"left running: {alive}"
    redis_servers = [p for p in psutil.process_iter(["cmdline"])
                     if gateway_env["GATEWAY_INSTANCE_PATH"] in " ".join(p.info["cmdline"] or [])]
    assert redis_servers == []


@pytest.mark.slow
def test_a_hostile_bulk_body_does_not_stall_the_requests_after_it(gateway_env):
    """Through gunicorn: a 200 KB body of nested arrays and one of nested objects,
    then small bad bodies at once: each answers 4xx promptly (the slowest is
    printed, not asserted; the request timeout only stops a hung test)."""
    import threading

    gateway = start_gateway(gateway_env)
    port, key = gateway.port, gateway.admin_key
    try:
        base = f"http://127.0.0.1:{port}/v1/customers/bulk"
        headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
        hostile = [b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 50_000 + b"1" + b"}" * 50_000]
        small = [b"null", b'"a string"', b'{"a":1}', b'{"name": "\xff"}', b"[1e999999]"]
        results: list[tuple[bytes, int, float]] = []

        def post(body: bytes) -> None:
            start = time.monotonic()
            r = requests.post(base, data=body, headers=headers, timeout=60)
            results.append((body[:12] if len(body) > 100 else body, r.status_code,
                            time.monotonic() - start))

        threads = [threading.Thread(target=post, args=(b,)) for b in hostile]
        for t in threads:
            t.start()
        time.sleep(0.05)  # the small ones arrive while the hostile ones are being read
        for body in small:
            post(body)
        for t in threads:
            t.join()
        print("\n" + "\n".join(f"{b!r}: {status} in {took * 1000:.0f} ms"
                               for b, status, took in results))
        by_body = {b: status for b, status, _ in results}
        assert all(by_body[h[:12]] == 400 for h in hostile), results
        # `null`, a string and {"a":1} are well-formed NDJSON rows refused one by one (200,
        # nothing stored); invalid UTF-8 and a non-finite number refuse the whole body.
        assert by_body[small[3]] == 400 and by_body[b"[1e999999]"] == 400, results
        assert all(status < 500 for _, status, _ in results), results
        start = time.monotonic()
        assert requests.get(f"http://127.0.0.1:{port}/healthz", timeout=10).status_code == 200
        print(f"/healthz afterwards: {(time.monotonic() - start) * 1000:.0f} ms")
    finally:
        gateway.stop()

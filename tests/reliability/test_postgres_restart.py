"""Fault 3 (PostgreSQL run only): PostgreSQL restarts during a dispatch.

While it is down the API answers 503 with Retry-After, never 500; workers'
jobs fail and the sweeper puts their deliveries back; nothing is lost."""

from __future__ import annotations

import time

import pytest

from tests.support.api import auth
from tests.support.faults import (
    add_customers,
    bound_for,
    check_everyone,
    count,
    post_incident,
    settle,
)
from tests.support.processes import wait_until
from tests.support.servers import pg_ctl, pg_is_up, uses_postgresql
from tests.support.workers import workers

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not uses_postgresql(), reason="needs DATABASE_URL (PostgreSQL)")]


def test_postgres_restart_during_dispatch(app, client, keys, fake):
    add_customers(app)
    fake.configure("twilio", latency_ms=300)
    answers: list[tuple[str, int, str | None]] = []
    with workers(app, fake.url, n=2) as pool:
        incident_id = post_incident(client, keys["system"], "pg-1")
        wait_until(lambda: count(app, "sent") >= 1000 and count(app, "sending") > 0, 90,
                   "sending to start")
        try:
            pg_ctl("stop")
            for method, path, body in [
                ("get", f"/v1/incidents/{incident_id}", None),
                ("get", "/v1/customers/f1", None),
                ("put", "/v1/customers/new-one", {"email": "new@example.com"}),
                ("post", "/v1/incidents", {"kind": "outage"}),
                ("get", "/readyz", None),
            ]:
                headers = auth(keys["admin"], **{"Idempotency-Key": "pg-down"})
                r = getattr(client, method)(path, json=body, headers=headers)
                answers.append((path, r.status_code, r.headers.get("Retry-After")))
            time.sleep(2)  # workers run into the outage
        finally:
            pg_ctl("start")
            wait_until(pg_is_up, 60, "PostgreSQL to accept connections", every=0.2)
        assert all(status == 503 for _, status, _ in answers), answers
        assert all(retry for path, _, retry in answers if path != "/readyz"), answers
        assert client.get(f"/v1/incidents/{incident_id}",
                          headers=auth(keys["admin"])).status_code == 200
        dead = len(pool.procs) - len(pool.alive())
        if dead:
            pool.start(dead)
        try:
            settle(app, incident_id)
        except AssertionError:
            print(pool.stderr()[-6000:])
            raise
        print(f"answers while down: {answers}; workers that exited: {dead}")
    check_everyone(app, fake, incident_id, bound=bound_for(2), name="postgresql restart")

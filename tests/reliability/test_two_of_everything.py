"""Fault 6: two API processes, two schedulers and two workers at once.

The same incident posted to both APIs at the same moment (one Idempotency-Key)
makes one incident; escalations fired by two schedulers (and, on top, the
escalation sweep run twice concurrently as if the leader lock had failed)
reach each customer once."""

from __future__ import annotations

import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import requests
from sqlalchemy import func, select, update

from gateway.bench.instance import api_process
from gateway.delivery.models import Delivery
from gateway.incidents.models import Incident
from gateway.jobs.lifecycle_sweeps import escalate
from gateway.reports.verify import verify
from gateway.store.db import db, utcnow
from tests.support.api import OUTAGE, incident_body
from tests.support.faults import AUDIENCE, add_customers, phone
from tests.support.pipeline import statuses
from tests.support.processes import ROOT, wait_until
from tests.support.workers import process_env, workers

pytestmark = pytest.mark.slow


def _count_rows(app, **where) -> int:
    with app.app_context():
        query = select(func.count()).select_from(Delivery)
        for name, value in where.items():
            query = query.where(getattr(Delivery, name) == value)
        try:
            return int(db.session.execute(query).scalar_one())
        finally:
            db.session.remove()


def test_two_apis_two_schedulers_fire_nothing_twice(app, keys, fake):
    add_customers(app, channels=["sms", "email"])
    env = process_env(app, fake.url)
    schedulers = [subprocess.Popen([sys.executable, "-m", "gateway", "scheduler", "--interval",
                                    "0.5"], cwd=ROOT, env=env) for _ in range(2)]
    body = incident_body(facts=OUTAGE, channels=["sms", "email"], require_ack=True,
                         ack_within_minutes=30)
    headers = {"Authorization": f"Bearer {keys['system']}", "Idempotency-Key": "twice"}
    try:
        with api_process(env, threads=8) as api_a, api_process(env, threads=8) as api_b, \
                workers(app, fake.url, n=2), ThreadPoolExecutor(4) as pool:
            answers = list(pool.map(
                lambda api: requests.post(api.url + "/v1/incidents", json=body,
                                          headers=headers, timeout=60),
                [api_a, api_b, api_a, api_b]))
            codes = sorted(r.status_code for r in answers)
            ids = {r.json()["id"] for r in answers if r.status_code == 202}
            assert set(codes) <= {202, 409} and 202 in codes and len(ids) == 1, codes
            incident_id = ids.pop()
            wait_until(lambda: _count_rows(app, channel="sms", status="sent") == AUDIENCE, 120,
                       "the first notices", detail=lambda: statuses(app, incident_id))
            wait_until(lambda: _status(app, incident_id) == "dispatched", 30, "dispatched")
            # Nobody acknowledged; 31 minutes pass (the clock moves for everyone).
            with app.app_context():
                db.session.execute(update(Delivery).where(Delivery.incident_id == incident_id)
                                   .values(sent_at=utcnow() - timedelta(minutes=31)))
                db.session.commit()
                db.session.remove()
            list(pool.map(lambda _: _escalate(app), range(2)))  # a split-brain tick, twice
            wait_until(lambda: _count_rows(app, channel="email", status="sent") == AUDIENCE, 120,
                       "the escalations", detail=lambda: statuses(app, incident_id))
            time.sleep(12)  # both schedulers get to the escalation sweep again
            email_rows = _count_rows(app, channel="email")
    finally:
        for proc in schedulers:
            proc.terminate()
        for proc in schedulers:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:  # a tick still running: never leave it behind
                proc.kill()
                proc.wait()
    sms = Counter(m.to for m in fake.received(channel="sms"))
    email = Counter(m.to for m in fake.received(channel="email"))
    with app.app_context():
        incidents = db.session.execute(select(func.count()).select_from(Incident)).scalar_one()
        audit = verify()
        db.session.remove()
    result = {"incidents": incidents, "posts": codes, "email_rows": email_rows,
              "sms_duplicates": sum(n - 1 for n in sms.values()),
              "email_duplicates": sum(n - 1 for n in email.values()), "audit": audit,
              "provider": fake.stats()["requests"]}
    print(result)
    assert incidents == 1
    assert email_rows == AUDIENCE
    assert set(sms) == {phone(i) for i in range(AUDIENCE)}
    assert set(email) == {f"c{i}@example.com" for i in range(AUDIENCE)}
    assert result["sms_duplicates"] == result["email_duplicates"] == 0
    assert audit["ok"]


def _escalate(app) -> int:
    with app.app_context():
        try:
            return escalate(utcnow())
        finally:
            db.session.remove()


def _status(app, incident_id: int) -> str:
    with app.app_context():
        try:
            return str(db.session.get_one(Incident, incident_id).status)
        finally:
            db.session.remove()

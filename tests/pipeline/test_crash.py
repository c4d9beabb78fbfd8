"""A worker killed with SIGKILL mid-batch loses nothing: the sweeper puts its
`sending` rows back, and duplicates stay within one send window."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import update

from gateway.config import WORKER_COMMAND
from gateway.delivery.models import Delivery
from gateway.jobs import sweeps
from gateway.store.db import db, utcnow
from tests.support.api import BRIEF_OUTAGE, auth
from tests.support.faults import bound_for, count
from tests.support.pipeline import drain, statuses
from tests.support.processes import ROOT

CUSTOMERS = 1000


def worker_env(app) -> dict[str, str]:
    config = app.config["GATEWAY"]
    return {**os.environ, "DATABASE_URL": config.database_url, "REDIS_URL": config.redis_url,
            "GATEWAY_INSTANCE_PATH": str(config.instance_path),
            "GATEWAY_PUBLIC_URL": config.public_url, "CHAT_ALLOW_PRIVATE_URLS": "1",
            "SMS_PROVIDERS": "twilio", "EMAIL_PROVIDERS": "sendgrid"}


@pytest.mark.slow
def test_sigkill_mid_batch_loses_nothing(app, client, keys, fake):
    rows = "\n".join(json.dumps({"external_id": f"k{i}", "phone": f"+1415556{i:04d}",
                                 "channels": ["sms"]}) for i in range(CUSTOMERS))
    assert client.post("/v1/customers/bulk", data=rows, headers=auth(
        keys["system"], **{"Content-Type": "application/x-ndjson"},
    )).get_json()["stored"] == CUSTOMERS
    # The provider answers the first 100 messages, then takes every call and
    # never answers: the kill finds calls in flight however fast or loaded the
    # machine is (a 400 ms latency once let a batch finish between the check
    # and the kill).
    fake.configure("twilio", hold_after=100)
    worker = subprocess.Popen(WORKER_COMMAND, cwd=ROOT, env={
        **worker_env(app), "PROVIDER_TIMEOUT_SECONDS": "120"})
    try:
        r = client.post("/v1/incidents",
                        headers=auth(keys["system"], **{"Idempotency-Key": "kill"}),
                        json={"kind": "outage", "severity": "high", "title": "Checkout down",
                              "facts": BRIEF_OUTAGE,
                              "audience": {"all": True}})
        incident_id = r.get_json()["id"]
        deadline = time.monotonic() + 90
        seen = []
        while len(fake.received(channel="sms")) <= 100 or count(app, "sending") == 0:
            seen.append((len(fake.received(channel="sms")), count(app, "sending")))
            assert time.monotonic() < deadline, f"the worker never got going: {seen[::20]}"
            time.sleep(0.05)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    in_flight = count(app, "sending")
    held = len(fake.received(channel="sms")) - count(app, "sent")  # taken, never answered
    assert in_flight > 0
    # Time passes: the dead worker's leases run out (no heartbeat renews them).
    with app.app_context():
        db.session.execute(update(Delivery).where(Delivery.status == "sending")
                           .values(lease_until=utcnow() - timedelta(seconds=1)))
        db.session.commit()
        app.extensions["gateway.redis"].flushdb()  # and Redis forgot every queued job too
        db.session.execute(update(Delivery).where(Delivery.status == "queued")
                           .values(updated_at=utcnow() - sweeps.QUEUED_STALE * 2))
        db.session.commit()
        requeued = sweeps.requeue_stuck()
    assert requeued >= in_flight
    fake.configure("twilio", hold_after=None)
    drain(app, rounds=5, reason=None)  # a loaded machine can time calls out: they wait
    assert statuses(app, incident_id) == {"sent": CUSTOMERS}
    got = Counter(m.to for m in fake.received(channel="sms"))
    assert len(got) == CUSTOMERS  # every customer got the message
    duplicates = sum(n - 1 for n in got.values())
    assert duplicates <= bound_for(1), duplicates  # one send window
    print(f"in flight at kill: {in_flight}, calls held: {held}, duplicates: {duplicates} "
          "(held SMS are found at Twilio, not resent)")

"""A send job's last answers carried into the worker's next job (gateway/jobs/send_flights.py,
`Carry`): a real RQ worker in this process, the real SDKs and the fake provider
server answering late. Watched at every request the providers start: the
messages of the request's channel started by the worker and not recorded in the
database stay within one window (the duplicate bound, README: Delivery
guarantees), while another job's answers are still to come; in the end every
customer has their one message, recorded as sent, and the audit chain verifies."""

from __future__ import annotations

from collections import Counter, defaultdict

from sqlalchemy import select

from gateway.delivery.models import Delivery
from gateway.jobs.send import REQUEST_WINDOW
from gateway.providers._per_message import PerMessage
from gateway.providers.sendgrid import SendGridProvider
from gateway.reports.verify import verify
from gateway.store.db import db
from tests.support.api import FACTS, auth, put_customer
from tests.support.env import reread_env
from tests.support.pipeline import run_worker, statuses

CHANNELS = ("email", "sms", "chat")
CONCURRENCY = 6  # PROVIDER_CONCURRENCY: the window of Twilio and chat
BATCH = 10  # SEND_BATCH_SIZE: many jobs, so that one job's drain meets the next job


def test_a_jobs_last_answers_are_written_by_the_next_job_within_one_window(
        app, client, keys, fake, monkeypatch):
    n = 90
    for i in range(n):
        channel = CHANNELS[i % 3]
        put_customer(client, keys["system"], f"c{i}", name=f"Customer {i}",
                     phone=f"+1415555{i:04d}", chat_webhook_url=fake.chat_url(f"c{i}"),
                     channels=[channel])
    monkeypatch.setenv("PROVIDER_CONCURRENCY", str(CONCURRENCY))
    monkeypatch.setenv("SEND_BATCH_SIZE", str(BATCH))
    reread_env(app)
    fake.configure(latency_ms=40)
    window = {"email": min(BATCH, REQUEST_WINDOW), "sms": CONCURRENCY, "chat": CONCURRENCY}
    started: dict[str, set[int]] = defaultdict(set)
    seen: list[tuple[str, int, int]] = []  # channel, its unrecorded with the new ones, others'

    def watched(start_batch):
        def start(provider, messages, answers):
            ids = [m.delivery_id for m in messages]
            channel = messages[0].channel
            with db.engine.connect() as connection:
                mine = set(connection.execute(select(Delivery.lease_holder).where(
                    Delivery.id.in_(ids))).scalars())
                unrecorded = connection.execute(select(Delivery.channel, Delivery.lease_holder)
                                                .where(Delivery.id.in_(set().union(*started.values())),
                                                       Delivery.status == "sending")).all()
            seen.append((channel, len(ids) + sum(1 for ch, _ in unrecorded if ch == channel),
                         sum(1 for _, holder in unrecorded if holder not in mine)))
            started[channel].update(ids)
            return start_batch(provider, messages, answers)
        return start

    monkeypatch.setattr(PerMessage, "start_batch", watched(PerMessage.start_batch))
    monkeypatch.setattr(SendGridProvider, "start_batch", watched(SendGridProvider.start_batch))
    r = client.post("/v1/incidents", json={
        "kind": "outage", "severity": "high", "title": "Checkout unavailable", "facts": FACTS,
        "audience": {"all": True}}, headers=auth(keys["system"], **{"Idempotency-Key": "carry"}))
    assert r.status_code == 202, r.get_json()
    incident_id = r.get_json()["id"]

    run_worker(app)

    assert statuses(app, incident_id) == {"sent": n}
    received = Counter((m.channel, m.to) for m in fake.received())
    assert len(received) == n and set(received.values()) == {1}
    with app.app_context():
        assert verify()["ok"]
    assert {ch for ch, _, _ in seen} == set(CHANNELS)
    over = [(ch, count) for ch, count, _ in seen if count > window[ch]]
    assert not over, f"more than a window started and unrecorded: {over}"
    # The worker's jobs overlapped: a request started while another job's were unanswered.
    assert any(others for _, _, others in seen), seen

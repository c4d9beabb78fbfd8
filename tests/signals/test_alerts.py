"""A warning alerts staff outside the console: a POST to STAFF_ALERT_WEBHOOK
signed like chat messages, and an email to each on-call address; a failed
POST is retried from its row."""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from gateway.alerts.models import StaffAlert
from gateway.alerts.service import send_due
from gateway.delivery.models import OutboxMessage
from gateway.providers.webhook import SIGNATURE_HEADER, verify
from gateway.signals import service
from gateway.signals.schemas import SignalIn
from gateway.store.db import db, utcnow

WEEK = timedelta(days=7)


@pytest.fixture
def receiver():
    """A staff chat webhook: records each POST; answers 500 while `fail` > 0."""
    state = {"posts": [], "fail": 0}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state["posts"].append((dict(self.headers), body))
            status = 500 if state["fail"] > 0 else 200
            state["fail"] -= 1
            self.send_response(status)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state["url"] = f"http://127.0.0.1:{server.server_port}/staff"
    yield state
    server.shutdown()


def _spike_warning(app) -> int:
    """Four quiet weeks, then a burst: the scheduler's evaluation opens a warning."""
    now = utcnow()
    items = [SignalIn(topic="orders.unfulfilled", count=4, at=now - k * WEEK - timedelta(minutes=m))
             for k in range(1, 5) for m in range(0, 70, 5)]
    items += [SignalIn(topic="orders.unfulfilled", count=30, at=now - timedelta(minutes=m))
              for m in range(5, 45, 5)]
    service.ingest(items, now=now)
    [opened] = service.evaluate(now).opened
    return opened


def test_a_warning_is_posted_signed_and_emailed_to_on_call(app, receiver):
    config = app.config["GATEWAY"]
    app.config["GATEWAY"] = replace(config, staff_alert_webhook=receiver["url"],
                                    oncall_emails=("oncall@example.com", "lead@example.com"))
    receiver["fail"] = 1
    with app.app_context():
        warning_id = _spike_warning(app)
        assert send_due() == 2  # both emails; the webhook answered 500
        failed = db.session.query(StaffAlert).filter_by(target="webhook").one()
        assert failed.status == "pending" and failed.attempts == 1 and "500" in failed.last_error
        assert send_due() == 0  # not due yet: it backs off
        assert send_due(utcnow() + timedelta(seconds=11)) == 1
        assert {a.status for a in db.session.query(StaffAlert)} == {"sent"}
        emails = db.session.query(OutboxMessage).order_by(OutboxMessage.to).all()
        assert [m.to for m in emails] == ["lead@example.com", "oncall@example.com"]
        assert "orders.unfulfilled" in emails[0].subject
        assert f"/console/warnings/{warning_id}" in emails[0].text
    headers, body = receiver["posts"][-1]
    assert verify(headers[SIGNATURE_HEADER], body, config.chat_webhook_secret)
    posted = json.loads(body)
    assert posted["kind"] == "warning.opened" and posted["warning_id"] == warning_id
    assert posted["observed"] >= 2 * posted["expected"]
    assert len(receiver["posts"]) == 2  # the failure and the retry, nothing more


def test_without_destinations_nothing_is_queued(app):
    with app.app_context():
        _spike_warning(app)
        assert db.session.query(StaffAlert).count() == 0

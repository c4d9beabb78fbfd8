"""The fake provider server: control API, recording, signed callbacks."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

import pytest
from sendgrid.helpers.eventwebhook import EventWebhook
from twilio.request_validator import RequestValidator

from gateway.bench.fakes import (
    FakeProviders,
    FakeProvidersClient,
    SendGridSigner,
    post_sendgrid_events,
    post_twilio_status,
    sendgrid_event,
)
from gateway.providers import Outcome, create
from tests.support.providers import AUTH_TOKEN, message, settings_for


class Receiver:
    """A stand-in for the gateway's webhook endpoints: records every POST."""

    def __init__(self) -> None:
        self.posts: list[tuple[str, dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            disable_nagle_algorithm = True

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.posts.append((self.path, dict(self.headers), body))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def wait_for(self, n: int, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self.posts) < n and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(self.posts) >= n, self.posts


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    thread = threading.Thread(target=r.server.serve_forever, daemon=True)
    thread.start()
    yield r
    r.server.shutdown()
    r.server.server_close()


def test_control_api_over_http(fake: FakeProviders) -> None:
    client = FakeProvidersClient(fake.url)
    state = client.configure("twilio", latency_ms=1, permanent={"+15550000009": 21614},
                             silent=["+1"])
    assert state["behaviour"]["twilio"]["permanent"] == {"+15550000009": 21614}
    assert state["behaviour"]["sendgrid"]["latency_ms"] == 0
    assert client.sendgrid_public_key == fake.signer.public_key
    provider = create("twilio", settings_for(fake.url))
    try:
        results = provider.send_batch(
            [message(1, "sms", "+15550000001"), message(2, "sms", "+15550000009")])
    finally:
        provider.close()
    assert [r.outcome for r in results] == [Outcome.ACCEPTED, Outcome.PERMANENT]
    [got] = client.received(channel="sms")
    assert got.to == "+15550000001" and got.provider_message_id == results[0].provider_message_id
    stats = client.stats()
    assert {k: stats[k] for k in ("counts", "requests")} == {
        "counts": {"sms": 1}, "requests": {"twilio 201": 1, "twilio 400": 1}}
    assert stats["first_at"] == stats["last_at"] == {"sms": got.at}  # when it was accepted
    client.reset()
    assert client.received() == [] and fake.behaviour["twilio"].latency_ms == 0
    with pytest.raises(Exception, match="400"):
        client.configure(nonsense=1)


def test_count_mode_keeps_no_messages() -> None:
    with FakeProviders(record="count") as fake:
        provider = create("sendgrid", settings_for(fake.url))
        try:
            provider.send_batch([message(i, to=f"u{i}@example.com") for i in range(10)])
        finally:
            provider.close()
        assert fake.received() == []
        assert fake.stats()["counts"] == {"email": 10}


def test_twilio_status_callbacks_are_signed(fake: FakeProviders, receiver: Receiver) -> None:
    fake.configure("twilio", callbacks=True, final_status={"+15550000002": "undelivered"},
                   silent={"+15550000003"})
    provider = create("twilio", settings_for(fake.url, public_url=receiver.url))
    try:
        results = provider.send_batch([message(i, "sms", f"+1555000000{i}") for i in (1, 2, 3)])
    finally:
        provider.close()
    receiver.wait_for(4)
    time.sleep(0.2)
    assert len(receiver.posts) == 4  # sent + final for two numbers; the silent one never calls back
    url = receiver.url + "/v1/webhooks/twilio/status"
    validator = RequestValidator(AUTH_TOKEN)
    seen = set()
    for path, headers, body in receiver.posts:
        params = dict(parse_qsl(body.decode()))
        assert path == "/v1/webhooks/twilio/status"
        assert validator.validate(url, params, headers["X-Twilio-Signature"])
        assert not RequestValidator("wrong").validate(url, params, headers["X-Twilio-Signature"])
        seen.add((params["MessageSid"], params["MessageStatus"], params.get("ErrorCode")))
    sid1, sid2 = results[0].provider_message_id, results[1].provider_message_id
    assert seen == {(sid1, "sent", None), (sid1, "delivered", None),
                    (sid2, "sent", None), (sid2, "undelivered", "30006")}


def test_sendgrid_events_are_ecdsa_signed(fake: FakeProviders, receiver: Receiver) -> None:
    fake.sendgrid_event_url = receiver.url + "/v1/webhooks/sendgrid"
    fake.configure("sendgrid", callbacks=True, final_status={"b@example.com": "bounce"})
    provider = create("sendgrid", settings_for(fake.url))
    try:
        provider.send_batch([message(1, to="a@example.com"), message(2, to="b@example.com")])
    finally:
        provider.close()
    receiver.wait_for(1)
    fake.sendgrid_event_url = None
    [(path, headers, body)] = receiver.posts
    verifier = EventWebhook(fake.signer.public_key)
    signature = headers["X-Twilio-Email-Event-Webhook-Signature"]
    timestamp = headers["X-Twilio-Email-Event-Webhook-Timestamp"]
    assert verifier.verify_signature(body.decode(), signature, timestamp)
    assert not verifier.verify_signature(body.decode() + " ", signature, timestamp)
    assert not EventWebhook(SendGridSigner().public_key).verify_signature(
        body.decode(), signature, timestamp)
    events = json.loads(body)
    assert {(e["email"], e["event"], e["delivery_id"]) for e in events} == {
        ("a@example.com", "processed", "1"), ("a@example.com", "delivered", "1"),
        ("b@example.com", "processed", "2"), ("b@example.com", "bounce", "2"),
    }
    assert len({e["sg_event_id"] for e in events}) == 4


def test_helpers_post_signed_callbacks(receiver: Receiver) -> None:
    url = receiver.url + "/v1/webhooks/twilio/status"
    resp = post_twilio_status(url, auth_token="tok", sid="SM1", status="delivered",
                              to="+1555", from_="+1666", account_sid="AC1")
    assert resp.status_code == 200
    signer = SendGridSigner()
    event = sendgrid_event("delivered", email="a@example.com", message_id="x.0",
                           custom_args={"delivery_id": "7"})
    assert post_sendgrid_events(receiver.url + "/sg", [event], signer,
                                timestamp=1700000000).status_code == 200
    (_, h1, b1), (_, h2, b2) = receiver.posts
    assert RequestValidator("tok").validate(url, dict(parse_qsl(b1.decode())),
                                            h1["X-Twilio-Signature"])
    assert h2["X-Twilio-Email-Event-Webhook-Timestamp"] == "1700000000"
    assert EventWebhook(signer.public_key).verify_signature(
        b2.decode(), h2["X-Twilio-Email-Event-Webhook-Signature"], "1700000000")


def test_hold_after_answers_until_that_many_messages_then_holds(fake: FakeProviders) -> None:
    """A provider that stops answering at a known point, however fast the run:
    the two first SMS are answered, the third is taken and never answered (our
    side times out, the fake has it)."""
    fake.configure("twilio", hold_after=2)
    provider = create("twilio", settings_for(fake.url, timeout=0.5))
    try:
        outcomes = [provider.send_batch([message(i, "sms", f"+1555000000{i}")])[0].outcome
                    for i in range(1, 4)]
    finally:
        provider.close()
    assert outcomes == [Outcome.ACCEPTED, Outcome.ACCEPTED, Outcome.RETRYABLE]
    assert [r.to for r in fake.received(channel="sms")] == [
        "+15550000001", "+15550000002", "+15550000003"]

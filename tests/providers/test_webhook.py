"""Chat webhooks: signed JSON POSTs, SSRF refusal, classification."""

from __future__ import annotations

import json
import time

import pytest

from gateway.bench.fakes import FakeProviders
from gateway.providers import Outcome, create
from gateway.providers.webhook import is_url_allowed, sign, verify
from tests.support.providers import Case, check_case, closed_port_url, message, settings_for

CASES = [
    Case("accepted", Outcome.ACCEPTED),
    Case("429 with Retry-After", Outcome.RETRYABLE, {"error_rates": {429: 1.0}, "retry_after": 4},
         retry_after=4.0),
    Case("500", Outcome.RETRYABLE, {"error_rates": {500: 1.0}}, error="500"),
    Case("timeout", Outcome.RETRYABLE, {"hang": True}, error="timeout"),
    Case("404 gone", Outcome.PERMANENT, {"error_rates": {404: 1.0}}, error="404"),
    Case("redirect not followed", Outcome.PERMANENT, {"error_rates": {302: 1.0}}, error="302"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_webhook(case: Case, fake: FakeProviders) -> None:
    check_case("webhook", "chat", "chat", fake.chat_url("acme"), case, fake)


def test_connection_refused_is_retryable(fake: FakeProviders) -> None:
    provider = create("webhook", settings_for(fake.url))
    try:
        [result] = provider.send_batch([message(1, "chat", closed_port_url() + "/hook")])
    finally:
        provider.close()
    assert result.outcome is Outcome.RETRYABLE


def test_post_body_and_signature(fake: FakeProviders) -> None:
    m = message(9, "chat", fake.chat_url("acme"), text="We're sorry — 这是我们的错误。")
    provider = create("webhook", settings_for(fake.url))
    try:
        [result] = provider.send_batch([m])
    finally:
        provider.close()
    assert result.outcome is Outcome.ACCEPTED
    [got] = fake.received(channel="chat")
    assert got.to == fake.chat_url("acme")
    assert json.loads(got.body or "") == {"text": m.text, "incident_id": 42, "delivery_id": 9,
                                          "ack_url": m.ack_url}
    header = got.headers["x-gateway-signature"]
    assert verify(header, (got.body or "").encode(), "chat-secret")
    assert not verify(header, (got.body or "").encode(), "other-secret")


def test_sign_and_verify() -> None:
    body, t = b'{"text":"hi"}', int(time.time())
    header = sign(body, "s3cret", t)
    assert header.startswith(f"t={t},v1=") and len(header.split("v1=")[1]) == 64
    assert verify(header, body, "s3cret")
    assert not verify(header, body + b" ", "s3cret")
    assert not verify(sign(body, "s3cret", t - 3600), body, "s3cret")  # stale
    assert not verify("garbage", body, "s3cret")


@pytest.mark.parametrize(
    ("url", "allow_private", "ok"),
    [
        ("https://127.0.0.1/hook", False, False),
        ("https://localhost/hook", False, False),
        ("https://10.1.2.3/hook", False, False),
        ("https://192.168.0.10/hook", False, False),
        ("https://169.254.169.254/latest/meta-data", False, False),
        ("https://[::1]/hook", False, False),
        ("https://[::ffff:127.0.0.1]/hook", False, False),
        ("https://0.0.0.0/hook", False, False),
        ("http://93.184.215.14/hook", False, False),  # https required
        ("ftp://93.184.215.14/hook", False, False),
        ("https://93.184.215.14/hook", False, True),
        ("http://127.0.0.1:9/hook", True, True),
        ("not a url", True, False),
    ],
)
def test_is_url_allowed(url: str, allow_private: bool, ok: bool) -> None:
    allowed, reason = is_url_allowed(url, allow_private)
    assert allowed is ok
    assert (reason is None) is ok


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_private_targets_refused_unless_allowed(fake: FakeProviders, host: str) -> None:
    url = fake.chat_url("acme").replace("127.0.0.1", host).replace("http://", "https://")
    provider = create("webhook", settings_for(fake.url, chat_allow_private_urls=False))
    try:
        [result] = provider.send_batch([message(1, "chat", url)])
    finally:
        provider.close()
    assert result.outcome is Outcome.PERMANENT
    assert result.error and "refused" in result.error and "loopback" in result.error
    assert fake.received() == []

"""SendGrid Mail Send through the real SDK against the fake server."""

from __future__ import annotations

import threading

import pytest

from gateway.bench.fakes import FakeProviders
from gateway.providers import Outcome, create
from gateway.providers.sendgrid import PER_REQUEST
from tests.support.providers import Case, check_case, message, settings_for

TO = "ann@example.com"

CASES = [
    Case("accepted", Outcome.ACCEPTED),
    Case("429 with Retry-After", Outcome.RETRYABLE, {"error_rates": {429: 1.0}, "retry_after": 30},
         retry_after=30.0, error="sendgrid 429"),
    Case("500", Outcome.RETRYABLE, {"error_rates": {500: 1.0}}, error="sendgrid 500"),
    Case("outage 503", Outcome.RETRYABLE, {"outage": True, "retry_after": 5}, retry_after=5.0),
    Case("401 bad key", Outcome.RETRYABLE, {"reject_auth": True}, error="sendgrid 401"),
    Case("timeout", Outcome.RETRYABLE, {"hang": True}, error="timeout"),
    Case("connection refused", Outcome.RETRYABLE, unreachable=True, error="connection error"),
    Case("400 on the address", Outcome.PERMANENT, {"permanent": {TO: 400}},
         error="personalizations.0.to.0.email"),
    Case("malformed address", Outcome.PERMANENT, message={"to": "not-an-address"},
         error="valid address"),
    # A 400 that names no personalization is about the whole request (e.g. the
    # sender): retryable, so failover can still reach the customer.
    Case("400 on the request", Outcome.RETRYABLE, {"error_rates": {400: 1.0}},
         error="sendgrid 400"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_sendgrid(case: Case, fake: FakeProviders) -> None:
    check_case("sendgrid", "sendgrid", "email", TO, case, fake)


def test_each_recipient_gets_their_own_content(fake: FakeProviders) -> None:
    batch = [
        message(1, to="ann@example.com", headers={
            "Message-ID": "<n1@gw.example.com>",
            "List-Unsubscribe": "<https://gw.example.com/u/t1>",
        }),
        message(2, to="bob@example.com", html=None, headers={"In-Reply-To": "<n0@gw.example.com>"}),
        message(3, to="cy@example.com", subject="Sorry, Cy",
                text="Cy's text with [%gw_html%] inside"),
    ]
    provider = create("sendgrid", settings_for(fake.url))
    try:
        results = provider.send_batch(batch)
    finally:
        provider.close()
    assert [r.outcome for r in results] == [Outcome.ACCEPTED] * 3
    assert len({r.provider_message_id for r in results}) == 3
    for m in batch:
        [got] = fake.received(channel="email", to=m.to)
        assert (got.subject, got.text, got.html) == (m.subject, m.text, m.html)
        assert got.sender == "support@acme.test"
        assert got.custom_args == {"delivery_id": str(m.delivery_id), "incident_id": "42"}
    ann = fake.received(to="ann@example.com")[0].headers
    assert ann == {
        "Message-ID": "<n1@gw.example.com>",
        "List-Unsubscribe": "<https://gw.example.com/u/t1>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    assert fake.received(to="bob@example.com")[0].headers == {"In-Reply-To": "<n0@gw.example.com>"}


def test_large_batches_split_into_requests_of_1000(fake: FakeProviders) -> None:
    batch = [message(i, to=f"user{i}@example.com") for i in range(PER_REQUEST + 500)]
    provider = create("sendgrid", settings_for(fake.url))
    try:
        results = provider.send_batch(batch)
    finally:
        provider.close()
    assert [r.delivery_id for r in results] == list(range(len(batch)))
    assert all(r.outcome is Outcome.ACCEPTED for r in results)
    assert fake.stats()["requests"] == {"sendgrid 202": 2}
    # two requests ran on the pool's threads (`bench --profile` counts their CPU as the
    # provider's), not on the caller's
    assert provider.io_threads() and threading.get_ident() not in provider.io_threads()
    got = {r.to: r for r in fake.received(channel="email")}
    assert len(got) == len(batch)
    assert got["user1234@example.com"].custom_args["delivery_id"] == "1234"
    assert got["user1234@example.com"].text == batch[1234].text


def test_oversized_message_goes_alone(fake: FakeProviders) -> None:
    big = message(2, to="big@example.com", text="We're sorry. " + "x" * 12_000)
    provider = create("sendgrid", settings_for(fake.url))
    try:
        results = provider.send_batch([message(1), big, message(3, to="cy@example.com")])
    finally:
        provider.close()
    assert [r.outcome for r in results] == [Outcome.ACCEPTED] * 3
    assert fake.stats()["requests"] == {"sendgrid 202": 2}
    assert fake.received(to="big@example.com")[0].text == big.text


def test_bad_address_fails_alone_and_the_rest_is_resent(fake: FakeProviders) -> None:
    fake.configure("sendgrid", permanent={"bad@example.com": 400})
    batch = [message(1, to="a@example.com"), message(2, to="bad@example.com"),
             message(3, to="c@example.com")]
    provider = create("sendgrid", settings_for(fake.url))
    try:
        results = provider.send_batch(batch)
    finally:
        provider.close()
    assert [r.outcome for r in results] == [Outcome.ACCEPTED, Outcome.PERMANENT, Outcome.ACCEPTED]
    assert "valid address" in (results[1].error or "")
    assert {r.to for r in fake.received()} == {"a@example.com", "c@example.com"}


def test_mail_send_request_is_the_sdks_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """The provider posts without python_http_client's `http_request` (whose debug
    lines format the whole payload): the same method, URL, headers and bytes."""
    from python_http_client.client import Client

    seen: list[tuple[str, str, dict[str, str], bytes, float | None]] = []

    class Answer:
        def getcode(self) -> int:
            return 202

        def read(self) -> bytes:
            return b""

        def info(self) -> dict[str, str]:
            return {"X-Message-Id": "x"}

    def capture(self: Client, opener: object, request: object, timeout: float | None = None
                ) -> Answer:
        seen.append((request.get_method(), request.full_url,  # type: ignore[attr-defined]
                     dict(request.header_items()), request.data,  # type: ignore[attr-defined]
                     timeout))
        return Answer()

    monkeypatch.setattr(Client, "_make_request", capture)
    provider = create("sendgrid", settings_for("http://127.0.0.1:9"))
    batch = [message(1, headers={"List-Unsubscribe": "<https://gw.example.com/u/t1>"}),
             message(2, to="bob@example.com", html=None, text="Ünïcode ✓ \"quoted\"\n")]
    try:
        for part, inline in ((batch[:1], False), (batch, True)):
            body = provider._body(part, inline)  # type: ignore[attr-defined]
            provider._client.client.mail.send.post(  # type: ignore[attr-defined]
                request_body=body, timeout=provider._timeout)  # type: ignore[attr-defined]
            provider._post(provider._encoded(part, inline))  # type: ignore[attr-defined]
    finally:
        provider.close()
    # Ours is encoded as it is written, so it states its length (urllib counts the SDK's bytes).
    for i in (1, 3):
        method, url, headers, data, timeout = seen[i]
        data = b"".join(data)
        assert headers.pop("Content-length") == str(len(data))
        seen[i] = (method, url, headers, data, timeout)
    assert seen[0] == seen[1] and seen[2] == seen[3]
    assert seen[0][0] == "POST" and seen[0][1].endswith("/v3/mail/send")

"""Twilio SMS/WhatsApp through the real SDK against the fake server."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from gateway.bench.fakes import FakeProviders
from gateway.providers import Outcome, create
from tests.support.providers import Case, check_case, message, settings_for

TO = "+15551230001"

CASES = [
    Case("accepted", Outcome.ACCEPTED),
    Case("429 with Retry-After", Outcome.RETRYABLE, {"error_rates": {429: 1.0}, "retry_after": 7},
         retry_after=7.0, error="20429"),
    Case("500", Outcome.RETRYABLE, {"error_rates": {500: 1.0}}, error="twilio 20500"),
    Case("outage 503", Outcome.RETRYABLE, {"outage": True, "retry_after": 2}, retry_after=2.0),
    Case("auth 20003", Outcome.RETRYABLE, {"reject_auth": True}, error="twilio 20003"),
    Case("timeout", Outcome.RETRYABLE, {"hang": True}, error="timeout"),
    Case("connection refused", Outcome.RETRYABLE, unreachable=True, error="connection error"),
    *[
        Case(f"permanent {code}", Outcome.PERMANENT, {"permanent": {TO: code}},
             error=f"twilio {code}")
        for code in (21211, 21610, 21612, 21614, 30006)
    ],
    Case("invalid number", Outcome.PERMANENT, message={"to": "12345"}, error="twilio 21211"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_twilio_sms(case: Case, fake: FakeProviders) -> None:
    check_case("twilio", "twilio", "sms", TO, case, fake)


def test_sms_reaches_the_fake_with_callback(fake: FakeProviders) -> None:
    provider = create("twilio", settings_for(fake.url, public_url="https://gw.example.com/"))
    try:
        [result] = provider.send_batch([message(3, "sms", TO)])
    finally:
        provider.close()
    [got] = fake.received(channel="sms", to=TO)
    assert result.provider_message_id == got.provider_message_id
    assert result.provider_message_id and result.provider_message_id.startswith("SM")
    assert got.sender == "+15005550006"
    assert got.text == message(3, "sms", TO).text
    assert got.status_callback == "https://gw.example.com/v1/webhooks/twilio/status"


def test_whatsapp_uses_whatsapp_addresses(fake: FakeProviders) -> None:
    provider = create("twilio", settings_for(fake.url))
    try:
        [result] = provider.send_batch([message(4, "whatsapp", TO)])
    finally:
        provider.close()
    assert result.outcome is Outcome.ACCEPTED
    [got] = fake.received(channel="whatsapp")
    assert (got.to, got.sender) == (TO, "whatsapp:+15005550007")


def test_batch_gives_one_result_per_message_in_order(fake: FakeProviders) -> None:
    fake.configure("twilio", permanent={"+15550000003": 21610})
    batch = [message(i, "sms", f"+155500000{i:02d}") for i in range(40)]
    provider = create("twilio", settings_for(fake.url))
    try:
        results = provider.send_batch(batch)
    finally:
        provider.close()
    assert [r.delivery_id for r in results] == list(range(40))
    assert [r.outcome for r in results] == [
        Outcome.PERMANENT if i == 3 else Outcome.ACCEPTED for i in range(40)
    ]
    assert len({r.provider_message_id for r in results if r.provider_message_id}) == 39
    assert {g.to for g in fake.received(channel="sms")} == {m.to for m in batch} - {"+15550000003"}


def test_other_channels_are_refused_per_message(fake: FakeProviders) -> None:
    provider = create("twilio", settings_for(fake.url))
    try:
        results = provider.send_batch([message(1, "email"), message(2, "sms", TO)])
    finally:
        provider.close()
    assert [r.outcome for r in results] == [Outcome.PERMANENT, Outcome.ACCEPTED]


def test_provider_is_reused_across_batches(fake: FakeProviders) -> None:
    provider = create("twilio", settings_for(fake.url))
    try:
        for n in range(3):
            assert provider.send_batch([message(n, "sms", TO)])[0].outcome is Outcome.ACCEPTED
    finally:
        provider.close()
    assert len(fake.received(channel="sms")) == 3


def test_requests_are_the_sdks_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker does not import the SDK (README: Benchmark, worker memory): the
    provider's create and list requests are the ones `twilio.rest.Client` makes
    for `messages.create(...)` and `messages.list(...)`: method, URL, headers
    (with Basic auth) and form body."""
    from urllib.parse import urlencode

    from twilio.http import HttpClient
    from twilio.http.response import Response as SdkResponse
    from twilio.rest import Client

    from gateway.providers import transport

    created = {"sid": "SM" + "1" * 32, "body": "hi"}
    listed = {"messages": [], "next_page_uri": None, "page": 0, "page_size": 50,
              "uri": "/x", "first_page_uri": "/x", "previous_page_uri": None}
    sdk_seen: list[tuple[str, str, dict[str, str], str]] = []
    ours: list[tuple[str, str, dict[str, str], str]] = []

    class Recorder(HttpClient):
        def request(self, method: str, uri: str, params: dict[str, object] | None = None,
                    data: dict[str, object] | None = None,
                    headers: dict[str, str] | None = None,
                    auth: tuple[str, str] | None = None, timeout: float | None = None,
                    allow_redirects: bool = False) -> SdkResponse:
            url = f"{uri}?{urlencode(params, doseq=True)}" if params else uri
            sent = {**(headers or {}), **({"Authorization": transport.basic_auth(*auth)}
                                           if auth else {})}
            sdk_seen.append((method, url, sent, urlencode(data or {}, doseq=True)))
            return SdkResponse(201 if method == "POST" else 200,
                               json.dumps(created if method == "POST" else listed))

    async def capture(self: transport.HttpPool, method: str, url: str, *,
                      headers: dict[str, str] | None = None, body: bytes | None = None,
                      timeout: float | None = None) -> transport.Response:
        ours.append((method, url, dict(headers or {}), (body or b"").decode()))
        return transport.Response(201 if method == "POST" else 200, {},
                                  json.dumps(created if method == "POST" else listed).encode())

    monkeypatch.setattr(transport.HttpPool, "request", capture)
    settings = settings_for("http://127.0.0.1:9", public_url="https://gw.example.com/")
    sdk = Client(settings.twilio_account_sid, settings.twilio_auth_token,
                 http_client=Recorder(logging.getLogger("test"), False), environment={})
    sdk.api.base_url = settings.twilio_api_base
    text = 'Ünïcode ✓ "quoted" & more\n'
    since = datetime(2026, 12, 4, 12, tzinfo=UTC)  # the provider asks from its day's start
    sdk.api.account.messages.create(
        to=TO, from_="+15005550006", body=text,
        status_callback="https://gw.example.com/v1/webhooks/twilio/status")
    sdk.api.account.messages.list(to=TO, date_sent_after=since.replace(hour=0),
                                  page_size=50, limit=200)
    provider = create("twilio", settings)
    try:
        [result] = provider.send_batch([replace(message(1, "sms", TO), text=text)])
        assert provider.find_sent(  # type: ignore[attr-defined]
            [(replace(message(1, "sms", TO), text=text), since)]) == {1: None}
    finally:
        provider.close()
    assert result.provider_message_id == created["sid"]
    assert ours == sdk_seen


@pytest.mark.parametrize(("status", "payload", "code", "text"), [
    (400, {"code": 21211, "message": "The 'To' number is not valid.", "status": 400},
     21211, "Unable to create record: The 'To' number is not valid."),
    (429, {"type": "https://www.twilio.com/docs/errors/20429", "title": "Too Many Requests",
           "status": 429, "code": 20429}, 20429, "Too Many Requests"),
    (502, None, 502, "Unable to create record"),
])
def test_error_answers_are_read_as_the_sdk_reads_them(
        status: int, payload: dict[str, object] | None, code: int, text: str) -> None:
    from twilio.base.version import Version
    from twilio.http.response import Response as SdkResponse

    from gateway.providers import transport
    from gateway.providers.twilio import TwilioError

    body = json.dumps(payload) if payload is not None else "<html>bad gateway</html>"
    sdk = Version.exception("POST", "/x", SdkResponse(status, body), "Unable to create record")
    ours = TwilioError.of(transport.Response(status, {"retry-after": "3"}, body.encode()),
                          "Unable to create record")
    sdk_text = getattr(sdk, "msg", None) or getattr(sdk, "title", "")
    assert (ours.status, ours.code, ours.msg) == (int(sdk.status), int(sdk.code), sdk_text)
    assert (ours.code, ours.msg, ours.retry_after) == (code, text, 3.0)

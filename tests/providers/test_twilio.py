"""Twilio SMS/WhatsApp through the real SDK against the fake server."""

from __future__ import annotations

from email.utils import formatdate

import pytest
from hypothesis import given
from hypothesis import strategies as st

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


@given(st.one_of(st.none(), st.text(max_size=40), st.just({}),
                 st.floats(min_value=0, max_value=4e9).map(lambda t: formatdate(t, usegmt=True)),
                 st.floats(min_value=0, max_value=4e9).map(formatdate)))
def test_the_sdks_date_parsing_remembered_gives_what_it_gave(text) -> None:
    """The SDK's RFC 2822 parse, remembered by gateway.providers.twilio, answers
    what the SDK's own function does, for a text seen first and seen again."""
    from twilio.base import deserialize

    import gateway.providers.twilio  # noqa: F401  (remembers the parse on import)

    original = deserialize.rfc2822_datetime.__wrapped__
    assert deserialize.rfc2822_datetime(text) == original(text)
    assert deserialize.rfc2822_datetime(text) == original(text)

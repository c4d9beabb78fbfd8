"""The provider tests' fake server, settings and table of cases."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from gateway.bench.fakes import FakeProviders
from gateway.bench.instance import free_port
from gateway.providers import OutboundMessage, Outcome, ProviderSettings, SendResult, create

AUTH_TOKEN = "test-auth-token"
# A provider call's budget in these tests: generous, so that a loaded machine
# never times out a call of a test that is not about timeouts (a 1 s budget did:
# a Mail Send of 1000 emails timed out). The timeout cases get HANG_TIMEOUT against a
# fake that never answers, so they time out however busy the machine is.
TIMEOUT = 10.0
HANG_TIMEOUT = 1.0
ACCOUNT_SID = "AC" + "0" * 32


def settings_for(base_url: str, **overrides: object) -> ProviderSettings:
    values: dict[str, object] = {
        "sendgrid_api_key": "SG.test",
        "sendgrid_api_host": base_url,
        "email_from": "Acme Support <support@acme.test>",
        "twilio_account_sid": ACCOUNT_SID,
        "twilio_auth_token": AUTH_TOKEN,
        "twilio_from_number": "+15005550006",
        "twilio_whatsapp_from": "+15005550007",
        "twilio_api_base": base_url,
        "chat_webhook_secret": "chat-secret",
        "chat_allow_private_urls": True,
        "public_url": "http://127.0.0.1:8080",
        "timeout": TIMEOUT,
        "concurrency": 8,
    }
    values.update(overrides)
    return ProviderSettings(**values)  # type: ignore[arg-type]


def closed_port_url() -> str:
    """A URL nobody listens on (connection refused)."""
    return f"http://127.0.0.1:{free_port()}"


def message(
    delivery_id: int = 1, channel: str = "email", to: str = "ann@example.com", **kw: object
) -> OutboundMessage:
    values: dict[str, object] = {
        "delivery_id": delivery_id,
        "incident_id": 42,
        "channel": channel,
        "to": to,
        "subject": (f"We're sorry: checkout was down ({delivery_id})"
                    if channel == "email" else None),
        "text": f"We're sorry. This was our mistake. Message {delivery_id}.",
        "html": f"<p>We're sorry. Message {delivery_id}.</p>" if channel == "email" else None,
        "headers": {},
        "ack_url": f"http://127.0.0.1:8080/a/tok{delivery_id}",
    }
    values.update(kw)
    return OutboundMessage(**values)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Case:
    """One row of a provider table: fake behaviour in, outcome out."""

    id: str
    outcome: Outcome
    behaviour: dict[str, Any] = field(default_factory=dict)  # fake.configure(api, ...)
    message: dict[str, Any] = field(default_factory=dict)  # overrides for message()
    retry_after: float | None = None
    error: str | None = None  # expected substring of the error
    unreachable: bool = False  # provider pointed at a port nobody listens on


def check_case(
    provider_name: str, api: str, channel: str, to: str, case: Case, fake: FakeProviders
) -> SendResult:
    """Send one message through the real SDK to the fake and check the result."""
    base = closed_port_url() if case.unreachable else fake.url
    fake.configure(api, **case.behaviour)
    timeout = HANG_TIMEOUT if case.behaviour.get("hang") else TIMEOUT
    provider = create(provider_name, settings_for(base, timeout=timeout))
    try:
        results = provider.send_batch([message(1, channel, **{"to": to, **case.message})])
    finally:
        provider.close()
    assert len(results) == 1
    result = results[0]
    assert result.delivery_id == 1
    assert result.outcome is case.outcome, result
    assert result.retry_after == case.retry_after, result
    if case.error is not None:
        assert result.error is not None and case.error in result.error, result
    assert (result.provider_message_id is not None) == (case.outcome is Outcome.ACCEPTED)
    return result


@pytest.fixture(scope="module")
def fake_server() -> Iterator[FakeProviders]:
    with FakeProviders() as fake:
        yield fake


@pytest.fixture
def fake(fake_server: FakeProviders) -> FakeProviders:
    fake_server.reset()
    return fake_server


@pytest.fixture
def settings(fake: FakeProviders) -> ProviderSettings:
    return settings_for(fake.url)

"""Every provider honours the one interface (warehouse checks its backends this way)."""

from __future__ import annotations

import inspect
import typing

import pytest

from gateway.bench.fakes import FakeProviders
from gateway.providers import Provider, ProviderSettings, create
from gateway.providers.base import CHANNELS, OutboundMessage, SendResult
from gateway.providers.outbox import OutboxProvider
from gateway.providers.sendgrid import SendGridProvider
from gateway.providers.twilio import TwilioProvider
from gateway.providers.webhook import WebhookProvider
from tests.support.providers import settings_for

CLASSES = {
    "sendgrid": SendGridProvider, "twilio": TwilioProvider,
    "webhook": WebhookProvider, "outbox": OutboxProvider,
}


@pytest.mark.parametrize("cls", CLASSES.values(), ids=CLASSES)
def test_class_matches_interface(cls: type) -> None:
    assert isinstance(cls.name, str) and CLASSES[cls.name] is cls
    assert isinstance(cls.channels, frozenset) and cls.channels and cls.channels <= CHANNELS
    assert isinstance(cls.max_batch, int) and cls.max_batch > 0
    for method in ("send_batch", "close"):
        expected = inspect.signature(getattr(Provider, method))
        assert (inspect.signature(getattr(cls, method)).parameters.keys()
                == expected.parameters.keys())
    hints = typing.get_type_hints(cls.send_batch)
    assert hints["return"] == list[SendResult]
    assert "Sequence" in str(hints["messages"]) and OutboundMessage in typing.get_args(
        hints["messages"])


@pytest.mark.parametrize("name", CLASSES)
def test_create_builds_each_provider(name: str, fake: FakeProviders) -> None:
    provider = create(name, settings_for(fake.url), outbox_sink=lambda batch: None)
    try:
        assert isinstance(provider, CLASSES[name])
        assert isinstance(provider, Provider)
        assert provider.send_batch([]) == []
    finally:
        provider.close()


def test_unknown_provider() -> None:
    with pytest.raises(ValueError, match="unknown provider"):
        create("pigeon", ProviderSettings())


@pytest.mark.parametrize("name", ["sendgrid", "twilio", "webhook"])
def test_missing_credentials_fail_at_construction(name: str) -> None:
    with pytest.raises(ValueError, match="needs"):
        create(name, ProviderSettings())


def test_settings_from_env() -> None:
    s = ProviderSettings.from_env({
        "SENDGRID_API_KEY": "SG.k", "SENDGRID_API_HOST": "http://127.0.0.1:9",
        "EMAIL_FROM": "a@b.c",
        "TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "t", "TWILIO_FROM_NUMBER": "+1555",
        "TWILIO_WHATSAPP_FROM": "+1666", "TWILIO_API_BASE": "http://127.0.0.1:9",
        "CHAT_WEBHOOK_SECRET": "s", "CHAT_ALLOW_PRIVATE_URLS": "1",
        "GATEWAY_PUBLIC_URL": "https://gw.example.com", "PROVIDER_TIMEOUT_SECONDS": "2.5",
        "PROVIDER_CONCURRENCY": "16",
    })
    assert s == ProviderSettings(
        sendgrid_api_key="SG.k", sendgrid_api_host="http://127.0.0.1:9", email_from="a@b.c",
        twilio_account_sid="AC1", twilio_auth_token="t", twilio_from_number="+1555",
        twilio_whatsapp_from="+1666", twilio_api_base="http://127.0.0.1:9", chat_webhook_secret="s",
        chat_allow_private_urls=True, public_url="https://gw.example.com", timeout=2.5,
        concurrency=16,
    )
    defaults = ProviderSettings.from_env({})
    assert defaults.sendgrid_api_host == "https://api.sendgrid.com"
    assert defaults.twilio_api_base == "https://api.twilio.com"
    assert defaults.public_url == "http://127.0.0.1:8080"
    assert defaults.chat_allow_private_urls is False

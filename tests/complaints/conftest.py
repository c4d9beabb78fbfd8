"""Fixtures for complaint tests: the lifecycle harness, and the fake provider server
with the real SDKs (SMS through Twilio, email through SendGrid, chat webhooks)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from gateway.bench.fakes import FakeProviders, SendGridSigner
from tests.lifecycle.harness import TWILIO_TOKEN, Harness
from tests.support.env import reread_env


@pytest.fixture(scope="session")
def signer() -> SendGridSigner:
    return SendGridSigner()


@pytest.fixture
def h(app, client, keys, signer, monkeypatch) -> Harness:
    monkeypatch.setenv("SENDGRID_WEBHOOK_PUBLIC_KEY", signer.public_key)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", TWILIO_TOKEN)
    reread_env(app)
    return Harness(app, client, keys, signer)


@pytest.fixture
def fake(h, app, monkeypatch):
    with FakeProviders() as server:
        env = {
            "SENDGRID_API_KEY": "SG.test-key", "SENDGRID_API_HOST": server.url,
            "EMAIL_FROM": "help@example.com",
            "TWILIO_ACCOUNT_SID": "AC" + "0" * 32, "TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
            "TWILIO_FROM_NUMBER": "+15005550006", "TWILIO_WHATSAPP_FROM": "+15005550007",
            "TWILIO_API_BASE": server.url, "PROVIDER_TIMEOUT_SECONDS": "2",
        }
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        reread_env(app)
        app.config["GATEWAY"] = replace(
            app.config["GATEWAY"], email_providers=("sendgrid",), sms_providers=("twilio",),
            whatsapp_providers=("twilio",), chat_providers=("webhook",))
        yield server

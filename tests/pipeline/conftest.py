"""The real pipeline against the fake provider server: real SDKs, real HTTP."""

from __future__ import annotations

from dataclasses import replace

import pytest

from gateway.bench.fakes import FakeProviders
from tests.support.env import reread_env


@pytest.fixture
def fake(app, monkeypatch):
    with FakeProviders() as server:
        env = {
            "SENDGRID_API_KEY": "SG.test-key", "SENDGRID_API_HOST": server.url,
            "EMAIL_FROM": "alerts@example.com",
            "TWILIO_ACCOUNT_SID": "AC" + "0" * 32, "TWILIO_AUTH_TOKEN": "test-token",
            "TWILIO_FROM_NUMBER": "+15005550006", "TWILIO_WHATSAPP_FROM": "+15005550007",
            "TWILIO_API_BASE": server.url, "PROVIDER_TIMEOUT_SECONDS": "1",
        }
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        reread_env(app)
        app.config["GATEWAY"] = replace(
            app.config["GATEWAY"], email_providers=("sendgrid",), sms_providers=("twilio",),
            whatsapp_providers=("twilio",), chat_providers=("webhook",))
        yield server

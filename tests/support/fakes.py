"""The fake provider server (SendGrid, Twilio and chat webhooks over real HTTP)
wired into the app: the real SDKs send to it, with one set of credentials."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import pytest
from flask import Flask

from gateway.bench.fakes import FakeProviders
from tests.support.env import reread_env

ACCOUNT_SID = "AC" + "0" * 32
TWILIO_TOKEN = "test-twilio-token"  # TWILIO_AUTH_TOKEN: signs Twilio's callbacks
# PROVIDER_TIMEOUT_SECONDS for tests that are not about timeouts: generous, as a
# call timed out on a loaded machine is deferred and may be sent again (README:
# Ambiguous outcomes), which such a test would see as a failure or a duplicate.
# Tests about timeouts set a short one against a fake that answers late or never.
PROVIDER_TIMEOUT = "10"


def provider_env(fake_url: str, timeout: str) -> dict[str, str]:
    """The provider variables that point the real SDKs at the fake server."""
    return {"SENDGRID_API_KEY": "SG.test-key", "SENDGRID_API_HOST": fake_url,
            "EMAIL_FROM": "alerts@example.com", "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
            "TWILIO_AUTH_TOKEN": TWILIO_TOKEN, "TWILIO_FROM_NUMBER": "+15005550006",
            "TWILIO_WHATSAPP_FROM": "+15005550007", "TWILIO_API_BASE": fake_url,
            "PROVIDER_TIMEOUT_SECONDS": timeout}


def send_through(app: Flask, monkeypatch: pytest.MonkeyPatch, fake_url: str, timeout: str,
                 **config: Any) -> None:
    """Every channel of the app goes through the real SDKs to the fake server;
    `config` sets more Config fields."""
    for name, value in provider_env(fake_url, timeout).items():
        monkeypatch.setenv(name, value)
    reread_env(app)
    app.config["GATEWAY"] = replace(app.config["GATEWAY"], **{
        "email_providers": ("sendgrid",), "sms_providers": ("twilio",),
        "whatsapp_providers": ("twilio",), "chat_providers": ("webhook",), **config})


@contextmanager
def fake_providers(app: Flask, monkeypatch: pytest.MonkeyPatch, timeout: str,
                   **config: Any) -> Iterator[FakeProviders]:
    """A fake provider server of its own, the app sending through it."""
    with FakeProviders() as server:
        send_through(app, monkeypatch, server.url, timeout, **config)
        yield server

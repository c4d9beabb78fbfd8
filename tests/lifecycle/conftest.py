"""Fixtures for the lifecycle tests: webhook secrets and the harness."""

from __future__ import annotations

import pytest

from gateway.bench.fakes import SendGridSigner
from tests.lifecycle.harness import TWILIO_TOKEN, Harness
from tests.support.env import reread_env


@pytest.fixture(scope="session")
def signer() -> SendGridSigner:
    return SendGridSigner()  # a real P-256 key made for this run


@pytest.fixture
def h(app, client, keys, signer, monkeypatch) -> Harness:
    monkeypatch.setenv("SENDGRID_WEBHOOK_PUBLIC_KEY", signer.public_key)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", TWILIO_TOKEN)
    reread_env(app)
    return Harness(app, client, keys, signer)

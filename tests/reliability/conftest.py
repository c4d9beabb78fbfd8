"""Fixtures for the fault tests: the fake provider server wired into the app
and into worker processes, and a Redis the test may restart."""

from __future__ import annotations

import os
from dataclasses import replace

import pytest

from gateway.bench.fakes import FakeProviders
from tests.reliability.support import EmbeddedRedis, SystemRedis, provider_env, uses_system_redis
from tests.support.env import reread_env


@pytest.fixture
def fake(app, monkeypatch):
    with FakeProviders() as server:
        for name, value in provider_env(server.url).items():
            monkeypatch.setenv(name, value)
        reread_env(app)
        app.config["GATEWAY"] = replace(
            app.config["GATEWAY"], email_providers=("sendgrid",), sms_providers=("twilio",),
            whatsapp_providers=("twilio",), chat_providers=("webhook",),
            approval_audience_threshold=1_000_000)
        yield server


@pytest.fixture
def redis_server(tmp_path_factory):
    """The system Redis on the PostgreSQL run (REDIS_URL on port 6379), else an
    embedded redis-server of this test's own. Always running again afterwards."""
    if uses_system_redis():
        server = SystemRedis(os.environ["REDIS_URL"])
    else:
        server = EmbeddedRedis(tmp_path_factory.mktemp("redis"))
    try:
        yield server
    finally:
        server.close()

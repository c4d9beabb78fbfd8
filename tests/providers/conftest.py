"""Fixtures: one fake provider server per module, reset before each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from gateway.bench.fakes import FakeProviders
from gateway.providers import ProviderSettings
from tests.providers.support import settings_for


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

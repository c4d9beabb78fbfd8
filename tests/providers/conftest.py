"""Fixtures: one fake provider server per module, reset before each test."""

from tests.support.providers import fake, fake_server, settings  # noqa: F401

"""Fixtures for complaint tests: the lifecycle harness, and the fake provider server
with the real SDKs (SMS through Twilio, email through SendGrid, chat webhooks)."""

from tests.support.lifecycle import fake, h, signer  # noqa: F401

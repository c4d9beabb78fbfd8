"""Fixtures for the lifecycle tests: webhook secrets and the harness."""

from tests.support.lifecycle import h, signer  # noqa: F401

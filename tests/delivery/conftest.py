"""Fixtures for the delivery-state tests: the fault tests' fake provider server."""

from tests.reliability.conftest import fake  # noqa: F401

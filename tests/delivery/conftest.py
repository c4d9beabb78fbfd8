"""Fixtures for the delivery-state tests: the fault tests' fake provider server."""

from tests.support.faults import fake  # noqa: F401

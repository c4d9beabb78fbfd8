"""Fixtures for the browser tests: the running gateway and the browser."""

from tests.support.browser import browser, gateway  # noqa: F401

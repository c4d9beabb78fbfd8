"""Fixtures for the audit, delivery log, report and metrics tests."""

from tests.support.audit import _no_stale_anchors, dispatched  # noqa: F401

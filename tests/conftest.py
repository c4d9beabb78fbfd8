"""Registers the shared fixtures (tests/support/fixtures.py); helpers in
tests/support get pytest's assertion messages too."""

import pytest

pytest.register_assert_rewrite("tests.support")

pytest_plugins = ["tests.support.fixtures"]

"""Registers the shared fixtures (tests/support/fixtures.py); helpers in
tests/support get pytest's assertion messages too. Hypothesis's own timing
checks (a per-example deadline, "input generation is slow") are off: on a
shared 2-core machine they fail by load, not by a fault; examples still run."""

import pytest
from hypothesis import HealthCheck, settings

pytest.register_assert_rewrite("tests.support")

pytest_plugins = ["tests.support.fixtures"]

settings.register_profile("gateway", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("gateway")

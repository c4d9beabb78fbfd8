"""Fixtures for the fault tests: the fake provider server wired into the app
and into worker processes, and a Redis the test may restart."""

from tests.support.faults import fake  # noqa: F401
from tests.support.servers import redis_server  # noqa: F401

"""The real pipeline against the fake provider server: real SDKs, real HTTP."""

from tests.support.pipeline import fake  # noqa: F401

"""Helpers and fixtures shared by the tests: each defined once, here.

`fixtures` holds the fixtures every test may ask for (registered by
tests/conftest.py); the per-directory conftest files register the few that
only their tests use. The other modules are plain helpers, imported by name."""

"""Holds only `fake_providers`, the documented command; the fakes live in gateway.bench.fakes."""

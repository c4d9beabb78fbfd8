"""Customers: the registry, opt-outs (suppressions) and erasure."""

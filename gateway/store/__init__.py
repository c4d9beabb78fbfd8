"""Persistence infrastructure: the database handle, column types and Redis.

Each area keeps its own models; `gateway.tables` loads them all.
"""

"""A schema of their own for tests on PostgreSQL (DATABASE_URL), so runs never
see each other's rows; on SQLite a file is enough."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy
from sqlalchemy import text


def with_search_path(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}"


@contextmanager
def fresh_schema(url: str, prefix: str) -> Iterator[str]:
    """A new schema named `prefix` + random hex; yields the URL that uses it, drops it after."""
    schema = f"{prefix}{uuid.uuid4().hex[:10]}"
    admin = sqlalchemy.create_engine(url, pool_pre_ping=True)  # survives a server restart
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield with_search_path(url, schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

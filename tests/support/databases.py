"""A schema of their own for tests on PostgreSQL (DATABASE_URL), so runs never
see each other's rows; on SQLite a file is enough."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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


@contextmanager
def own_database(sqlite_file: Path, prefix: str) -> Iterator[str]:
    """A database of one's own: a fresh schema on PostgreSQL (DATABASE_URL), else a SQLite file."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        yield f"sqlite:///{sqlite_file}"
        return
    with fresh_schema(url, prefix) as schema_url:
        yield schema_url

"""Streaming exports of any size: pages read on a dedicated connection, and
timestamps as the exports write them.

On PostgreSQL the pages come from one REPEATABLE READ transaction (a consistent
snapshot that blocks no writer); on SQLite from one short transaction per page
(its transactions take the write lock).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from .store.db import db


def iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value.isoformat().replace("+00:00", "Z")


PageReader = Callable[[Connection, Any], tuple[list[dict[str, Any]], Any]]


def stream_pages(read: PageReader) -> Iterator[list[dict[str, Any]]]:
    """Pages from `read(conn, after)` → (items, next key or None) until the last, on a
    dedicated connection (one snapshot on PostgreSQL; per page on SQLite)."""
    engine = db.engine
    postgres = engine.dialect.name == "postgresql"
    conn = engine.connect()
    try:
        if postgres:
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
            conn.exec_driver_sql("SET TRANSACTION READ ONLY")
        after: Any = None
        while True:
            items, after = read(conn, after)
            if not postgres:
                conn.rollback()  # SQLite: release the lock between pages
            if items:
                yield items
            if after is None:
                return
    finally:
        conn.close()

"""Many rows as one bound parameter: `json_each` on SQLite, `json_to_recordset` on PostgreSQL.

Why: on the send path SQLAlchemy's executemany and many-VALUES statements cost
tens of µs a row in Python; one parameter that the database itself takes apart
costs a few. Values are bound as the column's type binds them (JSON as SQLite's
own compact text of the same value), so reading them back gives what was written.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, bindparam, text

from ..store.db import db


@dataclass(frozen=True)
class Source:
    """`FROM {sql}`, with `{expr[name]}` for each column's value and `params` to bind."""

    sql: str
    expr: dict[str, str]
    params: dict[str, Any]


def rows_source(columns: Sequence[Column[Any]], rows: Sequence[Sequence[Any]],
                alias: str = "v") -> Source:
    """The rows (one value per column, in `columns` order) as a table `alias`."""
    dialect = db.session.get_bind().dialect
    # JSON values travel as they are; the rest as their type binds them, once per
    # distinct value (a batch shares its times).
    processors = [None if isinstance(c.type, JSON) else memo(
        c.type.dialect_impl(dialect).bind_processor(dialect)) for c in columns]
    # Only the columns with a processor are touched (on the send path, its times).
    converted = [(i, p) for i, p in enumerate(processors) if p is not None]
    values = []
    for given in rows:
        if len(given) != len(columns):
            raise ValueError(f"a row of {len(given)} values for {len(columns)} columns")
        row = list(given)
        for i, p in converted:
            row[i] = p(row[i])
        values.append(row)
    if dialect.name == "postgresql":
        # One JSON text the server takes apart: psycopg dumps an array parameter
        # element by element in Python, which cost more than the statement.
        names = [f'"{c.name}"' for c in columns]
        typed = ", ".join(f"{n} {c.type.compile(dialect)}" for n, c in zip(names, columns,
                                                                           strict=True))
        rows_json = json.dumps([dict(zip((c.name for c in columns), row, strict=True))
                                for row in values], default=json_value)
        return Source(f"json_to_recordset(CAST(:{alias}_rows AS json)) AS {alias}({typed})",
                      {c.name: f"{alias}.{n}" for c, n in zip(columns, names, strict=True)},
                      {f"{alias}_rows": rows_json})
    # `->` hands SQLite's text of a JSON value to the column, `->>` the plain value.
    return Source(f"json_each(:{alias}_rows) AS {alias}",
                  {c.name: f"{alias}.value {'->' if isinstance(c.type, JSON) else '->>'} {i}"
                   for i, c in enumerate(columns)},
                  {f"{alias}_rows": json.dumps(values)})


def by_ids(column: str, ids: Sequence[int]) -> tuple[str, dict[str, Any]]:
    """An extra `AND column = ANY(ids)` for PostgreSQL (and its parameter), else nothing.

    Joined to the rows alone, PostgreSQL's planner read `lease_holder = me` as
    matching one row (the statistics see mostly NULLs) and scanned the whole
    table for every provider wave; the id list makes it look rows up by key."""
    if db.session.get_bind().dialect.name != "postgresql":
        return "", {}
    return (f" AND {column} = ANY(CAST(:by_ids AS BIGINT[]))",
            {"by_ids": "{" + ",".join(str(int(i)) for i in ids) + "}"})


def json_value(value: Any) -> Any:
    """A bound value JSON has no type for: PostgreSQL reads times back from ISO 8601."""
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot send {type(value).__name__} in a bulk row")


def memo(processor: Callable[[Any], Any] | None) -> Callable[[Any], Any] | None:
    """`processor`, converting each distinct (hashable) value once."""
    if processor is None:
        return None
    seen: dict[Any, Any] = {}

    def process(value: Any) -> Any:
        if isinstance(value, dict | list):
            return processor(value)
        if value not in seen:
            seen[value] = processor(value)
        return seen[value]
    return process


def returning(statement: str, columns: Sequence[Column[Any]], params: dict[str, Any],
              binds: Sequence[Column[Any]] = ()) -> list[tuple[Any, ...]]:
    """Run `statement … RETURNING columns`; rows come back as the ORM would read them
    (each distinct raw value converted once). Each of `binds` types the parameter of
    its name as that column."""
    names = ", ".join(f"{c.table.name}.{c.name}" for c in columns)  # type: ignore[attr-defined]
    statement_ = text(f"{statement} RETURNING {names}").bindparams(
        *(bindparam(c.name, type_=c.type) for c in binds))
    raw = db.session.execute(statement_, params).all()
    dialect = db.session.get_bind().dialect
    processors = []
    for c in columns:
        processor = c.type.dialect_impl(dialect).result_processor(dialect, None)
        # JSON is parsed per row: one shared dict would let a change to one row show in another.
        processors.append(processor if isinstance(c.type, JSON) else memo(processor))
    if all(p is None for p in processors):  # the send path's ids and names
        return [tuple(row) for row in raw]
    return [tuple(value if p is None else p(value)
                  for p, value in zip(processors, row, strict=True)) for row in raw]

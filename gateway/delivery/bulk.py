"""Many rows as one bound parameter: `json_each` on SQLite, `json_to_recordset` on PostgreSQL
(or one array a column for `unnest`, :func:`pg_array`).

Why: on the send path SQLAlchemy's executemany and many-VALUES statements cost
tens of µs a row in Python; one parameter that the database itself takes apart
costs a few. Values are bound as the column's type binds them (JSON as SQLite's
own compact text of the same value), so reading them back gives what was written.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import JSON, Column, Dialect, bindparam, text

from ..store.db import db

T = TypeVar("T")


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
    (:func:`read_rows`). Each of `binds` types the parameter of its name as that column."""
    names = ", ".join(f"{c.table.name}.{c.name}" for c in columns)  # type: ignore[attr-defined]
    statement_ = text(f"{statement} RETURNING {names}").bindparams(
        *(bindparam(c.name, type_=c.type) for c in binds))
    raw = db.session.execute(statement_, params).all()
    return read_rows(raw, readers(tuple(columns), db.session.get_bind().dialect))


Readers = tuple[tuple[int, Callable[[Any], Any], bool], ...]


@cache
def readers(columns: tuple[Column[Any], ...], dialect: Dialect) -> Readers:
    """The result processors of `columns` (as a Core statement reads them), by position:
    (position, processor, whether it is JSON), for the columns that have one."""
    out = []
    for i, c in enumerate(columns):
        processor = c.type.dialect_impl(dialect).result_processor(dialect, None)
        if processor is not None:
            out.append((i, processor, isinstance(c.type, JSON)))
    return tuple(out)


def read_rows(raw: Iterable[Sequence[Any]], read: Readers,
              make: Callable[[Iterable[Any]], T] = tuple) -> list[T]:  # type: ignore[assignment]
    """Rows as the driver returned them, read by `read` (:func:`readers`) and made by
    `make`: each distinct raw value converted once, JSON parsed per row (one shared
    dict would let a change to one row show in another)."""
    if not read:  # the send path's ids and names
        return [make(row) for row in raw]
    convert = [(i, p if json_ else memo(p)) for i, p, json_ in read]
    got = []
    for row in raw:
        values = list(row)
        for i, p in convert:
            values[i] = p(values[i])  # type: ignore[misc]
        got.append(make(values))
    return got


def pg_array(values: Iterable[Any]) -> str:
    """PostgreSQL's text form of an array of `values` (each None, an int, a str or an aware
    datetime), for one `CAST(%s AS type[])` parameter: psycopg dumps a list element by
    element in Python (~5 µs a row for a send batch's columns, against ~0.8 this way)."""
    items = []
    for v in values:
        if v is None:
            items.append("NULL")
        elif type(v) is int:
            items.append(str(v))
        elif type(v) is str:
            items.append('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"')
        elif isinstance(v, datetime):
            items.append(f'"{v.isoformat()}"')
        else:
            raise TypeError(f"cannot send {type(v).__name__} in an array")
    return "{" + ",".join(items) + "}"

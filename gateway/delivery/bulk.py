"""Many rows as one bound parameter: `json_each` on SQLite, `unnest` arrays on PostgreSQL.

Why: on the send path SQLAlchemy's executemany and many-VALUES statements cost
tens of µs a row in Python; one parameter that the database itself takes apart
costs a few. Values are bound as the column's type binds them (JSON as SQLite's
own compact text of the same value), so reading them back gives what was written.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
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
    names = [c.name for c in columns]
    if dialect.name == "postgresql":
        arrays = ", ".join(f"CAST(:{alias}_{c.name} AS {c.type.compile(dialect)}[])"
                           for c in columns)
        params = {f"{alias}_{c.name}": [json.dumps(r[i]) if isinstance(c.type, JSON) else r[i]
                                        for r in rows] for i, c in enumerate(columns)}
        return Source(f"unnest({arrays}) AS {alias}({', '.join(names)})",
                      {n: f"{alias}.{n}" for n in names}, params)
    # JSON values travel as they are (`->` hands SQLite's text of them to the column);
    # the rest as their type binds them, once per distinct value (a batch shares its times).
    processors = [None if isinstance(c.type, JSON) else _memo(
        c.type.dialect_impl(dialect).bind_processor(dialect)) for c in columns]
    values = [[value if p is None else p(value) for p, value in zip(processors, row, strict=True)]
              for row in rows]
    return Source(f"json_each(:{alias}_rows) AS {alias}",
                  {c.name: f"{alias}.value {'->' if isinstance(c.type, JSON) else '->>'} {i}"
                   for i, c in enumerate(columns)},
                  {f"{alias}_rows": json.dumps(values)})


def _memo(processor: Callable[[Any], Any] | None) -> Callable[[Any], Any] | None:
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
        processors.append(processor if isinstance(c.type, JSON) else _memo(processor))
    return [tuple(value if p is None else p(value)
                  for p, value in zip(processors, row, strict=True)) for row in raw]

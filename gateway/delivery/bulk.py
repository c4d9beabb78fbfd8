"""Many rows as one bound parameter: `json_each` on SQLite, `unnest` arrays on PostgreSQL.

Why: on the send path SQLAlchemy's executemany and many-VALUES statements cost
tens of µs a row in Python; one parameter that the database itself takes apart
costs a few. Values are bound exactly as the column's type would bind them, so
what is stored is what a Core INSERT would have stored.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, Column, TextualSelect, bindparam, text

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
    processors = [c.type.dialect_impl(dialect).bind_processor(dialect) for c in columns]
    values = [[value if p is None else p(value) for p, value in zip(processors, row, strict=True)]
              for row in rows]
    return Source(f"json_each(:{alias}_rows) AS {alias}",
                  {n: f"{alias}.value ->> {i}" for i, n in enumerate(names)},
                  {f"{alias}_rows": json.dumps(values)})


def returning(statement: str, columns: Sequence[Column[Any]],
              binds: Sequence[Column[Any]] = ()) -> TextualSelect:
    """`statement … RETURNING columns`, typed: results come back as the ORM would read
    them; each of `binds` types the parameter of its name as that column."""
    names = ", ".join(f"{c.table.name}.{c.name}" for c in columns)
    return text(f"{statement} RETURNING {names}").bindparams(
        *(bindparam(c.name, type_=c.type) for c in binds)).columns(*columns)

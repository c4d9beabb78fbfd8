"""Signal counts as stored: per topic per 5-minute bucket, upserted (never a row
per event), with up to CUSTOMERS_PER_BUCKET customer ids kept per bucket so a
draft incident can name who was affected."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Integer, case, cast, extract, func, select

from ..store.db import db, dialect_insert
from .detect import BUCKET_SECONDS
from .models import SignalBucket, SignalCustomer, SignalTopic

CUSTOMERS_PER_BUCKET = 50  # customers kept per topic and bucket (a draft names them)


def bucket_of(at: datetime) -> int:
    return int(at.timestamp()) // BUCKET_SECONDS


def bucket_start(bucket: int) -> datetime:
    return datetime.fromtimestamp(bucket * BUCKET_SECONDS, UTC)


def add_counts(counts: dict[tuple[str, int], int], sources: dict[str, str] | None = None, *,
               replace: bool = False) -> None:
    """Upsert bucket counts (`replace`: set them, for counts the gateway recomputes).
    Rows go in key order, so concurrent writers lock them in the same order."""
    if not counts:
        return
    table = SignalBucket.__table__
    stmt = dialect_insert(table)
    new = stmt.excluded.count if replace else table.c.count + stmt.excluded.count
    db.session.execute(stmt.on_conflict_do_update(index_elements=["topic", "bucket"],
                                                  set_={"count": new}),
                       [{"topic": t, "bucket": b, "count": n}
                        for (t, b), n in sorted(counts.items())])
    spans: dict[str, list[int]] = {}
    for topic, bucket in counts:
        low, high = spans.setdefault(topic, [bucket, bucket])
        spans[topic] = [min(low, bucket), max(high, bucket)]
    topics = SignalTopic.__table__
    stmt = dialect_insert(topics)
    c, x = topics.c, stmt.excluded
    db.session.execute(stmt.on_conflict_do_update(index_elements=["topic"], set_={
        "first_bucket": case((x.first_bucket < c.first_bucket, x.first_bucket),
                             else_=c.first_bucket),
        "last_bucket": case((x.last_bucket > c.last_bucket, x.last_bucket), else_=c.last_bucket),
        "source": func.coalesce(x.source, c.source)}),
        [{"topic": t, "first_bucket": lo, "last_bucket": hi, "source": (sources or {}).get(t)}
         for t, (lo, hi) in sorted(spans.items())])


def keep_customers(customers: dict[tuple[str, int], set[str]]) -> None:
    """Remember up to CUSTOMERS_PER_BUCKET customers per topic and bucket (one
    query for what is already held, one insert)."""
    customers = {key: ids for key, ids in customers.items() if ids}
    if not customers:
        return
    buckets = [b for _, b in customers]
    held: dict[tuple[str, int], int] = dict.fromkeys(customers, 0)
    for topic, bucket, n in db.session.execute(
            select(SignalCustomer.topic, SignalCustomer.bucket, func.count())
            .where(SignalCustomer.topic.in_({t for t, _ in customers}),
                   SignalCustomer.bucket.between(min(buckets), max(buckets)))
            .group_by(SignalCustomer.topic, SignalCustomer.bucket)):
        if (topic, bucket) in held:
            held[(topic, bucket)] = int(n)
    rows = [{"topic": topic, "bucket": bucket, "customer_id": c}
            for (topic, bucket), ids in sorted(customers.items())
            for c in sorted(ids)[:max(0, CUSTOMERS_PER_BUCKET - held[(topic, bucket)])]]
    if rows:
        db.session.execute(dialect_insert(SignalCustomer.__table__).on_conflict_do_nothing(), rows)


def bucket_sql(column: Any) -> Any:
    """The 5-minute bucket of a timestamp column, computed by the database."""
    if db.session.get_bind().dialect.name == "postgresql":
        return cast(func.floor(extract("epoch", column) / BUCKET_SECONDS), Integer)
    return cast(func.strftime("%s", column), Integer) / BUCKET_SECONDS

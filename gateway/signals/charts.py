"""What the console draws: a topic's hourly volume against its usual range,
the topics worth showing, and the count of open warnings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select

from ..store.db import db, utcnow
from . import detect
from .buckets import bucket_of, bucket_start
from .detect import HOUR_BUCKETS, WEEK_BUCKETS
from .models import SignalBucket, SignalTopic, SignalWarning
from .rules import current_rule_rows, rule_from


@dataclass(frozen=True)
class ChartPoint:
    at: datetime  # the hour's start
    observed: int
    expected: float | None  # the median of the same hour in past weeks
    low: int | None  # the usual range: lowest and highest of those weeks
    high: int | None


def chart(topic: str, now: datetime | None = None, hours: int = 48
          ) -> tuple[list[ChartPoint], list[SignalWarning]]:
    """Hourly volume of the last `hours` against the same hours of past weeks,
    and the warnings in that span (for the console's charts)."""
    now = now or utcnow()
    rule = rule_from(current_rule_rows([topic]).get(topic), topic)
    last = bucket_of(now) // HOUR_BUCKETS * HOUR_BUCKETS + HOUR_BUCKETS - 1
    first = last - hours * HOUR_BUCKETS + 1
    topic_row = db.session.get(SignalTopic, topic)
    born = topic_row.first_bucket if topic_row else last
    table = SignalBucket.__table__
    counts: dict[int, int] = {}
    for k in range(rule.weeks + 1):
        lo, hi = first - k * WEEK_BUCKETS, last - k * WEEK_BUCKETS
        counts.update(db.session.connection().execute(
            select(table.c.bucket, table.c.count).where(
                table.c.topic == topic, table.c.bucket.between(lo, hi))).all())
    points = []
    for hour in range(first, last + 1, HOUR_BUCKETS):
        def total(start: int) -> int:
            return sum(counts.get(b, 0) for b in range(start, start + HOUR_BUCKETS))
        past: list[int | None] = [total(hour - k * WEEK_BUCKETS)
                                  if hour - k * WEEK_BUCKETS >= born else None
                                  for k in range(1, rule.weeks + 1)]
        usable = detect.usable_weeks(past)
        points.append(ChartPoint(bucket_start(hour), total(hour), detect.expected_from(past),
                                 min(usable) if usable else None,
                                 max(usable) if usable else None))
    warnings = list(db.session.execute(select(SignalWarning).where(
        SignalWarning.topic == topic,
        or_(SignalWarning.closed_at.is_(None), SignalWarning.closed_at >= bucket_start(first)))
        .order_by(SignalWarning.opened_at)).scalars())
    return points, warnings


def active_topics(now: datetime | None = None, days: int = 7, limit: int = 50) -> list[str]:
    """Topics with signals in the last `days`, those with an open warning first."""
    now = now or utcnow()
    open_topics = set(db.session.execute(select(SignalWarning.topic).where(
        SignalWarning.status == "open")).scalars())
    recent = db.session.execute(select(SignalTopic.topic).where(
        SignalTopic.last_bucket >= bucket_of(now) - days * 24 * HOUR_BUCKETS)
        .order_by(SignalTopic.topic).limit(limit)).scalars().all()
    return sorted(set(recent) | open_topics, key=lambda t: (t not in open_topics, t))[:limit]


def open_warning_count() -> int:
    return int(db.session.execute(select(func.count()).select_from(SignalWarning).where(
        SignalWarning.status == "open")).scalar_one())

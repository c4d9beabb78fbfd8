"""Early-warning tables: counts per topic per 5-minute bucket, a few of the
customers behind them, versioned rules, and warnings (one per episode)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Float, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..store.db import BigId, UTCDateTime, db, utcnow


class SignalBucket(db.Model):  # type: ignore[name-defined,misc]
    """How many signals a topic had in one bucket (`bucket` = Unix seconds // 300).

    An aggregate, upserted (`count = count + n`), not a row per event: a
    million signals a day on one topic is 288 rows.
    """

    __tablename__ = "signal_buckets"
    topic: Mapped[str] = mapped_column(String(100), primary_key=True)
    bucket: Mapped[int] = mapped_column(Integer, primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger, default=0)
    __table_args__ = (Index("ix_signal_buckets_bucket", "bucket"),)


class SignalCustomer(db.Model):  # type: ignore[name-defined,misc]
    """A customer behind a topic's signals in a bucket; at most
    `CUSTOMERS_PER_BUCKET` per topic and bucket, so a draft can name them
    while storage stays bounded."""

    __tablename__ = "signal_customers"
    topic: Mapped[str] = mapped_column(String(100), primary_key=True)
    bucket: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[str] = mapped_column(String(200), primary_key=True)


class SignalTopic(db.Model):  # type: ignore[name-defined,misc]
    """Each topic seen: since when (a new topic has no history to compare
    with) and the latest source that posted it."""

    __tablename__ = "signal_topics"
    topic: Mapped[str] = mapped_column(String(100), primary_key=True)
    first_bucket: Mapped[int] = mapped_column(Integer)
    last_bucket: Mapped[int] = mapped_column(Integer)
    source: Mapped[str | None] = mapped_column(String(100))


class SignalRule(db.Model):  # type: ignore[name-defined,misc]
    """One version of a topic's rule; the highest version is in force."""

    __tablename__ = "signal_rules"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    topic: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer)
    rule: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Named as its migration created it (the naming convention would add "_version").
    __table_args__ = (UniqueConstraint("topic", "version", name="uq_signal_rules_topic"),)


class SignalWarning(db.Model):  # type: ignore[name-defined,misc]
    """An episode of a topic running high. At most one open per topic (a
    partial unique index), so two schedulers can never open two.

    `observed`/`expected`/`ratio`/`p_value` are the figures that opened it;
    `peak_*` the highest window seen while open. `normal_since` starts the
    cooldown clock; missing data stops it.
    """

    __tablename__ = "signal_warnings"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    topic: Mapped[str] = mapped_column(String(100), index=True)
    status: Mapped[str] = mapped_column(String(10))  # open | closed
    rule_version: Mapped[int] = mapped_column(Integer)  # 0 = the default rule
    first_signal_at: Mapped[datetime] = mapped_column(UTCDateTime)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    observed: Mapped[int] = mapped_column(BigInteger)
    expected: Mapped[float | None] = mapped_column(Float)
    ratio: Mapped[float | None] = mapped_column(Float)
    p_value: Mapped[float | None] = mapped_column(Float)
    peak_observed: Mapped[int] = mapped_column(BigInteger)
    normal_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    draft: Mapped[dict[str, Any]] = mapped_column(JSON)
    incident_id: Mapped[int | None] = mapped_column(BigId)
    incident_created_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    __table_args__ = (
        Index("uq_signal_warnings_open_topic", "topic", unique=True,
              sqlite_where=db.text("status = 'open'"),
              postgresql_where=db.text("status = 'open'")),
        Index("ix_signal_warnings_status_opened", "status", "opened_at"),
    )

"""Customer tables: the registry, its tags, and opt-outs keyed by address."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..store.db import BigId, JsonDict, UTCDateTime, db, utcnow


class Customer(db.Model):  # type: ignore[name-defined,misc]
    """A customer; erasure clears contact fields but keeps the row so
    deliveries and audit records that reference it keep working."""

    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    external_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(20), index=True)
    whatsapp: Mapped[str | None] = mapped_column(String(20), index=True)
    chat_webhook_url: Mapped[str | None] = mapped_column(Text)
    locale: Mapped[str] = mapped_column(String(20), default="en")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    channels: Mapped[list[str]] = mapped_column(JSON, default=list)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    attributes: Mapped[JsonDict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Staff find a customer by exact email or phone through these (indexed, no scan).
    email_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    phone_hash: Mapped[str | None] = mapped_column(String(64), index=True)

    __table_args__ = (
        # Only one live customer per external id; erased rows keep theirs.
        Index(
            "uq_customers_live_external_id",
            "external_id",
            unique=True,
            sqlite_where=db.text("erased_at IS NULL"),
            postgresql_where=db.text("erased_at IS NULL"),
        ),
        # The intake's grouped COUNT of an audience by locale up to its horizon
        # (`audience.count_criteria`) walks this index in locale order: no sort, and
        # on PostgreSQL (a vacuumed table) no read of the table either. `erased_at`
        # as a third column would spare SQLite its row reads too, but PostgreSQL
        # then costs the wider entries above a scan of the table.
        Index(
            "ix_customers_live_locale",
            "locale",
            "id",
            sqlite_where=db.text("erased_at IS NULL"),
            postgresql_where=db.text("erased_at IS NULL"),
        ),
    )


class LocaleDelta(db.Model):  # type: ignore[name-defined,misc]
    """Live customers by locale, kept by the database: the sum of `delta` per locale
    is the number of live customers (`erased_at IS NULL`) with that locale.

    Triggers on `customers` write it (migration d2f4a6c8e0b3): on PostgreSQL one
    statement-level trigger per INSERT, UPDATE and DELETE adds one row per locale the
    statement changed (from its transition tables), so concurrent imports never wait
    for one another on a counter row; on SQLite (one writer) each changed row adds
    to its locale's single row. The scheduler folds PostgreSQL's rows into one per
    locale (`audience.fold_locale_deltas`). The intake reads it for an `all`
    audience (`audience.count_criteria`) instead of counting a million index entries.
    """

    __tablename__ = "customer_locale_deltas"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    locale: Mapped[str] = mapped_column(String(20), index=True)  # SQLite's trigger finds its row
    delta: Mapped[int] = mapped_column(BigInteger)


class CustomerTag(db.Model):  # type: ignore[name-defined,misc]
    """Tags in their own table so audience queries use an index on both backends."""

    __tablename__ = "customer_tags"
    customer_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(100), primary_key=True, index=True)


class Suppression(db.Model):  # type: ignore[name-defined,misc]
    """An opt-out or bounce, keyed by a hash of the channel address.

    Keyed by address, not customer: STOP from a number opts out every customer
    with it, and the entry outlives erasure without holding contact data.
    """

    __tablename__ = "suppressions"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    address_hash: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    __table_args__ = (UniqueConstraint("channel", "address_hash"),)

"""Compensation tables: versioned policies, the policy an incident pinned, the ledger.

Amounts are stored as integer ten-thousandths (`*_units`): exact sums in SQL
on both backends, no floating point anywhere.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..store.db import BigId, UTCDateTime, db, utcnow

UNITS = 10_000  # amount_units = amount × UNITS; policies round to at least 0.0001


class CompensationPolicy(db.Model):  # type: ignore[name-defined,misc]
    """One version of a named policy; a PUT adds a version, never edits one."""

    __tablename__ = "compensation_policies"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    __table_args__ = (UniqueConstraint("name", "version"),)


class IncidentCompensation(db.Model):  # type: ignore[name-defined,misc]
    """The policy version an incident uses, its impact, and the quote shown before sending."""

    __tablename__ = "incident_compensation"
    incident_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True)
    policy_id: Mapped[int] = mapped_column(BigId, ForeignKey("compensation_policies.id"))
    impact_hours: Mapped[str | None] = mapped_column(String(20))
    quote: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class LedgerEntry(db.Model):  # type: ignore[name-defined,misc]
    """What one customer was promised for one incident, and whether it was paid.

    `status`: `promised` → `paid`, or `overdue` (due date passed; the customer
    was told a new date, `new_due_date`) → `paid`; `canceled` when the customer
    never got the promise (incident canceled before their message left).
    """

    __tablename__ = "compensation_ledger"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    incident_id: Mapped[int] = mapped_column(BigId, ForeignKey("incidents.id"))
    customer_id: Mapped[int] = mapped_column(BigId, ForeignKey("customers.id"))
    policy_id: Mapped[int] = mapped_column(BigId, ForeignKey("compensation_policies.id"))
    amount_units: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    basis: Mapped[str] = mapped_column(String(20))  # computed | fallback
    due_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="promised")
    promised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    overdue_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    new_due_date: Mapped[date | None] = mapped_column(Date)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paid_on_time: Mapped[bool | None] = mapped_column(Boolean)  # paid by due_date (UTC)
    reference: Mapped[str | None] = mapped_column(String(200))
    canceled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (
        UniqueConstraint("incident_id", "customer_id"),
        Index("ix_compensation_ledger_status_due", "status", "due_date"),
    )

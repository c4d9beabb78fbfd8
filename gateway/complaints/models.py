"""The complaint archive: each complaint, and every step taken on it (its timeline)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..store.db import BigId, UTCDateTime, db, utcnow


class Complaint(db.Model):  # type: ignore[name-defined,misc]
    """One customer's complaint.

    `channel` is where it came from (`email`, `sms`, `whatsapp`, `chat`,
    `phone`, `web`); `reply_channel` is where our messages to them go.
    `first_contact_due` is fixed at intake (the SLA); `contact_due` is when a
    person must next speak to them (moves on reopening) and orders the queue.
    `messages` counts the deliveries sent for it (their `message` numbers).
    """

    __tablename__ = "complaints"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    customer_id: Mapped[int] = mapped_column(BigId, ForeignKey("customers.id"), index=True)
    incident_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("incidents.id"), index=True)
    source: Mapped[str] = mapped_column(String(20))  # api | reply | survey
    channel: Mapped[str] = mapped_column(String(20))
    reply_channel: Mapped[str | None] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    locale: Mapped[str] = mapped_column(String(20), default="en")
    topic: Mapped[str] = mapped_column(String(60), index=True)
    topic_source: Mapped[str] = mapped_column(String(10))  # rules | intake | staff
    status: Mapped[str] = mapped_column(String(20), index=True)
    owner: Mapped[str | None] = mapped_column(String(100), index=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    first_contact_due: Mapped[datetime] = mapped_column(UTCDateTime)
    contact_due: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_contact_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolution: Mapped[str | None] = mapped_column(Text)
    offer: Mapped[str | None] = mapped_column(Text)
    warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    breached_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    survey_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    survey_message: Mapped[int | None] = mapped_column(Integer)
    survey_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    survey_answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    messages: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (Index("ix_complaints_status_contact_due", "status", "contact_due"),)


class ComplaintEvent(db.Model):  # type: ignore[name-defined,misc]
    """One step of a complaint's timeline: what happened, when, and who did it."""

    __tablename__ = "complaint_events"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("complaints.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))  # the complaint's status after the step
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

"""Incident tables: the incident, its audience snapshot, its updates and promised
update times, the customers no channel reached, and the follow-up survey."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..store.db import BigId, JsonDict, UTCDateTime, db, utcnow


class Incident(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "incidents"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    severity: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    facts: Mapped[JsonDict] = mapped_column(JSON)
    audience: Mapped[JsonDict] = mapped_column(JSON)
    channels: Mapped[list[str]] = mapped_column(JSON)
    require_ack: Mapped[bool] = mapped_column(Boolean, default=False)
    ack_within_minutes: Mapped[int] = mapped_column(Integer, default=60)
    auto_no_news: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[str] = mapped_column(String(30), index=True)
    stage: Mapped[str | None] = mapped_column(String(30))
    audience_size: Mapped[int] = mapped_column(Integer, default=0)
    # A criteria audience's horizon: the highest customer id when intake counted it.
    audience_through: Mapped[int | None] = mapped_column(BigId)
    # Customers by locale when it was counted (the language lint of updates, the render check).
    audience_locales: Mapped[dict[str, int] | None] = mapped_column(JSON)
    # True while expansion still writes the snapshot, chunk by chunk, of an incident
    # that went out at once (tags, attributes or `all`), so its first message does
    # not wait for the whole audience to be copied. Each chunk is the customers
    # matching the criteria then, with ids up to `audience_through`: a customer
    # created after the POST is never in it (its id is higher), an erased one
    # never (erasure clears the criteria's `erased_at IS NULL`), and one whose
    # tags or attributes change in the seconds before expansion reaches them is
    # judged by their new ones. Held incidents, explicit id lists and incidents
    # from before this column have their whole snapshot written at intake.
    snapshot_pending: Mapped[bool] = mapped_column(Boolean, default=False,
                                                   server_default=false())
    # The customer id up to which the POST itself wrote the first chunk (deliveries
    # and snapshot) of such an incident; expansion goes on after it.
    expanded_through: Mapped[int | None] = mapped_column(BigId)
    unknown_customer_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    lint: Mapped[list[JsonDict]] = mapped_column(JSON, default=list)
    approval_reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    render_check: Mapped[list[JsonDict] | None] = mapped_column(JSON)
    next_update_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_key_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("api_keys.id"))
    created_by: Mapped[str] = mapped_column(String(100))
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decision_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The latest edit while pending approval: the editing key is an author too
    # (four eyes), and the approval clock restarts from it.
    edited_by_key_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("api_keys.id"))
    edited_by: Mapped[str | None] = mapped_column(String(100))
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expanded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    canceled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Recipient(db.Model):  # type: ignore[name-defined,misc]
    """The audience snapshot: taken when the incident was created, or (an incident
    that goes out at once, see `Incident.snapshot_pending`) by expansion, chunk
    by chunk.

    Approval dispatches to this snapshot, and expansion pages through it. No
    foreign keys: the rows are written only from live customers for the incident
    being created or expanded, and customers and incidents are
    never deleted (erasure blanks a customer's data, the row stays). On
    PostgreSQL the two per-row key checks made that INSERT 7-8 times slower
    (100,000 rows: 2.3-2.5 s against 0.29-0.34 s), and the first message of a
    big incident waited for it.
    """

    __tablename__ = "incident_recipients"
    incident_id: Mapped[int] = mapped_column(BigId, primary_key=True)
    customer_id: Mapped[int] = mapped_column(BigId, primary_key=True)


class IncidentUpdate(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "incident_updates"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    incident_id: Mapped[int] = mapped_column(BigId, ForeignKey("incidents.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    purpose: Mapped[str] = mapped_column(String(20), default="update")
    stage: Mapped[str] = mapped_column(String(30))
    message: Mapped[str] = mapped_column(Text)
    next_update_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(100))
    recipients: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    __table_args__ = (UniqueConstraint("incident_id", "seq"),)


class UpdatePromise(db.Model):  # type: ignore[name-defined,misc]
    """A promised next update (`next_update_at`) and whether it was kept.

    `made_by_seq` is 0 for the incident's own facts, else the update's seq.
    `status`: `open`, `kept` (an update was posted by `due_at`), `broken`
    (time passed first; `no_news_seq` is the "no news yet" update sent then,
    None when the incident opted out of those), `void` (incident canceled).
    `warned_at`: comms staff were warned (15 minutes before `due_at`).
    """

    __tablename__ = "update_promises"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    incident_id: Mapped[int] = mapped_column(BigId, ForeignKey("incidents.id"), index=True)
    made_by_seq: Mapped[int] = mapped_column(Integer)
    made_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(10), default="open")
    warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    kept_by_seq: Mapped[int | None] = mapped_column(Integer)
    no_news_seq: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        UniqueConstraint("incident_id", "made_by_seq"),
        Index("ix_update_promises_status_due", "status", "due_at"),
    )


class UnreachedCustomer(db.Model):  # type: ignore[name-defined,misc]
    """A customer of an incident no channel reached: a person should call them.

    `reason`: `no_ack` (every usable channel tried, none acknowledged in time),
    `failed` (every channel failed or bounced), `no_usable_channel`.
    `channels_tried` lists the channels in the order they were used.
    """

    __tablename__ = "unreached_customers"
    incident_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True
    )
    customer_id: Mapped[int] = mapped_column(BigId, ForeignKey("customers.id"), primary_key=True)
    reason: Mapped[str] = mapped_column(String(30))
    channels_tried: Mapped[list[str]] = mapped_column(JSON, default=list)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Followup(db.Model):  # type: ignore[name-defined,misc]
    """The follow-up survey of a resolved incident, due `FOLLOWUP_DELAY_HOURS` later."""

    __tablename__ = "followups"
    incident_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True
    )
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    seq: Mapped[int | None] = mapped_column(Integer)  # the survey deliveries' `message`
    recipients: Mapped[int] = mapped_column(Integer, default=0)


class SurveyResponse(db.Model):  # type: ignore[name-defined,misc]
    """A follow-up survey answer: once per customer per incident."""

    __tablename__ = "survey_responses"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    incident_id: Mapped[int] = mapped_column(BigId, ForeignKey("incidents.id"), index=True)
    customer_id: Mapped[int] = mapped_column(BigId, ForeignKey("customers.id"))
    channel: Mapped[str] = mapped_column(String(20))
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    __table_args__ = (UniqueConstraint("incident_id", "customer_id"),)

"""Database models: the source of truth for who must be told what.

Redis only carries work; every decision about what still has to be sent is
made from these rows (RQ can lose jobs).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from .db import BigId, UTCDateTime, db, utcnow

JsonDict = dict[str, Any]


class ApiKey(db.Model):  # type: ignore[name-defined,misc]
    """A bearer key; only its SHA-256 is stored, never the key itself."""

    __tablename__ = "api_keys"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


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
    )


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
    """The audience snapshot taken when the incident was created.

    Approval dispatches to this snapshot, and expansion pages through it.
    """

    __tablename__ = "incident_recipients"
    incident_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True
    )
    customer_id: Mapped[int] = mapped_column(BigId, ForeignKey("customers.id"), primary_key=True)


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


class Delivery(db.Model):  # type: ignore[name-defined,misc]
    """One message to one customer on one channel; unique so that re-running
    expansion or a retry can never create a second one."""

    __tablename__ = "deliveries"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    # A complaint's messages (acknowledgement, feedback, survey) have a complaint, not an incident.
    incident_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("incidents.id"))
    complaint_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("complaints.id"))
    customer_id: Mapped[int] = mapped_column(BigId, ForeignKey("customers.id"), index=True)
    channel: Mapped[str] = mapped_column(String(20))
    message: Mapped[int] = mapped_column(Integer, default=0)
    purpose: Mapped[str] = mapped_column(String(20), default="notice")
    status: Mapped[str] = mapped_column(String(20))
    deferred_reason: Mapped[str | None] = mapped_column(String(20))
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    provider: Mapped[str | None] = mapped_column(String(40))
    provider_message_id: Mapped[str | None] = mapped_column(String(100), index=True)
    failure_reason: Mapped[str | None] = mapped_column(Text)
    template: Mapped[str | None] = mapped_column(String(200))
    template_version: Mapped[str | None] = mapped_column(String(40))
    content_hash: Mapped[str | None] = mapped_column(String(64))
    queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sending_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # The send job holding a `sending` row, and until when (extended by its
    # heartbeat); outcome writes are conditioned on it (gateway/delivery).
    lease_holder: Mapped[str | None] = mapped_column(String(80))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # An attempt that may have reached the provider (timeout, lost connection,
    # expired lease): since when, and why (`ambiguous` or `crash`).
    possibly_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    possibly_sent_cause: Mapped[str | None] = mapped_column(String(10))

    __table_args__ = (
        UniqueConstraint("incident_id", "customer_id", "channel", "message"),
        UniqueConstraint("complaint_id", "message"),
        Index("ix_deliveries_incident_status", "incident_id", "status"),
        Index("ix_deliveries_status_next_attempt", "status", "next_attempt_at"),
    )


class DeliveryEvent(db.Model):  # type: ignore[name-defined,misc]
    """Append-only history of a delivery; a provider event id is unique so a
    webhook delivered twice is recorded once."""

    __tablename__ = "delivery_events"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    delivery_id: Mapped[int] = mapped_column(BigId, ForeignKey("deliveries.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    provider_event_id: Mapped[str | None] = mapped_column(String(200), unique=True)
    detail: Mapped[JsonDict] = mapped_column(JSON, default=dict)


class OutboxMessage(db.Model):  # type: ignore[name-defined,misc]
    """What the embedded `outbox` provider "sent": the rendered message, kept
    so a new user sees exactly what customers would get."""

    __tablename__ = "outbox_messages"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    delivery_id: Mapped[int] = mapped_column(BigId, unique=True)
    channel: Mapped[str] = mapped_column(String(20))
    to: Mapped[str] = mapped_column(Text)
    subject: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str | None] = mapped_column(Text)
    headers: Mapped[JsonDict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class IdempotencyRecord(db.Model):  # type: ignore[name-defined,misc]
    """The first response to an Idempotency-Key, replayed for 7 days."""

    __tablename__ = "idempotency_records"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    api_key_id: Mapped[int] = mapped_column(BigId, ForeignKey("api_keys.id"))
    endpoint: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200))
    request_hash: Mapped[str] = mapped_column(String(64))
    response_status: Mapped[int | None] = mapped_column(Integer)
    response_body: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    __table_args__ = (UniqueConstraint("api_key_id", "endpoint", "key"),)


class AuditRecord(db.Model):  # type: ignore[name-defined,misc]
    """Append-only, hash-chained log; holds external ids and hashes, never
    contact data, so erasure removes PII and the chain still verifies."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    actor_role: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(60))
    incident_id: Mapped[int | None] = mapped_column(BigId, index=True)
    data: Mapped[JsonDict] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


__all__ = [
    "ApiKey",
    "AuditRecord",
    "Customer",
    "CustomerTag",
    "Delivery",
    "DeliveryEvent",
    "IdempotencyRecord",
    "Incident",
    "IncidentUpdate",
    "OutboxMessage",
    "Recipient",
    "Suppression",
]


# -- Delivery tracking and the acknowledgement lifecycle (gateway.domain.tracking,
# gateway.domain.lifecycle). Appended; the report reads these tables.


class WebhookEvent(db.Model):  # type: ignore[name-defined,misc]
    """A provider callback as received (the webhook inbox).

    Handlers only verify, record and answer; `gateway.domain.tracking` applies
    the events later in batches. `event_key` (SendGrid `sg_event_id`, Twilio
    `MessageSid:status`) is unique, so a callback delivered twice is stored once.
    """

    __tablename__ = "webhook_events"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    provider: Mapped[str] = mapped_column(String(20))
    event_key: Mapped[str] = mapped_column(String(200), unique=True)
    event: Mapped[str] = mapped_column(String(40))
    delivery_id: Mapped[int | None] = mapped_column(BigId)
    provider_message_id: Mapped[str | None] = mapped_column(String(100))
    payload: Mapped[JsonDict] = mapped_column(JSON, default=dict)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    result: Mapped[str | None] = mapped_column(String(20))  # applied|unchanged|unmatched|ignored

    __table_args__ = (Index("ix_webhook_events_pending", "processed_at", "id"),)


class InboundMessage(db.Model):  # type: ignore[name-defined,misc]
    """An SMS or WhatsApp message a customer sent us (deduplicated by MessageSid).

    `kind`: `stop` (opted out), `ack` (acknowledged `delivery_id`), or `reply`
    (`needs_person` true: a person must read it and answer; `handled_at` once done).
    """

    __tablename__ = "inbound_messages"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    message_sid: Mapped[str] = mapped_column(String(64), unique=True)
    channel: Mapped[str] = mapped_column(String(20))
    from_number: Mapped[str | None] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))
    customer_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("customers.id"), index=True)
    incident_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("incidents.id"), index=True)
    delivery_id: Mapped[int | None] = mapped_column(BigId)
    needs_person: Mapped[bool] = mapped_column(Boolean, default=False)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    handled_by: Mapped[str | None] = mapped_column(String(100))


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


__all__ += [
    "Followup",
    "InboundMessage",
    "SurveyResponse",
    "UnreachedCustomer",
    "UpdatePromise",
    "WebhookEvent",
]


# The complaints area keeps its models next to its rules; imported here so
# every process that loads the models knows the tables.
from ..alerts import models as _alerts_models  # noqa: E402,F401,I001 - appended section
from ..complaints.models import Complaint, ComplaintEvent  # noqa: E402,F401 - appended section

# Areas keep their models next to their services; imported here so the metadata
# (migrations, tests) knows every table.
from ..compensation.models import (  # noqa: E402
    CompensationPolicy,
    IncidentCompensation,
    LedgerEntry,
)

__all__ += ["CompensationPolicy", "IncidentCompensation", "LedgerEntry"]
from ..signals import models as _signals_models  # noqa: E402,F401

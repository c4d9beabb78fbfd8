"""Delivery tables: the source of truth for who must be told what.

Redis only carries work; every decision about what still has to be sent is
made from these rows (RQ can lose jobs). Also what came back: provider
callbacks (the webhook inbox), customers' inbound messages, and what the
embedded `outbox` provider "sent"."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..store.db import BigId, JsonDict, UTCDateTime, db, utcnow
from .states import CANCELED, DEFERRED, FAILURES, QUEUED, SENDING, SUPPRESSED

# The statuses ix_deliveries_status_next_attempt holds on PostgreSQL.
LOOKED_UP = (QUEUED, DEFERRED, SENDING, *FAILURES)
# The statuses ix_deliveries_incident_status holds on PostgreSQL: those an incident's
# rows are looked up by (few of its rows have them once it is sent), not the ones in the
# provider's hands (sending, sent, delivered, acked: most rows, looked up by the incident).
BY_INCIDENT = (QUEUED, DEFERRED, *FAILURES, SUPPRESSED, CANCELED)


def _status_in(statuses: tuple[str, ...]) -> Any:
    return text(f"status IN ({', '.join(repr(s) for s in statuses)})")


def _where_not_null(name: str, column: str, *more: str) -> Index:
    """An index over rows whose `column` is set (unique when it is a `uq_` one)."""
    where = text(f"{column} IS NOT NULL")
    return Index(name, column, *more, unique=name.startswith("uq_"),
                 postgresql_where=where, sqlite_where=where)


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
    provider_message_id: Mapped[str | None] = mapped_column(String(100))
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
        # PostgreSQL writes an entry in every index whose predicate the new row matches
        # on each status change (the update is not HOT: status is indexed). On PostgreSQL
        # these hold only the statuses looked up by: per incident, its waiting rows and
        # its misses (a claimed or `sent` row has no entry, so the claim and the outcome
        # UPDATE write one index less each); across incidents, the sweeps' waiting and
        # sending rows and failures for the signals (a `sent` row has no entry). SQLite
        # cannot tell that `status = 'queued'` implies the predicate, and rewrites only
        # the indexes whose columns change anyway.
        Index("ix_deliveries_incident_status", "incident_id", "status",
              postgresql_where=_status_in(BY_INCIDENT)),
        Index("ix_deliveries_status_next_attempt", "status", "next_attempt_at",
              postgresql_where=_status_in(LOOKED_UP)),
        # Partial: a row enters them only once it has the value. PostgreSQL writes every
        # index of a row on each status change, and most rows have neither value then.
        _where_not_null("uq_deliveries_complaint_id_message", "complaint_id", "message"),
        _where_not_null("ix_deliveries_provider_message_id", "provider_message_id"),
    )


class DeliveryEvent(db.Model):  # type: ignore[name-defined,misc]
    """Append-only history of a delivery; a provider event id is unique so a
    webhook delivered twice is recorded once."""

    __tablename__ = "delivery_events"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    delivery_id: Mapped[int] = mapped_column(BigId, ForeignKey("deliveries.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    provider_event_id: Mapped[str | None] = mapped_column(String(200))
    detail: Mapped[JsonDict] = mapped_column(JSON, default=dict)

    # Partial: the send path's events (two a message) have no provider event id,
    # and each was an entry of this index.
    __table_args__ = (_where_not_null("uq_delivery_events_provider_event_id",
                                      "provider_event_id"),)


class WebhookEvent(db.Model):  # type: ignore[name-defined,misc]
    """A provider callback as received (the webhook inbox).

    Handlers only verify, record and answer; `gateway.delivery.tracking` applies
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

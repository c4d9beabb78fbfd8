"""The audit log: one append-only, hash-chained table."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from ..store.db import BigId, JsonDict, UTCDateTime, db, utcnow


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

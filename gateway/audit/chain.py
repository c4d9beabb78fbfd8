"""Append-only, hash-chained audit log.

Each record stores the previous record's hash and its own SHA-256 over a
canonical JSON form. Appends take a lock (PostgreSQL advisory lock; on SQLite
the write transaction is already exclusive) so concurrent writers never fork
the chain. Records hold external ids and hashes, never contact data.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, text

from ..audit.models import AuditRecord
from ..store.db import db, utcnow

GENESIS = "0" * 64
AUDIT_LOCK_ID = 7_204_113  # arbitrary constant naming the audit-chain advisory lock


# One encoder for every hash: json.dumps with these options builds a new one per call.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                              default=str)


def canonical(fields: dict[str, Any] | list[Any]) -> bytes:
    return _CANONICAL.encode(fields).encode()


def iso_utc(at: datetime) -> str:
    """The time as hashed: UTC, whatever offset the database handed back."""
    return (at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)).isoformat()


def record_hash(prev_hash: str, at: datetime, actor: str, actor_role: str, action: str,
                incident_id: int | None, data: dict[str, Any]) -> str:
    return hashlib.sha256(canonical({
        "prev_hash": prev_hash, "at": iso_utc(at), "actor": actor, "actor_role": actor_role,
        "action": action, "incident_id": incident_id, "data": data,
    })).hexdigest()


def events_digest(events: Iterable[tuple[int, int, str, datetime, str | None, dict[str, Any]]]
                  ) -> str:
    """SHA-256 over delivery events (id, delivery, status, time, provider event, detail),
    in id order, so verify can re-hash what a batch record covers."""
    digest = hashlib.sha256()
    for event_id, delivery_id, status, at, provider_event_id, detail in sorted(events):
        digest.update(canonical([event_id, delivery_id, status, iso_utc(at),
                                 provider_event_id, detail]))
        digest.update(b"\n")
    return digest.hexdigest()


def lock_chain() -> None:
    """Take the chain lock for the rest of the caller's transaction (re-entrant).

    Batch writers take it before inserting their delivery events too, so each
    batch's event ids are one contiguous run that verify can re-hash.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": AUDIT_LOCK_ID})


def append(action: str, *, actor: str, actor_role: str, incident_id: int | None = None,
           data: dict[str, Any] | None = None) -> AuditRecord:
    """Append one record in the caller's transaction (commit soon: the lock is held)."""
    session = db.session
    lock_chain()
    prev = session.execute(
        select(AuditRecord.hash).order_by(AuditRecord.id.desc()).limit(1)
    ).scalar_one_or_none() or GENESIS
    at = utcnow()
    payload = json.loads(canonical(data or {}))
    record = AuditRecord(
        at=at, actor=actor, actor_role=actor_role, action=action, incident_id=incident_id,
        data=payload, prev_hash=prev,
        hash=record_hash(prev, at, actor, actor_role, action, incident_id, payload),
    )
    session.add(record)
    session.flush()
    return record


def length() -> int:
    """Records in the chain, read in a transaction of its own (ended at once)."""
    count = db.session.execute(select(func.count()).select_from(AuditRecord)).scalar()
    db.session.rollback()
    return int(count or 0)

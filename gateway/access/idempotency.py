"""Idempotency-Key handling: the first response to a key is the only one.

The record is inserted in the same transaction as the work it guards, under a
unique (api key, endpoint, key) constraint: a concurrent duplicate blocks on
that row and then sees the committed original, so it can never create a
second incident.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from ..access.models import IdempotencyRecord
from ..errors import Conflict, GatewayError
from ..store.db import affected, db, utcnow

TTL = timedelta(days=7)
MAX_KEY_LENGTH = 200
# Visible ASCII, spaces allowed inside (HTTP servers strip them around a value).
KEY_PATTERN = r"^[ -~]*[!-~][ -~]*$"
KEY_SCHEMA = {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH,
              "pattern": KEY_PATTERN}


@dataclass(frozen=True)
class Replay:
    status: int
    body: dict[str, Any]


def request_hash(data: Any) -> str:
    """Same JSON value → same hash, whatever the key order or whitespace."""
    return hashlib.sha256(
        json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    ).hexdigest()


def check_key(key: str | None) -> str:
    if not key or not key.strip():
        raise GatewayError("The Idempotency-Key header is required.",
                           [{"field": "header.Idempotency-Key", "message": "missing"}],
                           code="idempotency_key_required")
    if len(key) > MAX_KEY_LENGTH or not re.fullmatch(KEY_PATTERN, key):
        raise GatewayError("The Idempotency-Key header is not valid.",
                           [{"field": "header.Idempotency-Key",
                             "message": f"1-{MAX_KEY_LENGTH} visible ASCII characters"}],
                           code="invalid_idempotency_key")
    return key.strip()


def find(api_key_id: int, endpoint: str, key: str, digest: str) -> Replay | None:
    """The stored response for this key, or None; 409 when the body differs."""
    record = db.session.execute(
        select(IdempotencyRecord).where(
            IdempotencyRecord.api_key_id == api_key_id,
            IdempotencyRecord.endpoint == endpoint,
            IdempotencyRecord.key == key,
        )
    ).scalar_one_or_none()
    if record is None:
        return None
    if record.expires_at <= utcnow():
        db.session.delete(record)
        db.session.flush()
        return None
    if record.request_hash != digest:
        raise Conflict("This Idempotency-Key was used with a different request body.",
                       code="idempotency_mismatch")
    if record.response_status is None or record.response_body is None:
        raise Conflict("A request with this Idempotency-Key is still being processed.",
                       code="idempotency_in_progress")
    return Replay(record.response_status, json.loads(record.response_body))


def claim(api_key_id: int, endpoint: str, key: str, digest: str) -> IdempotencyRecord:
    """Insert the record (flushes, so a concurrent duplicate fails here)."""
    record = IdempotencyRecord(api_key_id=api_key_id, endpoint=endpoint, key=key,
                               request_hash=digest, expires_at=utcnow() + TTL)
    db.session.add(record)
    db.session.flush()
    return record


def complete(record: IdempotencyRecord, status: int, body: dict[str, Any]) -> None:
    record.response_status = status
    record.response_body = json.dumps(body, sort_keys=True).encode()


def run_once(api_key_id: int, endpoint: str, key: str, data: Any,
             work: Any) -> Replay:
    """Run `work()` (→ (status, body), not committed) at most once per key.

    `work` runs in the open transaction together with the claim; both commit
    together, or neither does.
    """
    digest = request_hash(data)
    for _ in range(2):
        replay = find(api_key_id, endpoint, key, digest)
        if replay is not None:
            db.session.commit()
            return replay
        try:
            record = claim(api_key_id, endpoint, key, digest)
        except IntegrityError:
            db.session.rollback()  # a concurrent duplicate won: replay its answer
            continue
        status, body = work()
        complete(record, status, body)
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            continue
        return Replay(status, body)
    raise Conflict("A request with this Idempotency-Key is still being processed.",
                   code="idempotency_in_progress")


def purge_expired() -> int:
    result = db.session.execute(
        delete(IdempotencyRecord).where(IdempotencyRecord.expires_at <= utcnow())
    )
    db.session.commit()
    return affected(result)

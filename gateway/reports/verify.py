"""Verify the audit chain, and anchor its head outside the database.

`verify()` walks the chain in id order, one page at a time (constant memory,
short read transactions so writers are never blocked for long), and checks:

1. every record's `prev_hash` is the previous record's `hash` (GENESIS first):
   catches deleted, inserted and reordered records;
2. every record's `hash` is the SHA-256 of its canonical form: catches edits;
3. every `deliveries.batch` record re-hashes the delivery events it covers
   (ids `first_event_id..last_event_id`, exactly `events` of them) and the ids
   between the previous batch and this one hold no event: catches edited,
   deleted and inserted delivery events, and points at the covering batch;
4. every anchored head (written daily by the scheduler to a file under
   `instance/`) is still in the chain with the same hash: catches the one
   thing a chain cannot catch by itself, truncating the end and appending
   a new tail.

The first failing check gives `broken_at`, the id of the first record that
does not verify (for a missing anchored record, its id).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from .. import metrics
from ..audit.chain import GENESIS, events_digest, record_hash
from ..audit.models import AuditRecord
from ..delivery.models import DeliveryEvent
from ..store.db import db, utcnow

log = logging.getLogger("gateway.audit")

PAGE = 500
BATCH_ACTION = "deliveries.batch"
ANCHOR_FILE = "audit_anchors.jsonl"
ANCHOR_EVERY_SECONDS = 86_400.0

AUDIT = AuditRecord.__table__
EVENTS = DeliveryEvent.__table__


def anchors_path() -> Path:
    return Path(current_app.config["GATEWAY"].instance_path) / ANCHOR_FILE


def chain_head() -> dict[str, Any]:
    """Head id, head hash, record count and last event id, from one snapshot
    (one statement), so a batch committing meanwhile is seen whole or not at all."""
    head = select(AUDIT.c.id, AUDIT.c.hash).order_by(AUDIT.c.id.desc()).limit(1).subquery()
    first = select(AUDIT.c.hash).order_by(AUDIT.c.id).limit(1).scalar_subquery()
    row = db.session.execute(select(
        select(func.count()).select_from(AUDIT).scalar_subquery(),
        select(head.c.id).scalar_subquery(),
        select(head.c.hash).scalar_subquery(),
        select(func.max(EVENTS.c.id)).scalar_subquery(),
        first,
    )).one()
    db.session.rollback()
    return {"records": int(row[0] or 0), "head_id": row[1], "head_hash": row[2] or GENESIS,
            "last_event_id": int(row[3] or 0), "first_hash": row[4]}


def write_anchor() -> dict[str, Any]:
    """Record the chain head outside the database (file, log line, metric).

    A truncated-then-appended chain verifies on its own; the anchors are what
    make it fail. Run daily by the scheduler (`SWEEPS`)."""
    head = chain_head()
    if head["head_id"] is None:
        return head
    anchor = {"at": utcnow().isoformat(), "id": head["head_id"], "hash": head["head_hash"],
              "records": head["records"], "first_hash": head["first_hash"]}
    path = anchors_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.write(fd, (json.dumps(anchor, sort_keys=True) + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    log.info("audit chain head anchored", extra={"audit_anchor": anchor})
    metrics.audit_anchored(head["head_id"], head["records"])
    return anchor


def read_anchors(first_hash: str | None, path: Path | None = None) -> dict[int, str]:
    """Anchored heads of this chain (the one starting with `first_hash`), id →
    hash; one line a day, so small. Anchors of another chain (a database that
    was re-created) and lines that are not JSON are skipped with a warning."""
    path = path or anchors_path()
    anchors: dict[int, str] = {}
    foreign = 0
    try:
        with path.open() as lines:
            for number, line in enumerate(lines, 1):
                try:
                    item = json.loads(line)
                    if item.get("first_hash") != first_hash:
                        foreign += 1
                        continue
                    anchors[int(item["id"])] = str(item["hash"])
                except (ValueError, KeyError, TypeError):
                    log.warning("audit anchor line %d is not valid; ignored", number)
    except FileNotFoundError:
        pass
    if foreign:
        log.warning("%d audit anchors belong to another chain (database re-created?); skipped",
                    foreign)
    return anchors


def _pages(until_id: int) -> Iterator[Sequence[Any]]:
    after = 0
    while True:
        rows = db.session.execute(
            select(AUDIT).where(AUDIT.c.id > after, AUDIT.c.id <= until_id)
            .order_by(AUDIT.c.id).limit(PAGE)).all()
        db.session.rollback()  # short read transactions (SQLite: release the write lock)
        if not rows:
            return
        yield rows
        after = rows[-1].id


def record_ok(row: Any) -> bool:
    return row.hash == record_hash(row.prev_hash, row.at, row.actor, row.actor_role,
                                   row.action, row.incident_id, row.data)


def batch_ok(data: dict[str, Any], covered_until: int) -> bool:
    """The events a batch record covers re-hash to its `events_hash`, and no
    event sits uncovered between the previous batch and this one."""
    try:
        first, last = int(data["first_event_id"]), int(data["last_event_id"])
        count, expected = int(data["events"]), str(data["events_hash"])
    except (KeyError, TypeError, ValueError):
        return False
    if first <= covered_until or last < first or count < 1:
        return False
    rows = db.session.execute(
        select(EVENTS.c.id, EVENTS.c.delivery_id, EVENTS.c.status, EVENTS.c.at,
               EVENTS.c.provider_event_id, EVENTS.c.detail)
        .where(EVENTS.c.id > covered_until, EVENTS.c.id <= last)
        .order_by(EVENTS.c.id).limit(count + 1)).all()
    db.session.rollback()
    if len(rows) != count or rows[0].id != first or rows[-1].id != last:
        return False
    return events_digest((r.id, r.delivery_id, r.status, r.at, r.provider_event_id,
                          r.detail) for r in rows) == expected


def verify(anchors: dict[int, str] | None = None) -> dict[str, Any]:
    """`{"ok": True, "records": N}` or `{"ok": False, "records": N, "broken_at": id}`."""
    head = chain_head()
    records = head["records"]
    anchors = read_anchors(head["first_hash"]) if anchors is None else anchors
    pending_anchors = sorted(anchors.items())

    def broken(record_id: int) -> dict[str, Any]:
        log.error("audit chain broken", extra={"audit_broken_at": record_id, "records": records})
        return {"ok": False, "records": records, "broken_at": record_id}

    prev_hash = GENESIS
    covered_until = 0  # last delivery event id covered by a batch record so far
    last_batch_id: int | None = None
    for rows in _pages(head["head_id"] or 0):
        for row in rows:
            # An anchored record missing below this one: the chain was cut and re-grown.
            if pending_anchors and pending_anchors[0][0] < row.id:
                return broken(pending_anchors[0][0])
            if pending_anchors and pending_anchors[0][0] == row.id:
                if pending_anchors.pop(0)[1] != row.hash:
                    return broken(row.id)
            if row.prev_hash != prev_hash or not record_ok(row):
                return broken(row.id)
            if row.action == BATCH_ACTION:
                if not batch_ok(row.data, covered_until):
                    return broken(row.id)
                covered_until = int(row.data["last_event_id"])
                last_batch_id = row.id
            prev_hash = row.hash
    if pending_anchors:  # anchored records past the end: the tail was cut off
        return broken(pending_anchors[0][0])
    if head["last_event_id"] > covered_until:
        # Delivery events no batch record covers (inserted after the fact).
        uncovered = db.session.execute(
            select(func.count()).select_from(EVENTS)
            .where(EVENTS.c.id > covered_until, EVENTS.c.id <= head["last_event_id"])).scalar()
        db.session.rollback()
        if uncovered:
            return broken(last_batch_id or head["head_id"] or 0)
    metrics.audit_verified(records)
    return {"ok": True, "records": records}

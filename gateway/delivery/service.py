"""The delivery area's entry point, and the only writers of `deliveries.status`.

Every change is one guarded UPDATE … RETURNING (or INSERT … RETURNING) in the
caller's transaction, with one event per returned row (gateway/delivery/journal.py).
Here: creating rows, the sweeper's moves, cancel, acknowledge, escalate and
provider events; a send job's claim and outcomes live in leases.py, and are
part of this entry point too.

Works on SQLite ≥ 3.35 and PostgreSQL (both have UPDATE … RETURNING).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select, update
from sqlalchemy.exc import IntegrityError

from ..store.db import db, dialect_insert, on_driver, utcnow
from . import bulk, states
from .journal import (
    AS_ORIGIN,
    AS_REPLICA,
    CHUNK,
    DELIVERIES,
    RETURNING,
    Journal,
    Row,
    in_chunks,
    may_skip_checks,
    move,
    record_events,
)
from .leases import (
    FinalRow,
    RetryRow,
    SentRow,
    claim,
    claim_next,
    claim_rows,
    heartbeat,
    lease_seconds,
    new_holder,
    possibly_sent,
    record_outcomes,
)
from .models import Delivery
from .states import allowed_from

__all__ = [
    "FinalRow", "Journal", "RetryRow", "Row", "SentRow", "acknowledge", "apply_provider_status",
    "cancel", "claim", "claim_next", "claim_rows", "create_deliveries", "escalate", "heartbeat",
    "insert_expansion", "lease_seconds", "new_holder", "note_ack", "possibly_sent",
    "record_events", "record_outcomes", "release", "release_due", "release_expired",
    "touch_queued",
]


# -- creating rows (expansion, updates, escalations, complaints) -------------------------


def create_deliveries(rows: list[dict[str, Any]], journal: Journal | None = None,
                      detail: dict[tuple[int | None, int | None, int, str, int], dict[str, Any]]
                      | None = None, want_ids: bool = False) -> list[int]:
    """Insert delivery rows, skipping those that exist (unique keys); returns new ids.

    With a journal, each new row gets an event of its first status (escalations
    do this; expansion does not: a first notice's creation is not a change).
    """
    if not rows:
        return []
    for row in rows:
        assert row["status"] in states.STATUSES, row["status"]
    created: list[int] = []
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        if journal is None and not want_ids:
            db.session.execute(dialect_insert(Delivery).on_conflict_do_nothing(), chunk)
            continue
        got = db.session.execute(dialect_insert(Delivery).on_conflict_do_nothing().returning(
            DELIVERIES.c.id, DELIVERIES.c.incident_id, DELIVERIES.c.complaint_id,
            DELIVERIES.c.customer_id, DELIVERIES.c.channel, DELIVERIES.c.message,
            DELIVERIES.c.status, DELIVERIES.c.updated_at), chunk).all()
        for i, inc, comp, cust, ch, msg, status, at in got:
            created.append(int(i))
            if journal is None:
                continue
            key = (inc, comp, int(cust), str(ch), int(msg))
            journal.add(int(i), str(status), at or utcnow(), inc, **((detail or {}).get(key, {})))
    return created


# Per row in an expansion chunk; the other columns are one value for the whole chunk.
EXPANSION_VARYING = tuple(DELIVERIES.c[c] for c in (
    "customer_id", "channel", "status", "failure_reason", "failed_at", "deferred_reason",
    "next_attempt_at"))
EXPANSION_SHARED = tuple(DELIVERIES.c[c] for c in (
    "incident_id", "message", "purpose", "queued_at", "updated_at", "attempts"))


def insert_expansion(shared: dict[str, Any], rows: list[tuple[Any, ...]]
                     ) -> list[tuple[int, int, str, str]]:
    """Insert an expansion chunk's first-notice rows in one statement, skipping
    those that exist; returns (id, customer_id, channel, status) of the new ones.
    `shared` holds the values of EXPANSION_SHARED's columns, one for the whole chunk;
    each row, EXPANSION_VARYING's values in that order.

    The chunk travels as one parameter (gateway/delivery/bulk.py): one statement
    and one round trip, where SQLAlchemy's executemany cost a statement per row on
    PostgreSQL and ~20 µs a row in Python on SQLite."""
    if not rows:
        return []
    for status in {row[2] for row in rows}:
        assert status in states.STATUSES, status
    shared = {c.name: shared[c.name] for c in EXPANSION_SHARED}
    names = ", ".join(c.name for c in (*EXPANSION_SHARED, *EXPANSION_VARYING))
    postgres = db.session.get_bind().dialect.name == "postgresql"
    out: list[tuple[int, int, str, str]] = []
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        source = bulk.rows_source(EXPANSION_VARYING, chunk)
        values = ", ".join((*(f":{c.name}" for c in EXPANSION_SHARED),
                            *(source.expr[c.name] for c in EXPANSION_VARYING)))
        statement = f"INSERT INTO deliveries ({names}) SELECT {values} FROM {source.sql} WHERE true"
        params = {**source.params, **shared}
        got = (_insert_new(statement, params, shared["incident_id"], [r[0] for r in chunk])
               if postgres else _insert_returning(f"{statement} ON CONFLICT DO NOTHING", params))
        out += [(int(i), int(c), str(ch), str(st)) for i, c, ch, st in got]
    return out


def _insert_returning(statement: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    return bulk.returning(statement, (DELIVERIES.c.id, DELIVERIES.c.customer_id,
                                      DELIVERIES.c.channel, DELIVERIES.c.status),
                          params, binds=EXPANSION_SHARED)


# The customers of an expansion chunk, locked as each row's foreign key check would lock
# its customer (FOR KEY SHARE: no one deletes them or changes their key until the commit),
# by one statement; the ids it returns are those that exist. Looked up by the primary key
# as the check would (sequential scans off around it): on a table freshly imported and
# not analyzed yet, the planner read all of it for each chunk (EXPLAIN: 108 ms a chunk).
HOLD_CUSTOMERS = ("SELECT id FROM customers WHERE id = ANY(CAST(%s AS BIGINT[])) "
                  "FOR KEY SHARE")
HOLD_INCIDENT = "SELECT id FROM incidents WHERE id = %s FOR KEY SHARE"
UNIQUE_VIOLATION = "23505"  # SQLSTATE unique_violation


def _insert_new(statement: str, params: dict[str, Any], incident_id: int,
                customer_ids: list[int]) -> list[tuple[Any, ...]]:
    """An expansion chunk's INSERT on PostgreSQL (:func:`insert_expansion`).

    Two per-row costs of the server go, each replaced by a set-wise equivalent (~26 → ~13
    µs of server CPU a row, measured alone):
    - the foreign key checks on the incident and the customer (an SPI query and a row
      lock per row, two a row): where the role may set `session_replication_role`
      (`Journal.held`), the chunk's incident and customers are locked FOR KEY SHARE by two
      statements first, as the checks would lock them, the INSERT is refused unless
      every one exists, and runs as a replica would apply it, with no check; every
      other writer's rows, and a deletion of a customer or incident that has
      deliveries, are still checked;
    - `ON CONFLICT DO NOTHING` (a speculative insertion per row: a probe of each unique
      index first, then a second heap change to confirm): the INSERT runs plain, in a
      savepoint; only if a row exists already (a re-run after a crash, or a concurrent
      duplicate job: a unique violation) does it run again with the clause, checked.
    Whatever fails in the savepoint rolls back to it, the replica setting with it."""
    try:
        with db.session.begin_nested():
            if _hold_keys(incident_id, customer_ids):
                on_driver(AS_REPLICA)
                got = _insert_returning(statement, params)
                on_driver(AS_ORIGIN)
            else:
                got = _insert_returning(statement, params)
        return got
    except IntegrityError as error:
        if getattr(error.orig, "sqlstate", None) != UNIQUE_VIOLATION:
            raise
    return _insert_returning(f"{statement} ON CONFLICT DO NOTHING", params)


def _hold_keys(incident_id: int, customer_ids: list[int]) -> bool:
    """Lock the rows an expansion chunk's foreign keys refer to (:data:`HOLD_CUSTOMERS`)
    where the role may skip the checks; True if it did. Raises if one is missing, as
    the check would have."""
    if not may_skip_checks():
        return False
    wanted = set(customer_ids)
    on_driver("SET LOCAL enable_seqscan = off")
    held = {int(i) for (i,) in on_driver(
        HOLD_CUSTOMERS, ("{" + ",".join(str(int(i)) for i in sorted(wanted)) + "}",))}
    on_driver("RESET enable_seqscan")
    if not on_driver(HOLD_INCIDENT, (int(incident_id),)) or held != wanted:
        raise IntegrityError(HOLD_CUSTOMERS, None, ValueError(
            f"deliveries refer to a missing incident {incident_id} or customers "
            f"{sorted(wanted - held)[:20]}"))
    return True


# -- the sweeper -------------------------------------------------------------------------


def release_due(now: datetime | None = None, limit: int = 20_000) -> list[Row]:
    """`deferred` → `queued` for rows whose time has come (quiet hours over, retry due)."""
    now = now or utcnow()
    ids = db.session.execute(select(DELIVERIES.c.id).where(
        DELIVERIES.c.status == states.DEFERRED, DELIVERIES.c.next_attempt_at <= now)
        .limit(limit)).scalars().all()
    return release(ids, now, reason="due")


def release(ids: Sequence[int], now: datetime | None = None, *, reason: str,
            journal: Journal | None = None) -> list[Row]:
    """`deferred` → `queued` (due, first message left); the caller commits and enqueues."""
    if not ids:
        return []
    now = now or utcnow()
    own = journal is None
    journal = journal or Journal("sweeper")
    rows = []
    for chunk in in_chunks(ids):
        rows += move(and_(DELIVERIES.c.id.in_(chunk),
                           DELIVERIES.c.status == states.DEFERRED),
                      states.QUEUED, {"deferred_reason": None, "next_attempt_at": None},
                      journal, now, detail={"reason": reason})
    if own:
        journal.write()
    return rows


def release_expired(now: datetime | None = None, limit: int = 20_000) -> list[Row]:
    """`sending` → `queued` for rows whose lease ran out (the holder died or overran).

    The message may have reached the provider: `possibly_sent_at` (the claim
    time) tells the next attempt to look before it sends (Twilio), or to
    count the resend as a crash duplicate (SendGrid)."""
    now = now or utcnow()
    ids = db.session.execute(select(DELIVERIES.c.id).where(
        DELIVERIES.c.status == states.SENDING,
        func.coalesce(DELIVERIES.c.lease_until, DELIVERIES.c.sending_at) < now)
        .limit(limit)).scalars().all()
    if not ids:
        return []
    journal = Journal("sweeper")
    rows = move(and_(DELIVERIES.c.id.in_(ids),
                      func.coalesce(DELIVERIES.c.lease_until, DELIVERIES.c.sending_at) < now),
                 states.QUEUED, {"lease_holder": None, "lease_until": None,
                                 "possibly_sent_at": func.coalesce(DELIVERIES.c.possibly_sent_at,
                                                                   DELIVERIES.c.sending_at),
                                 "possibly_sent_cause": "crash"},
                 journal, now, detail={"reason": "lease_expired"})
    journal.write()
    return rows


def touch_queued(ids: Sequence[int], now: datetime | None = None) -> list[Row]:
    """Re-enqueue bookkeeping for `queued` rows Redis forgot (no status change)."""
    if not ids:
        return []
    rows = db.session.execute(
        update(DELIVERIES).where(DELIVERIES.c.id.in_(list(ids)),
                                 DELIVERIES.c.status == states.QUEUED)
        .values(updated_at=now or utcnow()).returning(*RETURNING)).all()
    return [(int(a), str(b), None if c is None else int(c), None if d is None else int(d))
            for a, b, c, d in rows]


# -- people and incidents ----------------------------------------------------------------


def cancel(where: ColumnElement[bool], reason: str | None, now: datetime | None = None,
           journal: Journal | None = None, **detail: Any) -> list[Row]:
    """Rows not yet handed to a provider (`queued`, `deferred`) → `canceled`."""
    now = now or utcnow()
    own = journal is None
    journal = journal or Journal("cancel")
    rows = move(where, states.CANCELED,
                 {"failure_reason": reason, "failed_at": None, "next_attempt_at": None,
                  "deferred_reason": None}, journal, now, detail={"reason": reason, **detail})
    if own:
        journal.write()
    return rows


def acknowledge(ids: Sequence[int], at: datetime, journal: Journal, via: str) -> list[int]:
    """Deliveries in the provider's hands → `acked`."""
    if not ids:
        return []
    rows = move(DELIVERIES.c.id.in_(list(ids)), states.ACKED,
                 {"acked_at": func.coalesce(DELIVERIES.c.acked_at, at)}, journal, at,
                 detail={"via": via})
    return [r[0] for r in rows]


def note_ack(delivery_id: int, at: datetime) -> None:
    """An ack on a delivery whose status cannot become `acked` (no status change)."""
    db.session.execute(update(DELIVERIES).where(DELIVERIES.c.id == delivery_id)
                       .values(acked_at=at, updated_at=utcnow()))


def escalate(rows: list[dict[str, Any]], journal: Journal,
             detail: dict[tuple[int | None, int | None, int, str, int], dict[str, Any]]
             ) -> list[int]:
    """Insert escalation copies (new rows on the next channel), each with its event."""
    return create_deliveries(rows, journal, detail)


def apply_provider_status(ids: Sequence[int], target: str, at: datetime,
                          reason: str | None = None) -> list[int]:
    """A provider event's status where that is an allowed move; returns those moved.

    The caller (tracking) writes the history events, one `applied` per moved row."""
    if not ids:
        return []
    values: dict[str, Any] = {"status": target, "updated_at": utcnow()}
    if target == states.DELIVERED:
        values["delivered_at"] = func.coalesce(DELIVERIES.c.delivered_at, at)
        values["sent_at"] = func.coalesce(DELIVERIES.c.sent_at, at)
    elif target == states.SENT:
        values["sent_at"] = func.coalesce(DELIVERIES.c.sent_at, at)
    elif target in states.FAILURES:
        values.update(failed_at=at, failure_reason=reason, next_attempt_at=None)
    elif target == states.ACKED:
        values["acked_at"] = func.coalesce(DELIVERIES.c.acked_at, at)
    moved = db.session.execute(
        update(DELIVERIES).where(DELIVERIES.c.id.in_(list(ids)),
                                 DELIVERIES.c.status.in_(allowed_from(target)))
        .values(**values).returning(DELIVERIES.c.id)).scalars().all()
    return [int(i) for i in moved]

"""The only writers of `deliveries.status`.

Every function here is one guarded UPDATE … RETURNING (or INSERT … RETURNING)
in the caller's transaction: the WHERE clause holds the state machine
(`states.ALLOWED_FROM`) and, for a send job's outcomes, the lease (`lease_holder
= me`). Only the rows the statement returns get a delivery event, collected in
a :class:`Journal` and written with one audit record per batch
(`deliveries.batch`) by :func:`Journal.write`, in the same transaction. A
write that matches nothing (someone else moved the row first, or the lease
was lost) therefore changes nothing and leaves no event.

Works on SQLite ≥ 3.35 and PostgreSQL (both have UPDATE … RETURNING).
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, and_, bindparam, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..audit import chain as audit
from ..profiling import step
from ..store.db import db, utcnow
from . import bulk, states
from .models import Delivery, DeliveryEvent
from .states import allowed_from

log = logging.getLogger(__name__)

DELIVERIES = Delivery.__table__
EVENTS = DeliveryEvent.__table__
CHUNK = 5000


def lease_seconds() -> float:
    """DELIVERY_LEASE_SECONDS: how long a claim holds its rows without a heartbeat."""
    return float(current_app.config["GATEWAY"].delivery_lease_seconds)


def new_holder() -> str:
    """A lease holder id: this process and this claim (unique per send job)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"[:80]


# -- events and the audit record ---------------------------------------------------------


@dataclass
class Journal:
    """Events of rows that actually changed, written with one audit record."""

    source: str
    events: list[dict[str, Any]] = field(default_factory=list)
    incidents: set[int | None] = field(default_factory=set)

    def add(self, delivery_id: int, status: str, at: datetime, incident_id: int | None = None,
            provider_event_id: str | None = None, **detail: Any) -> None:
        self.events.append({"delivery_id": int(delivery_id), "status": status, "at": at,
                            "provider_event_id": provider_event_id,
                            "detail": {k: v for k, v in detail.items() if v is not None}})
        self.incidents.add(incident_id)

    def write(self) -> int:
        """Insert the events and their audit record; empties the journal."""
        events, self.events = self.events, []
        incidents, self.incidents = self.incidents, set()
        incident_id = next(iter(incidents)) if len(incidents) == 1 else None
        return record_events(events, incident_id, self.source)


def _insert(model: Any) -> Any:
    dialect = db.session.get_bind().dialect.name
    return (pg_insert if dialect == "postgresql" else sqlite_insert)(model)


def record_events(events: list[dict[str, Any]], incident_id: int | None, source: str) -> int:
    """Append delivery events and one audit record over them (a hash of the batch).

    Events with a `provider_event_id` already stored (a webhook delivered
    twice) are skipped."""
    if not events:
        return 0
    with step("audit"):
        audit.lock_chain()  # before the insert: this batch's event ids form one contiguous run
    with step("events"):
        return _record_events(events, incident_id, source)


EVENT_COLUMNS = tuple(EVENTS.c[c] for c in ("delivery_id", "status", "at", "provider_event_id",
                                             "detail"))


def _insert_events(rows: list[dict[str, Any]], deduplicate: bool) -> Sequence[Any]:
    """Insert events, returning (id, delivery_id, status, at, provider_event_id, detail).

    The batch travels as one parameter (gateway/delivery/bulk.py): one statement,
    where SQLAlchemy's many-VALUES INSERT cost ~90 µs an event on PostgreSQL
    and ~35 on SQLite."""
    source = bulk.rows_source(EVENT_COLUMNS, [[r[c.name] for c in EVENT_COLUMNS] for r in rows])
    names = ", ".join(c.name for c in EVENT_COLUMNS)
    values = ", ".join(source.expr[c.name] for c in EVENT_COLUMNS)
    # `WHERE true`: SQLite cannot otherwise tell the upsert clause from a join's ON.
    return bulk.returning(
        f"INSERT INTO delivery_events ({names}) SELECT {values} FROM {source.sql} WHERE true"
        f"{' ON CONFLICT DO NOTHING' if deduplicate else ''}", (EVENTS.c.id, *EVENT_COLUMNS),
        source.params)


def _record_events(events: list[dict[str, Any]], incident_id: int | None, source: str) -> int:
    rows = [{"provider_event_id": None, **e} for e in events]
    # A webhook delivered twice is stored once (the provider event id is unique).
    deduplicate = any(r["provider_event_id"] for r in rows)
    # The digest covers what was stored, as RETURNING gives it back.
    stored = [(int(r[0]), int(r[1]), str(r[2]), r[3], r[4], r[5])
              for r in _insert_events(rows, deduplicate)]
    if not stored:
        return 0
    ids = [event[0] for event in stored]
    with step("audit"):
        digest = audit.events_digest(stored)
        audit.append("deliveries.batch", actor="worker" if source == "worker" else source,
                     actor_role="system", incident_id=incident_id,
                     data={"events": len(ids), "first_event_id": min(ids),
                           "last_event_id": max(ids), "events_hash": digest,
                           **({} if source == "worker" else {"source": source})})
    return len(ids)


# -- the guarded move --------------------------------------------------------------------


Row = tuple[int, str, int | None, int | None]  # id, channel, incident_id, complaint_id
RETURNING = (DELIVERIES.c.id, DELIVERIES.c.channel, DELIVERIES.c.incident_id,
             DELIVERIES.c.complaint_id)


def _move(where: ColumnElement[bool], target: str, values: dict[str, Any], journal: Journal,
          at: datetime, *, event_status: str | None = None,
          detail: dict[str, Any] | None = None,
          detail_of: Callable[[int], dict[str, Any]] | None = None) -> list[Row]:
    """UPDATE … SET status=target WHERE <where> AND status may become target
    RETURNING the rows; one event per returned row."""
    rows = db.session.execute(
        update(DELIVERIES).where(where, DELIVERIES.c.status.in_(allowed_from(target)))
        .values(status=target, updated_at=utcnow(), **values).returning(*RETURNING)).all()
    out = [(int(r[0]), str(r[1]), None if r[2] is None else int(r[2]),
            None if r[3] is None else int(r[3])) for r in rows]
    for delivery_id, _, incident_id, _ in out:
        journal.add(delivery_id, event_status or target, at, incident_id, **(detail or {}),
                    **(detail_of(delivery_id) if detail_of else {}))
    return out


def _ids(ids: Iterable[int]) -> list[list[int]]:
    ids = list(ids)
    return [ids[i:i + CHUNK] for i in range(0, len(ids), CHUNK)]


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
            db.session.execute(_insert(Delivery).on_conflict_do_nothing(), chunk)
            continue
        got = db.session.execute(_insert(Delivery).on_conflict_do_nothing().returning(
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


def insert_expansion(rows: list[dict[str, Any]]) -> list[tuple[int, int, str, str]]:
    """Insert an expansion chunk's first-notice rows in one statement, skipping
    those that exist; returns (id, customer_id, channel, status) of the new ones.

    The chunk travels as one parameter (gateway/delivery/bulk.py): one statement
    and one round trip, where SQLAlchemy's executemany cost a statement per row on
    PostgreSQL and ~20 µs a row in Python on SQLite."""
    if not rows:
        return []
    for row in rows:
        assert row["status"] in states.STATUSES, row["status"]
    shared = {c.name: rows[0][c.name] for c in EXPANSION_SHARED}
    if any(r[c] != v for r in rows for c, v in shared.items()):
        raise ValueError("an expansion chunk shares incident, message, purpose and times")
    names = ", ".join(c.name for c in (*EXPANSION_SHARED, *EXPANSION_VARYING))
    out: list[tuple[int, int, str, str]] = []
    for start in range(0, len(rows), CHUNK):
        source = bulk.rows_source(EXPANSION_VARYING, [[r[c.name] for c in EXPANSION_VARYING]
                                                      for r in rows[start:start + CHUNK]])
        values = ", ".join((*(f":{c.name}" for c in EXPANSION_SHARED),
                            *(source.expr[c.name] for c in EXPANSION_VARYING)))
        out += [(int(i), int(c), str(ch), str(st)) for i, c, ch, st in bulk.returning(
            f"INSERT INTO deliveries ({names}) SELECT {values} FROM {source.sql} WHERE true "
            "ON CONFLICT DO NOTHING", (DELIVERIES.c.id, DELIVERIES.c.customer_id,
                                       DELIVERIES.c.channel, DELIVERIES.c.status),
            {**source.params, **shared}, binds=EXPANSION_SHARED)]
    return out


# -- a send job: claim, lease, outcomes --------------------------------------------------


def claim(ids: Sequence[int], holder: str, seconds: float | None = None,
          now: datetime | None = None) -> list[int]:
    """`queued` → `sending` under a lease (holder, until); commits; returns claimed ids.

    Rows not queued are someone else's."""
    return [int(r[0]) for r in claim_rows(ids, holder, seconds, now)]


def claim_rows(ids: Sequence[int], holder: str, seconds: float | None = None,
               now: datetime | None = None, columns: Sequence[Any] = ()) -> list[Any]:
    """:func:`claim`, returning the claimed rows with `columns` of `deliveries`
    (after id and incident_id) as they are after the claim: the send job needs
    no second SELECT of its deliveries."""
    now = now or utcnow()
    journal = Journal("worker")
    until = now + timedelta(seconds=seconds if seconds is not None else lease_seconds())
    extra = [c for c in columns if c.name not in ("id", "incident_id")]
    # `status || ''`: matched by no index, so SQLite looks the ids up by primary key;
    # `status = 'queued'` made it walk the status index over every queued row.
    rows = db.session.execute(
        update(DELIVERIES).where(DELIVERIES.c.id.in_(list(ids)),
                                 DELIVERIES.c.status + "" == states.QUEUED)
        .values(status=states.SENDING, sending_at=now, updated_at=now, lease_holder=holder,
                lease_until=until)
        .returning(DELIVERIES.c.id, DELIVERIES.c.incident_id, *extra)).all()
    for row in rows:
        journal.add(int(row[0]), states.SENDING, now, row[1], holder=holder)
    journal.write()
    db.session.commit()
    return list(rows)


def heartbeat(connection: Any, holder: str, ids: Sequence[int], seconds: float) -> int:
    """Extend the lease of the rows `holder` still holds (own connection, own commit)."""
    result = connection.execute(
        update(DELIVERIES).where(DELIVERIES.c.id.in_(list(ids)),
                                 DELIVERIES.c.lease_holder == holder,
                                 DELIVERIES.c.status == states.SENDING)
        .values(lease_until=utcnow() + timedelta(seconds=seconds)))
    return int(result.rowcount or 0)


def _mine(ids: Sequence[int], holder: str) -> ColumnElement[bool]:
    return and_(DELIVERIES.c.id.in_(list(ids)), DELIVERIES.c.lease_holder == holder)


def _lost(kind: str, wanted: Iterable[int], moved: Iterable[int], holder: str) -> None:
    lost = sorted(set(wanted) - set(moved))
    if lost:
        log.warning("late %s write ignored: lease of %s no longer holds %d deliveries (%s)",
                    kind, holder, len(lost), lost[:20])


@dataclass
class SentRow:
    delivery_id: int
    provider: str
    provider_message_id: str | None
    template: str | None = None
    template_version: str | None = None
    content_hash: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class RetryRow:
    delivery_id: int
    status: str  # deferred (retry later) or queued (failed over)
    provider: str
    attempts: int
    reason: str | None
    next_attempt_at: datetime | None
    possibly_sent: bool = False
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class FinalRow:
    delivery_id: int
    status: str  # failed | suppressed
    reason: str


# A send job's per-row outcome data, id first (gateway/delivery/bulk.py binds them).
SENT_DATA = tuple(DELIVERIES.c[c] for c in (
    "id", "provider", "provider_message_id", "template", "template_version", "content_hash",
    "sent_at"))
RETRY_DATA = tuple(DELIVERIES.c[c] for c in (
    "id", "provider", "attempts", "deferred_reason", "next_attempt_at", "possibly_sent_at",
    "possibly_sent_cause"))


def _move_rows(target: str, columns: Sequence[Any], rows: list[list[Any]], holder: str,
               journal: Journal, at: datetime, *, reset: str, event_status: str | None = None,
               detail_of: Callable[[int], dict[str, Any]]) -> list[Row]:
    """:func:`_move` for rows the lease `holder` holds, each with its own `columns`
    values: one UPDATE … FROM the rows, however many there are."""
    source = bulk.rows_source(columns, rows)
    data = ", ".join(f"{c.name} = {source.expr[c.name]}" for c in columns[1:])
    allowed = ", ".join(f"'{status}'" for status in allowed_from(target))
    got = bulk.returning(
        f"UPDATE deliveries SET status = :status, updated_at = :updated_at, {reset}, {data} "
        f"FROM {source.sql} WHERE deliveries.id = {source.expr['id']} "
        # `status || ''`: as in the claim, SQLite must look rows up by id, not walk an index
        f"AND deliveries.lease_holder = :lease_holder AND deliveries.status || '' IN ({allowed})",
        RETURNING, {**source.params, "status": target, "updated_at": utcnow(),
                    "lease_holder": holder}, binds=(DELIVERIES.c.updated_at,))
    out = [(int(r[0]), str(r[1]), None if r[2] is None else int(r[2]),
            None if r[3] is None else int(r[3])) for r in got]
    for delivery_id, _, incident_id, _ in out:
        journal.add(delivery_id, event_status or target, at, incident_id, **detail_of(delivery_id))
    return out


def _advanced(sent: Sequence[SentRow], holder: str, now: datetime) -> set[int]:
    """Rows still ours that a provider event moved past `sending` before the job's
    write: they get the provider data (no status change, no event); returns their ids."""
    if not sent:
        return set()
    db.session.execute(
        update(DELIVERIES).where(DELIVERIES.c.id == bindparam("b_id"),
                                 DELIVERIES.c.lease_holder == holder,
                                 # not NOT IN: no expanding parameters in an executemany
                                 DELIVERIES.c.status != states.QUEUED,
                                 DELIVERIES.c.status != states.DEFERRED)
        .values(provider=bindparam("b_provider"), provider_message_id=bindparam("b_pmid"),
                template=bindparam("b_template"), template_version=bindparam("b_version"),
                content_hash=bindparam("b_hash"), sent_at=func.coalesce(
                    DELIVERIES.c.sent_at, now)),
        [{"b_id": s.delivery_id, "b_provider": s.provider, "b_pmid": s.provider_message_id,
          "b_template": s.template, "b_version": s.template_version,
          "b_hash": s.content_hash} for s in sent])
    return set(db.session.execute(select(DELIVERIES.c.id).where(
        _mine([s.delivery_id for s in sent], holder),
        DELIVERIES.c.status.in_(states.SENT_OR_BETTER + (states.FAILED, states.BOUNCED))
    )).scalars())


def record_outcomes(holder: str, journal: Journal, now: datetime, *,
                    sent: Sequence[SentRow] = (), final: Sequence[FinalRow] = (),
                    retry: Sequence[RetryRow] = (), claimed_at: datetime | None = None
                    ) -> dict[str, list[int]]:
    """A send job's outcomes, each conditioned on `lease_holder = holder`.

    Returns the ids actually moved per kind; the rest were lost (lease expired
    and released) and are logged, with no change and no event. The caller commits.
    """
    moved: dict[str, list[int]] = {"sent": [], "final": [], "retry": []}
    if sent:
        by_id = {s.delivery_id: s for s in sent}
        rows = _move_rows(states.SENT, SENT_DATA, [
            [s.delivery_id, s.provider, s.provider_message_id, s.template, s.template_version,
             s.content_hash, now] for s in sent], holder, journal, now,
            reset="attempts = 0, deferred_reason = NULL, next_attempt_at = NULL, "
                  "lease_until = NULL, possibly_sent_at = NULL, possibly_sent_cause = NULL",
            detail_of=lambda i: {"provider": by_id[i].provider,
                                 "provider_message_id": by_id[i].provider_message_id,
                                 **by_id[i].detail})
        changed = {r[0] for r in rows}
        moved["sent"] = sorted(changed | _advanced(
            [s for s in sent if s.delivery_id not in changed], holder, now))
        _lost("sent", by_id, moved["sent"], holder)
    if final:
        groups: dict[tuple[str, str], list[int]] = defaultdict(list)
        for f in final:
            groups[(f.status, f.reason)].append(f.delivery_id)
        for (status, reason), ids in groups.items():
            rows = _move(_mine(ids, holder), status,
                         {"failure_reason": reason, "failed_at": now, "lease_until": None},
                         journal, now, detail={"reason": reason})
            moved["final"] += [r[0] for r in rows]
        _lost("final", (f.delivery_id for f in final), moved["final"], holder)
    if retry:
        by_target: dict[str, list[RetryRow]] = defaultdict(list)
        for r in retry:
            by_target[r.status].append(r)
        for target, items in by_target.items():
            index = {r.delivery_id: r for r in items}
            rows = _move_rows(target, RETRY_DATA, [
                [r.delivery_id, r.provider, r.attempts, r.reason, r.next_attempt_at,
                 (claimed_at or now) if r.possibly_sent else None,
                 "ambiguous" if r.possibly_sent else None] for r in items], holder, journal, now,
                reset="lease_until = NULL, lease_holder = NULL",
                event_status="failover" if target == states.QUEUED else target,
                detail_of=_detail_from(index))
            moved["retry"] += [r[0] for r in rows]
        _lost("retry", (r.delivery_id for r in retry), moved["retry"], holder)
    return moved


def _detail_from(index: dict[int, RetryRow]) -> Callable[[int], dict[str, Any]]:
    return lambda delivery_id: index[delivery_id].detail


def possibly_sent(ids: Sequence[int]) -> dict[int, tuple[datetime, str]]:
    """Rows whose last attempt may have reached the provider: id → (since, cause)."""
    rows = db.session.execute(select(
        DELIVERIES.c.id, DELIVERIES.c.possibly_sent_at, DELIVERIES.c.possibly_sent_cause)
        .where(DELIVERIES.c.id.in_(list(ids)), DELIVERIES.c.possibly_sent_at.is_not(None))).all()
    return {int(i): (at, str(cause or "ambiguous")) for i, at, cause in rows}


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
    for chunk in _ids(ids):
        rows += _move(and_(DELIVERIES.c.id.in_(chunk),
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
    rows = _move(and_(DELIVERIES.c.id.in_(ids),
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
    rows = _move(where, states.CANCELED,
                 {"failure_reason": reason, "failed_at": None, "next_attempt_at": None,
                  "deferred_reason": None}, journal, now, detail={"reason": reason, **detail})
    if own:
        journal.write()
    return rows


def acknowledge(ids: Sequence[int], at: datetime, journal: Journal, via: str) -> list[int]:
    """Deliveries in the provider's hands → `acked`."""
    if not ids:
        return []
    rows = _move(DELIVERIES.c.id.in_(list(ids)), states.ACKED,
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

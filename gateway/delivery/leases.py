"""A send job's lease: the claim, its heartbeat and the outcomes written under it.

A claim moves `queued` rows to `sending` with a holder and a time limit; every
outcome write is conditioned on `lease_holder = me`, so a worker that lost its
lease (it overran, the sweeper released its rows) changes nothing and is logged.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import uuid
from collections import namedtuple
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, Dialect, select, update

from ..store.db import db, on_driver, utcnow
from . import bulk, states
from .journal import DELIVERIES, Journal
from .states import allowed_from

log = logging.getLogger(__name__)


def lease_seconds() -> float:
    """DELIVERY_LEASE_SECONDS: how long a claim holds its rows without a heartbeat."""
    return float(current_app.config["GATEWAY"].delivery_lease_seconds)


def new_holder() -> str:
    """A lease holder id: this process and this claim (unique per send job)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"[:80]


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
    if not ids:
        return []
    now = now or utcnow()
    until = now + timedelta(seconds=seconds if seconds is not None else lease_seconds())
    session = db.session
    dialect = session.get_bind().dialect
    statement, names, binds, reads = _claim_statement(
        dialect, tuple(c.name for c in columns if c.name not in ("id", "incident_id")))
    if dialect.name == "postgresql":
        param = "{" + ",".join(str(int(i)) for i in ids) + "}"
    else:
        param = "[" + ",".join(str(int(i)) for i in ids) + "]"
    bind_at = bulk.memo(binds)
    assert bind_at is not None
    raw = on_driver(statement, (bind_at(now), bind_at(now), holder, bind_at(until), param))
    got = bulk.read_rows(raw, reads, _claimed_type(names)._make)
    journal = Journal("worker", held=True)
    journal.add_all(((row[0], row[1], {"holder": holder}) for row in got), states.SENDING, now)
    journal.write()
    session.commit()
    return got


@cache
def _claimed_type(names: tuple[str, ...]) -> Any:
    return namedtuple("Claimed", names)  # type: ignore[misc]  # noqa: PYI024


@cache
def _claim_statement(dialect: Dialect, extra: tuple[str, ...]
                     ) -> tuple[str, tuple[str, ...], Callable[[Any], Any], bulk.Readers]:
    """:func:`claim_rows`' UPDATE as fixed SQL on the driver (its parameters: sending_at,
    updated_at, lease_holder, lease_until as the columns bind them, and the ids as one
    array), the names it returns, the time's binding and the returned columns' reading
    (as a Core statement reads them). Through SQLAlchemy, its 1,000 expanded id
    parameters and result rows cost ~10 µs a row."""
    names = ("id", "incident_id", *extra)
    if dialect.name == "postgresql":
        which = "id = ANY(CAST(%s AS BIGINT[]))"
    else:  # `status || ''`: as in :func:`_claim`, SQLite looks the ids up by primary key
        which = "id IN (SELECT value FROM json_each(%s))"
    statement = (f"UPDATE deliveries SET status = '{states.SENDING}', sending_at = %s, "
                 f"updated_at = %s, lease_holder = %s, lease_until = %s WHERE {which} "
                 f"AND status || '' = '{states.QUEUED}' RETURNING {', '.join(names)}")
    bind = DELIVERIES.c.sending_at.type.dialect_impl(dialect).bind_processor(dialect)
    return (statement, names, bind or _same,
            bulk.readers(tuple(DELIVERIES.c[name] for name in names), dialect))


def _same(value: Any) -> Any:
    return value


def claim_next(incident_id: int, channel: str, after: int, limit: int, holder: str,
               seconds: float | None = None, now: datetime | None = None,
               columns: Sequence[Any] = ()) -> list[Any]:
    """:func:`claim_rows` for the next (up to) `limit` rows of an incident's
    channel after delivery id `after` that are queued for their first provider
    with nothing possibly sent: what a send job takes on while its window
    drains, instead of ending (gateway/jobs/send.py). Those rows' own jobs
    then find them claimed. Walks the primary key from `after`, at most
    `span` ids (an incident's rows are inserted in id order; other rows in
    between are read and passed over); on PostgreSQL rows another claim has
    locked are skipped, not waited for."""
    span = max(limit * 20, 10_000)
    nxt = (select(DELIVERIES.c.id)
           # `+ 0` and `|| ''`: the primary key's range, not the (incident, status) index
           .where(DELIVERIES.c.id > after, DELIVERIES.c.id <= after + span,
                  DELIVERIES.c.incident_id + 0 == incident_id,
                  DELIVERIES.c.status + "" == states.QUEUED, DELIVERIES.c.channel + "" == channel,
                  DELIVERIES.c.provider.is_(None), DELIVERIES.c.possibly_sent_at.is_(None))
           .order_by(DELIVERIES.c.id).limit(limit))
    if db.session.get_bind().dialect.name == "postgresql":
        # Selected once, as a materialized CTE: an `IN (SELECT … LIMIT n FOR UPDATE
        # SKIP LOCKED)` can be run again by the plan and claim more than n rows.
        picked = nxt.with_for_update(skip_locked=True).cte("picked").prefix_with("MATERIALIZED")
        return _claim(DELIVERIES.c.id.in_(select(picked.c.id)), holder, seconds, now, columns)
    return _claim(DELIVERIES.c.id.in_(nxt.scalar_subquery()), holder, seconds, now, columns)


def _claim(which: ColumnElement[bool], holder: str, seconds: float | None,
           now: datetime | None, columns: Sequence[Any]) -> list[Any]:
    now = now or utcnow()
    journal = Journal("worker", held=True)
    until = now + timedelta(seconds=seconds if seconds is not None else lease_seconds())
    extra = [c for c in columns if c.name not in ("id", "incident_id")]
    # `status || ''`: matched by no index, so SQLite looks the ids up by primary key;
    # `status = 'queued'` made it walk the status index over every queued row.
    rows = db.session.execute(
        update(DELIVERIES).where(which, DELIVERIES.c.status + "" == states.QUEUED)
        .values(status=states.SENDING, sending_at=now, updated_at=now, lease_holder=holder,
                lease_until=until)
        .returning(DELIVERIES.c.id, DELIVERIES.c.incident_id, *extra)).all()
    journal.add_all(((row[0], row[1], {"holder": holder}) for row in rows), states.SENDING, now)
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


FINAL_TO = (states.FAILED, states.SUPPRESSED)  # a FinalRow's statuses
RETRY_TO = (states.DEFERRED, states.QUEUED)  # a RetryRow's: retry later, or failed over
# A send job's outcome UPDATEs, one fixed statement per kind (:func:`_outcome_statement`):
# the columns each takes per row from the batch (id first; `status` when rows of one kind
# go to different statuses), the rest of its SET (its `%s`, bound before the rows: the
# write's time, and the job's `now` for sent_at / failed_at), the statuses its rows
# may move to (None: no status change) and what it returns.
_OUTCOMES: dict[str, tuple[tuple[str, ...], str, tuple[str, ...] | None, str]] = {
    "sent": (("id", "provider", "provider_message_id", "template", "template_version",
              "content_hash"),
             f"status = '{states.SENT}', updated_at = %s, sent_at = %s, attempts = 0, "
             "deferred_reason = NULL, next_attempt_at = NULL, lease_until = NULL, "
             "possibly_sent_at = NULL, possibly_sent_cause = NULL", (states.SENT,),
             "id, incident_id"),
    # Rows still ours that a provider event moved past `sending` before the job's write.
    "advanced": (("id", "provider", "provider_message_id", "template", "template_version",
                  "content_hash"),
                 "updated_at = %s, sent_at = COALESCE(deliveries.sent_at, %s)", None,
                 "id, status"),
    "retry": (("id", "status", "provider", "attempts", "deferred_reason", "next_attempt_at",
               "possibly_sent_at", "possibly_sent_cause"),
              "updated_at = %s, lease_until = NULL, lease_holder = NULL",
              RETRY_TO, "id, incident_id, status"),
    "final": (("id", "status", "failure_reason"),
              "updated_at = %s, failed_at = %s, lease_until = NULL",
              FINAL_TO, "id, incident_id, status"),
}
# The type of each per-row column in PostgreSQL's arrays (a string column takes text, so a
# value too long for it fails as it would bound alone, not cut by a cast).
_PG_ARRAY_TYPE = {"id": "BIGINT", "attempts": "INTEGER", "next_attempt_at": "TIMESTAMPTZ",
                  "possibly_sent_at": "TIMESTAMPTZ"}


@cache
def _outcome_statement(dialect: Dialect, kind: str) -> str:
    """One kind of outcome as fixed SQL on the driver, built once per dialect:
    `UPDATE deliveries SET … FROM` the batch's rows (SQLite: one JSON array of
    arrays, `json_each`; PostgreSQL: one array a column, `unnest`) `WHERE` the row
    is the lease holder's and its status may move to the row's target (the state
    machine, `states.ALLOWED_FROM`) `RETURNING` what moved. Its parameters: the
    SET's, the rows, the holder and, on PostgreSQL, the ids once more. Through
    SQLAlchemy (a text statement, or a Core UPDATE per status) the same write
    cost ~15 µs a row."""
    values, sets, targets, returning = _OUTCOMES[kind]
    if dialect.name == "postgresql":
        arrays = ", ".join(f"CAST(%s AS {_PG_ARRAY_TYPE.get(c, 'TEXT')}[])" for c in values)
        source = f"unnest({arrays}) AS v({', '.join(values)})"
        value = {c: f"v.{c}" for c in values}
        # Joined to the rows alone, the planner read `lease_holder = me` as matching one
        # row (the statistics see mostly NULLs) and scanned the table: the ids make it
        # look rows up by key.
        by_key = " AND deliveries.id = ANY(CAST(%s AS BIGINT[]))"
    else:
        source = "json_each(%s) AS v"
        value = {c: f"v.value ->> {i}" for i, c in enumerate(values)}
        by_key = ""
    # `status || ''`: as in the claim, SQLite must look rows up by id, not walk an index.
    if targets is None:
        guard = f"deliveries.status || '' NOT IN ('{states.QUEUED}', '{states.DEFERRED}')"
    elif len(targets) == 1:
        guard = f"deliveries.status || '' IN ({_quoted(allowed_from(targets[0]))})"
    else:
        guard = "(" + " OR ".join(
            f"({value['status']} = '{target}' AND deliveries.status || '' IN "
            f"({_quoted(allowed_from(target))}))" for target in targets) + ")"
    data = ", ".join(f"{c} = {value[c]}" for c in values[1:])
    returned = ", ".join(f"deliveries.{c.strip()}" for c in returning.split(","))
    return (f"UPDATE deliveries SET {sets}, {data} FROM {source} "
            f"WHERE deliveries.id = {value['id']} AND deliveries.lease_holder = %s "
            f"AND {guard}{by_key} RETURNING {returned}")


def _quoted(statuses: Iterable[str]) -> str:
    return ", ".join(f"'{status}'" for status in statuses)


def _outcome(kind: str, scalars: tuple[Any, ...], rows: list[list[Any]], holder: str
             ) -> list[tuple[Any, ...]]:
    """Run :func:`_outcome_statement` for `rows` (values in the kind's column order, times
    as their columns bind them) on the driver, in the session's transaction; the rows
    it moved."""
    dialect = db.session.get_bind().dialect
    statement = _outcome_statement(dialect, kind)
    if dialect.name != "postgresql":
        return on_driver(statement, (*scalars, json.dumps(rows), holder))
    columns = [bulk.pg_array(column) for column in zip(*rows, strict=True)]
    # Nested loops are off (:func:`_no_nestloop`, around the whole call).
    return on_driver(statement, (*scalars, *columns, holder, columns[0]))


@contextmanager
def _no_nestloop() -> Iterator[None]:
    """On PostgreSQL, the outcome UPDATEs of one :func:`record_outcomes` call run
    with nested loops off: the planner sees the lease holder's rows as one (a new
    holder is in no statistics) and joins them by a nested loop that unnests the
    batch again for each row: 500 rows took 81 ms (EXPLAIN ANALYZE) against 7 ms
    by a hash join. Set once for the call (two statements, not two per kind of
    outcome) and reset after it, so the rest of the caller's transaction plans as
    usual; a rollback undoes the SET LOCAL too."""
    if db.session.get_bind().dialect.name != "postgresql":
        yield
        return
    on_driver("SET LOCAL enable_nestloop = off")
    yield
    on_driver("RESET enable_nestloop")


def _lost(kind: str, wanted: Iterable[int], moved: Iterable[int], holder: str) -> None:
    lost = sorted(set(wanted) - set(moved))
    if lost:
        log.warning("late %s write ignored: lease of %s no longer holds %d deliveries (%s)",
                    kind, holder, len(lost), lost[:20])


def _binder(dialect: Dialect) -> Callable[[Any], Any]:
    """A time as the columns bind it (each distinct time once; None stays None)."""
    bind = bulk.memo(DELIVERIES.c.updated_at.type.dialect_impl(dialect).bind_processor(dialect))
    assert bind is not None
    return lambda value: None if value is None else bind(value)


def record_outcomes(holder: str, journal: Journal, now: datetime, *,
                    sent: Sequence[SentRow] = (), final: Sequence[FinalRow] = (),
                    retry: Sequence[RetryRow] = (), claimed_at: datetime | None = None
                    ) -> dict[str, list[int]]:
    """A send job's outcomes, each conditioned on `lease_holder = holder`: one
    fixed UPDATE per kind (:func:`_outcome_statement`), and an event for each
    row it moved.

    Returns the ids actually moved per kind; the rest were lost (lease expired
    and released) and are logged, with no change and no event. The caller commits.
    """
    moved: dict[str, list[int]] = {"sent": [], "final": [], "retry": []}
    if not (sent or final or retry):
        return moved
    with _no_nestloop():
        _record_outcomes(holder, journal, now, moved, sent, final, retry, claimed_at)
    return moved


def _record_outcomes(holder: str, journal: Journal, now: datetime, moved: dict[str, list[int]],
                     sent: Sequence[SentRow], final: Sequence[FinalRow],
                     retry: Sequence[RetryRow], claimed_at: datetime | None) -> None:
    bind = _binder(db.session.get_bind().dialect)
    written = bind(utcnow())
    if sent:
        by_id = {s.delivery_id: s for s in sent}
        data = [[s.delivery_id, s.provider, s.provider_message_id, s.template,
                 s.template_version, s.content_hash] for s in sent]
        got = _outcome("sent", (written, bind(now)), data, holder)
        journal.add_all(((delivery_id, incident_id, {
            "provider": by_id[delivery_id].provider,
            "provider_message_id": by_id[delivery_id].provider_message_id,
            **by_id[delivery_id].detail}) for delivery_id, incident_id in got), states.SENT, now)
        changed = {int(r[0]) for r in got}
        if len(changed) < len(by_id):
            # No status change, no event: the provider event that moved them has its own.
            rest = [row for row in data if row[0] not in changed]
            changed |= {int(i) for i, status in _outcome("advanced", (written, bind(now)), rest,
                                                         holder)
                        if status in _ADVANCED}
        moved["sent"] = sorted(changed)
        _lost("sent", by_id, moved["sent"], holder)
    if final:
        _check(final, FINAL_TO)
        reasons = {f.delivery_id: f.reason for f in final}
        got = _outcome("final", (written, bind(now)),
                       [[f.delivery_id, f.status, f.reason] for f in final], holder)
        for status in FINAL_TO:
            journal.add_all(((delivery_id, incident_id, {"reason": reasons[delivery_id]})
                             for delivery_id, incident_id, to in got if to == status), status, now)
        moved["final"] = [int(r[0]) for r in got]
        _lost("final", reasons, moved["final"], holder)
    if retry:
        _check(retry, RETRY_TO)
        by_id_r = {r.delivery_id: r for r in retry}
        possibly_at = bind(claimed_at or now)
        got = _outcome("retry", (written,), [
            [r.delivery_id, r.status, r.provider, r.attempts, r.reason, bind(r.next_attempt_at),
             possibly_at if r.possibly_sent else None, "ambiguous" if r.possibly_sent else None]
            for r in retry], holder)
        for status in RETRY_TO:
            journal.add_all(((delivery_id, incident_id, by_id_r[delivery_id].detail)
                             for delivery_id, incident_id, to in got if to == status),
                            "failover" if status == states.QUEUED else status, now)
        moved["retry"] = [int(r[0]) for r in got]
        _lost("retry", by_id_r, moved["retry"], holder)


# What a sent write counts as moved among rows a provider event moved first.
_ADVANCED = frozenset(states.SENT_OR_BETTER + (states.FAILED, states.BOUNCED))


def _check(rows: Sequence[FinalRow | RetryRow], targets: tuple[str, ...]) -> None:
    """Every row's status is one its kind's statement moves rows to."""
    wrong = {r.status for r in rows} - set(targets)
    if wrong:
        raise ValueError(f"outcome status {sorted(wrong)} not one of {targets}")


def possibly_sent(ids: Sequence[int]) -> dict[int, tuple[datetime, str]]:
    """Rows whose last attempt may have reached the provider: id → (since, cause)."""
    rows = db.session.execute(select(
        DELIVERIES.c.id, DELIVERIES.c.possibly_sent_at, DELIVERIES.c.possibly_sent_cause)
        .where(DELIVERIES.c.id.in_(list(ids)), DELIVERIES.c.possibly_sent_at.is_not(None))).all()
    return {int(i): (at, str(cause or "ambiguous")) for i, at, cause in rows}

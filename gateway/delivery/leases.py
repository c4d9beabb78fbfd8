"""A send job's lease: the claim, its heartbeat and the outcomes written under it.

A claim moves `queued` rows to `sending` with a holder and a time limit; every
outcome write is conditioned on `lease_holder = me`, so a worker that lost its
lease (it overran, the sweeper released its rows) changes nothing and is logged.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections import defaultdict, namedtuple
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, Dialect, and_, bindparam, func, select, update

from ..store.db import db, on_driver, utcnow
from . import bulk, states
from .journal import DELIVERIES, RETURNING, Journal, Row, move
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
    journal = Journal("worker")
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
    journal = Journal("worker")
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
    keyed, keyed_params = bulk.by_ids("deliveries.id", [row[0] for row in rows])
    data = ", ".join(f"{c.name} = {source.expr[c.name]}" for c in columns[1:])
    allowed = ", ".join(f"'{status}'" for status in allowed_from(target))
    got = bulk.returning(
        f"UPDATE deliveries SET status = :status, updated_at = :updated_at, {reset}, {data} "
        f"FROM {source.sql} WHERE deliveries.id = {source.expr['id']} "
        # `status || ''`: as in the claim, SQLite must look rows up by id, not walk an index
        f"AND deliveries.lease_holder = :lease_holder AND deliveries.status || '' IN ({allowed})"
        f"{keyed}",
        RETURNING, {**source.params, **keyed_params, "status": target, "updated_at": utcnow(),
                    "lease_holder": holder}, binds=(DELIVERIES.c.updated_at,))
    out = [(int(r[0]), str(r[1]), None if r[2] is None else int(r[2]),
            None if r[3] is None else int(r[3])) for r in got]
    journal.add_all(((delivery_id, incident_id, detail_of(delivery_id))
                     for delivery_id, _, incident_id, _ in out), event_status or target, at)
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
            rows = move(_mine(ids, holder), status,
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

"""The guarded move and the journal of events it leaves.

A status changes only by a guarded UPDATE … RETURNING (:func:`move`): the WHERE
clause holds the state machine (`states.ALLOWED_FROM`). Only the rows the
statement returns get a delivery event, collected in a :class:`Journal` and
written with one audit record per batch (`deliveries.batch`) in the same
transaction, so a write that matches nothing leaves no event.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, update

from ..audit import chain as audit
from ..profiling import step
from ..store.db import db, driver_errors, utcnow
from . import bulk
from .models import Delivery, DeliveryEvent
from .states import allowed_from

DELIVERIES = Delivery.__table__
EVENTS = DeliveryEvent.__table__
CHUNK = 5000

def _event(delivery_id: int, status: str, at: datetime, provider_event_id: str | None,
           detail: dict[str, Any]) -> dict[str, Any]:
    """One event row as the journal keeps it (a detail's None values left out)."""
    return {"delivery_id": int(delivery_id), "status": status, "at": at,
            "provider_event_id": provider_event_id,
            "detail": {k: v for k, v in detail.items() if v is not None}}


@dataclass
class Journal:
    """Events of rows that actually changed, written with one audit record."""

    source: str
    events: list[dict[str, Any]] = field(default_factory=list)
    incidents: set[int | None] = field(default_factory=set)
    # True when every event is of a row an UPDATE … RETURNING of the same transaction
    # returned (a send job's claim and outcomes): the row exists, and that UPDATE's
    # row lock keeps it from being deleted until the commit. On PostgreSQL the COPY
    # then skips the per-event foreign key check (:func:`_copy_events`).
    held: bool = False

    def add(self, delivery_id: int, status: str, at: datetime, incident_id: int | None = None,
            provider_event_id: str | None = None, **detail: Any) -> None:
        self.events.append(_event(delivery_id, status, at, provider_event_id, detail))
        self.incidents.add(incident_id)

    def add_all(self, changed: Iterable[tuple[int, int | None, dict[str, Any]]], status: str,
                at: datetime) -> None:
        """:meth:`add` for each (delivery id, incident id, detail) of many rows at once."""
        events, incidents = self.events, self.incidents
        for delivery_id, incident_id, detail in changed:
            events.append(_event(delivery_id, status, at, None, detail))
            incidents.add(incident_id)

    def write(self) -> int:
        """Insert the events and their audit record; empties the journal."""
        events, self.events = self.events, []
        incidents, self.incidents = self.incidents, set()
        incident_id = next(iter(incidents)) if len(incidents) == 1 else None
        return record_events(events, incident_id, self.source, held=self.held)


def record_events(events: list[dict[str, Any]], incident_id: int | None, source: str,
                  *, held: bool = False) -> int:
    """Append delivery events and one audit record over them (a hash of the batch).

    Events with a `provider_event_id` already stored (a webhook delivered
    twice) are skipped. `held`: as :attr:`Journal.held`."""
    if not events:
        return 0
    with step("audit"):
        audit.lock_chain()  # before the insert: this batch's event ids form one contiguous run
    with step("events"):
        return _record_events(events, incident_id, source, held)


EVENT_COLUMNS = tuple(EVENTS.c[c] for c in ("delivery_id", "status", "at", "provider_event_id",
                                             "detail"))


def _insert_events(rows: list[dict[str, Any]], deduplicate: bool, held: bool) -> Sequence[Any]:
    """Insert events, returning (id, delivery_id, status, at, provider_event_id, detail).

    The batch travels as one parameter (gateway/delivery/bulk.py): one statement,
    where SQLAlchemy's many-VALUES INSERT cost ~90 µs an event on PostgreSQL
    and ~35 on SQLite. On PostgreSQL a batch without provider event ids (the
    send path's) is COPYed instead (:func:`_copy_events`); COPY knows no
    `ON CONFLICT`, so a webhook's events keep the INSERT. On SQLite such a batch
    goes by one fixed statement on the driver without RETURNING
    (:func:`_insert_sqlite`)."""
    if not deduplicate:
        name = db.session.get_bind().dialect.name
        if name == "postgresql":
            return _copy_events(rows, held)
        if name == "sqlite":
            return _insert_sqlite(rows)
    return _insert_rows(rows, deduplicate)


def _insert_rows(rows: list[dict[str, Any]], deduplicate: bool) -> list[tuple[Any, ...]]:
    """:func:`_insert_events` by INSERT … SELECT from the rows as one parameter."""
    source = bulk.rows_source(EVENT_COLUMNS, [[r[c.name] for c in EVENT_COLUMNS] for r in rows])
    names = ", ".join(c.name for c in EVENT_COLUMNS)
    values = ", ".join(source.expr[c.name] for c in EVENT_COLUMNS)
    # `WHERE true`: SQLite cannot otherwise tell the upsert clause from a join's ON.
    return bulk.returning(
        f"INSERT INTO delivery_events ({names}) SELECT {values} FROM {source.sql} WHERE true"
        f"{' ON CONFLICT DO NOTHING' if deduplicate else ''}", (EVENTS.c.id, *EVENT_COLUMNS),
        source.params)


# The ids of the next n events, drawn before the COPY (which returns nothing) as one run:
# the sequence moved past them at once, returning the run's last id. A `nextval` per id
# cost the server ~2.9 µs an event, this one statement ~0.2 µs. The run is the batch's
# alone because every writer of delivery events draws its ids under the audit chain's
# lock (`record_events`), as the batch's audit record needs them to be one run anyway;
# an id a writer took without it inside the run would fail the COPY on the key.
NEXT_EVENT_IDS = ("SELECT setval(s.seq, nextval(s.seq) + %s - 1) FROM (SELECT CAST("
                  "pg_get_serial_sequence('delivery_events', 'id') AS regclass) AS seq) AS s")
COPY_EVENTS = ("COPY delivery_events (id, delivery_id, status, at, provider_event_id, detail) "
               "FROM STDIN (FORMAT BINARY)")
# Binary COPY (~2 µs an event less than text): json's binary form is its text.
COPY_TYPES = ("int8", "int8", "varchar", "timestamptz", "varchar", "text")
# `json.dumps(value, default=…)`, whose encoder json builds anew on every call.
_DETAIL_JSON = json.JSONEncoder(default=bulk.json_value).encode
_ASCII = json.encoder.encode_basestring_ascii  # type: ignore[attr-defined]  # C
# How `json.dumps` writes a value of these exact types (ensure_ascii, its default).
_FLAT_JSON: dict[type, Callable[[Any], str]] = {
    str: _ASCII, int: int.__repr__, bool: lambda v: "true" if v else "false",
    type(None): lambda _: "null"}


def _detail_text(detail: Any) -> str:
    """`_DETAIL_JSON(detail)`, written out for a flat dict of str keys and str, int,
    bool or None values (a send path event's: its holder, its provider and message
    id): the encoder call builds a C encoder per call, ~2 us an event, this ~0.9."""
    if type(detail) is not dict:
        return _DETAIL_JSON(detail)
    parts = []
    for key, value in detail.items():
        write = _FLAT_JSON.get(type(value))
        if write is None or type(key) is not str:
            return _DETAIL_JSON(detail)
        parts.append(f"{_ASCII(key)}: {write(value)}")
    return "{" + ", ".join(parts) + "}"


_PLAIN = frozenset({str, int, float, bool, type(None)})


def _read_back(detail: Any, text: str | None) -> Any:
    """`detail` as the json column gives it back from `text`, its JSON (None:
    `json.dumps(detail)`): a copy of the value itself when it is a flat object
    of plain values (whose JSON round trip is exact), else `text` parsed (~1.6
    µs an event)."""
    if type(detail) is dict and all(type(k) is str and type(v) in _PLAIN
                                    for k, v in detail.items()):
        return dict(detail)
    return json.loads(json.dumps(detail) if text is None else text)


# The send path's events on SQLite: the statement :func:`_insert_rows` builds, fixed.
INSERT_EVENTS_SQLITE = ("INSERT INTO delivery_events (delivery_id, status, at, provider_event_id, "
                        "detail) SELECT v.value ->> 0, v.value ->> 1, v.value ->> 2, "
                        "v.value ->> 3, v.value -> 4 FROM json_each(?) AS v")


def _insert_sqlite(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """:func:`_insert_events` on SQLite without RETURNING, in the session's transaction.

    The same statement and parameter as :func:`_insert_rows` (the rows as one
    JSON array taken apart by `json_each`), run on the sqlite3 connection
    itself. The ids are the run the statement numbered: SQLite gives each new
    row the largest id + 1, in the array's order, under the writer's lock the
    transaction holds (`BEGIN IMMEDIATE`), so they end at `lastrowid`. Returns
    what RETURNING would have: times as the column reads them back, the detail
    as read back from its JSON. SQLAlchemy's statement and result handling cost
    ~10 µs an event."""
    session = db.session
    dialect = session.get_bind().dialect
    at_type = EVENTS.c.at.type.dialect_impl(dialect)
    bind_at = bulk.memo(at_type.bind_processor(dialect))
    read_at = bulk.memo(at_type.result_processor(dialect, None))
    assert bind_at is not None and read_at is not None
    bound = [(r["delivery_id"], r["status"], bind_at(r["at"]), r["provider_event_id"], r["detail"])
             for r in rows]
    connection = session.connection()
    driver = connection.connection.driver_connection  # sqlite3's, in the session's transaction
    assert driver is not None
    with driver_errors(connection, INSERT_EVENTS_SQLITE):
        cursor = driver.cursor()
        try:
            cursor.execute(INSERT_EVENTS_SQLITE, (json.dumps(bound),))
            last, count = int(cursor.lastrowid or 0), cursor.rowcount
        finally:
            cursor.close()
    if count != len(rows):
        raise RuntimeError(f"{count} of {len(rows)} delivery events inserted")
    return [(event_id, int(r[0]), r[1], read_at(r[2]), r[3], _read_back(r[4], None))
            for event_id, r in zip(range(last - count + 1, last + 1), bound, strict=True)]


# The COPY of `held` rows (:attr:`Journal.held`) runs as a replica would apply it:
# `session_replication_role = replica` fires no foreign key check, which cost the server
# ~3.5 µs an event (an index probe and a row lock on a row this transaction has just
# updated and holds locked, two events a message). Set and reset around the COPY alone
# (`set_config(…, true)` is SET LOCAL; a rollback undoes it too), so every other statement
# of the transaction checks its keys and fires its triggers; the foreign key still
# refuses any other writer's event of a missing delivery, and the deletion of a delivery
# that has events. The setting takes superuser or, since PostgreSQL 15, a grant
# (`GRANT SET ON PARAMETER session_replication_role`); without either, the checks run.
AS_REPLICA = "SELECT set_config('session_replication_role', 'replica', true)"
AS_ORIGIN = "SELECT set_config('session_replication_role', 'origin', true)"
MAY_SKIP_CHECKS = ("SELECT current_setting('is_superuser') = 'on' OR "
                   "has_parameter_privilege('session_replication_role', 'SET')")


def may_skip_checks() -> bool:
    """Whether the session's connection's role may set `session_replication_role`
    (PostgreSQL; asked once a pooled connection, kept in its `info`); False on a
    server before 15, which has no parameter privileges."""
    connection = db.session.connection()
    may = connection.info.get("may_skip_event_checks")
    if may is None:
        may = False
        driver = connection.connection.driver_connection
        assert driver is not None
        if driver.info.server_version >= 150000:
            with driver.cursor() as cursor, driver_errors(connection, MAY_SKIP_CHECKS):
                cursor.execute(MAY_SKIP_CHECKS)
                may = bool(cursor.fetchone()[0])
        connection.info["may_skip_event_checks"] = may
    return bool(may)


def _copy_events(rows: list[dict[str, Any]], held: bool = False) -> list[tuple[Any, ...]]:
    """:func:`_insert_events` by COPY, in the session's transaction (PostgreSQL).

    The same column values as the INSERT: ids from the column's own sequence,
    drawn as one run first and given to the rows in order (the INSERT's default
    numbered them in the same order), times as the column binds them, and the
    detail as the same JSON text (`json.dumps` of the value, as the INSERT's
    parameter carried it). Returns what RETURNING would have: the detail as
    read back from that text. Both statements go to psycopg itself:
    SQLAlchemy's result handling cost ~2 µs an id. `held` rows are copied with no
    foreign key check where the role may (:data:`AS_REPLICA`)."""
    session = db.session
    dialect = session.get_bind().dialect
    bind_at = bulk.memo(EVENTS.c.at.type.dialect_impl(dialect).bind_processor(dialect))
    assert bind_at is not None
    connection = session.connection()
    driver = connection.connection.driver_connection  # psycopg's, in the session's transaction
    assert driver is not None
    with driver.cursor() as cursor:
        with driver_errors(connection, NEXT_EVENT_IDS):
            cursor.execute(NEXT_EVENT_IDS, (len(rows),))
            last = int(cursor.fetchone()[0])
        ids = range(last - len(rows) + 1, last + 1)
        stored = [(event_id, r["delivery_id"], r["status"], bind_at(r["at"]),
                   r["provider_event_id"], _detail_text(r["detail"]))
                  for event_id, r in zip(ids, rows, strict=True)]
        replica = held and may_skip_checks()
        if replica:
            with driver_errors(connection, AS_REPLICA):
                cursor.execute(AS_REPLICA)
        with driver_errors(connection, COPY_EVENTS), cursor.copy(COPY_EVENTS) as copy:
            copy.set_types(COPY_TYPES)
            for row in stored:
                copy.write_row(row)
        if replica:
            with driver_errors(connection, AS_ORIGIN):
                cursor.execute(AS_ORIGIN)
    return [(*row[:5], _read_back(r["detail"], row[5]))
            for r, row in zip(rows, stored, strict=True)]


def _record_events(events: list[dict[str, Any]], incident_id: int | None, source: str,
                   held: bool) -> int:
    rows = [{"provider_event_id": None, **e} for e in events]
    # A webhook delivered twice is stored once (the provider event id is unique).
    deduplicate = any(r["provider_event_id"] for r in rows)
    # The digest covers what was stored, as RETURNING gives it back (or COPY wrote it).
    stored = [(int(r[0]), int(r[1]), str(r[2]), r[3], r[4], r[5])
              for r in _insert_events(rows, deduplicate, held)]
    if not stored:
        return 0
    ids = [event[0] for event in stored]
    with step("audit"):
        digest = audit.events_digest(stored)
        # The chain lock is held since record_events took it before the insert.
        audit.append_locked("deliveries.batch",
                            actor="worker" if source == "worker" else source,
                            actor_role="system", incident_id=incident_id,
                            data={"events": len(ids), "first_event_id": min(ids),
                                  "last_event_id": max(ids), "events_hash": digest,
                                  **({} if source == "worker" else {"source": source})})
    return len(ids)


Row = tuple[int, str, int | None, int | None]  # id, channel, incident_id, complaint_id
RETURNING = (DELIVERIES.c.id, DELIVERIES.c.channel, DELIVERIES.c.incident_id,
             DELIVERIES.c.complaint_id)


def move(where: ColumnElement[bool], target: str, values: dict[str, Any], journal: Journal,
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


def in_chunks(ids: Iterable[int]) -> list[list[int]]:
    ids = list(ids)
    return [ids[i:i + CHUNK] for i in range(0, len(ids), CHUNK)]

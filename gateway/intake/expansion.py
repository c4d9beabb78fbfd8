"""Expansion: turn an incident's audience into delivery rows.

Pages through the audience by keyset, inserts delivery rows in bulk and
commits per chunk, so the first messages can go out while the rest is still
being expanded, and a crash part-way is finished by running it again: the
unique (incident, customer, channel, message) key makes re-inserts no-ops.
The audience is the snapshot written at intake or, for an incident whose
snapshot is still pending (`Incident.snapshot_pending`), the customers its
criteria match up to its horizon, each chunk added to the snapshot in the
transaction that writes its deliveries (the snapshot's key makes that a
no-op on a re-run too).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Row, exists, select, update

from ..compensation import promises
from ..customers.models import Customer, Suppression
from ..customers.suppressions import CONTACT_FIELD, address_hash, suppressed_hashes
from ..delivery import service as delivery
from ..delivery.batching import whole_batches
from ..delivery.channels import Planner
from ..delivery.models import Delivery
from ..delivery.quiet_hours import release_at
from ..incidents.audience import Audience, add_to_snapshot, criteria_query, walk
from ..incidents.models import Incident, Recipient
from ..store.db import commit_and_begin_read_only, db, utcnow
from . import render_check

FIRST_CHUNK = 50  # a small first chunk gets the first message out fastest
CHUNK = 2000  # later chunks grow fourfold up to this

OnQueued = Callable[[Incident, list[tuple[int, str]]], None]


CUSTOMERS = Customer.__table__
# Only what channel planning needs: plain rows, no ORM instances or JSON attributes.
PLAN_COLUMNS = (CUSTOMERS.c.id, CUSTOMERS.c.channels, CUSTOMERS.c.timezone,
                *(CUSTOMERS.c[field] for field in sorted(set(CONTACT_FIELD.values()))))


def insert_ignoring_duplicates(rows: list[dict[str, Any]]) -> None:
    delivery.create_deliveries(rows)  # Core executemany: no ORM bookkeeping


def _suppressed(incident: Incident, customers: list[Row[Any]]
                ) -> tuple[set[tuple[str, str]], set[int]]:
    """Opt-outs among these customers' addresses on the incident's channels, and the
    ids of the customers they belong to; hashing is skipped while nobody has opted
    out (send time checks again anyway)."""
    if not db.session.execute(select(exists().select_from(Suppression))).scalar():
        return set(), set()
    fields = [(ch, CONTACT_FIELD[ch]) for ch in incident.channels]
    hashes = {c.id: {(ch, address_hash(ch, getattr(c, field)))
                     for ch, field in fields if getattr(c, field)} for c in customers}
    suppressed = suppressed_hashes(set().union(*hashes.values()))
    return suppressed, {i for i, own in hashes.items() if not own.isdisjoint(suppressed)}


def _delivery_rows(incident: Incident, customers: list[Row[Any]]
                   ) -> tuple[dict[str, Any], list[tuple[Any, ...]]]:
    """The chunk's delivery rows: the values every row shares, and each row's own
    (`delivery.EXPANSION_VARYING`'s columns, in order)."""
    now = utcnow()
    suppressed, opted_out = _suppressed(incident, customers)
    kind, severity = incident.kind, incident.severity
    planner = Planner(list(incident.channels), severity == "critical", suppressed,
                      kind=kind, severity=severity)
    release: dict[str, Any] = {}  # per timezone: the same for every customer in it
    rows: list[tuple[Any, ...]] = []
    for customer in customers:
        plan = planner.plan(customer, customer.id in opted_out)
        for channel, reason in plan.skipped:
            rows.append((customer.id, channel, "suppressed", reason, now, None, None))
        if not plan.send:
            continue
        if customer.timezone not in release:
            release[customer.timezone] = release_at(severity, customer.timezone, now)
        wait_until = release[customer.timezone]
        for channel in plan.send:
            rows.append((customer.id, channel, "queued", None, None, None, None)
                        if wait_until is None else
                        (customer.id, channel, "deferred", None, None, "quiet_hours",
                         wait_until))
    shared = {"incident_id": incident.id, "message": 0, "purpose": "notice", "queued_at": now,
              "updated_at": now, "attempts": 0}
    return shared, rows


def _chunk(incident: Incident, after: int, size: int, span: int
           ) -> tuple[list[Row[Any]], int, int]:
    """The next (up to) `size` customers of the audience after customer id `after`, as
    plan rows; the id read up to and the id span to read next (see `audience.walk`)."""
    if incident.snapshot_pending:
        query = (criteria_query(Audience.model_validate(incident.audience), live=False)
                 .with_only_columns(*PLAN_COLUMNS, CUSTOMERS.c.erased_at)
                 .order_by(CUSTOMERS.c.id))
        return walk(query, after, incident.audience_through or 0, size, max(span, size),
                    eager=after == 0)
    rows = list(db.session.execute(
        select(*PLAN_COLUMNS).join(Recipient, Recipient.customer_id == CUSTOMERS.c.id)
        .where(Recipient.incident_id == incident.id, Recipient.customer_id > after)
        .order_by(Recipient.customer_id).limit(size)).all())
    return rows, int(rows[-1].id) if rows else after, span


def first_chunk_at_intake(incident: Incident) -> None:
    """Write the first chunk of an incident that goes out at once in the POST's own
    transaction, so its send jobs are enqueued with the expansion job
    (`dispatch.start`) instead of after it: one RQ hand-off less before the
    first message. Expansion goes on after `expanded_through`. Only for a
    snapshot still pending (written by expansion); the rest is unchanged."""
    if not incident.snapshot_pending:
        return
    customers, read_to, _ = _chunk(incident, 0, FIRST_CHUNK, FIRST_CHUNK)
    if customers:
        ids = [c.id for c in customers]
        add_to_snapshot(incident.id, ids)
        delivery.insert_expansion(*_delivery_rows(incident, customers))
        promise = promises.promise_for(incident)
        if promise and (owed := promise.rows(ids)):
            promises.record_promises(promise, owed)
    incident.expanded_through = read_to


def first_chunk_queued(incident: Incident) -> list[tuple[int, str]]:
    """The queued (delivery id, channel) pairs of the chunk written at intake."""
    if incident.expanded_through is None:
        return []
    return [(int(i), str(c)) for i, c, status in db.session.execute(
        select(Delivery.id, Delivery.channel, Delivery.status).where(
            Delivery.incident_id == incident.id, Delivery.message == 0,
            Delivery.customer_id <= incident.expanded_through)) if status == "queued"]


def expand(incident_id: int, on_queued: OnQueued | None = None) -> int:
    """Create the incident's first-notice rows; returns how many were inserted.

    `on_queued` gets each committed chunk's queued (delivery id, channel)
    pairs, so sending starts before expansion ends. Each chunk is read and
    planned in a read-only transaction and written in a short one, so the
    send jobs' claims never wait for planning (SQLite has one writer).
    """
    commit_and_begin_read_only()
    incident = db.session.get(Incident, incident_id)
    if incident is None or incident.status != "dispatching":
        db.session.rollback()
        return 0
    held = _Held(incident)
    try:
        return _expand(incident, on_queued, held)
    finally:
        if held.pairs and on_queued:  # expansion ended, or stopped: what is left goes
            on_queued(held.incident, held.pairs)


@dataclass
class _Held:
    """Queued, committed rows not in a send job yet, and their (detached) incident."""

    incident: Incident
    pairs: list[tuple[int, str]] = field(default_factory=list)


def _expand(incident: Incident, on_queued: OnQueued | None, held: _Held) -> int:
    """`expand`'s chunks. Once chunks are full-sized (CHUNK), a chunk's queued rows go
    to `on_queued` only as whole send jobs of their channel: each channel's part-filled
    last job waits in `held` for the next chunk's rows (a 2,000-customer chunk
    otherwise cut its ~2,000 rows into four jobs, half of them short, and RQ's
    handling and a job's own fixed costs come per job). The rows are committed
    `queued` meanwhile; `expand` hands over what is held when it ends, however it
    ends, and a worker killed in between leaves them to the expansion's re-run
    (`restart_lost_expansions`), which queues every still-queued row of each chunk
    again, and to `requeue_forgotten`."""
    incident_id = incident.id
    promise = promises.promise_for(incident)  # None without a compensation policy
    after, size, span, created = 0, FIRST_CHUNK, FIRST_CHUNK, 0
    if incident.expanded_through is not None:  # the POST wrote the first chunk
        after, size = incident.expanded_through, FIRST_CHUNK * 4
    checked = False
    while True:
        commit_and_begin_read_only()
        incident = db.session.get_one(Incident, incident_id)
        if incident.status != "dispatching":  # canceled while expanding
            db.session.rollback()
            return created
        pending = incident.snapshot_pending
        customers, read_to, span = _chunk(incident, after, size, span)
        if not customers:
            break
        ids = [c.id for c in customers]
        shared, rows = _delivery_rows(incident, list(customers))
        owed = promise.rows(ids) if promise else []
        db.session.expunge(incident)  # keeps its loaded attributes for on_queued
        db.session.commit()
        if pending:
            add_to_snapshot(incident_id, ids)
        inserted = delivery.insert_expansion(shared, rows)
        created += len(inserted)
        if promise and owed:  # committed with the deliveries: no message without its amount
            promises.record_promises(promise, owed)
        if len(inserted) < len(rows):
            # Some rows were there already (a re-run after a crash): read the chunk's rows.
            # Status is checked here, not in SQL: filtering on it makes SQLite walk the
            # (incident, status) index over every queued row so far (quadratic at 1M).
            chunk_rows = [(i, c, s) for i, c, s in db.session.execute(
                select(Delivery.id, Delivery.channel, Delivery.status).where(
                    Delivery.incident_id == incident_id, Delivery.customer_id.in_(ids),
                    Delivery.message == 0)).all()]
        else:
            chunk_rows = [(i, c, s) for i, _, c, s in inserted]
        db.session.commit()
        queued = [*held.pairs, *((int(i), str(c)) for i, c, status in chunk_rows
                                 if status == "queued")]
        held.incident, held.pairs = incident, []
        if size >= CHUNK:
            queued, held.pairs = whole_batches(queued)
        if on_queued and queued:
            on_queued(incident, queued)
        if not checked:  # the first chunk is on its way; the check's renders do not delay it
            commit_and_begin_read_only()
            render_check.run(incident)
            checked = True
        after, size = read_to, min(CHUNK, size * 4)
    if not checked:  # the POST's chunk was the whole audience
        commit_and_begin_read_only()
        render_check.run(db.session.get_one(Incident, incident_id))
    db.session.rollback()
    db.session.execute(update(Incident).where(Incident.id == incident_id)
                       .values(expanded_at=utcnow(), snapshot_pending=False))
    db.session.commit()
    return created

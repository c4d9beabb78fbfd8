"""Expansion: turn an incident's audience snapshot into delivery rows.

Pages through the snapshot by keyset, inserts delivery rows in bulk and
commits per chunk, so the first messages can go out while the rest is still
being expanded, and a crash part-way is finished by running it again: the
unique (incident, customer, channel, message) key makes re-inserts no-ops.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..domain.channels import plan_channels
from ..domain.quiet_hours import release_at
from ..domain.suppressions import CONTACT_FIELD, address_hash, suppressed_hashes
from ..store.db import db, utcnow
from ..store.models import Customer, Delivery, Incident, Recipient
from . import render_check

FIRST_CHUNK = 50  # a small first chunk gets the first message out fastest
CHUNK = 2000

OnQueued = Callable[[Incident, list[tuple[int, str]]], None]


def insert_ignoring_duplicates(rows: list[dict[str, Any]]) -> None:
    dialect = db.session.get_bind().dialect.name
    stmt = (pg_insert if dialect == "postgresql" else sqlite_insert)(Delivery)
    db.session.execute(stmt.on_conflict_do_nothing(), rows)


def _delivery_rows(incident: Incident, customers: list[Customer]) -> list[dict[str, Any]]:
    now = utcnow()
    pairs = {(ch, address_hash(ch, getattr(c, field)))
             for c in customers for ch, field in CONTACT_FIELD.items() if getattr(c, field)}
    suppressed = suppressed_hashes(pairs)
    rows = []
    base = {"incident_id": incident.id, "message": 0, "purpose": "notice",
            "queued_at": now, "updated_at": now, "attempts": 0}
    for customer in customers:
        plan = plan_channels(customer, incident.channels, incident.severity == "critical",
                             suppressed)
        for channel, reason in plan.skipped:
            rows.append({**base, "customer_id": customer.id, "channel": channel,
                         "status": "suppressed", "failure_reason": reason, "failed_at": now})
        wait_until = release_at(incident.severity, customer.timezone, now)
        for channel in plan.send:
            row = {**base, "customer_id": customer.id, "channel": channel, "status": "queued"}
            if wait_until is not None:
                row.update(status="deferred", deferred_reason="quiet_hours",
                           next_attempt_at=wait_until)
            rows.append(row)
    return rows


def expand(incident_id: int, on_queued: OnQueued | None = None) -> int:
    """Create the incident's first-notice rows; returns how many were inserted.

    `on_queued` gets each committed chunk's queued (delivery id, channel)
    pairs, so sending starts before expansion ends.
    """
    incident = db.session.get(Incident, incident_id)
    if incident is None or incident.status != "dispatching":
        return 0
    render_check.run(incident)
    after, size, created = 0, FIRST_CHUNK, 0
    while True:
        ids = db.session.execute(
            select(Recipient.customer_id)
            .where(Recipient.incident_id == incident_id, Recipient.customer_id > after)
            .order_by(Recipient.customer_id).limit(size)
        ).scalars().all()
        if not ids:
            break
        customers = db.session.execute(select(Customer).where(Customer.id.in_(ids))).scalars().all()
        rows = _delivery_rows(incident, list(customers))
        if rows:
            insert_ignoring_duplicates(rows)
            created += len(rows)
        queued = db.session.execute(
            select(Delivery.id, Delivery.channel).where(
                Delivery.incident_id == incident_id, Delivery.message == 0,
                Delivery.status == "queued", Delivery.customer_id.in_(ids))
        ).all()
        db.session.commit()
        db.session.expunge_all()
        incident = db.session.get_one(Incident, incident_id)
        if on_queued and queued:
            on_queued(incident, [(int(i), str(c)) for i, c in queued])
        after, size = ids[-1], CHUNK
        if incident.status != "dispatching":  # canceled while expanding
            return created
    incident.expanded_at = utcnow()
    db.session.commit()
    return created

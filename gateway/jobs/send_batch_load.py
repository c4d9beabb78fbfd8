"""A claimed batch, loaded for sending: its deliveries, customers (as plain rows),
incidents, complaints and incident updates, read once per batch."""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from flask import current_app
from sqlalchemy import JSON, Dialect, and_, func, select, tuple_

from ..complaints.models import Complaint
from ..customers.models import Customer
from ..customers.suppressions import CONTACT_FIELD
from ..delivery.models import Delivery
from ..incidents.models import Incident, IncidentUpdate
from ..messages.render import Rendered
from ..providers.base import OutboundMessage
from ..store.db import db, on_driver

DELIVERIES = Delivery.__table__
CUSTOMERS = Customer.__table__
# What sending reads, and no more: decoding unused JSON and timestamps cost more
# than the queries.
LOAD_DELIVERY = tuple(DELIVERIES.c[name] for name in (
    "id", "incident_id", "complaint_id", "customer_id", "channel", "message", "purpose",
    "provider", "attempts", "possibly_sent_at", "possibly_sent_cause"))
LOAD_CUSTOMER = tuple(CUSTOMERS.c[name] for name in (
    "id", "external_id", "name", "locale", "timezone", "attributes",
    *sorted(set(CONTACT_FIELD.values()))))


@dataclass
class Work:
    """One claimed delivery on its way to a provider."""

    delivery: Delivery
    customer: Customer
    incident: Incident | None  # its columns as a plain row (load); None for a complaint's messages
    provider_index: int
    attempts: int  # calls to the current provider so far
    complaint: Complaint | None = None
    message: OutboundMessage | None = None
    rendered: Rendered | None = None


@cache
def _plain_type(fields: tuple[str, ...]) -> Any:
    return namedtuple("Plain", fields)  # type: ignore[misc]  # fields known at run time


def _plain(rows: Sequence[Any]) -> list[Any]:
    """Rows as namedtuples: a Row's attribute takes ~0.5 µs (SQLAlchemy's Python
    path here), a namedtuple's 0.08, and deliveries and customers are read 10-20
    times each on their way to the provider."""
    if not rows:
        return []
    make = _plain_type(tuple(rows[0]._fields))._make
    return [make(row) for row in rows]


@cache
def _incident_fields() -> tuple[str, ...]:
    return tuple(a.key for a in Incident.__mapper__.column_attrs)


def _plain_incident(incident: Incident) -> Any:
    """An incident's columns as a namedtuple: a batch's messages read their
    incident ~13 times each (id, kind, severity, facts, require_ack, …), ~0.4 µs
    an ORM attribute against 0.08. Nothing here writes to it."""
    fields = _incident_fields()
    return _plain_type(fields)._make([getattr(incident, name) for name in fields])


# Customers by id, as fixed SQL on the driver: the ids travel as one parameter
# that the database takes apart. An expanded `IN (…)` of a batch's ids made
# SQLAlchemy render, and psycopg parse again, a statement of ~20 bytes an id:
# 250 customers took 2.0 ms of CPU on PostgreSQL that way, 0.6 now (SQLite 0.86 -> 0.56).
_CUSTOMER_NAMES = ", ".join(c.name for c in LOAD_CUSTOMER)
LOAD_CUSTOMERS = {
    "postgresql": f"SELECT {_CUSTOMER_NAMES} FROM customers WHERE id = ANY(CAST(%s AS BIGINT[]))",
    "sqlite": f"SELECT {_CUSTOMER_NAMES} FROM customers WHERE id IN "
              "(SELECT value FROM json_each(%s))",
}


@cache
def _customer_processors(dialect: Dialect) -> tuple[tuple[int, Any], ...]:
    """(position, result processor) of the customer columns whose driver value
    SQLAlchemy would convert (on SQLite the JSON text; none on psycopg, which
    parses JSON itself)."""
    found = []
    for i, column in enumerate(LOAD_CUSTOMER):
        processor = column.type.dialect_impl(dialect).result_processor(dialect, None)
        if processor is not None:
            assert isinstance(column.type, JSON), column  # only JSON is parsed per row
            found.append((i, processor))
    return tuple(found)


def _customers(ids: set[int]) -> list[Any]:
    """The customers of `ids` as plain rows with LOAD_CUSTOMER's fields, the values
    as a Core SELECT of those columns gives them."""
    dialect = db.session.get_bind().dialect
    if dialect.name == "postgresql":
        param = "{" + ",".join(str(int(i)) for i in ids) + "}"
    else:
        param = "[" + ",".join(str(int(i)) for i in ids) + "]"
    make = _plain_type(tuple(c.name for c in LOAD_CUSTOMER))._make
    processors = _customer_processors(dialect)
    rows = on_driver(LOAD_CUSTOMERS[dialect.name], (param,))
    if not processors:
        return [make(row) for row in rows]
    out = []
    for row in rows:
        values = list(row)
        for i, processor in processors:
            values[i] = processor(values[i])
        out.append(make(values))
    return out


def load(deliveries: Sequence[Any], channel: str) -> list[Work]:
    """Customers as plain rows (no ORM instances: this runs for every message),
    incidents once per batch (as plain rows too), for the deliveries the claim
    returned."""
    chain = current_app.config["GATEWAY"].providers_for(channel)
    deliveries = _plain(deliveries)
    customers = {row.id: row for row in _customers({d.customer_id for d in deliveries})}
    incidents = {i.id: _plain_incident(i) for i in db.session.execute(
        select(Incident).where(Incident.id.in_({d.incident_id for d in deliveries}))).scalars()}
    complaint_ids = {d.complaint_id for d in deliveries if d.complaint_id is not None}
    complaints = {c.id: c for c in db.session.execute(
        select(Complaint).where(Complaint.id.in_(complaint_ids))).scalars()
    } if complaint_ids else {}
    db.session.expunge_all()  # read-only from here: outcomes are written in bulk
    return [Work(d, customers[d.customer_id], incidents.get(d.incident_id),  # type: ignore[arg-type]
                 chain.index(d.provider) if d.provider in chain else 0, d.attempts,
                 complaint=complaints.get(d.complaint_id))
            for d in deliveries]


def updates_for(works: list[Work]) -> dict[tuple[int, int], IncidentUpdate]:
    wanted = {(w.incident.id, w.delivery.message) for w in works
              if w.incident and w.delivery.message > 0}
    # A first notice (or escalation) that leaves after updates were posted is
    # rendered with the latest stage: keyed (incident, 0).
    latest = {w.incident.id for w in works
              if w.incident and w.delivery.message == 0 and w.incident.stage}
    found: dict[tuple[int, int], IncidentUpdate] = {}
    if wanted:
        rows = db.session.execute(select(IncidentUpdate).where(
            tuple_(IncidentUpdate.incident_id, IncidentUpdate.seq).in_(wanted))).scalars()
        found.update({(u.incident_id, u.seq): u for u in rows})
    if latest:
        newest = select(IncidentUpdate.incident_id,
                        func.max(IncidentUpdate.seq).label("seq")).where(
            IncidentUpdate.incident_id.in_(latest), IncidentUpdate.purpose == "update"
        ).group_by(IncidentUpdate.incident_id).subquery()
        rows = db.session.execute(select(IncidentUpdate).join(newest, and_(
            newest.c.incident_id == IncidentUpdate.incident_id,
            newest.c.seq == IncidentUpdate.seq))).scalars()
        found.update({(u.incident_id, 0): u for u in rows})
    return found

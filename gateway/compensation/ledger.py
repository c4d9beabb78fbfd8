"""The ledger, read: an incident's entries page by page (API, exports) and one
customer's promises (the customer record)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Select, select

from .. import exports
from ..customers.service import external_ids
from ..store.db import db
from .amounts import amount_text
from .models import CompensationPolicy, LedgerEntry

LEDGER_FIELDS = ("id", "customer_id", "amount", "currency", "due_date", "status", "paid_at",
                 "policy", "policy_version", "basis", "promised_at", "new_due_date", "reference")
EXPORT_PAGE = 2000
L = LedgerEntry.__table__.c
POLICIES = CompensationPolicy.__table__
P = POLICIES.c


def read_ledger(conn: Connection, incident_id: int, after: int | None, limit: int,
                status: str | None = None) -> tuple[list[dict[str, Any]], int | None]:
    """Up to `limit` entries after ledger id `after` (keyset), and the id to go on from."""
    query = _entries_query().where(L.incident_id == incident_id).limit(limit + 1)
    if after is not None:
        query = query.where(L.id > after)
    if status:
        query = query.where(L.status == status)
    rows = conn.execute(query).all()
    more = len(rows) > limit
    rows = rows[:limit]
    return _entries(conn, rows), (rows[-1].id if more and rows else None)


def customer_ledger(customer_id: int) -> list[dict[str, Any]]:
    """One customer's promises, every incident, newest first (the customer record)."""
    conn = db.session.connection()
    rows = conn.execute(_entries_query().where(L.customer_id == customer_id)
                        .order_by(None).order_by(L.id.desc())).all()
    return _entries(conn, rows)


def _entries_query() -> Select[Any]:
    return (select(L.id, L.incident_id, L.customer_id, L.amount_units, L.currency, L.due_date,
                   L.status, L.paid_at, L.basis, L.promised_at, L.new_due_date, L.reference,
                   P.name, P.version)
            .join(POLICIES, P.id == L.policy_id).order_by(L.id))


def _entries(conn: Connection, rows: Sequence[Any]) -> list[dict[str, Any]]:
    external = external_ids(conn, {r.customer_id for r in rows})
    return [{"id": r.id, "incident_id": r.incident_id, "customer_id": external.get(r.customer_id),
             "amount": amount_text(r.amount_units), "currency": r.currency,
             "due_date": r.due_date.isoformat(), "status": r.status,
             "paid_at": exports.iso(r.paid_at), "policy": r.name,
             "policy_version": r.version, "basis": r.basis,
             "promised_at": exports.iso(r.promised_at),
             "new_due_date": r.new_due_date.isoformat() if r.new_due_date else None,
             "reference": r.reference} for r in rows]


def ledger_page(incident_id: int, after: int | None, limit: int, status: str | None
                ) -> tuple[list[dict[str, Any]], int | None]:
    return read_ledger(db.session.connection(), incident_id, after, limit, status)


def iter_ledger(incident_id: int, status: str | None = None) -> Iterator[list[dict[str, Any]]]:
    """Every entry, page by page, for the CSV and NDJSON exports."""
    return exports.stream_pages(
        lambda conn, after: read_ledger(conn, incident_id, after, EXPORT_PAGE, status))

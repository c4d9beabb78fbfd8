"""Searching the audit trail and the delivery log (the API's `/v1/audit` and the
console's audit page); reads only."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import String, cast, select

from ..audit.models import AuditRecord
from ..customers.models import Customer
from ..delivery.models import Delivery
from ..store.db import db, matching, within


def chain_page(limit: int, *, after: int | None = None, incident: int | None = None,
               action: str | None = None, since: datetime | None = None,
               until: datetime | None = None) -> tuple[Sequence[Any], int | None]:
    """Records in chain order after the record `after`, and the cursor of the next page."""
    table = AuditRecord.__table__
    stmt = select(table).order_by(table.c.id).limit(limit + 1)
    if after is not None:
        stmt = stmt.where(table.c.id > after)
    stmt = matching(stmt, (table.c.incident_id, incident), (table.c.action, action))
    rows = db.session.execute(within(stmt, table.c.at, since, until)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].id if more and rows else None)


def newest_records(limit: int, *, before: int | None = None, incident: int | None = None,
                   action: str = "", customer: str = "", since: datetime | None = None,
                   until: datetime | None = None) -> tuple[list[AuditRecord], int | None]:
    """Records newest first, before the record `before`, and where the next page starts.
    `customer` is an external id: audit data names customers by it only."""
    stmt = select(AuditRecord).order_by(AuditRecord.id.desc()).limit(limit + 1)
    if before is not None:
        stmt = stmt.where(AuditRecord.id < before)
    stmt = matching(stmt, (AuditRecord.incident_id, incident), (AuditRecord.action, action))
    if customer:
        needle = customer.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(cast(AuditRecord.data, String).like(f'%"{needle}"%', escape="\\"))
    rows = list(db.session.execute(within(stmt, AuditRecord.at, since, until)).scalars())
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].id if more and rows else None)


def newest_deliveries(limit: int, *, incident: int | None = None, customer: str = "",
                      status: str = "", channel: str = "", since: datetime | None = None,
                      until: datetime | None = None) -> list[Any]:
    """(Delivery, the customer's external id), newest first; `since`/`until` bound
    when they were queued."""
    stmt = (select(Delivery, Customer.external_id)
            .join(Customer, Customer.id == Delivery.customer_id)
            .order_by(Delivery.id.desc()).limit(limit))
    stmt = matching(stmt, (Delivery.incident_id, incident), (Customer.external_id, customer),
                    (Delivery.status, status), (Delivery.channel, channel))
    return list(db.session.execute(within(stmt, Delivery.queued_at, since, until)).all())

"""Compensation's part of the incident report: per currency, promised, paid,
on time, overdue, broken promises and days to pay, computed in the database."""

from __future__ import annotations

import math
from typing import Any

from sqlalchemy import func, select

from ..store.db import db
from .amounts import amount_text
from .models import IncidentCompensation, LedgerEntry

L = LedgerEntry.__table__.c

def _days_to_pay(incident_id: int, currency: str, count: int) -> dict[str, float | None]:
    """Nearest-rank p50/p95 of promised → paid, in days, by ORDER BY/OFFSET in the database."""
    if db.session.get_bind().dialect.name == "postgresql":
        days = func.extract("epoch", L.paid_at - L.promised_at) / 86400.0
    else:
        days = func.julianday(L.paid_at) - func.julianday(L.promised_at)
    out: dict[str, float | None] = {"p50": None, "p95": None}
    for name, share in (("p50", 0.50), ("p95", 0.95)):
        if count:
            rank = max(math.ceil(share * count), 1) - 1
            value = db.session.execute(
                select(days).where(L.incident_id == incident_id, L.currency == currency,
                                   L.status == "paid").order_by(days).offset(rank).limit(1)
            ).scalar()
            out[name] = round(float(value), 2) if value is not None else None
    return out


def report(incident_id: int) -> dict[str, Any] | None:
    """Per currency: promised (all but canceled), paid, paid on time (by the due date,
    UTC), still open, overdue now, broken promises (paid late or ever overdue), and
    days from promise to payment p50/p95. Computed in the database; None without a policy."""
    pinned = db.session.get(IncidentCompensation, incident_id)
    if pinned is None:
        return None
    broken = L.overdue_at.is_not(None) | (L.paid_on_time.is_(False))
    rows = db.session.execute(
        select(L.currency, L.status, func.count(), func.sum(L.amount_units),
               func.count(L.paid_on_time).filter(L.paid_on_time.is_(True)),
               func.count().filter(broken))
        .where(L.incident_id == incident_id).group_by(L.currency, L.status)).all()
    names = {"promised": "open", "paid": "paid", "overdue": "overdue", "canceled": "canceled"}
    totals: dict[str, dict[str, Any]] = {}
    for currency, status, count, units, on_time, broken_count in rows:
        c = totals.setdefault(currency, {
            **{name: [0, 0] for name in ("promised", *names.values())},
            "paid_on_time": 0, "broken_promises": 0})
        for name in (names[status], *(("promised",) if status != "canceled" else ())):
            c[name][0] += int(count)
            c[name][1] += int(units or 0)
        c["paid_on_time"] += int(on_time or 0)
        c["broken_promises"] += int(broken_count or 0)
    currencies = {}
    for currency, c in sorted(totals.items()):
        currencies[currency] = {
            **{name: {"entries": c[name][0], "amount": amount_text(c[name][1])}
               for name in ("promised", *names.values())},
            "paid_on_time": c["paid_on_time"], "broken_promises": c["broken_promises"],
            "days_to_pay": _days_to_pay(incident_id, currency, c["paid"][0])}
    quoted = pinned.quote or {}
    return {"policy": quoted.get("policy"), "policy_version": quoted.get("policy_version"),
            "currencies": currencies}

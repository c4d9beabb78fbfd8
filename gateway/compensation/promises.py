"""The ledger written: one entry per compensated customer when the incident is
expanded (audited per chunk), and void for customers never reached when the
incident is canceled."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import exists, null, select, update

from ..audit import chain as audit
from ..customers.models import Customer
from ..delivery import states
from ..delivery.models import Delivery
from ..incidents.models import Incident
from ..store.db import affected, db, utcnow
from .amounts import amount_text, to_units
from .models import CompensationPolicy, IncidentCompensation, LedgerEntry
from .quotes import Plan

REACHED = states.IN_HANDS


@dataclass(frozen=True)
class Promise:
    """What expansion needs for an incident with a policy (loaded once per expansion)."""

    incident_id: int
    plan: Plan
    due_date: date

    def rows(self, customer_ids: Sequence[int]) -> list[dict[str, Any]]:
        """Ledger rows for this chunk: one read of the chunk's attributes, no per-row query."""
        now = utcnow()
        out = []
        tags = Customer.tags if self.plan.uses_tags else null().label("tags")
        for row in db.session.execute(select(Customer.id, tags, Customer.attributes)
                                      .where(Customer.id.in_(customer_ids))):
            outcome = self.plan.outcome(row.tags, row.attributes)
            if outcome.amount is None or outcome.currency is None:
                continue
            out.append({"incident_id": self.incident_id, "customer_id": row.id,
                        "policy_id": self.plan.policy_id, "amount_units": to_units(outcome.amount),
                        "currency": outcome.currency, "basis": outcome.basis,
                        "due_date": self.due_date, "status": "promised", "promised_at": now,
                        "updated_at": now})
        return out


def promise_for(incident: Incident) -> Promise | None:
    """None unless the incident pinned a policy (a primary-key lookup)."""
    pinned = db.session.get(IncidentCompensation, incident.id)
    if pinned is None:
        return None
    row = db.session.get_one(CompensationPolicy, pinned.policy_id)
    hours = Decimal(pinned.impact_hours) if pinned.impact_hours is not None else None
    start = incident.dispatched_at or utcnow()
    due = (start + timedelta(days=int(row.definition["pay_within_days"]))).date()
    return Promise(incident.id, Plan(row.id, row.name, row.version, dict(row.definition), hours),
                   due)


def entries_digest(rows: Iterable[Mapping[str, Any]], fields: Sequence[str]) -> str:
    digest = hashlib.sha256()
    for row in rows:
        digest.update(json.dumps([str(row[f]) for f in fields], separators=(",", ":")).encode())
        digest.update(b"\n")
    return digest.hexdigest()


def record_promises(promise: Promise, rows: list[dict[str, Any]]) -> None:
    """Insert a chunk's ledger rows (re-runs insert nothing) and chain one audit record."""
    # Here, not at the top: the send workers import this module, not delivery.tracking.
    from ..delivery.tracking import insert_ignoring

    inserted = insert_ignoring(LedgerEntry, rows, LedgerEntry.id)
    if not inserted:
        return
    totals: Counter[str] = Counter()
    for row in rows:
        totals[row["currency"]] += row["amount_units"]
    audit.append("compensation.promised", actor="worker", actor_role="system",
                 incident_id=promise.incident_id,
                 data={"entries": len(inserted), "first_id": min(inserted),
                       "last_id": max(inserted), "policy": promise.plan.name,
                       "policy_version": promise.plan.version,
                       "due_date": promise.due_date.isoformat(),
                       "totals": {c: amount_text(u) for c, u in sorted(totals.items())},
                       "entries_hash": entries_digest(rows, ("customer_id", "amount_units",
                                                             "currency", "due_date"))})


def cancel_unsent(incident: Incident, now: datetime) -> int:
    """Promises whose customer never got a message are void when the incident is canceled."""
    reached = exists().where(Delivery.incident_id == incident.id,
                             Delivery.customer_id == LedgerEntry.customer_id,
                             Delivery.message == 0, Delivery.status.in_(REACHED))
    result = db.session.execute(
        update(LedgerEntry).where(LedgerEntry.incident_id == incident.id,
                                  LedgerEntry.status == "promised", ~reached)
        .values(status="canceled", canceled_at=now, updated_at=now)
        .execution_options(synchronize_session=False))
    return affected(result)

"""What one customer's message says about their compensation: the ledger
entries of a send batch (one query) and the terms as templates show them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select

from ..messages.context import facts_for
from ..messages.formatting import money_text
from ..store.db import db
from .amounts import amount_text
from .models import LedgerEntry

MESSAGE_PURPOSES = ("compensation_paid", "compensation_overdue")


def uses_policy(facts: Mapping[str, Any]) -> bool:
    """Cheap test on an incident's stored facts (no validation)."""
    single = facts.get("en", facts) if isinstance(facts, Mapping) else {}
    comp = single.get("compensation") if isinstance(single, Mapping) else None
    return isinstance(comp, Mapping) and "policy" in comp


def entries_for(pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], dict[str, Any]]:
    """Ledger entries keyed (incident id, customer id): one query for a send batch."""
    wanted = set(pairs)
    if not wanted:
        return {}
    incidents = {i for i, _ in wanted}
    customers = {c for _, c in wanted}
    rows = db.session.execute(
        select(LedgerEntry.incident_id, LedgerEntry.customer_id, LedgerEntry.amount_units,
               LedgerEntry.currency, LedgerEntry.due_date, LedgerEntry.new_due_date,
               LedgerEntry.status)
        .where(LedgerEntry.incident_id.in_(incidents), LedgerEntry.customer_id.in_(customers)))
    return {(r.incident_id, r.customer_id): {
        "amount": amount_text(r.amount_units), "currency": r.currency,
        "when": (r.new_due_date or r.due_date).isoformat(), "status": r.status}
        for r in rows if (r.incident_id, r.customer_id) in wanted}


def message_terms(entry: Mapping[str, Any] | None, facts: Mapping[str, Any],
                  locale: str) -> dict[str, Any] | None:
    """This customer's compensation as templates show it (`facts.compensation`), with
    the amount formatted by Babel in the message's language (`locale`, the customer's,
    unless the facts had to fall back to en)."""
    if entry is None:
        return None
    chosen, used, _ = facts_for(facts, locale)
    comp = chosen.get("compensation") if isinstance(chosen, Mapping) else None
    description = comp.get("description") if isinstance(comp, Mapping) else None
    return {"description": description or "", "amount": entry["amount"],
            "currency": entry["currency"], "when": entry["when"],
            "money": money_text(entry["amount"], entry["currency"], used)}


def entry_of(incident_id: int, customer_id: int) -> dict[str, Any] | None:
    return entries_for([(incident_id, customer_id)]).get((incident_id, customer_id))

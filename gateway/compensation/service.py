"""Compensation's entry points at intake: pin the policy an incident's facts
name and quote it (`attach`, on create and every edit), what the audit keeps
of the quote, and the preview staff see before sending. Everything runs in
the caller's transaction; functions that create messages return the
(delivery id, channel) pairs to enqueue *after* the commit.

The rest of the area, by job: `policy_versions` (stored policies), `policy`
(the arithmetic), `quotes` (plan and cost), `promises` (ledger rows at
expansion, void on cancel), `customer_terms` (what a message says),
`payments` (paid and overdue), `ledger` (reads and exports), `report`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Select

from ..errors import ValidationFailed, validation_details
from ..incidents.audience import Audience
from ..incidents.models import Incident
from ..incidents.schemas import PolicyCompensation
from ..store.db import db, utcnow
from .amounts import amount_text, to_units
from .customer_terms import message_terms
from .models import IncidentCompensation
from .quotes import audience_ids, quote, recipients_of, resolve, terms_in


def attach(incident: Incident, customer_ids: Select[Any] | None = None
           ) -> dict[str, Any] | None:
    """Pin the policy the incident's facts name (latest version) and quote its audience
    (`customer_ids`: its customers' ids, by default its snapshot).

    Called at intake and on every edit (an edit is a new submission: latest
    version, fresh quote). Returns the quote, or None without a policy.
    """
    db.session.execute(IncidentCompensation.__table__.delete().where(
        IncidentCompensation.incident_id == incident.id))
    terms = terms_in(incident.facts)
    if terms is None:
        return None
    plan = resolve(terms)
    quoted = quote(plan, recipients_of(incident.id) if customer_ids is None else customer_ids)
    db.session.add(IncidentCompensation(
        incident_id=incident.id, policy_id=plan.policy_id, quote=quoted,
        impact_hours=None if plan.impact_hours is None else f"{plan.impact_hours:f}"))
    db.session.flush()
    return quoted


def audit_summary(quoted: Mapping[str, Any] | None) -> dict[str, Any]:
    """What an incident's audit record keeps of its quote (nothing without a policy)."""
    if not quoted:
        return {}
    return {"compensation": {"policy": quoted["policy"], "policy_version": quoted["policy_version"],
                             "totals": {c: v["total"] for c, v in quoted["currencies"].items()},
                             "missing": quoted["missing"]}}


def quote_for_incident(incident_id: int) -> dict[str, Any] | None:
    row = db.session.get(IncidentCompensation, incident_id)
    return dict(row.quote) if row else None


def check_facts(facts: Mapping[str, Any]) -> PolicyCompensation | None:
    """Validate a policy reference in raw facts (the console's form check)."""
    try:
        return terms_in(facts)
    except ValidationError as exc:
        raise ValidationFailed("The compensation is not valid.",
                               validation_details(exc, "facts.compensation.")) from exc


def preview(facts: Mapping[str, Any], audience: Audience | None,
            customer: Mapping[str, Any] | None, locale: str
            ) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """Before anything is sent: the quote over `audience` (when given) and what the
    sample `customer` would be promised, as a message shows it. (None, None) without a
    policy; 404 for an unknown policy, 409 for a missing impact."""
    terms = check_facts(facts)
    if terms is None:
        return None, None
    plan = resolve(terms)
    quoted = quote(plan, audience_ids(audience)) if audience is not None else None
    person = customer or {}
    outcome = plan.outcome(person.get("tags"), person.get("attributes"))
    due = (utcnow() + timedelta(days=int(plan.definition["pay_within_days"]))).date()
    entry = None if outcome.amount is None or outcome.currency is None else {
        "amount": amount_text(to_units(outcome.amount)), "currency": outcome.currency,
        "when": due.isoformat()}
    return quoted, message_terms(entry, facts, locale)

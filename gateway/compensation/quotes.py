"""Which policy an incident's facts name, pinned as a `Plan`, and what it will
cost over an audience (the quote), before anything is sent."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, select

from ..customers.models import Customer
from ..errors import Conflict, NotFound, ValidationFailed
from ..incidents.audience import Audience, criteria_query
from ..incidents.models import Recipient
from ..incidents.schemas import PolicyCompensation
from ..messages.context import is_keyed_by_locale
from ..store.db import db
from . import policy as rules
from .amounts import amount_text, to_units
from .policy_versions import latest_version

MISSING_LISTED = 20  # customer ids listed in a quote per problem; counts are complete
CHUNK = 2000


def terms_in(facts: Mapping[str, Any]) -> PolicyCompensation | None:
    """The policy `facts.compensation` names (facts keyed by locale: every locale the same)."""
    groups = list(facts.values()) if is_keyed_by_locale(facts) else [facts]
    terms = [PolicyCompensation.model_validate(comp)
             if isinstance(comp := group.get("compensation"), Mapping) and "policy" in comp
             else None for group in groups]
    if len({(t.policy, t.impact_hours) if t else None for t in terms}) > 1:
        raise ValidationFailed("Every locale's facts must name the same compensation policy "
                               "and impact.", [{"field": "facts.compensation",
                                                "message": "differs between locales"}])
    return terms[0] if terms else None


@dataclass(frozen=True)
class Plan:
    """A pinned policy version and impact: what expansion and quotes compute with."""

    policy_id: int
    name: str
    version: int
    definition: dict[str, Any]
    impact_hours: Decimal | None
    outcome: rules.Calculator = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "outcome", rules.Calculator(self.definition, self.impact_hours))

    @property
    def uses_tags(self) -> bool:
        return bool((self.definition.get("eligible") or {}).get("tags_any"))


def resolve(terms: PolicyCompensation) -> Plan:
    """The latest version of the named policy: 404 when there is none (as for any
    reference to a row that does not exist), 409 when the body would suit another
    policy but this one pays per hour of impact and no impact is given."""
    row = latest_version(terms.policy)
    if row is None:
        raise NotFound("The facts name a compensation policy that does not exist.",
                       [{"field": "facts.compensation.policy",
                         "message": f"no policy {terms.policy!r}"}])
    if row.definition["type"] == "percent_of_attribute" and terms.impact_hours is None:
        raise Conflict("This policy pays per hour of impact: say how long it lasted.",
                       [{"field": "facts.compensation.impact_hours",
                         "message": "required by a percent_of_attribute policy"}],
                       code="impact_hours_required")
    return Plan(row.id, row.name, row.version, dict(row.definition), terms.impact_hours)


def _customers(ids_query: Select[Any]) -> Iterator[Any]:
    chosen = ids_query.subquery()
    query = (select(Customer.id, Customer.external_id, Customer.tags, Customer.attributes)
             .join(chosen, chosen.c.id == Customer.id).order_by(Customer.id)
             .execution_options(yield_per=CHUNK))
    yield from db.session.execute(query)


def _spread(amounts: Counter[int]) -> dict[str, str]:
    """min, p50, p95, max (nearest rank) of amounts given as {units: customers}."""
    total = sum(amounts.values())
    ordered = sorted(amounts.items())
    out: dict[str, str] = {"min": amount_text(ordered[0][0]), "max": amount_text(ordered[-1][0])}
    for name, share in (("p50", 0.5), ("p95", 0.95)):
        rank, seen = max(1, -(-int(share * total * 1000) // 1000)), 0
        for units, n in ordered:
            seen += n
            if seen >= rank:
                out[name] = amount_text(units)
                break
    return out


def quote(plan: Plan, customer_ids: Select[Any]) -> dict[str, Any]:
    """Total cost and its distribution over these customers, before anything is sent."""
    by_currency: dict[str, Counter[int]] = {}
    counts: Counter[str] = Counter()
    missing_attributes: Counter[str] = Counter()
    missing_ids: list[str] = []
    for row in _customers(customer_ids):
        outcome = plan.outcome(row.tags, row.attributes)
        counts[outcome.basis] += 1
        if outcome.amount is not None and outcome.currency is not None:
            by_currency.setdefault(outcome.currency, Counter())[to_units(outcome.amount)] += 1
        elif outcome.basis == "missing":
            missing_attributes[outcome.missing or "?"] += 1
            if len(missing_ids) < MISSING_LISTED:
                missing_ids.append(row.external_id)
    currencies = {}
    for currency, amounts in sorted(by_currency.items()):
        units = sum(u * n for u, n in amounts.items())
        currencies[currency] = {"customers": sum(amounts.values()), "total": amount_text(units),
                                **_spread(amounts)}
    return {
        "policy": plan.name, "policy_version": plan.version,
        "impact_hours": None if plan.impact_hours is None else f"{plan.impact_hours:f}",
        "customers": sum(counts.values()),
        "compensated": counts["computed"] + counts["fallback"], "fallback": counts["fallback"],
        "ineligible": counts["ineligible"], "zero": counts["zero"],
        "missing": counts["missing"], "missing_attributes": dict(missing_attributes),
        "missing_customer_ids": missing_ids,
        "hold": plan.definition.get("missing_attribute") == "hold" and counts["missing"] > 0,
        "currencies": currencies,
    }


def approval_reasons(quoted: Mapping[str, Any] | None, threshold: Decimal | None) -> list[str]:
    """Compensation's part of the approval rule (called by `incidents.approval_reasons`)."""
    if not quoted:
        return []
    reasons = []
    if threshold is not None and any(Decimal(c["total"]) > threshold
                                     for c in quoted["currencies"].values()):
        reasons.append("compensation_over_threshold")
    if quoted.get("hold"):
        reasons.append("compensation_missing_attribute")
    return reasons


def recipients_of(incident_id: int) -> Select[Any]:
    return select(Recipient.customer_id.label("id")).where(Recipient.incident_id == incident_id)


def audience_ids(audience: Audience) -> Select[Any]:
    """The live customers an audience matches now (no snapshot: previews and the console)."""
    if audience.customer_ids:
        return select(Customer.id).where(Customer.external_id.in_(audience.customer_ids),
                                         Customer.erased_at.is_(None))
    return criteria_query(audience)

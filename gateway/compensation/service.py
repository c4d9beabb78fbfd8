"""Compensation as a kept promise: policies, quotes, the ledger, payments, overdue.

The one place for compensation rules; the API, console, expansion, the send
path and the scheduler call these functions and nothing else. Everything runs
in the caller's transaction; functions that create messages return the
(delivery id, channel) pairs to enqueue *after* the commit.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from flask import current_app
from pydantic import ValidationError
from sqlalchemy import Connection, Select, exists, func, null, select, update
from sqlalchemy.exc import IntegrityError

from ..customers.models import Customer
from ..delivery import states
from ..delivery.models import Delivery
from ..domain import audit, delivery_log, lifecycle
from ..domain.audience import Audience, criteria_query
from ..errors import Conflict, NotFound, ValidationFailed, validation_details
from ..incidents.models import Incident, IncidentUpdate, Recipient
from ..messages.context import facts_for, is_keyed_by_locale
from ..messages.formatting import money_text
from ..store.db import affected, db, utcnow
from . import policy as rules
from .models import UNITS, CompensationPolicy, IncidentCompensation, LedgerEntry
from .schemas import PolicyCompensation, PolicyIn

log = logging.getLogger(__name__)
OVERDUE_GRACE_DAYS = 3  # the new date an overdue customer is given: today + this
MISSING_LISTED = 20  # customer ids listed in a quote per problem; counts are complete
CHUNK = 2000
SWEEP_LIMIT = 5000
MESSAGE_PURPOSES = ("compensation_paid", "compensation_overdue")
REACHED = states.IN_HANDS


def to_units(amount: Decimal) -> int:
    return int(amount * UNITS)


def from_units(units: int) -> Decimal:
    """The amount, with at least two decimals ('12.40', '1000.00', '0.125')."""
    value = Decimal(units).scaleb(-4).normalize()
    exponent = value.as_tuple().exponent
    return value.quantize(Decimal("0.01")) if isinstance(exponent, int) and exponent > -2 \
        else value


def amount_text(units: int) -> str:
    return f"{from_units(units):f}"


# -- policies -------------------------------------------------------------------------


def put_policy(name: str, body: PolicyIn, *, actor: str, actor_role: str) -> dict[str, Any]:
    """Store a new version of `name` unless it equals the latest (then that one is returned)."""
    definition = body.model_dump(mode="json", exclude_none=True)
    latest = _latest(name, lock=True)
    if latest is not None and latest.definition == definition:
        return policy_out(latest)
    row = CompensationPolicy(name=name, version=(latest.version + 1) if latest else 1,
                             definition=definition, created_by=actor)
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError as exc:  # a concurrent PUT took this version number first
        raise Conflict(f"Policy {name!r} was changed at the same time; read it and try again.",
                       code="policy_changed_concurrently") from exc
    audit.append("compensation.policy_saved", actor=actor, actor_role=actor_role,
                 data={"policy": name, "version": row.version, "definition": definition})
    return policy_out(row)


def _latest(name: str, lock: bool = False) -> CompensationPolicy | None:
    query = (select(CompensationPolicy).where(CompensationPolicy.name == name)
             .order_by(CompensationPolicy.version.desc()).limit(1))
    return db.session.execute(query.with_for_update() if lock else query).scalar_one_or_none()


def get_policy(name: str) -> dict[str, Any]:
    row = _latest(name)
    if row is None:
        raise NotFound(f"No compensation policy {name!r}.")
    return policy_out(row)


def policy_out(row: CompensationPolicy) -> dict[str, Any]:
    return {"name": row.name, "version": row.version, "definition": row.definition,
            "created_by": row.created_by, "created_at": row.created_at.isoformat()}


# -- incidents: which policy, and what it will cost -----------------------------------


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


def uses_policy(facts: Mapping[str, Any]) -> bool:
    """Cheap test on an incident's stored facts (no validation)."""
    single = facts.get("en", facts) if isinstance(facts, Mapping) else {}
    comp = single.get("compensation") if isinstance(single, Mapping) else None
    return isinstance(comp, Mapping) and "policy" in comp


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
    row = _latest(terms.policy)
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


def attach(incident: Incident) -> dict[str, Any] | None:
    """Pin the policy the incident's facts name (latest version) and quote its audience.

    Called at intake and on every edit (an edit is a new submission: latest
    version, fresh quote). Returns the quote, or None without a policy.
    """
    db.session.execute(IncidentCompensation.__table__.delete().where(
        IncidentCompensation.incident_id == incident.id))
    terms = terms_in(incident.facts)
    if terms is None:
        return None
    plan = resolve(terms)
    quoted = quote(plan, recipients_of(incident.id))
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


def audience_ids(audience: Audience) -> Select[Any]:
    """The live customers an audience matches now (no snapshot: previews and the console)."""
    if audience.customer_ids:
        return select(Customer.id).where(Customer.external_id.in_(audience.customer_ids),
                                         Customer.erased_at.is_(None))
    return criteria_query(audience)


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


# -- expansion: one ledger row per compensated customer --------------------------------


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


def _digest(rows: Iterable[Mapping[str, Any]], fields: Sequence[str]) -> str:
    digest = hashlib.sha256()
    for row in rows:
        digest.update(json.dumps([str(row[f]) for f in fields], separators=(",", ":")).encode())
        digest.update(b"\n")
    return digest.hexdigest()


def record_promises(promise: Promise, rows: list[dict[str, Any]]) -> None:
    """Insert a chunk's ledger rows (re-runs insert nothing) and chain one audit record."""
    from ..domain.tracking import insert_ignoring

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
                       "entries_hash": _digest(rows, ("customer_id", "amount_units", "currency",
                                                      "due_date"))})


# -- what a message says --------------------------------------------------------------


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


# -- payments -------------------------------------------------------------------------


def _reached(incident: Incident, customer_ids: list[int]) -> list[tuple[int, str]]:
    return lifecycle.reached_rows(incident, REACHED, customer_ids=customer_ids)


def _message(incident: Incident, purpose: str, customer_ids: list[int], now: datetime,
             actor: str) -> tuple[int | None, list[tuple[int, str]]]:
    """One message `purpose` to these customers, on the channel that reached each."""
    targets = _reached(incident, customer_ids)
    if not targets:
        return None, []
    seq = lifecycle.next_seq(incident)
    db.session.add(IncidentUpdate(incident_id=incident.id, seq=seq, purpose=purpose,
                                  stage=incident.stage or "investigating", message="",
                                  created_by=actor, recipients=len(targets), created_at=now))
    db.session.flush()
    # Not urgent: these wait for the customer's daytime like a survey does.
    return seq, lifecycle.create_messages(incident, seq, purpose, targets, now,
                                          quiet_severity="low")


def record_payments(incident: Incident, payments: Sequence[Any], *, actor: str, actor_role: str,
                    now: datetime | None = None) -> tuple[dict[str, Any], list[tuple[int, str]]]:
    """Mark entries paid (by ledger id or customer id); each newly paid customer is told.

    Already paid entries are listed, not changed (a billing system may resend
    a file); unknown ones are listed; nothing else is written for them.
    """
    now = now or utcnow()
    future = [{"field": f"[{i}].paid_at", "message": "lies in the future"}
              for i, p in enumerate(payments) if p.paid_at is not None and p.paid_at > now]
    if future:
        raise ValidationFailed("A payment cannot be confirmed before it happened.", future)
    by_external = _customer_ids({p.customer_id for p in payments if p.customer_id})
    entries = {e.id: e for e in db.session.execute(select(LedgerEntry).where(
        LedgerEntry.incident_id == incident.id,
        (LedgerEntry.id.in_({p.id for p in payments if p.id}))
        | LedgerEntry.customer_id.in_(set(by_external.values())))).scalars()}
    by_customer = {e.customer_id: e for e in entries.values()}
    paid: list[LedgerEntry] = []
    already, unknown, canceled = [], [], []
    for payment in payments:
        ref = {k: v for k, v in (("id", payment.id), ("customer_id", payment.customer_id)) if v}
        by_id = entries.get(payment.id) if payment.id else None
        by_cust = by_customer.get(by_external.get(payment.customer_id, -1)) \
            if payment.customer_id else None
        entry = by_id or by_cust
        if entry is None or (payment.id and payment.customer_id and by_id is not by_cust):
            unknown.append(ref)
        elif entry.status == "paid" or entry in paid:
            already.append({**ref, "id": entry.id, "paid_at": entry.paid_at.isoformat()
                            if entry.paid_at else None})
        elif entry.status == "canceled":
            canceled.append({**ref, "id": entry.id})
        else:
            entry.status, entry.paid_at = "paid", payment.paid_at or now
            entry.reference, entry.updated_at = payment.reference, now
            entry.paid_on_time = (entry.overdue_at is None  # told "we are late": broken
                                  and entry.paid_at.astimezone(UTC).date() <= entry.due_date)
            paid.append(entry)
    pairs: list[tuple[int, str]] = []
    seq = None
    if paid:
        db.session.flush()
        seq, pairs = _message(incident, "compensation_paid", [e.customer_id for e in paid], now,
                              actor)
        audit.append("compensation.paid", actor=actor, actor_role=actor_role,
                     incident_id=incident.id,
                     data={"entries": [e.id for e in paid], "message": seq,
                           "entries_hash": _digest(
                               [{"id": e.id, "paid_at": e.paid_at.isoformat(),
                                 "reference": e.reference} for e in paid if e.paid_at],
                               ("id", "paid_at", "reference"))})
    return ({"paid": len(paid), "already_paid": already, "unknown": unknown,
             "canceled": canceled, "message": seq}, pairs)


def _customer_ids(external_ids: set[str]) -> dict[str, int]:
    if not external_ids:
        return {}
    return {str(e): int(i) for e, i in db.session.execute(
        select(Customer.external_id, Customer.id).where(Customer.external_id.in_(external_ids))
        .order_by(Customer.id))}


# -- overdue ------------------------------------------------------------------------------


def check_overdue(now: datetime | None = None) -> dict[Incident, list[tuple[int, str]]]:
    """Entries past their (new) due date: mark `overdue`, give a new date, tell the customer.

    A due date is kept when paid on that day (UTC); the day after, the entry is
    overdue. Each run handles up to SWEEP_LIMIT entries; the next run the rest.
    """
    now = now or utcnow()
    today = now.date()
    late = db.session.execute(
        select(LedgerEntry).where(
            ((LedgerEntry.status == "promised") & (LedgerEntry.due_date < today))
            | ((LedgerEntry.status == "overdue") & (LedgerEntry.new_due_date < today)))
        .order_by(LedgerEntry.incident_id, LedgerEntry.id).limit(SWEEP_LIMIT)).scalars().all()
    by_incident: dict[int, list[LedgerEntry]] = {}
    for entry in late:
        by_incident.setdefault(entry.incident_id, []).append(entry)
    new_date = today + timedelta(days=OVERDUE_GRACE_DAYS)
    out: dict[Incident, list[tuple[int, str]]] = {}
    for incident_id, entries in by_incident.items():
        incident = db.session.get_one(Incident, incident_id)
        for entry in entries:
            entry.status, entry.new_due_date, entry.updated_at = "overdue", new_date, now
            entry.overdue_at = entry.overdue_at or now
        db.session.flush()
        seq, pairs = _message(incident, "compensation_overdue",
                              [e.customer_id for e in entries], now, "scheduler")
        audit.append("compensation.overdue", actor="scheduler", actor_role="system",
                     incident_id=incident_id,
                     data={"entries": [e.id for e in entries], "new_due_date": new_date.isoformat(),
                           "message": seq, "alert": "staff"})
        log.warning("compensation overdue: incident %s, %d customers not paid on time; "
                    "they were given %s", incident_id, len(entries), new_date.isoformat())
        _alert_staff(incident, entries, new_date)
        out[incident] = pairs
    return out


def _alert_staff(incident: Incident, entries: list[LedgerEntry], new_date: date) -> None:
    """Billing and on-call staff hear of a broken payment promise (durable, retried)."""
    from ..alerts.service import raise_alert

    url = f"{current_app.config['GATEWAY'].public_url}/console/incidents/{incident.id}"
    subject = (f"Compensation overdue: {len(entries)} customers of incident {incident.id} "
               "were not paid on time")
    text = (f"Incident {incident.id} ({incident.title}): {len(entries)} customers were not paid "
            f"by their due date. They were told they will be paid by {new_date.isoformat()}. "
            f"Confirm the payments with POST /v1/incidents/{incident.id}/compensation/payments. "
            f"{url}")
    raise_alert("compensation.overdue", f"incident:{incident.id}", subject, text, {
        "incident_id": incident.id, "entries": [e.id for e in entries],
        "customers": len(entries), "new_due_date": new_date.isoformat(), "url": url})


# -- cancel -------------------------------------------------------------------------------


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


# -- the ledger, read -----------------------------------------------------------------------

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
    external = delivery_log.external_ids(conn, {r.customer_id for r in rows})
    return [{"id": r.id, "incident_id": r.incident_id, "customer_id": external.get(r.customer_id),
             "amount": amount_text(r.amount_units), "currency": r.currency,
             "due_date": r.due_date.isoformat(), "status": r.status,
             "paid_at": delivery_log.iso(r.paid_at), "policy": r.name,
             "policy_version": r.version, "basis": r.basis,
             "promised_at": delivery_log.iso(r.promised_at),
             "new_due_date": r.new_due_date.isoformat() if r.new_due_date else None,
             "reference": r.reference} for r in rows]


def ledger_page(incident_id: int, after: int | None, limit: int, status: str | None
                ) -> tuple[list[dict[str, Any]], int | None]:
    return read_ledger(db.session.connection(), incident_id, after, limit, status)


def iter_ledger(incident_id: int, status: str | None = None) -> Iterator[list[dict[str, Any]]]:
    """Every entry, page by page, for the CSV and NDJSON exports."""
    return delivery_log.stream_pages(
        lambda conn, after: read_ledger(conn, incident_id, after, EXPORT_PAGE, status))


# -- the incident report ----------------------------------------------------------------


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

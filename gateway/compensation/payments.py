"""Keeping the promise: payments confirmed (each newly paid customer is told),
and entries past their due date marked overdue, given a new date, the
customer told and staff alerted."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from ..audit import chain as audit
from ..customers.models import Customer
from ..errors import ValidationFailed
from ..incidents import service as incident_service
from ..incidents.models import Incident, IncidentUpdate
from ..store.db import db, utcnow
from .models import LedgerEntry
from .promises import REACHED, entries_digest

log = logging.getLogger(__name__)
OVERDUE_GRACE_DAYS = 3  # the new date an overdue customer is given: today + this
SWEEP_LIMIT = 5000


def _reached(incident: Incident, customer_ids: list[int]) -> list[tuple[int, str]]:
    return incident_service.reached_rows(incident, REACHED, customer_ids=customer_ids)


def _message(incident: Incident, purpose: str, customer_ids: list[int], now: datetime,
             actor: str) -> tuple[int | None, list[tuple[int, str]]]:
    """One message `purpose` to these customers, on the channel that reached each."""
    targets = _reached(incident, customer_ids)
    if not targets:
        return None, []
    seq = incident_service.next_seq(incident)
    db.session.add(IncidentUpdate(incident_id=incident.id, seq=seq, purpose=purpose,
                                  stage=incident.stage or "investigating", message="",
                                  created_by=actor, recipients=len(targets), created_at=now))
    db.session.flush()
    # Not urgent: these wait for the customer's daytime like a survey does.
    return seq, incident_service.create_messages(incident, seq, purpose, targets, now,
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
                           "entries_hash": entries_digest(
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
    # Here, not at the top: alerts.service loads requests and the webhook provider,
    # which the API process otherwise does not; the scheduler sends the alerts.
    from ..alerts.service import console_url, raise_alert

    url = console_url(f"incidents/{incident.id}")
    subject = (f"Compensation overdue: {len(entries)} customers of incident {incident.id} "
               "were not paid on time")
    text = (f"Incident {incident.id} ({incident.title}): {len(entries)} customers were not paid "
            f"by their due date. They were told they will be paid by {new_date.isoformat()}. "
            f"Confirm the payments with POST /v1/incidents/{incident.id}/compensation/payments. "
            f"{url}")
    raise_alert("compensation.overdue", f"incident:{incident.id}", subject, text, {
        "incident_id": incident.id, "entries": [e.id for e in entries],
        "customers": len(entries), "new_due_date": new_date.isoformat(), "url": url})

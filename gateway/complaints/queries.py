"""Complaints as read: one complaint as JSON (with its timeline), the queue,
the report, and the counts early warning takes as `complaints.<topic>`."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, func, select

from ..customers.models import Customer
from ..exports import iso
from ..store.db import db, matching, utcnow, within
from .models import Complaint, ComplaintEvent
from .sla import due_soon, is_breached
from .steps import WAITING_FOR_CONTACT, Settings


def _plain(value: Any) -> Any:
    """JSON-ready: times as ISO 8601 UTC strings."""
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def complaint_dict(c: Complaint, external_id: str, settings: Settings, now: datetime,
                   timeline: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": c.id, "customer_id": external_id, "incident_id": c.incident_id,
        "status": c.status, "topic": c.topic, "topic_source": c.topic_source,
        "channel": c.channel, "reply_channel": c.reply_channel, "text": c.text,
        "owner": c.owner, "received_at": c.received_at, "first_contact_due": c.first_contact_due,
        "contact_due": c.contact_due, "acknowledged_at": c.acknowledged_at,
        "first_contact_at": c.first_contact_at, "resolved_at": c.resolved_at,
        "closed_at": c.closed_at, "resolution": c.resolution, "offer": c.offer,
        "survey_due_at": c.survey_due_at, "breached": is_breached(c, now),
        "due_soon": due_soon(c, settings, now)}
    if timeline:
        out["timeline"] = [
            {"at": e.at, "action": e.action, "actor": e.actor, "status": e.status, **e.data}
            for e in db.session.execute(select(ComplaintEvent).where(
                ComplaintEvent.complaint_id == c.id).order_by(ComplaintEvent.id)).scalars()]
    return dict(_plain(out))


def _live() -> Any:
    return select(Complaint, Customer.external_id).join(
        Customer, Customer.id == Complaint.customer_id).where(Customer.erased_at.is_(None))


def listing(*, status: str | None = None, topic: str | None = None, owner: str | None = None,
            overdue: bool | None = None, offset: int = 0, limit: int = 50,
            now: datetime | None = None) -> tuple[list[tuple[Complaint, str]], int | None]:
    """The queue: the most urgent contact first, then the newest; `offset` pages through it."""
    now = now or utcnow()
    query = matching(_live(), (Complaint.status, status), (Complaint.topic, topic),
                     (Complaint.owner, owner))
    late = and_(Complaint.status.in_(WAITING_FOR_CONTACT), Complaint.contact_due < now)
    if overdue is True:
        query = query.where(late)
    elif overdue is False:
        query = query.where(~late)
    rows = db.session.execute(query.order_by(
        Complaint.contact_due.is_(None), Complaint.contact_due, Complaint.id.desc())
        .offset(offset).limit(limit + 1)).all()
    more = len(rows) > limit
    return [(c, str(e)) for c, e in rows[:limit]], (offset + limit if more else None)


def _percentiles(seconds: list[float]) -> dict[str, float | None]:
    if not seconds:
        return {"p50": None, "p95": None}
    if len(seconds) == 1:
        return {"p50": round(seconds[0], 1), "p95": round(seconds[0], 1)}
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    return {"p50": round(cuts[49], 1), "p95": round(cuts[94], 1)}


def report(since: datetime | None = None, until: datetime | None = None,
           now: datetime | None = None) -> dict[str, Any]:
    """First-contact and resolution times (p50/p95), breaches, counts by topic and status,
    over complaints received in [since, until)."""
    now = now or utcnow()
    query = within(select(Complaint), Complaint.received_at, since, until)
    rows = db.session.execute(query).scalars().all()
    first = [(c.first_contact_at - c.received_at).total_seconds()
             for c in rows if c.first_contact_at is not None]
    resolved = [(c.resolved_at - c.received_at).total_seconds()
                for c in rows if c.resolved_at is not None]
    breached = sum(is_breached(c, now) for c in rows)
    return {"complaints": len(rows), "first_contact_seconds": _percentiles(first),
            "resolution_seconds": _percentiles(resolved), "breached": breached,
            "breach_rate": round(breached / len(rows), 4) if rows else None,
            "by_topic": dict(Counter(c.topic for c in rows).most_common()),
            "by_status": dict(Counter(c.status for c in rows).most_common())}


def received_per_bucket(bucket: Callable[[Any], Any], since: datetime) -> Select[Any]:
    """Complaints received since `since` per time bucket, topic and customer: what
    early warning counts as `complaints.<topic>` (`bucket` maps a column to its bucket)."""
    b = bucket(Complaint.received_at)
    return (select(b, Complaint.topic, Customer.external_id, func.count())
            .join(Customer, Customer.id == Complaint.customer_id)
            .where(Complaint.received_at >= since)
            .group_by(b, Complaint.topic, Customer.external_id))

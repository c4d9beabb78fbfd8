"""The incident report: did customers hear from us before they had to ask?

Every figure is computed in the database (aggregates, and percentiles by
ordered offset), so a report over a million deliveries holds only a few
numbers in memory. Definitions, where the SPEC leaves them open:

- "first notice": deliveries with `message` 0 (the notice and its
  escalations); updates, no-news and survey messages are counted apart.
- times are from the POST (`incidents.created_at`), approval waits included:
  that is what the customer experiences. `approval_wait_seconds` (POST →
  approval, null when none was needed) and `dispatch_to_first_send_seconds`
  (approval, or the POST when none was needed → first send) split the first.
- "reached" for a customer: the earliest `delivered_at` (or `acked_at`, an
  acknowledgement proves receipt) of their first-notice deliveries. Providers
  without delivery receipts (outbox, chat webhooks) only ever reach `sent`,
  so the POST → sent percentiles are reported too.
- percentiles are nearest-rank over customers.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any, overload

from sqlalchemy import and_, func, select

from ..compensation.report import report as compensation_report
from ..customers.models import Customer
from ..delivery import states
from ..delivery.models import Delivery
from ..incidents import queries
from ..incidents.models import (
    Followup,
    Incident,
    IncidentUpdate,
    SurveyResponse,
    UnreachedCustomer,
    UpdatePromise,
)
from ..store.db import db, utcnow

D = Delivery.__table__
WITHIN = timedelta(minutes=15)
REACHED = states.SENT_OR_BETTER
PENDING = states.PENDING
FAILED = states.FAILURES
LIST_LIMIT = 1000  # customer ids listed per figure; counts are always complete


@overload
def _aware(value: datetime) -> datetime: ...
@overload
def _aware(value: datetime | None) -> datetime | None: ...
def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _seconds(start: datetime, end: datetime | None) -> float | None:
    end = _aware(end)
    return None if end is None else round((end - start).total_seconds(), 3)


def _iso(value: datetime | None) -> str | None:
    value = _aware(value)
    return None if value is None else value.isoformat().replace("+00:00", "Z")


def _percentiles(times: Any, start: datetime, count: int) -> dict[str, float | None]:
    """Nearest-rank p50/p95 of a one-column subquery of times, by ORDER BY/OFFSET
    (portable: SQLite has no percentile functions)."""
    out: dict[str, float | None] = {}
    for name, p in (("p50", 0.50), ("p95", 0.95)):
        if not count:
            out[name] = None
            continue
        rank = max(math.ceil(p * count), 1) - 1
        value = db.session.execute(select(times.c.t).where(times.c.t.is_not(None))
                                   .order_by(times.c.t).offset(rank).limit(1)).scalar()
        out[name] = _seconds(start, value)
    return out


def _first_times(column: Any, incident_id: int) -> Any:
    """Per customer, the earliest `column` of their first-notice deliveries."""
    return (select(D.c.customer_id, func.min(column).label("t"))
            .where(D.c.incident_id == incident_id, D.c.message == 0)
            .group_by(D.c.customer_id).subquery())


def _timing(incident: Incident) -> dict[str, Any]:
    start = _aware(incident.created_at)
    assert start is not None
    first = and_(D.c.incident_id == incident.id, D.c.message == 0)
    first_send, last_send, deliveries, customers = db.session.execute(
        select(func.min(D.c.sent_at), func.max(D.c.sent_at), func.count(),
               func.count(D.c.customer_id.distinct())).where(first)).one()
    reached = _first_times(func.coalesce(D.c.delivered_at, D.c.acked_at), incident.id)
    sent = _first_times(D.c.sent_at, incident.id)
    reached_count = db.session.execute(
        select(func.count()).select_from(reached).where(reached.c.t.is_not(None))).scalar() or 0
    sent_count = db.session.execute(
        select(func.count()).select_from(sent).where(sent.c.t.is_not(None))).scalar() or 0
    within = db.session.execute(
        select(func.count()).select_from(reached).where(reached.c.t <= start + WITHIN)
    ).scalar() or 0
    dispatched = _aware(incident.dispatched_at)
    waited = incident.decided_at is not None and dispatched is not None
    return {
        "first_notice_deliveries": deliveries,
        "customers": customers,
        "post_to_first_send_seconds": _seconds(start, first_send),
        "approval_wait_seconds": _seconds(start, dispatched) if waited else None,
        "dispatch_to_first_send_seconds": _seconds(dispatched, first_send) if dispatched else None,
        "post_to_last_send_seconds": _seconds(start, last_send),
        "post_to_delivered_seconds": {**_percentiles(reached, start, reached_count),
                                      "customers": reached_count},
        "post_to_sent_seconds": {**_percentiles(sent, start, sent_count),
                                 "customers": sent_count},
        "delivered_within_15_minutes": {
            "customers": within, "of": customers,
            "share": round(within / customers, 4) if customers else None},
    }


def _by_channel(incident: Incident) -> dict[str, Any]:
    """Status counts and ack rate per channel, first notices."""
    rows = db.session.execute(
        select(D.c.channel, D.c.status, func.count(), func.count(D.c.acked_at))
        .where(D.c.incident_id == incident.id, D.c.message == 0)
        .group_by(D.c.channel, D.c.status)).all()
    channels: dict[str, Any] = {}
    for channel, status, count, acked in rows:
        entry = channels.setdefault(channel, {"statuses": {}, "reached": 0, "acked": 0})
        entry["statuses"][status] = count
        if status in REACHED:
            entry["reached"] += count
        entry["acked"] += acked
    for entry in channels.values():
        entry["ack_rate"] = (round(entry["acked"] / entry["reached"], 4)
                             if incident.require_ack and entry["reached"] else None)
    return channels


def _ack(incident: Incident, customers: int) -> dict[str, Any]:
    acked = queries.acked(incident.id)
    return {"required": incident.require_ack, "within_minutes": incident.ack_within_minutes,
            "customers_acked": acked,
            "rate": round(acked / customers, 4) if customers and incident.require_ack else None}


def _reasons(incident: Incident, statuses: tuple[str, ...]) -> dict[str, int]:
    rows = db.session.execute(
        select(D.c.failure_reason, func.count())
        .where(D.c.incident_id == incident.id, D.c.status.in_(statuses))
        .group_by(D.c.failure_reason).order_by(func.count().desc()).limit(100)).all()
    return {str(reason or "unknown"): int(count) for reason, count in rows}


def _external_ids(customer_ids: Any) -> list[str]:
    return list(db.session.execute(
        select(Customer.external_id).where(Customer.id.in_(customer_ids))
        .order_by(Customer.id).limit(LIST_LIMIT)).scalars())


def _unreached(incident: Incident) -> dict[str, Any]:
    """Customers escalation gave up on (recorded by the lifecycle), and
    customers none of whose first-notice deliveries reached a provider with
    nothing still pending (computed here; covers incidents without ack)."""
    u = UnreachedCustomer.__table__.c
    by_reason: dict[str, int] = dict(db.session.execute(
        select(u.reason, func.count()).where(u.incident_id == incident.id)
        .group_by(u.reason)).all())
    escalated = select(u.customer_id).where(u.incident_id == incident.id)
    got_one = select(D.c.customer_id).where(
        D.c.incident_id == incident.id, D.c.message == 0,
        D.c.status.in_((*REACHED, *PENDING)))
    never = (select(D.c.customer_id).where(D.c.incident_id == incident.id, D.c.message == 0,
                                           D.c.customer_id.not_in(got_one))
             .distinct())
    never_count = db.session.execute(select(func.count()).select_from(never.subquery())).scalar()
    escalated_count = sum(by_reason.values())
    return {
        "count": escalated_count, "by_reason": by_reason,
        "customer_ids": _external_ids(escalated), "truncated": escalated_count > LIST_LIMIT,
        "no_message_reached": {
            "count": never_count or 0, "customer_ids": _external_ids(never),
            "truncated": (never_count or 0) > LIST_LIMIT},
    }


def _survey(incident: Incident) -> dict[str, Any]:
    s = SurveyResponse.__table__.c
    distribution: dict[int, int] = dict(db.session.execute(
        select(s.score, func.count()).where(s.incident_id == incident.id)
        .group_by(s.score)).all())
    responses = sum(distribution.values())
    followup = db.session.get(Followup, incident.id)
    invited = followup.recipients if followup and followup.sent_at else 0
    average = (sum(score * n for score, n in distribution.items()) / responses
               if responses else None)
    return {
        "invited": invited, "responses": responses,
        "response_rate": round(responses / invited, 4) if invited else None,
        "average_score": round(average, 2) if average is not None else None,
        "scores": {str(score): distribution.get(score, 0) for score in range(1, 6)},
        "followup_due_at": _iso(followup.due_at) if followup else None,
    }


def _promises(incident: Incident) -> dict[str, Any]:
    """Promised next updates: from the lifecycle's records when there are any,
    else derived from the incident's and its updates' `next_update_at`."""
    rows = db.session.execute(
        select(UpdatePromise).where(UpdatePromise.incident_id == incident.id)
        .order_by(UpdatePromise.made_by_seq)).scalars().all()
    if rows:
        items = [{"made_by_seq": p.made_by_seq, "made_at": _iso(p.made_at),
                  "due_at": _iso(p.due_at), "status": p.status, "kept_by_seq": p.kept_by_seq,
                  "closed_at": _iso(p.closed_at), "no_news_seq": p.no_news_seq} for p in rows]
    else:
        items = _derived_promises(incident)
    counts = {status: sum(1 for i in items if i["status"] == status)
              for status in ("kept", "broken", "open", "void")}
    compensation = None
    facts = incident.facts.get("en", incident.facts) if isinstance(incident.facts, dict) else {}
    if isinstance(facts, dict) and isinstance(facts.get("compensation"), dict):
        promised = facts["compensation"]
        compensation = {"policy": promised["policy"], "note": "tracked per customer: see "
                        "`compensation`"} if "policy" in promised else {
            "promised": promised.get("when"),
            "note": "payment is outside the gateway; not verifiable here"}
    return {**counts, "items": items, "compensation": compensation}


def _derived_promises(incident: Incident) -> list[dict[str, Any]]:
    updates = db.session.execute(
        select(IncidentUpdate.seq, IncidentUpdate.created_at, IncidentUpdate.next_update_at)
        .where(IncidentUpdate.incident_id == incident.id, IncidentUpdate.purpose != "survey")
        .order_by(IncidentUpdate.seq)).all()
    made = [(0, incident.created_at, incident.next_update_at)]
    made += [(seq, at, due) for seq, at, due in updates]
    now = utcnow()
    items = []
    for seq, made_at, due in made:
        if due is None:
            continue
        made_at, due = _aware(made_at), _aware(due)
        kept_by = next(((s, _aware(at)) for s, at, _ in updates
                        if s > seq and _aware(at) <= due), None)
        if kept_by:
            status = "kept"
        elif incident.canceled_at and _aware(incident.canceled_at) <= due:  # type: ignore[operator]
            status = "void"
        elif due < now:  # type: ignore[operator]
            status = "broken"
        else:
            status = "open"
        items.append({"made_by_seq": seq, "made_at": _iso(made_at), "due_at": _iso(due),
                      "status": status, "kept_by_seq": kept_by[0] if kept_by else None})
    return items


def build(incident: Incident) -> dict[str, Any]:
    start = _aware(incident.created_at)
    timing = _timing(incident)
    purposes: dict[str, int] = dict(db.session.execute(
        select(D.c.purpose, func.count()).where(D.c.incident_id == incident.id)
        .group_by(D.c.purpose)).all())
    return {
        "incident_id": incident.id,
        "status": incident.status,
        "kind": incident.kind,
        "severity": incident.severity,
        "posted_at": _iso(start),
        "dispatched_at": _iso(incident.dispatched_at),
        "resolved_at": _iso(incident.resolved_at),
        "audience_size": incident.audience_size,
        **timing,
        "channels": _by_channel(incident),
        "ack": _ack(incident, timing["customers"]),
        "failures_by_reason": _reasons(incident, FAILED),
        "suppressed_by_reason": _reasons(incident, ("suppressed",)),
        "unreached": _unreached(incident),
        "messages_by_purpose": purposes,
        "updates_posted": db.session.execute(
            select(func.count()).where(IncidentUpdate.incident_id == incident.id)).scalar(),
        "survey": _survey(incident),
        "promises": _promises(incident),
        "compensation": compensation_report(incident.id),
        "early_warning": _early_warning(incident),
        "generated_at": _iso(utcnow()),
    }


def _early_warning(incident: Incident) -> dict[str, Any] | None:
    """first sign → warning → incident → cleared to send → first message, when the
    incident answers an early warning."""
    # Here, not at the top: the job modules import this one; signals.warning_records
    # stays out of the workers.
    from ..signals.warning_records import timeline, warning_of

    warning = warning_of(incident.id)
    if warning is None:
        return None
    return {"warning_id": warning.id, "topic": warning.topic,
            **timeline(warning)}

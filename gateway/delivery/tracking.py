"""Delivery tracking: provider events onto our delivery statuses, monotonically.

Webhook handlers only verify and *record* events (the `webhook_events`
inbox, unique per provider event); :func:`process_pending` applies them in
batches. Events arrive late, twice and out of order, so a status only ever
moves forward along queued/deferred → sending → sent → delivered → acked, and
`failed`/`bounced` replace only states before `delivered`. Each transition is
one guarded SQL UPDATE (`WHERE status IN <states it may replace>`), so a
concurrent send job or acknowledgement can never be overwritten backwards.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from ..customers.suppressions import suppress
from ..delivery import service as delivery
from ..delivery import states
from ..delivery.models import Delivery, WebhookEvent
from ..store.db import db, dialect_insert, unit_of_work, utcnow

log = logging.getLogger(__name__)

FAILURES = states.FAILURES
BEFORE_DELIVERED = states.BEFORE_DELIVERED
RANK = states.RANK
allowed_from = states.allowed_from
may_move = states.may_move
fold = states.fold
DELIVERIES = Delivery.__table__

# SendGrid Event Webhook event → our status (None: history only).
SENDGRID_STATUS: dict[str, str | None] = {
    "processed": "sent", "delivered": "delivered", "open": "delivered", "click": "delivered",
    "bounce": "bounced", "dropped": "failed", "deferred": None, "spamreport": None,
    "unsubscribe": None, "group_unsubscribe": None, "group_resubscribe": None,
}
SENDGRID_SUPPRESS = {"bounce": "bounce", "spamreport": "spamreport",
                     "unsubscribe": "unsubscribe", "group_unsubscribe": "unsubscribe"}
# Twilio MessageStatus → our status.
TWILIO_STATUS: dict[str, str | None] = {
    "accepted": "sent", "scheduled": "sent", "queued": "sent", "sending": "sent", "sent": "sent",
    "delivered": "delivered", "read": "delivered", "receiving": None, "received": None,
    "undelivered": "failed", "failed": "failed", "canceled": "failed",
}
TWILIO_OPTED_OUT = "21610"  # "Attempt to send to unsubscribed recipient"

BATCH = 500
UNMATCHED_GIVE_UP = timedelta(minutes=15)  # Twilio callbacks can beat our own `sent` write


def transition(ids: Sequence[int], target: str, at: datetime,
               reason: str | None = None) -> list[int]:
    """Move deliveries to `target` where that is an allowed move; returns those moved
    (gateway/delivery writes it; the caller records the history)."""
    return delivery.apply_provider_status(ids, target, at, reason)


def insert_ignoring(model: Any, rows: list[dict[str, Any]], returning: Any = None) -> list[Any]:
    """Bulk insert skipping rows that hit a unique key; returns `returning` of inserted rows."""
    if not rows:
        return []
    stmt = dialect_insert(model).on_conflict_do_nothing()
    if returning is None:
        db.session.execute(stmt, rows)
        return []
    return list(db.session.execute(stmt.returning(returning), rows).scalars().all())


def record_history(events: list[dict[str, Any]], incident_id: int | None, source: str) -> int:
    """Append delivery events and one audit record over them (gateway/delivery).

    Each event: delivery_id, status, at, detail, and optionally provider_event_id
    (unique: a provider event is in a delivery's history once).
    """
    return delivery.record_events(events, incident_id, source)


# -- recording (in the webhook request) ------------------------------------------------


def record_webhook_events(rows: list[dict[str, Any]]) -> None:
    """Store verified callbacks in the inbox; duplicates (same event key) are skipped."""
    now = utcnow()
    insert_ignoring(WebhookEvent, [{"received_at": now, "attempts": 0, **row} for row in rows])


def receive_webhook_events(rows: list[dict[str, Any]]) -> None:
    """Store them and commit: a provider's callback is answered once its events are kept."""
    with unit_of_work():
        record_webhook_events(rows)


def sendgrid_rows(events: list[Any]) -> list[dict[str, Any]]:
    rows = []
    for e in events:
        if not isinstance(e, dict) or not isinstance(e.get("sg_event_id"), str):
            continue
        raw_id = e.get("delivery_id") or (e.get("custom_args") or {}).get("delivery_id")
        try:
            delivery_id = int(raw_id) if raw_id is not None else None
        except (TypeError, ValueError):
            delivery_id = None
        rows.append({"provider": "sendgrid", "event_key": f"sg:{e['sg_event_id']}"[:200],
                     "event": str(e.get("event", ""))[:40], "delivery_id": delivery_id,
                     "provider_message_id": str(e.get("sg_message_id") or "")[:100] or None,
                     "payload": e})
    return rows


def twilio_row(params: dict[str, str]) -> dict[str, Any] | None:
    sid = params.get("MessageSid") or params.get("SmsSid")
    status = params.get("MessageStatus") or params.get("SmsStatus")
    if not sid or not status:
        return None
    return {"provider": "twilio", "event_key": f"tw:{sid}:{status}"[:200], "event": status[:40],
            "delivery_id": None, "provider_message_id": sid[:100], "payload": params}


# -- processing (job / sweep) ----------------------------------------------------------


@dataclass
class _Applied:
    delivery_id: int
    incident_id: int | None
    target: str | None
    at: datetime
    reason: str | None
    history: dict[str, Any]


def _event_time(row: WebhookEvent) -> datetime:
    ts = row.payload.get("timestamp") if row.provider == "sendgrid" else None
    if isinstance(ts, int | float) and ts > 0:
        at = datetime.fromtimestamp(ts, UTC)
        return min(at, utcnow())
    return row.received_at


def _interpret(row: WebhookEvent) -> tuple[str | None, str | None, str]:
    """(our target status, failure reason, history status) for one event."""
    p = row.payload
    if row.provider == "sendgrid":
        target = SENDGRID_STATUS.get(row.event)
        reason = None
        if target in FAILURES:
            reason = f"sendgrid {row.event}: {p.get('reason') or p.get('response') or ''}".strip()
        history = target or ("provider_deferred" if row.event == "deferred" else row.event)
        return target, reason[:500] if reason else None, history[:20]
    target = TWILIO_STATUS.get(row.event)
    reason = None
    if target in FAILURES:
        code = p.get("ErrorCode")
        reason = f"twilio {row.event}" + (f" {code}" if code else "")
    return target, reason, (target or row.event)[:20]


def _suppressions(rows: list[WebhookEvent], deliveries: dict[int, Delivery]) -> None:
    for row in rows:
        p = row.payload
        if row.provider == "sendgrid" and row.event in SENDGRID_SUPPRESS and p.get("email"):
            suppress("email", str(p["email"]), SENDGRID_SUPPRESS[row.event])
        elif row.provider == "twilio" and str(p.get("ErrorCode")) == TWILIO_OPTED_OUT:
            to = str(p.get("To", ""))
            channel = "whatsapp" if to.startswith("whatsapp:") else "sms"
            suppress(channel, to.removeprefix("whatsapp:"), "stop")


def _claim(now: datetime, limit: int) -> list[WebhookEvent]:
    query = (select(WebhookEvent)
             .where(WebhookEvent.processed_at.is_(None),
                    (WebhookEvent.next_try_at.is_(None)) | (WebhookEvent.next_try_at <= now))
             .order_by(WebhookEvent.id).limit(limit))
    if db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return list(db.session.execute(query).scalars())


def process_batch(now: datetime | None = None, limit: int = BATCH) -> int:
    """Apply up to `limit` recorded events in one transaction; returns how many were handled."""
    now = now or utcnow()
    rows = _claim(now, limit)
    if not rows:
        db.session.commit()
        return 0
    sids = {r.provider_message_id for r in rows if r.provider == "twilio" and r.provider_message_id}
    by_sid: dict[str, int] = {}
    if sids:
        by_sid = {str(pmid): int(i) for i, pmid in db.session.execute(
            select(Delivery.id, Delivery.provider_message_id)
            .where(Delivery.provider_message_id.in_(sids)))}
    for r in rows:
        if r.delivery_id is None and r.provider_message_id in by_sid:
            r.delivery_id = by_sid[r.provider_message_id]
    wanted = {r.delivery_id for r in rows if r.delivery_id is not None}
    deliveries = {d.id: d for d in db.session.execute(
        select(Delivery).where(Delivery.id.in_(wanted))).scalars()} if wanted else {}

    applied: list[tuple[WebhookEvent, _Applied]] = []
    for r in rows:
        d = deliveries.get(r.delivery_id) if r.delivery_id is not None else None
        if d is None:
            r.attempts += 1
            if r.provider == "twilio" and now - r.received_at < UNMATCHED_GIVE_UP:
                r.next_try_at = now + timedelta(seconds=min(60, 2 ** r.attempts))
            else:
                r.processed_at, r.result = now, "unmatched"
            continue
        target, reason, history = _interpret(r)
        detail = {"provider": r.provider, "event": r.event}
        if reason:
            detail["reason"] = reason
        applied.append((r, _Applied(d.id, d.incident_id, target, _event_time(r), reason,
                                    {"delivery_id": d.id, "status": history, "at": _event_time(r),
                                     "provider_event_id": r.event_key, "detail": detail})))
    _suppressions([r for r, _ in applied], deliveries)

    # One target per delivery, then one guarded UPDATE per target.
    per_delivery: dict[int, list[_Applied]] = defaultdict(list)
    for _, a in applied:
        per_delivery[a.delivery_id].append(a)
    moved: set[int] = set()
    groups: dict[tuple[str, str | None], list[tuple[int, datetime]]] = defaultdict(list)
    chosen_of: dict[int, _Applied] = {}
    for delivery_id, items in per_delivery.items():
        target = fold(a.target for a in items if a.target)
        if target is None:
            continue
        chosen = next(a for a in items if a.target == target)
        chosen_of[delivery_id] = chosen
        groups[(target, chosen.reason)].append((delivery_id, chosen.at))
    for (target, reason), pairs in groups.items():
        by_time: dict[datetime, list[int]] = defaultdict(list)
        for delivery_id, at in pairs:
            by_time[at].append(delivery_id)
        for at, ids in by_time.items():
            moved.update(transition(ids, target, at, reason))

    written: list[dict[str, Any]] = []
    for r, a in applied:
        # One event per status change: the event whose time was applied, not its siblings.
        a.history["detail"]["applied"] = a.delivery_id in moved and a is chosen_of.get(
            a.delivery_id)
        written.append(a.history)
        r.processed_at = now
        r.result = "applied" if a.history["detail"]["applied"] else (
            "unchanged" if a.target else "ignored")
    incidents = {a.incident_id for _, a in applied}
    record_history(written, incidents.pop() if len(incidents) == 1 else None, "webhook")
    db.session.commit()
    return len(rows)


def process_pending(now: datetime | None = None, max_batches: int = 200) -> int:
    """Apply every recorded event that is due (job and sweep entry point)."""
    total = 0
    for _ in range(max_batches):
        handled = process_batch(now)
        total += handled
        if handled < BATCH:
            break
    return total

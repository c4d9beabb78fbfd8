"""Escalation: customers who did not acknowledge in time get the next usable
channel; when none is left they are recorded as unreached (a person calls)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, exists, func, or_, select

from ..customers.models import Customer
from ..customers.suppressions import CONTACT_FIELD, address_hash, contact_of, suppressed_hashes
from ..delivery import service as delivery
from ..delivery.channels import plan_channels
from ..delivery.models import Delivery
from ..delivery.quiet_hours import release_at
from ..delivery.states import QUEUED, TERMINAL_MISS
from ..delivery.tracking import insert_ignoring
from ..store.db import db, utcnow
from .models import Incident, UnreachedCustomer
from .outreach import CHUNK, Pairs
from .promises import ACTIVE
from .updates import WAITING


def _still_waiting(incident: Incident, cutoff: datetime) -> Any:
    w = Delivery.__table__.alias("w")
    return exists().where(
        w.c.incident_id == incident.id, w.c.customer_id == Delivery.customer_id, w.c.message == 0,
        or_(w.c.status.in_(WAITING), w.c.acked_at.is_not(None), w.c.status == "acked",
            and_(w.c.status.in_(("sent", "delivered")),
                 func.coalesce(w.c.sent_at, w.c.delivered_at, w.c.updated_at) > cutoff)))


def escalate_incident(incident: Incident, now: datetime, limit: int = CHUNK) -> Pairs:
    """Next channel for customers whose ack deadline passed (or whose channel failed)."""
    cutoff = now - timedelta(minutes=incident.ack_within_minutes)
    done = exists().where(UnreachedCustomer.incident_id == incident.id,
                          UnreachedCustomer.customer_id == Delivery.customer_id)
    customer_ids = db.session.execute(
        select(Delivery.customer_id).distinct()
        .where(Delivery.incident_id == incident.id, Delivery.message == 0,
               ~_still_waiting(incident, cutoff), ~done).limit(limit)).scalars().all()
    return _next_channel(incident, [int(c) for c in customer_ids], now, escalate=True)


def mark_unreached(incident: Incident, now: datetime, limit: int = CHUNK) -> None:
    """Without require_ack: customers whose every channel failed or had no address."""
    done = exists().where(UnreachedCustomer.incident_id == incident.id,
                          UnreachedCustomer.customer_id == Delivery.customer_id)
    w = Delivery.__table__.alias("w")
    alive = exists().where(w.c.incident_id == incident.id, w.c.customer_id == Delivery.customer_id,
                           w.c.message == 0, w.c.status.not_in(TERMINAL_MISS))
    customer_ids = db.session.execute(
        select(Delivery.customer_id).distinct().where(
            Delivery.incident_id == incident.id, Delivery.message == 0, ~alive, ~done)
        .limit(limit)).scalars().all()
    _next_channel(incident, [int(c) for c in customer_ids], now, escalate=False)


def _next_channel(incident: Incident, customer_ids: list[int], now: datetime,
                  escalate: bool) -> Pairs:
    if not customer_ids:
        return []
    customers = {c.id: c for c in db.session.execute(
        select(Customer).where(Customer.id.in_(customer_ids))).scalars()}
    tried: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for c, ch, status in db.session.execute(
            select(Delivery.customer_id, Delivery.channel, Delivery.status)
            .where(Delivery.incident_id == incident.id, Delivery.message == 0,
                   Delivery.customer_id.in_(customer_ids)).order_by(Delivery.id)):
        tried[int(c)].append((str(ch), str(status)))
    hashes = {(ch, address_hash(ch, a)) for c in customers.values() for ch in CONTACT_FIELD
              if (a := contact_of(c, ch))}
    suppressed = suppressed_hashes(hashes)
    rows, history, unreached = [], [], []
    for customer_id in customer_ids:
        customer = customers.get(customer_id)
        attempts = tried[customer_id]
        used = {ch for ch, _ in attempts}
        nxt = None
        if escalate and customer is not None and customer.erased_at is None:
            plan = plan_channels(customer, incident.channels, False, suppressed,
                                 kind=incident.kind, severity=incident.severity)
            nxt = next((ch for ch in (*plan.send, *plan.later) if ch not in used), None)
        real = [(ch, st) for ch, st in attempts if st != "suppressed"]
        if nxt is None:
            statuses = {st for _, st in real}
            reason = ("no_ack" if statuses & {"sent", "delivered"} else
                      "failed" if statuses & {"failed", "bounced"} else "no_usable_channel")
            unreached.append({"incident_id": incident.id, "customer_id": customer_id,
                              "reason": reason, "channels_tried": [ch for ch, _ in real],
                              "at": now})
            continue
        last = real[-1] if real else None
        why = "no_contact_channel" if last is None else (
            "failed" if last[1] in ("failed", "bounced", "suppressed") else "no_ack")
        row = {"incident_id": incident.id, "customer_id": customer_id, "channel": nxt,
               "message": 0, "purpose": "escalation", "status": "queued", "queued_at": now,
               "updated_at": now, "attempts": 0}
        wait = release_at(incident.severity, customer.timezone if customer else "UTC", now)
        if wait is not None:
            row.update(status="deferred", deferred_reason="quiet_hours", next_attempt_at=wait)
        rows.append(row)
        history.append((customer_id, nxt, {"escalated_from": last[0] if last else None,
                                           "reason": why}))
    insert_ignoring(UnreachedCustomer, unreached)
    if not rows:
        return []
    journal = delivery.Journal("escalation")
    ids = delivery.escalate(rows, journal, {
        (incident.id, None, c, ch, 0): {"escalation": True, **d} for c, ch, d in history})
    journal.write()
    created = db.session.execute(select(Delivery.id, Delivery.channel, Delivery.status)
                                 .where(Delivery.id.in_(ids))).all() if ids else []
    return [(int(i), str(ch)) for i, ch, s in created if s == QUEUED]


def run_escalations(now: datetime | None = None) -> dict[Incident, Pairs]:
    now = now or utcnow()
    out: dict[Incident, Pairs] = {}
    for incident in db.session.execute(select(Incident).where(
            Incident.status.in_(ACTIVE), Incident.expanded_at.is_not(None))).scalars().all():
        if incident.require_ack:
            out[incident] = escalate_incident(incident, now)
        else:
            mark_unreached(incident, now)
    return out

"""Which customers an incident's later messages reach, and creating those
messages' delivery rows (updates, no-news notices, surveys, compensation notices)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from ..customers.models import Customer
from ..delivery import service as delivery
from ..delivery.models import Delivery
from ..delivery.quiet_hours import release_at
from ..delivery.states import IN_HANDS, PENDING
from ..store.db import db
from .models import Incident, IncidentUpdate

HOLD = timedelta(seconds=120)  # an update waits at most this long per check for its first message
CHUNK = 5000
Pairs = list[tuple[int, str]]


def reached_rows(incident: Incident, states: Sequence[str] = IN_HANDS,
                 customer_ids: Sequence[int] | None = None) -> list[tuple[int, str]]:
    """(customer id, channel) of the first message that reached each customer
    (of `customer_ids`, when given).

    One per customer: the acknowledged one, else the latest first-notice copy
    (an escalation) in `states`. Critical incidents went to every channel at
    once, so every such channel gets the update.
    """
    query = (select(Delivery.id, Delivery.customer_id, Delivery.channel, Delivery.acked_at)
             .where(Delivery.incident_id == incident.id, Delivery.message == 0,
                    Delivery.status.in_(tuple(states)))
             .order_by(Delivery.customer_id, Delivery.id))
    if customer_ids is None:
        rows = list(db.session.execute(query))
    else:
        rows = [row for start in range(0, len(customer_ids), CHUNK) for row in db.session.execute(
            query.where(Delivery.customer_id.in_(customer_ids[start:start + CHUNK])))]
    if incident.severity == "critical":
        return [(int(c), str(ch)) for _, c, ch, _ in rows]
    best: dict[int, tuple[bool, int, str]] = {}
    for delivery_id, customer_id, channel, acked_at in rows:
        key = (acked_at is not None, int(delivery_id), str(channel))
        if customer_id not in best or key > best[customer_id]:
            best[int(customer_id)] = key
    return [(c, ch) for c, (_, _, ch) in best.items()]


def _first_status(incident_id: int, customers: Iterable[int]) -> dict[tuple[int, str], str]:
    ids = list(customers)
    out: dict[tuple[int, str], str] = {}
    for start in range(0, len(ids), CHUNK):
        for c, ch, status in db.session.execute(
                select(Delivery.customer_id, Delivery.channel, Delivery.status).where(
                    Delivery.incident_id == incident_id, Delivery.message == 0,
                    Delivery.customer_id.in_(ids[start:start + CHUNK]))):
            out[(int(c), str(ch))] = str(status)
    return out


def _timezones(customer_ids: Sequence[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    ids = list(customer_ids)
    for start in range(0, len(ids), CHUNK):
        out.update({int(i): str(tz) for i, tz in db.session.execute(
            select(Customer.id, Customer.timezone)
            .where(Customer.id.in_(ids[start:start + CHUNK])))})
    return out


def create_messages(incident: Incident, seq: int, purpose: str,
                    targets: Sequence[tuple[int, str]], now: datetime,
                    quiet_severity: str | None = None) -> Pairs:
    """Insert one delivery per (customer, channel) for message `seq`; returns pairs to enqueue.

    A copy whose first message is still `sending` waits (`deferred`,
    reason `after_first`) so it can never overtake it; quiet hours apply.
    """
    if not targets:
        return []
    severity = quiet_severity or incident.severity
    first = _first_status(incident.id, {c for c, _ in targets}) if purpose != "survey" else {}
    zones = _timezones([c for c, _ in targets]) if severity in ("low", "medium") else {}
    rows = []
    for customer_id, channel in targets:
        row: dict[str, Any] = {
            "incident_id": incident.id, "customer_id": customer_id, "channel": channel,
            "message": seq, "purpose": purpose, "status": "queued", "queued_at": now,
            "updated_at": now, "attempts": 0}
        wait = release_at(severity, zones.get(customer_id, "UTC"), now) if zones else None
        if first.get((customer_id, channel)) in PENDING:
            row.update(status="deferred", deferred_reason="after_first", next_attempt_at=now + HOLD)
        elif wait is not None:
            row.update(status="deferred", deferred_reason="quiet_hours", next_attempt_at=wait)
        rows.append(row)
    delivery.create_deliveries(rows)
    queued = db.session.execute(
        select(Delivery.id, Delivery.channel).where(
            Delivery.incident_id == incident.id, Delivery.message == seq,
            Delivery.status == "queued")).all()
    return [(int(i), str(c)) for i, c in queued]


def next_seq(incident: Incident) -> int:
    if db.session.get_bind().dialect.name == "postgresql":  # serialise seq per incident
        db.session.execute(select(Incident.id).where(Incident.id == incident.id).with_for_update())
    current = db.session.execute(select(func.max(IncidentUpdate.seq)).where(
        IncidentUpdate.incident_id == incident.id)).scalar_one()
    return int(current or 0) + 1

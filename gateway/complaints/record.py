"""The customer record: everything that passed between us and one customer.

Incidents that reached them (with the text they got, re-rendered exactly as
it was sent and checked against the stored content hash), delivery statuses,
acknowledgements and replies, complaints with their timelines, survey
answers and the compensation promised (and whether it was paid). What a
person handling a complaint needs on one page.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from sqlalchemy import or_, select

from ..compensation.ledger import customer_ledger
from ..customers.models import Customer
from ..customers.service import lookup_hashes
from ..delivery import states
from ..delivery.models import Delivery, InboundMessage
from ..exports import iso
from ..incidents.models import Incident, IncidentUpdate, SurveyResponse
from ..messages.batch_render import BatchRenderer
from ..messages.render import Rendered, RenderError, get_renderer
from ..store.db import db, utcnow
from . import messages, queries, steps
from .models import Complaint, ComplaintEvent

MAX_INCIDENTS = 100  # the most recent; a record is read by a person, not exported


def search(term: str) -> list[Customer]:
    """Live customers whose external id, email or phone is exactly `term`."""
    term = term.strip()
    if not term:
        return []
    hashes = lookup_hashes(term, term.replace(" ", ""))
    wanted = [Customer.external_id == term, Customer.email_hash == hashes["email_hash"],
              Customer.phone_hash == hashes["phone_hash"]]
    return list(db.session.execute(select(Customer).where(
        Customer.erased_at.is_(None), or_(*wanted)).order_by(Customer.id).limit(20)).scalars())


def _content_hash(r: Rendered) -> str:
    return hashlib.sha256("\x1e".join([r.subject or "", r.text or "", r.html or ""]).encode()
                          ).hexdigest()


def _delivery(d: Delivery, rendered: Rendered | None) -> dict[str, Any]:
    return {"id": d.id, "channel": d.channel, "message": d.message, "purpose": d.purpose,
            "status": d.status, "provider": d.provider, "failure_reason": d.failure_reason,
            "queued_at": iso(d.queued_at), "sent_at": iso(d.sent_at),
            "delivered_at": iso(d.delivered_at), "acked_at": iso(d.acked_at),
            "subject": rendered.subject if rendered else None,
            "text": rendered.text if rendered else None,
            # The text shown is re-rendered; True when it is byte for byte what was sent.
            "text_as_sent": bool(rendered and d.content_hash
                                 and _content_hash(rendered) == d.content_hash)}


# The send path's own renderer (`gateway.intake.render_delivery`), passed in by
# the adapters so the text shown is rendered exactly as it was sent.
RenderDelivery = Callable[..., tuple[Rendered, dict[str, str | None]]]


def _render_incident_message(render_delivery: RenderDelivery, renderer: BatchRenderer,
                             incident: Incident, customer: Customer, d: Delivery,
                             updates: dict[tuple[int, int], IncidentUpdate]) -> Rendered | None:
    if d.status in states.NOT_SENT:
        return None
    update_row = None if d.purpose == "survey" else updates.get((incident.id, d.message))
    try:
        rendered, _ = render_delivery(renderer, incident, customer, d.channel, d.message,
                                      d.purpose, update_row)
    except (RenderError, ValueError):
        return None
    return rendered


def history(customer: Customer, render_delivery: RenderDelivery) -> dict[str, Any]:
    """The whole record of one live customer (SPEC: `GET /v1/customers/{id}/history`)."""
    now = utcnow()
    deliveries = list(db.session.execute(select(Delivery).where(
        Delivery.customer_id == customer.id).order_by(Delivery.id)).scalars())
    by_incident: dict[int, list[Delivery]] = defaultdict(list)
    by_complaint: dict[int, list[Delivery]] = defaultdict(list)
    for d in deliveries:
        if d.incident_id is not None:
            by_incident[d.incident_id].append(d)
        elif d.complaint_id is not None:
            by_complaint[d.complaint_id].append(d)
    incident_ids = sorted(by_incident, reverse=True)[:MAX_INCIDENTS]
    incidents = {i.id: i for i in db.session.execute(select(Incident).where(
        Incident.id.in_(incident_ids))).scalars()}
    updates = {(u.incident_id, u.seq): u for u in db.session.execute(select(IncidentUpdate).where(
        IncidentUpdate.incident_id.in_(incident_ids))).scalars()}
    replies: dict[int | None, list[dict[str, Any]]] = defaultdict(list)
    for m in db.session.execute(select(InboundMessage).where(
            InboundMessage.customer_id == customer.id).order_by(InboundMessage.id)).scalars():
        replies[m.incident_id].append({"at": iso(m.received_at), "channel": m.channel,
                                       "kind": m.kind, "text": m.body})
    renderer = BatchRenderer(get_renderer())
    out_incidents = []
    for incident_id in incident_ids:
        incident = incidents[incident_id]
        rows = by_incident[incident_id]
        out_incidents.append({
            "id": incident.id, "kind": incident.kind, "title": incident.title,
            "severity": incident.severity, "status": incident.status,
            "created_at": iso(incident.created_at),
            "acked": any(d.acked_at is not None for d in rows),
            "deliveries": [_delivery(d, _render_incident_message(
                render_delivery, renderer, incident, customer, d, updates)) for d in rows],
            "replies": replies.get(incident_id, [])})
    settings_ = _settings()
    complaints = list(db.session.execute(select(Complaint).where(
        Complaint.customer_id == customer.id).order_by(Complaint.id.desc())).scalars())
    out_complaints = []
    surveys: list[dict[str, Any]] = []
    for c in complaints:
        item = queries.complaint_dict(c, customer.external_id, settings_, now, timeline=True)
        item["deliveries"] = [_delivery(d, _render_complaint_message(c, customer, d))
                              for d in by_complaint.get(c.id, [])]
        out_complaints.append(item)
    for e in db.session.execute(select(ComplaintEvent).where(
            ComplaintEvent.complaint_id.in_([c.id for c in complaints]),
            ComplaintEvent.action.in_(("reopened", "closed")),
            ComplaintEvent.actor == customer.external_id).order_by(ComplaintEvent.id)).scalars():
        surveys.append({"complaint_id": e.complaint_id, "incident_id": None,
                        "score": e.data.get("score"), "comment": e.data.get("comment"),
                        "at": iso(e.at)})
    for s in db.session.execute(select(SurveyResponse).where(
            SurveyResponse.customer_id == customer.id).order_by(SurveyResponse.id)).scalars():
        surveys.append({"complaint_id": None, "incident_id": s.incident_id, "score": s.score,
                        "comment": s.comment, "at": iso(s.created_at)})
    return {
        "customer": {"external_id": customer.external_id, "name": customer.name,
                     "locale": customer.locale, "timezone": customer.timezone,
                     "channels": customer.channels, "created_at": iso(customer.created_at)},
        "incidents": out_incidents, "complaints": out_complaints, "surveys": surveys,
        "replies": replies.get(None, []),
        "compensation": customer_ledger(customer.id)}


def _render_complaint_message(c: Complaint, customer: Customer, d: Delivery) -> Rendered | None:
    if d.status in states.NOT_SENT:
        return None
    try:
        return messages.render(c, customer, d.channel, d.message, d.purpose)
    except (RenderError, ValueError):
        return None


def _settings() -> steps.Settings:
    return steps.Settings.from_config()

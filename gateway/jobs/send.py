"""Sending: a batch of deliveries of one channel, through that channel's
ordered provider list, with retries, failover and a per-batch audit record.

A delivery is claimed (`queued` → `sending`) in its own commit before any
provider call, and its outcome is written after; a worker killed in between
leaves `sending` rows that the sweeper re-queues (at least once; the
duplicate window is the one batch that was in flight).
"""

from __future__ import annotations

import hashlib
import logging
import os
import random
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import and_, bindparam, case, func, insert, select, tuple_, update

from .. import metrics
from ..compensation import service as compensation
from ..complaints import messages as complaint_messages
from ..complaints.models import Complaint
from ..domain import audit, tokens
from ..domain.suppressions import CONTACT_FIELD, address_hash, contact_of, suppressed_hashes
from ..messages.batch_render import BatchRenderer
from ..messages.render import Rendered, RenderError, get_renderer
from ..providers.base import OutboundMessage, Outcome, SendResult
from ..store.db import db, read_only, utcnow
from ..store.models import Customer, Delivery, DeliveryEvent, Incident, IncidentUpdate
from . import providers, queues
from .guards import CircuitBreaker, RateLimiter

log = logging.getLogger(__name__)

BATCH_SIZE = {"email": 500, "sms": 250, "whatsapp": 250, "chat": 100}
if os.environ.get("SEND_BATCH_SIZE"):  # tuning and the naive benchmark baseline (1)
    BATCH_SIZE = dict.fromkeys(BATCH_SIZE, int(os.environ["SEND_BATCH_SIZE"]))
MAX_ATTEMPTS = 5  # per provider, the first included (SPEC)
IN_JOB_CALLS = 2  # quick retries inside the job; longer waits go to the scheduler
QUICK_RETRY_MAX_WAIT = 2.0
BACKOFF_BASE, BACKOFF_CAP = 2.0, 300.0
DELIVERIES = Delivery.__table__
CUSTOMERS = Customer.__table__
# What sending reads, and no more: decoding unused JSON and timestamps cost more
# than the queries.
LOAD_DELIVERY = tuple(DELIVERIES.c[name] for name in (
    "id", "incident_id", "complaint_id", "customer_id", "channel", "message", "purpose",
    "provider", "attempts"))
COMPLAINT_SEVERITY = "high"  # a complaining customer hears from us within seconds, day or night
LOAD_CUSTOMER = tuple(CUSTOMERS.c[name] for name in (
    "id", "external_id", "name", "locale", "timezone", "attributes",
    *sorted(set(CONTACT_FIELD.values()))))


def backoff(attempt: int, retry_after: float | None = None) -> float:
    """Exponential backoff with jitter, never shorter than Retry-After."""
    wait = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** max(attempt - 1, 0)) * random.uniform(0.5, 1.0)
    return max(wait, retry_after or 0.0)


def enqueue_batches(severity: str, pairs: Sequence[tuple[int, str]]) -> None:
    by_channel: dict[str, list[int]] = defaultdict(list)
    for delivery_id, channel in pairs:
        by_channel[channel].append(delivery_id)
    for channel, ids in by_channel.items():
        size = BATCH_SIZE[channel]
        for start in range(0, len(ids), size):
            queues.enqueue(severity, send_batch, channel, ids[start:start + size])


def on_queued(incident: Incident, pairs: list[tuple[int, str]]) -> None:
    enqueue_batches(incident.severity, pairs)


@dataclass
class Work:
    """One claimed delivery on its way to a provider."""

    delivery: Delivery
    customer: Customer
    incident: Incident | None  # None for a complaint's messages
    provider_index: int
    attempts: int  # calls to the current provider so far
    complaint: Complaint | None = None
    message: OutboundMessage | None = None
    rendered: Rendered | None = None


@dataclass
class Outcomes:
    """Everything one batch decided, written in one transaction."""

    now: datetime
    sent: list[dict[str, Any]] = field(default_factory=list)
    final: list[dict[str, Any]] = field(default_factory=list)  # failed / suppressed
    retry: list[dict[str, Any]] = field(default_factory=list)  # deferred or failed over
    events: list[dict[str, Any]] = field(default_factory=list)
    requeue: list[tuple[int, str]] = field(default_factory=list)

    def event(self, delivery_id: int, status: str, **detail: Any) -> None:
        self.events.append({"delivery_id": delivery_id, "status": status, "at": self.now,
                            "detail": {k: v for k, v in detail.items() if v is not None}})

    def finish(self, work: Work, status: str, reason: str) -> None:
        self.final.append({"b_id": work.delivery.id, "b_status": status, "b_reason": reason})
        self.event(work.delivery.id, status, reason=reason)


def claim(ids: Sequence[int]) -> list[int]:
    """`queued` → `sending` in its own commit; rows not queued are someone else's."""
    now = utcnow()
    # `status || ''`: matched by no index, so SQLite looks the ids up by primary key;
    # `status = 'queued'` made it walk the status index over every queued row
    # (650,000 in a 1M-customer dispatch: a third of the workers' time).
    result = db.session.execute(
        update(DELIVERIES).where(DELIVERIES.c.id.in_(ids), DELIVERIES.c.status + "" == "queued")
        .values(status="sending", sending_at=now, updated_at=now).returning(DELIVERIES.c.id))
    claimed = [int(row[0]) for row in result]
    db.session.commit()
    return claimed


def _load(ids: list[int], channel: str) -> list[Work]:
    """Deliveries and customers as plain rows (no ORM instances: this runs for
    every message), incidents once per batch."""
    chain = current_app.config["GATEWAY"].providers_for(channel)
    deliveries = db.session.execute(
        select(*LOAD_DELIVERY).where(DELIVERIES.c.id.in_(ids)).order_by(DELIVERIES.c.id)).all()
    customers = {row.id: row for row in db.session.execute(
        select(*LOAD_CUSTOMER).where(CUSTOMERS.c.id.in_({d.customer_id for d in deliveries})))}
    incidents = {i.id: i for i in db.session.execute(
        select(Incident).where(Incident.id.in_({d.incident_id for d in deliveries}))).scalars()}
    complaint_ids = {d.complaint_id for d in deliveries if d.complaint_id is not None}
    complaints = {c.id: c for c in db.session.execute(
        select(Complaint).where(Complaint.id.in_(complaint_ids))).scalars()
    } if complaint_ids else {}
    db.session.expunge_all()  # read-only from here: outcomes are written in bulk
    return [Work(d, customers[d.customer_id], incidents.get(d.incident_id),  # type: ignore[arg-type]
                 chain.index(d.provider) if d.provider in chain else 0, d.attempts,
                 complaint=complaints.get(d.complaint_id))
            for d in deliveries]


def _updates_for(works: list[Work]) -> dict[tuple[int, int], IncidentUpdate]:
    wanted = {(w.incident.id, w.delivery.message) for w in works
              if w.incident and w.delivery.message > 0}
    # A first notice (or escalation) that leaves after updates were posted is
    # rendered with the latest stage: keyed (incident, 0).
    latest = {w.incident.id for w in works
              if w.incident and w.delivery.message == 0 and w.incident.stage}
    found: dict[tuple[int, int], IncidentUpdate] = {}
    if wanted:
        rows = db.session.execute(select(IncidentUpdate).where(
            tuple_(IncidentUpdate.incident_id, IncidentUpdate.seq).in_(wanted))).scalars()
        found.update({(u.incident_id, u.seq): u for u in rows})
    if latest:
        newest = select(IncidentUpdate.incident_id, func.max(IncidentUpdate.seq).label("seq")).where(
            IncidentUpdate.incident_id.in_(latest), IncidentUpdate.purpose == "update"
        ).group_by(IncidentUpdate.incident_id).subquery()
        rows = db.session.execute(select(IncidentUpdate).join(newest, and_(
            newest.c.incident_id == IncidentUpdate.incident_id,
            newest.c.seq == IncidentUpdate.seq))).scalars()
        found.update({(u.incident_id, 0): u for u in rows})
    return found


def _email_headers(work: Work, links: dict[str, str | None], host: str) -> dict[str, str]:
    assert work.incident is not None
    first = f"<incident-{work.incident.id}.customer-{work.customer.id}@{host}>"
    headers = {"List-Unsubscribe": f"<{links['unsubscribe_url']}>",
               "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    if work.delivery.message == 0:
        headers["Message-ID"] = first
    else:
        headers["Message-ID"] = (f"<incident-{work.incident.id}.customer-{work.customer.id}"
                                 f".m{work.delivery.message}@{host}>")
        headers["In-Reply-To"] = headers["References"] = first
    return headers


OWN_FAMILY = ("survey", *compensation.MESSAGE_PURPOSES)  # purposes with their own templates


def render_delivery(renderer: BatchRenderer, inc: Incident, c: Any, channel: str, message: int,
                    purpose: str, update_row: IncidentUpdate | None,
                    owed: dict[str, Any] | None = None) -> tuple[Rendered, dict[str, str | None]]:
    """Render one customer's message (and its links) exactly as it will be sent.

    `owed` is the customer's compensation ledger entry when the incident uses a policy."""
    config = current_app.config["GATEWAY"]
    link_token = tokens.LinkToken(c.id, inc.id, channel, message)
    links = tokens.links(config.secret_key, config.public_url, link_token,
                         require_ack=inc.require_ack, survey=purpose == "survey")
    update = None if update_row is None else {
        "stage": update_row.stage if purpose != "no_news" else "no_news",
        "message": update_row.message, "seq": update_row.seq,
        "next_update_at": update_row.next_update_at.isoformat()
        if update_row.next_update_at else None}
    rendered = renderer.render(
        purpose if purpose in OWN_FAMILY else inc.kind, channel,
        customer={"external_id": c.external_id, "name": c.name, "locale": c.locale,
                  "timezone": c.timezone, "attributes": c.attributes},
        incident={"id": inc.id, "kind": inc.kind, "severity": inc.severity,
                  "title": inc.title, "require_ack": inc.require_ack,
                  "ack_within_minutes": inc.ack_within_minutes},
        facts=inc.facts, links=links,
        contact={"phone": config.support_phone, "email": config.support_email}, update=update,
        compensation=compensation.message_terms(owed, inc.facts, c.locale))
    return rendered, links


def _prepare(works: list[Work], outcomes: Outcomes) -> list[Work]:
    """Check contact and opt-out, render; what cannot go is finished here."""
    config = current_app.config["GATEWAY"]
    host = config.public_url.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    updates = _updates_for(works)
    hashes = {(w.delivery.channel, address_hash(w.delivery.channel, a))
              for w in works if (a := contact_of(w.customer, w.delivery.channel))}
    suppressed = suppressed_hashes(hashes)
    owed = compensation.entries_for((w.incident.id, w.customer.id) for w in works
                                    if w.incident is not None
                                    and compensation.uses_policy(w.incident.facts))
    renderer = BatchRenderer(get_renderer())
    ready = []
    for work in works:
        d, c, inc = work.delivery, work.customer, work.incident
        address = contact_of(c, d.channel)
        if not address:
            outcomes.finish(work, "suppressed", "no_contact")
            continue
        legal_notice = (inc is not None and inc.kind == "data_breach"
                        and inc.severity == "critical" and d.channel == "email")
        if (d.channel, address_hash(d.channel, address)) in suppressed and not legal_notice:
            outcomes.finish(work, "suppressed", "opted_out")
            continue
        try:
            if work.complaint is not None:
                work.rendered = complaint_messages.render(work.complaint, c, d.channel, d.message,
                                                          d.purpose)
                headers = complaint_messages.email_headers(work.complaint, d.message, host)
                links: dict[str, str | None] = {"ack_url": None}
            else:
                assert inc is not None
                update_row = None if d.purpose in OWN_FAMILY else updates.get((inc.id, d.message))
                work.rendered, links = render_delivery(renderer, inc, c, d.channel, d.message,
                                                       d.purpose, update_row,
                                                       owed.get((inc.id, c.id)))
                headers = _email_headers(work, links, host)
        except (RenderError, ValueError) as exc:
            outcomes.finish(work, "failed", f"render_error: {exc}"[:500])
            continue
        r = work.rendered
        work.message = OutboundMessage(
            delivery_id=d.id, incident_id=inc.id if inc else None, channel=d.channel, to=address,
            subject=r.subject, text=r.text or "", html=r.html,
            headers=headers if d.channel == "email" else {}, ack_url=links["ack_url"])
        ready.append(work)
    return ready


def _content_hash(r: Rendered) -> str:
    return hashlib.sha256("\x1e".join([r.subject or "", r.text or "", r.html or ""]).encode()
                          ).hexdigest()


def _accept(work: Work, result: SendResult, provider: str, outcomes: Outcomes) -> None:
    r = work.rendered
    assert r is not None
    outcomes.sent.append({"b_id": work.delivery.id, "b_provider": provider,
                          "b_pmid": result.provider_message_id, "b_template": r.template,
                          "b_version": r.template_version, "b_hash": _content_hash(r)})
    outcomes.event(work.delivery.id, "sent", provider=provider,
                   provider_message_id=result.provider_message_id,
                   locale_fallback=True if r.fell_back else None)


def _retry_later(work: Work, result: SendResult, chain: tuple[str, ...], attempts: int,
                 outcomes: Outcomes) -> None:
    """Defer with backoff; after MAX_ATTEMPTS fail over to the next provider."""
    provider = chain[work.provider_index]
    d = work.delivery
    if attempts >= MAX_ATTEMPTS or result.error == "circuit_open":
        if work.provider_index + 1 < len(chain):
            nxt = chain[work.provider_index + 1]
            outcomes.retry.append({"b_id": d.id, "b_status": "queued", "b_provider": nxt,
                                   "b_attempts": 0, "b_reason": None, "b_next": None})
            outcomes.event(d.id, "failover", provider=provider, to=nxt, error=result.error)
            outcomes.requeue.append((d.id, d.channel))
            return
        if attempts >= MAX_ATTEMPTS:
            outcomes.finish(work, "failed", f"retries_exhausted: {result.error}"[:500])
            return
    wait = backoff(attempts, result.retry_after)
    outcomes.retry.append({"b_id": d.id, "b_status": "deferred", "b_provider": provider,
                           "b_attempts": attempts, "b_reason": "retry",
                           "b_next": outcomes.now + timedelta(seconds=wait)})
    outcomes.event(d.id, "deferred", reason="retry", provider=provider, error=result.error,
                   retry_in=round(wait, 3))


def _send_with(provider_name: str, chain: tuple[str, ...], works: list[Work],
               outcomes: Outcomes) -> None:
    conn = queues.connection()
    breaker = CircuitBreaker(conn, provider_name)
    if not breaker.allows():
        for work in works:
            _retry_later(work, SendResult(work.delivery.id, Outcome.RETRYABLE, error="circuit_open",
                                          retry_after=breaker.reopens_in()),
                         chain, work.attempts, outcomes)
        return
    limiter = RateLimiter(conn, provider_name, providers.rate_limit(provider_name))
    granted = limiter.take(len(works))
    release = outcomes.now + timedelta(seconds=limiter.wait_for(len(works) - granted))
    for work in works[granted:]:
        outcomes.retry.append({"b_id": work.delivery.id, "b_status": "deferred",
                               "b_provider": provider_name, "b_attempts": work.attempts,
                               "b_reason": "rate_limit", "b_next": release})
        outcomes.event(work.delivery.id, "deferred", reason="rate_limit", provider=provider_name)
    pending = works[:granted]
    try:
        provider = providers.get(provider_name)
    except ValueError as exc:  # misconfigured (e.g. missing credentials): count as a failed call
        for work in pending:
            work.attempts += 1
            _retry_later(work, SendResult(work.delivery.id, Outcome.RETRYABLE,
                                          error=f"provider_unavailable: {exc}"),
                         chain, work.attempts, outcomes)
        return
    for call in range(IN_JOB_CALLS):
        with metrics.provider_call(pending[0].delivery.channel, provider_name):
            results = provider.send_batch([w.message for w in pending if w.message])
        again: list[tuple[Work, SendResult]] = []
        for work, result in zip(pending, results, strict=True):
            work.attempts += 1
            if result.outcome is Outcome.ACCEPTED:
                _accept(work, result, provider_name, outcomes)
            elif result.outcome is Outcome.PERMANENT:
                outcomes.finish(work, "failed", (result.error or "rejected by provider")[:500])
            else:
                again.append((work, result))
        breaker.record(ok=len(again) < len(pending))
        if not again:
            return
        wait = max((r.retry_after or 0.0 for _, r in again), default=0.0) or backoff(call + 1) / 4
        last = call == IN_JOB_CALLS - 1 or wait > QUICK_RETRY_MAX_WAIT or not breaker.allows()
        if last or any(w.attempts >= MAX_ATTEMPTS for w, _ in again):
            for work, result in again:
                _retry_later(work, result, chain, work.attempts, outcomes)
            return
        time.sleep(wait)
        pending = [w for w, _ in again]


def _write(outcomes: Outcomes, incident_id: int | None) -> None:
    now = outcomes.now
    if outcomes.sent:
        db.session.execute(
            update(DELIVERIES).where(DELIVERIES.c.id == bindparam("b_id")).values(
                status=case((DELIVERIES.c.status == "sending", "sent"), else_=DELIVERIES.c.status),
                provider=bindparam("b_provider"), provider_message_id=bindparam("b_pmid"),
                template=bindparam("b_template"), template_version=bindparam("b_version"),
                content_hash=bindparam("b_hash"), sent_at=now, updated_at=now, attempts=0,
                deferred_reason=None, next_attempt_at=None),
            outcomes.sent)
    if outcomes.final:
        db.session.execute(
            update(DELIVERIES).where(DELIVERIES.c.id == bindparam("b_id"),
                                     DELIVERIES.c.status == "sending").values(
                status=bindparam("b_status"), failure_reason=bindparam("b_reason"),
                failed_at=now, updated_at=now),
            outcomes.final)
    if outcomes.retry:
        db.session.execute(
            update(DELIVERIES).where(DELIVERIES.c.id == bindparam("b_id"),
                                     DELIVERIES.c.status == "sending").values(
                status=bindparam("b_status"), provider=bindparam("b_provider"),
                attempts=bindparam("b_attempts"), deferred_reason=bindparam("b_reason"),
                next_attempt_at=bindparam("b_next"), updated_at=now),
            outcomes.retry)
    record_events(outcomes.events, incident_id)
    db.session.commit()


def record_events(events: list[dict[str, Any]], incident_id: int | None) -> None:
    """Insert delivery events and chain one audit record over them (per batch,
    not per message, so no worker waits on the audit lock per message)."""
    if not events:
        return
    audit.lock_chain()  # before the insert: this batch's event ids form one contiguous run
    events_table = DeliveryEvent.__table__
    ids = db.session.execute(  # Core executemany: every row has the same keys
        insert(events_table).returning(events_table.c.id, sort_by_parameter_order=True),
        [{"provider_event_id": None, **e} for e in events]
    ).scalars().all()
    digest = audit.events_digest(
        (event_id, e["delivery_id"], e["status"], e["at"], e.get("provider_event_id"),
         e["detail"])
        for event_id, e in zip(ids, events, strict=True))
    audit.append("deliveries.batch", actor="worker", actor_role="system", incident_id=incident_id,
                 data={"events": len(ids), "first_event_id": min(ids), "last_event_id": max(ids),
                       "events_hash": digest})


def send_batch(channel: str, delivery_ids: list[int]) -> dict[str, int]:
    """RQ job: send one batch; returns counts for the logs."""
    claimed = claim(delivery_ids)
    if not claimed:
        return {"claimed": 0}
    read_only()  # loading and rendering must not wait for (or block) writers
    works = _load(claimed, channel)
    outcomes = Outcomes(now=utcnow())
    ready = _prepare(works, outcomes)
    db.session.commit()  # end the read transaction: never hold a lock across provider I/O
    chain = current_app.config["GATEWAY"].providers_for(channel)
    by_provider: dict[int, list[Work]] = defaultdict(list)
    for work in ready:
        by_provider[work.provider_index].append(work)
    for index, group in sorted(by_provider.items()):
        _send_with(chain[index], chain, group, outcomes)
    incidents = {w.incident.id if w.incident else None for w in works}
    _write(outcomes, incidents.pop() if len(incidents) == 1 else None)
    metrics.delivery_events(channel, outcomes.events)
    severity_of = {w.delivery.id: w.incident.severity if w.incident else COMPLAINT_SEVERITY
                   for w in works}
    failed_over: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for delivery_id, ch in outcomes.requeue:
        failed_over[severity_of[delivery_id]].append((delivery_id, ch))
    for severity, pairs in failed_over.items():
        enqueue_batches(severity, pairs)
    return {"claimed": len(claimed), "sent": len(outcomes.sent), "final": len(outcomes.final),
            "retry": len(outcomes.retry)}

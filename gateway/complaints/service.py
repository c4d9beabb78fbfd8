"""The complaint rules, in one place: intake, the statuses and their moves,
our messages to the customer, the first-contact SLA, topics and the report.

Every function works in the caller's transaction. Those that create
messages return the (delivery id, channel) pairs to enqueue *after* the
commit (`jobs.enqueue`). Every change appends a timeline event and an audit
record (the audit holds ids and statuses, never the customer's words).
Time is a parameter (`now`) so tests move the clock instead of sleeping.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import Select, and_, func, or_, select

from ..customers.models import Customer
from ..delivery import service as delivery
from ..delivery import states
from ..delivery.models import Delivery, InboundMessage
from ..domain import audit
from ..domain.fields import CHANNELS
from ..domain.quiet_hours import release_at
from ..domain.suppressions import contact_of
from ..errors import Conflict, NotFound, ValidationFailed
from ..incidents.models import Incident
from ..store.db import db, utcnow
from . import topics
from .models import Complaint, ComplaintEvent
from .schemas import AssignIn, ContactIn, ResolveIn, TopicIn

STATUSES = ("received", "acknowledged", "in_progress", "resolved", "closed", "reopened")
# The only moves there are: forward, or back to `reopened` when the survey says so.
MOVES: dict[str, frozenset[str]] = {
    "received": frozenset({"acknowledged", "in_progress"}),
    "acknowledged": frozenset({"in_progress"}),
    "in_progress": frozenset({"resolved"}),
    "resolved": frozenset({"closed", "reopened"}),
    "closed": frozenset({"reopened"}),  # a late low survey score still reopens it
    "reopened": frozenset({"in_progress"}),
}
WAITING_FOR_CONTACT = ("received", "acknowledged", "reopened")
OPEN = (*WAITING_FOR_CONTACT, "in_progress")
ANSWERED_BY_EMAIL = ("phone", "web")  # we cannot call back through the gateway
LOW_SCORE = 2  # a survey score of 1-2 reopens the complaint
CLOSE_UNANSWERED_AFTER = timedelta(days=7)  # after the survey, silence closes it
SENT = states.SENT_OR_BETTER
FUTURE_SKEW = timedelta(minutes=1)
Pairs = list[tuple[int, str]]


@dataclass(frozen=True)
class Settings:
    """What the rules need from the configuration."""

    first_contact_minutes: float = 15.0
    followup_delay_hours: float = 72.0

    @property
    def window(self) -> timedelta:
        return timedelta(minutes=self.first_contact_minutes)

    @property
    def warn_before(self) -> timedelta:
        """Staff are alerted this long before a contact is due: 5 minutes, or a third of
        the window when it is shorter."""
        return min(timedelta(minutes=5), self.window / 3)


@dataclass
class Outcome:
    complaint: Complaint
    enqueue: Pairs = field(default_factory=list)


# -- steps: status moves, the timeline and the audit trail -------------------------------


def _step(c: Complaint, action: str, *, actor: str, actor_role: str, now: datetime,
          to: str | None = None, data: dict[str, Any] | None = None,
          audit_data: dict[str, Any] | None = None) -> None:
    """Record one step: move the status (if `to`), add a timeline event, append to the audit."""
    before = c.status
    if to is not None and to != before:
        if to not in MOVES[before]:
            raise Conflict(f"Complaint {c.id} is '{before}'; it cannot become '{to}'.",
                           code="complaint_status")
        c.status = to
    db.session.add(ComplaintEvent(complaint_id=c.id, at=now, actor=actor, action=action,
                                  status=c.status, data=data or {}))
    audit.append(f"complaint.{action}", actor=actor, actor_role=actor_role,
                 incident_id=c.incident_id,
                 data={"complaint_id": c.id, "from": before, "to": c.status,
                       **(audit_data or {})})


def _open_for_staff(c: Complaint) -> None:
    if c.status == "closed":
        raise Conflict(f"Complaint {c.id} is closed.", code="complaint_status")


# -- our messages to the customer ---------------------------------------------------------


def reply_channel(customer: Customer, channel: str) -> str | None:
    """Where we answer: the channel they used (email for phone and web), else the
    first of their channels we have an address for; None when there is none."""
    wanted = "email" if channel in ANSWERED_BY_EMAIL else channel
    order = [wanted, *(customer.channels or CHANNELS), *CHANNELS]
    return next((ch for ch in dict.fromkeys(order) if contact_of(customer, ch)), None)


def _message(c: Complaint, purpose: str, now: datetime, *, quiet_hours: bool = False) -> Pairs:
    """Create the delivery of one message of this complaint (`message` counts them)."""
    if c.reply_channel is None:
        return []
    c.messages += 1
    row: dict[str, Any] = {
        "incident_id": None, "complaint_id": c.id, "customer_id": c.customer_id,
        "channel": c.reply_channel, "message": c.messages, "purpose": purpose,
        "status": "queued", "queued_at": now, "updated_at": now, "attempts": 0}
    if quiet_hours:  # nobody is woken up for a survey
        timezone = db.session.execute(select(Customer.timezone).where(
            Customer.id == c.customer_id)).scalar_one()
        wait = release_at("low", timezone, now)
        if wait is not None:
            row.update(status="deferred", deferred_reason="quiet_hours", next_attempt_at=wait)
    ids = delivery.create_deliveries([row], want_ids=True)
    return [(int(ids[0]), c.reply_channel)] if ids and row["status"] == "queued" else []


# -- intake ------------------------------------------------------------------------------


def receive(customer: Customer, *, channel: str, text: str, source: str, actor: str,
            actor_role: str, settings: Settings, incident_id: int | None = None,
            topic: str | None = None, received_at: datetime | None = None,
            now: datetime | None = None) -> Outcome:
    """Open a complaint and queue its acknowledgement (sent within seconds)."""
    now = now or utcnow()
    received = received_at or now
    if received > now + FUTURE_SKEW:
        raise ValidationFailed("The complaint is not valid.", [
            {"field": "received_at", "message": "must not be in the future"}])
    locale = customer.locale or "en"
    c = Complaint(customer_id=customer.id, incident_id=incident_id, source=source,
                  channel=channel, reply_channel=reply_channel(customer, channel), text=text,
                  locale=locale, topic=topic or topics.classify(text, locale),
                  topic_source="intake" if topic else "rules", status="received",
                  received_at=received, first_contact_due=received + settings.window,
                  contact_due=received + settings.window, messages=0, created_by=actor,
                  updated_at=now)
    db.session.add(c)
    db.session.flush()
    _step(c, "received", actor=actor, actor_role=actor_role, now=received,
          data={"source": source, "channel": channel, "topic": c.topic,
                "incident_id": incident_id},
          audit_data={"customer": customer.external_id, "source": source, "topic": c.topic})
    pairs = _message(c, "complaint_ack", now)
    if c.reply_channel is None:
        db.session.add(ComplaintEvent(complaint_id=c.id, at=now, actor="gateway",
                                      action="no_reply_channel", status=c.status, data={}))
    return Outcome(c, pairs)


def open_complaint_of(customer_id: int) -> Complaint | None:
    return db.session.execute(select(Complaint).where(
        Complaint.customer_id == customer_id, Complaint.status.in_(OPEN))
        .order_by(Complaint.id.desc()).limit(1)).scalar_one_or_none()


def from_reply(inbound: InboundMessage, settings: Settings,
               now: datetime | None = None) -> Outcome | None:
    """An SMS/WhatsApp reply that is neither OK nor STOP.

    A customer with an open complaint is answering it: the words join its
    timeline. Otherwise a new complaint opens, linked to the incident they
    replied to. Unknown senders stay a reply for a person (no customer to answer).
    """
    now = now or utcnow()
    if inbound.customer_id is None:
        return None
    customer = db.session.get_one(Customer, inbound.customer_id)
    if customer.erased_at is not None:
        return None
    current = open_complaint_of(customer.id)
    if current is not None:
        _step(current, "customer_wrote", actor=customer.external_id, actor_role="customer",
              now=now, data={"channel": inbound.channel, "text": inbound.body})
        return Outcome(current)
    return receive(customer, channel=inbound.channel, text=inbound.body, source="reply",
                   actor=customer.external_id, actor_role="customer", settings=settings,
                   incident_id=inbound.incident_id, received_at=inbound.received_at, now=now)


def from_chat(customer: Customer, text: str, incident_id: int | None, settings: Settings,
              now: datetime | None = None) -> Outcome:
    """A reply that came back through the customer's chat webhook."""
    now = now or utcnow()
    current = open_complaint_of(customer.id)
    if current is not None:
        _step(current, "customer_wrote", actor=customer.external_id, actor_role="customer",
              now=now, data={"channel": "chat", "text": text})
        return Outcome(current)
    return receive(customer, channel="chat", text=text, source="reply",
                   actor=customer.external_id, actor_role="customer", settings=settings,
                   incident_id=incident_id, now=now)


def from_incident_survey(customer_id: int, incident_id: int, channel: str, score: int,
                         comment: str | None, settings: Settings,
                         now: datetime | None = None) -> Outcome | None:
    """An incident's survey answered 1-2 with a comment is a complaint."""
    if score > LOW_SCORE or not comment:
        return None
    customer = db.session.get_one(Customer, customer_id)
    return receive(customer, channel=channel, text=comment, source="survey",
                   actor=customer.external_id, actor_role="customer", settings=settings,
                   incident_id=incident_id, now=now)


# -- staff actions --------------------------------------------------------------------------


def get(complaint_id: int, *, for_update: bool = False) -> Complaint:
    """A complaint of a customer who was not erased; 404 otherwise."""
    query = select(Complaint).join(Customer, Customer.id == Complaint.customer_id).where(
        Complaint.id == complaint_id, Customer.erased_at.is_(None))
    if for_update and db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(of=Complaint)
    c = db.session.execute(query).scalar_one_or_none()
    if c is None:
        raise NotFound(f"No complaint {complaint_id}.", code="complaint_not_found")
    return c


def assign(c: Complaint, owner: str, *, actor: str, actor_role: str,
           now: datetime | None = None) -> None:
    _open_for_staff(c)
    previous, c.owner = c.owner, owner
    _step(c, "assigned", actor=actor, actor_role=actor_role, now=now or utcnow(),
          data={"owner": owner, "previous": previous},
          audit_data={"owner": owner, "previous": previous})


def contact(c: Complaint, note: str, *, actor: str, actor_role: str,
            now: datetime | None = None) -> None:
    """A person spoke to the customer: the first contact (or a later one, or a note)."""
    now = now or utcnow()
    _open_for_staff(c)
    if c.status == "resolved":
        raise Conflict(f"Complaint {c.id} is resolved; it reopens only when the customer says "
                       "it is not fixed.", code="complaint_status")
    first = c.first_contact_at is None
    if first:
        c.first_contact_at = now
        if now > c.first_contact_due and c.breached_at is None:
            c.breached_at = c.first_contact_due
    c.contact_due = None
    c.owner = c.owner or actor
    _step(c, "contacted" if c.status != "in_progress" else "note", actor=actor,
          actor_role=actor_role, now=now, to="in_progress",
          data={"note": note, "first_contact": first},
          audit_data={"first_contact": first, "late": bool(first and c.breached_at)})


def _lint_for_customer(fields: dict[str, str | None], locale: str) -> None:
    """Text sent to the customer follows the same writing rules as everything else."""
    from ..messages.lint import lint_text

    errors = [(name, f) for name, text in fields.items() if text
              for f in lint_text(text, locale if locale in topics.locales() else "en", name)
              if f.severity == "error"]
    if errors:
        raise ValidationFailed(
            "The text breaks the writing rules customers are owed; nothing was sent.",
            [{"field": name, "message": f.message, "code": f.code, "span": list(f.span),
              "suggestion": f.suggestion} for name, f in errors])


def resolve(c: Complaint, resolution: str, offer: str | None, *, actor: str, actor_role: str,
            settings: Settings, now: datetime | None = None) -> Pairs:
    """Record what we did, send it to the customer, and schedule the follow-up survey."""
    now = now or utcnow()
    if c.status != "in_progress":
        raise Conflict(f"Complaint {c.id} is '{c.status}'; record the contact with the "
                       "customer first.", code="complaint_status")
    _lint_for_customer({"resolution": resolution, "offer": offer}, c.locale)
    c.resolution, c.offer = resolution, offer
    c.resolved_at = c.resolved_at or now
    c.survey_due_at = now + timedelta(hours=settings.followup_delay_hours)
    c.survey_sent_at = c.survey_answered_at = None
    _step(c, "resolved", actor=actor, actor_role=actor_role, now=now, to="resolved",
          data={"resolution": resolution, "offer": offer,
                "survey_due_at": iso(c.survey_due_at)},
          audit_data={"offer": offer is not None})
    return _message(c, "complaint_feedback", now)


def correct_topic(c: Complaint, topic: str, *, actor: str, actor_role: str,
                  now: datetime | None = None) -> None:
    """Staff know better than the rules; the correction is kept (rules never override it)."""
    previous = c.topic
    c.topic, c.topic_source = topic, "staff"
    _step(c, "topic_corrected", actor=actor, actor_role=actor_role, now=now or utcnow(),
          data={"topic": topic, "previous": previous},
          audit_data={"topic": topic, "previous": previous})


StaffAction = AssignIn | ContactIn | ResolveIn | TopicIn


def act(c: Complaint, body: StaffAction, *, actor: str, actor_role: str,
        settings: Settings) -> Pairs:
    """One staff action (API or console): what it changes, and the messages to send."""
    if isinstance(body, AssignIn):
        assign(c, body.owner, actor=actor, actor_role=actor_role)
    elif isinstance(body, ContactIn):
        contact(c, body.note, actor=actor, actor_role=actor_role)
    elif isinstance(body, ResolveIn):
        return resolve(c, body.resolution, body.offer, actor=actor, actor_role=actor_role,
                       settings=settings)
    else:
        correct_topic(c, body.topic, actor=actor, actor_role=actor_role)
    return []


# -- the follow-up survey -----------------------------------------------------------------


def survey_target(complaint_id: int, customer_id: int, message: int) -> Complaint | None:
    """The complaint a survey link points at, while the customer is not erased."""
    c = db.session.get(Complaint, complaint_id)
    if c is None or c.customer_id != customer_id or c.survey_message != message:
        return None
    customer = db.session.get(Customer, customer_id)
    return c if customer is not None and customer.erased_at is None else None


def answer_survey(c: Complaint, score: int, comment: str | None, settings: Settings,
                  now: datetime | None = None) -> Pairs:
    """Record the answer once; 1-2 reopens the complaint (a person contacts them again)."""
    now = now or utcnow()
    if c.survey_answered_at is not None:
        return []
    c.survey_answered_at = now
    customer = db.session.get_one(Customer, c.customer_id)
    data = {"score": score, "comment": comment, "message": c.survey_message}
    if score <= LOW_SCORE:
        c.contact_due = now + settings.window
        c.warned_at = None
        c.closed_at = None
        _step(c, "reopened", actor=customer.external_id, actor_role="customer", now=now,
              to="reopened", data=data, audit_data={"score": score})
        return _message(c, "complaint_ack", now)
    c.closed_at = now
    _step(c, "closed", actor=customer.external_id, actor_role="customer", now=now, to="closed",
          data=data, audit_data={"score": score})
    return []


def send_due_surveys(settings: Settings, now: datetime | None = None) -> Pairs:
    """FOLLOWUP_DELAY_HOURS after the resolution, ask whether it is really fixed."""
    now = now or utcnow()
    pairs: Pairs = []
    for c in db.session.execute(select(Complaint).where(
            Complaint.status == "resolved", Complaint.survey_sent_at.is_(None),
            Complaint.survey_due_at <= now)).scalars().all():
        created = _message(c, "complaint_survey", now, quiet_hours=True)
        c.survey_message, c.survey_sent_at = c.messages, now
        _step(c, "survey_sent", actor="scheduler", actor_role="system", now=now,
              data={"message": c.messages, "channel": c.reply_channel})
        pairs += created
    return pairs


def close_unanswered(now: datetime | None = None) -> int:
    """A week after the survey with no answer, the complaint is closed."""
    now = now or utcnow()
    rows = db.session.execute(select(Complaint).where(
        Complaint.status == "resolved", Complaint.survey_answered_at.is_(None),
        Complaint.survey_sent_at <= now - CLOSE_UNANSWERED_AFTER)).scalars().all()
    for c in rows:
        c.closed_at = now
        _step(c, "closed", actor="scheduler", actor_role="system", now=now, to="closed",
              data={"reason": "no_survey_answer"})
    return len(rows)


# -- acknowledgement and the SLA watch ------------------------------------------------------


def mark_acknowledged(now: datetime | None = None) -> int:
    """`received` → `acknowledged` once the acknowledgement is in the provider's hands."""
    now = now or utcnow()
    rows = db.session.execute(
        select(Complaint, Delivery.id, Delivery.channel, Delivery.sent_at)
        .join(Delivery, and_(Delivery.complaint_id == Complaint.id,
                             Delivery.purpose == "complaint_ack"))
        .where(Complaint.status == "received", Delivery.status.in_(SENT))).all()
    for c, delivery_id, channel, sent_at in rows:
        if c.status != "received":
            continue  # two acks (a reopened one) for one complaint
        c.acknowledged_at = sent_at or now
        _step(c, "acknowledged", actor="gateway", actor_role="system", now=c.acknowledged_at,
              to="acknowledged", data={"delivery_id": int(delivery_id), "channel": channel})
    return len(rows)


def due_soon(c: Complaint, settings: Settings, now: datetime) -> bool:
    return (c.status in WAITING_FOR_CONTACT and c.contact_due is not None
            and c.contact_due - settings.warn_before <= now <= c.contact_due)


def is_breached(c: Complaint, now: datetime) -> bool:
    """The first contact came after `first_contact_due`, or has not come and it passed
    (or the SLA watch already recorded the miss)."""
    if c.breached_at is not None:
        return True
    if c.first_contact_at is not None:
        return c.first_contact_at > c.first_contact_due
    return now > c.first_contact_due


ALERT_WORDING = {"due_soon": "needs a person to contact the customer by",
                 "overdue": "was due a contact with the customer at",
                 "breached": "missed its first-contact time of"}


def _alert_staff(kind: str, c: Complaint, external_id: str, due: datetime) -> None:
    """A durable staff alert (webhook and on-call email, retried from its row)."""
    from ..alerts.service import raise_alert

    link = f"{current_app.config['GATEWAY'].public_url}/console/complaints/{c.id}"
    subject = f"Complaint {c.id} ({c.topic}) {ALERT_WORDING[kind]} {iso(due)}"
    text = (f"Complaint {c.id} ({c.topic}, customer {external_id}, owner {c.owner or 'nobody'}) "
            f"{ALERT_WORDING[kind]} {iso(due)}: {link}")
    raise_alert(f"complaint.{kind}", f"complaint:{c.id}", subject, text, {
        "complaint_id": c.id, "customer_id": external_id, "topic": c.topic, "owner": c.owner,
        "due": iso(due), "url": link})


def sla_alerts(settings: Settings, now: datetime | None = None) -> int:
    """Alert staff once for each complaint whose contact is nearly due, and once for
    each newly breached one; returns how many were alerted.

    The alerts are rows written in this transaction, sent (and retried) by the
    scheduler, so a failed post is never lost and never repeated once taken.
    """
    now = now or utcnow()
    rows = db.session.execute(
        select(Complaint, Customer.external_id).join(Customer, Customer.id == Complaint.customer_id)
        .where(Complaint.status.in_(WAITING_FOR_CONTACT), Complaint.contact_due.is_not(None),
               or_(and_(Complaint.warned_at.is_(None),
                        Complaint.contact_due <= now + settings.warn_before),
                   and_(Complaint.breached_at.is_(None), Complaint.first_contact_at.is_(None),
                        Complaint.first_contact_due < now)))).all()
    for c, external_id in rows:
        if c.breached_at is None and c.first_contact_at is None and now > c.first_contact_due:
            c.breached_at = c.first_contact_due
            c.warned_at = c.warned_at or now  # the breach alert says it all
            _step(c, "sla_breached", actor="scheduler", actor_role="system", now=now,
                  data={"first_contact_due": iso(c.first_contact_due)})
            _alert_staff("breached", c, external_id, c.first_contact_due)
        elif c.warned_at is None and c.contact_due is not None:
            c.warned_at = now
            db.session.add(ComplaintEvent(complaint_id=c.id, at=now, actor="scheduler",
                                          action="staff_alerted", status=c.status,
                                          data={"contact_due": iso(c.contact_due)}))
            _alert_staff("due_soon" if now <= c.contact_due else "overdue", c, external_id,
                         c.contact_due)
    return len(rows)


# -- reading: the list, one complaint, the report, counts by topic ---------------------------


def iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else None


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
    query = _live()
    if status:
        query = query.where(Complaint.status == status)
    if topic:
        query = query.where(Complaint.topic == topic)
    if owner:
        query = query.where(Complaint.owner == owner)
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
    query = select(Complaint)
    if since is not None:
        query = query.where(Complaint.received_at >= since)
    if until is not None:
        query = query.where(Complaint.received_at < until)
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


def live_customer(external_id: str) -> Customer | None:
    return db.session.execute(select(Customer).where(
        Customer.external_id == external_id, Customer.erased_at.is_(None))).scalar_one_or_none()


def external_id_of(customer_id: int) -> str:
    return str(db.session.execute(select(Customer.external_id).where(
        Customer.id == customer_id)).scalar_one())


def incident_exists(incident_id: int) -> bool:
    return db.session.get(Incident, incident_id) is not None


# -- erasure -------------------------------------------------------------------------------


def erase_customer(customer_id: int) -> None:
    """The customer's words and our notes go; counts and the audit trail stay."""
    ids = select(Complaint.id).where(Complaint.customer_id == customer_id)
    db.session.execute(ComplaintEvent.__table__.delete().where(
        ComplaintEvent.complaint_id.in_(ids)))
    db.session.execute(Complaint.__table__.update().where(
        Complaint.customer_id == customer_id).values(
        text="[erased]", resolution=None, offer=None, owner=None))

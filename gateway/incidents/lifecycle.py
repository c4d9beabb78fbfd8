"""The conversation after the first notice: acks, escalation, updates,
promised updates, resolution, the follow-up survey, opt-outs and replies.

Every function here works in the caller's transaction and returns the
(delivery id, channel) pairs that must be enqueued *after* the commit, so a
fast worker never looks for a row that is not there yet. Time is a parameter
(`now`) so tests move the clock instead of sleeping.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import and_, delete, exists, func, or_, select, update

from ..audit import chain as audit
from ..customers.models import Customer
from ..customers.suppressions import (
    CONTACT_FIELD,
    address_hash,
    contact_of,
    suppress,
    suppressed_hashes,
)
from ..delivery import service as delivery
from ..delivery.channels import plan_channels
from ..delivery.models import Delivery, InboundMessage
from ..delivery.quiet_hours import release_at
from ..delivery.states import (
    ACKED,
    DEFERRED,
    IN_HANDS,
    PENDING,
    QUEUED,
    SENT_OR_BETTER,
    TERMINAL_MISS,
    allowed_from,
)
from ..delivery.tracking import insert_ignoring
from ..errors import Conflict, ValidationFailed
from ..incidents.models import (
    Followup,
    Incident,
    IncidentUpdate,
    SurveyResponse,
    UnreachedCustomer,
    UpdatePromise,
)
from ..store.db import db, utcnow
from ..vocabulary import DateTime, NonBlankText
from . import promised_times
from .audience import language_findings, locales_of_snapshot

log = logging.getLogger(__name__)

ACTIVE = ("dispatching", "dispatched")
WAITING = PENDING
EVERY_UPDATE_CHANNELS = ("email", "chat")  # SMS/WhatsApp: resolved and no_news only
SHORT_STAGES = ("resolved", "no_news")
HOLD = timedelta(seconds=120)  # an update waits at most this long per check for its first message
WARN_BEFORE = timedelta(minutes=15)
NO_NEWS_MIN, NO_NEWS_MAX = timedelta(minutes=30), timedelta(hours=4)
CHUNK = 5000
Pairs = list[tuple[int, str]]

ACK_WORDS = frozenset({"OK", "1", "YES", "收到", "好的"})
# The SPEC's three, plus the other words carriers and Twilio treat as opt-out.
STOP_WORDS = frozenset({"STOP", "UNSUBSCRIBE", "退订", "STOPALL", "CANCEL", "END", "QUIT"})
REPLIES = {
    "en": {
        "stop_sms": "You will get no more text messages from us. To talk to a person, "
                    "call {phone}.",
        "stop_whatsapp": "You will get no more WhatsApp messages from us. To talk to a person, "
                         "call {phone}.",
        "ack": "Thank you. We know our message reached you, and we will keep you posted.",
    },
    "zh-CN": {
        "stop_sms": "您将不再收到我们的短信。如需人工帮助，请致电 {phone}。",
        "stop_whatsapp": "您将不再收到我们的 WhatsApp 消息。如需人工帮助，请致电 {phone}。",
        "ack": "谢谢您。我们已确认您收到了消息，之后会继续向您通报进展。",
    },
}


# -- acknowledgement -------------------------------------------------------------------


def acknowledge(customer_id: int, incident_id: int, *, via: str, channel: str | None = None,
                message: int | None = None, now: datetime | None = None) -> bool:
    """Record that the customer got the incident's message; True the first time.

    The customer's first-notice deliveries in the provider's hands become
    `acked` (and the one the link or reply came from), pending escalations
    are canceled, and the escalation sweep sees the ack on every channel.
    Idempotent: a second ack changes nothing.
    """
    now = now or utcnow()
    mine = and_(Delivery.incident_id == incident_id, Delivery.customer_id == customer_id)
    already = db.session.execute(
        select(exists().where(mine, Delivery.acked_at.is_not(None)))).scalar_one()
    origin = (Delivery.channel == channel) & (Delivery.message == message) \
        if channel is not None and message is not None else Delivery.message == 0
    ids = db.session.execute(select(Delivery.id).where(
        mine, or_(Delivery.message == 0, origin),
        Delivery.status.in_(allowed_from(ACKED)))).scalars().all()
    journal = delivery.Journal("ack")
    moved = delivery.acknowledge(list(ids), now, journal, via)
    if not moved and not already:
        # Acked from a message whose status we never heard back about as
        # delivered (e.g. a failed-over copy): note the ack without a status change.
        row = db.session.execute(select(Delivery.id).where(mine, origin)
                                 .order_by(Delivery.id.desc()).limit(1)).scalar_one_or_none()
        if row is not None:
            delivery.note_ack(row, now)
            journal.add(row, "ack_noted", now, incident_id, via=via)
    delivery.cancel(and_(mine, Delivery.purpose == "escalation"), "acknowledged", now, journal,
                    via=via)
    db.session.execute(delete(UnreachedCustomer).where(  # reached after all
        UnreachedCustomer.incident_id == incident_id, UnreachedCustomer.customer_id == customer_id))
    journal.write()
    return not already


# -- which customers an update reaches -----------------------------------------------


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


# -- updates, resolution, promises -------------------------------------------------------


Stage = Literal["investigating", "identified", "monitoring", "resolved"]


class UpdateIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={
        "allOf": [{"anyOf": [{"properties": {"stage": {"not": {"const": "resolved"}}}},
                             {"properties": {"next_update_at": {"type": "null"}}}]}],
        "description": "A `resolved` update promises no further update (no `next_update_at`)."})
    stage: Stage
    message: NonBlankText = Field(max_length=4000)
    next_update_at: DateTime | None = Field(
        None, description="When we write next (a promise the gateway tracks); not with `resolved`.")


@dataclass
class Posted:
    body: dict[str, Any]
    enqueue: Pairs = field(default_factory=list)


def _lint_update(message: str) -> list[dict[str, Any]]:
    import dataclasses

    from ..messages.lint import lint_facts

    return [f if isinstance(f, dict) else dataclasses.asdict(f)
            for f in lint_facts({}, update_message=message)]


def _same_language_as_facts(facts: Any, message: str) -> None:
    """An update is inserted into messages that repeat the facts: it must be written in a
    language the facts are in (a message is in one language), else 422 naming `message`."""
    from ..messages.context import is_keyed_by_locale
    from ..messages.language import detect_language, facts_language, language_name

    written = detect_language(message)
    have = (list(facts) if is_keyed_by_locale(facts)
            else [lang] if isinstance(facts, dict) and (lang := facts_language(facts)) else [])
    if written is None or not have or any(
            h.split("-")[0].lower() == written.split("-")[0] for h in have):
        return
    facts_in = " or ".join(language_name(h) for h in have)
    raise ValidationFailed(
        f"The update is written in {language_name(written)}, but the incident's facts are in "
        f"{facts_in}: write the update in {facts_in}, so no customer gets two languages in "
        "one message.",
        [{"field": "message", "code": "language_mismatch",
          "message": f"written in {language_name(written)}; the facts are in {facts_in}"}])


def post_update(incident: Incident, body: UpdateIn, *, actor: str, actor_role: str,
                followup_delay_hours: float, now: datetime | None = None) -> Posted:
    """Post an update (SPEC: `POST /v1/incidents/{id}/updates`) in the open transaction."""
    now = now or utcnow()
    if incident.status not in ACTIVE:
        raise Conflict(f"Incident {incident.id} is '{incident.status}'; updates go to incidents "
                       "that are being or have been dispatched.", code="incident_not_active")
    if body.next_update_at is not None and body.stage == "resolved":
        raise ValidationFailed("The update is not valid.", [{
            "field": "next_update_at", "message": "a resolved update promises no further update"}])
    promised_times.require_next_update_ahead(body.next_update_at, now)
    lint = _lint_update(body.message)
    errors = [f for f in lint if f["severity"] == "error"]
    if errors:
        raise ValidationFailed(
            "The message breaks the writing rules customers are owed; nothing was sent.",
            [{"field": f["field"], "message": f["message"], "code": f["code"], "span": f["span"],
              "suggestion": f.get("suggestion")} for f in errors], )
    _same_language_as_facts(incident.facts, body.message)
    lint += language_findings(incident.facts, locales_of_snapshot(incident.id), body.message,
                              field="message")
    seq = next_seq(incident)
    targets = [(c, ch) for c, ch in reached_rows(incident)
               if ch in EVERY_UPDATE_CHANNELS or body.stage in SHORT_STAGES]
    upd = IncidentUpdate(incident_id=incident.id, seq=seq, purpose="update", stage=body.stage,
                         message=body.message, next_update_at=body.next_update_at,
                         created_by=actor, recipients=len(targets), created_at=now)
    db.session.add(upd)
    db.session.flush()
    pairs = create_messages(incident, seq, "update", targets, now)
    incident.stage = body.stage
    incident.next_update_at = body.next_update_at
    _close_promise(incident.id, seq, now)
    if body.next_update_at is not None:
        _open_promise(incident.id, seq, now, body.next_update_at)
    audit.append("update.posted", actor=actor, actor_role=actor_role, incident_id=incident.id,
                 data={"seq": seq, "stage": body.stage, "recipients": len(targets),
                       "next_update_at": body.next_update_at.isoformat()
                       if body.next_update_at else None,
                       "lint_warnings": [f["code"] for f in lint]})
    if body.stage == "resolved":
        incident.status, incident.resolved_at = "resolved", now
        due = now + timedelta(hours=followup_delay_hours)
        db.session.add(Followup(incident_id=incident.id, due_at=due))
        audit.append("incident.resolved", actor=actor, actor_role=actor_role,
                     incident_id=incident.id,
                     data={"seq": seq, "survey_due_at": due.isoformat()})
    response = {"id": upd.id, "incident_id": incident.id, "message": seq, "stage": body.stage,
                "recipients": len(targets), "incident_status": incident.status,
                "next_update_at": body.next_update_at.isoformat() if body.next_update_at else None,
                "lint": lint}
    return Posted(response, pairs)


def _open_promise(incident_id: int, seq: int, made_at: datetime, due: datetime) -> None:
    insert_ignoring(UpdatePromise, [{"incident_id": incident_id, "made_by_seq": seq,
                                     "made_at": made_at, "due_at": due, "status": "open"}])


def _close_promise(incident_id: int, seq: int, now: datetime) -> None:
    """An update posted: the open promise is kept when on time, else broken."""
    for promise in db.session.execute(select(UpdatePromise).where(
            UpdatePromise.incident_id == incident_id, UpdatePromise.status == "open")).scalars():
        promise.status = "kept" if now <= promise.due_at else "broken"
        promise.closed_at, promise.kept_by_seq = now, seq


def _no_news_due(promise: UpdatePromise) -> timedelta:
    """The next promise after a missed one: the same rhythm, within 30 minutes to 4 hours."""
    return min(NO_NEWS_MAX, max(NO_NEWS_MIN, promise.due_at - promise.made_at))


def send_no_news(incident: Incident, promise: UpdatePromise, now: datetime) -> Pairs:
    """The honest "no news yet, next update at …" message, on every channel."""
    seq = next_seq(incident)
    due = now + _no_news_due(promise)
    targets = reached_rows(incident)
    db.session.add(IncidentUpdate(
        incident_id=incident.id, seq=seq, purpose="no_news",
        stage=incident.stage or "investigating",
        message="", next_update_at=due, created_by="scheduler", recipients=len(targets),
        created_at=now))
    db.session.flush()
    pairs = create_messages(incident, seq, "no_news", targets, now)
    promise.no_news_seq = seq
    incident.next_update_at = due
    _open_promise(incident.id, seq, now, due)
    audit.append("update.no_news", actor="scheduler", actor_role="system", incident_id=incident.id,
                 data={"seq": seq, "missed_due_at": promise.due_at.isoformat(),
                       "next_update_at": due.isoformat(), "recipients": len(targets)})
    return pairs


def check_promises(now: datetime | None = None) -> dict[Incident, Pairs]:
    """Track promised updates: open them, warn 15 minutes ahead, handle missed ones.

    Returns pairs to enqueue per incident (after the caller commits).
    """
    now = now or utcnow()
    # Promises from the incidents' own facts (and any the API did not open).
    missing = db.session.execute(
        select(Incident.id, Incident.next_update_at, Incident.created_at)
        .where(Incident.status.in_(ACTIVE), Incident.next_update_at.is_not(None),
               ~exists().where(UpdatePromise.incident_id == Incident.id,
                               UpdatePromise.status == "open"),
               ~exists().where(UpdatePromise.incident_id == Incident.id,
                               UpdatePromise.due_at == Incident.next_update_at))).all()
    for incident_id, due, created_at in missing:
        last = db.session.execute(select(func.max(IncidentUpdate.seq)).where(
            IncidentUpdate.incident_id == incident_id)).scalar_one()
        if due is not None:  # selected with next_update_at IS NOT NULL
            _open_promise(int(incident_id), int(last or 0), created_at or now, due)
    # Promises of incidents no longer running are void.
    db.session.execute(update(UpdatePromise).where(
        UpdatePromise.status == "open",
        UpdatePromise.incident_id.in_(select(Incident.id).where(Incident.status.not_in(ACTIVE))))
        .values(status="void", closed_at=now).execution_options(synchronize_session=False))
    for promise in db.session.execute(select(UpdatePromise).where(
            UpdatePromise.status == "open", UpdatePromise.warned_at.is_(None),
            UpdatePromise.due_at > now, UpdatePromise.due_at <= now + WARN_BEFORE)).scalars():
        promise.warned_at = now
        audit.append("promise.due_soon", actor="scheduler", actor_role="system",
                     incident_id=promise.incident_id,
                     data={"promise_id": promise.id, "due_at": promise.due_at.isoformat(),
                           "made_by_seq": promise.made_by_seq})
    out: dict[Incident, Pairs] = {}
    for promise in db.session.execute(select(UpdatePromise).where(
            UpdatePromise.status == "open", UpdatePromise.due_at <= now)
            .order_by(UpdatePromise.id)).scalars().all():
        incident = db.session.get_one(Incident, promise.incident_id)
        promise.status, promise.closed_at = "broken", now
        audit.append("promise.broken", actor="scheduler", actor_role="system",
                     incident_id=incident.id,
                     data={"promise_id": promise.id, "due_at": promise.due_at.isoformat(),
                           "auto_no_news": incident.auto_no_news})
        if incident.auto_no_news and incident.status in ACTIVE:
            out[incident] = send_no_news(incident, promise, now)
    return out


# -- follow-up survey ------------------------------------------------------------------


def send_due_surveys(now: datetime | None = None) -> dict[Incident, Pairs]:
    """Invite customers to the follow-up survey once FOLLOWUP_DELAY_HOURS have passed."""
    now = now or utcnow()
    out: dict[Incident, Pairs] = {}
    for followup in db.session.execute(select(Followup).where(
            Followup.sent_at.is_(None), Followup.due_at <= now)).scalars().all():
        incident = db.session.get_one(Incident, followup.incident_id)
        seq = next_seq(incident)
        targets = reached_rows(incident, SENT_OR_BETTER)
        db.session.add(IncidentUpdate(
            incident_id=incident.id, seq=seq, purpose="survey", stage="resolved", message="",
            created_by="scheduler", recipients=len(targets), created_at=now))
        db.session.flush()
        # Nobody is woken up for a survey: quiet hours always apply.
        out[incident] = create_messages(incident, seq, "survey", targets, now, quiet_severity="low")
        followup.sent_at, followup.seq, followup.recipients = now, seq, len(targets)
        audit.append("survey.sent", actor="scheduler", actor_role="system", incident_id=incident.id,
                     data={"seq": seq, "recipients": len(targets)})
    return out


def record_survey(customer_id: int, incident_id: int, channel: str, score: int,
                  comment: str | None, now: datetime | None = None) -> bool:
    """Store the answer; True when it is the customer's first for this incident."""
    inserted = insert_ignoring(SurveyResponse, [{
        "incident_id": incident_id, "customer_id": customer_id, "channel": channel,
        "score": score, "comment": comment or None, "created_at": now or utcnow()}],
        SurveyResponse.id)
    return bool(inserted)


def has_answered(customer_id: int, incident_id: int) -> bool:
    return bool(db.session.execute(select(exists().where(
        SurveyResponse.incident_id == incident_id,
        SurveyResponse.customer_id == customer_id))).scalar_one())


# -- escalation and unreached customers ------------------------------------------------


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


# -- updates waiting for their first message -------------------------------------------


def release_held(now: datetime | None = None) -> dict[int, Pairs]:
    """Updates held back until the customer's first message has left (`after_first`)."""
    now = now or utcnow()
    first = Delivery.__table__.alias("first")
    rows = db.session.execute(
        select(Delivery.id, Delivery.channel, Delivery.incident_id, first.c.status)
        .join(first, and_(first.c.incident_id == Delivery.incident_id,
                          first.c.customer_id == Delivery.customer_id,
                          first.c.channel == Delivery.channel, first.c.message == 0))
        .where(Delivery.status == "deferred", Delivery.deferred_reason == "after_first")
        .limit(CHUNK)).all()
    go, drop, wait = [], [], []
    for delivery_id, _, _, status in rows:
        if status in ("sent", "delivered", "acked"):
            go.append(delivery_id)
        elif status in WAITING:
            wait.append(delivery_id)
        else:
            drop.append(delivery_id)
    if wait:  # no status change: the row waits another HOLD
        db.session.execute(update(Delivery).where(Delivery.id.in_(wait))
                           .values(next_attempt_at=now + HOLD))
    journal = delivery.Journal("sweeper")
    if drop:
        delivery.cancel(and_(Delivery.id.in_(drop), Delivery.status == DEFERRED),
                        "first_message_not_delivered", now, journal)
    out: dict[int, Pairs] = defaultdict(list)
    for delivery_id, channel, incident_id, _ in delivery.release(go, now, reason="after_first",
                                                                 journal=journal):
        if incident_id is not None:
            out[incident_id].append((delivery_id, channel))
    journal.write()
    return dict(out)


# -- opt-outs and inbound messages -------------------------------------------------------


def unsubscribe(customer: Customer, channel: str) -> bool:
    """Opt the customer's address on `channel` out (every customer with it); True if new."""
    address = contact_of(customer, channel) if channel in CONTACT_FIELD else None
    return suppress(channel, address, "unsubscribe") if address else False


def normalise_reply(body: str) -> str:
    text = unicodedata.normalize("NFKC", body or "").strip()
    text = re.sub(r"[\s.!,;:?。！，？~]+$", "", text)
    return re.sub(r"^[\s\"'“”]+|[\s\"'“”]+$", "", text).upper()


@dataclass
class Inbound:
    kind: str  # stop | ack | reply | duplicate
    reply: str | None = None
    message_id: int | None = None  # the stored InboundMessage


def _customers_with(channel: str, number: str) -> list[Customer]:
    column = Customer.phone if channel == "sms" else Customer.whatsapp
    return list(db.session.execute(select(Customer).where(
        column == number, Customer.erased_at.is_(None)).order_by(Customer.id)).scalars())


def _latest_unacked(channel: str, number: str) -> Delivery | None:
    column = Customer.phone if channel == "sms" else Customer.whatsapp
    acked = Delivery.__table__.alias("acked")
    return db.session.execute(
        select(Delivery).join(Customer, Customer.id == Delivery.customer_id)
        .join(Incident, Incident.id == Delivery.incident_id)
        .where(column == number, Delivery.channel == channel, Incident.require_ack.is_(True),
               Incident.status.not_in(("canceled", "rejected")),
               Delivery.status.in_(("sending", "sent", "delivered")),
               ~exists().where(acked.c.incident_id == Delivery.incident_id,
                               acked.c.customer_id == Delivery.customer_id,
                               acked.c.acked_at.is_not(None)))
        .order_by(func.coalesce(Delivery.sent_at, Delivery.updated_at).desc(), Delivery.id.desc())
        .limit(1)).scalar_one_or_none()


def _latest_delivery(channel: str, number: str) -> Delivery | None:
    column = Customer.phone if channel == "sms" else Customer.whatsapp
    return db.session.execute(
        select(Delivery).join(Customer, Customer.id == Delivery.customer_id)
        .where(column == number, Delivery.channel == channel,
               Delivery.status.in_(("sent", "delivered", "acked")))
        .order_by(Delivery.id.desc()).limit(1)).scalar_one_or_none()


def handle_inbound(params: dict[str, str], *, support_phone: str,
                   now: datetime | None = None) -> Inbound:
    """A customer's SMS/WhatsApp message: STOP, an ack word, or a reply for a person."""
    now = now or utcnow()
    sid = params.get("MessageSid") or params.get("SmsSid") or ""
    sender = params.get("From", "")
    channel = "whatsapp" if sender.startswith("whatsapp:") else "sms"
    number = sender.removeprefix("whatsapp:").strip()
    body = (params.get("Body") or "")[:1600]
    if sid and db.session.execute(select(exists().where(
            InboundMessage.message_sid == sid))).scalar_one():
        return Inbound("duplicate")
    word = normalise_reply(body)
    customers = _customers_with(channel, number) if number else []
    locale = customers[0].locale if customers and customers[0].locale in REPLIES else "en"
    texts = REPLIES[locale]
    record: dict[str, Any] = {"message_sid": sid or f"nosid:{now.timestamp()}:{number}",
                              "channel": channel, "from_number": number or None, "body": body,
                              "received_at": now,
                              "customer_id": customers[0].id if customers else None}
    result: Inbound
    if word in STOP_WORDS and number:
        suppress(channel, number, "stop")
        record.update(kind="stop")
        result = Inbound("stop", texts[f"stop_{channel}"].format(phone=support_phone))
    elif (word in ACK_WORDS and number and (target := _latest_unacked(channel, number))
          and target.incident_id is not None):
        acknowledge(target.customer_id, target.incident_id, via=channel, channel=channel,
                    message=target.message, now=now)
        record.update(kind="ack", customer_id=target.customer_id,
                      incident_id=target.incident_id, delivery_id=target.id)
        result = Inbound("ack", texts["ack"])
    else:
        latest = _latest_delivery(channel, number) if number else None
        record.update(kind="reply", needs_person=True,
                      customer_id=latest.customer_id if latest else record["customer_id"],
                      incident_id=latest.incident_id if latest else None,
                      delivery_id=latest.id if latest else None)
        result = Inbound("reply")
    inserted = insert_ignoring(InboundMessage, [record], InboundMessage.id)
    if not inserted:
        return Inbound("duplicate")
    result.message_id = int(inserted[0])
    return result

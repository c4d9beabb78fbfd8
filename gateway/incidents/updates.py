"""Posting an update (its own schema, lint and language check) and releasing
updates held for their first message."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import and_, select, update

from ..audit import chain as audit
from ..delivery import service as delivery
from ..delivery.models import Delivery
from ..delivery.states import DEFERRED, PENDING, SENT_OR_BETTER
from ..errors import Conflict, ValidationFailed
from ..messages.context import is_keyed_by_locale
from ..messages.language import detect_language, facts_language, language_name
from ..store.db import db, utcnow
from ..vocabulary import DateTime, NonBlankText, Stage
from . import promised_times
from .models import Followup, Incident, IncidentUpdate
from .outreach import CHUNK, HOLD, Pairs, create_messages, next_seq, reached_rows
from .promises import ACTIVE, close_promise, open_promise

WAITING = PENDING
EVERY_UPDATE_CHANNELS = ("email", "chat")  # SMS/WhatsApp: resolved and no_news only
SHORT_STAGES = ("resolved", "no_news")


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


def _same_language_as_facts(facts: Any, message: str) -> None:
    """An update is inserted into messages that repeat the facts: it must be written in a
    language the facts are in (a message is in one language), else 422 naming `message`."""
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


def post_update(incident: Incident, body: UpdateIn, *, lint: list[dict[str, Any]], actor: str,
                actor_role: str, followup_delay_hours: float,
                now: datetime | None = None) -> Posted:
    """Post an update (SPEC: `POST /v1/incidents/{id}/updates`) in the open transaction.

    `lint` is the message's findings (`messages.intake_lint.update_findings`, asked by
    the caller: workers load this module and never the linter); its errors refuse
    the update, its warnings come back and go into the audit record."""
    now = now or utcnow()
    if incident.status not in ACTIVE:
        raise Conflict(f"Incident {incident.id} is '{incident.status}'; updates go to incidents "
                       "that are being or have been dispatched.", code="incident_not_active")
    if body.next_update_at is not None and body.stage == "resolved":
        raise ValidationFailed("The update is not valid.", [{
            "field": "next_update_at", "message": "a resolved update promises no further update"}])
    promised_times.require_next_update_ahead(body.next_update_at, now)
    lint = list(lint)
    errors = [f for f in lint if f["severity"] == "error"]
    if errors:
        raise ValidationFailed(
            "The message breaks the writing rules customers are owed; nothing was sent.",
            [{"field": f["field"], "message": f["message"], "code": f["code"], "span": f["span"],
              "suggestion": f.get("suggestion")} for f in errors], )
    _same_language_as_facts(incident.facts, body.message)
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
    close_promise(incident.id, seq, now)
    if body.next_update_at is not None:
        open_promise(incident.id, seq, now, body.next_update_at)
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
        if status in SENT_OR_BETTER:
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

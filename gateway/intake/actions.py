"""What the API and the console both do to an incident, each step in one transaction.

Each function commits its work, or rolls all of it back and re-raises, so an
adapter never commits nor holds half a change. What must start once the work
is committed (an incident to dispatch, update messages to send) comes back in
the result: the adapter hands it to the queues, never before the commit.
Intake and updates run once per Idempotency-Key (`idempotency.run_once`), and
only the request that did the work gets work to start.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..access import Actor, idempotency
from ..config import Config
from ..delivery.models import InboundMessage
from ..incidents import queries
from ..incidents import service as incident_service
from ..incidents.audience import locales_of_incident
from ..incidents.models import Incident
from ..messages.intake_lint import update_findings
from ..store.db import db, unit_of_work, utcnow
from . import service

INTAKE = "POST /v1/incidents"  # one idempotency scope for the API and the console


def updates_endpoint(incident_id: int) -> str:
    return f"POST /v1/incidents/{incident_id}/updates"


@dataclass(frozen=True)
class Intake:
    """The answer to this Idempotency-Key, and the incident to dispatch if this
    request created one that goes out at once."""

    replay: idempotency.Replay
    dispatch: int | None = None


@dataclass(frozen=True)
class UpdateSent:
    """The answer to this Idempotency-Key, and the messages to send if this
    request posted the update."""

    replay: idempotency.Replay
    severity: str = ""
    batches: incident_service.Pairs = field(default_factory=list)


@dataclass(frozen=True)
class Changed:
    """The incident as committed, and its id when it now goes out (to dispatch)."""

    incident: Incident
    dispatch: int | None


def _changed(incident: Incident) -> Changed:
    return Changed(incident, incident.id if incident.status == "dispatching" else None)


def create(body: service.IncidentIn, data: Any, key: str, who: Actor,
           config: Config) -> Intake:
    """Report an incident once per key (`data` is what the key's hash covers)."""
    created: list[int] = []

    def work() -> tuple[int, dict[str, Any]]:
        created.clear()  # a retried attempt replaces a rolled-back one
        incident, response = service.create(
            body, key_id=who.key_id, actor=who.name, actor_role=who.role,
            threshold=config.approval_audience_threshold,
            compensation_threshold=config.approval_compensation_threshold)
        if incident.status == "dispatching":
            created.append(incident.id)
        return 202, response

    with unit_of_work():
        replay = idempotency.run_once(who.key_id, INTAKE, key, data, work)
    return Intake(replay, created[0] if created else None)


def post_update(incident_id: int, body: incident_service.UpdateIn, data: Any, key: str, who: Actor,
                config: Config) -> UpdateSent:
    """Post an update once per key to every customer the first message reached."""
    to_send: list[tuple[str, incident_service.Pairs]] = []

    def work() -> tuple[int, dict[str, Any]]:
        to_send.clear()  # a retried attempt replaces a rolled-back one
        incident = queries.get(incident_id)
        lint = update_findings(body.message, incident.facts, locales_of_incident(incident))
        posted = incident_service.post_update(incident, body, lint=lint, actor=who.name,
                                              actor_role=who.role,
                                              followup_delay_hours=config.followup_delay_hours)
        to_send.append((incident.severity, posted.enqueue))
        return 202, posted.body

    with unit_of_work():
        replay = idempotency.run_once(who.key_id, updates_endpoint(incident_id), key, data,
                                      work)
    return UpdateSent(replay, *to_send[0]) if to_send else UpdateSent(replay)


def edit(incident_id: int, body: service.IncidentIn, who: Actor, config: Config,
         *, version: str | None = None) -> Changed:
    """Replace a pending incident's content; approval starts over, and when no
    reason to wait is left it goes out. With `version`, an incident edited since
    that version was read is refused (`incident_changed`)."""
    with unit_of_work():
        incident = service.get_for_decision(incident_id)
        service.check_version(incident, version)
        service.edit(incident, body, key_id=who.key_id, actor=who.name, actor_role=who.role,
                     threshold=config.approval_audience_threshold,
                     compensation_threshold=config.approval_compensation_threshold)
    return _changed(incident)


def approve(incident_id: int, reason: str | None, who: Actor, config: Config, *,
            version: str | None = None, next_update_at: datetime | None = None) -> Changed:
    """Approve a pending incident (four eyes, within its TTL): it goes out."""
    with unit_of_work():
        incident = service.get_for_decision(incident_id)
        service.approve(incident, reason, key_id=who.key_id, actor=who.name,
                        actor_role=who.role, version=version, next_update_at=next_update_at,
                        ttl_minutes=config.approval_ttl_minutes)
    return _changed(incident)


def reject(incident_id: int, reason: str, who: Actor, *, version: str | None = None) -> Incident:
    with unit_of_work():
        incident = service.get_for_decision(incident_id)
        service.reject(incident, reason, key_id=who.key_id, actor=who.name,
                       actor_role=who.role, version=version)
    return incident


def cancel(incident_id: int, who: Actor) -> tuple[Incident, int]:
    """Stop every message not yet with a provider: the incident and how many stopped."""
    with unit_of_work():
        incident = queries.get(incident_id)
        stopped = service.cancel(incident, actor=who.name, actor_role=who.role)
    return incident, stopped


def reply_handled(incident_id: int, reply_id: int, who: Actor) -> bool:
    """Mark a customer's reply to this incident handled; False when there is no such reply."""
    with unit_of_work():
        reply = db.session.get(InboundMessage, reply_id)
        if reply is None or reply.incident_id != incident_id:
            return False
        if reply.handled_at is None:
            reply.handled_at, reply.handled_by = utcnow(), who.name
    return True

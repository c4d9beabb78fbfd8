"""Incident updates: `POST /v1/incidents/{id}/updates` (idempotent, like intake)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, g, request
from pydantic import BaseModel, Field

from ..domain import idempotency, lifecycle
from ..domain import incidents as incident_service
from ..jobs.send import enqueue_batches
from .auth import current_caller
from .incidents import Status
from .routing import endpoint

bp = Blueprint("updates", __name__, url_prefix="/v1/incidents")


class UpdatePosted(BaseModel):
    id: int
    incident_id: int
    message: int
    stage: lifecycle.Stage
    recipients: int
    incident_status: Status
    next_update_at: str | None = Field(json_schema_extra={"format": "date-time"})
    lint: list[dict[str, Any]]


@endpoint(bp, "/<int:id>/updates", "POST",
          summary="Post an update to every customer the first message reached",
          action="incidents.update", body=lifecycle.UpdateIn, headers=("Idempotency-Key",),
          responses={202: UpdatePosted, 404: "No such incident",
                     409: "Incident not active, or idempotency conflict",
                     422: "Invalid body or the message breaks the writing rules"})
def post_update(id: int, body: lifecycle.UpdateIn) -> Any:
    caller = current_caller()
    key = idempotency.check_key(request.headers.get("Idempotency-Key"))
    delay = current_app.config["GATEWAY"].followup_delay_hours
    to_send: list[tuple[str, list[tuple[int, str]]]] = []

    def work() -> tuple[int, dict[str, Any]]:
        to_send.clear()  # a retried attempt replaces a rolled-back one
        incident = incident_service.get(id)
        posted = lifecycle.post_update(incident, body, actor=caller.name, actor_role=caller.role,
                                       followup_delay_hours=delay)
        to_send.append((incident.severity, posted.enqueue))
        return 202, posted.body

    result = idempotency.run_once(caller.key_id, f"POST /v1/incidents/{id}/updates", key,
                                  g.json_body, work)
    for severity, pairs in to_send:  # only the request that posted it sends (after commit)
        if pairs:
            enqueue_batches(severity, pairs)
    return result.body, result.status

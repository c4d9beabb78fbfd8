"""Incident updates: `POST /v1/incidents/{id}/updates` (idempotent, like intake)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, g, request
from pydantic import BaseModel, Field

from ..access import idempotency
from ..incidents import service as incident_service
from ..intake import actions
from ..jobs.batches import enqueue_batches
from .auth import current_caller
from .incidents import Status
from .routing import endpoint

bp = Blueprint("updates", __name__, url_prefix="/v1/incidents")


class UpdatePosted(BaseModel):
    id: int
    incident_id: int
    message: int
    stage: incident_service.Stage
    recipients: int
    incident_status: Status
    next_update_at: str | None = Field(json_schema_extra={"format": "date-time"})
    lint: list[dict[str, Any]]


@endpoint(bp, "/<int:id>/updates", "POST",
          summary="Post an update to every customer the first message reached",
          action="incidents.update", body=incident_service.UpdateIn, headers=("Idempotency-Key",),
          responses={202: UpdatePosted, 404: "No such incident",
                     409: "Incident not active, or idempotency conflict",
                     422: "Invalid body or the message breaks the writing rules"})
def post_update(id: int, body: incident_service.UpdateIn) -> Any:
    key = idempotency.check_key(request.headers.get("Idempotency-Key"))
    sent = actions.post_update(id, body, g.json_body, key, current_caller(),
                               current_app.config["GATEWAY"])
    if sent.batches:  # only the request that posted it sends (after commit)
        enqueue_batches(sent.severity, sent.batches)
    return sent.replay.body, sent.replay.status

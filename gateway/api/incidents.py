"""Incidents API: intake (idempotent), state, edits while pending, approval and cancel."""

from __future__ import annotations

from typing import Any, Literal

from flask import Blueprint, current_app, g, request
from pydantic import BaseModel, Field

from .. import MAX_ID
from ..access import idempotency
from ..incidents import queries
from ..incidents.schemas import DecisionIn, RejectIn
from ..intake import actions, service
from ..jobs import dispatch
from ..vocabulary import Kind, Severity
from .auth import current_caller
from .routing import endpoint

bp = Blueprint("incidents", __name__, url_prefix="/v1/incidents")


Status = Literal["pending_approval", "rejected", "dispatching", "dispatched", "resolved",
                 "canceled"]
ApprovalReason = Literal["lint_errors", "audience_over_threshold", "data_breach"]


class IncidentCreated(BaseModel):
    id: int = Field(ge=1, le=MAX_ID)
    status: Status
    audience_size: int = Field(ge=0)
    unknown_customer_ids: list[str]
    lint: list[dict[str, Any]]
    approval_reasons: list[ApprovalReason]
    links: dict[str, str]


class IncidentState(IncidentCreated):
    kind: Kind
    severity: Severity
    title: str
    counts: dict[str, dict[str, int]] = Field(
        description="channel → delivery status → customers (first message)")
    acked: int = Field(ge=0)
    version: str = Field(description="Send it back with approve or reject (409 when stale)")


@endpoint(bp, "", "POST", summary="Report an incident and notify the affected customers",
          action="incidents.create", body=service.IncidentIn, headers=("Idempotency-Key",),
          responses={202: IncidentCreated,
                     404: "`warning_id` or `facts.compensation.policy` names nothing (the "
                          "details name the field)",
                     409: "Idempotency-Key reused with another body; the warning already "
                          "has an incident; the policy pays per hour of impact and "
                          "`impact_hours` is missing (impact_hours_required)"},
          links={"id": "$response.body#/id"},
          description="The same Idempotency-Key with the same body replays the first answer.")
def create_incident(body: service.IncidentIn) -> Any:
    key = idempotency.check_key(request.headers.get("Idempotency-Key"))
    intake = actions.create(body, g.json_body, key, current_caller(),
                            current_app.config["GATEWAY"])
    if intake.dispatch is not None:  # only the request that created it dispatches
        dispatch.start(intake.dispatch)
    return intake.replay.body, intake.replay.status


@endpoint(bp, "/<int:id>", "GET", summary="Incident state and delivery counts",
          action="incidents.read", responses={200: IncidentState})
def get_incident(id: int) -> Any:
    return service.state(queries.get(id))


@endpoint(bp, "/<int:id>", "PUT", summary="Edit a pending incident (re-lints, resets approval)",
          action="incidents.edit", body=service.IncidentIn,
          responses={200: IncidentState,
                     404: "No such incident, or `facts.compensation.policy` names nothing",
                     409: "Not pending approval; the policy pays per hour of impact and "
                          "`impact_hours` is missing (impact_hours_required)"},
          description="`warning_id` is read at creation only (ignored here).")
def edit_incident(id: int, body: service.IncidentIn) -> Any:
    edited = actions.edit(id, body, current_caller(), current_app.config["GATEWAY"])
    if edited.dispatch is not None:  # the edit removed every reason to wait
        dispatch.start(edited.dispatch)
    return service.state(edited.incident)


@endpoint(bp, "/<int:id>/approve", "POST", summary="Approve a pending incident (four eyes)",
          action="incidents.approve", body=DecisionIn,
          responses={200: IncidentState, 403: "A key that created or edited it",
                     409: "Not pending approval, approval expired, edited since read, or "
                          "its next update time passed (next_update_required)"})
def approve_incident(id: int, body: DecisionIn) -> Any:
    approved = actions.approve(id, body.reason, current_caller(), current_app.config["GATEWAY"],
                               version=body.version, next_update_at=body.next_update_at)
    if approved.dispatch is not None:
        dispatch.start(approved.dispatch)
    return service.state(approved.incident)


@endpoint(bp, "/<int:id>/reject", "POST", summary="Reject a pending incident",
          action="incidents.approve", body=RejectIn,
          responses={200: IncidentState, 409: "Not pending approval, or edited since read"})
def reject_incident(id: int, body: RejectIn) -> Any:
    incident = actions.reject(id, body.reason, current_caller(), version=body.version)
    return service.state(incident)


@endpoint(bp, "/<int:id>/cancel", "POST", summary="Stop every message not yet with a provider",
          action="incidents.cancel", responses={200: IncidentState, 409: "Nothing to cancel"})
def cancel_incident(id: int) -> Any:
    incident, _ = actions.cancel(id, current_caller())
    return service.state(incident)

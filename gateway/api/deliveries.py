"""Delivery logs of an incident: a paginated list, streamed CSV / NDJSON
exports of any size, and the incident report."""

from __future__ import annotations

from typing import Annotated, Any

from flask import Blueprint, Response
from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, field_validator

from ..delivery import states
from ..incidents import queries as incident_queries
from ..reports import service as reports
from ..schema_docs import described
from ..vocabulary import Channel, Kind, Severity
from .downloads import streamed
from .incidents import Status as IncidentStatus
from .routing import endpoint

bp = Blueprint("deliveries", __name__, url_prefix="/v1/incidents")

Status = states.Status


def _cursor(value: Any) -> Any:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValueError("not a cursor returned by this endpoint")
    return reports.decode_cursor(value)


class DeliveryFilter(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: Status | None = None
    channel: Channel | None = None


class DeliveryQuery(DeliveryFilter):
    cursor: Annotated[tuple[int, str, int] | None, WithJsonSchema({"type": "string"})] = Field(
        None, description="`next_cursor` of the previous page (anything else → 422)")
    limit: int = Field(100, ge=1, le=1000)

    _cursor = field_validator("cursor", mode="before")(_cursor)


class DeliveryEventOut(BaseModel):
    id: int
    status: str
    at: str = Field(json_schema_extra={"format": "date-time"})
    provider_event_id: str | None = None
    detail: dict[str, Any] | None = None


class DeliveryOut(BaseModel):
    id: int
    customer_id: str
    channel: Channel
    message: int
    purpose: str
    status: Status
    provider: str | None
    provider_message_id: str | None
    queued_at: str | None
    sending_at: str | None
    sent_at: str | None
    delivered_at: str | None
    failed_at: str | None
    acked_at: str | None
    failure_reason: str | None
    deferred_reason: str | None
    next_attempt_at: str | None
    attempts: int
    template: str | None
    template_version: str | None
    content_hash: str | None
    events: list[DeliveryEventOut]


@described("The SLA report (the nested objects are described in the README).")
class IncidentReport(BaseModel):
    incident_id: int
    status: IncidentStatus
    kind: Kind
    severity: Severity
    posted_at: str
    dispatched_at: str | None
    resolved_at: str | None
    audience_size: int
    customers: int
    post_to_first_send_seconds: float | None
    post_to_last_send_seconds: float | None
    approval_wait_seconds: float | None  # POST → approval; null when none was needed
    dispatch_to_first_send_seconds: float | None  # approval (or POST) → first send
    channels: dict[str, Any]
    ack: dict[str, Any]
    failures_by_reason: dict[str, int]
    suppressed_by_reason: dict[str, int]
    unreached: dict[str, Any]
    messages_by_purpose: dict[str, int]
    updates_posted: int
    survey: dict[str, Any]
    promises: dict[str, Any]
    generated_at: str


class DeliveryPage(BaseModel):
    items: list[DeliveryOut]
    next_cursor: str | None


@endpoint(bp, "/<int:id>/deliveries", "GET", summary="Deliveries of an incident with their "
          "history, filtered, cursor-paginated", action="incidents.read", query=DeliveryQuery,
          responses={200: DeliveryPage, 404: "No such incident"})
def list_deliveries(id: int, query: DeliveryQuery) -> Any:
    incident_queries.get(id)
    items, after = reports.deliveries_page(id, query.cursor, query.limit, query.status,
                                           query.channel)
    return {"items": items,
            "next_cursor": reports.encode_cursor(after) if after else None}


def _export(incident_id: int, query: DeliveryFilter, fmt: str) -> Response:
    pages, name = reports.export_deliveries(incident_id, query.status, query.channel)
    return streamed(pages, fmt, name)


@endpoint(bp, "/<int:id>/deliveries.csv", "GET", summary="Every delivery as CSV (streamed, "
          "formula-safe)", action="deliveries.export", query=DeliveryFilter,
          responses={200: "text/csv, one row per delivery", 404: "No such incident"},
          produces="text/csv")
def export_deliveries_csv(id: int, query: DeliveryFilter) -> Any:
    return _export(id, query, "csv")


@endpoint(bp, "/<int:id>/deliveries.ndjson", "GET", summary="Every delivery as NDJSON "
          "(streamed)", action="deliveries.export", query=DeliveryFilter,
          responses={200: "application/x-ndjson, one object per delivery",
                     404: "No such incident"},
          produces="application/x-ndjson")
def export_deliveries_ndjson(id: int, query: DeliveryFilter) -> Any:
    return _export(id, query, "ndjson")


@endpoint(bp, "/<int:id>/report", "GET", summary="SLA report: POST to send and delivery, "
          "ack rate, failures, unreached, survey, promises", action="incidents.read",
          responses={200: IncidentReport, 404: "No such incident"})
def incident_report(id: int) -> Any:
    return reports.incident_report(incident_queries.get(id))

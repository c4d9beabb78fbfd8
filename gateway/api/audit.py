"""Audit trail API: query the chain and verify it (auditors and admins)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from typing import Annotated, Any

from flask import Blueprint
from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, field_validator, model_validator

from .. import MAX_ID
from ..reports import service as reports
from .routing import endpoint

bp = Blueprint("audit", __name__, url_prefix="/v1/audit")

MAX_LIMIT = 1000


def parse_time(value: Any) -> datetime | None:
    """ISO 8601 date or date-time; a time without an offset is UTC."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError("expected an ISO 8601 time")
    text = value.strip()
    if "T" in text and text.count(" ") == 1:  # an unencoded "+01:00" arrives as " 01:00"
        text = text.replace(" ", "+")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = datetime.combine(date.fromisoformat(text), time())
        except ValueError:
            raise ValueError("expected an ISO 8601 time, e.g. 2026-11-20T09:10:00Z") from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


CURSOR = r"^[0-9]{1,19}$"
TIME_SCHEMA = {"anyOf": [{"type": "string", "format": "date-time"},
                         {"type": "string", "format": "date"}]}


def parse_cursor(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not re.fullmatch(CURSOR, value):
        raise ValueError("not a cursor returned by this endpoint")
    return int(value)


class AuditQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    incident: int | None = Field(None, ge=1, le=MAX_ID, description="only records of this incident")
    action: str | None = Field(None, max_length=60, pattern=r"^[a-z_.]+$",
                               description="e.g. incident.created")
    since: Annotated[datetime | None, WithJsonSchema(TIME_SCHEMA)] = Field(
        None, description="ISO 8601 date or date-time (UTC when it has no offset), inclusive")
    until: Annotated[datetime | None, WithJsonSchema(TIME_SCHEMA)] = Field(
        None, description="ISO 8601 date or date-time (UTC when it has no offset), exclusive")
    cursor: Annotated[int | None, WithJsonSchema({"type": "string", "pattern": CURSOR})] = Field(
        None, description="`next_cursor` of the previous page")
    limit: int = Field(100, ge=1, le=MAX_LIMIT)

    _times = field_validator("since", "until", mode="before")(parse_time)
    _cursor = field_validator("cursor", mode="before")(parse_cursor)

    @model_validator(mode="after")
    def _ordered(self) -> AuditQuery:
        if self.since and self.until and self.since > self.until:
            raise ValueError("since is after until")
        return self


class AuditItem(BaseModel):
    id: int
    at: datetime
    actor: str
    actor_role: str
    action: str
    incident_id: int | None
    data: dict[str, Any]
    prev_hash: str
    hash: str


class AuditPage(BaseModel):
    items: list[AuditItem]
    next_cursor: str | None


class VerifyResult(BaseModel):
    ok: bool
    records: int
    broken_at: int | None = None


def item(row: Any) -> dict[str, Any]:
    at = row.at if row.at.tzinfo else row.at.replace(tzinfo=UTC)
    return {"id": row.id, "at": at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "actor": row.actor, "actor_role": row.actor_role, "action": row.action,
            "incident_id": row.incident_id, "data": row.data, "prev_hash": row.prev_hash,
            "hash": row.hash}


@endpoint(bp, "", "GET", summary="Audit records in chain order, filtered, cursor-paginated",
          action="audit.read", query=AuditQuery, responses={200: AuditPage})
def list_audit(query: AuditQuery) -> Any:
    rows, last = reports.chain_page(query.limit, after=query.cursor,
                                    incident=query.incident, action=query.action,
                                    since=query.since, until=query.until)
    return {"items": [item(r) for r in rows],
            "next_cursor": str(last) if last is not None else None}


@endpoint(bp, "/verify", "GET", summary="Walk the chain and re-hash every record and batch",
          action="audit.read", responses={200: VerifyResult})
def verify_audit() -> Any:
    return reports.verify()

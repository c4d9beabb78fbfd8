"""Request and response shapes of the complaints API (validated with pydantic)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    field_validator,
)

from ..vocabulary import Channel, DateTime, ExternalId, Id, NonBlankText, ShortText
from . import topics

SourceChannel = Literal[Channel, "phone", "web"]
Status = Literal["received", "acknowledged", "in_progress", "resolved", "closed", "reopened"]
MAX_TEXT = 4000
MAX_AGE = timedelta(days=366)  # how old a forwarded complaint may be


def _utc(value: datetime | None) -> datetime | None:
    """Times are stored in UTC; one that cannot be (year 1 at +14:00) is not a time we take."""
    if value is None:
        return None
    try:
        return value.astimezone(UTC)
    except OverflowError as exc:
        raise ValueError("out of range") from exc


def _recent(value: datetime | None) -> datetime | None:
    value = _utc(value)
    if value is not None and value < datetime.now(UTC) - MAX_AGE:
        raise ValueError("more than a year ago; file it with today's date and say when in text")
    return value


def _known_topic(value: str) -> str:
    if value not in topics.names():
        raise ValueError(f"unknown topic; known: {', '.join(topics.names())}")
    return value


class _TopicNames:
    """The known topics as the schema's `enum` (read from the topic files when asked)."""

    def __get_pydantic_json_schema__(self, core: Any, handler: GetJsonSchemaHandler) -> Any:
        return {**handler(core), "enum": list(topics.names())}


KnownTopic = Annotated[str, Field(max_length=60), AfterValidator(_known_topic), _TopicNames()]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ComplaintIn(_Strict):
    customer_id: ExternalId = Field(description="The customer's external id (404 when "
                                                "there is no such customer)")
    channel: SourceChannel = Field(description="Where the customer complained; we answer there "
                                               "(by email when it was `phone` or `web`)")
    text: NonBlankText = Field(max_length=MAX_TEXT)
    incident_id: Id | None = Field(None, description="404 when there is no such incident")
    topic: KnownTopic | None = Field(None, description="One of the known topics; "
                                                       "else it is chosen by the rules")
    received_at: DateTime | None = Field(None, description="When the customer complained "
                                         "(default now): not in the future, at most 366 days "
                                         "back (else 422)")

    _received = field_validator("received_at")(_recent)


class AssignIn(_Strict):
    owner: ShortText = Field(description="The staff member (a key name) who handles it")


class ContactIn(_Strict):
    note: NonBlankText = Field(max_length=MAX_TEXT,
                            description="What was said at the first (or a later) contact")


class ResolveIn(_Strict):
    resolution: NonBlankText = Field(max_length=MAX_TEXT,
                                  description="What we did; sent to the customer")
    offer: NonBlankText | None = Field(None, max_length=500,
                                    description="What we offered to make up for it; sent too")


class TopicIn(_Strict):
    topic: KnownTopic


class ListQuery(_Strict):
    status: Status | None = None
    topic: str | None = Field(None, max_length=60, pattern=r"^[a-z][a-z0-9_]*$")
    owner: ShortText | None = None
    overdue: Literal["true", "false"] | None = None
    cursor: int | None = Field(None, ge=0, le=2**63 - 1)
    limit: int = Field(50, ge=1, le=500)


class ReportQuery(_Strict):
    since: DateTime | None = None
    until: DateTime | None = None

    _times = field_validator("since", "until")(_utc)


class ComplaintCreated(BaseModel):
    id: int
    status: str
    topic: str
    first_contact_due: datetime


class ComplaintOut(ComplaintCreated):
    customer_id: str
    incident_id: int | None
    channel: str
    reply_channel: str | None
    text: str
    topic_source: str
    owner: str | None
    received_at: datetime
    acknowledged_at: datetime | None
    first_contact_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    resolution: str | None
    offer: str | None
    breached: bool
    due_soon: bool
    timeline: list[dict[str, Any]] = []


class ComplaintPage(BaseModel):
    items: list[ComplaintOut]
    next_cursor: int | None


class Report(BaseModel):
    complaints: int
    first_contact_seconds: dict[str, float | None]
    resolution_seconds: dict[str, float | None]
    breached: int
    breach_rate: float | None
    by_topic: dict[str, int]
    by_status: dict[str, int]

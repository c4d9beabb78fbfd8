"""Request and response shapes of the early-warning API (names from SPEC.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    RootModel,
    StringConstraints,
    model_validator,
)
from pydantic.json_schema import JsonDict

from ..incidents.schemas import IncidentIn
from ..schema_docs import described
from ..vocabulary import DateTime, ExternalId, Int, JsonObject, whole

TOPIC_PATTERN = r"^[a-z0-9][a-z0-9_.:-]{0,99}$"
Topic = Field(pattern=TOPIC_PATTERN, max_length=100,
              description="Lower-case letters, digits and . _ : - (e.g. orders.unfulfilled)")
# A topic in a path (`/v1/signal-rules/{topic}`).
TopicName = Annotated[str, StringConstraints(pattern=TOPIC_PATTERN, max_length=100)]
# Topics the gateway counts itself: a signal may not name them.
OWN_PREFIXES = ("complaints.", "provider.", "channel.")
OWN_TOPICS = ("replies", "survey.low")
NOT_OWN: JsonDict = {"not": {"anyOf": [
    {"enum": list(OWN_TOPICS)},
    {"pattern": "^(" + "|".join(p.rstrip(".") for p in OWN_PREFIXES) + r")\."}]}}
MAX_EVENTS = 10_000  # per request; the body limit (1 MiB) allows about this many
MAX_COUNT = 1_000_000


class SignalIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    topic: str = Field(
        pattern=TOPIC_PATTERN, max_length=100, json_schema_extra=NOT_OWN,
        description="Lower-case letters, digits and . _ : - (e.g. orders.unfulfilled); not "
                    "one the gateway counts itself (complaints.*, provider.*, channel.*, "
                    "replies, survey.low)")
    count: Int = Field(1, ge=1, le=MAX_COUNT)
    at: DateTime | None = Field(None, description="When it happened; default now. "
                                "At most 5 minutes ahead, at most 90 days back (else 422).")
    customer_id: ExternalId | None = None
    source: str | None = Field(None, max_length=100, pattern=r"^[A-Za-z0-9._:@/ -]+$")


@described("One signal, or an array of 1 to MAX_EVENTS.")
class SignalsIn(RootModel[SignalIn | Annotated[list[SignalIn],
                                               Field(min_length=1, max_length=MAX_EVENTS)]]):
    def items(self) -> list[SignalIn]:
        return self.root if isinstance(self.root, list) else [self.root]


class Accepted(BaseModel):
    accepted: int


# `_threshold_mode_needs_threshold` said in JSON Schema (inside `allOf`, as the
# audience's rule).
THRESHOLD_GIVEN: JsonDict = {"allOf": [{"anyOf": [
    {"title": "baseline", "properties": {"mode": {"const": "baseline"}}},
    {"title": "threshold given", "required": ["threshold"],
     "properties": {"threshold": {"type": "integer"}}}]}]}


class _IncidentFieldNames:
    """A draft's keys are an incident body's fields (read when the schema is made)."""

    def __get_pydantic_json_schema__(self, core: Any, handler: GetJsonSchemaHandler) -> Any:
        return {**handler(core), "propertyNames": {"enum": list(IncidentIn.model_fields)}}


@described("`PUT /v1/signal-rules/{topic}`. Omitted fields take the topic's defaults.")
class RuleIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=THRESHOLD_GIVEN)
    mode: Literal["baseline", "threshold"] = "baseline"
    ratio: float = Field(2.0, ge=1.1, le=100)
    min_count: Int = Field(10, ge=1, le=MAX_COUNT)
    p_value: float = Field(0.001, gt=0, le=0.5)
    window_minutes: Int = Field(60, ge=5, le=1440, multiple_of=5)
    weeks: Int = Field(4, ge=1, le=12)
    threshold: Annotated[int, Field(ge=1, le=10**12), BeforeValidator(whole)] | None = None
    cooldown_minutes: Int = Field(60, ge=5, le=10080)
    draft: Annotated[JsonObject, _IncidentFieldNames()] | None = Field(
        None, description="An incident body (kind, severity, title, facts, audience…) the "
                          "warning's draft starts from.")

    @model_validator(mode="after")
    def _threshold_mode_needs_threshold(self) -> RuleIn:
        if self.mode == "threshold" and self.threshold is None:
            raise ValueError("mode 'threshold' needs 'threshold'")
        return self


class RuleOut(BaseModel):
    topic: str
    version: int
    mode: str
    ratio: float
    min_count: int
    p_value: float
    window_minutes: int
    weeks: int
    threshold: int | None
    cooldown_minutes: int
    draft: dict[str, Any] | None
    created_by: str | None
    created_at: datetime | None


class RuleList(BaseModel):
    rules: list[RuleOut]
    defaults: dict[str, Any]


class WarningQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: Literal["open", "closed"] | None = None
    topic: str | None = Field(None, pattern=TOPIC_PATTERN)
    cursor: str | None = Field(None, pattern=r"^[0-9]{1,18}$")
    limit: str | None = Field(None, pattern=r"^[0-9]{1,3}$")


class WarningOut(BaseModel):
    id: int
    topic: str
    status: str
    opened_at: datetime
    closed_at: datetime | None
    first_signal_at: datetime
    observed: int
    expected: float | None
    ratio: float | None
    p_value: float | None
    peak_observed: int
    rule_version: int
    draft: dict[str, Any]
    incident_id: int | None
    incident_created_at: datetime | None
    approved_at: datetime | None
    first_message_at: datetime | None
    first_signal_to_first_message_seconds: float | None


class WarningList(BaseModel):
    warnings: list[WarningOut]
    next_cursor: str | None

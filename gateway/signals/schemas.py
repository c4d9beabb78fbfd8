"""Request and response shapes of the early-warning API (names from SPEC.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, model_validator

from ..domain.fields import DateTime, ExternalId, Int, JsonObject

TOPIC_PATTERN = r"^[a-z0-9][a-z0-9_.:-]{0,99}$"
Topic = Field(pattern=TOPIC_PATTERN, max_length=100,
              description="Lower-case letters, digits and . _ : - (e.g. orders.unfulfilled)")
MAX_EVENTS = 10_000  # per request; the body limit (1 MiB) allows about this many
MAX_COUNT = 1_000_000


class SignalIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    topic: str = Topic
    count: Int = Field(1, ge=1, le=MAX_COUNT)
    at: DateTime | None = Field(None, description="When it happened; default now. "
                                "At most 5 minutes ahead, at most 90 days back.")
    customer_id: ExternalId | None = None
    source: str | None = Field(None, max_length=100, pattern=r"^[A-Za-z0-9._:@/ -]+$")


class SignalsIn(RootModel[SignalIn | list[SignalIn]]):
    """One signal, or an array of up to MAX_EVENTS."""

    @model_validator(mode="after")
    def _bounded(self) -> SignalsIn:
        if isinstance(self.root, list) and not 1 <= len(self.root) <= MAX_EVENTS:
            raise ValueError(f"send between 1 and {MAX_EVENTS} signals per request")
        return self

    def items(self) -> list[SignalIn]:
        return self.root if isinstance(self.root, list) else [self.root]


class Accepted(BaseModel):
    accepted: int


class RuleIn(BaseModel):
    """`PUT /v1/signal-rules/{topic}`. Omitted fields take the topic's defaults."""

    model_config = ConfigDict(extra="forbid")
    mode: Literal["baseline", "threshold"] = "baseline"
    ratio: float = Field(2.0, ge=1.1, le=100)
    min_count: Int = Field(10, ge=1, le=MAX_COUNT)
    p_value: float = Field(0.001, gt=0, le=0.5)
    window_minutes: Int = Field(60, ge=5, le=1440, multiple_of=5)
    weeks: Int = Field(4, ge=1, le=12)
    threshold: Int | None = Field(None, ge=1, le=10**12)
    cooldown_minutes: Int = Field(60, ge=5, le=10080)
    draft: JsonObject | None = Field(None, description="An incident body (kind, severity, "
                                     "title, facts, audience…) the warning's draft starts from.")

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

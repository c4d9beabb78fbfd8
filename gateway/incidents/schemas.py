"""What an incident says: its facts (single or keyed by locale), its
compensation (one fixed amount, or a named policy), and the bodies that create,
edit and decide it.

`facts` is validated strictly and completely here, so every later step (lint,
rendering, compensation) meets facts it can use.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    GetJsonSchemaHandler,
    StringConstraints,
    Tag,
    ValidationError,
    WithJsonSchema,
)

from ..errors import ValidationFailed, validation_details
from ..schema_docs import described
from ..vocabulary import (
    CHANNELS,
    Channels,
    CleanText,
    DateTime,
    Id,
    Int,
    Kind,
    NonBlankText,
    Severity,
    ShortText,
    shipped_locales,
)
from . import promised_times
from .audience import Audience

# A policy's name, in its path and where facts name it.
PolicyName = Annotated[str, StringConstraints(min_length=1, max_length=100,
                                              pattern=r"^[A-Za-z0-9_.-]+$")]


HOURS_PATTERN = r"^(\d{1,4}(\.\d{1,4})?|10000(\.0{1,4})?)$"
TEN_THOUSANDTH = Decimal("0.0001")


def _hours(value: Any) -> Any:
    """A JSON number, or a decimal string as the schema's pattern says, as a Decimal
    (bodies are validated strictly: anything else stays as it is and is refused).
    A number within a float's error of a ten-thousandth is that ten-thousandth
    (`3 * 0.0001` is 0.00030000000000000003 in binary; JSON Schema's
    `multipleOf: 0.0001` counts it as a multiple)."""
    if isinstance(value, str):
        if not re.fullmatch(HOURS_PATTERN, value):
            raise ValueError('a decimal string such as "2.5": at most 10000, at most 4 decimals')
        return Decimal(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        exact = Decimal(str(value))
        exponent = exact.as_tuple().exponent
        if not isinstance(exponent, int) or exponent >= -4 or abs(exact) > 10**6:
            return exact  # as it is, or refused by the bounds
        near = exact.quantize(TEN_THOUSANDTH)
        return near if abs(exact - near) < Decimal("1e-9") else exact
    return value


# Hours of impact: 0 to 10000 with at most 4 decimals, a JSON number or a decimal
# string. The bounds come before the validator, so /openapi.json states them.
ImpactHours = Annotated[
    Decimal, Field(ge=0, le=10_000, decimal_places=4), BeforeValidator(_hours),
    WithJsonSchema({"anyOf": [
        {"type": "number", "minimum": 0, "maximum": 10_000, "multipleOf": 0.0001},
        {"type": "string", "pattern": HOURS_PATTERN, "maxLength": 10,
         "description": "A decimal string, e.g. \"2.5\" (at most 10000)"}]})]


@described("`facts.compensation` naming a policy instead of one fixed amount for everyone.")
class PolicyCompensation(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    policy: PolicyName
    impact_hours: ImpactHours | None = Field(
        None, description="Hours of impact (`percent_of_attribute`)")
    description: str | None = Field(None, min_length=1, max_length=500,
                                     description="What it is, in the facts' language; else "
                                                 "the message says \"we will give you …\"")


FREE_TEXT_MAX = 4000


class Compensation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    description: NonBlankText = Field(max_length=500)
    amount: str | None = Field(None, pattern=r"^[0-9]{1,9}(\.[0-9]{1,2})?$")
    currency: str | None = Field(None, pattern=r"^[A-Z]{3}$")
    when: NonBlankText = Field(max_length=100,
                      description="When the customer gets it: a date (2026-11-27) or plain words.")


class Contact(BaseModel):
    model_config = ConfigDict(extra="forbid")
    phone: str | None = Field(None, max_length=40)
    email: str | None = Field(None, max_length=320)
    hours: str | None = Field(None, max_length=200)


def _compensation_form(value: Any) -> str:
    """Which compensation this is: naming a policy, or one amount for everyone."""
    named = value.get("policy") if isinstance(value, dict) else getattr(value, "policy", None)
    return "policy" if named is not None else "fixed"


@described("What systems tell us; free text is linted, never executed as a template.")
class Facts(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    what_happened: NonBlankText = Field(max_length=FREE_TEXT_MAX)
    started_at: DateTime | None = None
    impact: NonBlankText = Field(max_length=FREE_TEXT_MAX)
    actions_taken: NonBlankText = Field(max_length=FREE_TEXT_MAX)
    customer_actions: list[CleanText] = Field(default_factory=list, max_length=20)
    compensation: Annotated[Annotated[Compensation, Tag("fixed")]
                            | Annotated[PolicyCompensation, Tag("policy")],
                            Discriminator(_compensation_form)] | None = Field(
        None, description="One amount for everyone (`fixed`), or a `policy` that computes "
                          "each customer's amount at expansion")
    next_update_at: DateTime | None = None
    contact: Contact | None = None


class FactsSchema:
    """`facts` is checked by `parse_facts` (for its precise field paths); this
    says the same rule in /openapi.json: one Facts object, or Facts objects
    keyed by locale with an `en` entry (the fallback)."""

    def __get_pydantic_json_schema__(self, core: Any, handler: GetJsonSchemaHandler) -> Any:
        facts = handler(Facts.__pydantic_core_schema__)
        return {"description": "One facts object, or objects keyed by locale (with `en`).",
                "oneOf": [facts, {"type": "object", "required": ["en"],
                                  "propertyNames": {"enum": sorted(shipped_locales())},
                                  "additionalProperties": facts}]}


FactsField = Annotated[dict[str, Any], FactsSchema()]


class IncidentIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    kind: Kind
    severity: Severity
    title: ShortText
    facts: FactsField
    audience: Audience
    require_ack: bool = False
    ack_within_minutes: Int = Field(60, ge=1, le=10080)
    channels: Channels = Field(default_factory=lambda: list(CHANNELS), min_length=1)
    auto_no_news: bool = True
    warning_id: Id | None = Field(None, description="The early warning this incident answers "
                                  "(links them; read at creation only; 404 when there is "
                                  "no such warning).")


VERSION_HELP = ("The incident's `version` as the approver read it; when given and the "
                "incident was edited since → 409 `incident_changed`.")


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    reason: CleanText | None = Field(None, max_length=2000)
    version: str | None = Field(None, max_length=64, description=VERSION_HELP)
    next_update_at: DateTime | None = Field(
        None, description="A new promised update time, required (409 `next_update_required`) "
        "when the incident's passed while it waited for approval.")


class RejectIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    reason: NonBlankText = Field(max_length=2000)
    version: str | None = Field(None, max_length=64, description=VERSION_HELP)


def parse_facts(raw: dict[str, Any]) -> dict[str, Any]:
    """Validate facts, single or keyed by locale, promised times ahead; return
    their JSON form."""
    locales = shipped_locales()
    keyed = bool(raw) and all(key in locales for key in raw)
    if keyed and "en" not in raw:
        raise ValidationFailed("Facts keyed by locale need an 'en' entry (the fallback).",
                               [{"field": "facts.en", "message": "missing"}])
    items = raw.items() if keyed else [(None, raw)]
    parsed: dict[str, Any] = {}
    for locale, value in items:
        prefix = f"facts.{locale}." if locale else "facts."
        try:
            facts = Facts.model_validate(value, strict=True)
        except ValidationError as exc:
            raise ValidationFailed(
                "The facts are not valid.", validation_details(exc, prefix)
            ) from exc
        dumped = facts.model_dump(mode="json", exclude_none=True)
        if locale:
            parsed[locale] = dumped
        else:
            parsed = dumped
    promised_times.require_ahead(parsed)
    return parsed


def next_update_of(facts: dict[str, Any]) -> datetime | None:
    single = facts.get("en", facts)
    value = single.get("next_update_at")
    return datetime.fromisoformat(value) if value else None

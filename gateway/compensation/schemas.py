"""Request and response shapes of the compensation area (pydantic).

A policy is validated completely at PUT time (types, amounts, the fields each
type needs, currencies Babel knows), so computing an amount later never meets
a policy it cannot apply.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from babel.numbers import is_currency, list_currencies
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    model_validator,
)
from pydantic.json_schema import JsonDict

from ..schema_docs import described
from ..vocabulary import SPACE, DateTime, ExternalId, Id, Int, Tag

MAX_AMOUNT = Decimal("1000000000")
SMALLEST_STEP = Decimal("0.0001")  # the ledger stores ten-thousandths

# At most MAX_AMOUNT (1,000,000,000) with at most 4 decimals, said as a pattern.
AmountText = Annotated[str, Field(
    pattern=r"^(\d{1,9}(\.\d{1,4})?|1000000000(\.0{1,4})?)$", max_length=15,
    description="A decimal string of at most 1000000000, e.g. \"10.00\"")]
# A step amounts are rounded to: at least SMALLEST_STEP (0.0001), so never zero.
StepText = Annotated[str, Field(
    pattern=r"^(0{0,9}[1-9]\d{0,8}(\.\d{1,4})?|0{1,9}\.(0{0,3}[1-9]\d{0,3}))$", max_length=15,
    description="A decimal string of at least 0.0001, e.g. \"0.01\"")]
PercentText = Annotated[str, Field(pattern=r"^\d{1,3}(\.\d{1,4})?$", max_length=8,
                                   description="Percent per hour of impact, e.g. \"2.5\"")]
AttributeName = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.-]+$")]


def _known_currency(value: str) -> str:
    if not is_currency(value):
        raise ValueError("not an ISO 4217 currency code")
    return value


Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$", json_schema_extra={
    "enum": sorted(list_currencies())}), AfterValidator(_known_currency)]
Scalar = str | int | float | bool


@described("Who may get it: any of `tags_any` (when given) and every attribute equal.")
class Eligibility(BaseModel):
    model_config = ConfigDict(extra="forbid")
    tags_any: list[Tag] = Field(default_factory=list, max_length=100)
    attributes: dict[AttributeName, Scalar] = Field(default_factory=dict, max_length=50)


# What each type needs and what it does not use (absent or null).
NEEDS: dict[str, tuple[str, ...]] = {
    "fixed": ("amount",), "percent_of_attribute": ("percent_per_hour", "attribute"),
    "refund_attribute": ("attribute",)}
UNUSED: dict[str, tuple[str, ...]] = {
    "fixed": ("percent_per_hour", "attribute", "fallback_amount"),
    "percent_of_attribute": ("amount",), "refund_attribute": ("amount", "percent_per_hour")}
# `_coherent`'s rules said in JSON Schema for /openapi.json (inside `allOf`, as the
# audience's: client generators read it as a constraint, not a union).
POLICY_SHAPES: JsonDict = {"allOf": [
    {"oneOf": [{"title": kind, "required": ["type", *NEEDS[kind]],
                "properties": {"type": {"const": kind},
                               **{name: {"type": "string"} for name in NEEDS[kind]},
                               **{name: {"type": "null"} for name in UNUSED[kind]}}}
               for kind in NEEDS]},
    {"anyOf": [{"title": "no fallback", "properties": {"fallback_amount": {"type": "null"}}},
               {"title": "fallback when skipped", "required": ["missing_attribute"],
                "properties": {"missing_attribute": {"const": "skip"}}}]},
]}
POLICY_RULES = ("Said only in words: `min` is not larger than `max` (else 422). The schema "
                "says the rest: what each `type` needs and does not use, `fallback_amount` "
                "only with `missing_attribute: skip`, amounts at most 1000000000 with at "
                "most 4 decimals, `round_to` at least 0.0001, a currency Babel knows.")


@described("`PUT /v1/compensation-policies/{name}`: what each affected customer gets.")
class PolicyIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=POLICY_SHAPES)
    type: Literal["fixed", "percent_of_attribute", "refund_attribute"]
    amount: AmountText | None = Field(None, description="`fixed`: the amount")
    percent_per_hour: PercentText | None = Field(
        None, description="`percent_of_attribute`: percent of the attribute per hour of impact")
    attribute: AttributeName | None = Field(
        None, description="The customer attribute read (`percent_of_attribute`, "
                          "`refund_attribute`), e.g. `monthly_fee`, `order_amount`")
    currency: Currency | None = Field(
        None, description="Fixed currency; else each customer's `currency` attribute")
    min: AmountText | None = None
    max: AmountText | None = None
    round_to: StepText = Field("0.01", description="Amounts are multiples of this "
                                 "(never finer than the currency's minor unit)")
    rounding: Literal["half_up", "half_even", "up", "down"] = "half_up"
    eligible: Eligibility | None = None
    pay_within_days: Int = Field(ge=0, le=365)
    missing_attribute: Literal["skip", "hold"] = Field(
        "hold", description="A customer without the attribute (or currency): `skip` gives "
                            "them `fallback_amount` (or nothing), `hold` holds the incident "
                            "for approval")
    fallback_amount: AmountText | None = Field(
        None, description="With `missing_attribute: skip`: what a customer without the "
                          "attribute gets")

    @model_validator(mode="after")
    def _coherent(self) -> PolicyIn:
        missing = [name for name in NEEDS[self.type] if getattr(self, name) is None]
        if missing:
            raise ValueError(f"type '{self.type}' needs {', '.join(missing)}")
        extra = [name for name in UNUSED[self.type] if getattr(self, name) is not None]
        if extra:
            raise ValueError(f"type '{self.type}' does not use {', '.join(extra)}")
        for name in ("amount", "min", "max", "fallback_amount"):  # the pattern says so too
            value = getattr(self, name)
            if value is not None and Decimal(value) > MAX_AMOUNT:
                raise ValueError(f"{name} is larger than {MAX_AMOUNT}")
        if self.min is not None and self.max is not None and Decimal(self.min) > Decimal(self.max):
            raise ValueError("min is larger than max")
        step = Decimal(self.round_to)
        if step < SMALLEST_STEP:
            raise ValueError(f"round_to must be at least {SMALLEST_STEP}")
        if self.fallback_amount is not None and self.missing_attribute != "skip":
            raise ValueError("fallback_amount is used only with missing_attribute 'skip'")
        return self


class PolicyOut(BaseModel):
    name: str
    version: int
    definition: dict[str, Any]
    created_by: str
    created_at: str


# No control characters, and (after stripping) not blank.
REFERENCE = r"^[^\x00-\x1f\x7f]*[^\x00-\x1f\x7f" + SPACE + r"][^\x00-\x1f\x7f]*$"
# `_identified` said in JSON Schema (inside `allOf`, as the audience's rule).
IDENTIFIED: JsonDict = {"allOf": [{"anyOf": [
    {"title": "by ledger id", "required": ["id"], "properties": {"id": {"type": "integer"}}},
    {"title": "by customer", "required": ["customer_id"],
     "properties": {"customer_id": {"type": "string"}}}]}]}


@described("One confirmed payment: by ledger `id` or by `customer_id` (either, or both agreeing).")
class Payment(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True,
                              json_schema_extra=IDENTIFIED)
    id: Id | None = Field(None, description="Ledger entry id")
    customer_id: ExternalId | None = None
    paid_at: DateTime | None = Field(None, description="Default: now; never in the future "
                                     "(else 422)")
    reference: str | None = Field(None, min_length=1, max_length=200, pattern=REFERENCE)

    @model_validator(mode="after")
    def _identified(self) -> Payment:
        if self.id is None and self.customer_id is None:
            raise ValueError("give the ledger entry 'id' or the 'customer_id'")
        return self


LedgerStatus = Literal["promised", "paid", "overdue", "canceled"]


class LedgerFilter(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: LedgerStatus | None = None


class LedgerQuery(LedgerFilter):
    cursor: str | None = Field(None, max_length=40, pattern=r"^[0-9]+$",
                               description="`next_cursor` of the previous page")
    limit: int = Field(100, ge=1, le=1000)


class LedgerItem(BaseModel):
    id: int
    incident_id: int
    customer_id: str | None
    amount: str
    currency: str
    due_date: str
    status: str
    paid_at: str | None
    policy: str
    policy_version: int
    basis: str
    promised_at: str
    new_due_date: str | None
    reference: str | None


class LedgerPage(BaseModel):
    items: list[LedgerItem]
    next_cursor: str | None


class PaymentsResult(BaseModel):
    paid: int
    already_paid: list[dict[str, Any]]
    unknown: list[dict[str, Any]]
    canceled: list[dict[str, Any]]
    message: int | None = Field(None, description="The `message` number of the customers' "
                                "\"paid\" deliveries (None when nobody was newly paid)")

"""Request and response shapes of the compensation area (pydantic).

A policy is validated completely at PUT time (types, amounts, the fields each
type needs, currencies Babel knows), so computing an amount later never meets
a policy it cannot apply.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from babel.numbers import is_currency
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from ..domain.fields import DateTime, ExternalId, Int, Tag

MAX_AMOUNT = Decimal("1000000000")
SMALLEST_STEP = Decimal("0.0001")  # the ledger stores ten-thousandths

AmountText = Annotated[str, Field(pattern=r"^\d{1,10}(\.\d{1,4})?$", max_length=15,
                                  description="A decimal string, e.g. \"10.00\"")]
PercentText = Annotated[str, Field(pattern=r"^\d{1,3}(\.\d{1,4})?$", max_length=8,
                                   description="Percent per hour of impact, e.g. \"2.5\"")]
AttributeName = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.-]+$")]


def _known_currency(value: str) -> str:
    if not is_currency(value):
        raise ValueError("not an ISO 4217 currency code")
    return value


Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$"), AfterValidator(_known_currency)]
Scalar = str | int | float | bool


def _decimal(value: Any) -> Any:
    """A JSON number or decimal string as a Decimal (bodies are validated strictly)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return value
    try:
        return Decimal(str(value).strip())
    except ArithmeticError:
        return value


Hours = Annotated[Decimal, BeforeValidator(_decimal)]


class Eligibility(BaseModel):
    """Who may get it: any of `tags_any` (when given) and every attribute equal."""

    model_config = ConfigDict(extra="forbid")
    tags_any: list[Tag] = Field(default_factory=list, max_length=100)
    attributes: dict[AttributeName, Scalar] = Field(default_factory=dict, max_length=50)


class PolicyIn(BaseModel):
    """`PUT /v1/compensation-policies/{name}`: what each affected customer gets."""

    model_config = ConfigDict(extra="forbid")
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
    round_to: AmountText = Field("0.01", description="Amounts are multiples of this "
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
        needs: dict[str, tuple[str, ...]] = {
            "fixed": ("amount",), "percent_of_attribute": ("percent_per_hour", "attribute"),
            "refund_attribute": ("attribute",)}
        unused: dict[str, tuple[str, ...]] = {
            "fixed": ("percent_per_hour", "attribute", "fallback_amount"),
            "percent_of_attribute": ("amount",), "refund_attribute": ("amount", "percent_per_hour")}
        missing = [name for name in needs[self.type] if getattr(self, name) is None]
        if missing:
            raise ValueError(f"type '{self.type}' needs {', '.join(missing)}")
        extra = [name for name in unused[self.type] if getattr(self, name) is not None]
        if extra:
            raise ValueError(f"type '{self.type}' does not use {', '.join(extra)}")
        for name in ("amount", "min", "max", "fallback_amount"):
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


class PolicyCompensation(BaseModel):
    """`facts.compensation` naming a policy instead of one fixed amount for everyone."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    policy: Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.-]+$")]
    impact_hours: Hours | None = Field(None, ge=0, le=10_000, max_digits=10, decimal_places=4,
                                       description="Hours of impact (`percent_of_attribute`)")
    description: str | None = Field(None, min_length=1, max_length=500,
                                     description="What it is, in the facts' language; else "
                                                 "the message says \"we will give you …\"")


class Payment(BaseModel):
    """One confirmed payment: by ledger `id` or by `customer_id` (either, or both agreeing)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    id: Int | None = Field(None, ge=1, le=2**63 - 1, description="Ledger entry id")
    customer_id: ExternalId | None = None
    paid_at: DateTime | None = Field(None, description="Default: now; never in the future")
    reference: str | None = Field(None, min_length=1, max_length=200,
                                  pattern=r"^[^\x00-\x1f\x7f]+$")

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

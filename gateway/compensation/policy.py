"""What one customer gets under a policy: pure Decimal arithmetic, no database.

Order of operations: the base amount (fixed; attribute × percent/100 × hours;
or the attribute itself), rounded to `round_to` (never finer than the
currency's minor unit), then raised to `min` and capped at `max`. A missing,
non-numeric or negative attribute is "missing": the policy's
`missing_attribute` decides (fallback amount, nothing, or hold).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import (
    ROUND_CEILING,
    ROUND_FLOOR,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Decimal,
    InvalidOperation,
)
from functools import lru_cache
from typing import Any

from babel.numbers import get_currency_precision, is_currency

ROUNDING = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "up": ROUND_CEILING,
            "down": ROUND_FLOOR}
CURRENCY_ATTRIBUTE = "currency"


@dataclass(frozen=True)
class Outcome:
    """`amount` and `currency` when the customer gets something; else why not.

    `basis`: `computed`, `fallback`, or (no amount) `ineligible`, `missing`
    (attribute or currency absent: the customer gets nothing under `skip`,
    and the incident is held under `hold`), `zero`.
    """

    basis: str
    amount: Decimal | None = None
    currency: str | None = None
    missing: str | None = None  # the attribute that was missing


@lru_cache(maxsize=256)
def minor_unit(currency: str) -> Decimal:
    return Decimal(1).scaleb(-get_currency_precision(currency))


def _number(value: Any) -> Decimal | None:
    """A usable amount from a JSON attribute: numbers or decimal strings, ≥ 0, finite."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() and number >= 0 else None


@lru_cache(maxsize=512)
def _known_currency(code: str) -> bool:
    return code.isupper() and is_currency(code)


def _optional(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value)


class Calculator:
    """A policy prepared once for many customers: its numbers parsed, the hours of
    impact applied, and amounts memoised per (base, currency), since customers mostly
    share a few fees or plan prices. Expansion calls it once per customer."""

    def __init__(self, definition: Mapping[str, Any], impact_hours: Decimal | None) -> None:
        self.kind = str(definition["type"])
        self.attribute = definition.get("attribute")
        self.currency = definition.get("currency")
        rule = definition.get("eligible") or {}
        self.tags_any = frozenset(rule.get("tags_any") or ())
        self.attributes = dict(rule.get("attributes") or {})
        self.fixed = _optional(definition.get("amount"))
        self.fallback = _optional(definition.get("fallback_amount"))
        factor = Decimal(definition.get("percent_per_hour") or 0) / 100
        self.per_unit = factor * (impact_hours if impact_hours is not None else Decimal(0))
        self.round_to = Decimal(definition.get("round_to") or "0.01")
        self.rounding = ROUNDING[definition.get("rounding") or "half_up"]
        self.least, self.most = _optional(definition.get("min")), _optional(definition.get("max"))
        self._amounts: dict[tuple[Decimal, str, str], Outcome] = {}

    def eligible(self, tags: Sequence[str] | None, attributes: Mapping[str, Any]) -> bool:
        if self.tags_any and self.tags_any.isdisjoint(tags or ()):
            return False
        return all(attributes.get(k) == v and type(attributes.get(k)) is type(v)
                   for k, v in self.attributes.items())

    def _currency_of(self, attributes: Mapping[str, Any]) -> str | None:
        if self.currency:
            return str(self.currency)
        value = attributes.get(CURRENCY_ATTRIBUTE)
        code = value.strip() if isinstance(value, str) else ""
        return code if _known_currency(code) else None

    def _finish(self, base: Decimal, currency: str, basis: str) -> Outcome:
        key = (base, currency, basis)
        if key not in self._amounts:
            step = max(self.round_to, minor_unit(currency))
            amount = (base / step).to_integral_value(rounding=self.rounding) * step
            if self.least is not None:
                amount = max(amount, self.least)
            if self.most is not None:
                amount = min(amount, self.most)
            amount = amount.quantize(Decimal("0.0001"))
            self._amounts[key] = Outcome(basis, amount, currency) if amount > 0 \
                else Outcome("zero")
        return self._amounts[key]

    def __call__(self, tags: Sequence[str] | None, attributes: Mapping[str, Any] | None
                 ) -> Outcome:
        """This customer's compensation."""
        attributes = attributes if isinstance(attributes, Mapping) else {}
        if not self.eligible(tags, attributes):
            return Outcome("ineligible")
        currency = self._currency_of(attributes)
        if currency is None:
            return Outcome("missing", missing=CURRENCY_ATTRIBUTE)
        if self.fixed is not None:
            return self._finish(self.fixed, currency, "computed")
        value = _number(attributes.get(str(self.attribute)))
        if value is None:
            if self.fallback is not None:
                return self._finish(self.fallback, currency, "fallback")
            return Outcome("missing", missing=str(self.attribute))
        base = value if self.kind == "refund_attribute" else value * self.per_unit
        return self._finish(base, currency, "computed")


def compute(definition: Mapping[str, Any], impact_hours: Decimal | None,
            tags: Sequence[str] | None, attributes: Mapping[str, Any] | None) -> Outcome:
    """One customer's compensation under `definition` (a validated policy)."""
    return Calculator(definition, impact_hours)(tags, attributes)

"""Amounts as the ledger keeps them: whole units of 1/UNITS, shown with at
least two decimals."""

from __future__ import annotations

from decimal import Decimal

from .models import UNITS


def to_units(amount: Decimal) -> int:
    return int(amount * UNITS)


def from_units(units: int) -> Decimal:
    """The amount, with at least two decimals ('12.40', '1000.00', '0.125')."""
    value = Decimal(units).scaleb(-4).normalize()
    exponent = value.as_tuple().exponent
    return value.quantize(Decimal("0.01")) if isinstance(exponent, int) and exponent > -2 \
        else value


def amount_text(units: int) -> str:
    return f"{from_units(units):f}"

"""Policy arithmetic: each type and its edge cases, as a table (no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from gateway.compensation.policy import compute
from gateway.compensation.schemas import PolicyIn


def policy(**fields: object) -> dict[str, object]:
    body = {"pay_within_days": 5, **fields}
    return PolicyIn.model_validate(body).model_dump(mode="json", exclude_none=True)


FIXED = policy(type="fixed", amount="10.00", currency="USD")
PERCENT = policy(type="percent_of_attribute", attribute="monthly_fee", percent_per_hour="2.5",
                 min="1.00", max="20.00")
REFUND = policy(type="refund_attribute", attribute="order_amount", currency="EUR")

CASES = [
    # (policy, impact hours, tags, attributes, expected basis, amount, currency)
    (FIXED, None, [], {}, "computed", "10.00", "USD"),
    # 2.5 % of 40.00 per hour × 3 h = 3.00
    (PERCENT, "3", [], {"monthly_fee": "40.00", "currency": "USD"}, "computed", "3.00", "USD"),
    # 2.5 % × 19.99 × 2.5 h = 1.249375 → rounds half up to 1.25
    (PERCENT, "2.5", [], {"monthly_fee": 19.99, "currency": "GBP"}, "computed", "1.25", "GBP"),
    # below the minimum: 2.5 % × 10 × 1 h = 0.25 → min 1.00
    (PERCENT, "1", [], {"monthly_fee": "10", "currency": "USD"}, "computed", "1.00", "USD"),
    # above the cap: 2.5 % × 400 × 48 h = 480 → max 20.00
    (PERCENT, "48", [], {"monthly_fee": "400", "currency": "USD"}, "computed", "20.00", "USD"),
    # the currency comes from the customer; missing → missing
    (PERCENT, "3", [], {"monthly_fee": "40.00"}, "missing", None, None),
    (PERCENT, "3", [], {"currency": "USD"}, "missing", None, None),
    # non-numeric, negative and boolean attributes count as missing
    (REFUND, None, [], {"order_amount": "abc"}, "missing", None, None),
    (REFUND, None, [], {"order_amount": -5}, "missing", None, None),
    (REFUND, None, [], {"order_amount": True}, "missing", None, None),
    (REFUND, None, [], {"order_amount": "42.5"}, "computed", "42.50", "EUR"),
    # JPY has no minor unit: never finer than a whole yen
    (policy(type="refund_attribute", attribute="order_amount", currency="JPY"), None, [],
     {"order_amount": "1234.56"}, "computed", "1235", "JPY"),
    # a coarser round_to with rounding down
    (policy(type="refund_attribute", attribute="order_amount", currency="USD", round_to="0.50",
            rounding="down"), None, [], {"order_amount": "12.99"}, "computed", "12.50", "USD"),
    (policy(type="refund_attribute", attribute="order_amount", currency="USD", round_to="1",
            rounding="up"), None, [], {"order_amount": "12.01"}, "computed", "13", "USD"),
    # half_even: 0.125 → 0.12, half_up → 0.13
    (policy(type="refund_attribute", attribute="a", currency="USD", rounding="half_even"),
     None, [], {"a": "0.125"}, "computed", "0.12", "USD"),
    (policy(type="refund_attribute", attribute="a", currency="USD"), None, [], {"a": "0.125"},
     "computed", "0.13", "USD"),
    # the fallback amount for a missing attribute (missing_attribute "skip")
    (policy(type="refund_attribute", attribute="order_amount", currency="USD",
            missing_attribute="skip", fallback_amount="5.00"), None, [], {}, "fallback", "5.00",
     "USD"),
    # zero is no compensation
    (policy(type="refund_attribute", attribute="a", currency="USD"), None, [], {"a": "0"},
     "zero", None, None),
    # eligibility by tags and attributes
    (policy(type="fixed", amount="5", currency="USD", eligible={"tags_any": ["pro", "team"]}),
     None, ["team"], {}, "computed", "5.00", "USD"),
    (policy(type="fixed", amount="5", currency="USD", eligible={"tags_any": ["pro"]}),
     None, ["free"], {}, "ineligible", None, None),
    (policy(type="fixed", amount="5", currency="USD", eligible={"attributes": {"plan": "pro"}}),
     None, [], {"plan": "free"}, "ineligible", None, None),
]


@pytest.mark.parametrize(("definition", "hours", "tags", "attributes", "basis", "amount",
                          "currency"), CASES)
def test_each_policy_type_and_edge_case(definition, hours, tags, attributes, basis, amount,
                                         currency):
    outcome = compute(definition, Decimal(hours) if hours else None, tags, attributes)
    assert outcome.basis == basis
    assert outcome.amount == (Decimal(amount) if amount else None)
    assert outcome.currency == currency


@pytest.mark.parametrize("body", [
    {"type": "fixed"},  # no amount
    {"type": "fixed", "amount": "10", "attribute": "x"},  # a field fixed does not use
    {"type": "percent_of_attribute", "attribute": "fee"},  # no percent
    {"type": "refund_attribute"},  # no attribute
    {"type": "fixed", "amount": "10", "min": "5", "max": "4"},
    {"type": "fixed", "amount": "10", "round_to": "0.00001"},
    {"type": "fixed", "amount": "10", "round_to": "0"},
    {"type": "fixed", "amount": "10", "currency": "XYZ"},  # not ISO 4217
    {"type": "fixed", "amount": "10", "currency": "usd"},
    {"type": "fixed", "amount": "-1"},
    {"type": "fixed", "amount": "1e5"},
    {"type": "fixed", "amount": "NaN"},
    {"type": "refund_attribute", "attribute": "a", "fallback_amount": "5"},  # hold + fallback
    {"type": "refund_attribute", "attribute": "a b"},
    {"type": "fixed", "amount": "10", "pay_within_days": -1},
    {"type": "fixed", "amount": "10", "surprise": 1},
])
def test_policies_that_cannot_be_applied_are_refused(body):
    with pytest.raises(ValidationError):
        PolicyIn.model_validate({"pay_within_days": 5, **body})

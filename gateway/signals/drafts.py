"""The draft incident a warning offers staff: the topic's kind and wording, the
figures as facts, and the customers behind the signals as its audience.
Nothing is sent from it: staff edit it and create the incident."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from ..store.db import db
from .buckets import bucket_of
from .models import SignalCustomer, SignalRule, SignalWarning

DRAFT_CUSTOMERS = 1000  # at most this many in a draft's audience
# The draft's kind and wording per topic family (staff edit before sending).
DRAFT_KINDS: tuple[tuple[str, str], ...] = (
    ("orders.", "delivery_delay"), ("delivery.", "delivery_delay"),
    ("complaints.delivery", "delivery_delay"), ("billing", "billing_error"),
    ("payments", "billing_error"), ("complaints.billing", "billing_error"),
    ("complaints.payment", "billing_error"), ("login", "outage"), ("outage", "outage"),
    ("complaints.product", "product_defect"), ("product", "product_defect"),
)


def complaining_customers(topic: str, since: datetime, until: datetime) -> list[str]:
    return list(db.session.execute(
        select(SignalCustomer.customer_id).where(
            SignalCustomer.topic == topic,
            SignalCustomer.bucket.between(bucket_of(since), bucket_of(until)))
        .group_by(SignalCustomer.customer_id).order_by(SignalCustomer.customer_id)
        .limit(DRAFT_CUSTOMERS)).scalars())


def _kind(topic: str) -> str:
    for prefix, kind in DRAFT_KINDS:
        if topic.startswith(prefix):
            return kind
    return "degraded_service"


def _label(topic: str) -> str:
    words = topic.split(".")[-1] if topic.startswith("complaints.") else topic
    return words.replace("_", " ").replace(".", " ").replace("-", " ")


def build_draft(warning: SignalWarning, rule_row: SignalRule | None) -> dict[str, Any]:
    """The incident body staff start from: the topic's template, the figures as
    facts, and as audience the customers behind the signals (unless the rule's
    draft names an audience). Staff confirm the audience before sending."""
    since = warning.first_signal_at.strftime("%H:%M UTC on %d %B")
    label = _label(warning.topic)
    body: dict[str, Any] = {
        "kind": _kind(warning.topic), "severity": "high",
        "title": f"Problems with {label}"[:200],
        "facts": {
            "what_happened": f"Since {since}, many more customers than usual have told us "
                             f"about problems with {label}.",
            "impact": f"You may have had problems with {label}.",
            "actions_taken": f"A person on our team is checking every report we received "
                             f"since {since} and fixing what went wrong.",
            "next_update_at": (warning.opened_at + timedelta(hours=2)).isoformat(),
        },
        "require_ack": False,
    }
    customers = complaining_customers(warning.topic, warning.first_signal_at
                                      - timedelta(hours=1), warning.opened_at)
    if customers:
        body["audience"] = {"customer_ids": customers}
    rule_draft = (rule_row.rule.get("draft") if rule_row else None) or {}
    for key, value in rule_draft.items():
        if key == "facts" and isinstance(value, dict):
            body["facts"] = {**body["facts"], **value}
        else:
            body[key] = value
    return body

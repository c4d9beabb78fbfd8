"""The topics the gateway counts itself (SPEC): replies, low survey scores,
complaints per topic, provider failures and channel bounces, recounted from
the tables that record them."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import func, select

from ..customers.models import Customer
from ..delivery.models import Delivery, InboundMessage
from ..incidents.models import SurveyResponse
from ..store.db import db, utcnow
from .buckets import (
    CUSTOMERS_PER_BUCKET,
    add_counts,
    bucket_of,
    bucket_sql,
    bucket_start,
    keep_customers,
)

RECOUNT_BUCKETS = 3  # own counts are recomputed for the last 15 minutes, every run


def _own_counts(since: datetime) -> tuple[dict[tuple[str, int], int],
                                          dict[tuple[str, int], set[str]]]:
    """Counts per own topic and bucket since `since`, read from the tables that
    record what happened (inbound replies, survey answers, complaints, deliveries)."""
    counts: dict[tuple[str, int], int] = defaultdict(int)
    customers: dict[tuple[str, int], set[str]] = defaultdict(set)
    per_customer = [
        ("replies", InboundMessage.received_at, InboundMessage.customer_id,
         [InboundMessage.kind == "reply"]),
        ("survey.low", SurveyResponse.created_at, SurveyResponse.customer_id,
         [SurveyResponse.score <= 2]),
    ]
    for topic, at, customer, where in per_customer:
        bucket = bucket_sql(at)
        for b, external_id, n in db.session.execute(
                select(bucket, Customer.external_id, func.count())
                .outerjoin(Customer, Customer.id == customer)
                .where(at >= since, *where).group_by(bucket, Customer.external_id)):
            counts[(topic, int(b))] += int(n)
            if external_id and len(customers[(topic, int(b))]) < CUSTOMERS_PER_BUCKET:
                customers[(topic, int(b))].add(external_id)
    # Here, not at the top: the job modules import this one; complaints.queries
    # (the console's) stays out of the workers.
    from ..complaints.queries import received_per_bucket

    for b, topic, external_id, n in db.session.execute(received_per_bucket(bucket_sql, since)):
        key = (f"complaints.{topic}", int(b))
        counts[key] += int(n)
        if external_id and len(customers[key]) < CUSTOMERS_PER_BUCKET:
            customers[key].add(external_id)
    bucket = bucket_sql(Delivery.failed_at)
    for status, name_column, template in (("failed", Delivery.provider, "provider.{}.failures"),
                                          ("bounced", Delivery.channel, "channel.{}.bounces")):
        for b, name, n in db.session.execute(
                select(bucket, name_column, func.count())
                .where(Delivery.status == status, Delivery.failed_at >= since,
                       name_column.is_not(None))
                .group_by(bucket, name_column)):
            counts[(template.format(name), int(b))] += int(n)
    return counts, customers


def collect_own(now: datetime | None = None) -> int:
    """Recount the gateway's own topics for the last few buckets (idempotent:
    counts are set, not added, so running twice changes nothing)."""
    now = now or utcnow()
    since = bucket_start(bucket_of(now) - RECOUNT_BUCKETS + 1)
    counts, customers = _own_counts(since)
    add_counts(counts, {topic: "gateway" for topic, _ in counts}, replace=True)
    keep_customers(customers)
    db.session.commit()
    return sum(counts.values())

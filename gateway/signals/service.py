"""Early warning's entry points: signals in (`ingest`, the API) and the
scheduler's sweep (`watch`). The rest of the area, by job:

- `buckets`: counts per topic per 5-minute bucket (upserts, never a row per event);
- `own_signals`: the topics the gateway counts itself;
- `rules`: each topic's versioned rule and the defaults (the API's rule endpoints);
- `evaluation`: judge every topic with `detect` (the same code the quality
  benchmark replays), open one warning per episode, close it after the cooldown;
- `drafts`: the draft incident a warning offers. Nothing is sent by a warning:
  staff create the incident (`POST /v1/incidents` with `warning_id`), and it
  goes through the normal approval path;
- `warning_records`: warnings as staff read them, and the incident made from one;
- `charts`: what the console draws.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta

from ..errors import ValidationFailed
from ..store.db import db, utcnow
from .buckets import CUSTOMERS_PER_BUCKET, add_counts, bucket_of, keep_customers
from .evaluation import Evaluation, evaluate
from .own_signals import collect_own
from .schemas import OWN_PREFIXES, OWN_TOPICS, SignalIn

MAX_FUTURE = timedelta(minutes=5)  # clock skew allowed on `at`
MAX_PAST = timedelta(days=90)  # backfill allowed (longer than the longest baseline)


def is_own_topic(topic: str) -> bool:
    """Topics the gateway counts itself (SPEC); posting them would mix two sources."""
    return topic in OWN_TOPICS or topic.startswith(OWN_PREFIXES)


def _check(items: Sequence[SignalIn], now: datetime, single: bool) -> None:
    earliest, latest = now - MAX_PAST, now + MAX_FUTURE
    own = {t for t in {item.topic for item in items} if is_own_topic(t)}
    problems = []
    for i, item in enumerate(items):
        where = "" if single else f"{i}."
        if item.topic in own:
            problems.append({"field": f"{where}topic", "message":
                             "this topic is counted by the gateway itself; post another name"})
        if item.at is not None and not earliest <= item.at <= latest:
            problems.append({"field": f"{where}at", "message":
                             "must lie within the last 90 days and at most 5 minutes ahead"})
        if len(problems) >= 100:
            break
    if problems:
        raise ValidationFailed("Some signals are not valid; none was stored.", problems)


def ingest(items: Sequence[SignalIn], *, single: bool = False, now: datetime | None = None) -> int:
    """Add the signals to their buckets (all or nothing); returns how many."""
    now = now or utcnow()
    _check(items, now, single)
    current = bucket_of(now)
    counts: dict[tuple[str, int], int] = defaultdict(int)
    customers: dict[tuple[str, int], set[str]] = defaultdict(set)
    sources: dict[str, str] = {}
    for item in items:
        key = (item.topic, bucket_of(item.at) if item.at is not None else current)
        counts[key] += item.count
        if item.customer_id is not None and len(customers[key]) < CUSTOMERS_PER_BUCKET:
            customers[key].add(item.customer_id)
        if item.source:
            sources[item.topic] = item.source
    add_counts(counts, sources)
    keep_customers(customers)
    db.session.commit()
    return len(items)


def watch(now: datetime | None = None) -> Evaluation:
    """The scheduler's sweep: count the gateway's own signals, then judge every topic."""
    collect_own(now)
    return evaluate(now)

"""Early warning: record signals, keep rules, open and close warnings, draft
the first message. The API, the console and the scheduler call only this.

Signals are counted per topic per 5-minute bucket (upserts, never a row per
event). The scheduler evaluates every active topic against its rule with
`detect` (the same code the quality benchmark replays), opens one warning
per episode with the figures and a draft incident, and closes it once the
figure has been back to normal for the rule's cooldown. Nothing is sent by a
warning: staff create the incident (`POST /v1/incidents` with `warning_id`),
and it goes through the normal approval path.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import Integer, and_, case, cast, extract, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from ..domain import audit
from ..domain.delivery_log import iso
from ..errors import Conflict, NotFound, ValidationFailed
from ..store.db import affected, db, utcnow
from ..store.models import Delivery, Incident
from . import detect
from .detect import BUCKET_SECONDS, CONFIRM_BUCKETS, WEEK_BUCKETS, Rule
from .models import SignalBucket, SignalCustomer, SignalRule, SignalTopic, SignalWarning
from .schemas import OWN_PREFIXES, OWN_TOPICS, RuleIn, SignalIn

CUSTOMERS_PER_BUCKET = 50  # customers kept per topic and bucket (a draft names them)
DRAFT_CUSTOMERS = 1000  # at most this many in a draft's audience
MAX_FUTURE = timedelta(minutes=5)  # clock skew allowed on `at`
MAX_PAST = timedelta(days=90)  # backfill allowed (longer than the longest baseline)
# Topics the gateway counts itself (SPEC); posting them would mix two sources.

# Sensible defaults per topic family (the first matching prefix wins);
# anything else gets `Rule()`: 2× the usual hour, at least 10, p ≤ 0.001.
DEFAULTS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("complaints.", {"min_count": 5}),
    ("survey.low", {"min_count": 5, "window_minutes": 120}),
    ("replies", {"min_count": 10}),
    ("provider.", {"min_count": 20, "window_minutes": 30}),
    ("channel.", {"min_count": 20}),
)
# The draft's kind and wording per topic family (staff edit before sending).
DRAFT_KINDS: tuple[tuple[str, str], ...] = (
    ("orders.", "delivery_delay"), ("delivery.", "delivery_delay"),
    ("complaints.delivery", "delivery_delay"), ("billing", "billing_error"),
    ("payments", "billing_error"), ("complaints.billing", "billing_error"),
    ("complaints.payment", "billing_error"), ("login", "outage"), ("outage", "outage"),
    ("complaints.product", "product_defect"), ("product", "product_defect"),
)


def bucket_of(at: datetime) -> int:
    return int(at.timestamp()) // BUCKET_SECONDS


def bucket_start(bucket: int) -> datetime:
    return datetime.fromtimestamp(bucket * BUCKET_SECONDS, UTC)


def is_own_topic(topic: str) -> bool:
    return topic in OWN_TOPICS or topic.startswith(OWN_PREFIXES)


def _insert(model: Any) -> Any:
    dialect = db.session.get_bind().dialect.name
    return (pg_insert if dialect == "postgresql" else sqlite_insert)(model)


# -- ingest ------------------------------------------------------------------------------


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
    _keep_customers(customers)
    db.session.commit()
    return len(items)


def add_counts(counts: dict[tuple[str, int], int], sources: dict[str, str] | None = None, *,
               replace: bool = False) -> None:
    """Upsert bucket counts (`replace`: set them, for counts the gateway recomputes).
    Rows go in key order, so concurrent writers lock them in the same order."""
    if not counts:
        return
    table = SignalBucket.__table__
    stmt = _insert(table)
    new = stmt.excluded.count if replace else table.c.count + stmt.excluded.count
    db.session.execute(stmt.on_conflict_do_update(index_elements=["topic", "bucket"],
                                                  set_={"count": new}),
                       [{"topic": t, "bucket": b, "count": n}
                        for (t, b), n in sorted(counts.items())])
    spans: dict[str, list[int]] = {}
    for topic, bucket in counts:
        low, high = spans.setdefault(topic, [bucket, bucket])
        spans[topic] = [min(low, bucket), max(high, bucket)]
    topics = SignalTopic.__table__
    stmt = _insert(topics)
    c, x = topics.c, stmt.excluded
    db.session.execute(stmt.on_conflict_do_update(index_elements=["topic"], set_={
        "first_bucket": case((x.first_bucket < c.first_bucket, x.first_bucket),
                             else_=c.first_bucket),
        "last_bucket": case((x.last_bucket > c.last_bucket, x.last_bucket), else_=c.last_bucket),
        "source": func.coalesce(x.source, c.source)}),
        [{"topic": t, "first_bucket": lo, "last_bucket": hi, "source": (sources or {}).get(t)}
         for t, (lo, hi) in sorted(spans.items())])


def _keep_customers(customers: dict[tuple[str, int], set[str]]) -> None:
    """Remember up to CUSTOMERS_PER_BUCKET customers per topic and bucket (one
    query for what is already held, one insert)."""
    customers = {key: ids for key, ids in customers.items() if ids}
    if not customers:
        return
    buckets = [b for _, b in customers]
    held: dict[tuple[str, int], int] = dict.fromkeys(customers, 0)
    for topic, bucket, n in db.session.execute(
            select(SignalCustomer.topic, SignalCustomer.bucket, func.count())
            .where(SignalCustomer.topic.in_({t for t, _ in customers}),
                   SignalCustomer.bucket.between(min(buckets), max(buckets)))
            .group_by(SignalCustomer.topic, SignalCustomer.bucket)):
        if (topic, bucket) in held:
            held[(topic, bucket)] = int(n)
    rows = [{"topic": topic, "bucket": bucket, "customer_id": c}
            for (topic, bucket), ids in sorted(customers.items())
            for c in sorted(ids)[:max(0, CUSTOMERS_PER_BUCKET - held[(topic, bucket)])]]
    if rows:
        db.session.execute(_insert(SignalCustomer.__table__).on_conflict_do_nothing(), rows)


# -- the gateway's own signals ----------------------------------------------------------

RECOUNT_BUCKETS = 3  # own counts are recomputed for the last 15 minutes, every run


def _bucket_sql(column: Any) -> Any:
    """The 5-minute bucket of a timestamp column, computed by the database."""
    if db.session.get_bind().dialect.name == "postgresql":
        return cast(func.floor(extract("epoch", column) / BUCKET_SECONDS), Integer)
    return cast(func.strftime("%s", column), Integer) / BUCKET_SECONDS


def _own_counts(since: datetime) -> tuple[dict[tuple[str, int], int],
                                          dict[tuple[str, int], set[str]]]:
    """Counts per own topic and bucket since `since`, read from the tables that
    record what happened (inbound replies, survey answers, complaints, deliveries)."""
    from ..store.models import Customer, InboundMessage, SurveyResponse

    counts: dict[tuple[str, int], int] = defaultdict(int)
    customers: dict[tuple[str, int], set[str]] = defaultdict(set)
    per_customer = [
        ("replies", InboundMessage.received_at, InboundMessage.customer_id,
         [InboundMessage.kind == "reply"]),
        ("survey.low", SurveyResponse.created_at, SurveyResponse.customer_id,
         [SurveyResponse.score <= 2]),
    ]
    for topic, at, customer, where in per_customer:
        bucket = _bucket_sql(at)
        for b, external_id, n in db.session.execute(
                select(bucket, Customer.external_id, func.count())
                .outerjoin(Customer, Customer.id == customer)
                .where(at >= since, *where).group_by(bucket, Customer.external_id)):
            counts[(topic, int(b))] += int(n)
            if external_id and len(customers[(topic, int(b))]) < CUSTOMERS_PER_BUCKET:
                customers[(topic, int(b))].add(external_id)
    from ..complaints.service import received_per_bucket

    for b, topic, external_id, n in db.session.execute(received_per_bucket(_bucket_sql, since)):
        key = (f"complaints.{topic}", int(b))
        counts[key] += int(n)
        if external_id and len(customers[key]) < CUSTOMERS_PER_BUCKET:
            customers[key].add(external_id)
    bucket = _bucket_sql(Delivery.failed_at)
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
    _keep_customers(customers)
    db.session.commit()
    return sum(counts.values())


def watch(now: datetime | None = None) -> Evaluation:
    """The scheduler's sweep: count the gateway's own signals, then judge every topic."""
    collect_own(now)
    return evaluate(now)


# -- rules -------------------------------------------------------------------------------


def default_rule(topic: str) -> Rule:
    for prefix, overrides in DEFAULTS:
        if topic.startswith(prefix):
            return Rule(**overrides)
    return Rule()


def _current_rule_rows(topics: Iterable[str] | None = None) -> dict[str, SignalRule]:
    latest = select(SignalRule.topic, func.max(SignalRule.version).label("version")) \
        .group_by(SignalRule.topic)
    if topics is not None:
        latest = latest.where(SignalRule.topic.in_(list(topics)))
    sub = latest.subquery()
    rows = db.session.execute(select(SignalRule).join(sub, and_(
        SignalRule.topic == sub.c.topic, SignalRule.version == sub.c.version))).scalars()
    return {row.topic: row for row in rows}


def rule_from(row: SignalRule | None, topic: str) -> Rule:
    if row is None:
        return default_rule(topic)
    names = {f.name for f in fields(Rule)}
    return Rule(**{k: v for k, v in row.rule.items() if k in names})


def rule_dict(topic: str, row: SignalRule | None) -> dict[str, Any]:
    rule = rule_from(row, topic)
    return {"topic": topic, "version": row.version if row else 0, **asdict(rule),
            "draft": row.rule.get("draft") if row else None,
            "created_by": row.created_by if row else None,
            "created_at": iso(row.created_at) if row else None}


def put_rule(topic: str, body: RuleIn, *, actor: str, actor_role: str) -> dict[str, Any]:
    """A new version of the topic's rule, audited."""
    if body.draft is not None:
        _check_draft(body.draft)
    current = _current_rule_rows([topic]).get(topic)
    version = (current.version if current else 0) + 1
    rule = body.model_dump(mode="json")
    row = SignalRule(topic=topic, version=version, rule=rule, created_by=actor)
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError as exc:  # another PUT of this topic won the race
        db.session.rollback()
        raise Conflict("The rule changed while this was being saved; send it again.",
                       code="rule_changed") from exc
    audit.append("signal_rule.put", actor=actor, actor_role=actor_role,
                 data={"topic": topic, "version": version, "rule": rule})
    db.session.commit()
    return rule_dict(topic, row)


def _check_draft(draft: dict[str, Any]) -> None:
    """A rule's draft must be a valid (possibly partial) incident body."""
    from ..domain.incidents import IncidentIn

    known = set(IncidentIn.model_fields)
    unknown = sorted(set(draft) - known)
    if unknown:
        raise ValidationFailed("The draft is not an incident body.", [
            {"field": f"draft.{name}", "message": "not a field of an incident"}
            for name in unknown])


def get_rule(topic: str) -> dict[str, Any]:
    return rule_dict(topic, _current_rule_rows([topic]).get(topic))


def rule_history(topic: str) -> list[dict[str, Any]]:
    rows = db.session.execute(select(SignalRule).where(SignalRule.topic == topic)
                              .order_by(SignalRule.version.desc()).limit(100)).scalars()
    return [rule_dict(topic, row) for row in rows]


def list_rules() -> dict[str, Any]:
    rows = _current_rule_rows()
    return {"rules": [rule_dict(t, rows[t]) for t in sorted(rows)],
            "defaults": {"*": asdict(Rule()),
                         **{prefix: asdict(Rule(**o)) for prefix, o in DEFAULTS}}}


# -- evaluation --------------------------------------------------------------------------


@dataclass
class Evaluation:
    opened: list[int]
    closed: list[int]
    topics: int


def _ranges(end: int, rule_span: int, weeks: int) -> list[tuple[int, int]]:
    """Bucket ranges (inclusive) that the windows ending at `end` need, this week and past."""
    return [(end - rule_span + 1 - k * WEEK_BUCKETS, end - k * WEEK_BUCKETS)
            for k in range(weeks + 1)]


def _windows(rule: Rule, counts: dict[int, int], end: int, first_bucket: int
             ) -> list[tuple[int, list[int | None]]]:
    """The windows ending at the last CONFIRM_BUCKETS buckets, each with its
    sums at the same time in past weeks (None before the topic existed: no
    evidence, not zero)."""
    n = rule.window_buckets
    span = n + CONFIRM_BUCKETS - 1
    rows = []  # per week back (0 = now): the span's counts, oldest first
    for k in range(rule.weeks + 1):
        low = end - span + 1 - k * WEEK_BUCKETS
        values = [counts.get(b, 0) for b in range(low, low + span)]
        rows.append((low + CONFIRM_BUCKETS - 1 >= first_bucket or k == 0, values))
    out = []
    for j in range(CONFIRM_BUCKETS):
        sums = [sum(values[j:j + n]) if known else None for known, values in rows]
        out.append((int(sums[0] or 0), sums[1:]))
    return out


def evaluate(now: datetime | None = None) -> Evaluation:
    """Judge every active topic at the last complete bucket; open, keep, close warnings."""
    now = now or utcnow()
    end = bucket_of(now) - 1
    open_rows = {w.topic: w for w in db.session.execute(
        select(SignalWarning).where(SignalWarning.status == "open")).scalars()}
    rules = _current_rule_rows()
    longest = max([detect.Rule().window_buckets, *(rule_from(r, t).window_buckets
                                                  for t, r in rules.items())])
    span = longest + CONFIRM_BUCKETS - 1
    topics = {t: first for t, first in db.session.execute(
        select(SignalTopic.topic, SignalTopic.first_bucket).where(or_(
            SignalTopic.last_bucket >= end - span + 1,
            SignalTopic.topic.in_(list(open_rows)))))}
    if not topics:
        return Evaluation([], [], 0)
    weeks = max([detect.Rule().weeks, *(rule_from(r, t).weeks for t, r in rules.items())])
    ranges = _ranges(end, span, weeks)
    series: dict[str, dict[int, int]] = defaultdict(dict)
    table = SignalBucket.__table__
    for lo, hi in ranges:  # one indexed range per week; plain rows, no ORM
        for topic, bucket, count in db.session.connection().execute(
                select(table.c.topic, table.c.bucket, table.c.count)
                .where(table.c.bucket.between(lo, hi))):
            if topic in topics:
                series[topic][bucket] = count
    result = Evaluation([], [], len(topics))
    for topic, first_bucket in topics.items():
        rule = rule_from(rules.get(topic), topic)
        warning = open_rows.get(topic)
        verdict = detect.judge_confirmed(rule, _windows(rule, series[topic], end, first_bucket),
                                         staying_open=warning is not None)
        episode = None
        if warning is not None:
            episode = detect.Episode(bucket_of(warning.opened_at), bucket_of(warning.normal_since)
                                     if warning.normal_since else None)
        action = detect.step(rule, episode, verdict, end + 1)
        if action == "open":
            opened = _open(topic, rule, rules.get(topic), verdict, series[topic], end, now)
            if opened is not None:
                result.opened.append(opened)
        elif warning is not None and action in ("stay", "close"):
            assert episode is not None
            warning.normal_since = (bucket_start(episode.normal_since)
                                    if episode.normal_since is not None else None)
            warning.peak_observed = max(warning.peak_observed, verdict.observed)
            if action == "close":
                _close(warning, verdict, now)
                result.closed.append(warning.id)
    db.session.commit()
    return result


def _aware(value: datetime) -> datetime:
    """func.min() over a UTCDateTime comes back naive on SQLite."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _first_signal(rule: Rule, counts: dict[int, int], end: int, expected: float | None) -> int:
    """The first bucket of the window that was itself `ratio` × its usual level."""
    n = rule.window_buckets
    per_bucket = (expected or 0) / n
    for b in range(end - n + 1, end + 1):
        if counts.get(b, 0) > 0 and counts.get(b, 0) >= rule.ratio * per_bucket:
            return b
    return end - n + 1


def _open(topic: str, rule: Rule, rule_row: SignalRule | None, verdict: detect.Verdict,
          counts: dict[int, int], end: int, now: datetime) -> int | None:
    first = _first_signal(rule, counts, end, verdict.expected)
    warning = SignalWarning(
        topic=topic, status="open", rule_version=rule_row.version if rule_row else 0,
        first_signal_at=bucket_start(first), opened_at=now, observed=verdict.observed,
        expected=verdict.expected, ratio=_finite(verdict.ratio), p_value=verdict.p_value,
        peak_observed=verdict.observed, draft={})
    try:
        with db.session.begin_nested():
            db.session.add(warning)
            db.session.flush()
    except IntegrityError:  # another scheduler opened this episode a moment ago
        return None
    warning.draft = build_draft(warning, rule_row)
    audit.append("warning.opened", actor="scheduler", actor_role="system", data={
        "warning_id": warning.id, "topic": topic, "observed": warning.observed,
        "expected": warning.expected, "ratio": warning.ratio, "p_value": warning.p_value,
        "first_signal_at": warning.first_signal_at.isoformat(),
        "rule_version": warning.rule_version,
        "draft_audience_size": len(warning.draft.get("audience", {}).get("customer_ids", []))})
    _alert_staff(warning)
    return warning.id


def _alert_staff(warning: SignalWarning) -> None:
    from ..alerts.service import raise_alert

    url = f"{current_app.config['GATEWAY'].public_url}/console/warnings/{warning.id}"
    ratio = f"{warning.ratio:.1f}× " if warning.ratio else ""
    expected = f"{warning.expected:g}" if warning.expected is not None else "unknown"
    subject = f"Early warning: {warning.topic} is {ratio}its usual level"
    text = (f"{warning.topic}: {warning.observed} in the last window, usually {expected} "
            f"(p = {warning.p_value:.2g}). " if warning.p_value is not None else
            f"{warning.topic}: {warning.observed} in the last window, usually {expected}. ")
    text += f"Rising since {warning.first_signal_at:%H:%M} UTC. A draft incident is ready: {url}"
    raise_alert("warning.opened", f"warning:{warning.id}", subject, text, {
        "warning_id": warning.id, "topic": warning.topic, "observed": warning.observed,
        "expected": warning.expected, "ratio": warning.ratio, "p_value": warning.p_value,
        "url": url})


def _close(warning: SignalWarning, verdict: detect.Verdict, now: datetime) -> None:
    warning.status, warning.closed_at = "closed", now
    audit.append("warning.closed", actor="scheduler", actor_role="system", data={
        "warning_id": warning.id, "topic": warning.topic, "observed": verdict.observed,
        "expected": verdict.expected, "peak_observed": warning.peak_observed})


# -- drafts ------------------------------------------------------------------------------


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


# -- warnings as read --------------------------------------------------------------------


def get_warning(warning_id: int) -> SignalWarning:
    warning = db.session.get(SignalWarning, warning_id)
    if warning is None:
        raise NotFound(f"No warning {warning_id}.")
    return warning


def list_warnings(status: str | None, topic: str | None, cursor: int | None, limit: int
                  ) -> tuple[list[SignalWarning], int | None]:
    stmt = select(SignalWarning).order_by(SignalWarning.id.desc()).limit(limit + 1)
    if status:
        stmt = stmt.where(SignalWarning.status == status)
    if topic:
        stmt = stmt.where(SignalWarning.topic == topic)
    if cursor is not None:
        stmt = stmt.where(SignalWarning.id < cursor)
    rows = list(db.session.execute(stmt).scalars())
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].id if more and rows else None)


def warning_of(incident_id: int) -> SignalWarning | None:
    return db.session.execute(select(SignalWarning).where(
        SignalWarning.incident_id == incident_id)).scalar_one_or_none()


def timeline(warning: SignalWarning) -> dict[str, Any]:
    """first sign → warning → incident created → cleared to send → first message."""
    incident = db.session.get(Incident, warning.incident_id) if warning.incident_id else None
    first_message = None
    if incident is not None:
        first_message = db.session.execute(select(func.min(Delivery.sent_at)).where(
            Delivery.incident_id == incident.id, Delivery.message == 0)).scalar_one()
    return {
        "first_signal_at": iso(warning.first_signal_at), "opened_at": iso(warning.opened_at),
        "incident_created_at": iso(warning.incident_created_at),
        "approved_at": iso(incident.dispatched_at) if incident is not None else None,
        "first_message_at": iso(first_message),
        "first_signal_to_first_message_seconds":
            (_aware(first_message) - warning.first_signal_at).total_seconds()
            if first_message else None,
    }


def warning_dict(warning: SignalWarning) -> dict[str, Any]:
    return {"id": warning.id, "topic": warning.topic, "status": warning.status,
            "closed_at": iso(warning.closed_at), "observed": warning.observed,
            "expected": warning.expected, "ratio": warning.ratio, "p_value": warning.p_value,
            "peak_observed": warning.peak_observed, "rule_version": warning.rule_version,
            "draft": warning.draft, "incident_id": warning.incident_id, **timeline(warning)}


def draft_of(warning_id: int) -> dict[str, Any] | None:
    """A warning's draft incident for staff to edit, while it has no incident yet."""
    warning = db.session.get(SignalWarning, warning_id)
    return warning.draft if warning is not None and warning.incident_id is None else None


def link_incident(warning_id: int, incident: Incident, *, actor: str, actor_role: str) -> None:
    """Record that staff made the warning's incident (in the caller's transaction)."""
    warning = db.session.get(SignalWarning, warning_id)
    if warning is None:  # a reference to nothing: 404 naming the field
        raise NotFound(f"No warning {warning_id}.", [
            {"field": "warning_id", "message": f"no warning {warning_id}"}])
    claimed = affected(db.session.execute(
        update(SignalWarning).where(SignalWarning.id == warning_id,
                                    SignalWarning.incident_id.is_(None))
        .values(incident_id=incident.id, incident_created_at=incident.created_at or utcnow())
        .execution_options(synchronize_session="fetch")))
    if not claimed:
        raise Conflict(f"Warning {warning_id} already has incident {warning.incident_id}.",
                       code="warning_has_incident")
    audit.append("warning.incident_created", actor=actor, actor_role=actor_role,
                 incident_id=incident.id, data={"warning_id": warning_id, "topic": warning.topic})


# -- charts ------------------------------------------------------------------------------

HOUR_BUCKETS = 3600 // BUCKET_SECONDS


@dataclass(frozen=True)
class ChartPoint:
    at: datetime  # the hour's start
    observed: int
    expected: float | None  # the median of the same hour in past weeks
    low: int | None  # the usual range: lowest and highest of those weeks
    high: int | None


def chart(topic: str, now: datetime | None = None, hours: int = 48
          ) -> tuple[list[ChartPoint], list[SignalWarning]]:
    """Hourly volume of the last `hours` against the same hours of past weeks,
    and the warnings in that span (for the console's charts)."""
    now = now or utcnow()
    rule = rule_from(_current_rule_rows([topic]).get(topic), topic)
    last = bucket_of(now) // HOUR_BUCKETS * HOUR_BUCKETS + HOUR_BUCKETS - 1
    first = last - hours * HOUR_BUCKETS + 1
    topic_row = db.session.get(SignalTopic, topic)
    born = topic_row.first_bucket if topic_row else last
    table = SignalBucket.__table__
    counts: dict[int, int] = {}
    for k in range(rule.weeks + 1):
        lo, hi = first - k * WEEK_BUCKETS, last - k * WEEK_BUCKETS
        counts.update(db.session.connection().execute(
            select(table.c.bucket, table.c.count).where(
                table.c.topic == topic, table.c.bucket.between(lo, hi))).all())
    points = []
    for hour in range(first, last + 1, HOUR_BUCKETS):
        def total(start: int) -> int:
            return sum(counts.get(b, 0) for b in range(start, start + HOUR_BUCKETS))
        past: list[int | None] = [total(hour - k * WEEK_BUCKETS)
                                  if hour - k * WEEK_BUCKETS >= born else None
                                  for k in range(1, rule.weeks + 1)]
        usable = detect.usable_weeks(past)
        points.append(ChartPoint(bucket_start(hour), total(hour), detect.expected_from(past),
                                 min(usable) if usable else None,
                                 max(usable) if usable else None))
    warnings = list(db.session.execute(select(SignalWarning).where(
        SignalWarning.topic == topic,
        or_(SignalWarning.closed_at.is_(None), SignalWarning.closed_at >= bucket_start(first)))
        .order_by(SignalWarning.opened_at)).scalars())
    return points, warnings


def active_topics(now: datetime | None = None, days: int = 7, limit: int = 50) -> list[str]:
    """Topics with signals in the last `days`, those with an open warning first."""
    now = now or utcnow()
    open_topics = set(db.session.execute(select(SignalWarning.topic).where(
        SignalWarning.status == "open")).scalars())
    recent = db.session.execute(select(SignalTopic.topic).where(
        SignalTopic.last_bucket >= bucket_of(now) - days * 24 * HOUR_BUCKETS)
        .order_by(SignalTopic.topic).limit(limit)).scalars().all()
    return sorted(set(recent) | open_topics, key=lambda t: (t not in open_topics, t))[:limit]


def open_warning_count() -> int:
    return int(db.session.execute(select(func.count()).select_from(SignalWarning).where(
        SignalWarning.status == "open")).scalar_one())

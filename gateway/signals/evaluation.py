"""The sweep that judges every active topic against its rule (with `detect`,
the same code the quality benchmark replays), opens one warning per episode
with its figures and a draft incident, alerts staff, and closes the warning
once the figure has been back to normal for the rule's cooldown."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from ..audit import chain as audit
from ..store.db import db, utcnow
from . import detect
from .buckets import bucket_of, bucket_start
from .detect import CONFIRM_BUCKETS, WEEK_BUCKETS, Rule
from .drafts import build_draft
from .models import SignalBucket, SignalRule, SignalTopic, SignalWarning
from .rules import current_rule_rows, rule_from


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
    rules = current_rule_rows()
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
    # Here, not at the top: alerts.service loads requests and the webhook provider,
    # which the API process otherwise does not; the scheduler sends the alerts.
    from ..alerts.service import console_url, raise_alert

    url = console_url(f"warnings/{warning.id}")
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

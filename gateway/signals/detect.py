"""Is a topic's figure abnormally high? Pure arithmetic, no database.

The service (live) and the quality benchmark (synthetic histories) both feed
it window sums, so what is measured is exactly what runs.

Baseline mode compares the last `window_minutes` with the same minutes of the
week in each of the last `weeks` weeks. The expected count is the *median* of
those weekly sums: one past incident or one outage in the history does not
move it. A week is left out when the topic did not exist yet, or when it
holds nothing at all while the other weeks make an empty window implausible
(a gap in the data, not a quiet hour). The window fires when the observed
count reaches `min_count`, is at least `ratio` × expected, and is significant:
the Poisson upper tail P(X ≥ observed | expected) ≤ `p_value`.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

BUCKET_SECONDS = 300  # counts are kept per topic per 5-minute bucket
HOUR_BUCKETS = 3600 // BUCKET_SECONDS
WEEK_BUCKETS = 7 * 24 * 3600 // BUCKET_SECONDS
# An empty window where at least this many are expected is a gap in the data,
# not a quiet spell: P(0 | 7) < 0.001.
GAP_EXPECTED = 7.0
# A warning opens only when the window was high at this many evaluations in a
# row, 5 minutes apart (10 minutes of evidence): a single noisy burst is not
# an episode. Measured by `bench --signals-quality`: it cuts false warnings
# on spike-free weeks about fivefold for a 10-minute delay.
CONFIRM_BUCKETS = 3

State = Literal["high", "normal", "no_data", "no_baseline"]


@dataclass(frozen=True)
class Rule:
    """How a topic is judged (the fields of `PUT /v1/signal-rules/{topic}`)."""

    mode: Literal["baseline", "threshold"] = "baseline"
    ratio: float = 2.0
    min_count: int = 10
    p_value: float = 0.001
    window_minutes: int = 60
    weeks: int = 4
    threshold: int | None = None
    cooldown_minutes: int = 60

    @property
    def window_buckets(self) -> int:
        return max(1, self.window_minutes * 60 // BUCKET_SECONDS)


@dataclass(frozen=True)
class Verdict:
    state: State
    observed: int
    expected: float | None
    ratio: float | None
    p_value: float | None


def poisson_sf(observed: int, expected: float) -> float:
    """P(X ≥ observed) for X ~ Poisson(expected), exact and stable in the far tail.

    Sums the tail upward from `observed` when it lies above the mean (terms
    shrink geometrically), else takes 1 − the lower sum.
    """
    if observed <= 0:
        return 1.0
    if expected <= 0:
        return 0.0
    log_first = -expected + observed * math.log(expected) - math.lgamma(observed + 1)
    if observed > expected:
        term = math.exp(log_first)
        total, i = 0.0, observed
        while term > 1e-300 and (total == 0 or term > total * 1e-17):
            total += term
            i += 1
            term *= expected / i
        return min(1.0, total)
    term, lower = math.exp(-expected), 0.0
    for i in range(observed):
        lower += term
        term *= expected / (i + 1)
    return max(0.0, 1.0 - lower)


def binomial_sf(successes: int, trials: int, q: float) -> float:
    """P(X ≥ successes) for X ~ Binomial(trials, q), summed upward from `successes`."""
    if successes <= 0:
        return 1.0
    if successes > trials:
        return 0.0
    if q >= 1.0:
        return 1.0
    log_first = (math.lgamma(trials + 1) - math.lgamma(successes + 1)
                 - math.lgamma(trials - successes + 1)
                 + successes * math.log(q) + (trials - successes) * math.log1p(-q))
    term, total, i = math.exp(log_first), 0.0, successes
    while i <= trials and term > 0 and (total == 0 or term > total * 1e-17):
        total += term
        term *= (trials - i) / (i + 1) * q / (1 - q)
        i += 1
    return min(1.0, total)


def usable_weeks(week_sums: Sequence[int | None]) -> list[int]:
    """The past weeks that say something: known, and not a gap in the data."""
    known = [s for s in week_sums if s is not None]
    return [s for i, s in enumerate(known)
            if s > 0 or len(known) == 1
            or statistics.median(known[:i] + known[i + 1:]) < GAP_EXPECTED]


def expected_from(week_sums: Sequence[int | None]) -> float | None:
    """The usual count for this window: the median of the usable past weeks."""
    usable = usable_weeks(week_sums)
    return float(statistics.median(usable)) if usable else None


def significance(observed: int, week_sums: Sequence[int | None]) -> float:
    """How surprising `observed` is next to the past weeks, with their own noise
    counted: the exact conditional test of two Poisson rates. Given the total
    N = observed + the usable weeks' sum over m weeks, observed ~ Binomial(N,
    1/(m+1)) when nothing changed; p = its upper tail. (With a baseline known
    exactly this is the Poisson upper tail; with four noisy weeks, the plain
    Poisson tail against their median fires on noise several times a week.)"""
    usable = usable_weeks(week_sums)
    return binomial_sf(observed, observed + sum(usable), 1 / (len(usable) + 1))


def judge(rule: Rule, observed: int, week_sums: Sequence[int | None], *,
          staying_open: bool = False) -> Verdict:
    """The state of one window. With `staying_open` (a warning is open) the bar
    to stay high is halfway between normal and the firing bar, so a figure that
    hovers around the bar makes one episode, not a string of them."""
    expected = expected_from(week_sums)
    ratio = (observed / expected if expected else (math.inf if observed else None))
    if rule.mode == "threshold":
        assert rule.threshold is not None
        p = poisson_sf(observed, expected) if expected is not None else None
        state: State = "high" if observed >= rule.threshold else "normal"
        return Verdict(state, observed, expected, ratio, p)
    if expected is None:
        return Verdict("no_baseline", observed, None, None, None)
    if observed == 0 and expected >= GAP_EXPECTED:
        return Verdict("no_data", observed, expected, ratio, None)
    if staying_open:
        bar = 1 + (rule.ratio - 1) / 2
        high = observed >= rule.min_count / 2 and observed >= bar * expected
        return Verdict("high" if high else "normal", observed, expected, ratio, None)
    if observed < rule.min_count or observed < rule.ratio * expected:
        return Verdict("normal", observed, expected, ratio, None)
    p = significance(observed, week_sums)
    return Verdict("high" if p <= rule.p_value else "normal", observed, expected, ratio, p)


def judge_confirmed(rule: Rule, windows: Sequence[tuple[int, Sequence[int | None]]], *,
                    staying_open: bool = False) -> Verdict:
    """The verdict of the newest window (last of `windows`, oldest first). With no
    warning open it is `high` only when the last CONFIRM_BUCKETS windows all were."""
    *earlier, (observed, weeks) = windows
    verdict = judge(rule, observed, weeks, staying_open=staying_open)
    if staying_open or verdict.state != "high" or rule.mode == "threshold":
        return verdict
    confirmed = len(earlier) >= CONFIRM_BUCKETS - 1 and all(
        judge(rule, o, w).state == "high" for o, w in earlier[-(CONFIRM_BUCKETS - 1):])
    return verdict if confirmed else replace(verdict, state="normal")


@dataclass
class Episode:
    """An open warning as the state machine sees it."""

    opened_bucket: int
    normal_since: int | None = None  # first bucket of the current normal run


def step(rule: Rule, episode: Episode | None, verdict: Verdict, bucket: int
         ) -> Literal["open", "stay", "close", "none"]:
    """What one evaluation does: open a warning, keep it, close it, or nothing.

    A warning closes once the figure has been normal for `cooldown_minutes`.
    Missing data (`no_data`) is neither: it does not open a warning and does
    not count as being back to normal.
    """
    if episode is None:
        return "open" if verdict.state == "high" else "none"
    if verdict.state in ("high", "no_data", "no_baseline"):
        episode.normal_since = None
        return "stay"
    if episode.normal_since is None:
        episode.normal_since = bucket
    cooldown = rule.cooldown_minutes * 60 // BUCKET_SECONDS
    return "close" if bucket - episode.normal_since >= cooldown else "stay"

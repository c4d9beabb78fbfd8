"""The detector's arithmetic: exact tails, the baseline's median and gap rule,
confirmation, hysteresis and the cooldown."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from gateway.signals.detect import (
    Episode,
    Rule,
    binomial_sf,
    expected_from,
    judge,
    judge_confirmed,
    poisson_sf,
    step,
)


def _poisson_tail_exact(k: int, lam: int) -> float:
    """1 − Σ_{i<k} e^{-λ} λ^i / i!, the sum in exact rationals."""
    lower = sum(Fraction(lam ** i, math.factorial(i)) for i in range(k))
    return 1 - float(lower) * math.exp(-lam)


@pytest.mark.parametrize("k, lam", [(1, 1), (5, 2), (10, 3), (30, 10), (3, 10), (100, 60)])
def test_poisson_tail_matches_the_exact_sum(k, lam):
    assert poisson_sf(k, lam) == pytest.approx(_poisson_tail_exact(k, lam), rel=1e-9, abs=1e-15)


def test_far_tails_stay_positive_and_tiny():
    assert 0 < poisson_sf(200, 10) < 1e-100
    assert binomial_sf(0, 10, 0.2) == 1 and binomial_sf(11, 10, 0.2) == 0
    assert binomial_sf(10, 10, 0.5) == pytest.approx(0.5 ** 10)
    exact = sum(math.comb(20, i) * 0.2 ** i * 0.8 ** (20 - i) for i in range(8, 21))
    assert binomial_sf(8, 20, 0.2) == pytest.approx(exact, rel=1e-12)


def test_the_baseline_is_the_median_of_usable_weeks():
    assert expected_from([40, 44, 400, 38]) == 42  # last month's incident does not count
    assert expected_from([40, 0, 44, 38]) == 40  # an empty week among busy ones is a gap
    assert expected_from([1, 0, 2, 0]) == 0.5  # a quiet topic's empty weeks are real
    assert expected_from([None, None, 30, 34]) == 32  # weeks before the topic existed
    assert expected_from([None, None]) is None


def test_verdicts():
    rule = Rule()
    assert judge(rule, 90, [40, 42, 38, 41]).state == "high"
    assert judge(rule, 70, [40, 42, 38, 41]).state == "normal"  # under 2×
    assert judge(rule, 8, [1, 0, 1, 0]).state == "normal"  # under min_count
    assert judge(rule, 0, [40, 42, 38, 41]).state == "no_data"  # silence where 40 are usual
    assert judge(rule, 50, [None, None, None, None]).state == "no_baseline"
    # Open: staying high needs only halfway (1.5×) and half the minimum.
    assert judge(rule, 70, [40, 42, 38, 41], staying_open=True).state == "high"
    assert judge(rule, 55, [40, 42, 38, 41], staying_open=True).state == "normal"
    threshold = Rule(mode="threshold", threshold=100)
    assert judge(threshold, 100, [None]).state == "high"
    assert judge(threshold, 99, [10, 10]).state == "normal"


def test_a_warning_needs_three_high_windows_in_a_row():
    rule = Rule()
    weeks = [40, 42, 38, 41]
    assert judge_confirmed(rule, [(40, weeks), (90, weeks), (95, weeks)]).state == "normal"
    assert judge_confirmed(rule, [(88, weeks), (90, weeks), (95, weeks)]).state == "high"


def test_cooldown_closes_after_normal_for_the_set_time_and_gaps_stop_the_clock():
    rule = Rule(cooldown_minutes=30)
    normal = judge(rule, 40, [40, 42, 38, 41], staying_open=True)
    gap = judge(rule, 0, [40, 42, 38, 41], staying_open=True)
    episode = Episode(opened_bucket=0)
    assert step(rule, episode, normal, 10) == "stay"
    assert step(rule, episode, normal, 15) == "stay"
    assert step(rule, episode, gap, 16) == "stay"  # missing data: the clock starts over
    assert step(rule, episode, normal, 17) == "stay"
    assert step(rule, episode, normal, 22) == "stay"
    assert step(rule, episode, normal, 23) == "close"

"""The benchmark's sampler reports a watched process's CPU from when it was
first watched, not its whole life (an outside Redis has worked for others)."""

from __future__ import annotations

import os
import time

from gateway.bench.memory import PeakRss


def _burn(seconds: float) -> None:
    until = time.process_time() + seconds
    while time.process_time() < until:
        pass


def test_cpu_counts_from_when_a_process_is_first_watched():
    _burn(0.4)  # CPU this process spent before the benchmark watched it
    with PeakRss(interval=0.05) as sampler:
        sampler.watch("me", os.getpid())
        _burn(0.3)
    spent = sampler.cpu_seconds()["me"]
    # the 0.3 s burned while watched (and the sampler), not the 0.7 s in all
    assert 0.2 <= spent < 0.6
    assert sampler.megabytes()["me"] > 0


def test_pss_and_uss_are_sampled_at_the_end_too():
    """PSS/USS are read less often than RSS; what a process holds when the
    benchmark ends still counts."""
    with PeakRss(interval=0.05, full_every=60) as sampler:
        sampler.watch("me", os.getpid(), shared=True)
        before = sampler.megabytes("uss")["me"]
        time.sleep(0.2)  # the sampler's first full sample is past: the next is in 60 s
        held = bytearray(64 * 2**20)  # touched: resident and this process's own
        time.sleep(0.2)
    assert sampler.megabytes("uss")["me"] >= before + 60
    assert sampler.megabytes("pss")["me"] >= before + 60
    assert sampler.megabytes()["me"] >= before + 60
    del held

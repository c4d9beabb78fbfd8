"""``python -m gateway bench --lint``: how long ``lint_text`` takes on a 2,000-character message.

The message is the shipped data-breach email (text part) of each locale,
repeated to 2,000 characters. Every run changes the numbers in it, so no
cache of an earlier run answers for it; the first call (which loads jieba and
lemminflect) is reported on its own.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from typing import Any

from gateway.messages import get_renderer, sample_context
from gateway.messages.lint import lint_text
from gateway.vocabulary import LOCALES

SIZE = 2000


def _message(locale: str) -> str:
    text = (
        get_renderer()
        .render("data_breach", "email", locale, sample_context("data_breach", locale))
        .text
    ) or ""
    while len(text) < SIZE:
        text += "\n" + text
    return text[:SIZE]


def _variant(text: str, run: int) -> str:
    return "".join(str((int(c) + run) % 10) if c.isdigit() else c for c in text) if run else text


def _ms(values: list[float]) -> dict[str, float]:
    values = sorted(values)
    return {
        "median_ms": round(statistics.median(values), 2),
        "p95_ms": round(values[max(int(len(values) * 0.95) - 1, 0)], 2),
    }


def measure(locale: str, runs: int) -> dict[str, Any]:
    """Wall and CPU time per call: on a busy machine wall time includes waiting for a core."""
    text = _message(locale)
    started = time.perf_counter()
    lint_text(text, locale, "text")
    first = time.perf_counter() - started
    wall, cpu = [], []
    for run in range(1, runs + 1):
        sample = _variant(text, run)
        started, cpu_started = time.perf_counter(), time.process_time()
        lint_text(sample, locale, "text")
        cpu.append((time.process_time() - cpu_started) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    return {
        "chars": len(text),
        "runs": runs,
        "first_call_ms": round(first * 1000, 1),
        "wall": _ms(wall),
        "cpu": _ms(cpu),
    }


def run(runs: int = 200) -> int:
    """Print both locales' figures and the load average (busy cores stretch the wall time)."""
    figures: dict[str, Any] = {locale: measure(locale, runs) for locale in LOCALES}
    figures["load_average_1min"] = round(os.getloadavg()[0], 2)
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    return 0

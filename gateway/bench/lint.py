"""``python -m gateway bench --lint``: how long ``lint_text`` takes on a 2,000-character message.

The message is the shipped data-breach email (text part) of each locale,
repeated to 2,000 characters. Every run changes the numbers in it, so no
cache of an earlier run answers for it; the first call (which loads jieba's
dictionary and lemminflect) is reported on its own. Its sentences still repeat, so caches
keyed by sentence or clause answer most of it: ``first_seen`` is the honest
figure, 2,000-character texts of sentences the process has not linted before,
each linted once. Its sentences are those of the lint corpus
(``tests/messages/corpus``, every file of the locale) when the checkout has
it, otherwise those of every shipped template's text part (far fewer
texts); shuffled with a fixed seed and packed in turn into texts.
"""

from __future__ import annotations

import json
import os
import random
import re
import statistics
import time
from pathlib import Path
from typing import Any

import yaml

from gateway.messages import get_renderer, sample_context
from gateway.messages.lint import lint_text
from gateway.messages.lint.evaluate import held_out
from gateway.messages.lint_templates import template_cases
from gateway.vocabulary import LOCALES

SIZE = 2000
CORPUS_DIR = Path(__file__).resolve().parents[2] / "tests" / "messages" / "corpus"
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s*|\n+")


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
    if not values:
        return {}
    values = sorted(values)
    return {
        "median_ms": round(statistics.median(values), 2),
        "p95_ms": round(values[max(int(len(values) * 0.95) - 1, 0)], 2),
    }


def _corpus_sentences(locale: str) -> list[str]:
    """Every sentence of the lint corpus of ``locale``, the held-out set's left out (it is
    linted only to measure the rules, figures only, by the one who keeps it)."""
    sentences: list[str] = []
    for path in sorted(CORPUS_DIR.rglob(f"{locale}.yaml")):
        if held_out(path.parent):
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for section in (data.get("bad"), data.get("good")):
            groups = section.values() if isinstance(section, dict) else [section]
            sentences += [s for group in groups for s in group or [] if isinstance(s, str)]
    return sentences


def _template_sentences(locale: str) -> list[str]:
    renderer, sentences = get_renderer(), []
    for case in template_cases(renderer):
        if case.locale == locale and case.family != "pages":
            context = sample_context(case.kind, locale, stage=case.stage,
                                     survey=case.family == "survey")
            try:
                text = renderer.render(case.family, case.channel, locale, context).text or ""
            except Exception:  # a family this sample context does not render
                continue
            sentences += [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]
    return sentences


def fresh_texts(locale: str, seen: str = "") -> list[str]:
    """Distinct 2,000-character texts of sentences not in ``seen``, in a fixed shuffled order."""
    found = _corpus_sentences(locale) if CORPUS_DIR.is_dir() else _template_sentences(locale)
    sentences = sorted({s.strip() for s in found if s.strip() and s.strip() not in seen})
    random.Random(17).shuffle(sentences)
    joiner = "" if locale.startswith("zh") else " "
    texts, text = [], ""
    for sentence in sentences:
        text = f"{text}{joiner}{sentence}" if text else sentence
        if len(text) >= SIZE:
            texts.append(text[:SIZE])
            text = ""
    return texts


def _timed(texts: list[str], locale: str) -> tuple[list[float], list[float]]:
    wall, cpu = [], []
    for text in texts:
        started, cpu_started = time.perf_counter(), time.process_time()
        lint_text(text, locale, "text")
        cpu.append((time.process_time() - cpu_started) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    return wall, cpu


def measure(locale: str, runs: int) -> dict[str, Any]:
    """Wall and CPU time per call: on a busy machine wall time includes waiting for a core."""
    text = _message(locale)
    started = time.perf_counter()
    lint_text(text, locale, "text")
    first = time.perf_counter() - started
    wall, cpu = _timed([_variant(text, run) for run in range(1, runs + 1)], locale)
    fresh = fresh_texts(locale, seen=text)
    fresh_wall, fresh_cpu = _timed(fresh, locale)
    return {
        "chars": len(text),
        "runs": runs,
        "first_call_ms": round(first * 1000, 1),
        "wall": _ms(wall),
        "cpu": _ms(cpu),
        "first_seen": {
            "source": "corpus" if CORPUS_DIR.is_dir() else "templates",
            "texts": len(fresh),
            "wall": _ms(fresh_wall),
            "cpu": _ms(fresh_cpu),
        },
    }


def run(runs: int = 200) -> int:
    """Print both locales' figures and the load average (busy cores stretch the wall time)."""
    figures: dict[str, Any] = {locale: measure(locale, runs) for locale in LOCALES}
    figures["load_average_1min"] = round(os.getloadavg()[0], 2)
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    return 0

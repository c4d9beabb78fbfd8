"""Measure the linter on a corpus of bad and good sentences (recall, false positives).

``python -m gateway.messages.lint.evaluate [corpus_dir]`` prints the figures.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml

from gateway.messages.lint import lint_text

CORPUS_DIR = Path(__file__).resolve().parents[3] / "tests" / "messages" / "corpus"


def evaluate_corpus(corpus_dir: str | Path = CORPUS_DIR) -> dict[str, Any]:
    """Per locale: recall on ``bad`` (any finding) and false-positive rate on ``good``."""
    report: dict[str, Any] = {}
    for path in sorted(Path(corpus_dir).glob("*.yaml")):
        locale = path.stem
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        missed = [s for s in data["bad"] if not lint_text(s, locale, "text")]
        flagged = {s: sorted({f.code for f in lint_text(s, locale, "text")}) for s in data["good"]}
        flagged = {s: codes for s, codes in flagged.items() if codes}
        report[locale] = {
            "bad": len(data["bad"]),
            "recall": round(1 - len(missed) / len(data["bad"]), 3),
            "good": len(data["good"]),
            "false_positive_rate": round(len(flagged) / len(data["good"]), 3),
            "missed": missed,
            "false_positives": flagged,
        }
    return report


if __name__ == "__main__":
    print(json.dumps(evaluate_corpus(*sys.argv[1:]), ensure_ascii=False, indent=2))

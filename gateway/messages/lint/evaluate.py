"""Measure the linter on a corpus of bad and good sentences: recall and false positives per kind.

A corpus file is ``<locale>.yaml`` with ``bad`` and ``good``, each either a
list or a mapping from kind (the mistake a bad sentence makes, or the mistake
a good sentence is a near-miss for) to a list. A sentence counts as caught
when the linter finds anything in it.

``python -m gateway.messages.lint.evaluate [--figures-only] [corpus_dir ...]``
prints JSON. ``--figures-only`` leaves out the sentences missed or wrongly
flagged: use it on the held-out corpus, so nobody tunes rules to it.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import yaml

from gateway.messages.lint import lint_text

CORPUS_DIR = Path(__file__).resolve().parents[3] / "tests" / "messages" / "corpus"
# Held-out corpus per locale: written before the rules it measures; figures only, never tuned to.
HELDOUT = {"en": CORPUS_DIR / "heldout-35", "zh-CN": CORPUS_DIR / "heldout-35"}


def held_out(directory: Path) -> bool:
    """Whether a corpus directory is a held-out set: ``HELDOUT`` or one written to replace it
    (``heldout-N``, which lands before it becomes ``HELDOUT``): figures only, never read."""
    return directory.name.startswith("heldout-") or directory.resolve() in {
        d.resolve() for d in HELDOUT.values()}
# Development material besides CORPUS_DIR's own files: earlier held-out sets whose misses were read.
DEV_DIRS = tuple(
    CORPUS_DIR / d
    for d in (
        "dev-3",
        "dev-7",
        "dev-8",
        "dev-heldout1",
        "dev-heldout2",
        "dev-heldout4",
        "dev-heldout5",
        "dev-heldout6",
        "dev-heldout7",
        "dev-heldout8",
        "dev-heldout9",
        "dev-heldout10",
        "dev-heldout11",
        "dev-heldout12",
        "dev-heldout13",
        "dev-heldout14",
        "dev-heldout15",
        "dev-heldout16",
        "dev-heldout17",
        "dev-heldout18",
        "dev-heldout19",
        "dev-heldout20",
        "dev-10",
        "dev-11",
        "dev-12",
        "dev-13",
        "dev-14",
        "dev-15",
        "dev-17",
        "dev-18",
        "dev-19",
        "dev-20",
        "dev-21",
        "dev-22",
        "dev-25",
        "dev-9",
        "holdout",
        "holdout2",
    )
)


def by_kind(section: list[str] | dict[str, list[str]] | None) -> dict[str, list[str]]:
    """A corpus section as kind -> sentences (an unlabelled list is kind ``unlabelled``)."""
    if isinstance(section, dict):
        return {kind: list(items or []) for kind, items in section.items()}
    return {"unlabelled": list(section or [])}


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


def evaluate_file(path: str | Path, figures_only: bool = False) -> dict[str, Any]:
    """Figures of one ``<locale>.yaml``: overall and per kind."""
    path = Path(path)
    locale = path.stem
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    bad, good = by_kind(data.get("bad")), by_kind(data.get("good"))
    kinds: dict[str, dict[str, Any]] = {}
    missed: list[str] = []
    flagged: dict[str, list[str]] = {}
    for kind in sorted(set(bad) | set(good)):
        miss = [s for s in bad.get(kind, []) if not lint_text(s, locale, "text")]
        wrong = {
            s: sorted({f.code for f in lint_text(s, locale, "text")}) for s in good.get(kind, [])
        }
        wrong = {s: codes for s, codes in wrong.items() if codes}
        n_bad, n_good = len(bad.get(kind, [])), len(good.get(kind, []))
        kinds[kind] = {
            "bad": n_bad,
            "recall": _rate(n_bad - len(miss), n_bad),
            "good": n_good,
            "false_positive_rate": _rate(len(wrong), n_good),
        }
        missed += miss
        flagged.update(wrong)
    n_bad = sum(len(v) for v in bad.values())
    n_good = sum(len(v) for v in good.values())
    by_code: dict[str, int] = {}
    for codes in flagged.values():
        for code in codes:
            by_code[code] = by_code.get(code, 0) + 1
    report: dict[str, Any] = {
        "bad": n_bad,
        "recall": _rate(n_bad - len(missed), n_bad),
        "good": n_good,
        "false_positive_rate": _rate(len(flagged), n_good),
        "by_kind": kinds,
        "good_flagged_by_code": dict(sorted(by_code.items())),
    }
    if not figures_only:
        report["missed"] = missed
        report["false_positives"] = flagged
    return report


def evaluate_corpus(
    corpus_dir: str | Path = CORPUS_DIR, figures_only: bool = False
) -> dict[str, Any]:
    """Per locale (one file each in ``corpus_dir``): see :func:`evaluate_file`."""
    return {
        path.stem: evaluate_file(path, figures_only)
        for path in sorted(Path(corpus_dir).glob("*.yaml"))
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gateway.messages.lint.evaluate")
    parser.add_argument(
        "--figures-only",
        action="store_true",
        help="leave out the sentences (for the held-out corpus)",
    )
    parser.add_argument("dirs", nargs="*", default=[str(CORPUS_DIR)])
    args = parser.parse_args(argv)
    out = {d: evaluate_corpus(d, args.figures_only) for d in args.dirs}
    print(
        json.dumps(out if len(out) > 1 else next(iter(out.values())), ensure_ascii=False, indent=2)
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

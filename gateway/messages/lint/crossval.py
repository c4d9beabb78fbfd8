"""How well the learned check reads a writer it has never seen: leave-one-set-out.

``python -m gateway.messages.lint.crossval [--locale en|zh-CN] [--plain|--classes]
[--c C] [--share S ...]`` trains the learned check on every development set but one (a set is one
writer's group, ``train.corpus_rows``), reads the set left out with it, and pools the figures
over the sets: recall on bad sentences and false positives on good ones, per kind, for

- the learned check alone (a sentence it reads bad, with its neighbours, as ``checks.learned``
  would, without the rules' gates),
- the rules alone (not an honest figure: the rules were tuned to every set),
- rules + learned check, as ``lint_text`` runs them: the learned check's gain over the rules is
  honest, since the model never saw the set it reads.

Each fold's threshold flags ``share`` of the good sentences of the other sets, as scored by
the models that did not see them (the outer folds' scores: no model is fitted twice).
``--plain`` measures the n-grams alone, ``--classes`` with class n-grams (by default: as the
shipped model of the locale, ``train.SHIP_CLASSES``). It needs scikit-learn, like ``train``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np

from gateway.messages.lint import checks, learned, train
from gateway.messages.lint.findings import Finding

Counts = dict[str, dict[str, list[int]]]  # kind -> "bad"/"good" -> [rules, learned, both, all]

_RULES: dict[tuple[str, str], list[Finding]] = {}


def rules_found(sentence: str, locale: str) -> list[Finding]:
    """The rules' findings in ``sentence`` (remembered: they do not change between folds)."""
    key = (sentence, locale)
    if key not in _RULES:
        _RULES[key] = checks.run_rules(checks.TEXT_RULES, sentence, locale, "text")
    return _RULES[key]


def learned_alone(m: learned.Model, text: str, locale: str) -> bool:
    """Whether the model reads a sentence of ``text`` bad, with its neighbours too."""
    for (start, end), (before, after) in learned.sentences_in_context(text, locale):
        kind = learned.reads_bad(m, text[start:end])
        if kind in checks.RULES and ((before, after) == (start, end) or learned.reads_bad(
                m, text[before:after])):
            return True
    return False


def with_model(m: learned.Model, run: Callable[[], Any]) -> Any:
    """``run()`` with ``m`` as the learned check's model of every locale."""
    shipped = learned.model
    learned.model = lambda locale: m  # type: ignore[assignment]
    try:
        return run()
    finally:
        learned.model = shipped  # type: ignore[assignment]


def cross_validate(locale: str, classes: dict[str, list[str]] | None, c: float = 4.0,
                   shares: tuple[float, ...] = ()) -> dict[float, Any]:
    """Pooled leave-one-set-out figures (see the module's docstring), per threshold share
    (by default the locale's ``train.FLAG_GOOD_SHARE``)."""
    shares = shares or (train.FLAG_GOOD_SHARE[locale],)

    sets = train.corpus_rows(locale)
    names = list(sets)
    fitted = {}
    scores: dict[str, Any] = {}
    for name in names:
        rest = {n: rows for n, rows in sets.items() if n != name}
        rows = [r for rs in rest.values() for r in rs]
        vectorizer, flagger, kinds = train.fit_unthresholded(locale, rows, classes, c)
        fitted[name] = learned.from_json(json.loads(json.dumps(
            train.as_json(locale, rest, vectorizer, flagger, kinds, 0.0))))
        scores[name] = flagger.decision_function(
            vectorizer.transform([s for s, _, _ in sets[name]]))
    out = {}
    for share in shares:
        counts: Counts = {}
        for name in names:
            others = np.concatenate([scores[n][[label == "good" for _, label, _ in sets[n]]]
                                     for n in names if n != name])
            m = dataclasses.replace(fitted[name],
                                    threshold=float(np.quantile(others, 1 - share)))
            _count(m, sets[name], locale, counts)
        out[share] = figures(counts)
    return out


def _count(m: learned.Model, rows: list[train.Row], locale: str, counts: Counts) -> None:
    """Add what rules, the learned check and both find in ``rows`` to ``counts``."""
    for sentence, label, kind in rows:
        found = rules_found(sentence, locale)
        alone = learned_alone(m, sentence, locale)
        both = bool(found) or bool(with_model(m, partial(
            checks.learned, sentence, locale, "text", found)))
        row = counts.setdefault(kind, {}).setdefault(label, [0, 0, 0, 0])
        for k, hit in enumerate((bool(found), alone, both, True)):
            row[k] += hit


def figures(counts: Counts) -> dict[str, Any]:
    """Recall (bad) and false-positive rate (good) of rules, learned, both: overall, per kind."""
    def rates(rows: list[list[int]]) -> dict[str, Any]:
        total = [sum(col) for col in zip(*rows, strict=True)] if rows else [0, 0, 0, 0]
        n = total[3]
        return {"n": n, **{who: round(total[k] / n, 3) if n else 0.0
                           for k, who in enumerate(("rules", "learned", "both"))}}

    out: dict[str, Any] = {}
    for label, name in (("bad", "recall"), ("good", "false_positives")):
        out[name] = rates([c[label] for c in counts.values() if label in c])
        out[f"{name}_by_kind"] = {kind: rates([c[label]]) for kind, c in sorted(counts.items())
                                  if label in c}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gateway.messages.lint.crossval")
    parser.add_argument("--locale", choices=sorted(learned.SETTINGS), action="append")
    parser.add_argument("--plain", action="store_true", help="n-grams only, no class n-grams")
    parser.add_argument("--classes", action="store_true",
                        help="class n-grams too, where the shipped model has none")
    parser.add_argument("--c", type=float, default=4.0, help="inverse regularisation")
    parser.add_argument("--share", type=float, nargs="+", default=[],
                        help="share of other sets' good sentences the threshold flags")
    args = parser.parse_args(argv)
    out = {}
    for locale in args.locale or sorted(learned.SETTINGS):
        with_classes = args.classes or (train.SHIP_CLASSES[locale] and not args.plain)
        classes = train.class_lexicon(locale) if with_classes else None
        out[locale] = cross_validate(locale, classes, args.c, tuple(args.share))
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

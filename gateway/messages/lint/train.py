"""Train the learned check (``learned.py``) on the development corpora and write its model.

``python -m gateway.messages.lint.train [--locale en|zh-CN]`` writes
``gateway/messages/lint/model/<locale>.json``. It needs scikit-learn, a test
dependency (``requirements-test.txt``); the gateway reads the file without it.

What it learns from: every development corpus (``en.yaml``/``zh-CN.yaml`` and
``DEV_DIRS``), never the held-out one. Bad sentences of the kind
``long_sentence`` are left out: length is the rules' job and n-grams do not
see it. The threshold is set on scores the model gave to sets it was not
trained on (each corpus set left out in turn, as another writer's text would
be): it flags ``FLAG_GOOD_SHARE`` of those good sentences.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from typing import Any

import yaml

from gateway.messages.lint.evaluate import CORPUS_DIR, DEV_DIRS, HELDOUT, by_kind
from gateway.messages.lint.learned import MODEL_DIR, SETTINGS, normalise

# Share of other writers' good sentences the learned check may flag on its own.
FLAG_GOOD_SHARE = 0.01
# Kinds the n-grams cannot see.
LEFT_OUT_KINDS = frozenset({"long_sentence"})
# An n-gram seen in one sentence only says nothing of other writers (and makes the file big)
MIN_SENTENCES = 2
# Weights are kept in thousandths: a sentence's score moves by a few thousandths at most.
SCALE = 1000

Row = tuple[str, str, str]  # sentence, "bad" or "good", kind


def corpus_rows(locale: str) -> dict[str, list[Row]]:
    """The development sentences of ``locale`` by corpus set (the set is the writer's group)."""
    sets: dict[str, list[Row]] = {}
    held = {HELDOUT[loc].resolve() for loc in HELDOUT}
    for directory in (CORPUS_DIR, *DEV_DIRS):
        path = directory / f"{locale}.yaml"
        if not path.exists() or directory.resolve() in held:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        rows = sets.setdefault(directory.name, [])
        for label in ("bad", "good"):
            for kind, sentences in by_kind(data.get(label)).items():
                if label == "bad" and kind in LEFT_OUT_KINDS:
                    continue
                rows += [(s, label, kind) for s in sentences]
    return sets


def digest(sets: dict[str, list[Row]]) -> str:
    """What the model was trained on, so a test can tell when the corpora moved on."""
    rows = sorted(r for rows in sets.values() for r in rows)
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()


def _vectorizer(locale: str) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer

    analyzer, low, high = SETTINGS[locale]
    return TfidfVectorizer(analyzer=analyzer, ngram_range=(low, high), sublinear_tf=True,
                           min_df=MIN_SENTENCES, preprocessor=normalise)


def _classifier(c: float = 4.0) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, class_weight="balanced", max_iter=5000)


def fit_models(locale: str, sets: dict[str, list[Row]]) -> tuple[Any, Any, Any, float]:
    """The vectorizer, the bad-or-good model, the kind model and the threshold."""
    import numpy as np
    from sklearn.model_selection import LeaveOneGroupOut, cross_val_predict
    from sklearn.pipeline import make_pipeline

    rows = [r for rows in sets.values() for r in rows]
    groups = [name for name, rs in sets.items() for _ in rs]
    texts = [s for s, _, _ in rows]
    bad = np.array([label == "bad" for _, label, _ in rows])
    held_scores = cross_val_predict(
        make_pipeline(_vectorizer(locale), _classifier()), texts, bad,
        groups=groups, cv=LeaveOneGroupOut(), method="decision_function")
    threshold = float(np.quantile(held_scores[~bad], 1 - FLAG_GOOD_SHARE))
    vectorizer = _vectorizer(locale)
    x = vectorizer.fit_transform(texts)
    flagger = _classifier().fit(x, bad)
    named = np.array([label == "bad" and kind != "unlabelled" for _, label, kind in rows])
    kinds = _classifier().fit(
        x[named], [k for (_, _, k), n in zip(rows, named, strict=True) if n])
    return vectorizer, flagger, kinds, threshold


def as_json(locale: str, sets: dict[str, list[Row]], vectorizer: Any, flagger: Any, kinds: Any,
            threshold: float) -> dict[str, Any]:
    """The model as ``learned.from_json`` reads it: vocabulary with idf and weights, kinds."""
    vocabulary = sorted(vectorizer.vocabulary_.items(), key=lambda item: item[1])
    rows = [r for rows in sets.values() for r in rows]
    x = vectorizer.transform([s for s, _, _ in rows])
    bad = [label == "bad" for _, label, _ in rows]
    return {
        "locale": locale,
        "settings": list(SETTINGS[locale]),
        "trained_on": digest(sets),
        "sentences": {"bad": sum(bad), "good": len(bad) - sum(bad)},
        "flags_of_training_bad": round(float(
            (flagger.decision_function(x)[bad] > threshold).mean()), 3),
        "scale": SCALE,
        "threshold": _scaled(threshold),
        "bias": _scaled(flagger.intercept_[0]),
        "kinds": list(kinds.classes_),
        "kind_bias": [_scaled(b) for b in kinds.intercept_],
        "ngrams": {
            gram: [_scaled(vectorizer.idf_[i]), _scaled(flagger.coef_[0][i]),
                   *(_scaled(w) for w in kinds.coef_[:, i])]
            for gram, i in vocabulary
        },
    }


def _scaled(value: float) -> int:
    """A weight as an integer number of 1/SCALE: a file a third the size of floats."""
    return round(float(value) * SCALE)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gateway.messages.lint.train")
    parser.add_argument("--locale", choices=sorted(SETTINGS), action="append")
    args = parser.parse_args(argv)
    MODEL_DIR.mkdir(exist_ok=True)
    for locale in args.locale or sorted(SETTINGS):
        sets = corpus_rows(locale)
        fitted = fit_models(locale, sets)
        model = as_json(locale, sets, *fitted)
        path = MODEL_DIR / f"{locale}.json"
        path.write_text(json.dumps(model, ensure_ascii=False, separators=(",", ":")) + "\n",
                        encoding="utf-8")
        print(f"{path}: {len(model['ngrams'])} n-grams, {model['sentences']}, "
              f"threshold {fitted[3]:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

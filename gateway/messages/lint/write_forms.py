"""``python -m gateway.messages.lint.write_forms``: write ``english/forms.tsv.gz``, the compact
copy of lemminflect's lexicon the English checks read (``english/forms.py``), from
lemminflect's own answers, and ``english/guess.json.gz``, the weights of its guessers for words
the lexicon lacks (``english/guess.py``). Run it after upgrading lemminflect (a test says so)."""

from __future__ import annotations

import base64
import gzip
import json
import sys
from typing import Any

from lemminflect import config, getAllInflections, getAllLemmas
from lemminflect.core.Inflections import Inflections
from lemminflect.core.Lemmatizer import Lemmatizer
from lemminflect.utils.DataContainer import DataContainer

from gateway.messages.lint.english import guess
from gateway.messages.lint.english.forms import PATH, SECTIONS, encode, tables


def build() -> bytes:
    """The file's bytes, from lemminflect's own answers for every word of its lexicon."""
    lemmatizer, inflections = Lemmatizer(), Inflections()
    sources = {
        "lemmas": ((*lemmatizer._getLemmaDict(), *lemmatizer._getOverridesDict()),
                   getAllLemmas),
        "verbs": ((*inflections._getInflDict(), *inflections._getOverridesDict()),
                  lambda w: getAllInflections(w, "VERB")),
    }
    out = ["# lemminflect's getAllLemmas(word) and getAllInflections(lemma, \"VERB\") for "
           "every lower-cased word of its lexicon;\n# written by `python -m "
           "gateway.messages.lint.write_forms`: do not edit\n"]  # then "[name]\n" + lines
    for name in SECTIONS:
        words, answer = sources[name]
        lines = [f"{w}\t{encode(found)}" for w in sorted({w.lower() for w in words})
                 if (found := answer(w))]
        out.append(f"[{name}]\n" + "".join(f"{line}\n" for line in lines))
    return gzip.compress("".join(out).encode("utf-8"), mtime=0)


def build_guess() -> bytes:
    """``guess.json.gz`` (``english/guess.py``'s weights) from lemminflect's model files: their
    arrays are numpy's, read here at build time, never by the gateway."""
    out = {}
    for name, path in zip(guess.MODELS, (config.model_lemma_fn, config.model_infl_fn), strict=True):
        container = DataContainer.load(path)
        layers = [layer["class_name"] for layer in container.config["layers"]]
        activations = [layer["config"].get("activation") for layer in container.config["layers"]]
        if layers != ["InputLayer", "Flatten", "Dense", "Dense"] or activations[2:] != [
                "relu", "softmax"]:
            raise ValueError(f"lemminflect's {name} model is not the shape read here: {layers}")
        w1, b1, w2, b2 = (w.astype("<f4") for w in container.weights)

        def text(values: Any) -> str:
            return base64.b64encode(values.tobytes()).decode("ascii")

        out[name] = {"classes": list(container.meta["output_enum"]), "w1": text(w1),
                     "b1": text(b1), "w2": text(w2.T.copy()), "b2": text(b2)}
    return gzip.compress(json.dumps(out, sort_keys=True).encode("utf-8"), mtime=0)


def main() -> int:
    data = build()
    PATH.write_bytes(data)
    tables.cache_clear()
    sizes = {name: len(table) for name, table in tables().items()}
    print(f"wrote {PATH} ({len(data):,} bytes): {sizes}", file=sys.stderr)
    weights = build_guess()
    guess.PATH.write_bytes(weights)
    guess.models.cache_clear()
    print(f"wrote {guess.PATH} ({len(weights):,} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

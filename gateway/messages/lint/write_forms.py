"""``python -m gateway.messages.lint.write_forms``: write ``english/forms.tsv.gz``, the compact
copy of lemminflect's lexicon the English checks read (``english/forms.py``), from
lemminflect's own answers, and ``english/guess.json.gz``, the weights of its guessers for words
the lexicon lacks (``english/guess.py``). Run it after upgrading lemminflect (a test says so)."""

from __future__ import annotations

import gzip
import sys

from gateway.messages.lint.english import guess
from gateway.messages.lint.english.forms import PATH, SECTIONS, encode, tables


def build() -> bytes:
    """The file's bytes, from lemminflect's own answers for every word of its lexicon."""
    from lemminflect import getAllInflections, getAllLemmas
    from lemminflect.core.Inflections import Inflections
    from lemminflect.core.Lemmatizer import Lemmatizer

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


def main() -> int:
    data = build()
    PATH.write_bytes(data)
    tables.cache_clear()
    sizes = {name: len(table) for name, table in tables().items()}
    print(f"wrote {PATH} ({len(data):,} bytes): {sizes}", file=sys.stderr)
    weights = guess.build()
    guess.PATH.write_bytes(weights)
    guess.models.cache_clear()
    print(f"wrote {guess.PATH} ({len(weights):,} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

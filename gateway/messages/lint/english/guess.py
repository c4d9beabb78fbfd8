"""lemminflect's guesses for words its lexicon lacks, without lemminflect or numpy.

For a word not in its lexicon lemminflect guesses with two small networks: the lemma of an
inflected word (``getAllLemmasOOV``: which suffix rule of 34 undoes it) and how a verb inflects
(``getAllInflectionsOOV``: regular, or with its last letter doubled). Each is one-hot letters
(the word's last 8, reversed, and its category) -> 64 units (relu) -> one score per class, the
highest score chosen. lemminflect runs them with numpy, and importing it imports numpy: ~8-10 MB
resident for good in an API process that met one "-ed" word outside the lexicon (issue 14).

Here the same weights (``guess.json.gz``, written by ``python -m
gateway.messages.lint.write_forms`` from lemminflect's own model files) run in plain Python:
the input is one-hot, so the first layer is a sum of at most 9 rows of its weights, and the
second 64 products per class. The answers are lemminflect's (tests/messages/test_msg_lint_forms.py
compares them on every word of its lexicon with "-ed" added, and on made-up words); only a
near-tie between two classes could rank them otherwise (numpy sums in float32, this in float64).
"""

from __future__ import annotations

import base64
import gzip
import json
import re
import sys
from array import array
from functools import cache
from operator import add, mul
from pathlib import Path
from typing import Any

PATH = Path(__file__).with_name("guess.json.gz")
MODELS = ("lemma", "infl")  # lemminflect's model_lemma.pkl.gz, model_infl.pkl.gz
_WIDTH = 9  # the category, then up to 8 letters from the end of the word
_LETTERS = 28  # per position: "<>" (never set), "<oov>" (not a-z), a-z
_CATEGORIES = {"NOUN": 0, "PROPN": 0, "VERB": 1, "ADJ": 2, "ADV": 3}  # uposToCategory's

Entry = dict[str, tuple[str, ...]]


class Model:
    """A dense relu layer and a dense output layer over one-hot letters: the best class."""

    __slots__ = ("_b1", "_b2", "_classes", "_units", "_w1", "_w2")

    def __init__(self, data: dict[str, Any]) -> None:
        def floats(key: str) -> array[float]:
            values = array("f", base64.b64decode(data[key]))  # float32, as lemminflect's are
            if sys.byteorder == "big":
                values.byteswap()  # stored little-endian
            return values

        self._classes: tuple[str, ...] = tuple(data["classes"])
        self._w1, self._b1 = floats("w1"), floats("b1").tolist()  # w1: input rows x units
        self._w2, self._b2 = floats("w2"), floats("b2").tolist()  # w2: classes x units
        self._units = len(self._b1)
        if (len(self._w1) != _WIDTH * _LETTERS * self._units
                or len(self._w2) != len(self._classes) * self._units):
            raise ValueError("guess.json.gz does not match the model's shape")

    def best(self, word: str, category: int) -> str:
        """The class lemminflect's network picks for ``word`` (any case) in ``category``."""
        units, w1 = self._units, self._w1
        rows = [category]  # row = position * _LETTERS + letter
        for n, letter in enumerate(reversed(word.lower()[-(_WIDTH - 1):]), start=1):
            code = ord(letter)
            rows.append(n * _LETTERS + (code - 95 if 97 <= code <= 122 else 1))
        hidden = self._b1
        for row in rows:
            hidden = list(map(add, hidden, w1[row * units : (row + 1) * units]))
        hidden = [h if h > 0 else 0.0 for h in hidden]  # relu
        w2, best, top = self._w2, 0, float("-inf")
        for k, bias in enumerate(self._b2):  # softmax keeps the order: the first highest score
            score = bias + sum(map(mul, hidden, w2[k * units : (k + 1) * units]))
            if score > top:
                best, top = k, score
        return self._classes[best]


@cache
def models() -> dict[str, Model]:
    """Both networks, read on the first word that needs a guess (~0.2 MB)."""
    data = json.loads(gzip.decompress(PATH.read_bytes()))
    return {name: Model(data[name]) for name in MODELS}


def _caps(word: str, like: str) -> str:
    """``word`` spelt in the case style of ``like`` (lemminflect's applyCapsStyle)."""
    if like.isupper():
        return word.upper()
    if like and like[0].isupper():
        return word.capitalize()
    return word.lower()


def all_lemmas(word: str, upos: str) -> Entry:
    """lemminflect's ``getAllLemmasOOV(word, upos)``: the word with the suffix rule the network
    picks undone ("blorfed" -> "blorf"), as ``{upos: (lemma,)}``."""
    category = _CATEGORIES.get(upos)
    if category is None:
        return {}  # "AUX" has no category for the network; other tags are not lemminflect's
    rule = models()["lemma"].best(word, category)
    remove, append, doubled = rule.split(",")  # "ed,,True": drop "ed", then a doubled letter
    lemma = (word[: -len(remove)] if remove else word) + append
    if doubled == "True":
        lemma = lemma[:-1]
    return {upos: (_caps(lemma, word),)}


def _regular(base: str) -> list[str]:
    """lemminflect's InflectionRules.buildRegVerb: [3rd singular, past, present participle]."""
    if re.search(r"(?:[szx]|ch|sh)$", base):
        return [base + "es", base + "ed", base + "ing"]
    if base.endswith("ie"):
        return [base + "s", base + "d", base[:-2] + "ying"]
    if re.search(r"(ee|oe|ye)$", base):
        return [base + "s", base + "d", base + "ing"]
    if re.search(r"(?:[^aeiou])y$", base):
        return [base[:-1] + "ies", base[:-1] + "ied", base[:-1] + "ying"]
    if re.search(r"(?:[^iyeo])e$", base):
        return [base[:-1] + "es", base[:-1] + "ed", base[:-1] + "ing"]
    return [base + "s", base + "ed", base + "ing"]


def verb_forms(lemma: str) -> Entry:
    """lemminflect's ``getAllInflectionsOOV(lemma, "VERB")``: regular forms, or with the last
    letter doubled ("blorf" -> "blorffed") when the network says the verb doubles."""
    base = lemma.lower()
    third, past, participle = _regular(base)
    if models()["infl"].best(lemma, _CATEGORIES["VERB"]) != "reg":  # "regd" (or "glreg")
        past, participle = base + base[-1] + "ed", base + base[-1] + "ing"
    forms = {"VB": (lemma,), "VBZ": (third,), "VBN": (past,), "VBD": (past,),
             "VBG": (participle,)}
    return {tag: (_caps(words[0], lemma),) for tag, words in forms.items()}

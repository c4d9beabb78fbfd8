"""The learned check: a sentence no rule matched that reads like our bad sentences.

Rules catch the shapes someone has written down; other writers bring new
ones. This check scores each sentence with a linear model over n-grams
(TF-IDF, logistic regression; ``python -m gateway.messages.lint.train``
fits it on the development corpora) and names the kind of mistake the
sentence reads most like. It runs only where no rule found anything; a
sentence is flagged only when it reads bad with its neighbours too (in
"The van broke down. We had no spare van ready; that is on us." the first
sentence is owned by the next), and its findings are warnings: a guess
never sends an incident to approval.
The model is plain numbers in ``model/<locale>.json``: no scikit-learn at
run time. Besides the words themselves it reads their classes (a third
party, us, the customer, a negation, a negative word, a number, capitals:
:func:`class_grams`), so "the courier shattered your harpsichord" reads like
"the supplier damaged your order" though no writer used those words; the
file carries the class words.
"""

from __future__ import annotations

import collections
import json
import math
import re
from array import array
from collections import Counter
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache, reduce
from itertools import chain, compress, count, repeat
from operator import add, is_not, itemgetter, mul, or_, truediv
from pathlib import Path
from typing import Any

import marisa_trie

from gateway.messages.lint.chinese.segment import SENTENCE
from gateway.messages.lint.english.parse import sentences
from gateway.messages.lint.rarity import common_words

MODEL_DIR = Path(__file__).with_name("model")
# Per locale: the analyzer and n-gram range (scikit-learn's names). Words for English (a
# phrase's wording), characters for Chinese (no spaces between words).
SETTINGS: dict[str, tuple[str, int, int]] = {"en": ("word", 1, 3), "zh-CN": ("char", 1, 3)}
# Shorter sentences say too little to judge ("Thank you.", "您好！").
MIN_CHARS = {"en": 20, "zh-CN": 8}

# What to do about each kind of mistake, when the sentence itself cannot be rewritten.
ADVICE: dict[str, dict[str, str]] = {
    "en": {
        "blame_others": "Say what went wrong as ours (\"We ...\"); name a partner only to "
                        "explain, never to blame, and say what we are doing now.",
        "blame_customer": "Take the fault off the customer: say what we should have done, "
                          "and what they can do now, if anything.",
        "non_apology": "Apologise for what we did, not for how they feel or \"if\" it "
                       "happened: \"We're sorry we ...\".",
        "passive_evasion": "Name who did it: \"We ...\", not a passive with nobody in it.",
        "vague": "Say exactly what happened, what it means for them and when: names, "
                 "figures, dates.",
        "minimising": "Do not play it down: say how many, how long and what it cost them.",
        "jargon": "Use everyday words: what the customer sees, not our system's name for it.",
        "abbreviation": "Spell the abbreviation out the first time, or use the plain words.",
    },
    "zh-CN": {
        "blame_others": "把责任说成我们的：“我们……”。提到合作方只为说明情况，不为推责，"
                        "再写出我们正在做什么。",
        "blame_customer": "不要把问题归到客户身上：说我们本该怎么做，以及客户现在可以做什么。",
        "non_apology": "为我们做的事道歉，不说“如有不便”，也不为对方的感受道歉：“对不起，我们……”。",
        "passive_evasion": "说清是谁做的：“我们把……”，不用没有主语的被动句。",
        "vague": "说具体：发生了什么、对您有什么影响、什么时候解决，写出时间和数字。",
        "minimising": "不要轻描淡写：直接说影响了多少人、多久、损失多少。",
        "jargon": "用日常说法：说客户看到的情况，不用内部术语。",
        "abbreviation": "第一次出现时写出缩写的全称，或者直接用中文说法。",
        "officialese": "少用套话：用平常的话直接说我们做了什么、会做什么。",
    },
}

_WORD = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern
_SPACES = re.compile(r"\s\s+")
_DIGIT = re.compile(r"\d")


def normalise(text: str) -> str:
    """Lower case, every digit a 0: an amount or a date says nothing of how a sentence
    reads (and a message repeated with each customer's figures is read once)."""
    return _DIGIT.sub("0", text.lower())


class Rows(Mapping[str, int]):
    """Each n-gram's row: its key id in a ``marisa_trie.Trie`` of every n-gram of the model
    (0 to ``len - 1``; the trie takes ~90 KB for en, ~130 KB for zh-CN). Dicts of the n-grams
    to their rows held each n-gram as a Python string, its row as a Python int and a dict
    entry, for both locales' 80,000: the memory test's API process (tests/messages/
    test_msg_lint_memory.py) peaked ~10.8 MB higher (126.0-126.2 -> 115.3-115.5 MB). A look-up
    takes ~0.3-0.4 us, not ~0.1: counting the features of every development text, ~0.16 s
    more in ~8.3 s of linting them. The model's arrays are in the trie's order; which row an
    n-gram has changes no score (the same weights, summed in the same order).
    ``trie.get(key, default)`` is the look-up the scores make, by C loops (map)."""

    __slots__ = ("trie",)

    def __init__(self, keys: Iterable[str] = ()) -> None:
        self.trie: Any = marisa_trie.Trie(keys)

    def __getitem__(self, key: str) -> int:
        row = self.trie.get(key) if isinstance(key, str) and _encodable(key) else None
        if row is None:
            raise KeyError(key)
        return int(row)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and _encodable(key) and key in self.trie

    def __iter__(self) -> Iterator[str]:
        return iter(self.trie.iterkeys())

    def __len__(self) -> int:
        return len(self.trie)

    def __repr__(self) -> str:
        return f"Rows({len(self)} n-grams)"


_SURROGATE = re.compile("[\ud800-\udfff]")


def _encodable(text: str) -> bool:
    """Whether ``text`` is UTF-8 (the trie's keys are): a lone surrogate is not, and no
    n-gram of the model holds one."""
    return text.isascii() or _SURROGATE.search(text) is None


@dataclass(frozen=True, eq=False)  # hashed by identity: reads_bad remembers per model
class Model:
    analyzer: str
    low: int
    high: int
    threshold: float
    bias: float
    kinds: tuple[str, ...]
    kind_bias: tuple[float, ...]
    # Each n-gram's row in the arrays below (its key id in a trie, :class:`Rows`); row
    # ``unknown`` (the last) is all zeros, for an n-gram the model does not know. Flat arrays
    # of doubles, not a tuple of floats per n-gram: ~5 MB resident for both locales instead
    # of ~53 (the same values, bit for bit).
    rows: Rows
    unknown: int
    idf: array[float]
    # The score's sums term by term (idf × weight, and idf² made from ``idf`` as it is read: the
    # same floats, ~0.6 MB less than keeping them), summed by C loops: the bad-or-good
    # decision, taken for every sentence, never builds a feature list.
    toward_bad: array[float]
    # The weight of each kind, ``len(kinds)`` to a row, in integer 1/``scale`` as trained (two
    # bytes each, not eight: ~3 MB less in every process that lints; divided when a sentence's
    # kind is scored, which gives the same floats as dividing at load).
    kind_weights: array[int]
    scale: int
    # Word -> class ("ACTOR", "WE", "YOU", "NEG", "NOT"): n-grams where a class stands for its
    # word ("ACTOR NEG your") carry to wording the corpora never used (see class_grams).
    classes: dict[str, str] = field(default_factory=dict)
    class_high: int = 0
    longest_class_word: int = 0
    # English: a word of no class that general English rarely uses is RARE (rarity.py's list)
    rare: bool = False
    # N-grams of one and two characters (where the analyzer reads characters, from one to
    # three) -> row: a dict look-up is ~0.05 us against the trie's ~0.3, for half of a Chinese
    # sentence's features (~1,700 characters and ~16,500 pairs, ~2.5 MB)
    short_rows: dict[str, int] = field(default_factory=dict)


@cache
def model(locale: str) -> Model | None:
    """The locale's model, read once; None where no model was trained."""
    path = MODEL_DIR / f"{locale}.json"
    if locale not in SETTINGS or not path.exists():
        return None
    return read(path.read_text(encoding="utf-8"))


def from_json(data: dict[str, Any]) -> Model:
    """A model from what ``train`` wrote (weights in integer 1/scale)."""
    grams: dict[str, list[float]] = data["ngrams"]
    flat, sizes = array("d"), set()
    for weights in grams.values():
        flat.extend(weights)
        sizes.add(len(weights))
    return _model(data, list(grams), flat, sizes)


_BLANK = re.compile(r"[ \t\n\r]*")


def read(text: str) -> Model:
    """``from_json(json.loads(text))``, with the n-grams read one at a time into a flat array:
    json.loads would hold a list of numbers for each of them at once, ~10 MB more at the
    peak, which stays resident after (the freed lists leave the heap fragmented)."""
    decode, blank = json.JSONDecoder().raw_decode, _BLANK.match
    head: dict[str, Any] = {}
    keys: list[str] = []
    flat, sizes = array("d"), set()

    def after(pos: int, chars: str) -> tuple[str, int]:
        """The character at ``pos`` (blanks skipped), one of ``chars``, and where the next
        value starts."""
        pos = blank(text, pos).end()  # type: ignore[union-attr]
        char = text[pos : pos + 1]
        if not char or char not in chars:
            raise ValueError(f"the model: expected one of {chars!r} at {pos}")
        return char, blank(text, pos + 1).end()  # type: ignore[union-attr]

    def members(pos: int, value: Callable[[str, int], int]) -> int:
        """Each member of the object at ``pos`` to ``value(key, where)``; the end."""
        _, pos = after(pos, "{")
        if text.startswith("}", pos):
            return pos + 1
        while True:
            key, pos = decode(text, pos)
            _, pos = after(pos, ":")
            char, pos = after(value(key, pos), ",}")
            if char == "}":
                return pos

    def gram(key: str, pos: int) -> int:
        weights, end = decode(text, pos)
        keys.append(key)
        flat.extend(weights)
        sizes.add(len(weights))
        return int(end)

    def member(key: str, pos: int) -> int:
        if key == "ngrams":
            return members(pos, gram)
        head[key], end = decode(text, pos)
        return int(end)

    if text[members(0, member) :].strip():
        raise ValueError("the model: text after its end")
    return _model(head, keys, flat, sizes)


def _model(head: dict[str, Any], keys: list[str], flat: array[float], sizes: set[int]
           ) -> Model:
    """The model of ``head`` (all but the n-grams), its n-grams ``keys`` and their weights in
    ``flat``, those of ``keys[i]`` at ``flat[i * width : (i + 1) * width]``. ``keys`` is
    emptied once the trie holds them (they are not kept while the arrays are made)."""
    scale = head["scale"]
    analyzer, low, high = head["settings"]
    kinds = tuple(head["kinds"])
    width = 2 + len(kinds)  # idf, toward bad, one per kind
    if sizes - {width} or len(flat) != width * len(keys):
        raise ValueError(f"the model: n-grams of {sorted(sizes)} weights, not {width}")
    rows = Rows(keys)
    if len(rows) != len(keys):
        raise ValueError("the model: an n-gram twice")
    place = array("I", bytes(4 * len(keys)))  # by row: the n-gram's place in ``keys``
    for i, row in enumerate(map(rows.trie.key_id, keys)):
        place[row] = i
    keys.clear()
    idf, toward_bad = array("d"), array("d")
    kind_weights = array("h" if -32768 <= min(flat, default=0) and max(flat, default=0) < 32768
                         else "i")
    for i in place:
        w = flat[i * width : (i + 1) * width]
        weight_idf, weight_bad = w[0] / scale, w[1] / scale
        idf.append(weight_idf)
        toward_bad.append(weight_idf * weight_bad)
        kind_weights.extend(map(int, w[2:]))
    for values in (idf, toward_bad):
        values.append(0.0)  # the unknown n-gram's row
    classes = {word: label for label, words in head.get("classes", {}).items()
               for word in words}
    return Model(analyzer, low, high, head["threshold"] / scale, head["bias"] / scale, kinds,
                 tuple(b / scale for b in head["kind_bias"]), rows, len(rows), idf, toward_bad,
                 kind_weights, scale, classes, head.get("class_high", 0),
                 max(map(len, classes), default=0), bool(head.get("rare")),
                 _short(rows, analyzer, low, high))


def _short(rows: Rows, analyzer: str, low: int, high: int) -> dict[str, int]:
    """:attr:`Model.short_rows`: none unless the model's n-grams are of one to three characters
    (then the first two sizes of :func:`_sized` are those n-grams, see :func:`_counts`)."""
    if analyzer != "char" or low != 1 or high != 3:
        return {}
    return {key: row for key, row in rows.trie.iteritems() if len(key) <= 2}


def ngrams(text: str, analyzer: str, low: int, high: int) -> list[str]:
    """The n-grams scikit-learn's ``word`` and ``char`` analyzers make of ``text``, with
    :func:`normalise` as their preprocessor."""
    return list(chain.from_iterable(grams for _, grams in _ngram_sizes(text, analyzer, low, high)))


def _ngram_sizes(text: str, analyzer: str, low: int, high: int) -> list[tuple[int, list[str]]]:
    """:func:`ngrams` of each n (``low`` to ``high``) in turn, with n."""
    text = normalise(text)
    if analyzer == "word":
        words: list[str] = _WORD.findall(text)
        # n-grams of each n in turn, each joined by C loops (map over zip): the same list as
        # [" ".join(words[i : i + n]) for n ... for i ...], in the same order, faster
        return [(n, words if n == 1 else list(map(
                    " ".join, zip(*(words[k:] for k in range(n)), strict=False))))
                for n in range(low, high + 1)]
    return [(n, grams) for n, grams in enumerate(_char_grams(_SPACES.sub(" ", text), high), 1)
            if n >= low]


def _char_grams(text: str, high: int) -> list[list[str]]:
    """The character n-grams of ``text`` by size (1 to ``high``), each the (n-1)-gram before it
    plus the next character, joined by C loops (map): the same lists as [text[i : i + n] for
    i ...], faster. The next characters come from the list of them: iterating over the text
    would make a new string of each non-Latin-1 character again at every size."""
    sizes = [list(text)]
    for n in range(2, high + 1):
        sizes.append(list(map(add, sizes[-1][:-1], sizes[0][n - 1 :])))
    return sizes


# two or more capitals, not in a longer word: the first capital leads the pattern (the look-
# behind after it), so the scan skips to capitals instead of trying the look-behind everywhere
_CAPS = re.compile(r"[A-Z](?<![A-Za-z][A-Z])[A-Z]+(?![A-Za-z])")
_ZEROS = re.compile(r"0+")


def class_grams(text: str, analyzer: str, classes: dict[str, str], high: int,
                longest: int, common: Container[str] | None = None) -> list[str]:
    """The n-grams (1 to ``high`` units) of ``text`` with each word of a class replaced by
    its class, only those holding a class: "the courier lost your parcel" gives "ACTOR",
    "ACTOR NEG", "ACTOR NEG YOU", ... A number is NUM, a Latin word in capitals CAPS and,
    where ``common`` is given, an English word not in it RARE ("the EFT gateway" and "the
    ACH processor" are both "the CAPS RARE").
    English words are ``_WORD``'s; Chinese words the longest class word found at each
    character (forward maximum matching over the class lexicon), other characters one unit
    each. Class names are upper case: no n-gram of :func:`ngrams` (lower case) is one."""
    if not high:
        return []
    units: list[str] = []
    marked: list[bool] = []
    if analyzer == "word":
        for word in _WORD.findall(text):
            low = normalise(word)
            label = classes.get(low)
            if label is None:
                if word.isupper() and word.isalpha():
                    label = "CAPS"
                elif low.isdigit():
                    label = "NUM"
                elif common is not None and low.isascii() and low.isalpha() and (
                        low not in common):
                    label = "RARE"
            units.append(label or low)
            marked.append(label is not None)
        sep = " "
    else:
        text = _ZEROS.sub("\x00", normalise(_CAPS.sub("\x01", _SPACES.sub(" ", text))))
        units, marked = _matched(text, classes, longest)
        if True not in marked:
            return []
        sep = ""
    return _held(units, marked, sep, high)


def _held(units: list[str], marked: list[bool], sep: str, high: int) -> list[str]:
    """The n-grams (1 to ``high`` units, joined by ``sep``) of ``units`` that hold a marked
    (class) unit."""
    if high < 1:
        return []
    out: list[str] = list(compress(units, marked))
    # each size's n-grams that hold a class, by C loops (map, compress): the same list as
    # [sep.join(units[i : i + size]) for size ... for i ... if any(marked[...])]. Only those
    # are joined: each unit of them is picked by ``held`` from the units where it stands in
    # the n-grams (about half of a Chinese sentence's n-grams hold none)
    held, n = marked, len(units)
    for size in range(2, high + 1):
        held = list(map(or_, held[:-1], marked[size - 1 :]))
        grams: Iterable[str] = compress(units[: n - size + 1], held)
        for k in range(1, size):
            unit = compress(units[k : n - size + 1 + k], held)
            grams = map(add, map(add, grams, repeat(sep)), unit) if sep else map(add, grams, unit)
        out += grams
    return out


# Per class lexicon (by identity) and longest word: every prefix of a class word to its class's
# unit ("<ACTOR>") where the prefix is a word itself, else to "": the longest class word at a
# character is found by extending it while it is a prefix ("\x00", a number, and "\x01",
# capitals, are units too).
_PREFIXES: dict[tuple[int, int], tuple[dict[str, str], dict[str, str]]] = {}


def _prefixes(classes: dict[str, str], longest: int) -> dict[str, str]:
    entry = _PREFIXES.get((id(classes), longest))
    if entry is None or entry[0] is not classes:
        unit = {label: f"<{label}>" for label in set(classes.values())}  # one string a class
        words = {word: unit[label] for word, label in classes.items()
                 if 0 < len(word) <= longest}
        prefixes = {word[:size]: "" for word in words for size in range(1, len(word))}
        prefixes.update(words)
        prefixes["\x00"], prefixes["\x01"] = "<NUM>", "<CAPS>"
        if len(_PREFIXES) > 8:
            _PREFIXES.clear()
        entry = _PREFIXES[(id(classes), longest)] = (classes, prefixes)
    return entry[1]


def _matched(text: str, classes: dict[str, str], longest: int) -> tuple[list[str], list[bool]]:
    """The units of Chinese ``text`` (prepared by :func:`class_grams`) and whether each is a
    class: at each character the longest class word of at most ``longest`` characters that
    starts there (forward maximum matching), else the character. Where no class word starts
    (a third of the characters) one look-up says so; elsewhere the candidate grows only while
    it is a prefix of some class word, instead of trying every size."""
    return _matched_in(text, _char_grams(text, 3), _prefixes(classes, longest))


def _char_features(m: Model, text: str) -> list[list[str]]:
    """:func:`_sized` of Chinese ``text`` with no digit and no capitals: then the text the class
    words are matched in is the one the n-grams are cut from (spaces collapsed, lower case),
    so the class words are looked up as the n-grams already made (no slice, no new string)."""
    text = _SPACES.sub(" ", text.lower())
    sizes = _char_grams(text, m.high)
    out = [grams_n for n, grams_n in enumerate(sizes, 1) if n >= m.low]
    units, marked = _matched_in(text, sizes, _prefixes(m.classes, m.longest_class_word))
    if True in marked:
        out.append(_held(units, marked, "", m.class_high))
    return out


def _matched_in(text: str, sizes: list[list[str]], prefixes: dict[str, str]
                ) -> tuple[list[str], list[bool]]:
    """:func:`_matched` of ``text`` given its character n-grams of sizes 1 to 3 (``sizes``):
    the candidates of up to three characters are those n-grams, longer ones slices. Every
    character's and every pair's look-up is made by C loops first (map): a character that is
    no class word and starts no longer one is a unit of its own (three in four), so the walk
    goes only to the others, and takes the characters between them a run at a time."""
    get = prefixes.get
    one, two, three = sizes[0], sizes[1], sizes[2]
    n = len(text)
    pairs = list(map(get, two))  # pairs[i] is get(two[i]), for i + 1 < n
    # where a class word of one character is, or a longer one may start
    stops = sorted({*compress(count(), map(get, one)),
                    *compress(count(), map(is_not, pairs, repeat(None)))})
    if not stops:
        return list(one), [False] * n
    units: list[str] = []
    marked: list[bool] = []
    at = 0  # the first character not yet in a unit
    for i in stops:
        if i < at:
            continue  # inside the class word before
        if i > at:
            units += one[at:i]
            marked += repeat(False, i - at)
        unit = get(one[i]) or ""
        found = 1 if unit else 0
        if i + 1 < n and (longer := pairs[i]) is not None:
            if longer:
                unit, found = longer, 2
            if i + 2 < n and (longer := get(three[i])) is not None:
                if longer:
                    unit, found = longer, 3
                size = 3
                while i + size < n:
                    longer = get(text[i : i + size + 1])
                    if longer is None:
                        break
                    size += 1
                    if longer:
                        unit, found = longer, size
        if found:
            units.append(unit)
            marked.append(True)
            at = i + found
        else:
            units.append(one[i])
            marked.append(False)
            at = i + 1
    if at < n:
        units += one[at:]
        marked += repeat(False, n - at)
    return units, marked


def _common() -> Container[str]:
    return common_words("en")


def grams(m: Model, text: str) -> list[str]:
    """Every feature of ``text`` the model knows of: its n-grams and its class n-grams."""
    return list(chain.from_iterable(_sized(m, text)))


def _sized(m: Model, text: str) -> list[list[str]]:
    """:func:`grams` of ``text`` as lists, in order: its n-grams of each n, then its class
    n-grams."""
    if m.analyzer == "char" and m.class_high and m.high >= 3 and m.longest_class_word and (
            _DIGIT.search(text) is None and _CAPS.search(text) is None):
        return _char_features(m, text)
    out = [found for _, found in _ngram_sizes(text, m.analyzer, m.low, m.high)]
    if m.class_high:
        out.append(class_grams(text, m.analyzer, m.classes, m.class_high,
                               m.longest_class_word, _common() if m.rare else None))
    return out


def _at(values: array[float], rows: list[int]) -> tuple[float, ...]:
    """``values[r]`` for each r of ``rows``, read by one C call (itemgetter): a quarter of
    the time of ``map(values.__getitem__, rows)``, the same floats."""
    if len(rows) > 1:
        return itemgetter(*rows)(values)  # type: ignore[no-any-return]
    return tuple(values[r] for r in rows)  # itemgetter of one item returns it bare


def _features(m: Model, sentence: str) -> tuple[list[tuple[float, int]], float]:
    """Each known n-gram's TF-IDF value (sublinear) with its row, and the L2 norm."""
    return _known(m, _counts(m, sentence))


def _counts(m: Model, sentence: str) -> Counter[int]:
    """How often each row of the features of ``sentence`` (:func:`grams`) occurs, in the order
    of first occurrence (n-gram of row ``unknown`` all counted there). A known row is one
    n-gram's: the known rows come in the order of a Counter of the n-grams themselves, and an
    unknown n-gram adds zeros to every sum, wherever it stands. Rows count faster than
    n-grams: each n-gram is looked up once in the trie and its row counted by C loops (the C
    function ``Counter.update`` counts with, without its Python call and type test)."""
    counts: Counter[int] = Counter()
    get = m.rows.trie.get if _encodable(sentence) else _get_encodable(m.rows)
    sized = _sized(m, sentence)
    rows: Iterable[int]
    if m.short_rows:  # characters and pairs (sized[0], sized[1]) from the dict, as the trie's
        short, unknown = m.short_rows.get, m.unknown
        rows = chain(map(short, sized[0], repeat(unknown)), map(short, sized[1], repeat(unknown)),
                     map(get, chain.from_iterable(sized[2:]), repeat(unknown)))
    else:
        rows = map(get, chain.from_iterable(sized), repeat(m.unknown))
    _count_elements(counts, rows)
    return counts


def _get_encodable(rows: Rows) -> Callable[[str, int], int]:
    """``rows.trie.get`` for n-grams that may hold a lone surrogate (none is in the trie)."""
    get = rows.trie.get

    def row(gram: str, default: int) -> int:
        return get(gram, default) if _encodable(gram) else default  # type: ignore[no-any-return]

    return row


# what Counter.update(iterable) calls: each item's count in the mapping, one more
_count_elements: Callable[[Counter[int], Iterable[int]], None] = (
    collections._count_elements)  # type: ignore[attr-defined]


def _known(m: Model, counts: Counter[int]) -> tuple[list[tuple[float, int]], float]:
    log, idf, unknown = math.log, m.idf, m.unknown
    known = [(idf[row] if n == 1 else (1 + log(n)) * idf[row], row)
             for row, n in counts.items() if row != unknown]
    return known, math.sqrt(sum(v * v for v, _ in known)) or 1.0


def score(m: Model, sentence: str) -> float:
    """How much ``sentence`` reads like a bad one (the model's decision value): the dot
    product of its TF-IDF vector (sublinear, L2-normalised) with the weights, plus the bias."""
    return _score(m, _counts(m, sentence))


def _score(m: Model, counts: Counter[int]) -> float:
    """:func:`score` of the features counted by :func:`_counts`."""
    rows = list(counts)
    dot = sum(_at(m.toward_bad, rows))
    idfs = _at(m.idf, rows)
    squares = sum(map(mul, idfs, idfs))
    if len(rows) < counts.total():
        for row, n in counts.items():  # a repeat counts 1 + log(n) times
            if n > 1 and row != m.unknown:
                tf = 1 + math.log(n)
                dot += (tf - 1) * m.toward_bad[row]
                squares += (tf * tf - 1) * (m.idf[row] * m.idf[row])
    return m.bias + (dot / math.sqrt(squares) if squares else 0.0)


def reads_bad(m: Model, sentence: str) -> str | None:
    """The kind of mistake ``sentence`` reads like, or None when it reads like a good one."""
    return _reads_bad(m, normalise(sentence) if not m.class_high else sentence)


@lru_cache(maxsize=256)  # a message repeats most of its sentences to every customer
def _reads_bad(m: Model, sentence: str) -> str | None:
    counts = _bad_counts.pop((m, sentence), None) or _counts(m, sentence)
    if _score(m, counts) <= m.threshold:
        return None
    features, norm = _known(m, counts)
    width, weights, scale = len(m.kinds), m.kind_weights, m.scale
    # each kind's score: its bias plus v × weight / norm of each feature in turn, added by C
    # loops (reduce adds left to right as a loop of += did: the same floats; sum would not
    # from Python 3.12, which compensates)
    values = [v for v, _ in features]
    by_kind = zip(*(map(truediv, weights[row * width : (row + 1) * width], repeat(scale))
                    for _, row in features), strict=True) if features else ((),) * width
    scores = [reduce(add, map(truediv, map(mul, values, kind), repeat(norm)), bias)
              for kind, bias in zip(by_kind, m.kind_bias, strict=True)]
    return m.kinds[max(range(len(scores)), key=scores.__getitem__)]


def reads_bad_at_all(m: Model, sentence: str) -> bool:
    """``reads_bad(m, sentence) is not None``, without working out which kind: a sentence's
    neighbourhood is only asked whether it reads bad (the kind is scored only above the
    threshold, and that is most of the cost of a long text that reads bad)."""
    return _bad_at_all(m, normalise(sentence) if not m.class_high else sentence)


# The counted features of the last few sentences found to read bad, for :func:`_reads_bad` to
# take instead of counting them again (the learned check asks whether a sentence reads bad,
# then its neighbourhood, and only then which kind).
_bad_counts: dict[tuple[Model, str], Counter[int]] = {}


@lru_cache(maxsize=256)
def _bad_at_all(m: Model, sentence: str) -> bool:
    counts = _counts(m, sentence)
    if _score(m, counts) <= m.threshold:
        return False
    if len(_bad_counts) >= 8:
        _bad_counts.clear()
    _bad_counts[(m, sentence)] = counts
    return True


def sentences_in_context(text: str, locale: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Each sentence of ``text`` long enough to judge, as the rules split it, with the span
    of it and its neighbours (the sentence before and after, where there are)."""
    if locale.startswith("zh"):
        spans = [(m.start(), m.end()) for m in SENTENCE.finditer(text)]
    else:
        spans = [(tokens[0].start, end) for tokens, end in sentences(text)]
    return [((start, end), (spans[max(i - 1, 0)][0], spans[min(i + 1, len(spans) - 1)][1]))
            for i, (start, end) in enumerate(spans)
            if len(text[start:end].strip()) >= MIN_CHARS.get(locale, 20)]

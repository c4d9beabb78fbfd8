"""lemminflect's lemma and verb-form tables, held compactly.

The checks ask lemminflect two things of its lexicon: the lemmas of a word (``getAllLemmas``)
and the forms of a verb (``getAllInflections(lemma, "VERB")``, ``getInflection``). lemminflect
keeps its lexicon as dicts of dicts of tuples: ~59 MB resident once loaded, and importing it
imports numpy (~9 MB more). This module answers the same questions from ``forms.tsv.gz``, which
``python -m gateway.messages.lint.write_forms`` writes from lemminflect's own answers (run it
after upgrading lemminflect; tests/messages/test_msg_lint_forms.py compares every entry with
lemminflect). Each table is one string of sorted lines ``word<TAB>TAG:form,form;TAG:form``,
searched by bisecting every 32nd word and a ``str.find`` in that block: ~2 MB in all. A word
the tables do not hold goes to lemminflect's guessers (``getAllLemmasOOV``,
``getAllInflectionsOOV``), run without lemminflect or numpy by ``guess.py``.
"""

from __future__ import annotations

import gzip
from array import array
from bisect import bisect_right
from functools import cache
from pathlib import Path

from gateway.messages.lint.english import guess

PATH = Path(__file__).with_name("forms.tsv.gz")
# lemminflect's uposToTags("VERB"): the tags getAllInflections(lemma, "VERB") keeps
VERB_TAGS = ("VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD")
_STEP = 32  # lines per block: a block is ~0.5-1 KB of text for str.find
SECTIONS = ("lemmas", "verbs")

Entry = dict[str, tuple[str, ...]]


class Table:
    """Sorted ``key<TAB>value`` lines, a section of one string, with the first key and offset
    of every ``_STEP``-th line: a lookup is a C bisect over ~2,000 keys and a find in ~1 KB."""

    __slots__ = ("_end", "_firsts", "_start", "_starts", "_text")

    def __init__(self, text: str, start: int, end: int) -> None:
        """The lines of ``text`` from the "\\n" at ``start`` to the "\\n" at ``end``."""
        self._text, self._start, self._end = text, start, end  # shared, not copied
        firsts: list[str] = []
        starts = array("I")
        find, pos, n = text.find, start, 0
        while pos < end:
            if n % _STEP == 0:
                starts.append(pos)
                firsts.append(text[pos + 1 : find("\t", pos)])
            pos = find("\n", pos + 1)
            n += 1
        starts.append(end)
        self._firsts, self._starts = firsts, starts

    def get(self, key: str) -> str | None:
        """The value of the line of ``key``, None when there is none."""
        block = bisect_right(self._firsts, key) - 1
        if block < 0 or "\n" in key or "\t" in key:
            return None
        text = self._text
        at = text.find(f"\n{key}\t", self._starts[block], self._starts[block + 1])
        if at < 0:
            return None
        return text[at + len(key) + 2 : text.find("\n", at + 1)]

    def keys(self) -> list[str]:
        lines = self._text[self._start + 1 : self._end].split("\n")
        return [line.split("\t", 1)[0] for line in lines if line]

    def __len__(self) -> int:
        return self._text.count("\n", self._start + 1, self._end + 1)


def decode(value: str) -> Entry:
    """``"VERB:be;AUX:be"`` -> ``{"VERB": ("be",), "AUX": ("be",)}``, in the stored order."""
    return {tag: tuple(words.split(",")) for tag, words in
            (part.split(":", 1) for part in value.split(";"))}


def encode(entry: Entry) -> str:
    for tag, words in entry.items():
        if not words or any(c in w for w in (tag, *words) for c in "\t\n:;,"):
            raise ValueError(f"cannot store {entry!r}")  # the format's separators
    return ";".join(f"{tag}:{','.join(words)}" for tag, words in entry.items())


@cache
def tables() -> dict[str, Table]:
    """Both tables, read once per process (~20 ms)."""
    text = gzip.decompress(PATH.read_bytes()).decode("utf-8")
    out = {}
    for name in SECTIONS:
        heading = f"\n[{name}]"
        start = text.index(heading) + len(heading)  # the "\n" before its first line
        end = text.find("\n[", start)
        out[name] = Table(text, start, len(text) - 1 if end < 0 else end)
    return out


def lemma_entry(low: str) -> Entry:
    """lemminflect's ``getAllLemmas(low)`` for a lower-case word (a new dict; {} when none)."""
    value = tables()["lemmas"].get(low)
    return decode(value) if value is not None else {}


def verb_entry(low: str) -> Entry:
    """lemminflect's ``getAllInflections(low, "VERB")`` for a lower-case lemma."""
    value = tables()["verbs"].get(low)
    return decode(value) if value is not None else {}


# lemminflect's LexicalUtils.getCapsStyle / applyCapsStyleToDict, which cannot be imported
# without importing lemminflect (and numpy): the answer is spelt the way the word is
def caps_style(word: str) -> str:
    if word.isupper():
        return "all_upper"
    if word and word[0].isupper():
        return "first_upper"
    return "lower"


def with_caps(entry: Entry, style: str) -> Entry:
    spell = {"all_upper": str.upper, "first_upper": str.capitalize, "lower": str.lower}[style]
    for key, words in entry.items():
        entry[key] = tuple(map(spell, words))
    return entry


def all_lemmas(word: str) -> Entry:
    """``getAllLemmas(word)``."""
    found = lemma_entry(word.lower())
    if not found:
        return found
    style = caps_style(word)
    return found if style == "lower" else with_caps(found, style)  # stored lower-cased


def verb_forms(lemma: str) -> Entry:
    """``getAllInflections(lemma, "VERB")``."""
    found = verb_entry(lemma.lower())
    if not found:
        return found
    style = caps_style(lemma)
    return found if style == "lower" else with_caps(found, style)


def inflection(lemma: str, tag: str) -> tuple[str, ...]:
    """``getInflection(lemma, tag)`` for a verb tag, from the table (with lemminflect's VBD/VBN
    stand-ins and its guess for a verb the table lacks): the checks ask for no other tag, and
    lemminflect itself (numpy) is never loaded by the gateway."""
    if tag not in VERB_TAGS:
        raise ValueError(f"not a verb tag: {tag}")
    found = verb_forms(lemma)
    form = found.get(tag)
    if form is None:
        for alt in {"VBD": ("VBN",), "VBN": ("VBD",)}.get(tag, ()):  # lemminflect's pennTagAlts
            form = found.get(alt)
            if form:
                break
    if form is None:
        form = guess.verb_forms(lemma).get(tag)  # getAllInflectionsOOV(lemma, "VERB")
    return form if form is not None else ()

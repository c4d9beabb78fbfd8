"""Plain-language measures: Flesch reading ease for en, sentence length for zh-CN."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any

from pyphen import LANGUAGES, Pyphen, hdcache

# an address is tried only where a run of non-space starts: "\S+@\S+" tried at every character
# of a 2,000-character zh paragraph with no space took ~24 ms (the same matches: a run with an
# "@" in it matches from its start)
_URL = re.compile(r"https?://\S+|(?<!\S)\S+@\S+")
# a sentence ends at 。！？；, a line end, or a full stop or an ellipsis typed after a Chinese
# character ("发错了.我们今天重发", "发错了…我们今天重发"; not "3.5元", "v2.1")
_ZH_SENTENCE_END = re.compile(
    r"[。！？!?；;\n]+|(?<=[\u3400-\u9fff）”’」』】])(?:[.．]+|…+|\.{3,})(?![0-9０-９])"
)


@lru_cache(maxsize=8)
def lowered(text: str) -> str:
    """``text.lower()``, made once per text for reading ease, the phrase index and every
    English check that reads the text in lower case (some twenty: a text with a curly
    apostrophe or any other non-ASCII character lower-cases a character at a time)."""
    return text.lower()


def _without_links(text: str) -> str:
    if "://" not in text and "@" not in text:
        return text  # neither a link nor an address: no pass of the pattern over the text
    return _URL.sub(" ", text)


_SPACE = re.compile(r"\s")


# the same ends where the text has no full stop or ellipsis (most Chinese texts): led by a
# class, which the search skips to, not by a look-behind tried at every character (~100 ->
# ~15 us a 2,000-character text)
_ZH_STOPS = re.compile(r"[。！？!?；;\n][。！？!?；;\n]*")


def zh_sentences(text: str) -> list[str]:
    text = _without_links(text)
    ends = _ZH_SENTENCE_END if "." in text or "．" in text or "…" in text else _ZH_STOPS
    return [s.strip() for s in ends.split(text) if s.strip()]


def readability(text: str, locale: str) -> dict[str, object]:
    """``{"metric", "value"}``: higher Flesch is easier; shorter zh sentences are easier.

    Links and email addresses are left out: they are not words to read.
    """
    if locale.lower().startswith("zh"):
        sentences = zh_sentences(text)
        # the characters but spaces of every sentence: one pass over them all, not a pass
        # (and a look-up in re's cache) per sentence, the same count
        chars = len(_SPACE.sub("", "".join(sentences)))
        value = round(chars / len(sentences), 1) if sentences else 0.0
        return {"metric": "avg_sentence_chars", "value": value}
    plain = _without_links(text)
    value = _flesch_reading_ease(plain) if plain.strip() else 0.0
    return {"metric": "flesch_reading_ease", "value": round(value, 1)}


# textstat's remove_punctuation (as it is set: apostrophes too), its sentences and rounding
_PUNCTUATION = re.compile(r"[^\w\s]")
_TEXTSTAT_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")


# the ASCII characters _PUNCTUATION removes: bytes.translate removes them from an ASCII text
# (a sentence, most texts) several times faster than the pattern
_ASCII_PUNCTUATION = bytes(c for c in range(128) if _PUNCTUATION.match(chr(c)))


# non-ASCII characters _PUNCTUATION removes that English text often holds (most often the curly
# apostrophe): taken out first by str.replace, a text with no other non-ASCII character is then
# ASCII and takes bytes.translate instead of the pattern's test of every character's category
_COMMON_PUNCTUATION = ("’", "‘", "“", "”", "—", "–", "…", "£", "€")


def _words(text: str) -> list[str]:
    if not text.isascii():
        for mark in _COMMON_PUNCTUATION:
            if mark in text:
                text = text.replace(mark, "")
    if text.isascii():
        return text.encode("ascii").translate(None, _ASCII_PUNCTUATION).decode("ascii").split()
    return _PUNCTUATION.sub("", text).split()


def _legacy_round(number: float, points: int) -> float:
    p = 10**points
    return float(math.floor((number * p) + math.copysign(0.5, number))) / p


def reading_ease_as_read(
    text: str, everyday: Callable[[str], bool], names: frozenset[str] = frozenset()
) -> float:
    """Flesch reading ease (en) with a long word that is an ``everyday`` one ("customers",
    "information") counted as two syllables: Flesch stands for "everyday words" by short
    words, and on one sentence a few long words everyone knows sink it (COMMS.md asks for
    everyday words, not short ones). A word of ``names`` (lower case: a name the text writes
    with a capital, "Experian") counts as two as well: a reader takes a name in as one thing,
    and the writer has no everyday word to put in its place. Links and addresses are left out,
    as :func:`readability` leaves them."""
    plain = _without_links(text)
    return round(_flesch_reading_ease(plain, everyday, names), 1) if plain.strip() else 0.0


@cache
def _read_counter(everyday: Callable[[str], bool]) -> Callable[[str], int]:
    """A word's syllables as :func:`reading_ease_as_read` counts them, remembered per word (a
    Python call per word cost ~0.3 ms a 2,000-character text). Remembered here only, not in
    :func:`_syllables`'s cache as well: one cache of 4,096 words instead of two of 2,048 that
    held the same words. Texts of sentences not seen before missed ~50 words a 2,000-character
    text with 2,048 (~13 us each), ~28 with 4,096."""

    @lru_cache(maxsize=4096)
    def count(word: str) -> int:
        found = _syllables.__wrapped__(word)
        return 2 if found > 2 and everyday(word) else found

    return count


def _flesch_reading_ease(
    text: str, everyday: Callable[[str], bool] | None = None, names: frozenset[str] = frozenset()
) -> float:
    """textstat's ``flesch_reading_ease(text)`` (en), in one pass: textstat strips the text's
    punctuation once per measure and once per sentence through ``re``'s pattern cache and its
    own per-text caches, ~0.2 ms of a 2,000-character text. The same value (a test compares
    with textstat's own on corpus text); ``everyday``, ``names``: see
    :func:`reading_ease_as_read`."""
    words = len(_words(text))
    sentences = _TEXTSTAT_SENTENCE.findall(text)
    counted = max(1, len(sentences) - sum(len(_words(s)) <= 2 for s in sentences))
    sentence_length = _legacy_round(float(words / counted), 1)
    lows = _words(lowered(text))
    count = _syllables if everyday is None else _read_counter(everyday)
    syllables = sum(map(count, lows)) if not names else sum(
        min(2, count(w)) if w in names else count(w) for w in lows)
    per_word = _legacy_round(float(syllables) / float(words), 1) if words else 0.0
    return _legacy_round(206.835 - float(1.015 * sentence_length) - float(84.6 * per_word), 2)


@cache
def _hyphenation() -> tuple[dict[str, Any], int, int, int]:
    """pyphen's en_US patterns (the ones textstat's pyphen reads) as a trie (a dict per
    letter; a pattern's value under ``""``), the longest pattern's length and pyphen's left
    and right margins. pyphen alone: textstat itself is not loaded (it imports
    pkg_resources, ~6 MB of an API process)."""
    pyphen = Pyphen(lang="en_US")
    trie: dict[str, Any] = {}
    # in order of the pieces: a node's entries then come in one order (its pattern first,
    # then its letters in order), so equal subtrees are told by their entries as they come
    for key, pattern in sorted(pyphen.hd.patterns.items()):
        node = trie
        for letter in key:
            node = node.setdefault(letter, {})
        node[""] = pattern
    # pyphen keeps every dictionary it has read (here ~1 MB of patterns by their text): the
    # trie holds all that is asked of this one
    hdcache.pop(LANGUAGES["en_US"], None)
    return _shared(trie, {}, {}), pyphen.hd.maxlen, pyphen.left, pyphen.right


def _shared(node: dict[str, Any], nodes: dict[tuple[Any, ...], dict[str, Any]],
            patterns: dict[Any, Any]) -> dict[str, Any]:
    """The trie under ``node`` with equal patterns and equal subtrees one object each (a
    read-only DAG, walked the same way: every piece leads to the same pattern or to none).
    en_US's 15,268 nodes become 9,681 and its 4,900 patterns 1,562: ~2 MB less in every
    process that lints (issue 14: 128 MB a process)."""
    for letter, child in node.items():
        node[letter] = (_shared(child, nodes, patterns) if letter
                        else patterns.setdefault(child, child))
    # the children are already shared: equal subtrees have the same child objects
    shape = tuple((letter, id(child) if letter else child) for letter, child in node.items())
    return nodes.setdefault(shape, node)


@lru_cache(maxsize=2048)
def _syllables(word: str) -> int:
    """textstat's syllables of a word, ``len(pyphen.positions(word)) + 1``, by pyphen's own
    patterns, except that the patterns tried at a letter stop at the first piece no pattern
    starts with (pyphen tries every piece up to 28 letters long, ~20 us a word it has not
    seen; a test compares every word of lemminflect's lexicon). The pieces at a letter are
    walked down the trie a letter at a time (~6 us a new word; slicing each piece and looking
    it up in a set of every pattern's prefixes took ~10)."""
    trie, longest, left, right = _hyphenation()
    pointed = f".{word.lower()}."
    size = len(pointed)
    references = [0] * (size + 1)
    for i in range(size - 1):
        node = trie
        for letter in pointed[i : i + longest]:
            child = node.get(letter)
            if child is None:
                break  # no pattern starts with this piece
            node = child
            pattern = node.get("")
            if pattern:
                offset, values = pattern
                for k, value in enumerate(values, i + offset):
                    if k > size:
                        break
                    if value > references[k]:
                        references[k] = value
    last = len(word) - right
    return 1 + sum(1 for i, ref in enumerate(references) if ref % 2 and left <= i - 1 <= last)

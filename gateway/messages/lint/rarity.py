"""Which words are common in general language: a shipped list, built from wordfreq.

The jargon check by word rarity (``english/rare.py``) asks whether a word is
common in everyday English. wordfreq (PyPI) answers that from many sources
(subtitles, news, books, the web, ...), but its full lists cost tens of MB in
memory. So the gateway ships only what the check needs: every word whose
Zipf frequency is at least ``rare_below_zipf`` (``thresholds`` in
``rules/<locale>.yaml``), lower-case, sorted, one a line, in
``common/<locale>.txt``, read as one string and searched by bisection
(~0.5 MB in memory for en, not a set of 30,000 strings). wordfreq is a
build dependency only (``requirements-test.txt``):

    python -m gateway.messages.lint.write_common [--locale en]

regenerates the file; ``tests/messages/test_msg_lint_rarity.py`` checks that
the shipped file is what the command makes. Zipf is log10 of a word's
frequency per billion words: 3 is once per million words ("firmware",
"ledger"), 2 once per ten million ("failover", "sortation" is 1.2).

Reading ease (``checks.reading_ease``) asks a second question: is a long word one that
everyday English uses all the time ("customers", "information", "immediately")? Those are
the words at or above ``everyday_zipf``, shipped the same way in ``common/<locale>-everyday.txt``
(en only; the same build command writes both files).

zh-CN can be built too (``--locale zh-CN``, segmented words of two or more CJK
characters) but is not shipped: on the development sets written up to
dev-14 / dev-heldout12 no threshold told jargon from plain compounds
(corpus README, "Fifteenth round").
"""

from __future__ import annotations

from array import array
from functools import cache
from pathlib import Path

from gateway.messages.lint.phrases import rules_for

COMMON_DIR = Path(__file__).parent / "common"


class WordList:
    """A sorted word list held as one string with the offsets of its lines: ``word in list``
    by bisection, a few microseconds, without a Python object per word."""

    def __init__(self, words: list[str] | str) -> None:
        """From the words, or from their text: sorted, one a line."""
        blob = words if isinstance(words, str) else "\n".join(words)
        self._blob = blob.strip("\n")
        self._starts = array("I", [0] if self._blob else [])
        find, at = self._blob.find, self._blob.find("\n")
        while at >= 0:
            self._starts.append(at + 1)
            at = find("\n", at + 1)
        self._n = len(self._starts)

    def __len__(self) -> int:
        return self._n

    def _word(self, i: int) -> str:
        start = self._starts[i]
        end = self._starts[i + 1] - 1 if i + 1 < self._n else len(self._blob)
        return self._blob[start:end]

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        lo, hi = 0, self._n
        while lo < hi:
            mid = (lo + hi) // 2
            if self._word(mid) < word:
                lo = mid + 1
            else:
                hi = mid
        return lo < self._n and self._word(lo) == word


def threshold(locale: str) -> float:
    """The Zipf frequency below which a word counts as rare (``rare_below_zipf``)."""
    return float(rules_for(locale).thresholds.get("rare_below_zipf", 2.8))


def everyday_threshold(locale: str) -> float:
    """The Zipf frequency at or above which a word is an everyday one (``everyday_zipf``):
    4 is once per 100,000 words."""
    return float(rules_for(locale).thresholds.get("everyday_zipf", 4.0))


@cache
def everyday_words(locale: str = "en") -> WordList:
    """The shipped list of ``locale``'s everyday words (empty if none): see the module's doc."""
    return common_words(f"{locale}-everyday")


@cache
def common_words(locale: str = "en") -> WordList:
    """The shipped list of ``locale``: words at or above :func:`threshold` (empty if none)."""
    path = COMMON_DIR / f"{locale}.txt"
    if not path.exists():
        return WordList([])
    text = path.read_text(encoding="utf-8")
    if text.startswith("#"):
        text = text[text.find("\n") + 1 :]  # the header line: where the words came from
    return WordList(text)

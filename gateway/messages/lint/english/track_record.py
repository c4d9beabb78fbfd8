"""A harm answered with how often things go right: "99.96% of our shipments arrive within a few
days", "a refresh usually fixed the issue". The clause states a habit or a large share, not
what happened to this reader, so it sizes the harm down by the record around it.

Read by clause shape: a going-right verb or word (lexicon ``went_right``, ``went_right_words``)
in a clause that makes it a habit (``habitual``) or gives it to a large share (a percentage of
at least a half, ``large_shares``). Not when the clause is a reason, a case or a contrast
(``record_openers``), negated, or said of the future or of a time ("was operating as normal
within 49 minutes" is progress, not a record): those tell, they do not console.
"""

from __future__ import annotations

import re
from functools import cache

from gateway.messages.lint.english.parse import (
    Token,
    clause_list,
    lemmas,
    lexicon,
    read,
    verb_lemma,
)
from gateway.messages.lint.english.words import BE, DETERMINERS
from gateway.messages.lint.findings import Hit

_PERCENT = re.compile(r"\s*(?:%|per ?cent\b)", re.IGNORECASE)
# where _PERCENT may match: a text with neither holds no percentage after any word
_PERCENT_SIGN = re.compile(r"%|per ?cent\b", re.IGNORECASE)


@cache
def _spaced_entries(name: str) -> tuple[str, ...]:
    """The lexicon's entries ``name``, each between spaces: made once, not sorted again at
    every clause."""
    return tuple(f" {e} " for e in lexicon()[name])


@cache
def _first_words(name: str) -> frozenset[str]:
    """The first word of each entry of the lexicon's ``name``."""
    return frozenset(e.split(" ", 1)[0] for e in lexicon()[name])


def _has(lows: list[str], name: str) -> bool:
    """Whether an entry (one word or several) of the lexicon's ``name`` is in ``lows``: an
    entry between spaces is found in the words joined by spaces only where its first word is
    one of them (most clauses hold no entry's first word, and are not joined)."""
    if _first_words(name).isdisjoint(lows):
        return False
    return any(map(f" {' '.join(lows)} ".__contains__, _spaced_entries(name)))


@cache
def _noun_before() -> frozenset[str]:
    """Words before a noun, not a verb: "ready for work", "the run", "3 to 5 working days"."""
    return frozenset(DETERMINERS | lexicon()["noun_before"])


def _went_right(lows: list[str], verbs: set[str], with_words: bool = True) -> bool:
    """A going-right word, or one of ``verbs`` used as a verb: not after a determiner or a
    preposition, and an "-ing" form only after a form of "be" ("are completing", not "working
    days")."""
    if with_words and _has(lows, "went_right_words"):
        return True
    for n, low in enumerate(lows):
        if not set(lemmas(low).get("VERB", ())) & verbs:
            continue
        if n and lows[n - 1] in _noun_before() or low.endswith("ing") and BE.isdisjoint(lows[:n]):
            continue
        return True
    return False


def _past(lows: list[str]) -> bool:
    """A past form: a share said of what happened then ("95% … was operating") is progress."""
    return bool(lexicon()["record_past"] & set(lows)) or any(
        verb_lemma(low, "VBD") and not lemmas(low).get("NOUN") for low in lows)


def _large_share(text: str, clause: list[Token], lows: list[str], percents: bool) -> bool:
    """A share of at least a half: "99.96%", "99 point something per cent", "the majority of".
    ``percents``: whether the text holds a "%" or a "per cent" (else only a "per" or a
    "percent" after a word makes one, and a clause without either is not read a word at a
    time)."""
    if _has(lows, "large_shares"):
        return True
    if not percents and "per" not in lows and "percent" not in lows:
        return False
    for n, tok in enumerate(clause):
        if not _PERCENT.match(text, tok.end) and not (
                n + 1 < len(clause) and clause[n + 1].low in {"per", "percent"}):
            continue
        try:
            if float(tok.low) >= 50:
                return True
        except ValueError:
            if tok.low == "something" and n >= 2 and clause[n - 1].low == "point":
                return True
    return False


def track_record(text: str) -> list[Hit]:
    """Each clause that answers a harm with a habit or a large share of things going right."""
    words = lexicon()
    hits = []
    parsed = read(text)
    percents = _PERCENT_SIGN.search(text) is not None
    for n, sentence in enumerate(parsed):
        said = sentence.words  # with the clause after a ";", which goes on with the same point
        if n + 1 < len(parsed) and text[sentence.end : sentence.end + 1] == ";":
            said = said | parsed[n + 1].words
        if not words["record_contrasts"].isdisjoint(said):
            continue
        for clause in clause_list(sentence.tokens):
            lows = [t.low for t in clause]
            if not lows or lows[0] in words["record_openers"] or words["negations_record"] & set(
                    lows):
                continue
            if words["record_not_habit"] & set(lows):
                continue
            habit = _has(lows, "habitual") and _went_right(lows, words["put_right"], False)
            if not habit and not (_large_share(text, clause, lows, percents) and not _past(lows)
                                  and _went_right(lows, words["went_right"])):
                continue
            hits.append(Hit(
                "minimising", (clause[0].start, clause[-1].end),
                "answers the harm with how often things go right, not with what happened to them",
                'Drop the record and say what went wrong for them and what we did: "Your parcel '
                'arrived 9 days late; we have refunded the delivery charge."'))
            break
    return hits

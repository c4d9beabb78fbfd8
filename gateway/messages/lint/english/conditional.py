"""Apologies that hang on a condition or own no act.

"Should our letter have caused any worry, please accept our apologies", "If our email
upset anyone, we apologise": sorry only if the harm happened, whatever the wording of the
condition ("if", "should ... have", "in case", "to the extent that"). "We regret the delay"
owns nothing unless the same sentence says what we did ("We blocked your card by mistake,
and we regret the distress that caused you").
"""

from __future__ import annotations

import re

from gateway.messages.lint.english.parse import (
    Token,
    inflect,
    lemmas,
    lexicon,
    lowered,
    owns,
    read,
    said_after,
    sentences,
    verb_lemma,
)
from gateway.messages.lint.english.words import NUMBER_WORDS
from gateway.messages.lint.findings import Hit

_APOLOGY = {"sorry", "apologise", "apologize", "apologies", "apology", "regret", "regrets"}
# what the condition says may have happened to them
_HARMING = {"cause", "upset", "affect", "inconvenience", "disrupt", "worry", "distress", "confuse",
            "frustrate", "disappoint", "impact", "alarm", "concern", "bother", "trouble", "offend",
            "annoy", "hurt", "mislead", "delay"}
# what the condition says may have gone wrong: "should any of it fall short"
_SHORT = {"short", "wrong", "late", "fail", "fails", "failed", "spoil", "spoiled", "spoilt", "ruin",
          "ruined", "disappoint", "disappoints", "disappointed"}
# cheap tests on the whole text before any sentence is read
class _Words:
    """A cheap test on the whole text: any of these words in it, lower-cased."""

    def __init__(self, *words: str) -> None:
        self.words = words

    def search(self, text: str) -> bool:
        low = lowered(text)
        return any(w in low for w in self.words)


_SAYS_SORRY = _Words("sorry", "apolog", "regret")
_MEANT_GATE = _Words("intend", "intention", "deliberate", "meant", "on purpose")
_CONDITION = re.compile(r"^(?:if|should|in case|to the extent that|insofar as|where)\b")


def _condition_clause(lows: list[str]) -> tuple[int, int] | None:
    """Where a condition starts and ends (the comma or the apology after it)."""
    for n, w in enumerate(lows):
        at_start = n == 0 or lows[n - 1] in (",", "and", "but") or (
            w == "should" and lows[n - 1] in _APOLOGY)  # "our apologies should your ... have"
        if not at_start or not _CONDITION.match(" ".join(lows[n : n + 4])):
            continue
        if w == "should" and "have" not in lows[n + 1 : n + 12] and lows[n + 1 : n + 2] not in (
                ["that"], ["this"]) and not (n == 0 and _SHORT & set(lows)):
            continue  # "should you need help": an offer; "Should any of it fall short, ...": not
        stop = next((k for k in range(n + 1, len(lows)) if lows[k] == "," or lows[k] in _APOLOGY
                     or lows[k] == "please"), len(lows))
        return n, stop
    return None


def conditional_apology(text: str) -> list[Hit]:
    """Sorry on condition that the harm happened."""
    if not _SAYS_SORRY.search(text):
        return []
    hits = []
    for sentence, end, lows, wordset in read(text):
        if _APOLOGY.isdisjoint(wordset):
            continue
        found = _condition_clause(lows)
        if found is None:
            continue
        start, stop = found
        inside = lows[start + 1 : stop]
        harm = any((verb_lemma(w, "VBD") or verb_lemma(w, "VBN") or w) in _HARMING
                   or w in _SHORT for w in inside) and "you" not in inside[:1]
        harm = harm or ("you" not in inside[:1] and any(
            verb_lemma(w, "VBD") and not lemmas(w).get("NOUN") and {"you", "your"} & set(
                inside[k + 1 : k + 3]) for k, w in enumerate(inside)))  # "spoiled your plans"
        anaphoric = inside[:1] in (["that"], ["this"], ["so"], ["applicable"])
        if anaphoric and start > 1:  # "..., should that be the case": sorry only if it was
            main = text[sentence[0].start : sentence[start - 1].start].rstrip(" ,")
            hits.append(Hit(
                "non_apology",
                (sentence[start].start, end),
                f'sorry only "{sentence[start].text.lower()}" it happened',
                f'Say sorry without the condition: "{main}." Then say whose and what it cost '
                "them.",
            ))
            continue
        if not harm or stop - start < 3:
            continue
        said = text[sentence[start + 1].start : sentence[stop - 1].end]
        said = re.sub(r"^(?:that |as )", "", said)
        said = re.sub(r"\b(?:may |might )?have (\w+)", lambda m: inflect(
            verb_lemma(m.group(1), "VBN") or m.group(1), "VBD") if verb_lemma(
            m.group(1), "VBN") else m.group(1), said, count=1)  # "have fallen short" -> "fell"
        said = re.sub(r"\bany (?:of )?", "", said)
        hits.append(Hit(
            "non_apology",
            (sentence[start].start, end),
            f'sorry only "{sentence[start].text.lower()}" it harmed them',
            f'Say sorry without the condition: "We\'re sorry {said}." Then say what we are '
            "doing about it.",
        ))
    return hits


def regret_owning_nothing(text: str) -> list[Hit]:
    """ "We regret the delay to your order": regret with no act of ours in the sentence."""
    if "regret" not in lowered(text):
        return []
    hits = []
    for sentence, _end, lows, wordset in read(text):
        if "regret" not in wordset:
            continue  # no "we regret" in it
        at = next((n for n, w in enumerate(lows[:-1]) if w == "we" and lows[n + 1] == "regret"),
                  None)
        if at is None or owns(sentence) or _act_before(sentence[:at]):
            continue
        hits.append(Hit(
            "non_apology",
            (sentence[at].start, sentence[at + 1].end),
            '"we regret" owns nothing',
            'Say "We\'re sorry" and what we did: "We\'re sorry: we sent your order late."',
        ))
    return hits


def _act_before(tokens: list[Token]) -> bool:
    """ "We blocked your card by mistake, and ...": an act of ours named before the regret."""
    lows = [t.low for t in tokens]
    return any(
        w == "we" and n + 1 < len(lows)
        and (verb_lemma(lows[n + 1], "VBD") is not None or lows[n + 1].endswith("ed"))
        and lows[n + 1] not in ("were", "was", "had", "have", "are")
        for n, w in enumerate(lows)
    ) and any(w in ("mistake", "error", "wrongly", "wrong", "late", "twice") for w in lows)


def sorry_they_asked(text: str) -> list[Hit]:
    """ "We're sorry you had cause to contact us about your lenses", "sorry you needed to
    chase us": sorry that they had to ask, not for what made them."""
    if not _SAYS_SORRY.search(text):
        return []
    words = lexicon()
    hits = []
    for sentence, end, lows, wordset in read(text):
        if _APOLOGY.isdisjoint(wordset):
            continue  # no apology word in it
        at = next((n for n, w in enumerate(lows) if w in _APOLOGY), None)
        if at is None or any(w[:1].isdigit() or w in NUMBER_WORDS or w in ("twice", "again")
                             for w in lows):
            continue  # "sorry you had to chase us twice": what it cost them, counted
        rest = lows[at + 1 : at + 9]
        rest = rest[1:] if rest[:1] == ["that"] else rest
        if rest[:1] != ["you"] or rest[1:2] not in (["had"], ["needed"], ["have"], ["felt"]):
            continue
        k = rest.index("to") if "to" in rest[2:6] else None
        if k is None or rest[k + 1 : k + 2] == [] or rest[k + 1] not in words["reaching_us"]:
            continue
        about = next((n for n in range(at, len(lows)) if lows[n] in ("about", "over", "regarding")),
                     None)
        thing = said_after(text, sentence, end, about)
        hits.append(Hit(
            "non_apology",
            (sentence[at].start, end),
            "sorry that they had to ask, not for what made them",
            f'Say sorry for what we did: "We\'re sorry we got {thing} wrong: <what we did, and '
            'what we are doing about it>."',
        ))
    return hits


_NOT_MEANT = re.compile(r"\b(?:was|were|is|wasn't|wasn’t) (?:not |never )?(?:intended|intentional|"
                        r"deliberate|meant)\b|\bnever our intention\b|\bnot on purpose\b"
                        r"|\bunintentional\b|\bwe never meant\b")


def intent_denied(text: str) -> list[Hit]:
    """ "Please accept our assurances that the mix-up was not intended": what we meant, in
    place of what we did."""
    if not _MEANT_GATE.search(text):
        return []
    hits = []
    previous: list[Token] = []
    for sentence, end in sentences(text):
        before, previous = previous, sentence
        said = text[sentence[0].start : end]
        found = _NOT_MEANT.search(said.lower())
        if found is None or not re.search(r"\bnot\b|\bnever\b|\bun", found.group(0)):
            continue
        if _act_before(sentence) or (before and text[before[0].start : sentence[0].start]
                                     .rstrip().endswith(";") and _act_before(before)):
            continue  # "We sent it twice by mistake; it was not deliberate": the act owned first
        lows = [t.low for t in sentence]
        that = next((n for n, w in enumerate(lows) if w == "that"), None)
        start = sentence[that + 1].start if that is not None and that + 1 < len(sentence) else (
            sentence[0].start)
        thing = text[start : sentence[0].start + found.start()].strip() if that is not None else ""
        thing = thing or "what happened"
        hits.append(Hit(
            "non_apology",
            (sentence[0].start, end),
            "what we meant, not what we did",
            f'Say sorry for what happened, not what we meant: "We\'re sorry for {lower(thing)}: '
            '<what we did, and what we are doing about it>."',
        ))
    return hits


def lower(s: str) -> str:
    return s[:1].lower() + s[1:] if s[:2] != s[:2].upper() else s


_TASTES = {"taste", "liking", "standard", "standards", "expectation", "expectations",
           "satisfaction", "preference", "preferences"}
_NOT_TO_TASTE = re.compile(
    r"\b(?:sorry|apologi[sz]e|apologies|regret)\b(?: that)? (.+?) (?:was not|wasn't|wasn’t|were not"
    r"|is not|isn't|are not|aren't"
    r"|weren't|weren’t|did not meet|didn't meet|didn’t meet|fell short of|was not quite|wasn't "
    r"quite) (?:quite )?(?:to )?your (?:taste|liking|standards?|expectations?|satisfaction"
    r"|preference|preferences)\b"
)


def sorry_for_their_taste(text: str) -> list[Hit]:
    """ "We're sorry the coworking space wasn't to your taste": sorry for their taste, not for
    what we did."""
    if not _SAYS_SORRY.search(text):
        return []
    hits = []
    for sentence, end, _lows, wordset in read(text):
        if _TASTES.isdisjoint(wordset):
            continue
        said = text[sentence[0].start : end]
        found = _NOT_TO_TASTE.search(said.replace("’", "'").lower())
        if found is None:
            continue
        thing = said[found.start(1) : found.end(1)]
        hits.append(Hit(
            "non_apology",
            (sentence[0].start + found.start(), end),
            "sorry for their taste, not for what we did",
            f'Say what was wrong with it and sorry for that: "We\'re sorry {lower(thing)} '
            '<what was wrong with it>; <what we are doing about it>."',
        ))
    return hits

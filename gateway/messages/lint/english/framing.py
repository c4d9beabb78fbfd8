"""How real notices frame a harm so it reads smaller or elsewhere, read by clause shape:
a failure called rare or "not uncommon", a record of years without one, "only temporary".

Each shape is a regular expression built from the lexicon's word classes over the sentence's
own text, so its span and rewrite come from the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from gateway.messages.lint.english.parse import lexicon, sentences, verb_lemma
from gateway.messages.lint.findings import Hit

_NUMBER = r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|a hundred)"


def _spans(text: str) -> Iterator[tuple[int, str]]:
    """Each sentence's start offset and its text, lower-cased with straight apostrophes."""
    for tokens, end in sentences(text):
        if tokens:
            yield tokens[0].start, text[tokens[0].start : end].lower().replace("’", "'")


@cache
def _rarity() -> re.Pattern[str]:
    """ "it is not uncommon for", "it's rare for", "it is not common for": how often, not what."""
    rare = "|".join(sorted(lexicon()["rarity"]))
    return re.compile(rf"\bit(?:'s| is| was|'s been| has been) (?:(?:very|quite|extremely|not|"
                      rf"relatively|fairly) )*(?:{rare}) (?:for|that)\b")


_TRACK_RECORD = re.compile(rf"\bthe (?:first|only|second) (?:time|(?:\w+ )?(?:issue|outage|problem|"
                           rf"incident|failure|error)) (?:in|for) (?:over |more than |almost )?"
                           rf"{_NUMBER} (?:years|months|decades)\b")
_PASSING = re.compile(r"\b(?:only|just|merely|purely) (?:a )?(?:temporary|short-term)\b"
                      r"|\bkept to (?:a|the) (?:bare )?minimum\b")


def _fails_after(sentence: str, at: int) -> bool:
    """A failure verb (or its participle) follows: what the rarity is said of is a harm."""
    fails = lexicon()["failure_verbs"]
    for word in re.findall(r"[a-z'-]+", sentence[at:]):
        if word in fails or any(verb_lemma(word, f) in fails for f in ("VBN", "VBD")):
            return True
    return False


def rarity(text: str) -> list[Hit]:
    """A failure framed by how seldom it happens: "it is not uncommon for a payment to fail",
    "this is the first time in 13 years", "this is only temporary"."""
    hits = []
    for start, sentence in _spans(text):
        found = _rarity().search(sentence)
        if found and not _fails_after(sentence, found.end()):
            found = None
        found = found or _TRACK_RECORD.search(sentence) or _PASSING.search(sentence)
        if found:
            hits.append(Hit(
                "minimising", (start + found.start(), start + found.end()),
                f'"{found.group(0)}" tells how seldom or how briefly, not what it did to them',
                f'Drop "{found.group(0)}" and say what happened to them and for how long: '
                '"Your payment failed at 10:02; we retried it and charged you once."'))
    return hits


@cache
def _betterment() -> re.Pattern[str]:
    """A betterment word in a sentence that is about "the future": what it will be, not when."""
    better = "|".join(sorted(map(re.escape, lexicon()["betterment"]), key=len, reverse=True))
    return re.compile(rf"\b(?:{better})\b")


# anchor words that name no time by themselves: "now", "every outage", "on the other hand"
_NOT_TIMES = frozenset({"now", "each", "every", "hand"})
_FUTURE = re.compile(r"\b(?:in (?:the )?future|going forward|moving forward|from now on)\b")
_EFFORT = re.compile(r"\b(?:work|works|working|worked) (?:very |really |extremely )?hard\b"
                     r"|\bas hard as (?:we|they|i|he|she|our \w+) (?:possibly )?can\b"
                     r"|\b(?:is|are|remains?|will be|has been) (?:our|my|the) (?:top|number one|"
                     r"first|highest|absolute|main|utmost) priority\b")


def effort_for_later(text: str) -> list[Hit]:
    """A promise of effort or betterment with no act, time or number: "we will pay more
    attention in the future", "our teams are working as hard as they can", "is our top
    priority"."""
    words = lexicon()
    hits = []
    for start, sentence in _spans(text):
        if re.search(r"\d", sentence) or not (words["anchors"] - _NOT_TIMES).isdisjoint(
                re.findall(r"[a-z]+", sentence)):
            continue  # a time or a number: something the reader can hold us to
        future = _FUTURE.search(sentence)
        found = (future if future and _betterment().search(sentence) else None) or (
            _EFFORT.search(sentence))
        if found:
            hits.append(Hit(
                "vague", (start + found.start(), start + found.end()),
                f'"{found.group(0)}" promises effort, not what we will do or by when',
                'Name the act, who does it and when: "Our engineers are replacing the faulty '
                'switch; we expect service back by 6 pm on Friday."'))
    return hits

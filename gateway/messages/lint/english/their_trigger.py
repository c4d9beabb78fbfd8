"""A harm told as what the customer's own act sets off: "a double charge might happen when you
refresh the page", "wrong addresses can result in a customer entering their details too
quickly", "submitting your order twice … as this overwhelms the checkout". The cause is put on
them as a rule of how things go, with no word of what we do about it.

Read by shape: a harm word (``failure_nouns``, ``failure_objects``, ``trigger_harms``) before a
verb that makes one thing come of another (``trigger_verbs``) said in the present or with a
modal, then a link (``trigger_links``) to a clause whose subject is the customer ("you", a
``people`` word) and whose verb is an act, not something met (``met_verbs``); or the act first,
as a gerund with "your", and "as this …" / "because that …" a trigger verb after it. A verb in the
past tells when it happened to them ("the error happened when you were paying"), not a rule.
"""

from __future__ import annotations

from functools import cache

from gateway.messages.lint.english.parse import Token, lemmas, lexicon, owns, read, verb_lemma
from gateway.messages.lint.english.words import AUX, DETERMINERS
from gateway.messages.lint.findings import Hit


def _verb_of(low: str, verbs: set[str]) -> bool:
    """``low`` can be one of ``verbs`` in the present or the base form (not the past)."""
    return bool(set(lemmas(low).get("VERB", ())) & verbs) and not verb_lemma(low, "VBD")


def _customer_act(lows: list[str], at: int) -> bool:
    """A customer subject at ``at`` (after determiners) with an act, not a meeting, for its verb."""
    words = lexicon()
    n = at
    while n < len(lows) and (lows[n] in DETERMINERS or lows[n] in {"number", "of"}):
        n += 1
    if n >= len(lows) or not (lows[n] == "you" or lows[n] in words["people"]):
        return False
    for low in lows[n + 1 : n + 4]:
        if low in words["trigger_modals"] or low.endswith("ly"):
            continue
        verbs = set(lemmas(low).get("VERB", ()))
        return bool(verbs) and low not in AUX and not verbs & words["met_verbs"]
    return False


@cache
def _harms() -> frozenset[str]:
    words = lexicon()
    return frozenset(words["failure_nouns"] | words["failure_objects"] | words["trigger_harms"])


def _harm_then_act(lows: list[str]) -> int | None:
    """Where a harm's trigger verb is, when a link to a customer's act follows it."""
    words = lexicon()
    harms, links = _harms(), words["trigger_links"]
    # only a word after the first harm and before a link is looked up (most words are neither)
    first = next((n for n, low in enumerate(lows) if low in harms), len(lows))
    for n in range(first + 1, len(lows) - 1):
        if links.isdisjoint(lows[n + 1 : n + 4]) or not _verb_of(lows[n], words["trigger_verbs"]):
            continue
        for k in range(n + 1, min(n + 4, len(lows))):
            if lows[k] in words["trigger_links"] and _customer_act(lows, k + 1):
                return n
    return None


def _act_then_harm(lows: list[str]) -> int | None:
    """Where a customer's act (a gerund with "your") is, when "as this" + a trigger verb follows."""
    words = lexicon()
    for n, low in enumerate(lows):
        if not (low.endswith("ing") and set(lemmas(low).get("VERB", ())) & words["customer_acts"]
                and "your" in lows[n + 1 : n + 3]):
            continue
        for k in range(n + 2, len(lows) - 2):
            if lows[k] in words["trigger_reasons"] and lows[k + 1] in words[
                    "trigger_anaphors"] and any(
                    _verb_of(w, words["trigger_verbs"]) for w in lows[k + 2 : k + 5]):
                return n
    return None


def their_trigger(text: str) -> list[Hit]:
    """Each sentence that tells a harm as set off by the customer's own act."""
    words = lexicon()
    links, reasons, anaphors = (
        words["trigger_links"], words["trigger_reasons"], words["trigger_anaphors"])
    hits = []
    for sentence in read(text):
        tokens: list[Token] = sentence.tokens
        said = sentence.words
        # each shape only where its words are in the sentence (a harm and a link; "your", a
        # reason and an anaphor), not a look-up of every word's lemmas in most sentences
        at = None
        if not (_harms().isdisjoint(said) or links.isdisjoint(said)):
            at = _harm_then_act(sentence.lows)
        if at is None and "your" in said and not (
                reasons.isdisjoint(said) or anaphors.isdisjoint(said)):
            at = _act_then_harm(sentence.lows)
        if at is None or owns(tokens):
            continue
        hits.append(Hit(
            "blame_customer", (tokens[0].start, tokens[-1].end),
            f'puts the harm on what the customer does ("{tokens[at].text}"), as a rule of how '
            "things go",
            'Say what went wrong on our side and what we changed: "Our checkout charged you twice '
            'when the page reloaded; we have refunded the second charge and fixed the page."'))
    return hits

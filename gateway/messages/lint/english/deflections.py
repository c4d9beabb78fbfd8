"""Two deflections read per sentence, gated by the words they need (cheaper than a pattern with
no first word, which a regex must try at every position of the text).

- their words passed on to the team, or "We hear you", in a sentence with no apology
  (non_apology): "We hear you, and we'll pass your comments on to the team";
- their act named in a gerund as the usual cause (blame_customer): "leaving it unplugged over
  the winter is the usual cause".
"""

from __future__ import annotations

from gateway.messages.lint.english.parse import read
from gateway.messages.lint.findings import Hit

_PASS = frozenset({"pass", "passed", "passing", "forward", "forwarded", "forwarding", "share",
                   "shared", "feed", "fed"})
_THEIR_WORDS = {"comments", "feedback", "concerns", "remarks", "thoughts", "views", "points",
                "frustrations"}
_TEAMS = {"team", "teams", "department", "manager", "managers", "management", "staff", "people"}
_SORRY = frozenset({"sorry", "apologise", "apologize", "apologies", "apologised", "apologized"})
_CAUSE_WORDS = frozenset({"cause", "reason", "culprit"})
_USUAL = {"usual", "likely", "common", "main", "typical", "probable", "classic"}
_BE = {"is", "was", "are", "were"}
_OURS = {"we", "our", "us"}


def deflections(text: str) -> list[Hit]:
    """Every sentence that passes their words on, or names their act as the usual cause."""
    hits = []
    for sentence, end, lows, words in read(text):
        if not _PASS.isdisjoint(words) or lows[:3] == ["we", "hear", "you"]:
            hit = _passed_on(sentence, end, lows, words)
            if hit:
                hits.append(hit)
        if not _CAUSE_WORDS.isdisjoint(words):
            hit = _gerund_cause(sentence, lows)
            if hit:
                hits.append(hit)
    return hits


def _passed_on(sentence: list, end: int, lows: list[str], words: frozenset[str]) -> Hit | None:
    if not _SORRY.isdisjoint(words):
        return None  # "We're sorry, and we've passed your comments on": an apology is there
    if lows[:3] == ["we", "hear", "you"]:
        return Hit("non_apology", (sentence[0].start, sentence[2].end),
                   '"We hear you" in place of an apology',
                   "Say sorry for what we did instead: \"We're sorry <what we did>, and <what "
                   'we will do now>."')
    for n, w in enumerate(lows):
        if w not in _PASS:
            continue
        rest = lows[n + 1 : n + 8]
        told = next((k for k, r in enumerate(rest) if r in _THEIR_WORDS), None)
        if told is None or told > 2 or not {"to", "with"} & set(rest[told:]) or _TEAMS.isdisjoint(
                rest[told:]):
            continue  # "pass your comments (on) to the team", "shared your feedback with staff"
        return Hit("non_apology", (sentence[n].start, end),
                   "their words passed on in place of an apology",
                   "Say sorry for what we did and what will change: \"We're sorry <what we "
                   'did>. From <day>, <what changes>."')
    return None


def _gerund_cause(sentence: list, lows: list[str]) -> Hit | None:
    start = max((k + 1 for k, w in enumerate(lows) if w == ":"), default=0)
    first = lows[start : start + 1]
    if not first or not first[0].endswith("ing") or len(first[0]) < 6:
        return None  # a clause that opens with a gerund: "leaving it unplugged ..."
    for n in range(start + 1, len(lows) - 2):
        if lows[n] in _OURS:
            return None  # "running out of stock on our side was the cause": ours
        if lows[n] in _BE and _CAUSE_WORDS & set(lows[n + 1 : n + 7]) and _USUAL & set(
                lows[n + 1 : n + 7]):
            return Hit("blame_customer", (sentence[start].start, sentence[-1].end),
                       "their act named as the usual cause",
                       "Don't name their act as the cause. Say what we will do: \"<What "
                       'failed>. We should have told you how to <look after it>; <what we will '
                       'do now>."')
    return None

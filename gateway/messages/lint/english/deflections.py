"""Two deflections read per sentence, gated by the words they need (cheaper than a pattern with
no first word, which a regex must try at every position of the text).

- their words passed on to the team, or "We hear you", in a sentence with no apology
  (non_apology): "We hear you, and we'll pass your comments on to the team";
- their act named in a gerund as the usual cause (blame_customer): "leaving it unplugged over
  the winter is the usual cause".
"""

from __future__ import annotations

from gateway.messages.lint.english.parse import lexicon, read
from gateway.messages.lint.findings import Hit


def deflections(text: str) -> list[Hit]:
    """Every sentence that passes their words on, or names their act as the usual cause."""
    hits = []
    lex = lexicon()
    for sentence, end, lows, words in read(text):
        if not lex["passing_on"].isdisjoint(words) or lows[:3] == ["we", "hear", "you"]:
            hit = _passed_on(sentence, end, lows, words)
            if hit:
                hits.append(hit)
        if not lex["cause_words"].isdisjoint(words):
            hit = _gerund_cause(sentence, lows)
            if hit:
                hits.append(hit)
    return hits


def _passed_on(sentence: list, end: int, lows: list[str], words: frozenset[str]) -> Hit | None:
    lex = lexicon()
    if not lex["apologising"].isdisjoint(words):
        return None  # "We're sorry, and we've passed your comments on": an apology is there
    if lows[:3] == ["we", "hear", "you"]:
        return Hit("non_apology", (sentence[0].start, sentence[2].end),
                   '"We hear you" in place of an apology',
                   "Say sorry for what we did instead: \"We're sorry <what we did>, and <what "
                   'we will do now>."')
    for n, w in enumerate(lows):
        if w not in lex["passing_on"]:
            continue
        rest = lows[n + 1 : n + 8]
        told = next((k for k, r in enumerate(rest) if r in lex["their_words"]), None)
        if told is None or told > 2 or not {"to", "with"} & set(rest[told:]) or lex[
                "teams"].isdisjoint(rest[told:]):
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
    lex = lexicon()
    for n in range(start + 1, len(lows) - 2):
        if lows[n] in lex["ours_said"]:
            return None  # "running out of stock on our side was the cause": ours
        if lows[n] in lex["is_was"] and lex["cause_words"] & set(lows[n + 1 : n + 7]) and lex[
                "usual_cause"] & set(lows[n + 1 : n + 7]):
            return Hit("blame_customer", (sentence[start].start, sentence[-1].end),
                       "their act named as the usual cause",
                       "Don't name their act as the cause. Say what we will do: \"<What "
                       'failed>. We should have told you how to <look after it>; <what we will '
                       'do now>."')
    return None

"""The grounds a message gives against the customer, read per sentence and gated by the words
each shape needs (eighteenth round, h103):

- our advice not followed, told as the reason (blame_customer): a negated clause that is not
  ours, then "as we advised/asked/told you" or "as instructed" ("the runs weren't left alone
  as we advised"), or their act "against/contrary to our advice";
- our own part denied beside the cause (blame_customer when the cause is theirs, blame_others
  otherwise): "not because of anything we fitted", "nothing to do with our work", "rather than
  anything we did";
- sorry for the distance to what they hoped, not for what we did (non_apology): "we're sorry
  the result wasn't what you hoped for"; our work defended before the apology ("While we stand
  by ..."); their perception acknowledged in place of sorry ("We acknowledge that some guests
  found the pace too quick");
- their own act, not undone but done, as the cause of what they lose (blame_customer):
  "She lost her place because you paid the fee after the deadline", "because your guests let
  the children jump in shoes, so we've kept your deposit";
- the harm said to go away or not matter by itself (minimising): "a film of sawdust, which
  will wash straight off", "a gap that won't hold your colony back";
- "things" or "matters" in place of what happened (vague): "things haven't gone to plan",
  "while we look into matters".
"""

from __future__ import annotations

import re

from gateway.messages.lint.english.parse import Token, lower_first, read, verb_lemma
from gateway.messages.lint.findings import Hit

_NEGATION = frozenset({"not", "never", "no"})
_ADVICE = frozenset({"advised", "asked", "recommended", "instructed", "suggested", "requested",
                     "explained", "told", "directed", "agreed", "specified", "showed", "shown",
                     "described", "arranged", "discussed", "warned", "said", "set", "stated"})
_AS = frozenset({"as", "like"})
_BETWEEN = frozenset({"we", "we'd", "we’d", "had", "have", "we've", "we’ve", "was",
                      "were", "you", "previously", "earlier", "already", "clearly", "both",
                      "originally", "first", "been", "is", "are"})
_OURS = frozenset({"we", "our", "us", "we've", "we’ve", "we'd", "we’d", "we'll", "we’ll",
                   "we're", "we’re", "i", "my"})
_AGAINST = frozenset({"against", "contrary", "despite", "ignoring", "disregarding"})
_COUNSEL = frozenset({"advice", "instructions", "guidance", "recommendation", "recommendations",
                      "warning", "warnings"})
_CAUSES = frozenset({"because", "since", "when", "after", "if", "which", "as", "so", "due"})
_DENIAL = re.compile(
    r"\b(?:not (?:because of|due to|caused by|down to|from|the result of|a result of|anything to "
    r"do with)|nothing to do with|rather than|and not) (?:anything|something|any work|any of the "
    r"work|the work|any(?:thing)? of|the \w+|any \w+)? ?(?:that |which )?(?:we|our|us)\b",
    re.IGNORECASE)
_LINKS = frozenset({"is", "was", "are", "were", "has", "had", "have", "came", "comes", "be"})
_DENIAL_GATE = frozenset({"anything", "something", "nothing"})
# "not because of the valve we fitted": a denial without "anything" needs these
_DENIAL_CAUSES = frozenset({"because", "due", "caused", "down", "from", "result"})
_WE = frozenset({"we", "our"})
_SORRY = frozenset({"sorry", "apologise", "apologize", "apologies", "apologised",
                    "apologized", "regret", "regrets"})
_HOPED = re.compile(
    r"\b(?:was|were|is|are|has been|have been|turned out|came out|looked|felt)(?:n't|n’t| not)? "
    r"(?:quite |exactly |entirely |really |fully )?(?:what|as|how) (?:you|they|he|she|your \w+|"
    r"the \w+|some \w+|everyone|anyone) (?:had |were |was |might have |would have )?"
    r"(?:hoped|hoping|expected|expecting|wanted|imagined|pictured|anticipated|had in mind|"
    r"envisaged|envisioned|wished)\b"
    r"|\b(?:fell|falls|fall) short of (?:your|their|his|her|some \w+'?s?) (?:hopes|expectations)",
    re.IGNORECASE)
_HOPE_GATE = frozenset({"hoped", "hoping", "expected", "expecting", "wanted", "imagined",
                        "pictured", "anticipated", "mind", "envisaged", "envisioned", "wished",
                        "short"})
_DEFEND = re.compile(r"^(?:while|whilst|although|though|even though|whereas) we (?:still |fully "
                     r"|firmly )?(?:stand by|stand behind|are confident in|remain confident in|"
                     r"are proud of|maintain|believe in|are happy with|are satisfied with)\b",
                     re.IGNORECASE)
_ACKNOWLEDGE = frozenset({"acknowledge", "acknowledges", "recognise", "recognize", "accept",
                          "note", "noted", "appreciate", "understand", "realise", "realize"})
_CONCEDING = frozenset({"while", "whilst", "although", "though", "even", "whereas"})
_PERCEIVED = frozenset({"found", "felt", "thought", "considered", "perceived", "experienced",
                        "believed", "judged", "viewed", "saw", "find", "feel", "think",
                        "consider", "perceive"})
_NOT_PEOPLE = _OURS | {"it", "this", "that", "the", "there"}


_BECAUSE = frozenset({"because", "since"})
_THEM = frozenset({"you", "your"})
_LOSSES = frozenset({"kept", "keep", "keeping", "retain", "retained", "charged", "charge",
                     "withheld", "withhold", "forfeit", "forfeited", "lost", "lose", "missed",
                     "cancelled", "canceled", "refused", "voided", "deducted", "couldn't",
                     "couldn’t", "can't", "can’t", "cannot", "won't", "won’t", "wasn't", "wasn’t",
                     "weren't", "weren’t", "unable", "invalid", "void", "fee", "fine", "penalty"})
# their acts that are no fault: what they told or asked us, what they received
_TOLD = frozenset({"tell", "ask", "request", "want", "receive", "get", "hear", "need",
                   "choose", "pick", "select", "like", "love", "prefer", "mention", "call",
                   "email", "write", "phone", "ring", "contact", "report", "say", "agree",
                   "pay", "book", "order", "buy", "come", "arrive", "join", "visit", "sign"})
_LATE = frozenset({"after", "past", "late", "later", "too", "without", "instead", "outside",
                   "before", "beyond", "despite"})
_GONE = re.compile(
    r"\b(?:which|that|but it|and it|it)(?:'ll|’ll| will| should| would)(?: just| simply| soon)? "
    r"(?:wash|wipe|rub|brush|come|fall|dry|wear|fade|settle|grow|drop|blow|polish|buff|sort "
    r"itself|right itself|clear) ?(?:straight |right |easily |quickly |clean |itself )?"
    r"(?:off|out|away|down|back|up|in time|by itself|on its own)?\b"
    r"|\b(?:which|that|but it|and it)(?: won't| won’t| will not| shouldn't| shouldn’t| should "
    r"not| doesn't| doesn’t| does not| wouldn't| wouldn’t| would not)(?: really| actually| at "
    r"all)? (?:hold (?:\w+ ){1,2}back|set (?:\w+ ){1,2}back|affect|matter|make (?:any|much(?: of "
    r"a)?|a) difference|harm|hurt|spoil|bother|trouble|be noticed|be noticeable|show|get in the "
    r"way)\b", re.IGNORECASE)
_GONE_GATE = frozenset({"which", "that", "it"})
_GONE_FIRST = frozenset({"which", "that", "but", "and", "it"})
# the words that end each of _GONE's shapes: a sentence without one holds none
_GONE_WORDS = frozenset({"off", "out", "away", "down", "back", "up", "itself", "own", "time",
                         "clear", "affect", "matter", "difference", "harm", "hurt", "spoil",
                         "bother", "trouble", "noticed", "noticeable", "show", "way"})
# a diagnosis whose finding is their use of it, in a passive gerund: "the damage is consistent
# with it being used in high winds", "which points to the case having been dropped"
_DIAGNOSIS = re.compile(
    r"\b(?:consistent\s+with|points?\s+to|pointing\s+to|suggests?|suggesting|indicates?|"
    r"indicating|typical\s+of|a\s+(?:clear\s+)?sign\s+of|the\s+result\s+of)\s+(?:it|them|this|"
    r"the\s+[\w-]+(?:\s+[\w-]+)?|your\s+[\w-]+(?:\s+[\w-]+)?)\s+(?:being|having\s+been)\s+"
    r"(?:used|dropped|left|washed|stored|kept|knocked|opened|overloaded|overfilled|forced|bent|"
    r"exposed|run|driven|worn|taken|misused|mishandled|sat\s+on|stood\s+on|put|cleaned|"
    r"tumble[- ]dried|ironed|submerged)\b", re.IGNORECASE)
_DIAGNOSIS_GATE = frozenset({"consistent", "point", "points", "pointing", "suggest", "suggests",
                             "suggesting", "indicate", "indicates", "indicating", "typical",
                             "sign", "result"})
_GERUND_BE = frozenset({"being", "been"})
# a reason placed but not named: "for reasons on our side", "for reasons beyond our control"
_PLACED_REASON = re.compile(
    r"\b(?:for|due\s+to|owing\s+to|because\s+of)\s+(?:(?:a\s+few|some|various|several|certain|"
    r"other)\s+)?(?:reasons|circumstances|issues|matters)\s+(?:on\s+our\s+(?:side|end|part)|"
    r"beyond\s+our\s+control|outside\s+our\s+control|of\s+our\s+own|we\s+(?:can(?:not|'t|’t)|"
    r"won't|are\s+unable\s+to)\s+(?:go\s+into|share|explain|discuss))\b(?!\s*[:(])",
    re.IGNORECASE)
_REASONS = frozenset({"reasons", "circumstances", "issues", "matters"})
# what changes only "subject to" changes: "your lessons are subject to some changes"
_SUBJECT_TO = re.compile(
    r"\bsubject\s+to\s+(?:some|a\s+few|certain|minor|possible|further|a\s+number\s+of|one\s+or"
    r"\s+two)\s+(?:[a-z]+\s+)?(?:changes|adjustments|alterations|amendments|developments|updates|"
    r"revisions)\b(?!\s*[:(])", re.IGNORECASE)
# the harm called unseen by anyone: "a chip on the back, where no one will ever see it"
_UNSEEN = re.compile(
    r"\b(?:where|which|that|so|and|but)\s+(?:no\s*one|no-one|nobody|few\s+people|most\s+people|"
    r"anyone)\s+(?:will|would|could|can|is\s+likely\s+to|is\s+going\s+to|(?:will|would|could|"
    r"can)(?:\s+not|n't|n’t))\s+(?:ever\s+|really\s+|even\s+|actually\s+|likely\s+)?(?:see|"
    r"notice|spot|tell|mind|know|be\s+able\s+to\s+(?:see|tell))\b", re.IGNORECASE)
_NOBODY = frozenset({"no", "nobody", "no-one", "noone", "few", "most", "anyone"})
_SEEING = frozenset({"see", "notice", "spot", "tell", "mind", "know"})
_PLACEHOLDERS = frozenset({"things", "matters"})
_PLACEHOLDER_DETS = frozenset({"your", "the", "these", "those", "our", "some", "all", "other",
                               "few", "many", "two", "three", "of", "my", "their", "his", "her",
                               "such", "any", "what", "several", "certain", "new", "old", "kids",
                               "children's", "personal", "little", "small", "big"})
_PLACEHOLDER_VERBS = frozenset({"have", "haven't", "haven’t", "has", "hasn't", "are", "aren't",
                                "aren’t", "went", "go", "didn't", "didn’t", "did", "got", "were",
                                "weren't", "weren’t", "is", "took", "moved", "turned",
                                "became", "remain", "remained", "may", "might", "will", "won't",
                                "should", "could", "need", "still", "just"})
# what "things" did that went amiss: "things went wrong", "things are taking longer"
_AMISS = frozenset({"wrong", "awry", "badly", "worse", "slower", "longer", "behind", "delayed",
                    "difficult", "tricky", "complicated", "plan", "planned", "hoped", "expected",
                    "sideways", "slipped", "stalled", "off"})
_CLAUSE_FIRST = frozenset({",", ";", ":", "but", "and", "so", "while", "as", "because", "since",
                           "though", "although", "until", "unfortunately", "sadly", "where",
                           "how", "whilst"})


def grounds(text: str) -> list[Hit]:
    """Every sentence that gives their neglect of our advice, or a denial of our part, as the
    ground, or is sorry only for the distance to their hopes. Each shape is looked for only in
    a text that has the words it needs (one union of the sentences' word sets), then only in
    the sentences that have them."""
    reads = read(text)
    every = frozenset().union(*[r.words for r in reads])
    checks = []
    if not _AS.isdisjoint(every) and not _ADVICE.isdisjoint(every) or (
            not _AGAINST.isdisjoint(every) and not _COUNSEL.isdisjoint(every)):
        checks.append(_ADVICE_CHECK)
    if not _DENIAL_GATE.isdisjoint(every) or "not" in every and not _DENIAL_CAUSES.isdisjoint(
            every) and not _WE.isdisjoint(every):
        checks.append(_DENIAL_CHECK)
    if not _SORRY.isdisjoint(every) and not _HOPE_GATE.isdisjoint(every) or (
            not _CONCEDING.isdisjoint(every)) or not _ACKNOWLEDGE.isdisjoint(every) and (
            not _PERCEIVED.isdisjoint(every)):
        checks.append(_HOPES_CHECK)
    if not _BECAUSE.isdisjoint(every) and not _THEM.isdisjoint(every) and not (
            _LOSSES.isdisjoint(every)):
        checks.append(_ACT_CHECK)
    if not _GONE_GATE.isdisjoint(every) and not _GONE_WORDS.isdisjoint(every):
        checks.append(_GONE_CHECK)
    if not _PLACEHOLDERS.isdisjoint(every):
        checks.append(_PLACEHOLDER_CHECK)
    if not _DIAGNOSIS_GATE.isdisjoint(every) and not _GERUND_BE.isdisjoint(every) or (
            not _REASONS.isdisjoint(every)) or "subject" in every or not (
            _NOBODY.isdisjoint(every)) and not _SEEING.isdisjoint(every):
        checks.append(_SAID_CHECK)
    if not checks:
        return []
    hits: list[Hit] = []
    for sentence, end, lows, words in reads:
        for check in checks:
            hit = check(text, sentence, end, lows, words)
            if hit:
                hits.append(hit)
    return hits


def _advice_check(text: str, sentence: list[Token], end: int, lows: list[str],
                  words: frozenset[str]) -> Hit | None:
    if not _AS.isdisjoint(words) and not _ADVICE.isdisjoint(words) or (
            not _AGAINST.isdisjoint(words) and not _COUNSEL.isdisjoint(words)):
        return _advice_not_followed(text, sentence, end, lows)
    return None


def _denial_check(text: str, sentence: list[Token], end: int, lows: list[str],
                  words: frozenset[str]) -> Hit | None:
    if not _DENIAL_GATE.isdisjoint(words) or "not" in words and not (
            _DENIAL_CAUSES.isdisjoint(words)) and not _WE.isdisjoint(words):
        return _our_part_denied(text, sentence, end, lows)
    return None


def _hopes_check(text: str, sentence: list[Token], end: int, lows: list[str],
                 words: frozenset[str]) -> Hit | None:
    if not _SORRY.isdisjoint(words) and not _HOPE_GATE.isdisjoint(words) or (
            lows[0] in _CONCEDING) or not _ACKNOWLEDGE.isdisjoint(words) and (
            not _PERCEIVED.isdisjoint(words)):
        return _sorry_for_their_hopes(text, sentence, end, lows, words)
    return None


def _act_check(text: str, sentence: list[Token], end: int, lows: list[str],
               words: frozenset[str]) -> Hit | None:
    if not _BECAUSE.isdisjoint(words) and not _THEM.isdisjoint(words) and not (
            _LOSSES.isdisjoint(words)):
        return _their_act_the_cause(text, sentence, end, lows)
    return None


def _gone_check(text: str, sentence: list[Token], end: int, lows: list[str],
                words: frozenset[str]) -> Hit | None:
    if not _GONE_GATE.isdisjoint(words) and not _GONE_WORDS.isdisjoint(words):
        return _harm_gone(text, sentence, end)
    return None


def _placeholder_check(text: str, sentence: list[Token], end: int, lows: list[str],
                       words: frozenset[str]) -> Hit | None:
    if not _PLACEHOLDERS.isdisjoint(words):
        return _placeholder(sentence, end, lows)
    return None


# each shape read by a pattern, its words (the gate), its kind and its advice
_SAID = (
    (_DIAGNOSIS, lambda w: not _DIAGNOSIS_GATE.isdisjoint(w) and not _GERUND_BE.isdisjoint(w),
     "blame_customer", "Don't put the damage down to how they used it. Say what we will do: "
     "\"We're sorry <what broke>. We'll <repair or replace it: how, by when>.\""),
    (_PLACED_REASON, lambda w: not _REASONS.isdisjoint(w), "vague",
     "Name the reason and what it means for them: \"<What happened>, so <what changes for you, "
     "and when>.\""),
    (_SUBJECT_TO, lambda w: "subject" in w, "vague",
     "Say what changes: \"<What will be different: the time, the place, what they will get>, "
     "because <why>.\""),
    (_UNSEEN, lambda w: not _NOBODY.isdisjoint(w) and not _SEEING.isdisjoint(w), "minimising",
     "Say what happened and what we will do, not who will notice: \"<What is wrong>; we'll <put "
     "it right: how, by when>.\""),
)


def _said_check(text: str, sentence: list[Token], end: int, lows: list[str],
                words: frozenset[str]) -> Hit | None:
    """The shapes read by a pattern, tried only on a sentence with their words."""
    for pattern, gate, code, advice in _SAID:
        if gate(words):
            found = pattern.search(text, sentence[0].start, end)
            if found:
                return Hit(code, found.span(), f'"{found[0]}"', advice)
    return None


_SAID_CHECK = _said_check
_ADVICE_CHECK = _advice_check
_DENIAL_CHECK = _denial_check
_HOPES_CHECK = _hopes_check
_ACT_CHECK = _act_check
_GONE_CHECK = _gone_check
_PLACEHOLDER_CHECK = _placeholder_check


def _their_act_the_cause(text: str, sentence: list[Token], end: int,
                         lows: list[str]) -> Hit | None:
    for n, low in enumerate(lows):
        if low not in _BECAUSE or n + 1 >= len(lows) or lows[n + 1] not in _THEM:
            continue
        k = n + 2 if lows[n + 1] == "you" else next(
            (j for j in range(n + 2, min(n + 6, len(lows))) if verb_lemma(lows[j], "VBD")),
            None)
        if k is None or k >= len(lows):
            continue
        verb = verb_lemma(lows[k], "VBD")
        if not verb or lows[k] in ("had", "were", "was", "did", "could", "would") or (
                verb in _TOLD and _LATE.isdisjoint(lows[k + 1 : k + 12])):
            continue  # "because you told us", "because you booked two rooms": no fault
        if lows[k + 1 : k + 3] in (["us", "know"], ["me", "know"]):
            continue  # "because you let us know": told
        stop = next((j for j in range(k + 1, len(lows)) if lows[j] in (",", ";", ":", "so",
                                                                         "and", "but")), len(lows))
        if not _OURS.isdisjoint(lows[k + 1 : stop]) and "we" in lows[k + 1 : stop] and not (
                {"set", "gave", "sent", "agreed"} & set(lows[k + 1 : stop])):
            continue  # "because you asked and we ...": ours told in the same clause
        outside = lows[:n] + lows[stop:]
        if _LOSSES.isdisjoint(outside) or {"sorry", "apologise", "refunded", "free",
                                            "refund"} & set(outside):
            continue  # what they lose by it must be told, and not made good
        harm = text[sentence[0].start : sentence[n - 1].end].strip(" ,;:") if n > 1 else ""
        lead = f"{harm}. " if harm and len(harm.split()) >= 3 else ""
        return Hit("blame_customer", (sentence[n].start, sentence[stop - 1].end),
                   "their own act given as the cause of what they lose",
                   f"{lead}We should have <made the step plain to you in time>; we will <put "
                   "it right: how, by when>.")
    return None


def _harm_gone(text: str, sentence: list[Token], end: int) -> Hit | None:
    # tried only where one of its first words stands (a match there, not a search of the text)
    found = next((m for tok in sentence[3:] if tok.low in _GONE_FIRST
                  and (m := _GONE.match(text, tok.start, end))), None)
    if not found:
        return None
    kept = text[sentence[0].start : found.start()].rstrip(" ,;:—–")
    return Hit("minimising", (found.start(), found.end()),
               "the harm said to go away or not matter by itself",
               f"{kept}; we'll <put it right: how, by when>.")


def _placeholder(sentence: list[Token], end: int, lows: list[str]) -> Hit | None:
    for n, low in enumerate(lows):
        if low not in _PLACEHOLDERS or n and lows[n - 1] in _PLACEHOLDER_DETS:
            continue
        if low == "things" and (n and lows[n - 1] not in _CLAUSE_FIRST or lows[
                n + 1 : n + 2] == [] or lows[n + 1] not in _PLACEHOLDER_VERBS):
            continue  # "things haven't gone to plan": a clause about nothing named
        if low == "matters" and (not n or lows[n - 1] not in ("into", "with", "on", "about", "out",
                                                              "over")):
            continue  # "while we look into matters": an act on nothing named
        if lows[n + 1 : n + 2] in (["like"], ["such"], [":"]):
            continue  # "things like ..." names them
        if low == "things" and not any(_negated(w) or w in _AMISS for w in lows[n + 1 : n + 7]):
            continue  # "Things are working again since 09:30": nothing amiss left unnamed
        return Hit("vague", (sentence[n].start, sentence[min(n + 4, len(sentence) - 1)].end),
                   f'"{sentence[n].text}" in place of what happened',
                   "Say what went wrong and what it means for them: \"<what happened>, so <what "
                   'changes for you, and when>."')
    return None


def _negated(low: str) -> bool:
    return low in _NEGATION or low.endswith(("n't", "n’t"))


def _clause_start(lows: list[str], at: int) -> int:
    """Where the clause holding ``lows[at]`` starts: after the last comma, colon, semicolon or
    cause word before it."""
    for k in range(at - 1, -1, -1):
        if lows[k] in (",", ";", ":", "—", "–", "(") or lows[k] in _CAUSES:
            return k + 1
    return 0


def _harm_before(text: str, sentence: list[Token], lows: list[str], at: int) -> str:
    """The sentence's first clause, up to the first cause word or comma before ``at``: the harm,
    in its own words."""
    cut = next((k for k in range(1, at) if lows[k] in _CAUSES or lows[k] in (",", ";", ":")),
               at)
    if cut <= 1:
        return ""
    return text[sentence[0].start : sentence[cut - 1].end].strip(" ,;:")


def _advice_not_followed(text: str, sentence: list[Token], end: int,
                         lows: list[str]) -> Hit | None:
    for n, low in enumerate(lows):
        advice_at = None
        if low in _AS:
            k = n + 1
            while k < len(lows) and k <= n + 3 and lows[k] in _BETWEEN:
                k += 1
            if k < len(lows) and lows[k] in _ADVICE and (k > n + 1 or lows[k] != "said"):
                advice_at = k
        elif low in _AGAINST and _COUNSEL & set(lows[n + 1 : n + 5]):
            advice_at = n
            if low != "contrary" and not {"our", "the"} & set(lows[n + 1 : n + 3]):
                continue  # "despite the rain": no advice of ours
        if advice_at is None:
            continue
        start = _clause_start(lows, n)
        before = lows[start:n]
        if low in _AS and not any(map(_negated, before)):
            continue  # "you used the paint as we advised": followed, no blame
        if not _OURS.isdisjoint(before):
            continue  # "we didn't deliver as we promised": our own failure, owned
        if low in _AS and lows[advice_at] in ("asked", "told", "said") and (
                lows[advice_at + 1 : advice_at + 2] == ["us"]):
            continue  # "as you asked us": their wish, which we did not meet
        harm = _harm_before(text, sentence, lows, start)
        lead = f"{harm}. " if harm else ""
        return Hit("blame_customer", (sentence[start].start if start < len(sentence) else
                                      sentence[0].start, end),
                   "our advice not followed, given as the reason",
                   f"{lead}We should have made our advice clearer and checked it with you; "
                   "we will <put it right: how, by when>.")
    return None


def _our_part_denied(text: str, sentence: list[Token], end: int,
                     lows: list[str]) -> Hit | None:
    raw = text[sentence[0].start : end]
    found = _DENIAL.search(raw)
    if not found:
        return None
    head = raw[: found.start()]
    theirs = bool(re.search(r"\byou(?:r|rs)?\b", head, re.IGNORECASE))
    harm = re.split(r"\s*(?:\bbecause\b|\bdue to\b|\bsince\b|\bas\b|\band\b|\bfrom\b"
                    r"|[,;:—–])\s*", head, maxsplit=1)[0].strip(" ,;:")
    if len(harm.split()) < 3 or harm.split()[-1].lower() in _LINKS:
        harm = "<what went wrong>"
    said = f"We're sorry {lower_first(harm)}. " if harm else "We're sorry. "
    return Hit("blame_customer" if theirs else "blame_others",
               (sentence[0].start + found.start(), sentence[0].start + found.end()),
               "our own part denied beside the cause we name",
               f"{said}We'll <check it with you and put it right: how, by when>, whatever the "
               "cause.")


def _sorry_for_their_hopes(text: str, sentence: list[Token], end: int, lows: list[str],
                           words: frozenset[str]) -> Hit | None:
    raw = text[sentence[0].start : end]
    defended = _DEFEND.match(raw)
    if defended:
        return Hit("non_apology", (sentence[0].start, sentence[0].start + defended.end()),
                   "our work defended before the apology",
                   "Drop the defence and say sorry for what went wrong: \"We're sorry <what "
                   "went wrong>; we will <put it right: how, by when>.\"")
    if not _SORRY.isdisjoint(words):
        hoped = _HOPED.search(raw)
        if hoped:
            return Hit("non_apology", (sentence[0].start + hoped.start(),
                                       sentence[0].start + hoped.end()),
                       "sorry for the distance to their hopes, not for what we did",
                       "Say what we did wrong and what we will do: \"We're sorry we <what we "
                       "did>: <the result in plain words>. We'll <put it right: how, by "
                       "when>.\"")
        return None
    for n, low in enumerate(lows):
        if low not in _ACKNOWLEDGE or n and lows[n - 1] not in _OURS | {"do", "fully",
                                                                        "completely"}:
            continue  # "We acknowledge ...", "we fully understand ..."
        rest = lows[n + 1 : n + 7]
        if rest[:1] == ["that"]:
            rest = rest[1:]
        said = next((k for k, w in enumerate(rest) if w in _PERCEIVED), None)
        if said is None or said == 0 or not _NOT_PEOPLE.isdisjoint(rest[:said]) or (
                rest[0] in ("the", "it", "this")):
            continue  # "we understand that some guests found ...": their view, ours none
        return Hit("non_apology", (sentence[0].start, end),
                   "their view acknowledged in place of an apology",
                   "Say sorry for what we did, not for what they found: \"We're sorry we <what "
                   "we did>; we will <put it right: how, by when>.\"")
    return None

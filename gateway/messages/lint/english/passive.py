"""Passives that hide who did it: "was (adverb) + past participle" with no "by ..." agent,
and data that "was visible" with no one named who made it so. Rewritten with "We".
"""

from __future__ import annotations

import re
from functools import cache
from operator import itemgetter

from gateway.messages.lint.english.blame import mending_purpose, unframed
from gateway.messages.lint.english.parse import (
    Token,
    after_said_that,
    clause_list,
    inflect,
    is_finite_word,
    join,
    lemmas,
    lexicon,
    lower_first,
    lowered,
    owns,
    past,
    read,
    sentence_case,
    sentences,
    spaced,
    subject_start,
    verb_lemma,
)
from gateway.messages.lint.english.words import (
    AUX,
    BE,
    CONJUNCTIONS,
    DETERMINERS,
    MENDING,
    OWN,
    PRONOUNS,
    TAKING,
    TIME_UNITS,
    UNDOING,
)
from gateway.messages.lint.findings import Hit
from gateway.messages.lint.learned import ADVICE

# what we promised, and the acts that keep it: "the appointment was not kept"
_COMMITMENTS = {"appointment", "appointments", "promise", "promises", "visit", "visits",
                "commitment", "commitments", "callback", "call-back", "deadline", "deadlines"}
_KEPT = {"keep", "honour", "honor", "meet", "fulfil", "fulfill", "attend"}
_HAVE = {"has", "have", "had", "hasn't", "haven't", "hadn't", "hasn’t", "haven’t", "hadn’t"}
_BE_OR_NOT = BE | {"wasn't", "weren't", "isn't", "aren't", "wasn’t", "weren’t", "isn’t", "aren’t",
                   "got", "get", "gets", "getting"}  # "your booking got lost": a get-passive
_FEELING_STATES = {"pleased", "interested", "concerned", "worried", "delighted", "disappointed",
                   "surprised", "excited", "involved", "affected", "unaffected", "aware", "busy"}
_NO_AGENT = {"unauthorised", "unauthorized", "unknown", "third", "external", "criminals",
             "criminal", "hackers", "hacker", "attackers", "attacker"}
_REPORTED = {"telling", "told", "tell", "tells", "reported", "reporting", "letting", "noticed",
             "said", "says", "saying", "mentioned", "warned", "warning"}
_MODALS = {"will", "'ll", "’ll", "shall", "would", "may", "might", "must", "should", "to"}
# "could only be read", "can't be cut yet": what can or cannot be done, not a past act
_CAN = {"can", "could", "can't", "can’t", "cannot", "won't", "won’t"}
# adverbs without "-ly" that sit between "was" and the participle
_ADVERBS = {"somehow", "then", "also", "later", "again", "already", "since", "still", "just",
            "once", "subsequently"}
# said after the participle: done too soon, before the customer had a say
_TOO_SOON = ("before anyone", "before you", "before your", "before we had", "without your",
             "without any")
# a when-clause that names who did it: "when someone broke into our system"
_DOER_CLAUSE = {"someone", "somebody", "criminals", "hackers", "hacker", "attacker", "attackers",
                "thieves", "thief", "fraudsters", "fraudster", "scammers"}
# "your card was not charged on Monday": a harm that did not happen, said to reassure
_NOT_DONE_IS_GOOD = {"charge", "bill", "debit", "access", "affect", "take", "share", "see", "view",
                     "use", "steal", "compromise", "expose", "touch", "change", "sell", "close",
                     "delete", "lose", "cancel", "suspend", "block", "read", "open", "harm",
                     "damage", "fine", "penalise", "penalize", "reset", "involve", "disclose"}
# sent without what they chose: "was sent out without the two reds you chose"
_LEFT_OUT = re.compile(r"\bwithout (?:the |your |any )?(?:[\w-]+ ){0,3}(?:you|they) (?:had )?"
                       r"(?:chose|ordered|paid|booked|asked|selected|picked|bought)\b")
# done before what it needed had happened: "was closed before the vet's invoice had arrived"
_BEFORE_IT = re.compile(r" before (?:the|your|a|an|any|our|their) (?:[\w'’-]+ ){0,4}?"
                        r"(?:had|was|were|could|got|arrived|came|reached)\b"
                        r"| after you (?:had )?(?:cancelled|canceled|closed|stopped|left|asked|told"
                        r"|opted)\b")  # "got renewed after you had cancelled it": against their act
# a second participle that carries the agent for both: "was checked and fuelled by our staff"
_SHARED_AGENT = re.compile(r" (?:and|or|,) (?:\w+ly )?[a-z-]+(?:ed|en|t) by (?!mistake|accident"
                           r"|error|\d)")
_AS_AGREED = re.compile(r"\bas (?:agreed|arranged|planned|scheduled|usual|promised|requested)\b")
_DECIDING = {"decide", "agree", "determine", "conclude", "resolve", "deem", "judge", "feel",
             "note", "confirm", "establish"}
_GOOD_OFF = {"write", "pay", "sign", "drop", "top", "tick", "clear", "check", "sort"}
_WRONGLY = ("in error", "by error", "by mistake", "by accident", "wrongly", "incorrectly",
            "mistakenly")
_BE_OR_HAVE = frozenset(_BE_OR_NOT | _HAVE)
_LOW = itemgetter(3)  # Token.low


# handing on, which takes nothing from them when it goes to us: "was passed to our manager"
_HANDED = {"pass", "hand", "transfer", "give", "forward", "refer", "escalate"}
_CLOCK_OR_DATE = re.compile(r"^(?:\d{1,2}[:.]\d\d(?:am|pm)?|\d{1,2}(?:am|pm|st|nd|rd|th))$")


def _reported_service(lows: list[str], j: int, lemma: str, words: dict) -> bool:
    """ "Your pottery pieces were fired on Thursday", "The tank was refilled with 400 litres
    this morning", "Your hot tub was heated to 38 degrees": work done for the customer, told
    with when or how much. Not an act that takes away or changes against them."""
    after = lows[j + 1 : j + 10]
    to_us = lemma in _HANDED and after[:2] in (["to", "our"], ["to", "us"])
    if lemma in words["failure_verbs"] or (lemma in TAKING and not to_us):
        return False  # not "was passed to our manager on Monday": handed on inside, a report
    measured = any(w in ("to", "with") and after[k + 1 : k + 2] and after[k + 1][:1].isdigit()
                   for k, w in enumerate(after))  # "to 38 degrees", "with 400 litres"
    when = any(w in words["anchors"] - {"each", "every", "hand", "now", "hour", "hours",
                                        "minute", "minutes"} or _CLOCK_OR_DATE.match(w.rstrip("."))
               for w in after)  # "on Thursday", "this morning", "at 07:40"
    when = when or any(w[:1].isdigit() and after[k + 1 : k + 2] in (["am"], ["pm"])
                       for k, w in enumerate(after))  # "by 10am" (read as "10", "am")
    return measured or when


def _counted(subject: list[Token]) -> bool:
    """ "612 members", "about 200 accounts": a counted report, said plainly."""
    lows = [t.low for t in subject[:3]]
    while lows and lows[0] in ("about", "around", "roughly", "nearly", "almost", "over", "some"):
        lows = lows[1:]
    return bool(lows) and lows[0][:1].isdigit()


def _we_did_it(sentence: list[Token], subject: list[Token]) -> bool:
    """ "Accounts we failed to verify were suspended", "... because our system rejected it":
    we are named as the doer in the subject or in a cause clause of the same sentence."""
    if {t.low for t in subject} & {"we", "i"}:
        return True
    lows = [t.low for t in sentence]
    at = subject[0].start
    if any(t.low in ("so", "and") and n and (lows[n - 1] == "," or t.low == "so") and t.start < at
           for n, t in enumerate(sentence)) and lows[:1] in (["our"], ["we"], ["we've"],
                                                              ["we’ve"], ["we'll"], ["we’ll"]):
        return True  # "Our bike docks lost their connection, so some rides were charged wrongly",
        # "We've changed our checklist so the lenses are checked twice"
    if any(w == "we" and t.start > at and lows[n - 1] in _WORK_NOUNS
           for n, (w, t) in enumerate(zip(lows, sentence, strict=True)) if n):
        return True  # "was cut during building work we had arranged": in work of ours
    return any(
        w in ("because", "as", "since", "when", "after") and lows[n + 1 : n + 2] in (
            ["we"], ["our"], ["i"])  # "were damaged when our machine jammed"
        for n, w in enumerate(lows)
        if n
    )


# work named, then "we" as its doer: "during building work we had arranged", "an update we ran"
_WORK_NOUNS = {"work", "works", "update", "upgrade", "repair", "repairs", "change", "changes",
               "move", "test", "tests", "maintenance", "job", "jobs", "clean", "install"}


_SORRY_THAT = {"sorry", "apologise", "apologize"}


def _sorry_for(sentence: list[Token], subject: list[Token]) -> bool:
    """ "We're sorry (that) your lesson was cancelled": the passive is what we apologise for."""
    lows = [t.low for t in sentence if t.start <= subject[-1].start]
    return len(lows) >= 3 and lows[0] in ("we", "we're", "we’re", "i", "i'm", "i’m") and bool(
        _SORRY_THAT & set(lows[1:4]))


def _we_redo(text: str, lemma: str) -> bool:
    """ "we are reprinting them", "we will re-cut it", "our engineer has reset it": we (or our
    own people, the lexicon's ``own_people`` after "our") do the same act again, so the text
    names us as the ones who did it the first time."""
    low = lowered(text)
    return f"re{lemma}" in low.replace("-", "") and bool(re.search(
        rf"\b(?:we(?:'re|’re|'ll|’ll|'ve|’ve)?|our (?:{_own_people()}))\b[^.;:]{{0,24}}"
        rf"\bre-?{re.escape(lemma)}", low))


@cache
def _own_people() -> str:
    """The lexicon's ``own_people`` as one alternation ("driver|drivers|...")."""
    return "|".join(sorted(map(re.escape, lexicon()["own_people"])))


# what we do about it, said with "we" after the passive: "...; we've refunded the second £12.99"
_WE_REMEDY = re.compile(
    r"\bwe(?:'ve|’ve| have|'ll|’ll| will|'re|’re| are)?\s+(?:already\s+|now\s+|also\s+|then\s+)?"
    r"(?:refund(?:ed|ing)?|replac(?:e|ed|ing)|rebook(?:ed|ing)?|credit(?:ed|ing)?|send(?:ing)?|sent"
    r"|courier(?:ed|ing)?|remak(?:e|ing)|redo(?:ing)?|redid|reprint(?:ed|ing)?|restor(?:e|ed|ing)"
    r"|come\s+back|came\s+back|fix(?:ed|ing)?|repair(?:ed|ing)?|pa(?:y|id|ying)|cover(?:ed|ing)?"
    r"|correct(?:ed|ing)?|rerun|re-?r(?:an|un)|return(?:ed|ing)?|deliver(?:ed|ing)?|booked"
    r"|arrang(?:e|ed|ing))\b",
    re.IGNORECASE)


def remedied(text: str, hits: list[Hit]) -> list[Hit]:
    """The passives not followed, in their sentence or the next, by what we do about it with
    "we": "Your card was charged twice; we refunded the second £12.99 at 11:00" tells the harm
    and owns the remedy (eighteenth round)."""
    if not hits or not _WE_REMEDY.search(text):
        return hits
    kept = []
    for hit in hits:
        if _SOFTENED.search(text, hit.span[0], hit.span[1]):
            kept.append(hit)  # "was inadvertently made accessible": softened, whatever follows
            continue
        after = text[hit.span[1] :]
        stop = re.search(r"[.!?](?:\s|$)", after)
        if stop:  # to the end of the next sentence
            nxt = re.search(r"[.!?](?:\s|$)", after[stop.end() :])
            after = after[: stop.end() + (nxt.end() if nxt else len(after))]
        if not any(_REMEDY_FIRST.search(after[max(0, m.start() - 12) : m.start()]) is None
                   for m in _WE_REMEDY.finditer(after)):
            kept.append(hit)
    return kept


# an adverb inside the finding that softens the act: "inadvertently", "mistakenly"
_SOFTENED = re.compile(r"\b[a-z]+ly\b")
# "even though we sent the file on time": our defence, not our remedy
_REMEDY_FIRST = re.compile(r"\b(?:though|because|since|when|after|as|once|if|until)\s+$",
                           re.IGNORECASE)


def agentless_passive(text: str) -> list[Hit]:
    """ "was/were (adverb) + past participle" with no "by ..." agent; rewritten with "We"."""
    words = lexicon()
    hits = []
    previous: list[Token] | None = None
    for sentence, end, _lows, wordset in read(text):
        before, previous = previous, sentence
        if _BE_OR_NOT.isdisjoint(wordset) or (before is not None and owns(before)) or owns(
                sentence):
            continue  # "We made a mistake. Your booking was cancelled.": owned just before
            # (whether a sentence owns it asked only of one that may hold a passive, and of
            # the one before it)
        for clause in clause_list(sentence):
            if _BE_OR_HAVE.isdisjoint(map(_LOW, clause)):
                continue  # no "was", "were", "has been": no passive in this clause
            clause = unframed(clause)  # "It has been brought to our attention that your dog was"
            lows = [t.low for t in clause]
            # only a "be" or "have" after the first word may start a passive: the rest are
            # passed over by one comprehension, not read one by one here
            for i in [k for k, w in enumerate(lows) if w in _BE_OR_HAVE and k]:
                tok = clause[i]
                perfect = tok.low in _HAVE and "been" in lows[i + 1 : i + 3]  # "has (not) been"
                if tok.low not in _BE_OR_NOT and not perfect:
                    continue
                if tok.low == "been" and (lows[i - 1] in _HAVE | {"not", "never"} or (
                        lows[i - 1] in words["floating"] and lows[i - 2 : i - 1] != []
                        and lows[i - 2] in _HAVE)):
                    continue  # read from its "has" ("have all been", "has now been")
                j = i + 1
                if j < len(clause) and clause[j].low in ("not", "never"):
                    j += 1  # "was not passed on"
                if perfect and clause[j].low in words["floating"] and lows[j + 1 : j + 2] == (
                        ["been"]):
                    j += 1  # "which have all been cancelled": a word floated off the subject
                if j < len(clause) and clause[j].low in ("being", "been"):
                    j += 1
                adverbs = []
                while j < len(clause) and (
                    (clause[j].low.endswith("ly") and clause[j].low not in ("only", "early"))
                    or clause[j].low in _ADVERBS
                ):  # "was wrongly calculated", "was somehow lost", "was then sent"
                    adverbs.append(clause[j])
                    j += 1
                if j < len(clause) and clause[j].low in ("being", "been") and adverbs:
                    j += 1  # "have since been voided"
                if j >= len(clause):
                    break
                lemma = verb_lemma(clause[j].low, "VBN")
                if lemma and _we_redo(text, lemma):
                    break  # "were printed too dark; we are reprinting them": the act is ours
                adjective = (
                    "ADJ" in lemmas(clause[j].low)
                    and not adverbs
                    and (tok.low in ("is", "are", "am") or clause[j].low in words["states"])
                    and not (perfect and clause[j].low not in _FEELING_STATES)
                )  # "has been closed" is an act; "has been pleased" a feeling
                if not lemma:
                    continue
                after = " ".join(lows[j + 1 : j + 4])
                wrongly = any(after.startswith(p) for p in _WRONGLY)  # "was closed in error"
                later = " " + " ".join(t.low for t in sentence if t.start > clause[j].start) + " "
                wrongly = wrongly or any(f" {p} " in later
                                         for p in _TOO_SOON)  # "was closed before anyone ..."
                wrongly = wrongly or bool(_BEFORE_IT.search(later))  # "before the invoice had"
                if (
                    adjective
                    and not wrongly
                    and (lemma not in words["failure_verbs"] or tok.low in ("is", "are"))
                ):
                    continue  # "were closed", "is broken": a state, not an act
                had_to = tok.low == "be" and lows[max(0, i - 2) : i] == ["had", "to"] and (
                    i >= 3 and lows[i - 3] in _HAVE)  # "has had to be moved": done, no one named
                if not _CAN.isdisjoint(lows[max(0, i - 2) : i]) or (
                    tok.low == "be" and set(lows[max(0, i - 2) : i]) & _MODALS and not had_to
                ):
                    break  # "could only be read until 11:00", "will be renewed": not a past act
                start = subject_start(clause)
                if tok.low == "being" and not _BE_OR_HAVE.isdisjoint(lows[start:i]):
                    break  # "… is consistent with the door being forced": not the clause's act
                if set(lows[start:i]) & _REPORTED:
                    break  # "thank you for telling us the lift was broken": their report
                subject = clause[start : i - 3] if had_to else clause[start:i]
                subject = after_said_that(subject)  # "make sure that two payments were taken"
                while len(subject) > 1 and subject[0].low.endswith("ly"):
                    subject = subject[1:]  # "Fortunately your parcel was found"
                # "As a result some people were ...": the subject follows the opener
                opened = _result_opener([t.low for t in subject[:3]])
                if opened and len(subject) > opened and subject[opened].low != "of":
                    subject = subject[opened:]
                while len(subject) > 1 and subject[-1].low in _MODALS - {"to"}:
                    subject = subject[:-1]  # "Some customers may (have been)": the modal is no noun
                if subject and subject[-1].low in PRONOUNS and len(subject) > 1:
                    continue  # "the fare you were quoted": a relative clause inside the subject
                if _relative_then_main(subject, lows, j):
                    break  # "Customers whose accounts were locked can sign in again": which
                    # customers; the sentence tells what they can do
                if subject and [t.low for t in subject] == ["it"] and lemma in _DECIDING and (
                        lows[j + 1 : j + 2] == ["that"] or (
                            lows[j + 1 : j + 2] == ["to"] and lows[j + 2 : j + 3] != []
                            and "VERB" in lemmas(lows[j + 2]))):
                    # "It has been decided that ...", "It was decided to close ...": who decided?
                    we = "We" if tok.low in ("was", "were") else "We have"
                    hits.append(Hit(
                        "passive_evasion", (subject[0].start, clause[j].end),
                        "no one is named who decided",
                        sentence_case(f"{we} {clause[j].low} "
                                      f"{text[clause[j + 1].start : end].strip().rstrip('.')}.")))
                    break
                if not subject or subject[0].low in OWN or subject[-1].low in PRONOUNS:
                    break
                if (subject[0].low == "our" and "ADJ" in lemmas(clause[j].low) and not adverbs
                        and not perfect and not wrongly):
                    break  # "while our car park machines were broken": a state of ours, owned
                if (subject[0].low == "our" and lemma in words["labelled_verbs"] and lows[
                        j + 1 : j + 2] == ["as"] and not adverbs and not wrongly):
                    break  # "our website was being flagged as insecure": a label others put on
                    # a thing of ours; no act of ours hidden ("your account was flagged" is ours)
                if _counted(subject) and not any(f" {p} " in later for p in _WRONGLY):
                    break  # "612 members were charged twice": a counted report, said plainly
                negated = any(w in words["negations_acts"] or w.endswith(("n't", "n’t"))
                              for w in lows[i:j])
                owed = lemma in words["duties"] or (
                    subject[0].low == "your" and lemma in words["owed_to_you"]
                )  # "your voucher was not applied"; not "the fee was not applied"
                owed = owed or (
                    subject[0].low == "your" and lemma not in _NOT_DONE_IS_GOOD
                    and lemma not in words["failure_verbs"]
                    and bool(set(lows[j + 1 :]) & (lexicon()["anchors"] - {"may"}))
                )  # "your green bin was not emptied on Monday": a service of ours left undone
                owed = owed or (subject[-1].low in _COMMITMENTS and lemma in _KEPT)
                # "the piano tuning appointment was not kept": a promise of ours not kept
                owed = owed or "should" in lows or any(
                    f" {p} " in later for p in ("should have", "as promised", "as agreed"))
                if negated and (not owed or {"yet", "still", "anyone"} & set(lows)):
                    break  # "was not charged": reassurance; "was not passed on": a duty left undone
                agent = [
                    k
                    for k, w in enumerate(lows[j + 1 :], j + 1)
                    if w == "by"
                    and lows[k + 1 : k + 2] not in (["mistake"], ["accident"], ["error"])
                    and not set(lows[k + 1 : k + 4]) & (TIME_UNITS | {"time"})
                    and not any(x[:1].isdigit() for x in lows[k + 1 : k + 3])
                    and not set(lows[k + 1 : k + 3]) & _NO_AGENT
                ]  # "by our driver"; not "by mistake", "by a week", "by 10:00", "by an unknown …"
                every = [t.low for t in sentence]
                around = f" {' '.join(every)} {text[end : end + 40].lower()} "
                unknown = any(f" if {w} was not you" in around or f" if {w} wasn't you" in around
                              for w in ("that", "it", "this"))  # the doer asked about, not hidden
                doer = any(w in ("when", "after", "as") and set(every[n + 1 : n + 3]) & _DOER_CLAUSE
                           for n, w in enumerate(every))  # "when someone broke into our system"
                asked = "request" in {t.low for t in sentence[j:]} or ("asked" in every and bool(
                    re.search(r"\b(?:as|like|when|because) (?:you|they) asked\b", " ".join(every))))
                shared = bool(_SHARED_AGENT.match(later))  # "was checked and fuelled by our staff"
                if agent or doer or unknown or asked or shared:
                    break  # an agent: "by our driver", "at your request"; not "by mistake"
                if lows[0] in ("if", "unless", "when", "whether") or (
                        lows[0] == "once" and lows[1:2] != ["again"]) or set(lows[:i]) & {
                    "if",
                    "unless",
                }:
                    break  # "if the parcel is damaged, ...": a condition, not an account
                said = " ".join(t.low for t in sentence)
                if _sorry_for(sentence, subject) or ("should not have" in said and " we " in (
                        f" {said} {text[end : end + 40].lower()}")):
                    break  # "We're sorry your lesson was cancelled": the apology owns it
                if any(o in said for o in words["owned"]) or _we_did_it(sentence, subject):
                    break  # "was damaged while in our care", "because our system rejected": owned
                soft = [a for a in adverbs if a.low in words["softeners"]]
                harm = (
                    negated
                    or bool((set(lows[:-1] if lows[-1] == "too" else lows) - _timed(lows))
                            & (words["failure_objects"] | words["passive_harm"]))
                    or bool(soft)
                    or wrongly
                    or "should not have" in " ".join(lows)  # "added ... that should not have been"
                    or any(p in f" {' '.join(lows)} " for p in words["failure_phrases"])
                    or bool(_LEFT_OUT.search(" ".join(lows)))  # "without the two reds you chose"
                    or (lemma == "return" and bool({"sender", "us", "depot"} & set(lows)))
                    or bool({t.low for t in subject} & words["failure_nouns"])
                )  # "mistakes were made": the subject names the harm
                # "was called off", "was put off": a phrasal verb, not the good news its bare
                # verb may be ("was written off", "was paid off" are good news still)
                phrasal = lows[j + 1 : j + 2] == ["off"] and lemma not in _GOOD_OFF
                if _AS_AGREED.search(said) and not harm:
                    break  # "was taken on 1 November, as agreed": what they agreed to
                judged = lemma == "find" and lows[j + 1 : j + 3] == ["to", "be"]  # "found to be"
                if lemma in words["passive_ok"] and not harm and not phrasal and not judged:
                    break
                if lemma in UNDOING and not adverbs and not negated and not wrongly and not (
                        set(lows) & (words["failure_objects"] | words["passive_harm"])) and bool(
                        {t.low for t in subject} & words["failure_nouns"]):
                    break  # "The issue has now been resolved": the subject is the harm, the verb
                    # undoes it; the harm's end reported, not who caused it hidden
                if not negated and not adverbs and not phrasal and _remedy_told(
                        subject, lows, j, lemma, harm, words):
                    break  # "A replacement switch has been installed", "the water was turned back
                    # on": the remedy reported, the harm's doer hidden nowhere
                if not harm and not phrasal and not judged and not negated and not adverbs and (
                        _reported_service(lows[: j + 1] + later.split(), j, lemma, words)):
                    break  # "The tank was refilled with 400 litres this morning": work done, said
                if not harm and not phrasal and not negated and not adverbs and lows[
                        j + 1 : j + 2] in (["at"], ["in"], ["through"]) and lows[
                        j + 2 : j + 3] == ["our"] and lemma not in words["failure_verbs"] | TAKING:
                    break  # "Your parcel has been scanned at our depot": plain work, at ours
                if tok.low in ("is", "are", "am") and not adverbs and not harm and j == i + 1:
                    break  # "a handler is assigned": how things stand now, not an act hidden
                if not harm and not negated and lows[j + 1 : j + 2] in _WENT_RIGHT:
                    break  # "most requests were still being served successfully": what went
                    # right, with no fault to hide a doer of
                if not adverbs and not wrongly and not phrasal and _told_as_result(
                        sentence, tok):
                    break  # "As a result, many trains were cancelled": the cause, told just
                    # before, is the doer; no one is hidden (unless softened: "accidentally")
                if not adverbs and not negated and lemma not in (
                        words["failure_verbs"] | TAKING) and not (
                        {t.low for t in subject} & words["failure_nouns"]) and _work_under_way(
                        sentence, tok, clause[j]):
                    break  # "..., because the lane is being resurfaced": work going on now,
                    # given as the reason for a change; no past act's doer to hide
                if not negated and not adverbs and not wrongly and not phrasal and lemma not in (
                        words["failure_verbs"] | TAKING) and _done_again(lows, j, later, harm):
                    break  # "All 212 photos have been uploaded again", "The broken glass has been
                    # swept up and the climbing wall is open again": the passive tells the work
                    # redone or the thing back in use, a remedy; the harm's doer is hidden nowhere
                if not negated and not adverbs and not wrongly and not phrasal and not harm and (
                        lemma not in words["failure_verbs"]) and _spared().match(later):
                    break  # "Your boat got moved to berth 14 so it would not hit the harbour
                    # wall", "The exhibition has been extended, so your ticket is still valid":
                    # the act told with the harm it spared the customer's thing
                hits.append(
                    Hit(
                        "passive_evasion",
                        (subject[0].start, clause[j].end),
                        "no one is named as doing it"
                        + (f' ("{soft[0].text}" softens it)' if soft else ""),
                        _passive_rewrite(text, clause, subject, i, j, adverbs, lemma, end),
                    )
                )
                break
    return hits


# what ends the clause of the participle: "again" after one of these is another clause's
_CLAUSE_ENDS = frozenset({",", ";", ":", "and", "but", "so", "because", "after", "when", "while"})
# a clause that tells a thing back in use: "and the climbing wall is open again"
_BACK_AGAIN = re.compile(r"^[^;:]*? and (?:the|your|our|it|they|every|all|each)\b[^,;:]*?\b"
                         r"(?:is|are|'s|’s|works|work|runs|run)\b[^,;:]*? again(?: |$)")


@cache
def _spared() -> re.Pattern[str]:
    """A result clause that tells the customer's thing spared or still good (the lexicon's
    ``still_good``): "so it would not hit the wall", "so your ticket is still valid"."""
    good = "|".join(sorted(map(re.escape, lexicon()["still_good"])))
    return re.compile(r"^[^;:]*?\bso (?:that )?(?:it|they|your [\w-]+)(?: [\w-]+)? (?:would not"
                      r"|wouldn't|wouldn’t|could not|couldn't|couldn’t"
                      rf"|(?:is|are) still (?:{good}))\b")


def _done_again(lows: list[str], j: int, later: str, harm: bool) -> bool:
    """ "have been uploaded to the gallery again": "again" in the participle's own clause, the
    act done a second time (with no harm word in the clause: not "your card was charged
    again", whose verb takes); or, harm or not, a clause after ", and" that tells the thing
    back in use ("The broken glass has been swept up and the climbing wall is open again")."""
    if _BACK_AGAIN.match(later):
        return True
    for w in lows[j + 1 :]:
        if w in _CLAUSE_ENDS:
            return False
        if w == "again":
            return not harm
    return False


def _timed(lows: list[str]) -> set[str]:
    """ "early"/"late" said as the time of the act ("completed early this afternoon", "late on
    Monday"; the lexicon's ``when_next``), not done too early or too late."""
    when_next = lexicon()["when_next"]
    return {w for n, w in enumerate(lows[:-1])
            if w in ("early", "late") and lows[n + 1] in when_next}


def _remedy_told(subject: list[Token], lows: list[str], j: int, lemma: str, harm: bool,
                 words: dict) -> bool:
    """The passive reports a remedy, so the doer it leaves out is the mender, not the one at
    fault: the thing put back in service ("the water was turned back on"), a remedy as the
    subject ("A replacement switch has been installed", "A script to fix the data is being
    deployed"), someone brought in to mend ("An electrician has been invited to help resolve
    the problem"), what went out taken back ("the email was recalled"), or a harm traced to a
    thing of ours. The harm's own passive ("your order was cancelled") is none of these."""
    after = lows[j + 1 :]
    if after[:1] == ["back"] and after[1:2] and after[1] in words["back_in"]:
        return not harm  # not "was switched back on with the wrong settings"
    if lemma in words["traced"] and after[:1] == ["to"] and "our" in after and not (
            set(lows) & (words["failure_objects"] | words["passive_harm"])):
        return True  # the subject names the harm; where it came from is owned as ours
    if harm or lemma in words["failure_verbs"] or lemma in TAKING:
        return False  # "Your replacement card was cancelled"
    if mending_purpose(after):
        return True  # "has been invited to help resolve the problem": brought in to mend it
    if set(after) & words["failure_nouns"]:
        return False  # "The repair was put on hold"
    said = [t.low for t in subject]
    mends = set(said) & words["remedy_nouns"] or any(
        w == "to" and said[n + 1 : n + 2] and verb_lemma(said[n + 1], "VB") in MENDING
        for n, w in enumerate(said))  # "A script to fix the data"
    if mends and (lemma in words["good_verbs"] | words["passive_ok"] | words["put_in"]):
        return True  # installed, completed, deployed; not "The replacement was scratched"
    return lemma in words["taken_back"] and said[:1] != ["your"]  # not "your offer was recalled"


_RELATIVES = frozenset({"whose", "who", "that", "which"})
_WENT_RIGHT = (["successfully"], ["normally"], ["correctly"], ["safely"], ["securely"])
_MAIN_MODALS = frozenset({"can", "will", "may", "should", "could", "must", "need", "'ll", "’ll"})


def _relative_then_main(subject: list[Token], lows: list[str], j: int) -> bool:
    """The passive is inside a relative clause of the subject ("Customers whose accounts were
    locked"), and the main clause's own verb follows it: a modal and an active verb (not "be"
    or "have": "will be refunded" is a passive of its own)."""
    if not any(t.low in _RELATIVES for t in subject[1:]):
        return False
    for n in range(j + 1, min(len(lows) - 1, j + 6)):
        if lows[n] in (",", ";", ":", "and", "but", "so", "because"):
            return False
        if lows[n] in _MAIN_MODALS:
            return lows[n + 1] not in ("be", "have", "not", "never") and "VERB" in lemmas(
                lows[n + 1])
    return False


# a connective that makes the clause after it the result of what was told just before
_RESULT_OPENERS = (["as", "a", "result"], ["as", "a", "consequence"], ["consequently"])


def _result_opener(lows: list[str]) -> int:
    """How many of the first words are one of ``_RESULT_OPENERS`` (0: none), for the passive's
    subject after it and for :func:`_told_as_result`."""
    for opener in _RESULT_OPENERS:
        if lows[: len(opener)] == opener:
            return len(opener)
    return 0


def _told_as_result(sentence: list[Token], be: Token) -> bool:
    """The passive is the sentence's first clause, opened by "As a result" (not "As a result
    of ...", which names a cause of its own in the sentence): "As a result, many trains were
    cancelled or delayed", "As a result our staff wasn't notified of the issue". Its doer is
    the cause the text has just told."""
    head = [t.low for t in sentence if t.start < be.start]
    opened = _result_opener(head)
    if not opened:
        return False
    rest = head[opened:]
    rest = rest[1:] if rest[:1] == [","] else rest
    return bool(rest) and rest[0] != "of" and not set(rest) & (
        {",", ";", ":", "and", "but", "so", "because", "when", "if", "after", "which",
         "who", "that", "while"})


_REASONS = frozenset({"because", "as", "since", "while"})


def _work_under_way(sentence: list[Token], be: Token, verb: Token) -> bool:
    """ "is/are being" + participle in a clause of reason after the main clause: "Your visit
    starts at the farm shop, because the lane is being resurfaced". Work going on now that
    explains a change told first; not a past act ("was being rescheduled") nor a main clause
    ("This is being treated as an isolated incident")."""
    if be.low not in ("is", "are"):
        return False
    lows = [t.low for t in sentence]
    at = next((n for n, t in enumerate(sentence) if t.start == be.start), None)
    if at is None or lows[at + 1 : at + 2] != ["being"] or sentence[at + 2].start != verb.start:
        return False
    opener = next((n for n in range(at - 1, 0, -1) if lows[n] in _REASONS), None)
    return opener is not None and opener >= 3 and lows[opener - 1] == "," and not {
        ",", ";", ":"} & set(lows[opener + 1 : at])  # a main clause first, then the reason


# what "we" may do after "after"/"because" that is no cause: "after we found it", "when we
# noticed", "as we said"
_NO_CAUSE = frozenset({"found", "learned", "learnt", "heard", "noticed", "discovered", "spotted",
                       "saw", "realised", "realized", "understand", "know", "knew", "were", "are",
                       "said", "told", "can", "could", "became", "first", "checked"})
_CAUSE_OPENERS = frozenset({"because", "after", "when", "since", "as"})


def we_caused(lows: list[str], start: int) -> bool:
    """After ``start``, a clause gives our act as the cause, us its subject: "(your data was
    visible) after we changed a setting", "because we sent it to the wrong address"."""
    for n in range(start, len(lows) - 2):
        if lows[n] in _CAUSE_OPENERS and lows[n + 1] == "we" and lows[n + 2] not in _NO_CAUSE:
            return "VERB" in lemmas(lows[n + 2]) or lows[n + 2] in ("had", "didn't", "didn’t")
    return False


_CLAUSE_JOINS = frozenset({"and", "but", "so", "while", "because"})


def _clause_start(lows: list[str], i: int) -> int:
    """Where the clause of the verb at ``i`` starts: after the last ";" or ":", or ", and"
    (", but", ...) that follows a clause with a verb of its own ("Our engineers restored it,
    and the information is available again"), not a comma of a list ("Your name, email, and
    phone number were")."""
    start = 1 if lows and lows[0] in CONJUNCTIONS else 0  # as subject_start reads it
    for n in range(i - 1, 0, -1):
        if lows[n] in (";", ":") or (lows[n] in _CLAUSE_JOINS and lows[n - 1] == "," and any(
                is_finite_word(w) for w in lows[start : n - 1])):
            return n + 1
    return start


def exposure(text: str) -> list[Hit]:
    """Data "was visible/accessible/exposed" with no one named who made it so."""
    words = lexicon()
    hits = []
    for sentence, end, lows, present in read(text):
        if words["exposure"].isdisjoint(present):
            continue
        to_others = any(
            w == "to" and set(lows[n + 1 : n + 3]) & words["others"] for n, w in enumerate(lows)
        )  # "visible to another patient": whatever it was, someone showed it
        if not (set(lows) & words["data_nouns"] or to_others):
            continue
        for i, low in enumerate(lows[:-1]):
            if low not in ("was", "were", "is", "are") or i == 0:
                continue
            k = i + 1
            while k < len(lows) and lows[k].endswith("ly") and lows[k] not in ("only", "early"):
                k += 1
            if k >= len(lows) or lows[k] not in words["exposure"]:
                continue
            if lows[k + 1 : k + 2] == ["again"]:
                break  # "your statements are available again": back, not shown to anyone
            subject = sentence[_clause_start(lows, i) : i]
            if (
                not subject
                or _counted(subject)
                or not (set(t.low for t in subject) & words["data_nouns"] or to_others)
                or subject[0].low in OWN
                or set(lows[:i]) & {"if", "not", "never"}
                or set(lows[i:k]) & {"not", "never"}
                or any(o in " ".join(lows) for o in words["owned"])
                or we_caused(lows, k + 1)
            ):
                break
            obj = lower_first(join(text, subject[0], subject[-1]))
            rest = text[sentence[k].end : end].strip()
            rewrite = spaced("We made", obj, lows[k], rest).rstrip(".") + "."
            hits.append(
                Hit(
                    "passive_evasion",
                    (subject[0].start, sentence[k].end),
                    f'no one is named who made it "{sentence[k].text}"',
                    sentence_case(rewrite),
                )
            )
            break
    return hits


def _passive_rewrite(
    text: str,
    clause: list[Token],
    subject: list[Token],
    be_at: int,
    verb_at: int,
    adverbs: list[Token],
    lemma: str,
    end: int,
) -> str:
    """"We <verb> <subject> <rest>", or the advice when the subject is no noun phrase."""
    if not _plain_subject(subject):
        return ADVICE["en"]["passive_evasion"]
    words = lexicon()
    be = clause[be_at].low.replace("’", "'").removesuffix("n't")
    negated = clause[be_at].low.endswith(("n't", "n’t")) or clause[be_at + 1].low in (
        "not",
        "never",
    )
    aux_at = be_at + 1 + (clause[be_at + 1].low in ("not", "never"))
    progressive = verb_at > aux_at and clause[aux_at].low == "being"
    perfect = verb_at > aux_at and "been" in (clause[aux_at].low, clause[verb_at - 1].low)
    kept = " ".join(
        a.low for a in adverbs if a.low not in words["softeners"] or a.low in words["admissions"]
    )
    if progressive:
        verb = f"are {inflect(lemma, 'VBG')}"
    elif perfect:  # "We have wrongly calculated": the adverb after "have"
        parts = ("had" if be.startswith("had") else "have", "not" if negated else "", kept,
                 clause[verb_at].low)
        verb = " ".join(p for p in parts if p)
        kept = ""
    elif negated:
        verb = f"{'do' if be.startswith(('is', 'are', 'am')) else 'did'} not {lemma}"
    elif be in ("is", "are", "am"):
        verb = inflect(lemma, "VBP")
    else:
        verb = past(clause[verb_at].low, lemma)
    obj = lower_first(join(text, subject[0], subject[-1]))
    rest = text[clause[verb_at].end : end].strip()
    rewrite = spaced("We", kept, verb, obj, rest)
    return sentence_case(rewrite).rstrip(".") + "."


def _aux(low: str) -> bool:
    """An auxiliary or a modal ("would", "shouldn't"); not the "'s" that owns."""
    return (low in AUX and low not in ("'s", "’s")) or low.endswith(("n't", "n’t"))


def _plain_subject(subject: list[Token]) -> bool:
    """A noun phrase "We <verb> ..." can take as its object, relative clause and all ("the
    parcel you ordered", "accounts that were not verified"); not a clause or a piece of one:
    opened or ended by a word that cannot open or end one (the lexicon's ``clause_openers``,
    ``dangling_words``, ``particles``, an auxiliary: "It is regrettable that some orders", "has
    not yet", "your repair would not"), "that" and a clause ("That your data"), a verb and its
    complement ("resulted in a number of our servers"), or a verb of its own before any relative
    word ("Failure to make any payment will result in your account", "the chat seems to",
    "Heavy demand at the card network meant some payments")."""
    words = lexicon()
    lows = [t.low for t in subject]
    first, last, second = lows[0], lows[-1], lows[1] if len(lows) > 1 else ""
    relative = any(w in PRONOUNS or w in words["relative_words"] for w in lows[1:])
    dangling = last in words["dangling_words"] or last in words["particles"]
    if dangling and relative and len(lows) > 2 and (
            verb_lemma(lows[-2], "VBD") or verb_lemma(lows[-2], "VBN")):
        dangling = False  # "the hedgehog you brought in": the relative clause's own particle
    if first in words["clause_openers"] or _aux(first) or _aux(last) or dangling:
        return False
    if first == "that" and (second in DETERMINERS or second in PRONOUNS):
        return False
    found = lemmas(first)
    if first.endswith(("ed", "ing")) and "VERB" in found and "NOUN" not in found and (
            second in words["dangling_words"] or second in words["particles"]
            or second in DETERMINERS):
        return False
    for n, low in enumerate(lows[1:], 1):
        if low in PRONOUNS or low in words["relative_words"]:
            return True  # the rest is a relative clause
        found = lemmas(low)
        if _aux(low) or (verb_lemma(low, "VBZ") and "NOUN" not in found):
            return False
        object_next = lows[n + 1 : n + 2] != [] and (
            lows[n + 1] in words["uncounted"] or lows[n + 1] in words["you_and_us"])
        if object_next and verb_lemma(low, "VBD") and "ADJ" not in found:
            return False
    return True


_BEING = re.compile(r"\b(?:after|from|for|despite|through) being (?:(\w+ly) )?(\w+)"
                    r"(?: (\w+ly))?\b")


def being_done(text: str) -> list[Hit]:
    """ "The bottles arrived broken after being packed loosely": a gerund passive with a
    fault in its manner and no one named who did it."""
    if " being " not in text:
        return []
    hits = []
    for sentence, end in sentences(text):
        said = text[sentence[0].start : end]
        found = _BEING.search(said)
        if found is None or " by " in said[found.end() :][:30]:
            continue
        lemma = verb_lemma(found.group(2), "VBN")
        manner = found.group(1) or found.group(3)
        if lemma is None or manner is None or manner.lower() not in _BADLY:
            continue
        hits.append(Hit(
            "passive_evasion",
            (sentence[0].start + found.start(), sentence[0].start + found.end()),
            "no one is named as doing it",
            sentence_case(f"Say who did it: \"We {past(found.group(2), lemma)} them "
                          f"{manner.lower()}.\" Then what we are doing about it."),
        ))
    return hits


_BADLY = {"loosely", "badly", "poorly", "wrongly", "incorrectly", "carelessly", "roughly",
          "improperly", "hastily", "inadequately"}


# verbs by which a harm comes about by itself: "errors crept in", "mistakes occurred"
_CAME_ABOUT = {"creep", "slip", "occur", "arise", "happen", "emerge", "crop", "sneak", "find"}
# things somebody makes, so somebody made them: not "problems arose", which may have no maker
_MADE = {"errors", "error", "mistakes", "mistake", "inaccuracies", "inaccuracy", "discrepancies",
         "discrepancy", "typos", "typo", "miscalculations", "miscalculation"}
_HARM_FIRST = _MADE | {"a", "an", "some", "several", "certain"}


def came_about(text: str) -> list[Hit]:
    """ "Errors crept in while your transfer was processed", "Mistakes occurred": a harm that
    comes about by itself, with nobody who made it. Rewritten "We made errors ...".
    Gated on a first word that can start such a subject."""
    hits = []
    for sentence, end, lows, _words in read(text):
        if lows[0] not in _HARM_FIRST or {"we", "our", "us", "by"} & set(lows):
            continue
        k = 1 if lows[0] in ("a", "an", "some", "several", "certain") else 0
        if k >= len(lows) - 1 or lows[k] not in _MADE:
            continue
        verb = lows[k + 1]
        lemma = verb_lemma(verb, "VBD")
        if lemma not in _CAME_ABOUT or (lemma == "find" and lows[k + 2 : k + 4] != ["their",
                                                                                  "way"]):
            continue
        noun = lows[k] if lows[k].endswith("s") else f"an {lows[k]}" if lows[k][:1] in "aeiou" \
            else f"a {lows[k]}"
        rest = text[sentence[k + 1].end : end].strip()
        rest = re.sub(r"^(?:their way )?(?:into|in)\b", "in", rest)  # "crept into your bill"
        rest = re.sub(r"^(?:in|up)\b\s*(?=while|when|during|as|after|,|$)", "", rest)
        hits.append(Hit(
            "passive_evasion",
            (sentence[0].start, sentence[k + 1].end),
            f'"{sentence[k + 1].text}": the {lows[k]} came about by '
            f'{"themselves" if lows[k].endswith("s") else "itself"}, with no one who made it',

            sentence_case(spaced("We made", noun, rest)).rstrip(".") + ".",
        ))
    return hits


# a passive: "is/are/was/were/been/being", words floated off the subject, the participle
_A_PASSIVE = re.compile(r"\b(?:is|are|was|were|been|being)\s+(?:(?:now|all|also|fully|since|"
                        r"already|just)\s+)*([a-z-]+)\b")


def remedy_only(sentence: str) -> bool:
    """Every passive of ``sentence`` tells a remedy with no harm beside it: a mending verb ("All
    services have been restored") or a remedy noun put in place ("A replacement switch has
    been installed"). Such a sentence the passive rule has read and let through, so the
    learned check's guess that it hides a doer is answered (not "Your complaint was closed
    before it had been resolved": closing mends nothing)."""
    low = lowered(sentence)
    words = lexicon()
    said = re.findall(r"[a-z'’-]+", low)
    if not said or set(said) & (words["negations_acts"] | words["failure_nouns"]
                                | words["failure_objects"] | words["passive_harm"]) or any(
            w.endswith(("n't", "n’t")) for w in said):
        return False
    found = False
    for m in _A_PASSIVE.finditer(low):
        lemma = verb_lemma(m.group(1), "VBN")
        if lemma is None:
            continue
        found = True
        before = set(re.findall(r"[a-z]+", low[: m.start()]))
        if lemma not in MENDING and not (
                before & words["remedy_nouns"] and lemma in words["good_verbs"] | words["put_in"]):
            return False
    return found

"""The customer's act or thing given as the cause of a penalty, or the customer told what they
should have done: "your phone is too old ..., which is why", "You chose the cheapest fare, so
changes cost extra", "since you sent it back without the form", "no payment was received
from you", "it's important that customers read the size guide", "as we made clear when you
bought them"."""

from __future__ import annotations

import re

from gateway.messages.lint.english.blame import agent_noun
from gateway.messages.lint.english.parse import Token, lemmas, lexicon, verb_lemma
from gateway.messages.lint.findings import Hit

_OURS = {"we", "our", "i", "us"}
_CAUSES = {"because", "as", "since"}


def _blamed(sentence: list[Token], first: int, last: int, message: str, suggestion: str) -> Hit:
    """The blame finding over words ``first`` to ``last``, cut at the sentence's end (a
    sentence may stop before the words a phrase usually runs to)."""
    span = (sentence[first].start, sentence[min(last, len(sentence) - 1)].end)
    return Hit("blame_customer", span, message, suggestion)


def told_before(sentence: list[Token], lows: list[str]) -> Hit | None:
    """ "You were told about the change in our email", "as we made clear when you bought
    them": the customer reminded that they had been warned."""
    said = " " + " ".join(lows) + " "
    if {"wrong", "wrongly", "incorrectly", "mistake", "sorry", "if"} & set(lows):
        return None
    told = None
    for phrase in (" you were told ", " you were informed ", " you were warned ",
                   " you were notified ", " you were reminded ", " you were advised "):
        if phrase in said:
            told = phrase
    refused = bool({"not", "no", "cannot", "can't", "can’t", "fee", "charge", "charged"} & set(
        lows)) or any(w.startswith("non-") for w in lows)
    for phrase in (" as we made clear ", " as we told you ", " as we explained ", " as we said ",
                   " as stated ", " as clearly stated ", " as we warned ", " as explained ",
                   " as shown ", " as set out ", " as we mentioned ", " as we pointed out "):
        if phrase in said and refused:
            told = phrase
    cited = _CITED.match(said)  # opening the sentence: "As the form states, ..."
    if told is None and cited and (refused or _DUTY & set(lows)) and (
            {"you", "your"} | _BUYERS) & set(lows):
        # "As the order form clearly states, the text must be checked by the buyer"
        at = len(said[: cited.start()].split())
        frame = " ".join(t.text for t in sentence[at : at + len(cited.group(0).split())])
        comma = next((k for k, t in enumerate(sentence) if k > at and t.text == ","), None)
        rest = " ".join(t.text for t in sentence[comma + 1 :]) if comma is not None else ""
        rest = rest.replace(" ,", ",") or "<what has to happen>"
        return _blamed(
            sentence, at, at + 3,
            "our own paper is cited at the customer",
            f'Drop "{frame}" and make the step ours: "{rest[:1].upper() + rest[1:]}; we will '
            'check it with you before we go ahead."',
        )
    if told is None:
        return None
    at = len(said[: said.index(told)].split())
    return _blamed(
        sentence, at, at + 3,
        "the customer is reminded they were told",
        'Say what we will do instead: "We should have made this clearer. We have refunded '
        'the fee."',
    )


# our own paper cited at them: "as the order form clearly states", "as our terms explain"
_CITED = re.compile(r" as (?:the|our|your) (?:[a-z-]+ ){1,3}"
                    r"(?:clearly |plainly |explicitly |also )?(?:states?|says?|explains?"
                    r"|sets? out|makes? clear|stated|said|explained|shows?) ")
_BUYERS = {"buyer", "customer", "purchaser", "guest", "owner", "holder", "member", "client",
           "user", "passenger", "tenant", "patient", "hirer", "renter"}
_DUTY = {"must", "should", "need", "needs", "required", "responsibility", "responsible"}


_RESULTS = ("which is why", "that is why", "that's why", "which meant", "which means", "meaning",
            "and so", "so the", "so we", "so your", "so it", "therefore")
_UNFIT = {"compatible", "supported", "valid", "eligible", "registered", "verified", "up"}


def their_thing_unfit(sentence: list[Token], lows: list[str]) -> Hit | None:
    """ "Your phone is too old for the update, which is why the app stopped working": a thing
    of theirs called unfit, with the failure said as its result."""
    words = lexicon()
    if lows[:1] != ["your"] or _OURS & set(lows):
        return None
    be = next((n for n, w in enumerate(lows[:6]) if w in ("was", "were", "is", "are")), None)
    if be is None or be + 2 >= len(lows):
        return None
    pred = lows[be + 1 : be + 4]
    unfit = (
        pred[0] == "too"
        or pred[0] in words["fault_adjectives"] | words["customer_faults"]
        or pred[:3] == ["out", "of", "date"]
        or (pred[0] in ("not", "no") and pred[1] in _UNFIT | {"longer"})
        or pred[0] in ("incompatible", "unsupported", "ineligible")
    )
    said = " " + " ".join(lows[be + 2 :]) + " "
    if not unfit or not any(f" {r} " in said for r in _RESULTS):
        return None
    return Hit(
        "blame_customer",
        (sentence[0].start, sentence[be + 1].end),
        "a thing of theirs is made the cause",
        'Say what we got wrong: "We should have told you before the update that it needed a '
        'newer phone. We will help you set it up."',
    )


_RECEIVED = {"get", "receive", "lose", "hear", "see", "notice", "know", "need", "want", "deserve",
             "have", "be"}
_PENALISED = {"fine", "fee", "charge", "charges", "penalty", "stands", "extra", "cost", "costs",
              "refused", "declined",
              "rejected", "cancelled", "canceled", "failed", "void", "forfeit", "lost", "not",
              "cannot", "can't", "can’t", "couldn't", "couldn’t"}


def their_act_as_cause(sentence: list[Token], lows: list[str], text: str, end: int
                        ) -> Hit | None:
    """ "You parked outside the marked bay, which is why the fine stands": an act of theirs
    with a penalty said as its result."""
    if lows[:1] != ["you"] or len(lows) < 4 or _OURS & set(lows):
        return None
    lemma = verb_lemma(lows[1], "VBD")
    if not lemma or lemma in _RECEIVED:
        return None  # "You got ...", "you did not get ...": no act of theirs to blame
    said = " ".join(lows[2:])
    link = next((r for r in _RESULTS + (", so",) if f" {r} " in f" {said} "), None)
    if link is None or not set(said.split(link, 1)[1].split()) & _PENALISED:
        return None
    after = len(link.split()) + next(n for n in range(2, len(lows))
                                     if " ".join(lows[n : n + len(link.split())]) == link)
    penalty = text[sentence[min(after, len(sentence) - 1)].start : end].strip().rstrip(".")
    return Hit(
        "blame_customer",
        (sentence[0].start, sentence[1].end),
        "what they did is given as the reason for the penalty",
        f'Say what we will do, not what they did: "We should have told you sooner that '
        f'{penalty}. <What we will do about it>."',
    )


_CARELESS = {"without", "wrong", "late", "too", "incorrect", "instead", "wrongly", "incomplete"}


def their_act_in_cause(sentence: list[Token], lows: list[str]) -> Hit | None:
    """ "Your refund took longer since you sent the item back without the form": a cause
    clause with them as the subject of a careless act."""
    for n, w in enumerate(lows[1:-2], 1):
        if w not in _CAUSES or lows[n + 1] != "you":
            continue
        lemma = verb_lemma(lows[n + 2], "VBD")
        if not lemma or lemma in _RECEIVED or _OURS & set(lows[n:]):
            continue
        if set(lows[n + 3 : n + 10]) & _CARELESS:
            return Hit(
                "blame_customer",
                (sentence[n].start, sentence[n + 2].end),
                "a careless act of theirs is given as the cause",
                'Say what we will do: "We should have made the form easier to find. Your '
                'refund is on its way today."',
            )
    return None


def from_you(sentence: list[Token], lows: list[str]) -> Hit | None:
    """ "after no payment was received from you", "it had already been used by you": the
    customer named as the one who did not send it, or who used it up."""
    said = " " + " ".join(lows) + " "
    unsent = " from you " in said and bool(set(lows) & {"no", "not", "never", "nothing"}) and (
        bool(set(lows) & {"received", "heard", "had", "got", "reached"}))
    used = " by you " in said and bool(set(lows) & (_CAUSES | {"already", "not", "failed"})) and (
        " by us " not in said)  # "cancelled by us, not by you": cleared
    if not (unsent or used) or {"we", "our"} & set(lows) - {"we"}:
        return None
    at = len(said[: said.index(" from you " if unsent else " by you ")].split())
    return _blamed(
        sentence, 0, at + 1,
        "the customer is named as the one who did not do it",
        'Say what we will do: "We should have reminded you first. <What we have put right, '
        'and by when>."',
    )


_LECTURE = ("it's important that", "it’s important that", "it is important that",
            "it's important to", "it’s important to", "it is important to", "please make sure",
            "make sure to", "please ensure", "please remember to", "be sure to")
_BEFORE_US = {"contacting", "calling", "ordering", "booking", "buying", "paying", "complaining",
              "writing", "emailing", "you", "reporting"}


def lectured(sentence: list[Token], lows: list[str], end: int) -> Hit | None:
    """ "It's important that customers read the size guide", "please make sure to check your
    junk folder before contacting us": what they should have done, told as a rule."""
    said = " ".join(lows)
    lecture = next((p for p in _LECTURE if p in said), None)
    if lecture is None:
        return None
    after = said.split(lecture, 1)[1].split()
    if after[:1] in (["we"], ["our"], ["us"]):
        return None  # "it's important that we fix this": ours
    people = lexicon()["people"] | {"you", "your"}
    told = bool(set(after[:2]) & people) and lecture.endswith("that")
    before = "before" in after and bool(set(after[after.index("before") + 1 :][:1]) & _BEFORE_US)
    if not (told or before):
        return None
    act = after[1:] if told else after
    act = act[: act.index("before")] if "before" in act else act
    act = act[1:] if act[:1] == ["to"] else act
    return Hit(
        "blame_customer",
        (sentence[0].start, end),
        "the customer is told what they should have done",
        f'Say what we will do: "We will make it easier to {" ".join(act).strip(" ,")}." Then '
        "what we have put right for them.",
    )



_AFTER_CAUSES = _CAUSES | {"after"}
# what they told or asked us: "blocked after you reported it stolen" is our answer, not blame
_TOLD_US = {"report", "tell", "ask", "request", "contact", "call", "email", "message", "notify",
            "let", "confirm", "authorise", "authorize", "agree", "pay", "return", "send", "give"}
_NOT_THEIRS = {"we", "i", "we'll", "we’ll", "we've", "we’ve", "we're", "we’re", "sorry",
               "apologise", "apologize", "apologies", "if", "unless"}
_THEIR_LAPSE = {"failure", "refusal", "inability", "omission", "neglect"}


def _harm_in(part: list[str]) -> bool:
    """ "stopped working", "missed visitors", "went to someone else's account", "held up",
    "did not go through": a harm said in a clause."""
    words = lexicon()
    joined = f" {' '.join(part)} "
    if any(w in NEGATION_WORDS for w in part) or any(
            f" {p}" in joined for p in words["failure_phrases"]):
        return True
    for k, w in enumerate(part):
        lemma = verb_lemma(w, "VBD") or verb_lemma(w, "VBN")
        if lemma in words["particle_verbs"] and set(part[k + 1 : k + 4]) & words["particles"]:
            return True  # "held up your offer", "cut off"
        if lemma in words["failure_verbs"] and lemma not in words["particle_verbs"]:
            return True
    return False


NEGATION_WORDS = {"not", "never", "didn't", "didn’t", "couldn't", "couldn’t", "wasn't", "wasn’t",
                  "weren't", "weren’t", "cannot", "can't", "can’t", "won't", "won’t"}


def harm_from_their_act(sentence: list[Token], lows: list[str]) -> Hit | None:
    """ "Your tickets stopped working because you posted the barcode online", "Since you
    entered the wrong sort code, your payment went to someone else's account", "It was your
    failure to return the form that held up your offer": a harm to them, told with their own
    act (or lapse) as its cause, and nothing of ours named as doing it."""
    if _NOT_THEIRS & set(lows[:1]) or {"sorry", "apologise", "apologize", "apologies", "if",
                                        "unless"} & set(lows):
        return None
    lapse = next((n for n, w in enumerate(lows[1:-2], 1) if w in _THEIR_LAPSE
                  and lows[n - 1] == "your" and lows[n + 1] in ("to", "in")), None)
    if lapse is not None and _harm_in(lows[lapse + 2 :]):
        then = next((c + 1 for c in range(lapse + 2, len(lows)) if lows[c] in ("that", "which")),
                    None)
        harm = _words(sentence, then, len(sentence)) if then else "what happened"
        return Hit(
            "blame_customer",
            (sentence[lapse - 1].start, sentence[lapse + 1].end),
            "their own lapse is given as the cause of the harm",
            f'Say what happened and what we will do, not what they did: "<What {harm}>: we '
            'should have reminded you in time; <what we will do now, and by when>."',
        )
    for n, w in enumerate(lows[:-2]):
        theirs = w in _CAUSES and lows[n + 1] == "your" and _their_person(lows[n + 2]) and bool(
            set(lows[n + 3 : n + 10]) & lexicon()["slipped"])  # "your planner gave us the wrong"
        if w not in _AFTER_CAUSES or (lows[n + 1] != "you" and not theirs):
            continue
        k, negated = n + 2 + theirs, False
        if lows[k] in ("never", "didn't", "didn’t"):
            k, negated = k + 1, True
        elif lows[k] in ("did", "had") and lows[k + 1 : k + 2] == ["not"]:
            k, negated = k + 2, True
        if k >= len(lows):
            continue
        lemma = (lemmas(lows[k]).get("VERB", (None,))[0] if negated
                 else verb_lemma(lows[k], "VBD"))
        if not lemma or lemma in _RECEIVED or (lemma in _TOLD_US and not theirs):
            continue  # not "after you reported it stolen"; but "your planner gave us the wrong"
        if n == 0:
            comma = next((c for c in range(k, len(lows)) if lows[c] == ","), None)
            span = (comma + 1, len(lows)) if comma is not None else (0, 0)
        else:
            span = (0, n)
        main = lows[span[0] : span[1]]
        if not main or main[0] in _NOT_THEIRS or not (
                _harm_in(main) or (theirs and {"late", "delayed"} & set(main))):
            continue
        said = _words(sentence, *span)
        return _blamed(
            sentence, n, k,
            "their own act is given as the cause of the harm",
            f'Say what happened and what we will do, not what they did: "{said[:1].upper()}'
            f'{said[1:]}. We should have warned you this could happen; <what we will do now, '
            'and by when>."',
        )
    return None


def _their_person(word: str) -> bool:
    """ "your planner", "your solicitor", "your builder": someone acting for the customer."""
    return word in lexicon()["their_people"] or agent_noun(word)


def _words(sentence: list[Token], start: int, end: int) -> str:
    """The words of ``sentence[start:end]`` as written, without trailing commas."""
    out = ""
    for tok in sentence[start:end]:
        glue = tok.text[:1] in ",;:.!?'’" or not out
        out += tok.text if glue else " " + tok.text
    return out.strip(" ,;")


_ARRIVING = {"reached", "arrived", "came", "got"}
_TOO_LATE = {"after", "late", "past", "outside", "beyond"}


def their_thing_late(sentence: list[Token], lows: list[str]) -> Hit | None:
    """ "... because your reorder reached us after the cut-off": a thing they sent, arriving
    late, given as the cause of what went wrong."""
    for k, w in enumerate(lows):
        if w not in _CAUSES or lows[k + 1 : k + 2] != ["your"]:
            continue
        verb = next((j for j in range(k + 2, min(k + 6, len(lows))) if lows[j] in _ARRIVING),
                    None)
        if verb is None:
            continue
        after = lows[verb + 1 : verb + 4]
        if after[:1] in (["us"], ["in"], ["to"]):
            after = after[1:] if after[:1] != ["to"] else after[2:]
        if not after or after[0] not in _TOO_LATE and after[:2] != ["too", "late"]:
            continue
        before = " ".join(t.text for t in sentence[:k]).replace(" ,", ",")
        return _blamed(
            sentence, k, verb + 2,
            "their late thing is made the cause",
            f'Say it as ours: "{before[:1].upper() + before[1:]}; we should have told you the '
            'deadline in time, and <what we will do now>."',
        )
    return None


# what we tell customers to do, said not to have been done: "aftercare that was not followed"
_UNFOLLOWED = re.compile(
    r"\b(?:the |our |your )?(?:[a-z-]+ )?(?:aftercare|instructions?|advice|guidance|directions"
    r"|care sheet|care guide|care plan|washing instructions|user guide|manual)\b"
    r"(?: (?:that|which))? (?:was|were|had been|has been|have been|is|are) (?:not|never)"
    r" (?:been )?(?:followed|read|kept to|observed|carried out)\b")


def instructions_unfollowed(sentence: list[Token], lows: list[str]) -> Hit | None:
    """ "The piercing became infected through aftercare that was not followed at home": their
    care, in a passive that names nobody, made the cause."""
    if _OURS & set(lows) or "staff" in lows:
        return None  # "our staff did not follow the instructions": ours
    found = _UNFOLLOWED.search(" ".join(lows))
    if found is None:
        return None
    at = len(" ".join(lows)[: found.start()].split())
    cut = next((k for k in range(at - 1, -1, -1) if lows[k] in (
        "through", "because", "due", "from", "after", "as", "since", "owing")), at)
    before = " ".join(t.text for t in sentence[:cut]).replace(" ,", ",").strip()
    before = before[:1].upper() + before[1:] if before else "<What happened>"
    return _blamed(
        sentence, at, at + 5,
        "their care, not followed, is made the cause",
        f'Say it without blaming their care: "{before}; we should have gone through the care '
        'steps with you, and <what we will do now>."',
    )

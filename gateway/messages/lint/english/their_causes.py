"""The customer's act or thing given as the cause of a penalty, or the customer told what they
should have done: "your phone is too old ..., which is why", "You chose the cheapest fare, so
changes cost extra", "since you sent it back without the form", "no payment was received
from you", "it's important that customers read the size guide", "as we made clear when you
bought them"."""

from __future__ import annotations

from gateway.messages.lint.english.parse import Token, lexicon, verb_lemma
from gateway.messages.lint.findings import Hit

_OURS = {"we", "our", "i", "us"}
_CAUSES = {"because", "as", "since"}


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
    if told is None:
        return None
    at = len(said[: said.index(told)].split())
    return Hit(
        "blame_customer",
        (sentence[at].start, sentence[min(at + 3, len(sentence) - 1)].end),
        "the customer is reminded they were told",
        'Say what we will do instead: "We should have made this clearer. We have refunded '
        'the fee."',
    )


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
    return Hit(
        "blame_customer",
        (sentence[0].start, sentence[min(at + 1, len(sentence) - 1)].end),
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


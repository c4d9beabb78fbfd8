"""The customer named as the doer of what went wrong: "you typed it wrongly", "you did not
tell us you had moved", "since you booked through an agent, we cannot help", "your meter
reading was wrong", "please make sure you ... next time"."""

from __future__ import annotations

from collections.abc import Callable

from gateway.messages.lint.english.parse import Token, lemmas, lexicon, lowered, read, verb_lemma
from gateway.messages.lint.english.their_causes import (
    from_you,
    harm_from_their_act,
    instructions_unfollowed,
    lectured,
    their_act_as_cause,
    their_act_in_cause,
    their_thing_late,
    their_thing_unfit,
    told_before,
)
from gateway.messages.lint.english.their_ways import (
    asked_back,
    consent_by_choice,
    could_have_avoided,
    others_fine,
    penalty_for_their_act,
    put_back_on_them,
    records_against,
    rules_cited,
    their_handling,
    their_omission_first,
    their_responsibility,
    their_thing_unready,
    their_way_as_cause,
    void_by_their_thing,
)
from gateway.messages.lint.findings import Hit

_OURS = {"we", "our", "i", "us"}
# the words _neglected and _told_before start from: a sentence without one is not read by them
_NEGLECT_FORMS = {"forgot", "forget", "forgets", "forgotten", "forgetting", "ignored", "ignore",
                  "ignores", "skipped", "skip", "skips", "neglected", "neglect", "overlooked",
                  "overlook", "disregarded", "failed", "fail", "fails", "missed", "miss", "misses"}
_CARE_GATE = {"aftercare", "instructions", "instruction", "advice", "guidance", "directions",
              "care", "guide", "manual"}
_LECTURE_GATE = {"important", "sure", "ensure", "remember"}
_TOLD_GATE = {"told", "informed", "warned", "notified", "reminded", "advised", "as"}
_NOT = {"not", "never", "didn't", "didn’t", "did", "had", "hadn't", "hadn’t", "don't", "don’t",
        "do", "doesn't", "doesn’t"}
_SEEING = {"getting", "receiving", "seeing", "hearing"}
_CAUSES = {"because", "as", "since"}
_REFUSAL = {"cannot", "can't", "can’t", "unable", "won't", "won’t"}


def _records(sentence: list[Token], lows: list[str], text: str, end: int) -> Hit | None:
    return records_against(sentence, lows)


# the checks that blame them with no "you" in the sentence, each with the words it needs
_UNNAMED: tuple[tuple[Callable[[list[Token], list[str], str, int], Hit | None],
                      tuple[str, ...]], ...] = (
    (_records, ("records show", "record shows", "system shows", "systems show", "logs show",
                "indicate", "suggest")),
    (their_handling, ("by mis", "to mis", "of mis", "from mis", "through mis", "neglig", "abuse",
                      "neglect", "improper", "careless", "user error", "wrong use",
                      "incorrect use", "incorrect installation")),
    (their_responsibility, ("responsib", "up to you", "on you to", "incumbent")),
    (put_back_on_them, ("not our", "not my", "from you", "by you")),
)


_HARM_GATE = {"because", "since", "as", "after", "failure", "refusal", "inability", "omission",
              "neglect"}


def their_acts(text: str) -> list[Hit]:
    """Every finding of this module in ``text``."""
    hits: list[Hit] = []
    gate = lexicon()["people"] | {"you", "your"}
    low_text = lowered(text).replace("’", "'")
    unnamed = [check for check, gate in _UNNAMED if any(w in low_text for w in gate)]
    could = "could have" in low_text
    ruled = any(w in low_text for w in ("terms", "polic", "rules", "conditions", "contract",
                                        "agreement"))
    for sentence, end, lows, present in read(text):
        if gate.isdisjoint(present):
            cited = next((found for check in unnamed
                          if (found := check(sentence, lows, text, end))), None) or (
                "as" in present and told_before(sentence, lows)) or (
                not present.isdisjoint(_CARE_GATE) and instructions_unfollowed(sentence, lows))
            # "as the form states, the buyer must ...": our paper cited at a customer by role;
            # "through aftercare that was not followed": their care, no one named
            hits += [cited] if cited else []  # "our records show ...", "caused by misuse"
            continue  # no customer named: nothing of theirs to blame
        hit = (
            _wrong_act(sentence, lows)
            or _untold(sentence, lows)
            or _refused_for_their_choice(sentence, lows, end)
            or _their_input_wrong(sentence, lows)
            or their_thing_unfit(sentence, lows)
            or their_act_as_cause(sentence, lows, text, end)
            or ("you" in present and not present.isdisjoint(_CAUSES)
                and (their_act_in_cause(sentence, lows) or penalty_for_their_act(sentence, lows)))
            or (not present.isdisjoint(_HARM_GATE) and harm_from_their_act(sentence, lows))
            or ("your" in present and their_thing_unready(sentence, lows, text))
            or ("your" in present and not present.isdisjoint(_CAUSES)
                and their_thing_late(sentence, lows))
            or their_way_as_cause(sentence, lows, text, end)
            or their_omission_first(sentence, lows, text)
            or (_records in unnamed and records_against(sentence, lows))
            or others_fine(sentence, lows, text)
            or (could and could_have_avoided(sentence, text, end))
            or (ruled and rules_cited(sentence, lows, text))
            or asked_back(sentence, lows, text, end)
            or consent_by_choice(sentence, lows)
            or void_by_their_thing(sentence, lows)
            or next((found for check in unnamed
                     if check is not _records and (found := check(sentence, lows, text, end))),
                    None)
            or _their_side(sentence, lows)
            or _them_not_doing(sentence, lows)
            or _next_time(sentence, lows, end)
            or (not present.isdisjoint(_NEGLECT_FORMS) and _neglected(sentence, lows))
            or (not present.isdisjoint(_TOLD_GATE) and told_before(sentence, lows))
            or (not present.isdisjoint(_CARE_GATE) and instructions_unfollowed(sentence, lows))
            or ("you" in present and from_you(sentence, lows))
            or (not present.isdisjoint(_LECTURE_GATE) and lectured(sentence, lows, end))
        )
        if hit:
            hits.append(hit)
    return hits


def _wrong_act(sentence: list[Token], lows: list[str]) -> Hit | None:
    """ "You must have typed your email address wrongly", "you entered the wrong code"."""
    words = lexicon()
    if "you" not in lows or not _only_refusing(lows):
        return None  # "you typed it correctly; our form changed it": we are named
    at = lows.index("you")
    k = at + 1
    while k < len(lows) and lows[k] in ("must", "may", "might", "probably", "have", "had"):
        k += 1  # "you must have typed"
    lemma = verb_lemma(lows[k], "VBD") or verb_lemma(lows[k], "VBN") if k < len(lows) else None
    if lemma not in words["customer_acts"]:
        return None
    wrong = set(lows[k + 1 :]) & {"wrongly", "incorrectly", "wrong", "mistakenly"} or (
        " by mistake" in " ".join(lows[k:])
    )
    if not wrong or not (at == 0 or lows[at - 1] in (",", "but", "perhaps", "maybe", "so")):
        return None
    return Hit(
        "blame_customer",
        (sentence[at].start, sentence[k].end),
        "the customer is named as the one who got it wrong",
        'Say what we got wrong: "Our form should have caught this. We have fixed it for you."',
    )


def _only_refusing(lows: list[str]) -> bool:
    """No "we/our" in the sentence, or only as the one who then could not help: "you entered
    the wrong date, so we could not rebook you" names us as refusing, not as at fault."""
    for n, w in enumerate(lows):
        only = lows[n + 1 : n + 3] in (["can", "only"], ["could", "only"])  # "we can only ... with"
        if w in ("our", "i") or (w == "we" and not only and not (
            set(lows[n + 1 : n + 3]) & (_REFUSAL | {"couldn't", "couldn’t", "could", "had"})
            and set(lows[n + 1 : n + 4]) & (_REFUSAL | {"not", "couldn't", "couldn’t", "to"}))):
            return False
    return True


# what a customer "did not" do that is no duty: a harm or a reassurance ("you did not get the
# email", "a payment you did not make", "you did not lose any money")
_NOT_DUTIES = {"need", "have", "get", "receive", "lose", "hear", "see", "notice", "know", "mean",
               "do", "owe", "want", "expect", "deserve", "ask", "order", "choose", "agree", "make",
               "request", "authorise", "authorize", "recognise", "recognize", "use", "miss", "like",
               "enjoy", "manage", "think", "feel", "find", "buy", "book", "sign"}
_NEGLECTS = {"forget", "ignore", "skip", "neglect", "overlook", "disregard", "fail"}
# what a customer "missed" that was theirs to catch
_MISSABLE = {"attempt", "attempts", "deadline", "deadlines", "reminder", "reminders", "payment",
             "payments", "window", "cut-off", "cutoff", "email", "emails", "letter", "letters",
             "notice", "warning", "warnings", "instructions", "call", "calls", "slot", "date"}


def _neglected(sentence: list[Token], lows: list[str]) -> Hit | None:
    """ "after you missed two delivery attempts", "when patients forget to confirm", "you
    ignored our reminder": the customer as the subject of a verb of neglect, said as what
    happened (not "if you forget", not "sorry you missed")."""
    people = lexicon()["people"] | {"you"}
    if {"sorry", "if", "unless", "case"} & set(lows) or _OURS & set(lows) - {"we"}:
        return None
    for n, w in enumerate(lows[:-1]):
        if w not in people or (n and lows[n - 1] in ("for", "to", "of", "with")):
            continue  # "for customers who ...", "to you": not the subject
        verb = lows[n + 1]
        lemma = verb_lemma(verb, "VBD") or (verb if verb in _NEGLECTS else None)
        if lemma == "miss":
            if not set(lows[n + 2 : n + 6]) & _MISSABLE:
                continue  # "you missed your connection": a harm to them
        elif lemma not in _NEGLECTS:
            continue
        if "we" in lows and not _only_refusing(lows):
            return None
        return Hit(
            "blame_customer",
            (sentence[n].start, sentence[n + 1].end),
            "the customer is named as the one who let it slip",
            'Say what we will do so it cannot slip: "We will text you the day before, and '
            'you can rebook online at any time."',
        )
    return None


def _untold(sentence: list[Token], lows: list[str]) -> Hit | None:
    """ "You did not tell us you had moved", "you never replied to our letter": a duty of
    theirs left undone, said as the reason."""
    if _NOT.isdisjoint(lows):
        return None  # the word after the doer is one of _NOT: none here (one C scan)
    people = lexicon()["people"]
    at = next(
        (n for n, w in enumerate(lows) if (w == "you" and (n == 0 or lows[n - 1] in _CAUSES))
         or (w in people and n and lows[n - 1] in _CAUSES)), None
    )  # "You did not tell us", "because you never updated it", "because people don't tell"
    joined = None if at is not None else next(
        (n for n, w in enumerate(lows) if w == "you" and n > 1
         and lows[n - 1] in ("and", "but") and lows[n - 2] == ","), None)
    at = at if at is not None else joined  # "..., and you did not keep yours"
    if at is None or len(lows) < at + 3 or lows[at + 1] not in _NOT:
        return None
    k = at + 2 + (lows[at + 1] in ("did", "had", "do") and lows[at + 2] == "not")
    if lows[at + 1] in ("do", "did", "had") and lows[at + 2] not in ("not", "never"):
        return None  # "because you do ...", "you had told us you planned to sow": no omission
    duties = lexicon()["customer_duties"]
    lemma = (verb_lemma(lows[k], "VBN") or lows[k]) if k < len(lows) else None
    if lemma not in duties and not (
        at == joined and lows[at + 1] in ("did", "didn't", "didn’t", "never")
        and lemma and lemmas(lemma).get("VERB") and lemma not in _NOT_DUTIES
        and _only_refusing(lows)
    ):  # "and you did not keep yours": any act of theirs but a harm or a reassurance
        return None
    return Hit(
        "blame_customer",
        (sentence[at].start, sentence[k].end),
        "what they did not do is given as the reason",
        'Say what we got wrong: "We should have checked this with you. That is on us, not you."',
    )


def _refused_for_their_choice(sentence: list[Token], lows: list[str], end: int) -> Hit | None:
    """ "Since you booked through a travel agent, we cannot help": their choice as the reason
    we refuse."""
    if lows[:1] not in (["since"], ["as"], ["because"]) or lows[1:2] != ["you"]:
        return None
    if not any(w in _REFUSAL or (w == "not" and lows[n - 1] in ("can", "could", "will"))
               or (w == "to" and lows[n - 1] in ("has", "have", "had"))  # "the refund has to"
               or w == "must"
               for n, w in enumerate(lows[2:], 2)):
        return None
    return Hit(
        "blame_customer",
        (sentence[0].start, end),
        "their choice is the reason we refuse",
        'Say what we will do for them: "We will sort this out with them for you by Friday."',
    )


def _their_input_wrong(sentence: list[Token], lows: list[str]) -> Hit | None:
    """ "Your meter reading was wrong, which is why the bill was high": what they gave us
    called wrong, with nothing of ours named."""
    words = lexicon()
    if lows[:1] != ["your"] or _OURS & set(lows):
        return None
    be = next((n for n, w in enumerate(lows[:6]) if w in ("was", "were", "is", "are")), None)
    if be is None or lows[be - 1] not in words["customer_inputs"] or be + 1 >= len(lows):
        return None
    if lows[be + 1] not in words["customer_faults"] | {"wrong", "incorrect", "invalid", "too"}:
        return None
    return Hit(
        "blame_customer",
        (sentence[0].start, sentence[be + 1].end),
        "what they gave us is called wrong",
        'Say what we got wrong: "We should have checked this with you before we used it. '
        'That is on us, not you."',
    )


_NEXT_TIME = ("next time", "in future", "in the future", "from now on")
_TOLD = {"please", "make", "ensure", "remember", "always", "check", "kindly", "note"}


def _their_side(sentence: list[Token], lows: list[str]) -> Hit | None:
    """ "The problem was on your side", "the fault lies with your router": the cause placed
    with the customer, with nothing of ours named."""
    words = lexicon()
    if "your" not in lows or _OURS & set(lows):
        return None
    nouns = words["cause_nouns"] | words["failure_nouns"]
    noun = next((n for n, w in enumerate(lows[:4]) if w in nouns), None)
    if noun is None or lows[noun + 1 : noun + 2] not in (["was"], ["is"], ["lies"], ["lay"]):
        return None
    if lows[noun + 2 : noun + 4] not in (["on", "your"], ["with", "your"], ["at", "your"],
                                         ["in", "your"]):
        return None
    return Hit(
        "blame_customer",
        (sentence[0].start, sentence[min(noun + 4, len(sentence) - 1)].end),
        "the cause is placed with the customer",
        'Say what we got wrong: "Our service should have worked with your set-up. We are '
        'fixing that."',
    )


_FROM_THEM = frozenset(("from", "by", "of", "with", "to"))


def _them_not_doing(sentence: list[Token], lows: list[str]) -> Hit | None:
    """ "Problems come from customers not reading the instructions": their omission as the
    cause, said of customers in general."""
    if _FROM_THEM.isdisjoint(lows):
        return None
    people = lexicon()["people"] | {"you"}
    for n, w in enumerate(lows[1:-2], 1):
        if w not in people or lows[n - 1] not in ("from", "by", "of", "with", "to"):
            continue
        nxt, verb = lows[n + 1], lows[n + 2]
        wrongly = nxt.endswith("ing") and nxt not in _SEEING and bool(
            set(lows[n + 2 : n + 8]) & {"wrongly", "incorrectly", "wrong", "mistakenly"}
        )  # "down to customers typing their address wrongly"
        if (nxt == "not" and verb.endswith("ing") and verb not in _SEEING) or nxt in (
            "failing", "forgetting", "neglecting", "ignoring", "skipping", "missing"
        ) or wrongly:
            return Hit(
                "blame_customer",
                (sentence[n].start, sentence[n + 2].end),
                "their omission is given as the cause",
                'Say what we got wrong: "Our instructions were not clear enough. We have '
                'rewritten them."',
            )
    return None


def _next_time(sentence: list[Token], lows: list[str], end: int) -> Hit | None:
    """ "Please make sure you enter the correct address next time": the customer told to take
    more care, which says the mistake was theirs."""
    if lows[0] not in _TOLD or not any(p in " ".join(lows) for p in _NEXT_TIME):
        return None
    if {"we", "our", "us"} & set(lows[:4]):
        return None  # "please let us know next time": asking for their help, not blaming
    return Hit(
        "blame_customer",
        (sentence[0].start, end),
        "the customer is told to take more care next time",
        'Say what we will do: "Next time we will check this with you before we send anything."',
    )

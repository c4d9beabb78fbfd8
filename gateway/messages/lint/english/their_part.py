"""The customer's part made the subject or the reason, in shapes the ninth round met:
their lapse as a gerund subject ("Drivers forgetting to end their rental is the main reason
..."), what "anyone who reads the rules knows", and a penalty that "reflects the fact that
your salary arrived late". Each is read by its roles (people + a verb of neglect, a generic
reader + "knows", a penalty noun + a link + their thing), not by its words.
"""

from __future__ import annotations

from functools import lru_cache

from gateway.messages.lint.english.parse import Token, lemmas, lexicon, read, sentence_case
from gateway.messages.lint.findings import Hit

_NEGLECTING = {"forgetting", "failing", "neglecting", "ignoring", "missing", "skipping",
               "overlooking", "not"}
# what makes the lapse the cause: "is the main reason for", "led to", "means"
_CAUSING = {"reason", "reasons", "cause", "causes", "caused", "why", "led", "leads", "means",
            "meant", "result", "results", "behind", "responsible"}
_VERBS_AFTER = {"is", "was", "are", "were", "has", "have", "causes", "caused", "led", "leads",
                "means", "meant", ","}
_GENERIC = {"anyone", "anybody", "everyone", "everybody", "any", "all", "most"}
_KNOWING = {"knows", "know", "understands", "understand", "realises", "realizes", "sees",
            "would", "will", "can", "should"}
_PENALTIES = {"fee", "fees", "fine", "fines", "charge", "charges", "penalty", "penalties",
              "surcharge", "interest"}
_LINKS = {"reflects", "reflect", "because", "since", "due", "fact", "following", "result",
          "reflected", "followed"}
_FAULTS = {"late", "expired", "lapsed", "missing", "insufficient", "overdue", "short", "unpaid",
           "early", "wrong", "incomplete", "out"}
_GATE = ("forgetting", "failing", "neglecting", "ignoring", "skipping", "overlooking", " not ",
         "who ", "fee", "fine", "charge", "penalt", "surcharge", "interest", "?", "never",
         "n't", "choice", "chose", "opted", "decided", "nobody", "no one", "explain", "state",
         "result", "consequence", "refund")


def their_part(text: str) -> list[Hit]:
    """Every sentence that makes the customer's part the subject or the reason."""
    low = text.lower()
    if not any(g in low for g in _GATE):
        return []
    hits = []
    for sentence, end, lows, said in read(text):
        if said.isdisjoint(_ANY_SHAPE) and text[end : end + 1] != "?":
            continue  # none of the words any shape below needs
        hit = (
            (not said.isdisjoint(_NEGLECTING) and _lapse_as_subject(text, sentence, lows, end))
            or (lows[0] in _GENERIC and _as_anyone_knows(text, sentence, lows, end))
            or (not said.isdisjoint(_PENALTIES) and _penalty_for_their_state(sentence, lows))
            or _tried_yourself(text, sentence, lows, end)
            or (not said.isdisjoint(_GROUPED) and _penalised_group(sentence, lows))
            or ("you" in said and _never_did(sentence, lows))
            or (not said.isdisjoint(_CHOICE) and _their_choice_costs(sentence, lows))
            or (not said.isdisjoint(_NOBODY) and _nobody_there(sentence, lows))
            or ("as" in said and _as_our_papers_say(sentence, lows))
            or (not said.isdisjoint(_RESULT) and _result_of_lapse(sentence, lows))
        )
        if hit:
            hits.append(hit)
    return hits


def _lapse_as_subject(text: str, sentence: list[Token], lows: list[str], end: int) -> Hit | None:
    """ "Drivers forgetting to end their rental is the main reason for these charges"."""
    people = lexicon()["people"] | {"you", "your"}
    for n, w in enumerate(lows[:-2]):
        nxt = lows[n + 1]
        if w not in people or nxt not in _NEGLECTING:
            continue
        if nxt == "not" and not lows[n + 2].endswith("ing"):
            continue  # "customers not affected": not a lapse
        if _CAUSING.isdisjoint(lows[n + 2 :]):
            continue  # "customers not using the app can call us": no cause made of it
        to = next((k for k in range(n + 2, min(n + 5, len(lows))) if lows[k] == "to"), None)
        stop = next((k for k in range(to + 1, len(lows)) if lows[k] in _VERBS_AFTER),
                    len(lows)) if to is not None else None
        task = (text[sentence[to + 1].start : sentence[stop - 1].end]
                if to is not None and stop is not None and stop > to + 1 else "get this right")
        task = f" {task} ".replace(" their ", " your ").strip()  # "end their rental" -> "your"
        return Hit(
            "blame_customer",
            (sentence[n].start, sentence[n + 1].end),
            "their lapse is made the cause",
            f'Say what we will change: "We will make it easier to {task}: <what we are '
            'changing, and when>."',
        )
    return None


def _as_anyone_knows(text: str, sentence: list[Token], lows: list[str], end: int) -> Hit | None:
    """ "Anyone who reads the marina rules knows visitor berths must be booked ahead"."""
    if lows[:1] == [] or lows[0] not in _GENERIC:
        return None
    who = next((k for k in range(1, min(4, len(lows))) if lows[k] in ("who", "that")), None)
    if who is None:
        return None
    knows = next((k for k in range(who + 2, min(who + 12, len(lows)))
                  if lows[k] in _KNOWING and (lows[k] in ("knows", "know", "understands",
                                                          "understand", "realises", "realizes",
                                                          "sees")
                                              or lows[k + 1 : k + 2] in (["know"], ["see"],
                                                                         ["understand"]))),
                 None)
    if knows is None:
        return None
    at = knows + (1 if lows[knows] in ("would", "will", "can", "should") else 0) + 1
    at += lows[at : at + 1] == ["that"]
    known = text[sentence[at].start : end].strip().rstrip(".") if at < len(sentence) else "this"
    return Hit(
        "blame_customer",
        (sentence[0].start, sentence[knows].end),
        "what everyone should know is held against them",
        f'Say what we should have done: "We should have told you that {known}. <What we will '
        'do now>."',
    )


def _penalty_for_their_state(sentence: list[Token], lows: list[str]) -> Hit | None:
    """ "The overdraft fee reflects the fact that your salary arrived a day late"."""
    penalty = next((w for w in lows if w in _PENALTIES), None)
    link = next((k for k, w in enumerate(lows) if w in _LINKS), None)
    if penalty is None or link is None or "your" not in lows[link:] or {"we", "our"} & set(
            lows[link:]):
        return None
    if _FAULTS.isdisjoint(lows[link:]):
        return None
    return Hit(
        "blame_customer",
        (sentence[link].start, sentence[-1].end),
        f"the {penalty} is put down to their circumstances",
        sentence_case(f'Say what we will do: "We will take the {penalty} off by <day>. We should '
                      'have checked with you before charging it."'),
    )


_ASKING = {"have", "did", "do", "could", "can", "would"}
# what a customer could try for themselves: "Have you tried restarting it?"
_SELF_HELP = {"tried", "try", "checked", "check", "read", "restarted", "restart", "cleared",
              "clear", "updated", "update", "looked", "look", "followed", "follow", "made"}


def _tried_yourself(text: str, sentence: list[Token], lows: list[str], end: int) -> Hit | None:
    """ "Have you tried restarting the tracker before contacting us?": a question that puts
    the fix on them."""
    if text[end : end + 1] != "?" or lows[:2] == [] or lows[0] not in _ASKING:
        return None
    if lows[1:2] != ["you"] or lows[2:3] == [] or lows[2] not in _SELF_HELP:
        return None
    if lows[2] in ("tried", "try") and not lows[3:4] or lows[2] in ("tried", "try") and not (
            lows[3].endswith("ing")):
        return None  # "Have you tried our new app yet?": an offer, not a fix put on them
    stop = next((k for k in range(3, len(lows)) if lows[k] in ("before", "first", ",")),
                len(lows))
    what = text[sentence[3].start : sentence[stop - 1].end] if stop > 3 else "the usual steps"
    return Hit(
        "blame_customer",
        (sentence[0].start, sentence[2].end),
        "a question that puts the fix on them",
        f'Offer the fix and what we will do: "{sentence_case(what)} may fix it; if it does not, '
        'reply and we will <what we will do> by <day and time>."',
    )


_PENALISING = {"forfeit", "forfeits", "lose", "loses", "pay", "pays", "are", "is", "will", "get",
               "gets", "face", "faces", "incur", "incurs", "build"}
_LAPSES = {"late", "early", "wrongly", "incorrectly", "without", "don't", "don’t", "doesn't",
           "doesn’t", "not", "never", "fail", "forget", "miss", "ignore"}


def _penalised_group(sentence: list[Token], lows: list[str]) -> Hit | None:
    """ "Exam candidates who log in late forfeit their slot", "charges build up for drivers
    who don't set up autopay": a penalty tied to a group of customers by what they did not
    do or did late."""
    people = lexicon()["people"] | {"passenger", "customer", "guest", "member", "buyer", "user",
                                    "holder", "client", "tenant", "patient", "student"}
    refused = "no" in lows and bool({"refunds", "refund", "exchanges", "compensation"} & set(lows))
    if _REMEDIES & set(lows) and not refused:
        return None  # "customers who paid late will get the fee back": a remedy
    for n, w in enumerate(lows[:-2]):
        where = w in people and n > 1 and lows[n - 2] in ("where", "when", "if") and refused
        if not (w in people or _role_plural(w)) or (lows[n + 1] not in ("who", "that")
                                                    and not where):
            continue  # "where the passenger fails to arrive": a group by its lapse
        clause = lows[n + 1 : n + 9]
        if _LAPSES.isdisjoint(clause) and not {"fails", "forgets", "misses"} & set(clause):
            continue
        penalty = set(lows) & (_PENALTIES | {"forfeit", "forfeits", "lose", "loses", "incur"}) or (
            refused)
        if not penalty:
            continue
        return Hit(
            "blame_customer",
            (sentence[n].start, sentence[min(n + 8, len(sentence) - 1)].end),
            "a penalty tied to what customers did not do",
            'Say what we do to help them avoid it: "We will remind you <when> before <the '
            'deadline>, and <how to put it right>."',
        )
    return None


_REMEDIES = {"back", "refund", "refunded", "waive", "waived", "credit", "credited", "off",
             "remove", "removed", "cancel", "cancelled", "free"}


def _role_plural(word: str) -> bool:
    """ "candidates", "tenants", "drivers": people named by a role, by the noun's ending."""
    return word.endswith(("ers", "ists", "ians", "ants", "ents", "ates", "ees", "ors")) and (
        "NOUN" in lemmas(word)) and word not in lexicon()["not_agents"]


_NEVER = {"never", "didn't", "didn’t", "not", "hadn't", "hadn’t"}


@lru_cache(maxsize=1)
def _duties() -> frozenset[str]:
    """What a customer is asked to do, built once: the lexicon's duties and a few more."""
    return frozenset(lexicon()["customer_duties"] | {"claim", "collect", "reply", "answer", "pay",
                                                     "book", "renew", "read", "open", "use"})


def _never_did(sentence: list[Token], lows: list[str]) -> Hit | None:
    """ "The prize went to the runner-up since you never claimed it": their omission as the
    cause of their loss."""
    for n, w in enumerate(lows[1:-3], 1):
        if w not in ("because", "since", "as") or lows[n + 1] != "you":
            continue
        k = n + 2
        if lows[k] in ("did", "had") and lows[k + 1 : k + 2] == ["not"]:
            k += 1
        if lows[k] not in _NEVER:
            continue
        verb = lows[k + 1] if k + 1 < len(lows) else ""
        if not any(v in _duties() for v in lemmas(verb).get("VERB", ())):
            continue
        return Hit(
            "blame_customer",
            (sentence[n].start, sentence[k + 1].end),
            "what they did not do is given as the cause",
            'Say what we should have done: "We should have reminded you before <the deadline>. '
            '<What we will do now>."',
        )
    return None


_CHOICE = {"choice", "decision", "preference", "chose", "opted", "decided", "prefer", "choose"}


def _their_choice_costs(sentence: list[Token], lows: list[str]) -> Hit | None:
    """ "It's your own choice to keep paper statements, so the £2 fee applies"."""
    choice = next((n for n, w in enumerate(lows) if w in _CHOICE
                   and {"your", "you"} & set(lows[max(0, n - 3) : n])), None)
    if choice is None:
        return None
    link = next((k for k in range(choice + 1, len(lows)) if lows[k] in ("so", "therefore",
                                                                         "hence", "which")), None)
    penalty = next((w for w in lows[link or len(lows) :] if w in _PENALTIES), None)
    if link is None or penalty is None:
        return None
    return Hit(
        "blame_customer",
        (sentence[max(0, choice - 2)].start, sentence[-1].end),
        f"their choice is given as the reason for the {penalty}",
        f'Say what it costs and the free way: "The {penalty} is <amount> for <what>; you can '
        '<the free option> in <where>, and we will <help with it>."',
    )


_ANSWERED = {"answered", "opened", "came", "responded", "replied", "was", "were", "picked"}


def _nobody_there(sentence: list[Token], lows: list[str]) -> Hit | None:
    """ "The sweep could not get in because nobody answered the door": their absence as the
    cause of what we did not do."""
    for n, w in enumerate(lows[:-2]):
        if w not in ("because", "as", "since"):
            continue
        k = n + 1 + (lows[n + 1 : n + 3] == ["no", "one"])
        if lows[n + 1] not in ("nobody", "no") or lows[k + 1 : k + 2] == [] or (
                lows[k + 1] not in _ANSWERED):
            continue
        return Hit(
            "blame_customer",
            (sentence[n].start, sentence[k + 1].end),
            "their absence is given as the cause",
            'Say what we should have done: "We should have agreed a time with you first. '
            '<When we will come back>."',
        )
    return None


_PAPERS = {"leaflet", "terms", "website", "guide", "instructions", "letter", "email", "policy",
           "conditions", "faq", "faqs", "booklet", "form", "rules", "contract", "agreement"}
_EXPLAINS = {"explains", "explained", "states", "stated", "says", "said", "sets", "set", "makes",
             "made", "shows", "showed", "specifies", "specified"}


def _as_our_papers_say(sentence: list[Token], lows: list[str]) -> Hit | None:
    """ "... when the sample is not labelled as our leaflet explains": what we wrote cited
    as the rule they broke."""
    for n, w in enumerate(lows[:-3]):
        if w != "as" or lows[n + 1] not in ("our", "the"):
            continue
        paper = next((k for k in range(n + 2, min(n + 4, len(lows))) if lows[k] in _PAPERS), None)
        if paper is None or lows[paper + 1 : paper + 2] == [] or lows[paper + 1] not in _EXPLAINS:
            continue
        if not {"not", "never", "don't", "didn't", "isn't", "wasn't", "fail", "fails"} & set(lows):
            continue  # "as our letter explains, your new card works from Monday": information
        return Hit(
            "blame_customer",
            (sentence[n].start, sentence[paper + 1].end),
            "what we wrote is cited as the rule they broke",
            'Say what we will do: "We should have made this clearer. <What we will do now, and '
            'how we will make it easy next time>."',
        )
    return None


_RESULT = {"result", "consequence", "outcome", "product"}
_MISSED = {"missed", "late", "unpaid", "overdue", "skipped", "bounced", "failed", "lapsed"}


def _result_of_lapse(sentence: list[Token], lows: list[str]) -> Hit | None:
    """ "Your locked-out e-bike is the result of three missed payments": their lapse as the
    cause of what happened to them."""
    for n, w in enumerate(lows[:-2]):
        if w not in _RESULT or lows[n + 1] != "of" or _MISSED.isdisjoint(lows[n + 2 : n + 6]):
            continue
        if {"our", "we", "us"} & set(lows[n:]):
            continue
        return Hit(
            "blame_customer",
            (sentence[max(0, n - 2)].start, sentence[-1].end),
            "their lapse is given as the cause",
            'Say what we will do: "We should have warned you before it came to this. <What we '
            'will do now, and by when>."',
        )
    return None


_GROUPED = {"who", "that", "where", "when", "if"}
_NOBODY = {"nobody", "no"}
_ANY_SHAPE = (_NEGLECTING | _GENERIC | _PENALTIES | _GROUPED | {"you"} | _CHOICE | _NOBODY
              | {"as"} | _RESULT)

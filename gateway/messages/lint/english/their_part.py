"""The customer's part made the subject or the reason, in shapes the ninth round met:
their lapse as a gerund subject ("Drivers forgetting to end their rental is the main reason
..."), what "anyone who reads the rules knows", and a penalty that "reflects the fact that
your salary arrived late". Each is read by its roles (people + a verb of neglect, a generic
reader + "knows", a penalty noun + a link + their thing), not by its words.
"""

from __future__ import annotations

import re
from functools import lru_cache

from gateway.messages.lint.english.parse import (
    Token,
    lemmas,
    lexicon,
    lowered,
    owns,
    read,
    sentence_case,
    verb_lemma,
)
from gateway.messages.lint.english.their_causes import _harm_in
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
         "result", "consequence", "refund", "did ", "remember", "which is what", "that's what",
         "that is what", "so that's", "like yours", "as ", "after ", "remind", "expect",
         "because you", "exception")


def their_part(text: str) -> list[Hit]:
    """Every sentence that makes the customer's part the subject or the reason."""
    low = lowered(text)
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
            or ("did" in said and _we_did_our_part(sentence, lows))
            or (not {"remember", "reminder"}.isdisjoint(said)
                and _reminded_of_their_step(sentence, lows))
            or ("expect" in said and _told_to_expect(sentence, lows))
            or ("you" in said and _their_act_then_harm(sentence, lows))
            or ("yours" in said and _like_yours(sentence, lows))
            or (not said.isdisjoint(("yours", "exception", "you")) and not said.isdisjoint((
                "who", "because")) and _group_like_them(sentence, lows))
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


# what they failed to do, in one verb: "because you missed two of your fitting appointments"
_LAPSE_VERBS = {"miss", "forget", "ignore", "neglect", "skip", "overlook", "fail"}


def _never_did(sentence: list[Token], lows: list[str]) -> Hit | None:
    """ "The prize went to the runner-up since you never claimed it": their omission as the
    cause of their loss."""
    for n, w in enumerate(lows[1:-3], 1):
        if w not in ("because", "since", "as") or lows[n + 1] != "you":
            continue
        k = n + 2
        if lows[k] in ("did", "had") and lows[k + 1 : k + 2] == ["not"]:
            k += 1
        lapsed = k == n + 2 and verb_lemma(lows[k], "VBD") in _LAPSE_VERBS
        if lows[k] not in _NEVER and not lapsed:
            continue
        verb = lows[k + 1] if k + 1 < len(lows) else ""
        if not lapsed and not any(v in _duties() for v in lemmas(verb).get("VERB", ())):
            continue  # "because you missed two fittings": a lapse of theirs, in its own verb
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
           "conditions", "faq", "faqs", "booklet", "form", "rules", "contract", "agreement",
           "page", "notice", "sign", "signs", "receipt", "confirmation", "ticket", "tickets",
           "print"}
_EXPLAINS = {"explains", "explained", "states", "stated", "says", "said", "sets", "set", "makes",
             "made", "shows", "showed", "specifies", "specified", "make", "explain", "state",
             "say", "show", "specify", "warns", "warned", "warn"}
# what the rule cited takes from them: "lose their reserved pitch", "forfeit the deposit"
_LOST = {"lose", "loses", "lost", "forfeit", "forfeits", "forfeited", "charged", "fee", "fine",
         "cancelled", "canceled", "void", "voided", "refused", "withdrawn", "deleted", "removed",
         "closed", "suspended", "erased", "wiped", "blocked"}


def _as_our_papers_say(sentence: list[Token], lows: list[str]) -> Hit | None:
    """ "... when the sample is not labelled as our leaflet explains": what we wrote cited
    as the rule they broke."""
    for n, w in enumerate(lows[:-3]):
        if w != "as" or lows[n + 1] not in ("our", "the"):
            continue
        paper = next((k for k in range(n + 2, min(n + 4, len(lows))) if lows[k] in _PAPERS), None)
        if paper is None:
            continue
        says = paper + 1
        if lows[says : says + 1] == ["you"]:  # "the terms you agreed to make clear"
            says += 2 + (lows[says + 2 : says + 3] == ["to"])
        while says < len(lows) and lows[says].endswith("ly"):
            says += 1  # "as our booking page clearly states"
        if lows[says : says + 1] == [] or lows[says] not in _EXPLAINS:
            continue
        if not {"not", "never", "don't", "didn't", "isn't", "wasn't", "fail", "fails"} & set(
                lows) and not _LOST & set(lows) and not any(w.startswith("non-") for w in lows):
            continue  # "as our letter explains, your new card works from Monday": information
        return Hit(
            "blame_customer",
            (sentence[n].start, sentence[says].end),
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
              | {"as"} | _RESULT | {"did", "remember", "reminder", "yours", "expect", "exception"})


# what we say we did for them, with an emphatic "did": "We did send you two reminders"
_TOLD_THEM = {"send", "tell", "remind", "warn", "email", "write", "text", "call", "inform",
              "notify", "explain", "mention", "post", "let", "give", "ask", "advise", "say",
              "try", "leave", "offer", "make"}


def _we_did_our_part(sentence: list[Token], lows: list[str]) -> Hit | None:
    """ "We did send you two reminders before your code expired": an emphatic "did" that
    insists we did our part, so what went wrong must be theirs."""
    for n, w in enumerate(lows[:-2]):
        if w != "we" or lows[n + 1] != "did" or (n and lows[n - 1] in ("what", "as", "if")):
            continue
        verb = lows[n + 2]
        if verb not in _TOLD_THEM and not (verb == "in" and lows[n + 3 : n + 4] == ["fact"]):
            continue
        if owns(sentence) or {"sorry", "but", "wrong", "mistake"} & set(lows):
            return None  # "we did send it, but to the wrong address": owned
        return Hit(
            "blame_customer",
            (sentence[n].start, sentence[n + 2].end),
            "we insist we did our part",
            'Say what we will do: "We should have made sure it reached you. <What we will do '
            'now, and by when>."',
        )
    return None


_CONDITION_ON_THEM = re.compile(r"\b(?:once|unless|until|only if|only when|after) you (?:have |"
                                r"'ve |’ve )?\w+|\byourself\b|\bonly (?:valid|accepted|honoured"
                                r"|honored|refunded|covered|active) (?:when|if|once|until)\b")


def _reminded_of_their_step(sentence: list[Token], lows: list[str]) -> Hit | None:
    """ "Please remember that offers only load once you have activated them yourself": the
    customer reminded of a step of theirs, which says the miss was theirs."""
    said = " ".join(lows)
    at = said.find("remember")
    if at < 0 or said[:at].split()[-1:] not in ([], ["please"], ["just"], ["do"]):
        at = said.find("reminder that")  # "Just a reminder that permits are only valid when"
        if at < 0 or said[:at].split()[-2:] not in (["just", "a"], ["a"], ["as", "a"]):
            return None
    rest = said[at:]
    if not _CONDITION_ON_THEM.search(rest) or {"we", "our", "us"} & set(rest.split()[:3]):
        return None
    return Hit(
        "blame_customer",
        (sentence[0].start, sentence[-1].end),
        "the customer is reminded of a step of theirs",
        'Say what we will do: "We should have made this step clearer. <What we have put right '
        'for you, and by when>."',
    )


# what we say we see, before what they did: "We can see you scanned ..."
_FRAMES = ((), ("we", "can", "see"), ("we", "see"), ("we", "can", "see", "that"),
           ("we", "see", "that"), ("it", "looks", "like"), ("our", "records", "show"),
           ("it", "seems"), ("looking", "at", "your"))
_RESULT_LINKS = re.compile(r"(?:,|\band|\bso) (?:which|that|this|that's|that’s) (?:is |was )?"
                           r"(?:what|why|how)\b|, (?:which|so) (?:meant|means|caused|led)\b"
                           r"|\bso that(?:'s|’s| is| was) (?:the|why|what)\b")
# a word each of _RESULT_LINKS's shapes holds ("which"/"that"/"this" after ", and, so"; ", which
# meant", ", so meant"; "so that's"): a sentence of words joined by spaces with none has no link
_LINK_WORDS = frozenset({"which", "that", "this", "that's", "that’s", "so"})
_CHOSEN = {"pick", "choose", "select", "enter", "give", "type", "book", "put", "tick", "set"}


def _their_act_then_harm(sentence: list[Token], lows: list[str]) -> Hit | None:
    """ "We can see you scanned an adult ticket at the child gate, which is what held up your
    group", "the 13th is the date you picked at checkout, so that's the day the bouquet went
    out": their act, then what followed put down to it."""
    if _LINK_WORDS.isdisjoint(lows):
        return None  # every link holds one of these as a word: no pass of the pattern
    said = " ".join(lows)
    link = _RESULT_LINKS.search(said)
    if link is None or owns(sentence) or {"sorry", "apologise", "apologies", "if"} & set(lows):
        return None
    before = said[: link.start()].split()
    you = next((n for n, w in enumerate(before) if w == "you"), None)
    if you is None or you + 1 >= len(before):
        return None
    frame = tuple(before[:you])
    lemma = verb_lemma(before[you + 1], "VBD")
    chosen = lemma in _CHOSEN and you >= 2 and before[you - 1] not in ("that", "which")
    if not lemma or lemma in ("get", "receive", "ask", "tell", "report", "contact", "call"):
        return None
    if not (frame in _FRAMES or any(frame[: len(f)] == f for f in _FRAMES if f) or chosen):
        return None
    after = said[link.end() :].split()
    if not (_harm_in(after) or chosen or {"held", "stopped", "blocked", "charged"} & set(after)):
        return None
    return Hit(
        "blame_customer",
        (sentence[0].start, sentence[-1].end),
        "what they did is given as the reason for what went wrong",
        'Say what we will do, not what they did: "We should have checked this with you. '
        '<What we will do now, and by when>."',
    )


def _told_to_expect(sentence: list[Token], lows: list[str]) -> Hit | None:
    """ "Anyone who books a removal van for a Saturday should expect the price to be higher":
    the cost put on those who chose it, as what they should have known."""
    people = lexicon()["people"] | _GENERIC
    for n, w in enumerate(lows[:-3]):
        if w not in people or lows[n + 1] not in ("who", "that"):
            continue
        rest = lows[n + 2 :]
        at = next((k for k in range(len(rest) - 1) if rest[k] in ("should", "must")
                   and rest[k + 1] == "expect"), None)
        if at is None or {"we", "our", "us"} & set(rest[:at]):
            continue
        return Hit(
            "blame_customer",
            (sentence[n].start, sentence[-1].end),
            "the cost is put on those who chose it",
            'Say it plainly and what we will do: "<The price or the wait>, and here is how to '
            'avoid it: <the cheaper or quicker option>."',
        )
    return None


_LIKE_THEM = (["like", "yours"], ["as", "yours"], ["like", "you"], ["as", "you", "did"],
              ["such", "as", "yours"], ["like", "your"], ["no", "exception"])


# how a habit is told: "usually end up with", "tend to", "always"
_HABITUAL = {"usually", "often", "always", "tend", "tends", "typically", "generally", "end",
             "ends", "invariably", "normally", "commonly", "inevitably", "most", "exception"}


def _group_like_them(sentence: list[Token], lows: list[str]) -> Hit | None:
    """ "Tenants who leave windows shut all winter usually end up with mould like yours": a
    group named by what it does, its result then tied to the customer's own harm."""
    at = lows.index("who") if "who" in lows else next(
        (k + 2 for k, w in enumerate(lows[:-2]) if w == "because" and lows[k + 1].endswith("s")
         and lows[k + 1] not in ("its", "this", "us", "was") and "NOUN" in lemmas(lows[k + 1])),
        0)  # "because owners arrive late": a group by what it does, after "because"
    if not at or "NOUN" not in lemmas(lows[at - 1]) or {"we", "our", "us"} & set(lows[:at]):
        return None
    tail = lows[at + 1 :]
    if _HABITUAL.isdisjoint(tail):
        return None  # "Customers who booked before May, like you, get the old price": a fact
    if not any(tail[k : k + len(t)] == t for k in range(len(tail)) for t in _LIKE_THEM):
        return None
    return Hit(
        "blame_customer",
        (sentence[at - 1].start, sentence[-1].end),
        "their harm is put down to what people like them do",
        'Say what we will do about their harm: "We will <fix it> by <day>. If there is '
        'something that helps prevent it, here it is: <the tip, as advice, not as the cause>."',
    )


def _like_yours(sentence: list[Token], lows: list[str]) -> Hit | None:
    """ "Bags without a name label inside, like yours, always take us longer to trace": the
    customer's thing put in a group by what it lacks, as the reason it went wrong."""
    said = " ".join(lows)
    at = said.find(", like yours ,")
    if at < 0 or not {"without", "no", "missing", "unlabelled", "unmarked"} & set(
            said[:at].split()):
        return None
    return Hit(
        "blame_customer",
        (sentence[0].start, sentence[-1].end),
        "their thing is put in a group by what it lacked",
        'Say what we will do: "We are still tracing your bag, and we will tell you by <day> '
        'where it is."',
    )

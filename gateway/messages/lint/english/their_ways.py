"""The customer's own ways given as the cause, in the shapes met in the eighth round: a
penalty "because you let your card expire", our work undone "as it was not at the kerb", a harm
"by saving it to the shared drive", an omission fronted ("Having not booked a slot, you ..."),
our records cited against them, customers who did it right, "you could have avoided it by
...", and "caused by misuse"."""

from __future__ import annotations

import re

from gateway.messages.lint.english.parse import Token, lemmas, lexicon, verb_lemma
from gateway.messages.lint.english.their_causes import _CAUSES, _OURS, _RECEIVED
from gateway.messages.lint.findings import Hit

_PENALTY_NOUNS = {"fee", "fees", "fine", "fines", "charge", "charges", "penalty", "penalties",
                  "surcharge", "interest"}
_LAPSED = {"expire", "expired", "lapse", "lapsed", "run", "ran"}


def penalty_for_their_act(sentence: list[Token], lows: list[str]) -> Hit | None:
    """ "The late fee applied because you let your card details expire": a penalty, then a
    cause clause with them as the subject of whatever they did."""
    for n, w in enumerate(lows[1:-2], 1):
        if w not in _CAUSES or lows[n + 1] != "you" or _OURS & set(lows[n:]):
            continue
        lemma = verb_lemma(lows[n + 2], "VBD")
        if not lemma or lemma in _RECEIVED:
            continue
        penalty = next((p for p in lows[:n] if p in _PENALTY_NOUNS), None)
        if penalty is None and not _LAPSED & set(lows[n + 3 : n + 9]):
            continue
        return Hit(
            "blame_customer",
            (sentence[n].start, sentence[n + 2].end),
            "what they did is given as the reason for the penalty",
            'Say what we will do: "We should have reminded you in time. We have taken the '
            f'{penalty or "charge"} off your account."',
        )
    return None


_UNABLE = (("could", "not"), ("couldn't",), ("couldn’t",), ("were", "unable", "to"),
           ("was", "unable", "to"), ("did", "not"), ("didn't",), ("didn’t",), ("cannot",))
_UNREADY = {"not", "too", "no", "wasn't", "weren't", "wasn’t", "weren’t", "left", "blocked",
            "locked", "hidden", "overfilled", "full", "empty", "unavailable"}


def their_thing_unready(sentence: list[Token], lows: list[str], text: str) -> Hit | None:
    """ "We could not collect your bin as it was not at the kerb by 7am": what we failed to do,
    put down to the state their thing was in."""
    if lows[:1] != ["we"]:
        return None
    unable = next((u for u in _UNABLE if tuple(lows[1 : 1 + len(u)]) == u), None)
    cause = next((n for n, w in enumerate(lows) if w in _CAUSES and n > 2), None)
    if unable is None or cause is None or "your" not in lows[1:cause]:
        return None
    subject = lows[cause + 1 : cause + 4]
    be = next((k for k, w in enumerate(subject) if w in ("was", "were", "is", "are")), None)
    if be is None or subject[0] not in ("it", "they", "your", "the") or not (
        _UNREADY & set(lows[cause + 1 + be + 1 : cause + 1 + be + 3])
    ):
        return None
    verb_at = 1 + len(unable)
    done = text[sentence[verb_at].start : sentence[cause - 1].end]
    return Hit(
        "blame_customer",
        (sentence[cause].start, sentence[-1].end),
        "the state of their thing is given as why we did not do it",
        f'Say what we will do: "We will come back and {done} by <day and time>."',
    )


_HARMED = {"lose", "delete", "erase", "overwrite", "break", "damage", "lock", "void", "cancel",
           "invalidate", "forfeit", "miss", "trigger", "incur", "block", "wipe", "corrupt"}


def their_way_as_cause(sentence: list[Token], lows: list[str], text: str, end: int
                       ) -> Hit | None:
    """ "You lost your coursework by saving it to the shared drive instead of your own
    folder": the harm put down to the way they did something."""
    if lows[:1] != ["you"] or _OURS & set(lows) or len(lows) < 5:
        return None
    lemma = verb_lemma(lows[1], "VBD")
    if lemma not in _HARMED:
        return None
    by = next((n for n in range(2, len(lows) - 1) if lows[n] == "by"
               and lows[n + 1].endswith("ing") and verb_lemma(lows[n + 1], "VBG")), None)
    if by is None:
        return None
    how = text[sentence[by + 1].start : end].strip().rstrip(".")
    harmed = text[sentence[2].start : sentence[by - 1].end]
    return Hit(
        "blame_customer",
        (sentence[0].start, sentence[by + 1].end),
        "the harm is put down to the way they did it",
        f'Say what we should have done: "We should have warned you that {how} could '
        f'{lemma} {harmed}. <What we will do to put it right>."',
    )


_NOT_HAVING = (("having", "not"), ("not", "having"), ("by", "not"), ("having", "failed", "to"),
               ("without",))


def their_omission_first(sentence: list[Token], lows: list[str], text: str) -> Hit | None:
    """ "Having not booked a collection slot, you forfeited your deposit", "By not replying,
    you lost your place": what they did not do, fronted as the reason for what they lost."""
    if not lows or lows[0] not in ("having", "not", "by", "without"):
        return None
    lead = next((p for p in _NOT_HAVING if tuple(lows[: len(p)]) == p), None)
    if lead is None or "," not in lows:
        return None
    comma = lows.index(",")
    if _OURS & set(lows[comma:]):
        return None  # "Having not heard from you, we called": what we did next
    if not {"you", "your"} & set(lows[comma + 1 : comma + 3]) or comma < len(lead) + 1:
        return None
    verb = lows[len(lead)]
    lemma = verb_lemma(verb, "VBN") or verb_lemma(verb, "VBG") or (
        verb if verb_lemma(verb, "VBD") is None and verb.isalpha() else None)
    if lemma is None or lemma in _RECEIVED:
        return None
    act = " ".join([lemma] + [t.text for t in sentence[len(lead) + 1 : comma]])
    return Hit(
        "blame_customer",
        (sentence[0].start, sentence[comma - 1].end),
        "what they did not do is fronted as the reason",
        f'Say what we should have done: "We should have reminded you to {act}. <What we will '
        'do about it now>."',
    )


_RECORDS = {"records", "record", "system", "systems", "logs", "log", "notes", "files"}
_SHOW = {"show", "shows", "showed", "indicate", "indicates", "indicated", "suggest", "suggests"}


def records_against(sentence: list[Token], lows: list[str]) -> Hit | None:
    """ "Our records show the ticket was never handed in": our records cited against them,
    with something they did not do."""
    at = next((n for n, w in enumerate(lows[:5]) if w in _RECORDS
               and lows[n + 1 : n + 2] and lows[n + 1] in _SHOW), None)
    if at is None or not {"never", "not", "no", "n't"} & set(lows[at + 2 :]):
        return None
    if {"we", "us"} & set(lows[at + 2 :]):
        return None  # "our records show we never sent it": ours
    return Hit(
        "blame_customer",
        (sentence[0].start, sentence[min(at + 1, len(sentence) - 1)].end),
        "our records are cited against them",
        'Say what we will do, not what our records say they did: "We cannot find it on our '
        'side, so we will <put it right> by <day>."',
    )


_FINE = {"never", "rarely", "seldom", "don't", "don’t", "do", "won't", "won’t"}
_HAVE_IT = {"have", "get", "see", "experience", "hit", "face", "run"}


def others_fine(sentence: list[Token], lows: list[str], text: str) -> Hit | None:
    """ "Most patients who see a hygienist twice a year never have this problem": the
    customer compared with those who did it right."""
    if "who" not in lows and "that" not in lows:
        return None
    people = lexicon()["people"] | {"patients", "people", "those", "anyone", "others"}
    who = next((n for n, w in enumerate(lows[1:-4], 1) if w in ("who", "that")
                and lows[n - 1] in people), None)
    if who is None:
        return None
    for k in range(who + 2, len(lows) - 2):
        neg = lows[k] in _FINE and (lows[k] != "do" or lows[k + 1] == "not")
        step = k + 1 + (lows[k] == "do")
        if neg and lows[step] in _HAVE_IT and set(lows[step + 1 : step + 4]) & (
                lexicon()["failure_nouns"] | {"trouble"}):
            habit = text[sentence[who + 1].start : sentence[k - 1].end]
            return Hit(
                "blame_customer",
                (sentence[0].start, sentence[step].end),
                "they are compared with customers who did it right",
                f'Say what we will do for them: "We will fix this for you by <day>. If it '
                f'helps to {habit}, we will tell you how."',
            )
    return None


_AVOIDED = re.compile(r"\byou could have (avoided|prevented|saved|stopped|escaped|skipped|dodged) "
                      r"(.+?) by (\w+ing\b.*?)[?.!]?$", re.IGNORECASE)


def could_have_avoided(sentence: list[Token], text: str, end: int) -> Hit | None:
    """ "Did you know you could have avoided the late fee by setting up a direct debit?": how
    they could have spared themselves, said after the harm."""
    said = text[sentence[0].start : end].strip()
    found = _AVOIDED.search(said)
    if found is None:
        return None
    verb, what, how = found.group(1).lower(), found.group(2), found.group(3).rstrip("?.! ")
    return Hit(
        "blame_customer",
        (sentence[0].start, end),
        "they are told how they could have spared themselves",
        f'Say what we should have done: "We should have told you sooner that {how} '
        f'{"avoids" if verb == "avoided" else "prevents"} {what}. <What we will do about '
        f'{what} now>."',
    )


# a cause named as their handling: "caused by misuse", "due to improper use"
_MISHANDLED = re.compile(
    r"\b(?:caused by|due to|because of|result of|resulted from|down to|from|through) "
    r"(?:(?:the|some|your) )?(?:mis[a-z]+|(?:improper|incorrect|careless|wrong|user) "
    r"(?:use|usage|handling|installation|storage|fitting|operation|error)|user error|negligence"
    r"|abuse|neglect)\b",
    re.IGNORECASE,
)


def their_handling(sentence: list[Token], lows: list[str], text: str, end: int) -> Hit | None:
    """ "The damage to the hired drill appears to have been caused by misuse": the harm put
    down to how it was handled, with nobody of ours in the sentence."""
    if _OURS & set(lows):
        return None
    said = text[sentence[0].start : end]
    found = _MISHANDLED.search(said)
    if found is None:
        return None
    at = found.group(0).split()[-1].lower()
    if at.startswith("mis") and not lemmas(at).get("NOUN") and not at.endswith("ing"):
        return None  # "from Mississippi", "due to mismatch"? only nouns of handling
    start = sentence[0].start + found.start()
    return Hit(
        "blame_customer",
        (start, sentence[0].start + found.end()),
        "the harm is put down to how they used it",
        'Say what we will do: "We will repair or replace it free of charge by <day>; we are '
        'checking how it broke, and we will tell you what we find."',
    )


_RULES_CITED = re.compile(
    r"^(?:in line with|in accordance with|as per|per|under|according to|as set out in) "
    r"(?:our|the) (?:\w+ )?(?:terms|policy|policies|rules|conditions|contract|agreement)\b"
)
_ENDED = {"lapse", "cancel", "forfeit", "charge", "expire", "close", "withdraw", "lose", "remove",
          "suspend", "terminate", "end", "release", "void", "reject", "refuse", "fine"}


def rules_cited(sentence: list[Token], lows: list[str], text: str) -> Hit | None:
    """ "In line with our terms, your allotment lapsed once the rent went unpaid": the rules
    cited for what was taken from them."""
    said = " ".join(lows)
    if not _RULES_CITED.match(said) or "your" not in lows:
        return None
    ended = next((n for n, w in enumerate(lows) if (verb_lemma(w, "VBD") or verb_lemma(w, "VBN"))
                  in _ENDED), None)
    if ended is None:
        return None
    comma = lows.index(",") if "," in lows else 0
    what = text[sentence[comma + 1].start : sentence[ended].end] if comma else "it"
    return Hit(
        "blame_customer",
        (sentence[0].start, sentence[min(comma, len(sentence) - 1)].end),
        "our rules are cited for what was taken from them",
        f'Say what we should have done: "We should have warned you before {what}. <What we '
        'will do now: put it back, refund it>."',
    )


_THEIR_JOB = re.compile(
    r"\b(?:your|(?:the|each) (?:\w+)(?:'s|’s)) (?:own |sole )?responsibility\b|\bup to you to\b"
    r"|\bon you to\b|\bincumbent (?:up)?on you\b"
)


def their_responsibility(sentence: list[Token], lows: list[str], text: str, end: int
                         ) -> Hit | None:
    """ "Bookings made over the phone are the caller's responsibility to check", "it is up to
    you to ...": the duty put on them."""
    said = text[sentence[0].start : end]
    found = _THEIR_JOB.search(said.lower().replace("’", "'"))
    if found is None or re.search(r"\bnot (?:\w+ )?" + re.escape(found.group(0)), said.lower()):
        return None  # "this is not your responsibility": cleared
    people = lexicon()["people"]
    owner = found.group(0).split()[1] if found.group(0).startswith(("the ", "each ")) else "your"
    if owner not in ("your", "to", "you") and owner.rstrip("'s").rstrip("’s") + "s" not in people \
            and owner.rstrip("'s").rstrip("’s") not in people | {"caller", "customer", "buyer",
                                                               "guest", "member", "user", "tenant",
                                                               "passenger", "patient", "client",
                                                               "holder", "applicant"}:
        return None  # "the courier's responsibility": not the customer's (blame elsewhere)
    return Hit(
        "blame_customer",
        (sentence[0].start + found.start(), sentence[0].start + found.end()),
        "the duty is put on them",
        'Say what we will do: "We will check it with you before we confirm it, and we will '
        'put this one right by <day>."',
    )


_ASKED_BACK = (("didn't", "you"), ("didn’t", "you"), ("did", "you", "not"), ("haven't", "you"),
               ("haven’t", "you"), ("weren't", "you"), ("weren’t", "you"), ("don't", "you"),
               ("don’t", "you"), ("did", "you", "not"), ("wasn't", "it"), ("wasn’t", "it"))
_ASKED_FIRST = {p[0] for p in _ASKED_BACK}
_GOT = {"get", "receive", "see", "read", "notice", "check", "hear"}


def asked_back(sentence: list[Token], lows: list[str], text: str, end: int) -> Hit | None:
    """ "Didn't you get our text asking you to move your car?": a question that says they
    should have seen it."""
    if not lows or lows[0] not in _ASKED_FIRST:
        return None
    lead = next((p for p in _ASKED_BACK if tuple(lows[: len(p)]) == p), None)
    if lead is None or not text[end : end + 1] == "?" and "?" not in text[sentence[0].start : end]:
        return None
    at = len(lead)
    lemma = (verb_lemma(lows[at], "VBD") or lows[at]) if at < len(lows) else None
    if lemma not in _GOT:
        return None
    thing = " ".join(t.text for t in sentence[at + 1 : at + 3]) or "it"
    return Hit(
        "blame_customer",
        (sentence[0].start, sentence[at].end),
        "a question that says they should have seen it",
        f'Say what we will do: "We should have made sure {thing} reached you. <What we will do '
        'now>."',
    )


_CHOOSING = {"choose", "chooses", "decide", "decides", "opt", "opts", "elect", "elects", "prefer",
             "prefers"}
_CONSENT = {"accept", "agree", "acknowledge", "understand", "waive", "forfeit", "lose"}


def consent_by_choice(sentence: list[Token], lows: list[str]) -> Hit | None:
    """ "Guests who choose to bring their own wine accept that corkage is non-refundable": a
    loss they are said to have agreed to by choosing."""
    people = lexicon()["people"]
    for n, w in enumerate(lows[:-3]):
        if w not in people or lows[n + 1] not in ("who", "that") or lows[n + 2] not in _CHOOSING:
            continue
        agreed = next((k for k in range(n + 3, len(lows)) if lows[k] in _CONSENT), None)
        if agreed is None:
            continue
        return Hit(
            "blame_customer",
            (sentence[n].start, sentence[agreed].end),
            "a loss they are said to have agreed to by choosing",
            'Say what we will do: "We will tell you the cost before you choose, and we will '
            'refund it this time."',
        )
    return None


_VOIDED = re.compile(r"\b(?:no longer (?:applies|apply|covers|valid)|is void|voids|is invalid|not "
                     r"covered|does not cover|doesn't cover|doesn’t cover)\b")


def void_by_their_thing(sentence: list[Token], lows: list[str]) -> Hit | None:
    """ "Since your phone had already been opened by another repairer, our warranty no longer
    applies": what happened to their thing, given as why we will not help."""
    if lows[:1] not in (["since"], ["as"], ["because"]) or lows[1:2] != ["your"]:
        return None
    comma = lows.index(",") if "," in lows else None
    if comma is None or not _VOIDED.search(" ".join(lows[comma:])):
        return None
    return Hit(
        "blame_customer",
        (sentence[0].start, sentence[comma - 1].end),
        "what happened to their thing is why we will not help",
        'Say what we will do: "We will repair it for you; <what it costs, or that it is free>, '
        'by <day>."',
    )


_DISOWNED = re.compile(r"\b(?:is|are|was|were) not (?:our|my) (?:concern|problem|responsibility|"
                       r"liability|business|issue)\b|\b(?:came|come|comes) (?:directly )?from you\b"
                       r"|\b(?:supplied|provided|given|chosen|entered|measured) by you\b")


def put_back_on_them(sentence: list[Token], lows: list[str], text: str, end: int
                     ) -> Hit | None:
    """ "Caravans left unlocked are not our concern", "the measurements came from you": the
    matter handed back to them."""
    said = " ".join(lows)
    found = _DISOWNED.search(said)
    if found is None or {"we", "i"} & set(lows) or " not by you" in f" {said}":
        return None
    at = len(said[: found.start()].split())
    return Hit(
        "blame_customer",
        (sentence[min(at, len(sentence) - 1)].start, end),
        "the matter is handed back to them",
        'Say what we will do: "We should have checked this with you. We will <put it right> '
        'by <day>."',
    )

"""The customer's part made the subject or the reason, in shapes the ninth round met:
their lapse as a gerund subject ("Drivers forgetting to end their rental is the main reason
..."), what "anyone who reads the rules knows", and a penalty that "reflects the fact that
your salary arrived late". Each is read by its roles (people + a verb of neglect, a generic
reader + "knows", a penalty noun + a link + their thing), not by its words.
"""

from __future__ import annotations

from gateway.messages.lint.english.parse import Token, lexicon, sentence_case, sentences
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
         "who ", "fee", "fine", "charge", "penalt", "surcharge", "interest")


def their_part(text: str) -> list[Hit]:
    """Every sentence that makes the customer's part the subject or the reason."""
    low = text.lower()
    if not any(g in low for g in _GATE):
        return []
    hits = []
    for sentence, end in sentences(text):
        lows = [t.low for t in sentence]
        hit = (_lapse_as_subject(text, sentence, lows, end) or _as_anyone_knows(text, sentence,
               lows, end) or _penalty_for_their_state(sentence, lows))
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

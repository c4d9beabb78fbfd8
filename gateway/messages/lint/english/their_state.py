"""Blame by the state of a thing: the customer's thing left wrong as the cause, a counterfactual
on it, a duty put on a customer's role, and a third party thanked for the harm (sixteenth round).

General forms, not phrases: each reads who owns the subject of a clause (a "your" noun phrase,
or one "you gave us"), what is said of it (a lexicon of deficient states) and where the clause
stands (a cause, a condition of a counterfactual, a sarcastic "thanks to").
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from gateway.messages.lint.english.blame import actor_reason
from gateway.messages.lint.english.parse import (
    is_finite_verb,
    lexicon,
    lower_first,
    owns,
    read,
    sentence_case,
    verb_lemma,
)
from gateway.messages.lint.findings import Hit

_OURS = {"we", "our", "i", "my", "ours", "we've", "we’ve", "we'd", "we’d"}
_BE = {"was", "were", "is", "are", "had", "has", "been"}
# a cause that opens a clause; "as" only when it is no comparison ("as well", "as soon as")
_CAUSE_OPENERS = {"because", "since", "as", "cos"}
# the deficient state of a thing, as an adjective after "was/were/is" or a participle
_DEFICIENT = {"wrong", "incorrect", "inaccurate", "incomplete", "invalid", "missing", "blank",
              "illegible", "unreadable", "unsigned", "outdated", "expired", "lapsed", "empty",
              "insufficient", "unpaid", "overdue", "mislabelled", "mislabeled", "misspelt",
              "misspelled", "unclear", "locked", "unattended"}
_DEFICIENT_VERBS = {"expired", "lapsed", "bounced", "ran", "changed"}
# "...expired and was never updated", "was not signed": an act left undone on the thing
_UNDONE = {"never", "not", "n't", "wasn't", "weren't", "wasn’t", "weren’t"}
# what they do to a thing that then becomes theirs to blame: "the address you gave us"
_THEIR_GIVING = {"gave", "entered", "typed", "chose", "picked", "selected", "sent", "supplied",
                 "provided", "wrote", "put", "left", "registered", "used", "booked", "filled"}


def _their_subject(sub: list[str]) -> bool:
    """A noun phrase that is the customer's: "your card", "the card on your account", "the
    address you gave us"; not one of ours ("the card we had on file")."""
    if not sub or _OURS & set(sub) or sub[0] in ("you", "it", "this", "that", "they"):
        return False
    if "your" in sub:
        return True
    return any(w == "you" and n + 1 < len(sub) and sub[n + 1] in _THEIR_GIVING
               for n, w in enumerate(sub))


def _deficient_after(rest: list[str]) -> int | None:
    """Where a deficient state is said of the subject in ``rest`` (the words after it), or
    None: "was out of date", "was wrong", "expired and was never updated", "was not signed"."""
    if not rest:
        return None
    if rest[0] in _DEFICIENT_VERBS:
        if rest[0] == "ran" and rest[1:2] != ["out"]:
            return None
        if rest[0] == "changed" and "and" not in rest[1:3]:
            return None  # "your address changed" alone tells no fault; "changed and ..." reads on
        return 0
    if rest[0] not in _BE:
        return None
    pred = rest[1:4]
    if pred[:1] == ["been"]:
        pred = rest[2:5]
    if not pred:
        return None
    if pred[0] in _DEFICIENT or pred[:3] == ["out", "of", "date"] or pred[0] == "too":
        return 1
    if pred[0] in _UNDONE and len(pred) > 1 and (
            pred[1].endswith("ed") or pred[1] in ("up", "in", "signed", "filled")):
        return 1  # "was never updated", "was not signed"
    return None


def _done_by_them(clause: list[str], at: int) -> bool:
    """ "the access track was blocked by your guests' cars": a passive in the cause whose doer
    is theirs ("by you", "by your ..."), the subject not ours."""
    if clause[at] not in ("was", "were", "is", "are", "had", "has") or _OURS & set(clause[:at]):
        return False
    rest = clause[at + 1 : at + 5]
    by = next((k for k, x in enumerate(rest) if x == "by"), None)
    return by is not None and by >= 1 and rest[by - 1].endswith(("ed", "en", "lt", "wn")) and (
        clause[at + 1 + by + 1 : at + 1 + by + 2] in (["you"], ["your"]))


def their_thing_as_cause(text: str) -> list[Hit]:
    """ "The milk stopped because the payment card on your account expired and was never
    updated", "The kit went to your old flat since the address you gave us was out of date":
    a thing of theirs, left in a deficient state, given as the cause of the harm."""
    hits = []
    for sentence, _end, lows, present in read(text):
        if present.isdisjoint(_CAUSE_OPENERS) or not ({"your", "you"} & present) or owns(
                sentence):
            continue
        for n, w in enumerate(lows):
            if w not in _CAUSE_OPENERS or n == 0 and w == "as":
                continue
            if w == "as" and (lows[n - 1] in ("as", "such", "same", "so") or lows[n + 1 : n + 2]
                              in (["well"], ["soon"], ["long"], ["much"], ["far"], ["if"])):
                continue
            clause = lows[n + 1 :]
            cut = next((k for k, x in enumerate(clause) if x in (",", ";", ":", "but", "so")),
                       len(clause))
            clause = clause[:cut]
            at = next((k for k, x in enumerate(clause) if k >= 2 and (
                x in _BE or x in _DEFICIENT_VERBS)), None)
            if at is None:
                continue
            if not (_their_subject(clause[:at]) and _deficient_after(clause[at:]) is not None) \
                    and not _done_by_them(clause, at):
                continue
            if _OURS & set(lows[: n]) and not lows[:1] == ["your"]:
                continue  # "we stopped the milk because ...": our act, told as ours
            last = sentence[min(n + 1 + cut, len(sentence)) - 1]
            cause = text[sentence[n].start : last.end]
            harm = text[sentence[0].start : sentence[n].start].strip().rstrip(",")
            thing = text[sentence[n + 1].start : sentence[n + at].end]
            hits.append(Hit(
                "blame_customer",
                (sentence[n].start, last.end),
                f'their thing is made the cause: "{cause}"',
                f'Say what we should have done, not what was wrong with theirs: "{harm}; we '
                f'should have checked {lower_first(thing)} with you before it did. We will '
                '<put it right: how, by when>."',
            ))
            break
    return hits


# counterfactual on their thing: "Had the gate code been in your booking notes, ...", "if the
# measurements on your order had been right"
_RIGHT = {"right", "correct", "accurate", "complete", "up", "filled", "signed", "updated", "given",
          "entered", "included", "in", "there", "clear", "legible", "readable", "ticked"}


def counterfactual_on_their_thing(text: str) -> list[Hit]:
    """A counterfactual whose condition is a thing of theirs being right ("Had the gate code
    been in your booking notes, our farrier would not have driven away", "... if the
    measurements on your order had been right"): what they did not do is made the cause."""
    hits = []
    for sentence, _end, lows, present in read(text):
        if "been" not in present or not ({"would", "could", "wouldn't", "wouldn’t", "couldn't",
                                           "couldn’t"} & present) or owns(sentence):
            continue
        spans = []
        if lows[0] == "had":
            spans.append((1, next((k for k, x in enumerate(lows) if x == ","), len(lows))))
        for n, w in enumerate(lows):
            if w == "if" and "had" in lows[n + 1 : n + 12]:
                spans.append((n + 1, next((k for k in range(n + 1, len(lows))
                                           if lows[k] in (",", ";", ":")), len(lows))))
        for start, stop in spans:
            cond = lows[start:stop]
            if "been" not in cond:
                continue
            b = cond.index("been")
            sub = [x for x in cond[:b] if x != "had"]
            if "your" not in cond or _OURS & set(cond) or not sub or sub[0] in ("you", "it"):
                continue
            said = cond[b + 1 : b + 3]
            if not (set(said) & _RIGHT) and not (said[:1] in (["on"], ["at"]) and said[1:] in (
                    ["your"], ["the"])):
                continue  # "been right", "been in your notes", "been on your dashboard"; not
                # "had your parcel been on time"
            first, last = sentence[start], sentence[stop - 1]
            size = b - (cond[b - 1] == "had")  # "if the measurements ... had been right"
            thing = text[first.start : sentence[start + size - 1].end]
            hits.append(Hit(
                "blame_customer",
                (first.start, last.end),
                f'what they did not do is made the cause: "{text[first.start:last.end]}"',
                'Say what we will do, not what they should have done: "We should have checked '
                f'{lower_first(thing)} with you before the day. We will <put it right: how, by '
                'when>."',
            ))
            break
    return hits


def _role_of_theirs(word: str) -> bool:
    """ "hirer", "renter", "keeper", "owner", "booker": a role the customer takes, by its
    ending, when the rules know it for no party of ours nor a third party's."""
    words = lexicon()
    stem = word.removesuffix("'s").removesuffix("’s")
    if stem in words["own_people"] or stem in words["actors"] or stem in words["businesses"]:
        return False
    return stem.endswith(("er", "ee")) and len(stem) > 4 or stem + "s" in words["people"]


_JOBS = {"job", "duty", "task", "responsibility", "responsibilities", "obligation", "lookout"}


def duty_on_their_role(text: str) -> list[Hit]:
    """ "It is the hirer's job to check the castle is pegged down": a duty put on the role the
    customer takes, in the possessive before a word of duty."""
    hits = []
    for sentence, _end, lows, present in read(text):
        if present.isdisjoint(_JOBS) or owns(sentence):
            continue
        for n, w in enumerate(lows):
            if w not in _JOBS or n < 2 or lows[n - 2] not in ("the", "each", "every", "a"):
                continue
            owner = lows[n - 1]
            if not owner.endswith(("'s", "’s")) or not _role_of_theirs(owner):
                continue
            if "not" in lows[max(0, n - 5) : n] or _OURS & set(lows[:n]):
                continue  # "it is not the hirer's job": cleared
            tok = sentence[n - 2]
            hits.append(Hit(
                "blame_customer",
                (tok.start, sentence[n].end),
                f'the duty is put on them: "{text[tok.start:sentence[n].end]}"',
                'Say what we will do: "We will check it with you before we leave, and we will '
                'put this one right by <day>."',
            ))
            break
    return hits


_FAILED = {"never", "not", "didn't", "didn’t", "wasn't", "wasn’t", "weren't", "weren’t", "failed",
           "late", "lost", "missed", "wrong", "couldn't", "couldn’t", "no", "cancelled", "canceled",
           "broke", "damaged", "forgot"}


def _agent_noun(word: str) -> bool:
    words = lexicon()
    if word in words["own_people"] or word in words["not_agents"]:
        return False
    return word.rstrip("s") in words["actors"] or word in words["actors"] or (
        len(word) > 4 and word.endswith(tuple(words["agent_endings"])))


def thanks_to_them(text: str) -> list[Hit]:
    """ "Thanks to the kart importer, the spare chassis for your party never arrived": a party
    outside us thanked, sarcastically, for a harm the rest of the sentence tells."""
    hits = []
    for sentence, end, lows, present in read(text):
        if "thanks" not in present or owns(sentence):
            continue
        for n, w in enumerate(lows[:-2]):
            if w != "thanks" or lows[n + 1] != "to" or lows[n + 2] not in ("the", "a", "an",
                                                                             "their", "one"):
                continue
            stop = next((k for k in range(n + 3, len(lows)) if lows[k] in (",", ";", ":")), None)
            if stop is None or stop - n > 9:
                continue
            party = lows[n + 3 : stop]
            if _OURS & set(party) or not party or not _agent_noun(party[-1]):
                continue
            rest = lows[stop + 1 :]
            if not (_FAILED & set(rest)) or _OURS & set(rest[:1]):
                continue
            said = text[sentence[stop].end : end].strip()
            hits.append(Hit(
                "blame_others",
                (sentence[n].start, sentence[stop - 1].end),
                f'a third party is blamed: "{text[sentence[n].start:sentence[stop - 1].end]}"',
                f'Drop "{text[sentence[n].start:sentence[stop - 1].end]}" and own it: '
                f'"{sentence_case(said).rstrip(".")}; we should have <what we should have '
                'done>, and we will <put it right: how, by when>."',
            ))
            break
    return hits



# "X let us down", "the weather caught us out", "the mill failed us": us (the company) as the one
# wronged, by a subject that is not us; the verb with "us" and its particle
_WRONGED_US = {"let": ("down",), "lets": ("down",), "caught": ("out", "short"),
               "left": ("short", "stranded", "high"), "failed": (), "misled": (),
               "misinformed": ()}
_NEGATED = {"not", "never", "n't", "didn't", "didn’t", "hasn't", "hasn’t", "haven't", "haven’t",
            "won't", "won’t", "rarely", "seldom"}


def us_wronged(text: str) -> list[Hit]:
    """ "Our farm let us down this year and sent half the geese we ordered", "The weather caught
    us out": the company made the one wronged by a subject that is not us (a supplier, even one
    called "our"), so the customer's harm is put on them."""
    hits = []
    for sentence, _end, lows, present in read(text):
        if "us" not in present or _WRONGED_US.keys().isdisjoint(present) or owns(sentence):
            continue
        for k, w in enumerate(lows):
            if w != "us" or k < 2 or lows[k - 1] not in _WRONGED_US:
                continue
            particles = _WRONGED_US[lows[k - 1]]
            if particles and lows[k + 1 : k + 2] and lows[k + 1] not in particles:
                continue
            if particles and not lows[k + 1 : k + 2]:
                continue
            start = max((j + 1 for j in range(k - 1) if lows[j] in (",", ";", ":", "and", "but",
                                                                      "because", "as", "when")),
                        default=0)
            subject = lows[start : k - 1]
            subject = [x for x in subject if x not in ("has", "have", "had", "really", "just",
                                                        "also", "completely")]
            if not subject or subject[0] in ("we", "i", "you", "it", "this", "that", "they",
                                             "which", "who") or subject[-1] in ("to", "we", "i"):
                continue
            if {"we", "i"} & set(subject) or _NEGATED & set(lows[start : k]):
                continue
            stop = k + 1 + bool(particles)
            head = text[sentence[start].start : sentence[stop - 1].end]
            rest = text[sentence[stop - 1].end : _end].rstrip(".")
            hits.append(Hit(
                "blame_others",
                (sentence[start].start, sentence[stop - 1].end),
                f'we are made the ones wronged: "{head}"',
                f'Say it as ours: "We let you down{rest}." If a supplier was involved, we chose '
                'them: it is still ours to fix.',
            ))
            break
    return hits


# "sorry you ended up feeling that ...", "sorry you came away thinking ...", "sorry you got the
# impression ...": sorry for the view they formed, not for what we did
_FORMED = {"feeling", "thinking", "believing", "feel", "felt", "think", "thought",
           "believe", "believed", "impression", "sense", "perceived", "perceive"}
_ARRIVED_AT = {"ended", "end", "came", "come", "were", "was", "are", "got", "get", "left",
               "went", "walked", "have", "had"}


def sorry_for_their_impression(text: str) -> list[Hit]:
    """ "Sorry you ended up feeling that the thatch quote was high", "We're sorry you came away
    with the impression that ...": sorry for the view they came to, with nothing we did."""
    hits = []
    for sentence, end, lows, present in read(text):
        if "you" not in present or present.isdisjoint(("sorry", "apologise", "apologize",
                                                       "regret")) or _FORMED.isdisjoint(present):
            continue
        for i, w in enumerate(lows):
            if w not in ("sorry", "apologise", "apologize", "regret"):
                continue
            after = lows[i + 1 : i + 8]
            if after[:1] in (["that"], ["if"]):
                after = after[1:]
            if after[:1] != ["you"] or len(after) < 3 or after[1] not in _ARRIVED_AT:
                continue
            if not _FORMED & set(after[2:6]):
                continue
            if {"we", "i", "our", "my", "us"} & set(lows[i + 1 :]):
                break  # "sorry you felt rushed: our driver was late" names what we did
            hits.append(Hit(
                "non_apology",
                (sentence[i].start, end),
                "sorry for the view they came to, not for what we did",
                'Say sorry for what we did: "We\'re sorry: we <what we did wrong>, and we will '
                '<put it right: how, by when>."',
            ))
            break
    return hits


_CUSTOMER_ROLE_WORDS = frozenset({
    "renters", "hirers", "tenants", "guests", "passengers", "drivers", "owners", "users",
    "customers", "members", "patients", "visitors", "bookers", "campers", "diners", "residents",
    "riders", "holders", "borrowers", "buyers", "parents", "students", "clients", "people"})


# "Most people keep their dog indoors ...; on Tuesday yours was loose": what most customers do,
# set against what they did
_MAJORITY = (("most",), ("nearly", "everyone"), ("almost", "everyone"), ("nearly", "all"),
             ("almost", "all"), ("the", "majority"), ("other", "customers"), ("everyone", "else"),
             ("other", "guests"), ("other", "owners"), ("other", "clients"), ("other", "people"),
             ("not", "everyone"), ("not", "everybody"), ("not", "all"))
# what they did set against the norm: not done, or left in a state ("yours was loose")
_UNKEPT = _NEGATED | {"wasn't", "weren’t", "weren't", "wasn’t", "didn't", "didn’t", "either",
                      "forgot", "missed", "without", "loose", "late", "still", "left", "no"}
_MAJORITY_FIRST = frozenset(m[0] for m in _MAJORITY)
_CONTRAST = {";", ",", "but", "whereas", "while", "however", ":", "unfortunately", "sadly"}


def others_do_it(text: str) -> list[Hit]:
    """ "Most people keep their dog indoors when the crew arrive; on Tuesday yours was loose":
    the habit of most customers set as the norm they did not keep."""
    hits = []
    parsed = read(text)
    people = lexicon()["people"] | _CUSTOMER_ROLE_WORDS
    for n, (sentence, end, lows, _present) in enumerate(parsed):
        if lows[0] not in _MAJORITY_FIRST:
            continue
        opener = next((m for m in _MAJORITY if tuple(lows[: len(m)]) == m), None)
        if opener is None:
            continue
        rest = lows[len(opener) :]
        if opener[-1] in ("most", "all") and people.isdisjoint(rest[:4]):
            continue  # "most orders arrive in two days": things, not what customers do
        cut = next((k for k, x in enumerate(rest) if x in _CONTRAST), None)
        after = rest[cut + 1 :] if cut is not None else []
        if not after and n + 1 < len(parsed):
            after = parsed[n + 1].lows  # "Most people ... . Yours was ..."
        if not ({"yours", "you", "your"} & set(after)) or {"we", "our", "us", "i"} & set(
                after) or owns(sentence):
            continue
        if _UNKEPT.isdisjoint(after) and _DEFICIENT.isdisjoint(after):
            continue  # "most guests book early, and yours is confirmed": no norm unkept
        hits.append(Hit(
            "blame_customer",
            (sentence[0].start, end),
            "what most customers do is set against what they did",
            'Leave other customers out of it and say what we will do: "We will <ring ahead / '
            'check it with you> before the next visit, and we will <put it right: how, by '
            'when>."',
        ))
    return hits


def other_than_asked(text: str) -> list[Hit]:
    """ "The crane hire firm sent a smaller truck than we asked for": a party (by the rules'
    actor test) whose act differs from what we asked, told as the cause of the harm."""
    asked = lexicon()["we_asked"]
    hits = []
    for sentence, _end, lows, present in read(text):
        if present.isdisjoint(asked) or "we" not in present or present.isdisjoint(
                ("than", "from", "to", "instead")) or owns(sentence):
            continue
        verb = next((k for k, t in enumerate(sentence) if k and is_finite_verb(t)), None)
        if verb is None or verb > 8 or {"we", "i", "you"} & set(lows[:verb]):
            continue
        other = next((k for k in range(verb + 1, len(lows) - 2)
                      if (lows[k] == "than" or lows[k : k + 2] == ["instead", "of"]
                          or (lows[k] in ("from", "to") and lows[k - 1] in (
                              "different", "one", "ones")))
                      and "we" in lows[k + 1 : k + 5]
                      and asked & set(lows[k + 2 : k + 6])), None)
        if other is None or not actor_reason(sentence[:verb], sentence[0]):
            continue
        party = text[sentence[0].start : sentence[verb - 1].end]
        so = next((k for k in range(other, len(lows)) if lows[k] == "so"), None)
        harm = ", " + text[sentence[so].start : _end].rstrip(".") if so is not None else ""
        hits.append(Hit(
            "blame_others",
            (sentence[0].start, sentence[verb].end),
            f'a third party is blamed: "{party}"',
            f'Say it as ours: "We didn\'t make sure {lower_first(party)} sent what we asked '
            f'for{harm}; we will <put it right: how, by when>."',
        ))
    return hits


# "which was clearly shown at the till", "as is clearly stated on the booking page": the rule
# called plain to them, so what happened is put on their not reading it
_PLAINLY = {"clearly", "plainly", "prominently", "explicitly", "always", "very"}
_SHOWN = {"shown", "stated", "displayed", "marked", "signposted", "explained", "printed",
          "advertised", "listed", "set", "written", "visible", "posted", "labelled", "labeled"}


def plainly_shown(text: str) -> list[Hit]:
    """ "Records bought in the sale can't be returned, which was clearly shown at the till when
    you paid": the terms called plain to them, the fault put on their not reading them."""
    hits = []
    for sentence, end, lows, present in read(text):
        if present.isdisjoint(_PLAINLY) or present.isdisjoint(_SHOWN) or owns(sentence):
            continue
        for k, w in enumerate(lows[:-1]):
            if w not in _PLAINLY or lows[k + 1] not in _SHOWN or k < 2:
                continue
            if lows[k - 1] not in ("was", "is", "were", "are", "been") or not (
                    {"which", "as", "this", "it", "that"} & set(lows[max(0, k - 4) : k - 1])):
                continue
            if "not" in lows[max(0, k - 3) : k] or {"we", "our"} & set(lows[k + 2 :]):
                continue  # "it was not clearly shown", "... shown, and we should have ..."
            first = next(j for j in range(k - 1, -1, -1)
                         if lows[j] in ("which", "as", "this", "it", "that"))
            start = first - 1 if first and lows[first - 1] == "," else first
            kept = text[sentence[0].start : sentence[start].start].rstrip(" ,;")
            hits.append(Hit(
                "blame_customer",
                (sentence[first].start, sentence[k + 1].end),
                f'the terms are called plain to them: "{text[sentence[first].start:end]}"',
                f'Drop the reminder and say what we will do: "{kept}; we should have told you '
                'before you paid, and we will <put it right: how, by when>."',
            ))
            break
    return hits


_SUPPLIED = {"gave", "sent", "supplied", "delivered", "shipped", "brought", "fitted",
             "installed", "provided", "handed", "loaned", "lent"}
# a damaged or unfit thing, by its state (with the rules' ``failure_objects``)
_DAMAGED = {"cracked", "broken", "damaged", "faulty", "dented", "torn", "leaking", "dead", "flat",
            "chipped", "bent", "scratched", "split", "burst", "worn", "missing", "wrong",
            "warped", "stained", "ripped", "snapped", "shattered", "rusty", "rusted", "soiled",
            "frayed", "leaky", "unsafe", "defective", "mouldy", "moldy", "faded", "scuffed"}


@cache
def _damaged() -> frozenset[str]:
    return frozenset(_DAMAGED | lexicon()["failure_objects"])


def _we_before(lows: list[str], verb: int) -> bool:
    """ "we" is the verb's own subject: "... because we gave", "... as we had sent"."""
    k = verb - 1
    if lows[k] in ("had", "have", "then", "also", "just", "only") and k:
        k -= 1
    return lows[k] in ("we", "i")


def supplied_faulty(text: str) -> list[Hit]:
    """ "The hire company we use for ovens gave us a unit with a cracked stone": a party (by the
    rules' actor test) that supplied us a faulty thing, told as the cause."""
    hits = []
    for sentence, end, lows, present in read(text):
        damaged = _damaged()
        if present.isdisjoint(_SUPPLIED) or present.isdisjoint(damaged) or owns(sentence):
            continue
        verb = next((k for k, t in enumerate(sentence) if k and lows[k] in _SUPPLIED
                     and is_finite_verb(t)), None)
        if verb is None or verb > 10 or lows[0] in ("we", "i", "you", "our", "your"):
            continue
        if _we_before(lows, verb):
            continue  # "The bank returned your payment because we gave it the wrong sort code":
            # we gave it, so the subject before "we" is no supplier
        if damaged.isdisjoint(lows[verb + 1 : verb + 8]) or not actor_reason(
                sentence[:verb], sentence[0]):
            continue
        party = text[sentence[0].start : sentence[verb - 1].end]
        rest = text[sentence[verb].end : end].rstrip(".")
        rest = rest.replace(" us ", " you ", 1) if rest.startswith(" us ") else rest
        hits.append(Hit(
            "blame_others",
            (sentence[0].start, sentence[verb].end),
            f'a third party is blamed: "{party}"',
            f'Say it as ours: "We {lows[verb]}{rest}." If a supplier was involved, we chose '
            'them: it is still ours to fix.',
        ))
    return hits


def blamed_by_name(text: str) -> list[Hit]:
    """ "Blame the ferry operator: ...", "we blame the council": the verb itself, with a party
    as its object and no denial ("don't blame the courier")."""
    hits = []
    for sentence, _end, lows, present in read(text):
        if present.isdisjoint(("blame", "blamed")) or owns(sentence):
            continue
        for k, w in enumerate(lows[:-1]):
            if w not in ("blame", "blamed") or lows[k + 1] not in ("the", "their", "a", "an"):
                continue
            if _NEGATED & set(lows[max(0, k - 3) : k]) or (k and lows[k - 1] in (
                    "to", "no", "the", "not")) or (k and lows[k - 1] not in ("we", "i", "can",
                                                                           "could", "must")
                                                   and k != 0):
                continue
            stop = next((j for j in range(k + 2, len(lows)) if lows[j] in (
                ",", ";", ":", "for", "who", "which", "that", "and")), len(lows))
            party = text[sentence[k + 1].start : sentence[stop - 1].end]
            hits.append(Hit(
                "blame_others",
                (sentence[k].start, sentence[stop - 1].end),
                f'a third party is blamed: "{text[sentence[k].start:sentence[stop - 1].end]}"',
                f'Don\'t blame {party}: say what we got wrong and what we will do, "We should '
                'have <what we should have done>; we will <put it right: how, by when>."',
            ))
            break
    return hits


_TAKING = {"take", "takes", "treat", "treats"}


def taken_seriously(text: str) -> list[Hit]:
    """ "We take all feedback about our tours seriously": a stance of ours in place of an
    apology, whatever stands between "take" and "seriously"."""
    hits = []
    for sentence, end, lows, present in read(text):
        if "seriously" not in present or present.isdisjoint(_TAKING):
            continue
        if present & {"sorry", "apologise", "apologize", "apologies"} or owns(sentence):
            continue
        k = next((j for j, x in enumerate(lows) if x in _TAKING), 0)
        s_at = lows.index("seriously")
        if not 1 < s_at - k <= 10 or not {"we", "our", "i"} & set(lows[:k]):
            continue
        hits.append(Hit(
            "non_apology",
            (sentence[0].start, end),
            "a stance in place of an apology",
            'Say sorry for what happened and what we will do: "We\'re sorry: <what went '
            'wrong>. We will <what we do about it, by when>."',
        ))
    return hits


_APOLOGY_WORDS = {"sorry", "apologies", "apologise", "apologize", "apology", "regret"}


def apology_on_condition(text: str) -> list[Hit]:
    """ "If the record arrived in less than perfect condition, please accept our apologies":
    the apology made to hang on a condition put first, with nothing of ours in it."""
    hits = []
    for sentence, end, lows, present in read(text):
        if lows[:1] != ["if"] or present.isdisjoint(_APOLOGY_WORDS) or owns(sentence):
            continue
        comma = next((k for k, x in enumerate(lows) if x in (",", ";", ":")), None)
        if comma is None or comma < 3 or _OURS & set(lows[:comma]) or "us" in lows[:comma]:
            continue
        main = lows[comma + 1 : comma + 7]
        if _APOLOGY_WORDS.isdisjoint(main) or {"we", "our", "i"} & set(lows[comma + 7 :]):
            continue
        said = text[sentence[1].start : sentence[comma - 1].end]
        hits.append(Hit(
            "non_apology",
            (sentence[0].start, end),
            "the apology hangs on a condition",
            f'Say sorry without the condition: "We\'re sorry {lower_first(said)}." Then say '
            'what we are doing about it.',
        ))
    return hits


# "a padlock that nobody told us about", "we were never told the gate was locked": what we were
# not told, given as the cause of our failing them (their side's silence)
_TELLING = {"told", "warned", "informed", "mentioned", "said", "notified", "advised", "asked"}


def untold_us(text: str) -> list[Hit]:
    """ "Our surveyor couldn't reach the lawn because the side gate had a padlock that nobody
    told us about", "we weren't told about the dog": our failure put on what no one told us."""
    hits = []
    for sentence, _end, lows, present in read(text):
        if present.isdisjoint(_TELLING) or owns(sentence):
            continue
        for k, w in enumerate(lows):
            if w not in _TELLING or k < 1:
                continue
            nobody = lows[k - 1] in ("nobody", "noone") or lows[k - 2 : k] == ["no", "one"]
            passive = lows[k - 1] in ("never", "not") and lows[k - 2 : k - 1] in (
                ["were"], ["was"]) and lows[k - 3 : k - 2] in (["we"], ["i"]) or (
                lows[k - 1] in ("weren't", "weren’t", "wasn't", "wasn’t")
                and lows[k - 2 : k - 1] in (["we"], ["i"]))
            if not (nobody and lows[k + 1 : k + 2] == ["us"]) and not passive:
                continue
            if "you" in lows[:k] and "because" not in lows[:k] and not nobody:
                continue
            start = next((j for j in range(k, -1, -1) if lows[j] in (
                "because", "as", "since", "that", "which", ",", ";")), 0)
            hits.append(Hit(
                "blame_customer",
                (sentence[start].start, sentence[k].end),
                "what we were not told is made the cause: "
                f'"{text[sentence[start].start : sentence[k].end]}"',
                'Say what we should have asked: "We should have asked you about it before we '
                'came. We will <put it right: how, by when>."',
            ))
            break
    return hits


# "when guests ignore the tray rule", "if riders forget their hats": a group of customers'
# neglect set as the condition of what we won't do
_WHEN = {"when", "if", "whenever", "where", "once"}
_REFUSED = _NEGATED | {"can't", "can’t", "cannot", "isn't", "isn’t", "aren't", "aren’t", "fee",
                       "charge", "charged", "void", "voided", "forfeit", "lose", "unable", "refuse"}


def group_neglect(text: str) -> list[Hit]:
    """ "Candle wax on the carpet isn't something we can cover when guests ignore the tray
    rule": a group of customers' neglect (the rules' neglect verbs) as the condition."""
    words = lexicon()
    people = words["people"] | _CUSTOMER_ROLE_WORDS
    neglects = words["neglect_verbs"] - {"choose", "reuse"}
    hits = []
    for sentence, _end, lows, present in read(text):
        if present.isdisjoint(_WHEN) or present.isdisjoint(people) or owns(sentence):
            continue
        for k, w in enumerate(lows[:-2]):
            if w not in _WHEN or lows[k + 1] not in people:
                continue
            verb = lows[k + 2]
            lemma = verb_lemma(verb, "VBP") or verb_lemma(verb, "VBZ") or verb
            if lemma not in neglects and not (verb in ("don't", "don’t", "do") and lows[
                    k + 3 : k + 4] != [] and lows[k + 3] in words["customer_duties"]):
                continue
            if _REFUSED.isdisjoint(lows):
                continue  # "when guests forget a towel, we lend them one": help, no refusal
            hits.append(Hit(
                "blame_customer",
                (sentence[k].start, sentence[min(k + 3, len(sentence) - 1)].end),
                "a group's neglect is made the condition",
                'Say what we will do for them: "We will <put it right: how, by when>, and we '
                'will <make the step easier: remind, help, do it for them> next time."',
            ))
            break
    return hits


# "..., but it will still feed everyone", "..., but it was still perfectly playable": the harm
# told, then taken back by what the thing can "still" do
_STILL_SUBJECTS = {"it", "they", "it's", "it’s", "they're", "they’re", "everything", "this",
                   "that", "the"}
_STILL_LINKS = {"will", "would", "was", "were", "is", "are", "should", "can", "could"}
_SMALLER = {"nothing", "little", "no"}


def taken_back(text: str) -> list[Hit]:
    """ "Your turkey came in a little under the weight you ordered, but it will still feed
    everyone", "nothing more than a bump": the harm said, then made small by what the thing can
    still do, or by "nothing/little/no more than"."""
    hits = []
    for sentence, _end, lows, present in read(text):
        if not ("still" in present and "but" in present or "more" in present and "than" in
                present) or owns(sentence):
            continue
        found = None
        if "still" in present and "but" in present and not present & {"sorry", "apologise",
                                                                       "apologies", "we"}:
            b = lows.index("but")
            rest = lows[b + 1 : b + 6]
            if b >= 3 and rest[:1] and rest[0] in _STILL_SUBJECTS and "still" in rest and (
                    _STILL_LINKS & set(rest) or rest[0].endswith(("'s", "’s", "'re", "’re"))):
                found = (b, b + 1 + rest.index("still"))
        if found is None and "more" in present and "than" in present:
            for k, w in enumerate(lows[:-3]):
                if w in _SMALLER and lows[k + 1 : k + 3] == ["more", "than"] and lows[k + 3] in (
                        "a", "an", "the", "some", "one"):
                    found = (k, k + 3)
                    break
        if found is None:
            continue
        start, stop = found
        kept = text[sentence[0].start : sentence[start].start].rstrip(" ,;")
        hits.append(Hit(
            "minimising",
            (sentence[start].start, sentence[stop].end),
            f'the harm is made small: "{text[sentence[start].start : sentence[stop].end]}"',
            f'Leave out what makes it small and say what we will do: "{kept}. We will <put it '
            'right: how, by when>."',
        ))
    return hits


def _gates() -> tuple[tuple[Callable[[str], list[Hit]], tuple[frozenset[str], ...]], ...]:
    """Each check of this module with the words it needs in the text (one of each group): a
    text without them is passed over by one set operation per group, not a look at every
    sentence (most texts hold none of most groups)."""
    people = frozenset(lexicon()["people"] | _CUSTOMER_ROLE_WORDS)
    would = frozenset({"would", "could", "wouldn't", "wouldn’t", "couldn't", "couldn’t"})
    sorry = frozenset({"sorry", "apologise", "apologize", "regret"})
    return (
        (their_thing_as_cause, (frozenset(_CAUSE_OPENERS), frozenset({"your", "you"}))),
        (counterfactual_on_their_thing, (frozenset({"been"}), would, frozenset({"your"}))),
        (duty_on_their_role, (frozenset(_JOBS),)),
        (thanks_to_them, (frozenset({"thanks"}),)),
        (us_wronged, (frozenset({"us"}), frozenset(_WRONGED_US))),
        (sorry_for_their_impression, (frozenset({"you"}), sorry, frozenset(_FORMED))),
        (others_do_it, (_MAJORITY_FIRST, frozenset({"yours", "you", "your"}))),
        (other_than_asked, (frozenset(lexicon()["we_asked"]), frozenset({"we"}))),
        (plainly_shown, (frozenset(_PLAINLY), frozenset(_SHOWN))),
        (supplied_faulty, (frozenset(_SUPPLIED), _damaged())),
        (blamed_by_name, (frozenset({"blame", "blamed"}),)),
        (taken_seriously, (frozenset({"seriously"}),)),
        (apology_on_condition, (frozenset({"if"}), frozenset(_APOLOGY_WORDS))),
        (untold_us, (frozenset(_TELLING),)),
        (group_neglect, (frozenset(_WHEN), people)),
        (taken_back, (frozenset({"still", "more"}),)),
    )


_GATED: list[tuple[Callable[[str], list[Hit]], tuple[frozenset[str], ...]]] = []


def state_checks(text: str) -> list[Hit]:
    """Every check of this module, each run only on a text that holds the words it needs."""
    if not _GATED:
        _GATED.extend(_gates())
    words: set[str] = set()
    for r in read(text):
        words |= r.words
    hits: list[Hit] = []
    for check, groups in _GATED:
        if all(not words.isdisjoint(group) for group in groups):
            hits += check(text)
    return hits

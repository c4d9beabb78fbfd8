"""Blame put on the customer as a condition: "if you had ...", "customers who failed to ..."."""

from __future__ import annotations

import re

from gateway.messages.lint.english.parse import (
    Token,
    is_finite_verb,
    lemmas,
    lexicon,
    lower_first,
    read,
    sentences,
    verb_lemma,
)
from gateway.messages.lint.english.their_acts import their_acts
from gateway.messages.lint.english.words import (
    AUX,
    CLAUSE_BREAK,
    DEGREE_ADVERBS,
    NEG_AUX,
    TIME_ADVERBS,
)
from gateway.messages.lint.findings import Hit


def customer_condition(text: str) -> list[Hit]:
    """Blame put on the customer as a condition: "if you had ...", "customers who failed to ..."."""
    words = lexicon()
    hits = []
    setups = words["people"] | _THEIR_THINGS  # who or what comes "with" a fault
    faults = words["fault_adjectives"] | words["customer_faults"]
    gate = _CONDITIONS | setups  # the words a shape starts at, bar a doer's ("climbers who")
    for sentence, _, lows, present in read(text):
        inverted = "you" in present and not present.isdisjoint(("were", "should"))
        if not {"if", "who", "had"} & present and not inverted and present.isdisjoint(
                words["people"]) and present.isdisjoint(_THEIR_THINGS):
            continue  # "Were you to have read ...", "Should you have ...": read on
        # no shape below starts at a word that is none of these: the words where one may start,
        # found first (not a slice and a test at every word)
        starts = [i for i, w in enumerate(lows) if w in gate] if not gate.isdisjoint(
            present) else []
        if not present.isdisjoint(_WHO_THAT):
            starts = sorted({*starts, *(k - 1 for k, w in enumerate(lows) if k and w in _WHO_THAT
                                        and lows[k - 1].endswith(_DOER_ENDINGS))})
        for i in starts:
            tok = sentence[i]
            nxt = lows[i + 1 : i + 5]
            only = int(tok.low == "if" and nxt[:1] == ["only"])
            if only:
                nxt = lows[i + 2 : i + 6]  # "If only you had measured the doorway, ..."
            if tok.low == "if" and nxt[:1] in (["you'd"], ["you’d"]):
                nxt = ["you", "had"] + nxt[1:]
                shift = -1 + only
            else:
                shift = only
            if tok.low in ("had", "if") and nxt[:1] == ["your"] and (
                    i == 0 or lows[i - 1] in (",", "but")) and (
                    tok.low == "had" or "had" in nxt[1:4]):
                hits.append(Hit(  # "Had your details been up to date, ...": their thing
                    "blame_customer",
                    (tok.start, sentence[min(i + 3, len(sentence) - 1)].end),
                    'a condition puts it on them ("had your ...")',
                    _customer_rewrite(text, sentence, i),
                ))
                break
            if tok.low == "had" and (i == 0 or lows[i - 1] in (",", "but")) and nxt[:1] != [] and (
                    nxt[0] in words["people"]) and len(nxt) >= 2 and verb_lemma(nxt[1], "VBN") and (
                    "would" in lows[i + 2 :] or "wouldn't" in lows[i + 2 :]):
                hits.append(Hit(  # "Had members read our email, they would have known ...": them
                    "blame_customer",
                    (tok.start, sentence[i + 2].end),
                    'a condition puts it on them ("had members ...")',
                    _customer_rewrite(text, sentence, i),
                ))
                break
            inverted = (
                tok.low == "had" and nxt[:1] == ["you"] and (i == 0 or lows[i - 1] in (",", "but"))
            )  # "Had you contacted us earlier, ...": the same condition, inverted
            if inverted:
                nxt = ["you", "had"] + nxt[1:]
                shift = -1
            elif tok.low in ("were", "should") and (i == 0 or lows[i - 1] in (",", "but")) and (
                    nxt[:3] == ["you", "to", "have"] or nxt[:2] == ["you", "have"]):
                inverted = True  # "Were you to have read the email, ...", "Should you have ..."
                shift = 1 if nxt[1] == "to" else 0
                nxt = ["you", "had"] + lows[i + 3 + shift : i + 5 + shift]
            if (
                tok.low in ("if", "had", "were", "should")
                and nxt[:1] == ["you"]
                and len(nxt) >= 3
                and nxt[1] in ("had", "'d", "’d")
                and (tok.low == "if" or inverted)
            ):
                k = i + 3 + shift + (nxt[2] in ("not", "never"))
                while k + 1 < len(sentence) and _time_adverb(lows[k]) and not (
                        verb_lemma(lows[k], "VBN")):
                    k += 1  # "If you had previously suspended ...": an adverb before the act
                if k < len(sentence) and verb_lemma(lows[k], "VBN"):
                    hits.append(
                        Hit(
                            "blame_customer",
                            (tok.start, sentence[k].end),
                            'a condition puts it on them ("if you had ...")',
                            _customer_rewrite(text, sentence, i),
                        )
                    )
                    break
            whose = nxt[:1] in (["who"], ["that"])
            doers = whose and (tok.low in words["people"] or (
                tok.low.endswith(_DOER_ENDINGS)
                and not tok.low.endswith(_THING_ENDINGS)
                and tok.low[:-1] not in words["actors"]
                and tok.low not in words["actors"] and bool(lemmas(tok.low).get("NOUN"))
            ))  # "Climbers who ignore the briefing": people named by what they do with us
            redress = _redress_to_them(lows, i) if doers else ""
            if doers and (_redress_for(lows, i) or redress == "granted"):
                continue  # "a payment into the accounts of customers who were unable to access
                # their funds", "customers who were unable to travel will receive a refund":
                # the people a remedy goes to, picked out by what befell them
            if doers and len(nxt) >= 2:
                verb = nxt[1]
                lemma = verb_lemma(verb, "VBD") or (
                    verb if verb in words["neglect_verbs"] else "")  # "who ignore the briefing"
                negated = verb in (
                    "did",
                    "had",
                    "didn't",
                    "didn’t",
                    "hadn't",
                    "hadn’t",
                    "never",
                    "were",
                    "was",
                    "weren't",
                    "weren’t",
                    "wasn't",
                    "wasn’t",
                ) and (
                    nxt[1] == "never"
                    or verb.endswith(("n't", "n’t"))
                    or nxt[2:3] in (["not"], ["never"])
                )
                # "... will receive no refund", "will only get a partial refund": withheld
                consequence = _consequence(lows[i + 3 :]) or redress == "withheld"
                negated = negated or "without" in nxt[1:4]  # "who came without a referral"
                negated = negated or bool(set(lows[i + 3 : i + 7]) & faults)  # "who arrived late"
                offer = bool(set(lows[i + 3 :]) & {"can", "will", "may", "get", "need"}) and not (
                    set(lows[i + 3 :]) & {"hurt", "injured", "stuck", "stranded"}
                )  # "... get a refund" is an offer; "... get hurt" is the blame
                our_slip = consequence and not negated and lemma not in words[
                    "neglect_verbs"] and bool(set(lows[i + 3 :]) & _OUR_SLIPS)
                unasked = negated and not consequence and _consent_withheld(lows[i + 2 : i + 6])
                if (lemma in words["neglect_verbs"] or negated or consequence) and not (
                    offer and not consequence
                ) and not our_slip and not unasked:  # not "members who missed the class can
                    # book the next one" (an offer), nor "members who booked online were charged
                    # twice" (our slip), nor "included people who had not opted in" (consent
                    # not given: no lapse of theirs)
                    hits.append(
                        Hit(
                            "blame_customer",
                            (tok.start, sentence[min(i + 2, len(sentence) - 1)].end),
                            "for what they did or did not do",
                            _neglect_rewrite(text, sentence, i + 2),
                        )
                    )
                    break
            setup = nxt[1:] if nxt[1:2] in (["a"], ["an"], ["the"]) else nxt  # "with an old"
            if (
                tok.low in setups
                and nxt[:1]
                and nxt[0] in ("with", "using", "on", "running")
                and len(setup) >= 2
                and setup[1] in faults
                and (tok.low in words["people"] or _consequence(lows[i + 3 :])
                     or bool({"delayed", "rejected", "refused", "held"} & set(lows[i + 3 :])))
                and not _what_we_sent(lows, i)
            ):  # "customers with an old app", "orders with a missing flat number ... delayed"
                hits.append(
                    Hit(
                        "blame_customer",
                        (tok.start, sentence[i + 2].end),
                        "for their own set-up",
                        'Say what we got wrong: "We should have protected every account, '
                        'whatever its password."',
                    )
                )
                break
    return hits + _their_fault_as_cause(text) + their_acts(text) + _refused_for_their_lapse(
        text) + _their_duty(text)




def _redress_for(lows: list[str], i: int) -> bool:
    """The people at ``i`` are the object of a preposition in a noun phrase headed by a redress
    noun earlier in their clause ("refunds for plants that ...", "a payment into the accounts
    of customers who ..."): the relative clause picks out whom the remedy goes to. Not when
    the clause before them is negated ("no refunds for customers who ...": a refusal)."""
    words = lexicon()
    before = lows[max(0, i - 6) : i]
    head = next((k for k in range(len(before) - 1, -1, -1)
                 if before[k] in words["redress_nouns"]), None)
    if head is None or words["redress_prepositions"].isdisjoint(before[head + 1 :]):
        return False
    if not {",", ";", ":"}.isdisjoint(before[head:]):
        return False
    clause = lows[:i]
    for stop in (",", ";", ":"):
        if stop in clause:
            clause = clause[len(clause) - clause[::-1].index(stop):]
    negations = words["negations_customer"]
    return not any(w in negations or w.endswith(("n't", "n’t")) for w in clause)


def _redress_to_them(lows: list[str], i: int) -> str:
    """ "granted" when the people at ``i``, picked out by the relative clause after them, are
    the subject of a main predicate that grants them a redress ("Customers who were unable to
    travel will receive a refund", "... are entitled to compensation", "... will be
    refunded"): whom the remedy goes to. "withheld" when that predicate is negated or the
    redress cut down ("will not receive the refund", "will only get a partial refund"): a
    penalty. "" when there is none: a verb of the relative clause itself ("who did not get a
    refund", "who tried to claim a refund") is not their predicate."""
    words = lexicon()
    negations = words["negations_customer"]
    end = next((n for n in range(i + 3, len(lows)) if lows[n] in (";", ":")), len(lows))
    for j in range(i + 3, end):
        w = lows[j]
        forms = {w, verb_lemma(w, "VBD"), verb_lemma(w, "VBN"), verb_lemma(w, "VBZ")}
        redressed = verb_lemma(w, "VBN") in words["redress_verbs"]
        if forms.isdisjoint(words["remedy_grants"]) and not redressed:
            continue
        k = j  # the auxiliaries and adverbs before it, short of the relative clause's verb
        while k - 1 > i + 2 and (lows[k - 1] in AUX or lows[k - 1] in negations
                                 or lows[k - 1] in words["grant_adverbs"]
                                 or _time_adverb(lows[k - 1])
                                 or lows[k - 1] == "get"):
            k -= 1
        chain = lows[k:j]
        if lows[k - 1] in AUX | negations | {"to", "who", "that"}:
            continue  # the relative clause's verb: "who had claimed", "who did not get", "who
            # tried to get"
        if redressed and not chain:
            continue  # a bare participle is no predicate: "will be refunded" is
        after = lows[j + 1 : j + 6]
        stop = next((n for n, a in enumerate(after) if a in CLAUSE_BREAK), len(after))
        noun = 0 if redressed else next(
            (n for n, a in enumerate(after[:stop]) if a in words["redress_nouns"]), None)
        if noun is None:
            continue  # "will receive an email": no redress
        cut = [*chain, *after[:noun]]  # "will not receive", "will only get a partial refund"
        return "withheld" if any(c in negations or c.endswith(("n't", "n’t"))
                                 or c in words["redress_cuts"] for c in cut) else "granted"
    return ""


def _what_we_sent(lows: list[str], i: int) -> bool:
    """ "we mailed a newsletter to our subscribers with incorrect dates": the people are whom
    our act went "to", nothing is denied them before and nothing befalls them after, so the
    "with" phrase tells what we sent. Not "we could not deliver to customers with wrong
    postcodes", nor "customers with weak passwords were hacked"."""
    if "to" not in lows[max(0, i - 3) : i] or _consequence(lows[i + 3 :]):
        return False
    return NEG_AUX.isdisjoint(lows[:i]) and not any(w.endswith(("n't", "n’t")) for w in lows[:i])


def _consent_withheld(after: list[str]) -> bool:
    """ "who had not opted in", "who hadn't signed up", "who never asked for it": the verb after
    the negation gives consent (english "consent_verbs"): not giving it is their right."""
    rest = [w for w in after if w not in NEG_AUX]
    if not rest:
        return False
    verb = rest[0]
    lemma = verb_lemma(verb, "VBN") or verb_lemma(verb, "VBD") or verb
    said = f"{lemma} {rest[1]}" if rest[1:2] in (["in"], ["up"]) else lemma
    return said in lexicon()["consent_verbs"]


def _time_adverb(word: str) -> bool:
    """A "-ly" adverb or a time adverb, as may stand between "had" and its participle."""
    return word in TIME_ADVERBS or (
        len(word) > 2 and word.endswith("ly") and word.isascii() and word.isalpha())


# what makes a customer answerable: "the customer is responsible for ...", "you are liable for"
_ANSWERABLE = {"responsible", "liable", "accountable"}
_IS = {"is", "are", "was", "were", "remain", "remains"}


def _their_duty(text: str) -> list[Hit]:
    """ "Ultimately, the customer is responsible for making sure their address is correct":
    the customer (you, or people of the lexicon) as the subject of "is responsible / liable for";
    the duty put on them. Not "we are responsible for its mistakes", not "you are not liable"."""
    people = lexicon()["people"]
    hits = []
    for sentence, _, lows, present in read(text):
        if present.isdisjoint(_ANSWERABLE):
            continue
        for n, w in enumerate(lows):
            if w not in _ANSWERABLE or lows[n + 1 : n + 2] != ["for"] or n < 2:
                continue
            be = n - 1 - (lows[n - 1] in DEGREE_ADVERBS)
            if be < 1:
                continue  # "Are solely responsible for ...": no subject before the verb
            who = lows[be - 1]
            if lows[be] not in _IS or (who not in people and f"{who}s" not in people
                                       and who != "you"):
                continue  # "the member is", "passengers are", "you are"
            if lows[be - 1] != "you" and be >= 2 and lows[be - 2] in ("our", "no", "not"):
                continue  # "our members are responsible": not the reader; "no customer is"
            hits.append(Hit(
                "blame_customer",
                (sentence[be - 1].start, sentence[n + 1].end),
                "puts the duty on them: the customer is made answerable for it",
                'Say what we will do: "We should have checked it with you; we will <put it '
                'right: how, by when>."',
            ))
            break
    return hits


# a condition's opener; what the customer left undone after it; our refusal in the main clause
_LAPSE_OPENERS = {"where", "if", "when", "unless"}
_LAPSED_DID = {"didn't", "didn’t", "hadn't", "hadn’t", "haven't", "haven’t", "don't", "don’t",
               "never", "failed", "neglected", "forgot"}
_REFUSALS = re.compile(r"\b(?:we|we're|we’re|our \w+)(?: are| were| will| would)? "
                       r"(?:unable|not able|can't|cannot|can’t|couldn't|couldn’t|won't|won’t"
                       r"|can not|will not)\b")


_OFFERED = re.compile(r"\b(?:but|instead|though)\b.*\bwe(?:'ll|’ll| can| will| could)\b")


def _refused_for_their_lapse(text: str) -> list[Hit]:
    """ "Where customers did not keep their receipts, we are unable to offer a refund": a
    condition that the customer (you, or people of the lexicon) left something undone, and our
    refusal as its consequence; not "if you didn't get our text, that's because we ...", where
    nothing is refused."""
    people = lexicon()["people"]
    hits = []
    for sentence, _, lows, present in read(text):
        if present.isdisjoint(_LAPSE_OPENERS) or not _REFUSALS.search(" ".join(lows)):
            continue
        for i, w in enumerate(lows[:-3]):
            if w not in _LAPSE_OPENERS or (i and lows[i - 1] not in (",", ";", ":")):
                continue
            k = i + 1 + (lows[i + 1] in ("the", "any", "some"))
            if lows[k] != "you" and lows[k] not in people:
                continue
            nxt = lows[k + 1 : k + 3]
            lapsed = nxt[:1] != [] and nxt[0] in _LAPSED_DID or nxt[:2] in (
                ["did", "not"], ["had", "not"], ["do", "not"], ["have", "not"])
            comma = next((n for n in range(k, len(lows)) if lows[n] == ","), None)
            if not lapsed or comma is None or not _REFUSALS.search(" ".join(lows[comma:])):
                continue
            if _OFFERED.search(" ".join(lows[comma:])):
                continue  # "..., we can't refund in cash, but we can refund to your card"
            hits.append(Hit(
                "blame_customer",
                (sentence[i].start, sentence[comma - 1].end),
                "a condition puts it on them: what they did not do, then what we refuse",
                'Say what we will do, not what they failed to do: "We can still <help: how>; '
                'bring <what you have> and we will <put it right: how, by when>."',
            ))
            break
    return hits


_CONDITIONS = {"if", "had", "were", "should"}
_WHO_THAT = ("who", "that")
_DOER_ENDINGS = ("ers", "ists", "ians", "ants", "ents")
# "-ment" makes a thing done or had of a verb, never a person: "appointments that were already
# taken", "payments that failed" are no people named by what they do
_THING_ENDINGS = ("ments",)
# words that make the harm our evident error, whoever it hit
_OUR_SLIPS = {"twice", "wrongly", "incorrectly", "mistakenly", "double", "duplicate", "error",
              "mistake", "erroneously", "accidentally"}
_CAUSES = {"because", "as", "since"}
_RESULTS = {"so", "therefore", "hence", "consequently"}
# what a customer sends us, faulted by what it came "with"
_THEIR_THINGS = {"orders", "bookings", "applications", "claims", "forms", "parcels", "payments",
                 "requests", "returns", "documents"}
_NOT = {f"{be}n{q}t": (be, "not") for be in ("was", "were", "is", "are") for q in "'’"}
_CAUSE_REWRITES = {
    "away": 'Say what we got wrong: "We should have agreed a time with you first. '
    'That is on us, not you."',
    "lapsed": 'Say what we got wrong: "We should have reminded you before it expired. '
    'That is on us, not you."',
    "": 'Say what we got wrong: "We should have checked this with you before it caused a '
    'problem. That is on us, not you."',
}
_LINKS = {"was", "were", "is", "are", "has", "had", "does", "did", "doesn't", "didn't", "doesn’t",
          "didn’t", "arrived", "came", "reached"}  # "as the card you used has expired"
_UNABLE_FIRST = {"couldn't", "couldn’t", "cannot", "can't", "can’t", "unable"}
_LAPSED = {"expired", "lapsed", "ended", "run"}
_AWAY = {"home", "there", "around", "away"}
_UNMET = {"eligible", "registered", "verified", "subscribed", "insured", "covered", "enrolled"}
_MISSED = {"get", "receive", "see", "hear"}
_BROKEN = {"exist", "match", "work", "scan", "load", "register", "fit"}
_WITHHELD = {"cover", "accept", "refund", "include", "insure", "protect", "pay", "compensate"}
_PENALTIES = {"affect", "charge", "lock", "refuse", "reject", "decline", "cancel", "turn", "bill",
              "expose", "fine", "suspend", "block"}


def _consequence(rest: list[str]) -> bool:
    """ "... missed", "lost", "could not", "had to", "were locked out", "had their bookings
    cancelled", "saw the wrong balance", "did not get a slot": the outcome put on them."""
    words = lexicon()
    for k, w in enumerate(rest):
        after = rest[k + 1 : k + 5]
        if (
            verb_lemma(w, "VBD") in ("miss", "lose")
            or w in ("couldn't", "couldn’t", "unable", "cannot", "can't", "can’t", "won't", "won’t")
            or (w == "no" and after[:1] == ["longer"])
            or (w in ("could", "will") and after[:1] == ["not"])
            or (w in ("will", "may", "might") and after[:1] in (["find"], ["have"]))
            or (w in ("will", "may", "might", "would", "'ll", "’ll")
                and (after[:1] in (["lose"], ["forfeit"], ["miss"], ["pay"])
                     or (after[:1] == ["be"] and verb_lemma(after[1] if after[1:] else "", "VBN")
                         in _PENALTIES)))  # "will lose their points", "may be charged"
            or (w == "had" and after[:1] == ["to"])
            or (w in ("did", "didn't", "didn’t") and bool(set(after[:2]) & _MISSED))
            or (w in ("were", "was") and verb_lemma(after[0] if after else "", "VBN") in _PENALTIES)
            or (w in ("were", "was") and after[:1] == ["not"]
                and verb_lemma(after[1] if after[1:] else "", "VBN") in _WITHHELD)
            or (w == "had" and after[:1] in (["their"], ["his"], ["her"])
                and any(verb_lemma(a, "VBN") in _PENALTIES for a in after[1:]))
            or ((verb_lemma(w, "VBD") in ("see", "get", "receive") or w in _MISSED)
                and bool(set(after[:2]) & (words["failure_objects"] | words["failure_nouns"])))
        ):
            return True
    return False


_MUST = {"must", "need", "needs", "have", "has"}


def _burden(rest: list[str]) -> bool:
    """ "... so you must collect it", "so you will need to rebook": the work put on them."""
    return any(
        w == "you" and (rest[n + 1 : n + 2] and rest[n + 1] in _MUST
                        or rest[n + 1 : n + 3] in (["will", "need"], ["will", "have"]))
        for n, w in enumerate(rest)
    ) or _consequence(rest)


def _their_fault_as_cause(text: str) -> list[Hit]:
    """ "because your password was too weak", "as the postcode you gave was incomplete":
    a cause clause whose subject is the customer's own doing, with a fault predicate."""
    words = lexicon()
    hits = []
    for sentence, _, lows, present in read(text):
        if lows[:1] != ["you"] and _CAUSES.isdisjoint(present):
            continue  # no cause word and no "you" first: no word below starts a clause
        # "You were out when our driver came, so ...": their absence first, then what follows
        so = next((n for n, w in enumerate(lows) if w in _RESULTS and n > 2), None)
        result_first = lows[:1] == ["you"] and so is not None and _burden(lows[so + 1 :])
        for i, low in enumerate(lows):
            if (low not in _CAUSES or i == 0) and not (i == 0 and result_first):
                continue  # "As you asked, ...": a sentence-initial "as" is not a cause
            first = i + 1 if low in _CAUSES else i
            clause = [p for w in lows[first : first + 8] for p in _NOT.get(w, (w,))]
            be = next((n for n, w in enumerate(clause) if w in _LINKS), None)
            if be is None or be == 0:
                continue
            subject, pred = clause[:be], clause[be + 1 : be + 3]
            unable = bool(_UNABLE_FIRST & set(lows[:i])) or "could not" in " ".join(lows[:i])
            theirs = subject[0] == "your" or (
                "you" in subject[1:] and subject[0] in ("the", "a", "an")
            ) or (unable and subject[0] in ("the", "a", "an") and not _OURS & set(clause))
            # "your password", "the postcode you gave"; "could not be processed as the tube ..."
            undone = bool(pred) and pred[0].startswith("un") and bool(
                verb_lemma(pred[0][2:], "VBN"))  # "arrived unsealed", "was unsigned"
            signed = pred[:1] == ["not"] and verb_lemma(pred[1] if pred[1:] else "", "VBN") in (
                words["customer_duties"] | words["customer_acts"])  # "were not signed"
            fault = bool(pred) and (
                (pred == ["out", "of"] and clause[be + 3 : be + 4] in (["date"], ["funds"]))
                # "out of date"; not "out of stock", which is no doing of theirs
                or pred[0] in _LAPSED
                or (pred[0] == "not" and pred[1:2] != [] and pred[1] in _UNMET)
                or pred[0] == "too"
                or pred[0] in words["fault_adjectives"]
                or pred[0] in words["customer_faults"]
            )
            rest = clause[be + 1 : be + 4]
            if rest[:1] == ["not"]:
                rest = rest[1:] if subject == ["you"] else []
            away = subject in (["nobody"], ["no", "one"], ["you"]) and bool(rest) and (
                rest[0] in _AWAY or (rest[0] in ("in", "out") and rest[1:2] in ([], ["to"]))
            )  # "because nobody was home", "as you were not in": their absence as the cause
            broken = any(
                w in ("does", "did", "doesn't", "didn't", "doesn’t", "didn’t")
                and (clause[n + 1 : n + 2] == ["not"] or w.endswith(("n't", "n’t")))
                and _BROKEN & set(clause[n + 1 : n + 3])
                for n, w in enumerate(clause[be:], be)
            )  # "because the address you gave us does not exist"
            lacking = theirs and pred[:1] == ["not"] and pred[1:2] in (["have"], ["hold"],
                                                                      ["contain"], ["cover"])
            away = away or (first == i and rest[:1] == ["out"])  # "you were out when we came"
            if first == i and not away:
                continue  # only their absence reads as the cause before "so"
            fault = fault or away or (broken and theirs) or lacking or undone or signed
            theirs = theirs or away or (subject == ["you"] and pred[:1] == ["not"])
            if theirs and fault:
                end = sentence[min(i + be + 3, len(sentence) - 1)]
                hits.append(
                    Hit(
                        "blame_customer",
                        (sentence[i].start, end.end),
                        "the cause is put on them",
                        _undone_rewrite(text, sentence[first : first + be]) if undone or signed
                        else _CAUSE_REWRITES["away" if away else "lapsed" if pred[0] in _LAPSED
                                             else ""],
                    )
                )
                break
    return hits


_OURS = {"our", "we", "us"}


def _undone_rewrite(text: str, subject: list[Token]) -> str:
    """ "... as the sample tube arrived unsealed" -> "We should have checked the sample tube
    with you before it held things up"."""
    thing = text[subject[0].start : subject[-1].end] if subject else "it"
    thing = thing[:1].lower() + thing[1:] if thing[:1] in "TAY" and thing[1:2].islower() else thing
    return (f'Say what we got wrong: "We should have checked {thing} with you before it held '
            'things up. Here is what we will do now: <what, by when>."')


def _customer_rewrite(text: str, sentence: list[Token], if_at: int) -> str:
    """Keep what went wrong, drop the condition, and own it."""
    end = next(e for toks, e in sentences(text) if toks[0].start <= sentence[if_at].start < e)
    tail = text[sentence[if_at].start : end]
    main = tail.split(",", 1)[1].strip() if "," in tail else ""
    m = re.match(r"(?:we|I)\s+(?:could|would|might)\s+(?:not\s+)?have\s+(.+)", main, re.IGNORECASE)
    if m:
        return f"We should have {m.group(1).rstrip('.')}. That is on us, not you."
    return (
        "Drop the condition and own the result: "
        '"We should have made this clear to you. That is on us."'
    )


def _neglect_rewrite(text: str, sentence: list[Token], verb_at: int) -> str:
    """ "customers who did not update the app" -> "We should have made it easier to update ..."."""
    lows = [t.low for t in sentence]
    lemma = verb_lemma(lows[verb_at], "VBD") or (
        lows[verb_at] if lows[verb_at] in lexicon()["neglect_verbs"] else "")  # "who ignore"
    k = verb_at
    if lemma in ("skip", "ignore", "miss", "overlook", "disregard"):
        k += 1
    elif lemma in ("do", "have", "fail", "forget", "neglect") or lows[k] in NEG_AUX:
        while k < len(sentence) and (
            lows[k] in NEG_AUX
            or lows[k] == "to"
            or verb_lemma(lows[k], "VBD") in ("fail", "forget", "neglect")
        ):
            k += 1
    elif lows[k] in ("were", "was") and lows[k + 1 : k + 2] == ["not"] and k + 2 < len(lows):
        return f"We should have made it easier to get {lows[k + 2]}."  # "that were not verified"
    else:  # "patients who arrived late" -> "We should have made it work for patients who ..."
        last = verb_at + 1
        while last < len(sentence) and not (
            is_finite_verb(sentence[last]) or verb_lemma(sentence[last].low, "VBD")
        ):
            last += 1
        who = text[sentence[verb_at - 2].start : sentence[last - 1].end]
        return f'Say what we got wrong: "We should have made it work for {lower_first(who)}."'
    obj_end = k + 1
    while obj_end < len(sentence) and not is_finite_verb(sentence[obj_end]) and not (
        lemmas(lows[obj_end]).keys() == {"VERB"} and not lows[obj_end].endswith("ing")
    ):  # "the safety briefing | tend to ...": the object ends at the next verb
        obj_end += 1
    if k >= len(sentence):
        return 'Say what we should have done: "We should have made this easier."'
    phrase = text[sentence[k].start : sentence[obj_end - 1].end]
    if lemma in ("skip", "ignore", "miss", "overlook", "disregard"):
        return f"We should have made {phrase} harder to miss."
    return f"We should have made it easier to {phrase}."

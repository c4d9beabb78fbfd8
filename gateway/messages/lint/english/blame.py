"""A third party (a role noun from the lexicon, or a named organisation) as the subject
of a failure predicate: "The courier company lost track of several packages."
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from itertools import compress, count, islice
from operator import itemgetter
from typing import Any

from gateway.messages.lint.english.parse import (
    Token,
    after_said_that,
    clause_list,
    inflect,
    is_finite_verb,
    is_finite_word,
    join,
    join_tokens,
    lemmas,
    lexicon,
    owns,
    read,
    sentence_case,
    sentences,
    spaced,
    subject_start,
    verb_lemma,
    without_asides,
)
from gateway.messages.lint.english.rare import _common
from gateway.messages.lint.english.words import (
    AGREE,
    AUX,
    CLAUSE_BREAK,
    CONJUNCTIONS,
    DETERMINERS,
    MENDING,
    MISDEED_PREFIXES,
    NUMBER_WORDS,
    OWN,
    PRONOUNS,
    TAKING,
    TIME_OWNERS,
)
from gateway.messages.lint.findings import Hit

_POSSESSIVE = ("'s", "’s")
_PERSONAL = {"he", "she", "his", "her", "him", "hers", "himself", "herself"}
_SORRY = {"sorry", "regret", "apologise", "apologize"}
_PLACE_WORDS = {"street", "road", "lane", "avenue", "square", "way", "park", "place", "hill",
                "close", "drive", "station", "terrace", "crescent", "gardens", "row", "parade"}
_NP_START = {"the", "a", "an", "another", "our", "their", "its", "one"}
_MODAL = {"will", "'ll", "’ll", "can", "may", "would", "shall", "is", "are"}
_WHEN_WORDS = {"yesterday", "today", "tonight", "overnight", "earlier", "later", "then", "sadly",
               "unfortunately", "also", "regrettably"}


@lru_cache(maxsize=512)  # asked of most past verbs of most clauses
def _prefixed_lemma(low: str) -> str | None:
    """ "double-booked", "mislabelled", "overcharged": a verb of getting it wrong."""
    for prefix in MISDEED_PREFIXES:
        if low.startswith(prefix) and len(low) > len(prefix) + 3:
            base = low[len(prefix) :]
            if verb_lemma(base, "VBD") or (base.endswith("ed") and lemmas(base).get("VERB")):
                return prefix.rstrip("-") + "-" + base
    return None


def _actor_word(tok: Token) -> bool:
    return _actor_low(tok.low)


@lru_cache(maxsize=1024)
def _actor_low(word: str) -> bool:
    actors = lexicon()["actors"]
    low = word[:-2] if word.endswith(_POSSESSIVE) else word  # "['’]s$" (a token has no "\n")
    return low in actors or (low.endswith("s") and low[:-1] in actors) or agent_noun(low)


@lru_cache(maxsize=1024)
def agent_noun(low: str) -> bool:
    """A role noun by its shape, not by a list: "assessor", "wholesaler", "locksmith",
    "repairman": a noun with an agent ending, not one of our customers nor a machine."""
    words = lexicon()
    if low in words["people"] or low in words["not_agents"]:
        return False
    single = low[:-1] if low.endswith("s") and not low.endswith("ss") else low
    # the ending first: most words have none, and then the answer is no whatever their lemmas
    if not single.endswith(_agent_endings()) or "NOUN" not in lemmas(low) or (
            single in words["not_agents"]):
        return False
    return not single.endswith(("er", "or")) or single in _PEOPLE_ER or _from_verb(single)


@cache
def _agent_endings() -> tuple[str, ...]:
    return tuple(lexicon()["agent_endings"])


# people named by a trade whose "-er" is no verb's: "the butcher", "the council officer"
_PEOPLE_ER = {"officer", "lawyer", "carpenter", "butcher", "grocer", "jeweller", "jeweler",
              "barber", "stationer", "ironmonger", "mariner", "minister", "chancellor",
              "councillor", "counsellor", "courier", "glazier", "cashier", "financier", "hotelier",
              "chauffeur", "engineer", "auctioneer", "solicitor", "minder"}


@lru_cache(maxsize=1024)
def _from_verb(single: str) -> bool:
    """ "wholesaler", "assessor", "plumber": someone who does what a verb says; not a river, a
    ladder or timber (no verb under the ending)."""
    stem = single[:-2]
    found = [stem, stem + "e"]
    if len(stem) > 2 and stem[-1] == stem[-2]:
        found.append(stem[:-1])  # "scanner", "fitter"
    if stem.endswith("i"):
        found.append(stem[:-1] + "y")  # "supplier"
    return any("VERB" in lemmas(w) and w in lemmas(w)["VERB"] for w in found)


def _org_head(subject: list[Token]) -> str:
    """ "the mailing house", "the car rental desk", "the gym's booking software": a place or
    system named with a modifier, or anything that belongs to someone who is not us."""
    words = lexicon()
    if {t.low for t in subject} & {"our", "your", "my", "we", "you", "i", "us"}:
        return ""  # "the part of our system", "a change to how we store data": ours
    for k, tok in enumerate(subject):
        if tok.low.endswith(_POSSESSIVE) and (k or _named_possessor(tok)) and tok.low[
                :-2] not in words["people"] and (
                tok.low[:-2] not in TIME_OWNERS):
            return "list"  # "the gym's", "the airline's": theirs
        if k >= 2 and tok.low in words["org_heads"]:
            return "shape" if tok.low in _SYSTEMS else "list"
            # "the mailing house"; "the booking software" acts ("sent your letter to ..."), but
            # "the library app stopped loading" is a thing's state, not a party's act
    return ""


def _party_possessor(tok: Token) -> bool:
    """ "the gym's", "the airline's", "Queuetix's", "the Grand Hotel's": an owner that is a party
    (a role or business noun of the lexicon, a place of business, a name); not a thing, whose
    parts are its kit ("the kiln's sensor", "the ice cream van's freezer")."""
    low = tok.low[:-2]
    words = lexicon()
    return (tok.text[:1].isupper() or _actor_low(low) or low in words["businesses"]
            or low in words["org_heads"] or business_compound(low))


def _a_things_part(subject: list[Token]) -> bool:
    """ "the bowling lane's ball return", "the stable's water trough": owned by a thing, no
    owner a party or stressed as "own" ("the marina's own crane")."""
    chunk = head_chunk(subject)
    owners = [k for k, t in enumerate(chunk) if k and t.low.endswith(_POSSESSIVE)]
    return bool(owners) and not any(
        _party_possessor(chunk[k]) or [t.low for t in chunk[k + 1 : k + 2]] == ["own"]
        for k in owners)


# we act in a later clause of the sentence: "..., so we've given you a free game", "so we
# closed it" (not "we couldn't", "we're told")
_WE_ACT = re.compile(r"\bwe(?:'ve|’ve|'ll|’ll| have| will)?\s+(?:already\s+|also\s+|then\s+)?"
                     r"(?!(?:not|never|are|were|can|could|couldn|won|don|didn|had\s+to)\b)[a-z]+",
                     re.IGNORECASE)


# heads that name a system, ours unless someone else is named as its owner ("the bank's app")
_SYSTEMS = {"software", "system", "systems", "app", "platform", "website", "site", "tool"}


def _fault_elsewhere(subject: list[Token]) -> bool:
    """ "A fault at the telephone exchange", "an outage at the airport": harm placed at
    somewhere that is not ours."""
    nouns = lexicon()["failure_nouns"]
    lows = [t.low for t in subject]
    if set(lows) & {"our", "we", "us", "my", "your", "you"}:
        return False
    return any(
        w in nouns and lows[n + 1 : n + 3] == ["at", "the"] for n, w in enumerate(lows)
    ) or _held_by_another(lows)


# a participle that gives a thing its keeper: "a line owned by another operator"
_KEPT_BY = {"owned", "run", "operated", "managed", "maintained", "controlled", "leased"}


def _held_by_another(lows: list[str]) -> bool:
    """ "A fibre break on a line owned by another operator": what failed is placed on something
    a participle gives to someone else ("owned by", "run by"; never us, see the caller)."""
    return any(w in _KEPT_BY and lows[k + 1 : k + 2] == ["by"] for k, w in enumerate(lows[1:], 1))


def _verb_by_place(clause: list[Token], i: int) -> bool:
    """ "the exchange cut off our lines", "the storm cut the power": a word that is a noun or
    a past verb reads as the verb after a noun and before a particle or a determiner."""
    if i == 0 or i + 1 >= len(clause) or not verb_lemma(clause[i].low, "VBD"):
        return False
    before, after = clause[i - 1].low, clause[i + 1].low
    return (
        before not in DETERMINERS
        and "NOUN" in lemmas(before)
        and (after in lexicon()["particles"] or after in DETERMINERS - {"that", "all", "one"})
    )


def _antecedent(clause: list[Token]) -> list[Token]:
    """The last noun phrase of a clause (from its last determiner): what "which" refers to."""
    starts = [k for k, t in enumerate(clause) if t.low in _NP_START]
    return clause[starts[-1] :] if starts else []


def _first_verb(clause: list[Token]) -> int | None:
    """Index of the first finite verb of the clause that is not inside a relative clause."""
    if clause[0].low == "with" and len(clause) > 3:
        for k in range(2, min(6, len(clause))):
            if clause[k].low.endswith("ing") and _actor_word(clause[k - 1]) and (
                    verb_lemma(clause[k].low, "VBG") in lexicon()["failure_verbs"]):
                return k  # "With the card processor refusing every payment, ...": its cause
    # only the words that may be one (a finite verb, a past verb or a misdeed's: none of the
    # tests below holds of any other word), picked out by C loops
    for i in compress(count(), map(_verbish, map(_LOW, clause))):
        tok = clause[i]
        if i == 0 and tok.low in CONJUNCTIONS:
            continue
        if i and clause[i - 1].low in DETERMINERS and tok.low not in AUX:
            continue  # "our outsourced call centre", "the delayed parcel": an adjective
        if is_finite_verb(tok) or _verb_by_place(clause, i) or (
            (verb_lemma(tok.low, "VBD") or _prefixed_lemma(tok.low))
            and (_before_object(clause, i) or _after_actor(clause, i)
                 or (i > 0 and _after_name(clause, i)))
        ):  # "the contractor fell behind", "the agent double-booked", "double-sold your seats"
            if (
                i
                and clause[i - 1].low in PRONOUNS
                and (
                    any(_actor_word(t) for t in clause[: i - 1])
                    or tok.low in lexicon()["hired_verbs"]
                )
            ):
                continue  # "a firm we work with mislaid", "the service we booked": skip the verb
            if _reduced_relative(clause, i):
                continue  # "a line owned by another operator took ...": the participle
                # describes the noun; the clause's verb comes later
            return i
    return None


def _reduced_relative(clause: list[Token], i: int) -> bool:
    """A past participle after a noun and before "by", with a past verb later in the clause:
    "a break on a line owned by another operator took your broadband down"."""
    return (0 < i < len(clause) - 2 and clause[i + 1].low == "by"
            and "NOUN" in lemmas(clause[i - 1].low) and clause[i - 1].low not in PRONOUNS
            and verb_lemma(clause[i].low, "VBN") is not None
            and any(verb_lemma(t.low, "VBD") for t in clause[i + 3 :]))


@lru_cache(maxsize=1024)  # asked of most words of every clause parsed
def _verbish(low: str) -> bool:
    """Whether a word may be the verb :func:`_first_verb` looks for: a finite verb, a past verb
    or a misdeed-prefixed one (each test there needs one of these)."""
    return bool(is_finite_word(low) or verb_lemma(low, "VBD") or _prefixed_lemma(low))


def _after_actor(clause: list[Token], i: int) -> bool:
    """The word at ``i`` follows an actor: "the contractor fell behind", "the caterer's van
    broke down", "a contractor working on Mill Lane cut ...", "the scaffolders we hired left".
    (Asked of a past verb only: most words are none, and need not ask.)"""
    if i == 0:
        return False
    if _actor_word(clause[i - 1]):
        return True
    owner = next((k for k, t in enumerate(clause) if t.low[-2:] in ("'s", "’s")), len(clause))
    if owner < i - 1:
        return True
    # "a contractor working on Mill Lane cut ...": a participle phrase after the actor
    reduced = next((k + 1 for k in range(len(clause) - 1) if clause[k + 1].low.endswith("ing")
                    and _actor_word(clause[k])), len(clause))
    return reduced < i or (i >= 2 and clause[i - 1].low in lexicon()["hired_verbs"]
                           and clause[i - 2].low in ("we", "i"))


def _before_object(clause: list[Token], i: int) -> bool:
    """The word at ``i`` comes before an object: "left 212 bags on the apron"."""
    return i + 1 < len(clause) and (
        clause[i + 1].low in DETERMINERS or clause[i + 1].low[:1].isdigit()
        or clause[i + 1].low in NUMBER_WORDS)


def _after_name(clause: list[Token], i: int) -> bool:
    """The word at ``i`` follows a name of two capitalised words or one that is no English
    word ("Thornbury Civils cut through ..."), where a past verb is the name's act."""
    before = clause[i - 1]
    if not before.text[:1].isupper() or before.text.isupper():
        return False
    return (i >= 2 and clause[i - 2].text[:1].isupper() and clause[i - 2].low not in DETERMINERS
            ) or _named_first(before)


def _hired(subject: list[Token]) -> bool:
    """ "the email service we use", "the firm we hired": someone we pay, so not us."""
    words = lexicon()
    if subject[-1].low in ("to", "with", "through", "on", "for", "from", "via", "at") and any(
            t.low in ("we", "i") for t in subject[1:-2]):
        return True  # "the lab we send samples to", "the firm we work with": someone we use
    return any(
        (tok.low in ("we", "i") and k and nxt.low in words["hired_verbs"])
        or (tok.low in ("that", "who", "which") and k and nxt.low in _SERVES
            and bool({"our", "us"} & {t.low for t in subject[k + 2 : k + 4]}))
        for k, (tok, nxt) in enumerate(zip(subject, subject[1:], strict=False))
    )  # "the firm we hired", "the chain that runs our screens"


def _serves_us(subject: list[Token]) -> bool:
    """ "the dairy that stocks our office fridges", "the firm who cleans for us": a relative
    clause whose verb is done for us or to what is ours (a party, if its act then has an
    object: "has let us down"; not "the pipe that feeds our building burst")."""
    lows = [t.low for t in subject]
    return any(
        w in ("that", "who", "which") and k + 2 < len(lows) and lows[k + 1].endswith("s")
        and bool(verb_lemma(lows[k + 1], "VBZ")) and bool({"our", "us"} & set(lows[k + 2 : k + 4]))
        for k, w in enumerate(lows)
    )


_SERVES = {"runs", "operates", "manages", "supplies", "provides", "hosts", "maintains", "owns",
           "services", "handles", "delivers", "processes", "builds", "cleans", "ran", "operated",
           "managed", "supplied", "provided", "hosted", "maintained", "handled", "processed"}


def _named_possessor(tok: Token) -> bool:
    """ "Queuetix's servers": a name that is no English word, owning the subject; not "There's"."""
    name = tok.text[:-2]
    if tok.low[-2:] not in ("'s", "’s"):
        return False
    return name[:1].isupper() and not name.isupper() and not lemmas(name.lower()) and (
        name.lower() not in PRONOUNS | DETERMINERS | {"there", "here", "what", "who", "where",
                                                     "let", "how", "when", "why"})


def _named_first(tok: Token) -> bool:
    """A capitalised first word that is no English word: a name ("Brightline Energy")."""
    return tok.text[:1].isupper() and not tok.text.isupper() and not lemmas(tok.low)


# words after the head of a subject that start a place, a thing or a clause about it: "Broadband
# in Hove", "the duct outside your home", "the plant that keeps the ice frozen" (not "of", "at",
# "from": "one of the couriers", "the team at Acme", "engineers from the network operator")
_POSTMODIFIERS = {"that", "who", "which", "whose", "where", "in", "near", "outside", "inside",
                  "across", "around", "over", "under", "behind", "beside", "along", "into", "on",
                  "for", "to", "with", "about", "between", "throughout", "beyond", "above",
                  "below", "opposite", "serving", "covering", "feeding", "keeping"}


def head_chunk(subject: list[Token]) -> list[Token]:
    """The subject's noun phrase up to its head, with its affiliations ("the team at Acme"), not
    the places or things said after it."""
    for k, tok in enumerate(subject):
        if k and tok.low in _POSTMODIFIERS and (tok.low != "that" or "NOUN" in lemmas(
                subject[k - 1].low)):  # "during that time": a determiner, not a relative
            return subject[:k]
        if k and tok.low.endswith("ing") and subject[k + 1 : k + 2] and subject[
                k + 1].low in DETERMINERS and verb_lemma(tok.low, "VBG"):
            return subject[:k]  # "the server hosting the forum": a participle's phrase after it
    return subject


def _part_of_a_thing(subject: list[Token]) -> bool:
    """ "its hub", "your meter's hub": the head is owned by a thing ("its", or a possessive of
    theirs that is no party and no name), so it is a part of their kit, not a party."""
    head = next((k for k, t in enumerate(subject) if _actor_word(t)), None)
    after = [t.low for t in subject[head + 1 : head + 2]] if head is not None else []
    if head is None or head == 0 or after not in ([], ["on"], ["in"], ["at"]):
        return False
    if subject[0].low == "its":
        return True
    before = subject[head - 1]
    return subject[0].low == "your" and before.low[-2:] in ("'s", "’s") and not _actor_low(
        before.low[:-2]) and not before.text[:1].isupper()


@cache
def _business_order() -> dict[str, int]:
    """Each business of four letters or more, with its place in the lexicon set's iteration
    order (the order ``business_compound`` tried them in, a loop over the whole set)."""
    return {b: k for k, b in enumerate(lexicon()["businesses"]) if len(b) >= 4}


@lru_cache(maxsize=512)
def business_compound(low: str) -> bool:
    """ "sawmill", "bookshop", "timberworks": a closed compound whose last part is a business
    of the lexicon (of four letters or more) and whose first part is a word in everyday use.
    The word's own endings are looked up (a few per word, not every business of the lexicon);
    where two match, the one first in the set's order decides, as the loop over it did."""
    order = _business_order()
    found = [low[i:] for i in range(3, len(low) - 3) if low[i:] in order]
    if not found:
        return False
    business = min(found, key=order.__getitem__)
    first = low[: -len(business)].rstrip("-")
    return len(first) >= 3 and _common(first)


def is_actor(subject: list[Token], sentence_first: Token) -> bool:
    return bool(actor_reason(subject, sentence_first))


# a customer before this one: "the previous renter", "the guest before you"
_EARLIER = {"previous", "prior", "former", "last", "earlier", "other"}
_CUSTOMER_ROLES = {"renter", "hirer", "occupant", "tenant", "guest", "passenger", "driver",
                   "owner", "user", "customer", "member", "patient", "visitor", "booker",
                   "camper", "diner", "resident", "rider", "holder", "borrower", "buyer"}


_CUSTOMER_ROLE_WORDS = _CUSTOMER_ROLES | {r + "s" for r in _CUSTOMER_ROLES}


def _another_customer(subject: list[Token]) -> bool:
    """ "The previous renter", "the last guests", "the guest before you": another of our
    customers, a party who is not us, named as the one who did it."""
    lows = [t.low for t in subject]
    for k, w in enumerate(lows):
        single = w[:-1] if w.endswith("s") and not w.endswith("ss") else w
        if single not in _CUSTOMER_ROLES:
            continue
        if _EARLIER & set(lows[max(0, k - 2) : k]) or lows[k + 1 : k + 3] in (
                ["before", "you"], ["before", "yours"], ["ahead", "of"]):
            return True
    return False


def actor_reason(subject: list[Token], sentence_first: Token) -> str:
    """Why ``subject`` is a party that is not us: "list" (a role noun of the lexicon, a business,
    someone we hired, a possessor), "shape" (a role noun by its ending only: "the assessor") or
    "name" (a capitalised name: "Acme Logistics"); "" when it is not one. A thing or a place
    ("the river", "your locker code", "Broadband in Hove") is none."""
    words = lexicon()
    if subject[0].low in words["people"] and subject[1:2] and subject[1].low in ("who", "that"):
        return ""  # "customers who used an old app version": our customers, not a party
    if subject[0] is sentence_first and subject[1:2] and subject[1].low in _IMPERATIVE_OBJECTS and (
            "VERB" in lemmas(subject[0].low)):
        return ""  # "Post it back with the label we've emailed": an imperative, no subject
    if _hired(subject):
        return "list"  # "the courier we booked", "the firm we work with"
    if _another_customer(subject):
        return "shape"  # "the previous renter": a party when the harm is told in its act
    if subject[0].low in ("every", "each"):
        return ""  # "every hot desk lost its internet": the things harmed, counted, no party
    whole = subject
    subject = head_chunk(subject)
    if _part_of_a_thing(subject):
        return ""  # "its hub", "your meter's hub": a part of a thing, not a party
    lows = {t.low for t in subject}
    if lows & words["outside_modifiers"]:
        return "list"  # "our outsourced call centre"
    if (
        subject[0].low in ("the", "a", "an", "their", "that", "this")
        and (subject[-1].low in words["businesses"] or business_compound(subject[-1].low))
        and not lows & {"our", "my", "we", "us"}
    ):
        return "list"  # "the restaurant", "a repair shop": a business that is not us
    ours = bool(lows & {"our", "my"})
    by_shape = False
    for k, tok in enumerate(subject):
        low = tok.low[:-2] if tok.low.endswith(_POSSESSIVE) else tok.low  # "the bank's app"
        base = low[:-1] if low.endswith("s") and low[:-1] in words["actors"] else low
        if ours and (base in words["own_things"] or low in words["own_people"]):
            continue  # "our network", "our driver", "one of our staff": ours, not a party
        if ours and subject[0].low in ("our", "my") and agent_noun(low) and (
                (low[:-1] if low.endswith("s") else low) not in _PARTNERS):
            continue  # "our fitters", "our groomer": our staff by their role, not a firm
        if base in words["nature"] and _modifies_a_thing(subject, k):
            continue  # "the ice block cracked", "the rain cover tore": a thing, named by a word
        if base in words["actors"] or tok.text in words["org_suffixes"]:
            return "list"
        if agent_noun(low) and subject[0].low not in ("our", "your", "my") and (
                low != tok.low or subject[k + 1 : k + 2] == []
                or subject[k + 1].low in ("of", "at", "from", "we", "i", "never", "still", "also")
                or "NOUN" not in lemmas(subject[k + 1].low)):
            by_shape = True  # "the assessor", "the locksmith we sent"; not "the charter form"
    head = _org_head(subject)
    if head == "list" or _fault_elsewhere(whole):
        return "list"
    by_shape = by_shape or head == "shape"
    if by_shape or _serves_us(whole):
        return "shape"  # "the dairy that stocks our office fridges": someone who works for us
    if {t.low for t in whole} & {"your", "our", "my"}:
        return ""  # "your National Insurance number", "our Leeds Depot": named, not a party
    places = {k for k, t in enumerate(subject) if t.low in _PLACE_WORDS and k}
    places |= {k - 1 for k in places}  # "Market Street", "Kings Road": a place, not a party
    two_word_name = len(subject) >= 2 and subject[1].text[:1].isupper() and (
        not subject[1].text.isupper() and subject[0].low not in DETERMINERS | PRONOUNS | OWN)
    capitals = [
        t
        for k, t in enumerate(subject)
        if t.text[:1].isupper()
        and (t.low[:-2] if t.low.endswith(_POSSESSIVE) else t.low) not in TIME_OWNERS
        and (t is not sentence_first or _named_first(t) or two_word_name)
        and not t.text.isupper()
        and k not in places
    ]
    if len(subject) == 1 and capitals:
        return "name"  # one name as the whole subject: "Swiftpost returned ..."
    return "name" if len(capitals) >= 2 else ""  # a named organisation: "Acme Logistics"


# firms we contract, named by their role: a party even after "our" ("our courier lost ...")
_PARTNERS = frozenset({
    "vendor", "supplier", "partner", "carrier", "courier", "provider", "processor", "contractor",
    "subcontractor", "manufacturer", "distributor", "reseller", "issuer", "insurer", "operator",
    "agent", "wholesaler", "landlord", "shipper", "haulier", "hauler", "forwarder", "integrator",
    "outsourcer", "acquirer", "broker", "lender", "franchisee", "caterer", "seller", "merchant",
    "retailer", "printer", "maker", "producer", "grower", "breeder", "importer", "exporter",
    "developer", "publisher", "designer", "consultant", "agency", "bank"})
# verbs of our finding: what follows is what we found, not a party blamed ("Our engineer found
# the blower failed its check")
_FOUND = frozenset({"found", "noticed", "discovered", "spotted", "saw", "confirmed", "checked",
                    "realised", "realized", "learned", "learnt", "established", "traced"})
_WE_FIRST = frozenset({"we", "our", "i", "my", "we've", "we’ve", "we'd", "we’d"})


# an object pronoun right after a sentence's first word makes that word an imperative verb
_IMPERATIVE_OBJECTS = {"it", "them", "us", "me", "this", "these", "those"}


def _modifies_a_thing(subject: list[Token], k: int) -> bool:
    """Whether the word at ``k`` only modifies the noun after it, which names a thing and no
    harm: "the ice block", not "the storm damage" nor "the snow's weight"."""
    nxt = subject[k + 1].low if k + 1 < len(subject) else ""
    return bool(nxt) and not subject[k].low.endswith(_POSSESSIVE) and "NOUN" in lemmas(
        nxt) and nxt not in _cause_words() and nxt not in DETERMINERS and nxt not in _WEATHER_HARMS


# what weather does, named by a noun after it: "the storm damage", "the flood water"
_WEATHER_HARMS = {"damage", "disruption", "warning", "warnings", "alert", "front", "surge",
                  "conditions", "chaos", "water", "waters", "debris", "season", "event"}


_ASPECT = {"stop", "start", "keep", "begin", "finish", "continue", "resume", "cease"}
_OBJECTS = {"us", "you", "it", "them", "him", "her", "me", "everyone", "everything", "both"}
_ADVERBS = {"again", "also", "then", "still", "even", "already", "twice", "repeatedly"}


def agentive(clause: list[Token], at: int) -> bool:
    """The verb at ``at`` is done by someone to something: it has an object ("left 212 bags",
    "lost your request", "let us down"), is refused or left undone ("never came", "did not
    send", "failed to"), or is someone's lateness ("turned up three hours late"). A thing's
    change of state has none of these: "the Sky Swing stays shut", "Portslade dropped at 06:40"."""
    words = lexicon()
    lows = [t.low for t in clause]
    after = lows[at:]
    if at and lows[at - 1] == "never":
        return True
    if _prefixed_lemma(after[0]) or set(after[:4]) & (_SLOW | words["negations_acts"]) or any(
            w.endswith(("n't", "n’t")) or w == "cannot" for w in after[:3]):
        return True  # "double-charged", "has been slow to", "did not send"
    if after[0] in _MODAL - {"is", "are"}:
        return False  # "Sam will email them to you today": a plan, not a failure
    if "to" in after[1:4] and not set(after[1:4]) & {"from", "into"}:
        k = after.index("to", 1)
        if after[k + 1 : k + 2] and "VERB" in lemmas(after[k + 1]) and (
                after[k + 1] not in DETERMINERS):
            return True  # "failed to deliver", "has refused to pay"
    if after[1:2] in (["through"], ["into"]) and after[2:3] != [] and (
            after[2] in DETERMINERS - {"that"} or after[2] in _OBJECTS):
        return True  # "cut through your supply pipe", "reversed into our gate": done to a thing
    if "late" in after[:8] and verb_lemma(after[0], "VBD") in words["late_verbs"]:
        return True  # "turned up three hours late"
    k = 1
    while k < len(after) and (after[k] in words["particles"] or after[k] in _ADVERBS or (
            after[k].endswith("ly") and after[k] not in ("only", "early")) or after[k] in AUX
            or verb_lemma(after[k], "VBN")):
        k += 1  # "has let", "mixed up", "has since lost": to the object
    if k >= len(after):
        return False
    nxt = clause[at + k]
    if nxt.low.endswith("ing") and verb_lemma(after[0], "VBD") in _ASPECT:
        then = after[k + 1 : k + 2]  # "stopped loading": a state; "stopped taking our calls"
        return bool(then) and (then[0] in DETERMINERS - {"that"} or then[0] in _OBJECTS)
    return (nxt.low in DETERMINERS - {"that"} or nxt.low in _OBJECTS or nxt.low[:1].isdigit()
            or nxt.low in NUMBER_WORDS or nxt.low.endswith(("'s", "’s"))
            or (nxt.text[:1].isupper() and nxt.low not in ("i",))
            or (bool(set(lemmas(nxt.low)) & {"NOUN", "ADJ"}) and nxt.low not in _NOT_OBJECTS
                and ("ADV" not in lemmas(nxt.low) or after[k + 1 : k + 2] != []
                     and after[k + 1].endswith(("'s", "’s")))))  # "put last year's dates"


# words after a verb that start no object: "dropped at 06:40", "stays shut until 4pm"
_NOT_OBJECTS = {"at", "on", "in", "until", "till", "for", "from", "overnight", "today", "tonight",
                "yesterday", "shut", "closed", "open", "down", "out", "off", "back", "early",
                "late", "again", "while", "when", "and", "so", "because", "after", "before"}


_SLOW = {"slow", "unwilling", "reluctant", "unresponsive", "unreachable"}
# a good act done to the wrong person or place: "sent ... to another owner"
_HANDING = {"send", "deliver", "give", "post", "hand", "pay", "transfer", "email", "mail", "ship",
            "release", "sell", "forward", "return", "issue"}
_ELSEWHERE = {"another", "previous", "former", "old", "wrong", "someone", "somebody", "strangers",
              "stranger"}


# a place or account the customer has left: "to an address you left", "to the card you cancelled"
_LEFT_BEHIND = re.compile(
    r"\bto (?:an?|the|your) (?:old |previous )?(?:address|home|house|flat|number|email|account|card"
    r"|phone|school|practice|surgery|bank)\b(?: that| which)? you (?:had )?(?:left|moved|closed"
    r"|cancelled|canceled|stopped|gave up|no longer|vacated|replaced|changed)\b"
)


# a shortfall as the object of a party's act: "sent half the usual amount"
_SHORT_OBJECT = [["half"], ["fewer"], ["less"], ["part", "of"], ["too", "few"], ["too", "little"],
                 ["too", "many"], ["not", "enough"], ["only", "part"], ["only", "half"]]
_WHOLE = {"rest", "remainder", "remaining", "balance", "planned", "agreed", "arranged"}


def _short(lows: list[str]) -> bool:
    return lows[1:2] in _SHORT_OBJECT or lows[1:3] in _SHORT_OBJECT


def _said_of_a_person(parsed: list[tuple[list[Token], int]], n: int, clause: list[Token],
                      at: int) -> bool:
    """ "our cleaner ... She'll come back tomorrow": "he" or "she" after "our <role>" makes it
    one of our people, not a firm we use."""
    after = [t.low for t in clause[at:]] + [t.low for t in parsed[n + 1][0][:2]] if (
        n + 1 < len(parsed)) else [t.low for t in clause[at:]]
    return any(re.sub(r"['’](?:ll|s|d)$", "", w) in _PERSONAL for w in after)


def _harm_told(clause: list[Token], at: int, sentence: list[Token]) -> bool:
    """A party known only by its name or its ending must do harm in a word of its own: a verb
    of failure or taking away ("lost", "cancelled", "double-sold"), a negation, a harm word or
    a harm phrase in the sentence ("the wrong", "late", "twice")."""
    words = lexicon()
    verb = clause[at].low
    lemma = verb_lemma(verb, "VBD") or verb_lemma(verb, "VBZ") or verb
    lows = [t.low for t in sentence]
    return bool(
        lemma in words["failure_verbs"] | TAKING or _prefixed_lemma(verb)
        or not (words["negations_acts"] | _SLOW | words["failure_objects"] | words["passive_harm"]
                | words["failure_nouns"]).isdisjoint(lows)
        or any(w.endswith(("n't", "n’t")) or w == "cannot" for w in lows)
        or any(p in " ".join(lows) for p in words["failure_phrases"])
        or _short([t.low for t in clause[at:]]) or verb in AUX
        or verb_lemma(verb, "VBD") is None
        or any(w == "last" and lows[k + 1 : k + 2] != [] and re.sub(r"['’]s$", "", lows[k + 1])
               in TIME_OWNERS and lows[k + 1][-2:] in ("'s", "’s") for k, w in enumerate(lows))
        or is_failure(clause, at, strict=True)
    )  # "put last year's instalment dates on ...": out of date


def _we_did_it(later: list[list[Token]]) -> bool:
    """A later clause gives our own act as the cause, with us as its subject: "because we
    booked too many patients", "as we'd sold too many seats". The party's act is then its part
    in what we did ("The clinic ran late because we booked too many"), whatever the verb; "our"
    is not enough ("because our fertiliser supplier shorted us": a party of ours)."""
    for clause in later:
        lows = [t.low for t in clause[:4]]
        k = next((n for n, w in enumerate(lows[:2]) if w in ("because", "since", "as")), None)
        if k is not None and k + 2 < len(clause) and lows[k + 1] in _WE_SUBJECT and (
                clause[k + 2].low not in _NOT_OUR_ACTS):
            return True
    return False


# "we" as a subject; what comes after it that tells no act of ours ("as we found out")
_WE_SUBJECT = frozenset({"we", "we'd", "we’d", "we've", "we’ve"})
_NOT_OUR_ACTS = frozenset({"found", "learned", "learnt", "heard", "noticed", "discovered",
                           "understand", "understood", "know", "knew", "were", "are", "expected",
                           "hoped", "told", "said", "explained", "advised", "mentioned",
                           "can", "could", "gather", "believe", "think"})


def _our_cause_follows(later: list[list[Token]]) -> bool:
    """A later clause of the sentence gives our own fault as the cause or the failure: "because
    our bus broke down", "as we had sold too many seats", "but we could not find a rider"."""
    for clause in later:
        lows = [t.low for t in clause]
        k = next((n for n, w in enumerate(lows[:3]) if w in ("because", "since", "as", "but")),
                 None)
        if k is not None and lows[k + 1 : k + 2] in (["we"], ["our"], ["we'd"], ["we’d"]) and (
                lows[k] != "but" or not lexicon()["negations_acts"].isdisjoint(lows) or any(
                    w.endswith(("n't", "n’t")) for w in lows)):
            return True  # "because our bus broke down"; "but we could not find a rider"
    return False


def is_failure(clause: list[Token], verb_at: int, strict: bool = False,
               later: frozenset[str] = frozenset()) -> bool:
    """Whether the clause's verb at ``verb_at`` tells a failure of its subject. ``later``: the
    words of the sentence after the clause, where a telling's lateness may be said."""
    words = lexicon()
    if verb_at and clause[verb_at - 1].low == "never":
        return True  # "the surveying firm never showed up"
    if clause[0].low == "with" and verb_lemma(clause[verb_at].low, "VBG") in words[
            "failure_verbs"]:
        return True  # "With the card processor refusing every payment"
    after = clause[verb_at:]
    lows = [t.low for t in after]
    if verb_lemma(lows[0], "VBD") == "take" and lows[1:2] == ["over"]:
        return False  # "CityCars took over your booking": took it on, not took it away
    if lows[:2] in (["was", "not"], ["were", "not"], ["is", "not"], ["are", "not"]) and set(
        lows[2:5]
    ) & (words["cause_nouns"] | {"responsible", "blame", "fault", "involved", "affected"}):
        return False  # "problems at the bank were not the cause": cleared, not blamed
    if lows[0] in ("need", "needs", "needed") and lows[1:2] and (
            lows[1].endswith("ing") or lows[1:3] == ["to", "be"]):
        return False  # "the shutter needed replacing": the state of a thing, no act of a party
    if set(lows[:4]) & _SLOW or ("yet" in lows[:3] and "to" in lows[1:4]):
        return True  # "has been slow to send an engineer", "has yet to release it"
    if any(w in words["negations_acts"] or w.endswith(("n't", "n’t")) or w == "cannot"
           for w in lows[:4]):
        return not set(lows[:5]) & {"need", "needs", "have"}  # "does not need to do anything"
    if lows[0] in _MODAL and any(verb_lemma(w, "VBD") in words["good_verbs"] or w in words[
        "good_verbs"] for w in lows[1:3]):
        return False  # "will collect the damaged parcel": a remedy to come
    if _told_about(lows, words) and not (verb_at and clause[verb_at - 1].low in words[
            "told_late"]) and words["told_late"].isdisjoint(later):
        return False  # "The letting agent told us about the leak on Friday": the fault is what
        # they told, not what they did
    if any(w in words["failure_objects"] for w in lows[:6]):
        return True  # "delivered cold food", "sent damaged boxes"
    if any(w == "without" and nxt.endswith("ing") for w, nxt in zip(lows, lows[1:], strict=False)):
        return True  # "delivered it to a neighbour without asking"
    if any(w == "without" and k > 1 and lows[k + 1 : k + 2] != [] and lows[k + 1] not in _NO_HARM
           and (lows[k + 1] not in ("a", "an", "any", "the") or lows[k + 2 : k + 3] != [] and lows[
               k + 2] not in _NO_HARM) for k, w in enumerate(lows[:10])):
        return True  # "sent a crew without ladders": the work short of what it needed
    lemma0 = verb_lemma(lows[0], "VBD")
    if lemma0 == "pass" and _passed_a_trial(lows, words):
        return False  # "the boiler passed its safety check": came through a test, handed on
        # nothing (not "passed your details to a debt collector")
    if lemma0 and lemma0 not in ("be", "have", "get") and not (_SPOILT | (
            {"late"} if lemma0 in ("bring", "return", "hand", "give") else set())).isdisjoint(
            lows[2:8]):
        return True  # "brought the car back late", "returned the van damaged"
    if lemma0 and _short(lows):
        return True  # "sent half the usual amount", "delivered too few chairs": short of the order
    if lemma0 in _HANDING and any(
        w == "to" and set(lows[k + 1 : k + 3]) & _ELSEWHERE for k, w in enumerate(lows[:10])
    ):
        return True  # "sent your results to another owner", "delivered it to a previous address"
    if lemma0 in _HANDING and _LEFT_BEHIND.search(" ".join(lows[:16])):
        return True  # "sent your letter to an address you left in 2021"
    if lemma0 == "return" and re.search(r"\bto (?:us|our|the sender|sender)\b", " ".join(lows)):
        return True  # "returned the parcels to our depot": sent back, not delivered
    if lemma0 and lemma0 not in words["good_verbs"] and lows[0] not in AUX:
        if _plain_work(lows, lemma0, words):
            return False  # "The florist we use made up your bouquet this morning": work done
        return not strict  # a third party did something to our customers: any past act is
        # blame (for a party named by its role; a name alone must tell the harm: _harm_told)
    joined = " ".join(lows)
    if "late" in lows[:8] and verb_lemma(lows[0], "VBD") in words["late_verbs"]:
        return True  # "arrived four hours late"
    if any(w in words["failure_objects"] for w in lows) or any(
        p in joined for p in words["failure_phrases"]
    ):
        return True
    if _prefixed_lemma(after[0].low):
        return True  # "double-booked", "mislabelled", "overcharged"
    for i, tok in enumerate(after[:5]):
        lemma = (
            verb_lemma(tok.low, "VBD")
            or verb_lemma(tok.low, "VBN")
            or verb_lemma(tok.low, "VBZ")
            or (verb_lemma(tok.low, "VBG") if i and lows[i - 1] in ("are", "is") else None)
            or (tok.low if tok.low in words["failure_verbs"] else None)
        )
        if not lemma:
            continue
        if lemma in words["particle_verbs"]:
            near = lows[i + 1 : i + 6]
            if any(
                w in words["particles"] and near[k + 1 : k + 2] != ["to"]
                for k, w in enumerate(near)
            ):
                return True  # "took the site offline", not "take up to five days"
        elif lemma in words["failure_verbs"]:
            if lemma == "stop" and lows[i + 1 : i + 2] in ([], ["and"], ["so"], ["at"]):
                continue  # "the rain has stopped": it ended, nobody was stopped
            return True
        elif lemma in ("have", "experience", "suffer", "see", "hit", "place", "put", "cause"):
            if set(lows[i + 1 : i + 5]) & words["failure_nouns"]:
                return True
    return False


def _passed_a_trial(lows: list[str], words: dict[str, Any]) -> bool:
    """After "passed", an object whose head is a test (``trials``) within five words, with no
    word of handing on before it ("passed its annual service", "passed the gas safety test";
    not "passed the test results on to", "passed your details to")."""
    for w in lows[1:7]:
        if w in _HANDED_ON or w in (",", ";", "and", "but"):
            return False
        if w in words["trials"]:
            return not _HANDED_ON & set(lows[1:12])
    return False


_HANDED_ON = frozenset({"on", "to", "along", "over", "onto", "back", "round", "around"})


def _told_about(lows: list[str], words: dict[str, Any]) -> bool:
    """A verb of telling (``telling_verbs``, after any auxiliaries) whose content opens within
    three words with "about", "of" or "that": "told us about the leak", "has notified the
    regulator about the matter". What follows is what they told; not when the telling itself is
    said to be late or short ("told us too late", "only told us about it on Friday")."""
    k = 0
    while k < len(lows) and lows[k] in AUX:
        k += 1
    if k >= len(lows) or (verb_lemma(lows[k], "VBD") or verb_lemma(lows[k], "VBN")) not in words[
            "telling_verbs"]:
        return False
    content = next((n for n in range(k + 1, min(k + 6, len(lows)))
                    if lows[n] in ("about", "of", "that")), None)
    return content is not None and not words["told_late"] & set(lows) and not words[
        "failure_objects"] & set(lows[k + 1 : content])


_WHEN = {"today", "yesterday", "tonight", "morning", "afternoon", "evening", "monday", "tuesday",
         "wednesday", "thursday", "friday", "saturday", "sunday"}


# what moving takes from them, as opposed to moving their things: "moved your appointment"
_SCHEDULED = {"booking", "bookings", "appointment", "appointments", "slot", "slots", "date",
              "dates", "time", "times", "delivery", "deliveries", "flight", "flights", "lesson",
              "lessons", "session", "sessions", "installation", "visit", "seat", "seats",
              "order", "orders", "start", "collection", "class", "classes", "table", "room"}


def _plain_work(lows: list[str], lemma: str, words: dict[str, Any]) -> bool:
    """A party's act told plainly with when it happened and no harm in it: "made up your bouquet
    this morning", "fitted the new pump on Tuesday". Not an act that takes away or changes
    against the customer, nor one done in a way ("loosely", "late", "twice")."""
    moved = lemma == "move" and _SCHEDULED.isdisjoint(lows[1:5])  # "moved your furniture"
    if lemma in words["failure_verbs"] or (lemma in TAKING and not moved) or not _WHEN & set(lows):
        return False
    if lows[1:2] == ["under"]:
        return False  # "buckled under the demand on Saturday": gave way, no work done
    if _prefixed_lemma(lows[0]) or any(
            verb_lemma(w, "VBN") in words["failure_verbs"] for w in lows[1:]):
        return False  # "oversold", "double-charged"; "... and left 1,400 passengers stranded"
    clause = set(lows)
    return not (
        clause & (words["failure_objects"] | words["passive_harm"] | words["negations_acts"]
                  | _SLOW)
        or any(w.endswith("ly") and w not in ("early", "only", "family", "supply") for w in lows)
        or any(p in " ".join(lows) for p in words["failure_phrases"])
        or "without" in clause
        or "our" in lows[1:3]  # "grounded our flights": done to our service, a disruption
    )


# our remedy opening the clause after a ";": "...; we've refunded your booking in full"
_REMEDIED_NEXT = re.compile(r";\s*(?:and\s+)?we(?:'ve|’ve| have|'ll|’ll| will)? (?:already |also )?"
                            r"(?:refunded|rebooked|booked|paid|credited|sent|given|offered|arranged"
                            r"|moved|replaced|run|put|added|taken)\b", re.IGNORECASE)
_REMEDIED = re.compile(r"\b(?:and|so) we(?:'ve|’ve| have|'ll|’ll| will)? (?:already )?(?:refunded"
                       r"|moved|rebooked|booked|paid|credited|sent|given|offered|arranged"
                       r"|reopened|opened|replaced|put|found|driven)\b")

# what the weather's harm means for them, with its new day after a ";": "; it will reach you on
# Friday", "; your lesson is now on 14 March"
_NEW_TIME_NEXT = re.compile(
    r";\s*(?:and\s+)?(?:it|they|your\s+\w+)(?:'ll|’ll|\s+will|\s+is\s+now|\s+are\s+now)\b"
    r"[^.;!?]*?\b(?:on|by|before|from)\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"tomorrow|\d)", re.IGNORECASE)


def _weather_reason(sentence: list[Token], verb: Token) -> bool:
    """After ``verb``, a reason opened by a ``reason_openers`` phrase ("because of", "due to")
    whose noun phrase is the weather or the earth (``natural``): "cancelled the crossing because
    of high winds". Up to three words (a determiner, adjectives) may stand before the noun."""
    words = lexicon()
    lows = [t.low for t in sentence if t.start > verb.start]
    for opener in words["reason_openers"]:
        said = opener.split()
        for k in range(len(lows)):
            if lows[k : k + len(said)] == said and not words["natural"].isdisjoint(
                    lows[k + len(said) : k + len(said) + 4]):
                return True
    return False


def _work_reason(sentence: list[Token], verb: Token) -> bool:
    """After ``verb``, in its clause, a purpose of work on the thing opened by "for": a gerund
    ("closed the road for resurfacing", "shut the pool for relining") or a mending noun ("for
    repairs"), at most two words after "for" ("for planned resurfacing")."""
    lows = [t.low for t in sentence if t.start > verb.start]
    for k, w in enumerate(lows):
        if w in (",", ";", ":", "and", "but", "because", "so"):
            return False
        if w != "for":
            continue
        for nxt in lows[k + 1 : k + 4]:
            if nxt.endswith("ing") and verb_lemma(nxt, "VBG") not in (None, "be", "have"):
                return True
            if verb_lemma(nxt.removesuffix("s"), "VB") in MENDING:
                return True
            if nxt in (",", ";", "and", "to", "the", "your", "our"):
                break
    return False


def _name_word(text: str, low: str) -> bool:
    """A word after the first that may be one of a name's capitals (``actor_reason``): capitalised,
    not all capitals ("I", "SMS") and no time ("Monday's", "March"). Where no word after the
    first is one, no subject is a name: the first word counts only as a name of its own
    (``_named_first``) or before a second capital."""
    return text[:1].isupper() and not text.isupper() and low not in TIME_OWNERS


_TEXT, _LOW = itemgetter(0), itemgetter(3)  # Token.text, Token.low
_CONTRACTED = re.compile(r"['’](?:ve|re|ll|d|m)$")  # "we've", "we're": the pronoun


@lru_cache(maxsize=2048)  # asked of every word after the first of every sentence
def _party_word(text: str) -> bool:
    """A word after the first that may name a party (``third_party_blame``'s first look): a
    name's capital, a possessive or an actor word. Keyed by the word as written alone (its
    ``low`` is its lower case), so the cache takes the string as its key."""
    low = text.lower()
    return _name_word(text, low) or low[-2:] in ("'s", "’s") or _actor_low(low) or (
        len(low) >= 7 and business_compound(low))  # "the sawmill", "a bookshop"


_OWN_FIRST = OWN | {"our", "your", "my"}


def _alone_a_subject(sentence: list[Token]) -> bool:
    """Whether the first word may be a whole subject (its head chunk), the only way a capitalised
    first word names a party where no later word is a name's (``actor_reason``): a clause of
    its own (then apposed, or what "which" refers to), a word before a postmodifier, or the
    subject of a verb right after it (a finite verb, a past verb, a misdeed's; not after a
    conjunction, which is no subject). "We're",
    "Our" and "Your" never are a party: ``third_party_blame`` passes over "we" (``OWN``) and
    actor_reason names nothing that is ours or theirs."""
    first = sentence[0].low
    if _CONTRACTED.sub("", first) in _OWN_FIRST:
        return False
    if len(sentence) == 1 or sentence[1].text in CLAUSE_BREAK or sentence[1].low in CONJUNCTIONS:
        return True
    if sentence[1].low in _POSTMODIFIERS:
        return True  # "It's who ...": head_chunk keeps the first word alone
    second = sentence[1].low
    return first not in CONJUNCTIONS and (
        second in AUX or bool(verb_lemma(second, "VBD")) or bool(_prefixed_lemma(second)))


@cache
def _cause_words() -> frozenset[str]:
    """The lexicon's cause and failure nouns, joined once (asked of every clause parsed)."""
    words = lexicon()
    return frozenset(words["cause_nouns"] | words["failure_nouns"])


@cache
def _named_words() -> frozenset[str]:
    """Heads, businesses and outside modifiers: a sentence with one may name a party."""
    words = lexicon()
    return frozenset(words["org_heads"] | words["businesses"] | words["outside_modifiers"])


@cache
def _placing_words() -> frozenset[str]:
    words = lexicon()
    return frozenset(words["cause_nouns"] | words["failure_nouns"] | _FAILED)


_PREPOSITION_LAST = {"to", "with", "through", "on", "for", "from", "via", "at"}


def _party_unnamed(sentence: list[Token], lows: frozenset[str], placing: frozenset[str]) -> bool:
    """Whether a sentence with no actor word, no possessive, no business and no name may still
    hold a finding: a cause placed with someone (``_placed_cause``: a cause or failure word, a
    cleft "what caused"), someone we use or who serves us (``_hired``, ``_serves_us``),
    a customer ahead of them (``_another_customer``) or a company suffix ("Ltd", "PLC")."""
    if not lows.isdisjoint(placing) or ("what" in lows and not lows.isdisjoint(_CLEFT)):
        return True
    if not lows.isdisjoint(("that", "who", "which")) and not lows.isdisjoint(("our", "us")):
        return True
    if not lows.isdisjoint(("we", "i")) and not (
            lows.isdisjoint(lexicon()["hired_verbs"]) and lows.isdisjoint(_PREPOSITION_LAST)):
        return True
    if "ahead" in lows and not lows.isdisjoint(_CUSTOMER_ROLE_WORDS):
        return True
    return not lexicon()["org_suffixes"].isdisjoint(map(_TEXT, sentence))


def third_party_blame(text: str) -> list[Hit]:
    """A third party (actor lexicon or a named organisation) as subject of a failure predicate."""
    hits = []
    words = lexicon()
    named = _named_words()
    placing = _placing_words()
    parsed = sentences(text)
    for n, (sentence, end, _said, lows) in enumerate(read(text)):
        if not (
            ("at" in lows and lows & words["failure_nouns"])
            or not named.isdisjoint(lows)
            or any(map(_party_word, map(_TEXT, islice(sentence, 1, None))))
            or _actor_word(sentence[0])
            or _named_first(sentence[0]) and _alone_a_subject(sentence)
            or _named_possessor(sentence[0])
            or (not lows.isdisjoint(_EARLIER) or "before" in lows)
            and not lows.isdisjoint(_CUSTOMER_ROLE_WORDS)
            or _party_unnamed(sentence, lows, placing) and (
                _named_first(sentence[0]) or any(t.text[:1].isupper() for t in sentence[1:]))
        ):
            continue  # no third party named: nothing to parse
        if owns(sentence) or (text[end : end + 1] == ";" and n + 1 < len(parsed)
                              and owns(parsed[n + 1][0])):
            continue  # "the snow closed the roads, and we should have warned you": owned
        apposed: list[Token] = []
        previous: list[Token] = []
        parts = clause_list(without_asides(sentence))
        # a cause placed needs a cause or failure word, or a cleft's "what", in its clause: a
        # sentence with none has no clause _placed_cause need read
        placeable = "what" in lows or not lows.isdisjoint(placing)
        for number, clause in enumerate(parts):
            if clause[0].low in ("who", "which") and apposed and number + 1 < len(parts) and (
                    _first_verb(parts[number + 1]) == 0):
                continue  # "Harrow Carpets, who fit for us, laid ...": the name stays the subject
            found_by_us = clause[0].low in _WE_FIRST and not _FOUND.isdisjoint(
                t.low for t in clause[1:5])  # "Our engineer found the blower failed its check"
            clause = unframed(clause)  # "What happened is that the caterers double-counted"
            if number and clause[0].low == "before" and clause[1:2] != [] and clause[
                    1].low in ("you", "yours") and _another_customer(
                    parts[number - 1] + clause[:2]):
                clause, apposed = parts[number - 1] + clause, []  # "The guest before you left"
            last, previous = previous, clause
            placed = _placed_cause(clause, sentence[0]) if placeable else None
            if placed:
                hits.append(placed)
                continue
            at = _first_verb(clause)
            if at is None and apposed and len(clause) > 1 and verb_lemma(
                    clause[0].low, "VBD") and (clause[1].low in DETERMINERS - {"that"} or clause[
                    1].low in words["particles"] or clause[1].low in ("through", "into")):
                at = 0  # "Thornbury Civils, the contractor ..., cut through your pipe"
            start = subject_start(clause)
            if at is None:
                apposed = apposed or clause  # "Our courier, FastLane, delivered ...": the subject
                continue
            # what "which" refers to: found only for a clause that starts with one
            antecedent = _antecedent(last) if clause[0].low in ("which", "who") and at == 1 else []
            relative = bool(antecedent)
            if relative:
                apposed = antecedent  # "another company, which made the error"
            from_apposed = (at == start == 0 and bool(apposed)) or relative
            subject, apposed = (apposed if from_apposed else clause[start:at]), []
            subject = after_said_that(subject)  # "ask your bank to confirm that one payment left"
            if not subject or (at <= start and not from_apposed):
                continue
            while len(subject) > 1 and subject[0].low in _WHEN_WORDS:
                subject = subject[1:]  # "Yesterday Parcelnet lost ...": the subject after the time
            sorry = next((k for k, t in enumerate(subject) if t.low in _SORRY), None)
            if sorry is not None and sorry + 1 < len(subject):
                subject = subject[sorry + 1 :]  # "We're sorry (that) our staff did not ..."
                subject = subject[1:] if subject[0].low == "that" and len(subject) > 1 else subject
                if not (_actor_word(subject[-1]) or _named_first(subject[-1])):
                    continue  # "We're sorry the escape room's lock jammed": a thing, owned
            if len(subject) == 1 and {t.low for t in clause[at:]} & _PERSONAL:
                continue  # "Luna has not shared her space": a person or a pet, not a firm
            if subject[0].low in ("our", "my") and _said_of_a_person(parsed, n, clause, at):
                continue  # "our cleaner missed the kitchen ... She'll come back": our own staff
            if _CONTRACTED.sub("", subject[0].low) in OWN:  # "We've fixed"
                continue
            reason = actor_reason(subject, sentence[0])
            if not reason or not is_failure(clause, at, later=frozenset(
                    t.low for t in sentence if t.start > clause[-1].start)):
                continue
            if reason == "name" and (_mends_by_name(subject, clause[at + 1 :], sentence) or (
                    _unsure_by_name(subject, clause[at:], sentence))):
                continue  # "Public Works has had to shut down water ... to address an electrical
                # problem": a body named by common nouns only, its act done to mend; "Public
                # Works does not know how long this will take": what it cannot tell yet
            if reason == "list" and _mends_unaddressed(subject, clause[at + 1 :], sentence):
                continue  # "Aurora Water Department has shut down the water main to the school
                # to begin work on repairing the pipe": a public notice of a party's act done to
                # mend, with no harm put on the customer and nothing of ours in it
            if reason == "list" and _a_things_part(subject) and _WE_ACT.search(
                    text, clause[-1].end, end):
                reason = "shape"  # "The bowling lane's ball return stuck twice, so we've given
                # you a free game": a thing's part failed and we act on it, no party blamed
                # unless the part acts on something as a party would (``agentive``)
            if found_by_us and reason != "name" and not {
                    subject[-1].low, subject[-1].low[:-1]} & (words["actors"] | _PARTNERS):
                continue  # "Our engineer found the castle's blower failed": what we found
            if "our" in {t.low for t in subject} and _passive_at(clause, at):
                continue  # "our cleaner was not booked for that day": done to them, by us
            if _our_cause_follows(parts[number + 1 :]) and verb_lemma(
                    clause[at].low, "VBD") not in words["failure_verbs"] | TAKING:
                continue  # "Bath Coaches drove the replacement bus ... because our bus broke down"
            if _we_did_it(parts[number + 1 : number + 2]) or _we_did_it(parts[:number]):
                continue  # "The clinic ran an hour late because we booked too many patients";
                # "... because we set a limit too low, and the card scheme passed it on": our
                # act given as the cause before the party's part in it
            if _short([t.low for t in clause[at:]]) and not _WHOLE.isdisjoint(
                    t.low for t in sentence):
                continue  # "delivered half on Monday and the rest on Tuesday": the whole told
            if words["nature"] & {t.low for t in subject} and number and clause[0].low in (
                    "because", "as", "since", "when") and parts[0][0].low in _WE_FIRST:
                continue  # "Our guide turned the group back because the wind rose above the
                # limit we walk in": the weather as the reason for our own decision
            if _REMEDIED_NEXT.match(text, end):
                continue  # "The council kept the road open, so the side couldn't dance; we've
                # refunded your booking": a party's act told plainly, then what we did for them
            if words["nature"] & {t.low for t in subject} and _REMEDIED.search(
                    text[clause[-1].end : end].lower()):
                continue  # "Heavy snow closed the ski lift at 11am, and we've refunded the
                # afternoon lesson": the weather told as the reason for what we did for them
            if words["nature"] & {t.low for t in subject} and _NEW_TIME_NEXT.match(text, end):
                continue  # "a storm closed our main sorting centre; it will reach you on
                # Friday": the weather as the reason, then the new day it comes to them
            if _weather_reason(sentence, clause[at]) and (_REMEDIED.search(
                    text[clause[-1].end : end].lower()) or _REMEDIED_NEXT.match(text, end)):
                continue  # "The ferry company cancelled the crossing because of high winds, and
                # we have moved your booking": the weather given as the reason for the party's
                # act, then what we did for them (as when the weather is the subject)
            if _work_reason(sentence, clause[at]) and (_REMEDIED.search(
                    text[clause[-1].end : end].lower()) or _REMEDIED_NEXT.match(text, end)):
                continue  # "The council closed the road to the campsite for resurfacing, so we
                # have opened the north gate": work on the thing given as the purpose of the
                # party's act, then what we did for them (as with the weather as the reason)
            if reason != "list" and not agentive(clause, at):
                continue  # "the Sky Swing stays shut", "the boiler broke down": a thing, no party
            if reason != "list" and not _harm_told(clause, at, sentence):
                continue  # "Oakwood Recruitment placed you with us": a named party's plain act
            verb = clause[at]
            agreed = AGREE.get(verb.low, verb.text)
            if len(subject) > 1 and subject[-1].low == "never":
                subject, agreed = subject[:-1], f"never {agreed}"  # "We never showed up"
            elif verb.low.endswith("ing") and clause[0].low == "with":
                agreed = inflect(verb_lemma(verb.low, "VBG") or verb.low, "VBD")  # "We refused"
                subject = subject[1:] if subject[0].low == "with" and len(subject) > 1 else subject
            rest = re.sub(
                r"\bus\b", "you", text[verb.end : end].strip()
            )  # "let us down" -> "let you down"
            owned = owned_part(subject) if not agentive(clause, at) else []
            rewrite = sentence_case(spaced(
                f"Our {text[owned[0].start : verb.end]}" if owned else f"We {agreed}", rest
            ))  # "their sorting hub closed": "We closed" would lose what closed
            if not rewrite.endswith((".", "!", "?")):
                rewrite += "."
            doer = outside_doer(subject)
            if doer:
                rewrite = outside_rewrite(doer, text[
                    (sentence[0] if relative else subject[0]).start : end])
            elif relative:  # "the manufacturer, who has not replied": "We have not" is untrue
                said = spaced("they", AGREE.get(verb.low, verb.text), text[verb.end : end])
                rewrite = (f"{text[sentence[0].start : subject[-1].end]}, "
                           f"{'whom' if clause[0].low == 'who' else 'which'} we chose: "
                           f"{said.rstrip(' .')}. That is ours to sort out: we will update you "
                           "by <day and time>.")
            else:
                rewrite += (f"{' That is on us.' if owned else ''} If a partner was involved, "
                            "we chose them: it is ours to fix.")
            hits.append(
                Hit(
                    "blame_others",
                    (subject[0].start, verb.end),
                    f'"{join(text, subject[0], subject[-1])}" is the subject',
                    rewrite,
                )
            )
    return hits


def _mends_by_name(subject: list[Token], after: list[Token], sentence: list[Token]) -> bool:
    """A name made of common words and no party noun ("Public Works", as a department signs
    itself; not "Parcelnet" or "Acme Couriers") whose act is done "to (help) address/fix/
    restore ..." in a sentence that puts no harm on the customer (no "you", "your"): the act
    is the remedy, told by its doer."""
    if not _common_name(subject, sentence):
        return False  # "Parcelnet", "Acme Couriers": a firm's own name, or a party noun
    lows = [t.low for t in after]
    return any(w == "to" and mending_purpose(lows[k:]) for k, w in enumerate(lows))


def _mends_unaddressed(subject: list[Token], after: list[Token], sentence: list[Token]) -> bool:
    """A body named by its office ("Aurora Water Department": an ``org_heads`` word, no party
    or business noun of the lexicon, unlike "Acme Couriers" or "the supplier") whose act is
    done "to (begin) repair(ing) ..." in a sentence with no "you", "your", "our" or "us"
    (``you_and_us``): a notice of the mending by its doer, as :func:`_mends_by_name` reads it
    for a name of common words."""
    words = lexicon()
    if not words["you_and_us"].isdisjoint(t.low for t in sentence) or any(
            t.low in words["actors"] or t.low[:-1] in words["actors"] or t.low in words[
                "businesses"] or business_compound(t.low) for t in subject):
        return False
    lows = [t.low for t in after]
    return any(w == "to" and mending_purpose(lows[k:]) for k, w in enumerate(lows))


def _unsure_by_name(subject: list[Token], verb_on: list[Token], sentence: list[Token]) -> bool:
    """A name made of common words and no party noun (as in :func:`_mends_by_name`) that says
    what it does not know yet: "Public Works does not know how long this will take", "… is
    unable to say when water will be restored". Not knowing is told, not a failure of the
    body's that hurt the customer; a harm put on "you"/"your" stays blame."""
    if not _common_name(subject, sentence):
        return False
    lows = [t.low for t in verb_on]
    words = lexicon()
    unsure = [phrase.split() for phrase in words["unsure"]]
    for k in range(len(lows)):
        for phrase in unsure:  # no two start alike: at most one is said at k
            if lows[k : k + len(phrase)] == phrase:
                at = k + len(phrase)
                return bool(lows[at : at + 1]) and lows[at] in words["wh_words"]
    return False


def _common_name(subject: list[Token], sentence: list[Token]) -> bool:
    """ "Public Works": common words, no party noun, no firm's own name, in a sentence with no
    "you", "your", "our" or "us" (the lexicon's ``you_and_us``)."""
    words = lexicon()
    return not ({t.low for t in sentence} & words["you_and_us"] or any(
        t.low in words["actors"] or t.low in words["businesses"] or t.low[:-1] in words[
            "actors"] or business_compound(t.low) or not lemmas(t.low) for t in subject))


def mending_purpose(after: list[str]) -> bool:
    """ "to (help) resolve ...", "to address ...": the words open a purpose that mends; not
    "to a different address", whose noun only looks like the verb."""
    if after[:1] != ["to"]:
        return False
    rest = after[1:]
    if rest[:1] and rest[0] in lexicon()["purpose_aspects"]:  # "to begin (work on) repairing"
        rest = rest[3:] if rest[1:3] in (["work", "on"], ["work", "to"]) else rest[1:]
        return bool(rest) and (verb_lemma(rest[0], "VBG") in MENDING or (
            verb_lemma(rest[0], "VB") in MENDING and after[2:3] == ["work"]))
    verb = rest[1:2] if rest[:1] == ["help"] else rest[:1]
    return bool(verb) and verb_lemma(verb[0], "VB") in MENDING


_OWNERS = {"their", "his", "her", "its"}


def owned_part(subject: list[Token]) -> list[Token]:
    """ "their sorting hub", "the bank's system", "our courier's van": the words after the
    owner, for a thing of a party's that failed by itself (no object) and that we own up to
    as ours; [] when no owner is named or the words name a party ("the marina's supplier")."""
    chunk = head_chunk(subject)
    owner = max((k for k, t in enumerate(chunk) if t.low.endswith(_POSSESSIVE) or (
        k == 0 and t.low in _OWNERS)), default=len(chunk))
    if owner == len(chunk) and _a_place(chunk) and not _serves_us(subject):
        owner = 0  # "the depot closed": no owner named, a place that is ours to answer for
    part = chunk[owner + 1 :]
    return [] if any(agent_noun(t.low) or t.low.rstrip("s") in _PARTNERS for t in part) else part


def _a_place(chunk: list[Token]) -> bool:
    """ "the depot", "the Leeds factory": a determiner and a place or thing, not a body."""
    words = lexicon()
    head = chunk[-1].low
    return len(chunk) > 1 and chunk[0].low in ("the", "a", "an", "that", "this") and (
        head not in words["bodies"]) and (
        head in words["own_things"] or head in words["businesses"])


def outside_doer(subject: list[Token]) -> str:
    """ "nature" for the weather ("the storm", "heavy snow"), "yours" for a party the customer
    chose ("your bank"); "" for a party we chose, whose act we own as ours ("We lost it")."""
    chunk = head_chunk(subject)
    lows = [t.low for t in chunk]
    words = lexicon()
    if any(w.rstrip("s") in words["natural"] and not _modifies_a_thing(chunk, k)
           for k, w in enumerate(lows)):
        return "nature"
    return "yours" if lows[0] == "your" and lows[-1].rstrip("s") in words["their_own"] else ""


_NOT_US = re.compile(r",\s*(?:and |but )?not (?:us|ours|our \w+)\b", re.IGNORECASE)


def outside_rewrite(doer: str, said: str) -> str:
    """The suggestion for a harm done by ``doer`` (``outside_doer``), kept as its subject in
    ``said`` ("The weather delayed your flight"): what we do for them, not a false "We"."""
    said = _NOT_US.sub("", sentence_case(said.strip())).rstrip(" .")  # "..., not us"
    if doer == "nature":
        return (f'Say what it means for them and what we are doing: "{said}. We <what we are '
                'doing for you: how, by when>."')
    return (f'Say what we are doing and what they can do: "{said}. We <what we are doing '
            'about it, by when>; you can <what helps, if anything>."')


# what doing without is good news: "delivered without delay", "fixed it without charge"
_NO_HARM = {"delay", "delays", "charge", "charges", "cost", "costs", "fuss", "problem", "problems",
            "issue", "issues", "incident", "incidents", "trouble", "hitch", "hitches", "fail",
            "question", "questions", "waiting", "extra", "damage", "complaint", "us", "you"}


# how a party's work left the thing: "brought it back late and dirty"
_SPOILT = {"empty", "dirty", "damaged", "broken", "unfinished", "incomplete", "filthy", "scratched",
           "dented", "soaked", "torn"}


def _passive_at(clause: list[Token], at: int) -> bool:
    """ "was not booked", "were never told": a form of "be", then a past participle that is no
    adjective, with no "to" after it (not "was supposed to")."""
    if clause[at].low not in ("was", "were", "is", "are", "wasn't", "weren't", "wasn’t",
                              "weren’t"):
        return False
    k = at + 1
    while k < len(clause) and clause[k].low in ("not", "never", "been", "being"):
        k += 1
    if k >= len(clause) or not verb_lemma(clause[k].low, "VBN") or "ADJ" in lemmas(clause[k].low):
        return False
    return clause[k + 1 : k + 2] == [] or clause[k + 1].low != "to"


# frames before the clause that tells what happened: "what happened is that", "it turns out"
_FRAMES = (("what", "happened", "is", "that"), ("what", "happened", "was", "that"),
           ("what", "happened", "is"), ("what", "happened", "was"), ("it", "turns", "out", "that"),
           ("it", "turned", "out", "that"), ("it", "turns", "out"), ("it", "turned", "out"),
           ("it", "seems", "that"), ("it", "seems"), ("it", "appears", "that"), ("the", "thing",
           "is"), ("the", "truth", "is"), ("the", "reason", "is", "that"),
           ("it", "has", "come", "to", "our", "attention", "that"),
           ("it", "has", "been", "brought", "to", "our", "attention", "that"),
           ("we", "have", "been", "made", "aware", "that"), ("we", "have", "been", "told", "that"),
           ("we", "have", "learned", "that"), ("we", "have", "learnt", "that"))


_FRAME_FIRSTS = {f[0] for f in _FRAMES}
# the frames by their first word, in _FRAMES' order: a clause is matched against its own only
_FRAMES_BY_FIRST = {first: tuple(f for f in _FRAMES if f[0] == first) for first in _FRAME_FIRSTS}


_REPORTING = {"says", "said", "tells", "told", "reports", "reported", "confirms", "confirmed",
              "believes", "explains", "explained", "advises", "advised", "thinks", "found"}


def unframed(clause: list[Token]) -> list[Token]:
    """The clause without a frame before what happened ("It turns out ...", "Our engineer
    says (that) ...": what is reported is the clause to read)."""
    said = None if _REPORTING.isdisjoint(map(_LOW, clause[1:5])) else next(
        (k for k, t in enumerate(clause[1:5], 1) if t.low in _REPORTING), None)
    if said is not None and said + 2 < len(clause) and clause[said + 1].low not in ("to", "by"):
        rest = clause[said + 1 :]
        rest = rest[1:] if rest[0].low in ("us", "you") else rest
        rest = rest[1:] if rest and rest[0].low == "that" else rest
        if len(rest) > 2 and rest[0].low in ("the", "a", "an", "their", "its", "it"):
            return rest
    if not clause or clause[0].low not in _FRAME_FIRSTS:
        return clause
    lows = tuple(t.low for t in clause[:8])
    frame = next((f for f in _FRAMES_BY_FIRST[lows[0]] if lows[: len(f)] == f), None)
    return clause[len(frame) :] if frame and len(clause) > len(frame) + 1 else clause


_PLACING_VERBS = {"lay", "lies", "lie", "was", "is", "were", "came", "comes", "stemmed", "stems",
                  "rested", "rests", "sat", "sits", "originated", "started", "began", "arose",
                  "happened", "occurred"}
_FAILED = {"failed", "broke", "crashed", "stopped", "stalled"}
_PLACES = {"in", "with", "at", "from", "on", "inside", "within", "to"}


def _placed_with(clause: list[Token], place: list[Token]) -> Hit:
    """The clause puts the cause with `place`, a party not us: we chose them, so we own it."""
    where = join_tokens(place)
    return Hit(
        "blame_others",
        (clause[0].start, clause[-1].end),
        f'the cause is placed with "{where}"',
        f"We caused this problem. We chose to rely on {where}, so it is ours to fix.",
    )


def _placed_cause(clause: list[Token], first: Token) -> Hit | None:
    """ "The root of the problem lay in our hosting company's infrastructure", "the fault was
    with the courier", "the cause was an error at the bank": the cause placed in a third party."""
    nouns = _cause_words()
    lows = [t.low for t in clause]
    cleft = _cleft_cause(clause, lows, first)
    if cleft:
        return cleft
    if nouns.isdisjoint(lows[:6]) and _FAILED.isdisjoint(lows[:6]):
        return None
    noun = next((i for i, w in enumerate(lows[:6]) if w in nouns), None)
    if noun is None:  # "the payment failed at the bank's end": a failure placed with them
        failed = next((i for i, w in enumerate(lows[1:6], 1) if w in _FAILED), None)
        noun, at = (failed - 1, failed) if failed and lows[failed + 1 : failed + 2] == ["at"] else (
            None, None)
    else:
        at = next(
            (i for i in range(noun + 1, min(noun + 9, len(lows))) if lows[i] in _PLACING_VERBS),
            None,
        )
    if noun is None:
        return None
    if at is None or set(lows[:at]) & {"we", "our", "us", "i", "my"}:
        return None  # "the fault in our code was ...": ours
    k = at + 1
    while k < len(lows) - 1 and lows[k].endswith("ly") and lows[k + 1] in _PLACES:
        k += 1  # "sits squarely with", "lay entirely in"
    if lows[k : k + 1] in (["a"], ["an"], ["the"]) and set(lows[k + 1 : k + 3]) & nouns:
        k += 2 if lows[k + 1] in nouns else 3  # "was a (network) fault in ..."
    if lows[k : k + 1] == ["down"] and lows[k + 1 : k + 2] == ["to"]:
        k += 1  # "down to the airline"
    if lows[k : k + 1] == [] or lows[k] not in _PLACES:
        return None
    place = clause[k + 1 :]
    cut = next((n for n, t in enumerate(place) if n and t.low in ("rather", "instead", "not")),
               None)
    place = place[:cut] if cut else place  # "with their wiring rather than our broadband"
    blamed = lows[noun] in ("blame", "fault", "responsibility") and lows[k] in ("with", "on", "to")
    ours = {t.low for t in place} & {"us", "our", "we", "me", "my", "ours"}
    # "with their crane hire"
    theirs = bool(place) and place[0].low == "their" and lows[k] in ("with", "on", "in")
    if not place or not (is_actor(place, first) or (blamed and not ours) or theirs):
        return None  # "the blame lies with the shipping line": whoever it is, not us
    return _placed_with(clause, place)


_CAUSE_STARTS = (("thanks", "to"), ("due", "to"), ("because", "of"), ("owing", "to"),
                 ("following",), ("after",), ("through",))
_CAUSE_FIRSTS = {c[0] for c in _CAUSE_STARTS}
_UNASKED = re.compile(r"\bwithout (?:consulting|telling|asking|warning|informing|notifying"
                      r"|checking with) us\b")
_SLIPS = {"mix-up", "mixup", "blunder", "oversight", "slip-up", "slip", "breakdown", "muddle"}


def cause_elsewhere(text: str) -> list[Hit]:
    """ "Thanks to a mix-up at the sorting office, your letters went to the wrong halls": a
    slip placed at somewhere not ours, in a phrase before (or after) what it did to them."""
    words = lexicon()
    slips = words["failure_nouns"] | _SLIPS
    hits = []
    for sentence, _end, lows, wordset in read(text):
        if "without" not in wordset and slips.isdisjoint(wordset):
            continue
        unasked = "without" in lows and _UNASKED.search(" ".join(lows))
        if unasked and not owns(sentence):
            first = next((k for k, w in enumerate(lows) if w not in _WHEN_WORDS and w != ","), 0)
            if lows[first] not in OWN and lows[first] not in ("our", "my"):
                hits.append(Hit(
                    "blame_others",
                    (sentence[first].start, sentence[-1].end),
                    f'"{unasked.group(0)}": the act is put on someone else',
                    "Own it: \"We should have agreed this with them first; it is ours to put "
                    "right.\" Then what we are doing about it.",
                ))
                continue
        if slips.isdisjoint(lows) or _CAUSE_FIRSTS.isdisjoint(lows) or owns(sentence):
            continue
        for n in range(len(lows)):
            start = next((c for c in _CAUSE_STARTS if tuple(lows[n : n + len(c)]) == c), None)
            if start is None:
                continue
            k = n + len(start)
            noun = next((j for j in range(k, min(k + 4, len(lows))) if lows[j] in slips), None)
            if noun is None or lows[noun + 1 : noun + 2] not in (["at"], ["with"], ["by"],
                                                                 ["from"], ["on"]):
                continue
            place = []
            for tok in sentence[noun + 2 :]:
                if tok.text in (",", ";", ":") or tok.low in ("and", "so", "which"):
                    break
                place.append(tok)
            if not place or {t.low for t in place} & {"our", "we", "us", "your", "you", "my"}:
                continue
            where = join_tokens(place)
            hits.append(Hit(
                "blame_others",
                (sentence[n].start, place[-1].end),
                f'the cause is placed with "{where}"',
                f"We caused this. We chose to rely on {where}, so it is ours to fix: <what we "
                "are doing, and by when>.",
            ))
            break
    return hits


_CLEFT = {"caused", "led", "triggered", "started", "prompted", "meant"}


def _cleft_cause(clause: list[Token], lows: list[str], first: Token) -> Hit | None:
    """ "What caused the cancelled lessons was the resort's decision to close the lifts": the
    cause, set after "was" in a cleft, placed with someone who is not us."""
    if lows[:1] != ["what"] or lows[1:2] == [] or lows[1] not in _CLEFT:
        return None
    be = next((k for k in range(2, len(lows)) if lows[k] in ("was", "is", "were")), None)
    if be is None or be + 2 >= len(lows):
        return None
    place = clause[be + 1 :]
    if {t.low for t in place} & {"our", "we", "us", "my"} or not is_actor(place, first):
        return None
    return _placed_with(clause, place)

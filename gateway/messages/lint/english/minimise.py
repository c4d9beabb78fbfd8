"""Shrinking the harm: "only a few", "just one item", "a touch later", "a cosmetic scratch",
"the delay was modest", "nothing serious", "this should not worry you", "two hours at most".

Read by shape: a diminisher before a count, a softener before a comparative, a small or
rare adjective said of the harm, a negated judgement of its size, the customer told not
to worry, an upper bound put on a quantity. Each rewrite asks for the figure instead.
"""

from __future__ import annotations

import re
from functools import cache

from gateway.messages.lint.english.parse import (
    Token,
    failure_lemma,
    lemmas,
    lexicon,
    read,
    sentence_case,
    sentences,
    spaced,
    verb_lemma,
)
from gateway.messages.lint.english.words import NUMBER_WORDS, TIME_UNITS
from gateway.messages.lint.findings import Hit

_IMPACT = {"impact", "effect", "disruption", "damage", "harm", "error", "mistake", "delay",
           "outage", "problem", "issue", "fault", "glitch"}
_RELIEF = {"thankfully", "luckily", "fortunately", "happily", "mercifully"}
_TIMING = {"after", "before", "later", "ago", "earlier", "into"}
_NEGATORS = {"nothing", "not", "no", "isn't", "wasn't", "isn’t", "wasn’t", "never", "none"}
# said of the harm after "is/was": "the delay was modest", "it's a cosmetic scratch"
_SMALL_SAID = {"modest", "cosmetic", "rare", "trivial", "mild", "marginal", "insignificant",
               "superficial", "negligible", "minor", "slight", "tiny", "minimal", "unusual"}
_BE = {"is", "was", "are", "were", "it's", "it’s", "that's", "that’s", "been"}
_WORRY = re.compile(
    r"\b(?:(?:don't|don’t|do not|should not|shouldn't|shouldn’t|need not|needn't|needn’t)"
    r"(?: be)?(?: \w+){0,3}?"
    r"|(?:no|little|nothing|not much) (?:(?:need|reason|cause|call) )?(?:to|for))"
    r" (?:worry|worried|concern|concerned|alarm|alarmed|panic)\b"
)
# how late or down a thing was, after a diminished unit of time: "only a day late"
_BEHIND_TIME = {"late", "delayed", "behind", "overdue", "out", "off", "down", "closed", "early"}
# a service not working, said after "only": "only out of action for", "just offline for"
_DOWN = {"out", "offline", "down", "closed", "unavailable", "delayed", "disrupted", "shut",
         "affected", "unreachable", "suspended", "frozen"}
# " tops" ends the phrase it bounds ("ten minutes, tops"), not "two tops instead of one"
_BOUND = re.compile(r" at (?:the )?(?:most|worst|maximum)\b| and no more\b"
                    r"| tops\b(?! (?:instead|of|and|or|on|in|with|that|from|to)\b)"
                    r"| , nothing more\b"
                    r"| a matter of (?:pence|pennies|cents|seconds|minutes|hours|days)\b")
# softeners before any predicate after "was": "was marginally out", "were somewhat delayed"
_SOFTLY = {"marginally", "fractionally", "slightly", "somewhat", "mildly"}
# "a touch later", "a bit higher", "slightly longer": a softener before a comparative
_SOFT_FIRST = {"a", "slightly", "somewhat", "marginally", "fractionally"}
_SOFT_SECOND = {"touch", "tad", "bit", "little", "shade", "fraction", "smidge", "whisker", "hair"}
_DEGREE = {"a", "an", "very", "quite", "fairly", "relatively", "only", "just", "pretty", "rather",
           "purely", "merely", "simply", "largely", "mainly", "entirely", "essentially"}
_SOFT_WORDS = _SOFT_SECOND | _SOFTLY
# the first words to read a sentence from, by which shapes its words allow: (soft, be, negated)
_FIRSTS = {(soft, be, neg): frozenset((_SOFT_FIRST if soft else set()) | (_BE if be else set())
                                      | (_NEGATORS if neg else set()))
           for soft in (False, True) for be in (False, True) for neg in (False, True)}
# the words the phrase-like shapes need: a sentence without one is not joined and searched
_LATER_GATE = {"worry", "worried", "concern", "concerned", "alarm", "alarmed", "panic", "most",
               "worst", "maximum", "tops", "more", "matter", "than", "under", "below"}


# "less than 1% of customers" (tokens drop the "%": "less than 1 of customers"), "under 2 percent"
_SMALL_SHARE = re.compile(r" (?:less|fewer) than (?:\d[\d.,]* (?:of|percent|per cent|in)\b|one in)"
                          r"| (?:under|below) \d[\d.,]* (?:of|percent|per cent)\b")
_TRIVIAL = re.compile(r"\bthan (?:the )?(?:cost|price) of (?:a|an|one)\b")
_PLACEHOLDER = "<exactly how many or how long>"
_NOTHING_TO = re.compile(r" nothing (?:(?:you|anyone) (?:need|needs) )?(?:to|worth) (\w+) "
                         r"(?:\w+ ){0,2}?(?:over|about)\b")
# "nothing you need to do about it": a reassurance about acts, not their feelings
_PRACTICAL = {"do", "pay", "sign", "book", "change", "send", "return", "fill", "bring", "say",
              "add", "report", "check", "call", "update"}
# "a little behind schedule", "a bit off": softened like a comparative
_BEHIND = {"behind", "off", "out", "short", "slow", "delayed", "late", "over", "under"}
# the harm called normal: "which happens on busy Saturdays", "these things happen"
_HAPPENS = re.compile(r", (?:which|as it|as this|and this|and that|and it) (?:often |sometimes "
                      r"|always |can |does |just )?(?:happens|(?<=can )happen)\b"
                      r"|, (?:which|and this|and that) (?:is|was|'s|are) (?:quite |perfectly |very "
                      r"|completely |entirely |fairly |pretty )?(?:normal|common|usual|typical"
                      r"|to be expected|expected|standard)\b|\b(?:these things|such things|things "
                      r"like this|it) (?:do |can |just )?happens?(?: to (?:everyone|us all))?$")
# the harm set against something bigger, or called a trifle
_PERSPECTIVE = re.compile(r"\b(?:in the (?:grand |wider |bigger |overall )?scheme of things|in the "
                          r"(?:big|bigger|wider) picture|relatively speaking|all things considered"
                          r"|a drop in the ocean)\b")
# what a harm did, said after "only" to make its reach small
_GRAZED = {"touch", "affect", "hit", "reach", "graze", "brush", "scratch", "last", "impact",
           "delay", "dent", "mark", "stain", "wet", "dampen", "spread"}
_PARTS_OF_DAY = {"afternoon", "morning", "evening", "night", "weekend", "shift", "session"}


# said after "a little" of a change that is no harm: "the new timetable is a little different"
_NOT_HARM = {"different", "earlier", "early", "better", "easier", "cheaper", "quicker", "faster",
             "sooner", "quieter", "simpler", "changed"}
# the whole a part is counted against: "of the twelve", "of your three", "of their usual"
_WHOSE = r"(?:the|your|their|our|its)"
# the shortfall said with its whole, so "only"/"just" marks how much we fell short, not how little
# harm there was: "just 20 minutes instead of 45", "only two of the twelve", "340 points short"
_SHORTFALL = re.compile(r"\b(?:instead of|rather than|out of (?:\d|every|the)|of " + _WHOSE
                        + r" \d[\d,]*|of " + _WHOSE + r" (?:"
                        + "|".join(sorted(NUMBER_WORDS)) + r"|usual|normal|full|expected)"
                        r"|of all \w+|shortfall"
                        r"|not the full)\b|\b\d[\d,]* \w+ short\b|\b(?:is|was|are|were|fell|came"
                        r"(?: up)?) short\b")
# what a count after "only" is a count of when it makes the harm small
_HARMED = {"affected", "hit", "impacted", "lost", "delayed", "damaged", "exposed", "charged",
           "overcharged", "cancelled", "canceled", "disrupted", "involved", "broken", "late",
           "missing", "wrong", "leaked", "stolen", "deleted", "down", "offline"}
# a softened comparative whose size is then told: "will take a little longer. ... We now
# expect to exchange contracts in the week of 19 January."
_TOLD_WHEN = re.compile(r"\b(?:by|until|at|in the week of|from|expect(?:ed)? (?:it |them |to \w+ )?"
                        r"(?:\w+ )?(?:on|in|by)) (?:\d|monday|tuesday|wednesday"
                        r"|thursday|friday|saturday|sunday|tomorrow|tonight|january|february"
                        r"|march|april|june|july|august|september|october|november|december"
                        r"|the week)")


def minimising(text: str) -> list[Hit]:
    """Every sentence that shrinks the harm, once."""
    hits = []
    gate = _gate()
    parsed = sentences(text)
    for n, (sentence, end, lows, said_words) in enumerate(read(text)):
        if gate.isdisjoint(said_words):
            continue  # none of the words a shape starts from
        said = text[sentence[0].start : end].strip()
        found = _by_word(sentence, lows, said) or _by_shape(sentence, lows, said)
        if found and _counted_plainly(found, sentence, lows, parsed[n + 1 : n + 3]):
            continue
        if found and conceded(sentence, lows, found.span[0]):
            continue
        if found:
            hits.append(found)
    return hits


def _counted_plainly(found: Hit, sentence: list[Token],
                     lows: list[str], after: list[tuple[list[Token], int]]) -> bool:
    """ "only"/"just"/"a little" that counts plainly, not a harm made small: the only one
    that we did not deliver (which one, owned), a shortfall told with its whole ("just 20
    minutes instead of 45", "only part ..., so your balance is 340 points short"), a softened
    delay whose date is told in the same or the next sentences."""
    at = next((k for k, t in enumerate(sentence) if t.start == found.span[0]), None)
    if at is None or found.suggestion.startswith("Name the harm"):
        return False  # a judgement of size ("nothing serious", "purely cosmetic"): always shrinks
    word = lows[at]
    joined = " ".join(lows)
    if word in ("only", "just") and at and (lows[at - 1] == "we" or lows[at - 2 : at] in (
            ["we", "could"], ["we", "can"], ["we", "had"], ["if", "you"])) and lexicon()[
            "small"].isdisjoint(lows[at + 1 : at + 5]) and verb_lemma(
            lows[at + 1 : at + 2][0] if lows[at + 1 : at + 2] else "", "VBD") not in lexicon()[
            "failure_verbs"]:
        return True  # "we only had two vans on the road": our limit; "if you only got one
        # email": their case; not "we only lost a small part of your history"
    if word == "only" and at and verb_lemma(lows[at - 1], "VBD") in lexicon()["left_with"] and (
            lexicon()["small"].isdisjoint(lows[at + 1 : at + 5])) and any(
            w[:1].isdigit() or w in NUMBER_WORDS for w in lows[at + 1 : at + 3]):
        return True  # "some children had only ten minutes to eat", "produced only 60 % of their
        # usual power": what they were left with, counted; the shortfall stressed, not shrunk
    if word in ("only", "just") and lows[at - 1 : at] == ["the"]:
        return True  # "your bag was the only one ... that we didn't deliver": which, not how few
    if word in ("only", "just", "merely") and _SHORTFALL.search(joined) and _HARMED.isdisjoint(
            lows):
        return True  # not "only two of the twelve lockers were affected": the harm's reach
    if word in ("a", "slightly", "somewhat") and lows[at + 1 : at + 2] in _SOFT_PAIRS:
        told = " ".join([joined] + [" ".join(t.low for t in s) for s, _ in after])
        return bool(_TOLD_WHEN.search(told))
    return False


def conceded_spans(text: str) -> list[tuple[int, int]]:
    """The concessive clauses of ``text`` that concede a minimiser in them (:func:`conceded`),
    read once per text: the phrase rules find the same words without a parse, hit by hit."""
    return [span for sentence, _end, lows, _ in read(text)
            if (span := _concession(sentence, lows)) is not None]


def conceded(sentence: list[Token], lows: list[str], at: int) -> bool:
    """The small count or size at ``at`` sits in the sentence's concession (:func:`_concession`)."""
    span = _concession(sentence, lows)
    return span is not None and span[0] <= at < span[1]


def _concession(sentence: list[Token], lows: list[str]) -> tuple[int, int] | None:
    """The span of a concessive clause that opens the sentence ("Whilst this only impacted a
    small number of customers, ...") when the main clause after it grants the harm its weight
    (``weight_granted``: "it was a substantial impact") or speaks of each one counted
    (``distributives`` before "of", "one" or a people word: "each of them lost a day"): a
    smallness in it is conceded, then set aside, not offered as the point. Not "every effort is
    being made": an effort, not the people counted."""
    words = lexicon()
    if not lows or lows[0] not in words["concessive"] or "," not in lows:
        return None
    comma = lows.index(",")
    main = lows[comma + 1 :]
    granted = not words["weight_granted"].isdisjoint(main) or any(
        w in words["distributives"] and main[k + 1 : k + 2] != [] and (
            main[k + 1] in ("of", "one") or main[k + 1] in words["people"])
        for k, w in enumerate(main))  # "each of them", "every one", "every customer"
    return (sentence[0].start, sentence[comma].start) if granted else None


_SOFT_PAIRS = [[w] for w in ("little", "bit", "touch", "tad", "shade", "longer", "later")]


@cache
def _severe_gate() -> frozenset[str]:
    """A judgement of size, or a word a negation before it makes light of ("not a big deal")."""
    return frozenset(lexicon()["severe"] | lexicon()["severe_negated"])


@cache
def _gate() -> frozenset[str]:
    """Every word some shape of this module starts from or needs."""
    return frozenset(lexicon()["minimisers"] | _SOFT_SECOND | _SOFTLY | _SMALL_SAID
                     | _severe_gate() | _LATER_GATE | lexicon()["minimiser_gate"])


def _cut(said: str) -> str:
    """The sentence with the shrinking words taken out and the size asked for."""
    words = lexicon()
    cut = re.sub(r"\b(a) mere\s+(?=(\w+))", lambda m: "" if m.group(2).lower() in NUMBER_WORDS
                 or m.group(2)[:1].isdigit() else m.group(1) + " ", said, flags=re.IGNORECASE)
    # "a mere day late" -> "a day late"; "a mere forty minutes" -> "forty minutes"
    cut = re.sub(r"\b(?:only|just|merely|simply|purely|barely|mere)\s+(?:really\s+|actually\s+)?",
                 "", cut, flags=re.IGNORECASE)  # "only really affected" -> "affected"
    cut = re.sub(rf"^(?:{'|'.join(_RELIEF)}),?\s*", "", cut, flags=re.IGNORECASE)
    cut = re.sub(  # "a small mistake" -> "a mistake": the harm, unshrunk
        r"\b(?:very\s+)?(?:tiny|small|minor|slight|little)\s+(?=(?:"
        + "|".join(sorted(words["failure_nouns"]))
        + r")\b)",
        "",
        cut,
        flags=re.IGNORECASE,
    )
    cut = re.sub(r",?\s+(?:at (?:the )?(?:most|worst|maximum)|and no more|nothing more)\b", "", cut,
                 flags=re.IGNORECASE)
    cut = re.sub(r"\b(?:marginally|fractionally|slightly|somewhat|mildly)\s+", "", cut,
                 flags=re.IGNORECASE)
    cut = re.sub(r"\b(?:what amounted to )?a single \w+", "<from what time to what time>", cut,
                 flags=re.IGNORECASE)  # "for a single afternoon": the hours, not a small word
    cut = re.sub(r"\ba matter of (?:pence|pennies|cents|seconds|minutes|hours|days)\b",
                 _PLACEHOLDER, cut, flags=re.IGNORECASE)
    cut = re.sub(r"\b(?:less|fewer) than (\S+)", r"<exactly how many> (\1)", cut, count=1,
                 flags=re.IGNORECASE)  # "less than 1% of customers"
    return re.sub(
        r"\b(?:an?\s+)?(?:very\s+)?(?:tiny|small|short|brief|minor|slight|little|few|handful|"
        r"negligible|limited|modest|couple|touch|tad|bit|smidge|whisker|fraction)(?:\s+(?:number|percentage|fraction|share|"
        r"group|subset|amount))?(?:\s+of)?\b",
        _PLACEHOLDER,
        cut,
        count=1,
        flags=re.IGNORECASE,
    )


_JUDGED = re.compile(
    r"(?:,?\s*(?:and\s+)?(?:it'?s\s+|that'?s\s+)?nothing (?:(?:you|anyone) (?:need|needs) )?"
    r"(?:to|worth) (?:\w+ ){1,3}?(?:over|about)\b)|"
    r"(?:,?\s*(?:and\s+)?(?:it'?s|it’s|it is|it was|this is|that'?s|that’s)?\s*"
    r"(?:nothing|not)\s+(?:a\s+|that\s+|so\s+|more\s+)?(?:big deal|\w+)\b)"
    r"|(?:,?\s*(?:and\s+)?(?:should not|shouldn't|shouldn’t|need not|needn't)\s+(?:\w+\s+){0,3}?"
    r"(?:worry|concern|alarm)(?:\s+you)?)"
    r"|(?:,?\s*(?:but\s+|and\s+|so\s+)?(?:there is\s+|there's\s+|there’s\s+)?(?:no|little|nothing)"
    r"\s+(?:(?:need|reason|cause|call)\s+)?(?:to|for)\s+(?:worry|concern|alarm|panic)(?:\s+about)?)"
    r"|(?:(?:don't|don’t|do not)\s+(?:be\s+)?(?:worry|worried|alarmed|concerned),?\s*)"
    r"|(?:\s*(?:less|no more|cheaper)\s+than\s+(?:the\s+)?(?:cost|price)\s+of\s+[^,;.]*)"
    r"|(?:,?\s*(?:anyway|in any case)\b)|(?:\bmostly\s+)"
    r"|(?:,\s*(?:which|as|this|that|it|these things) (?:\w+ )?happens?\b[^.;]*)"
    r"|(?:,\s*(?:which|and this|and that) (?:is|was|'s|are) (?:quite |perfectly |very |completely "
    r"|entirely |fairly |pretty )?(?:normal|common|usual|typical|to be expected|expected|standard)"
    r"\b[^.;]*)"
    r"|(?:,?\s*(?:but\s+)?(?:these|such) things (?:do |can |just )?happen\b)"
    r"|(?:\s*in the (?:grand |wider |bigger |overall )?scheme of things\b)"
    r"|(?:\b(?:(?:purely|merely|simply|largely|mainly|entirely|essentially|only|just)\s+)?(?:"
    + "|".join(sorted(_SMALL_SAID)) + r")\b\s*)",
    re.IGNORECASE,
)


def _hit(sentence: list[Token], i: int, said: str, ratio: bool = False,
         judged: bool = False) -> Hit:
    span = (sentence[i].start, sentence[min(i + 2, len(sentence) - 1)].end)
    if judged:  # "nothing serious", "a cosmetic scratch": the judgement taken out
        kept = spaced(re.sub(r"\s+", " ", _JUDGED.sub(" ", said).strip(" ,.")))
        if re.match(r"(?i)(?:this|it|that)(?:'s|’s| is| was) an? \w+(?:[,;].*)?$", kept):
            kept = ""  # "This is a (rare) occurrence[, and ...]": nothing left but the judgement
        thing = re.match(r"(?i)(.+?) (?:is|was|are|were)(?:[,;].*)?$", kept)
        if thing:  # "The scratch on your wardrobe is (purely cosmetic)[, so ...]": the thing
            return Hit("minimising", span, f'"{sentence[i].text}" judges its size for them',
                       f'Name the harm and let them judge its size: "{sentence_case(thing[1])}: '
                       '<what it means for you, and what we are doing about it>."')
        named = f"{sentence_case(kept)}. " if len(kept.split()) >= 3 else ""
        return Hit("minimising", span, f'"{sentence[i].text}" judges its size for them',
                   f'Name the harm and let them judge its size: "{named}<what happened to '
                   f'you, and what we are doing about it>."')
    figure = f"{sentence_case(_cut(said)).rstrip('.')}." + (
        " That is <how many> in all." if ratio else "")
    return Hit("minimising", span, f'"{sentence[i].text}"', f'Give the figure: "{figure}"')


_CLOCK = re.compile(r"\d{1,2}(?::\d\d|[ap]m)$|\d{1,2}[.:]\d\d[ap]m$")


def _their_task(lows: list[str], i: int) -> bool:
    """What the customer has to do, made light, not the harm: "it only takes two minutes to
    reset your password", "just one step is left: sign the form"."""
    if lows[i + 1 : i + 2] in (["takes"], ["take"]) or lows[max(0, i - 1) : i] == ["takes"]:
        after = lows[i + 2 : i + 7]  # "it only takes two minutes to reset", not "... for the
        return "to" in after and "for" not in after[: after.index("to")]  # refund to arrive"
    rest = lows[i + 1 : i + 7]
    return ":" in rest and bool({"left", "remaining", "remains"} & set(rest[: rest.index(":")]))


# what a thing calls for or holds, after "only"/"just": "the recipe only needs one", "the card
# only lists two sauces"
_NEEDS = {"need", "needs", "needed", "require", "requires", "required", "use", "uses", "lists",
          "includes", "contains", "shows", "holds", "fits"}
# words the lemmatiser also reads as verbs: "Just over one percent of orders"
_NOT_VERBS = {"over", "under", "about", "around", "down", "up", "out", "off", "in", "we", "it",
              "i", "less", "more", "half", "double", "twice", "once"}
_WHEN_WORDS = {"at", "on", "until", "till", "after", "in", "by"}
_DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
         "tonight", "tomorrow", "yesterday", "noon", "midnight", "lunchtime"}


def _told_to(sentence: list[Token], lows: list[str], i: int) -> bool:
    """The diminisher inside an instruction to the customer: its clause opens with "please"
    or a bare verb ("Please take just one tablet", "Just call the number on your card")."""
    start = i
    while start and lows[start - 1] not in (",", ";", ":", "and", "then", "so"):
        start -= 1
    if "please" in lows[start:i]:
        return True
    first = [w for w in lows[start : i + 2] if w not in ("please", "just", "only", "simply")]
    if i + 1 >= len(lows):
        return False
    return bool(first) and first[0] == lows[i + 1 : i + 2][0] and first[0] in lemmas(first[0]).get(
        "VERB", ()) and first[0] not in _NOT_VERBS


def _advised(lows: list[str], i: int) -> bool:
    """The small word inside advice to the customer: its clause opens "you should/can/may" and
    a verb of doing ("you should wait a few minutes and try again"), not one of meeting the
    harm ("you may notice a short delay", "you might see a few errors")."""
    start = i
    while start and lows[start - 1] not in (",", ";", ":", "then", "so"):
        start -= 1
    head = lows[start : i]
    if len(head) < 3 or head[0] != "you" or head[1] not in lexicon()["advice_modals"]:
        return False
    verb = head[2]
    return verb in lemmas(verb).get("VERB", ()) and verb not in lexicon()["met_verbs"]


_CHECKING = frozenset({"check", "double-check", "confirm", "verify", "ensure", "see"})


def _to_be_checked(lows: list[str], i: int) -> bool:
    """The diminisher opens the "that" clause of a verb of checking, a few words before it
    ("check with your bank that only one charge ...")."""
    before = lows[max(0, i - 8) : i]
    return bool(before) and before[-1] == "that" and not _CHECKING.isdisjoint(before[:-1])


_MODAL_NEXT = {"will", "should", "can", "may", "might", "would", "usually", "normally", "often",
               "always", "helps", "clears", "fixes", "works", "sorts"}


def _gerund_task(lows: list[str], i: int) -> bool:
    """The small word inside a gerund subject that a modal or a remedy verb follows: what
    someone can do, not the harm ("running the tap for a few minutes will clear it",
    "restarting the router for a minute usually fixes it")."""
    start = i
    while start and lows[start - 1] not in (",", ";", ":", "and", "then", "so", "but"):
        start -= 1
    first = lows[start]
    if not first.endswith("ing") or i - start > 8 or verb_lemma(first, "VBG") is None:
        return False
    return any(w in _MODAL_NEXT for w in lows[i + 1 : i + 6])


def _not_until(lows: list[str], i: int) -> bool:
    """ "only" + a past verb + when ("it only came back at 10:00", "your parcel only arrived on
    Friday"): "not until", which stresses the delay; not "only lasted until" (its reach)."""
    verb = lows[i + 1 : i + 2]
    if not verb or verb_lemma(verb[0], "VBD") in (None, *_GRAZED):
        return False
    rest = lows[i + 2 : i + 7]
    return any(w in _WHEN_WORDS and k + 1 < len(rest) and (
        _CLOCK.match(rest[k + 1]) or rest[k + 1] in _DAYS | {"the", "half", "noon"})
        for k, w in enumerate(rest))


_ADVERBS = {"really", "actually", "ever", "truly", "briefly", "mainly", "mostly", "slightly"}


def _past_adverbs(lows: list[str], at: int) -> str:
    """The word at ``at`` after any adverbs ("only really affected": "affected")."""
    while at + 1 < len(lows) and (lows[at] in _ADVERBS or lows[at].endswith("ly") and len(
            lows[at]) > 4 and not verb_lemma(lows[at], "VBD")):
        at += 1
    return lows[at]


def _by_word(sentence: list[Token], lows: list[str], said: str) -> Hit | None:
    """A diminisher, a small word or an impact noun that shrinks what follows it."""
    words = lexicon()
    if lows[-1:] == ["anyway"] or lows[-3:] == ["in", "any", "case"]:
        return _hit(sentence, len(lows) - 1, said, judged=True)  # "... out of date anyway"
    for i, low in enumerate(lows):
        if low not in words["minimisers"]:
            continue  # none of the words a minimiser starts with
        if low in ("barely", "hardly", "scarcely") and lows[i + 1 : i + 2] and (
                lows[i + 1].endswith(("able", "ible", "ed"))
                or lows[i + 1] in ("any", "a", "an", "anything")):
            return _hit(sentence, i, said)  # "barely noticeable", "hardly affected"
        if "even" in lows[max(0, i - 2) : i]:
            continue  # "even a short delay matters": the harm granted, not shrunk
        if low in words["diminishers"] and "you" in lows[max(0, i - 2) : i] and lows[
                i + 1 : i + 2] in (["need"], ["have"], ["needs"]):
            continue  # "you only need to do one thing": their task made light, not the harm
        if low in words["diminishers"] and _their_task(lows, i):
            continue  # "it only takes two minutes to reset", "just one step is left: sign ..."
        if low in words["diminishers"] and lows[i + 1 : i + 2] != [] and lows[i + 1] in _NEEDS:
            continue  # "the recipe only needs one": what a thing calls for, not the harm
        if _gerund_task(lows, i):
            continue  # "running the cold tap for a few minutes will clear it": what they can
            # do, told as a gerund subject, not the harm
        if low in words["diminishers"] and _told_to(sentence, lows, i):
            continue  # "Please take just one tablet", "Just call the number": an instruction
        if low in words["diminishers"] and _to_be_checked(lows, i):
            continue  # "double-check with your bank that only one charge went through": what
            # to check for, not the harm made small
        if low in words["small"] and "please" in lows[: i] and _told_to(sentence, lows, i):
            continue  # "Please try again in a few minutes": how long to wait, not the harm
        if low in words["small"] and _advised(lows, i):
            continue  # "you should wait a few minutes and try again": their step, not the harm
        if low == "only" and _not_until(lows, i):
            continue  # "it only came back at 10:00": how late (not until then), not how little
        near = lows[i + 1 : i + 5]
        shrink = low in words["diminishers"] and bool(
            set(near) & (words["small"] | words["amounts"] | NUMBER_WORDS)
            or any(w[:1].isdigit() for w in near)
        )  # "only a few", "just one item", "a mere twenty minutes"
        shrink = shrink or (
            low in words["small"]
            and bool(set(lows[i + 1 : i + 3]) & (words["amounts"] | words["failure_nouns"]))
        )  # "a short delay", "a small mistake"
        shrink = shrink or (
            i == 0 and low in _RELIEF
            and bool(set(lows[1:]) & (words["diminishers"] | NUMBER_WORDS | words["small"]))
        )  # "Thankfully, only your email address ...", "Happily, ... a couple of accounts"
        shrink = shrink or (low == "very" and lows[i + 1 : i + 2] in (["few"], ["little"]))
        shrink = shrink or (
            low in ("only", "just", "merely") and bool(lows[i + 1 : i + 2])
            and verb_lemma(_past_adverbs(lows, i + 1), "VBD") in _GRAZED
        )  # "the leak only (really) touched a corner of the room": the harm's reach made small
        shrink = shrink or (
            low in ("only", "just", "barely") and lows[i + 1 : i + 2] in (
                ["visible"], ["noticeable"], ["noticed"], ["seen"], ["apparent"], ["obvious"],
                ["detectable"])
        )  # "the scratch is only visible up close": its size judged for them
        shrink = shrink or (
            low in ("only", "just", "merely") and lows[i + 1 : i + 2] in (["a"], ["an"])
            and lows[i + 2 : i + 3] != [] and lows[i + 2] in TIME_UNITS
            and bool(set(lows[i + 3 : i + 5]) & _BEHIND_TIME)
        )  # "your bag was only a day late": the lateness made small
        shrink = shrink or (
            low == "mere" and lows[i - 1 : i] == ["a"] and lows[i + 1 : i + 2] != []
            and lows[i + 1] in TIME_UNITS and bool(set(lows[i + 2 : i + 4]) & _BEHIND_TIME)
        )  # "arrived a mere day late"
        shrink = shrink or (
            low in ("only", "just", "merely") and lows[i + 1 : i + 2] != []
            and lows[i + 1] in _DOWN and "for" in lows[i + 2 : i + 6]
            and bool(set(lows[i + 3 : i + 10]) & (TIME_UNITS | {"while", "moment", "spell"}))
        )  # "your locker was only out of action for a couple of days": the outage made short
        shrink = shrink or (
            low in ("only", "just", "merely", "simply", "purely")
            and lows[i - 1 : i] in (["was"], ["is"], ["were"], ["'s"], ["’s"])
            and lows[i + 1 : i + 2] in (["a"], ["an"])
            and bool(set(lows[i + 2 : i + 5]) & words["failure_nouns"])
            and "our" not in lows[i + 2 : i + 8]
        )  # "the wrong figure was simply a rounding slip", not "simply a mistake of ours"
        ratio = low in words["diminishers"] and bool(
            re.search(r" in (?:a|every) ", " " + " ".join(near) + " ")
        )  # "only one in a thousand": a share that makes the count look small
        shrink = shrink or ratio
        shrink = shrink or (
            low in _IMPACT
            and bool({"was", "is", "were", "has"} & set(lows[i + 1 : i + 6]))
            and bool(set(lows[i + 2 : i + 8]) & (words["small"] | {"low", "minimal"}))
        )  # "the impact on most customers was low"
        if shrink and low == "just" and lows[i + 1 : i + 2] in (
                ["under"], ["over"], ["below"], ["above"]) and lows[i + 2 : i + 3] != [] and (
                lows[i + 2][:1].isdigit() or lows[i + 2] in NUMBER_WORDS | {"a", "an", "half"}):
            continue  # "stopped for just under two hours": a figure rounded, said exactly as it
            # was; "just" is the nearness of "under", not the harm made small
        if shrink and lows[i + 1 : i + 2] == ["the"] and any(_CLOCK.match(w) for w in near):
            continue  # "only the 07:15 and 09:40 sailings": which ones, named, not how many
        if shrink and lows[i + 1 : i + 2] == ["the"] and lows[i + 3 : i + 5] in (
                ["of", "us"], ["of", "them"]):
            continue  # "it's just the two of us in the box office": our size, not the harm's
        if shrink and low in words["diminishers"] and lows[max(0, i - 2) : i] in (
                ["there", "are"], ["there", "is"]) and _HARMED.isdisjoint(lows):
            continue  # "There are only 12 places on the tour": what there is to have, not harm
        if shrink and low in words["diminishers"] and set(lows[i + 2 : i + 5]) & {
                "left", "remaining", "available", "spare"}:
            continue  # "there's only one parking space left": what is left to have, not harm
        if shrink and not ratio and "each" in lows[i + 2 : i + 7] and (
                low in words["diminishers"]):
            continue  # "only one cat stays in each pen": a rule per place, not a harm made small
        timing = set(lows[i + 2 : i + 4]) & _TIMING
        if timing and timing <= {"later", "earlier"} and "than" in lows[i + 3 : i + 5]:
            timing = set()  # "barely ten minutes later than the time we gave you": how late
        if not shrink or timing:
            continue  # "a few minutes after the fault started": when, not how much
        if low in words["diminishers"] and (
            " so far " in " ".join(lows[i + 1 : i + 8]) + " " or "yet" in lows[i + 1 : i + 8]
        ):
            continue  # "we have reached only 12 families so far": progress, not the harm
        return _hit(sentence, i, said, ratio)
    return None


# "don't worry: we have issued you a fresh one": the worry answered by what we did or will do
_REASSURED = re.compile(r"\s*[:,;–—-]?\s*we(?:'ve|’ve|'ll|’ll| have| will)(?: already)? \w+")


def _their_case(lows: list[str], joined: str, worry: re.Match[str]) -> bool:
    """ "If you've asked for a code and it hasn't arrived, don't worry": told to them in one
    case of theirs, after "if you", not a judgement of the harm ("this should not worry you")."""
    return lows[:1] == ["if"] and lows[1:2] != [] and lows[1].startswith(("you", "your")) and (
        worry.group(0).startswith(("don't", "don’t", "do not"))
        and joined[: worry.start()].rstrip().endswith(","))


_ABOUT_DOING = re.compile(r" about (\w+ing)\b")


def _their_act(after: str) -> bool:
    """ "please don't worry about returning them": a gerund after "about" is something they
    need not do, not their feelings about the harm ("don't worry about losing your photos")."""
    doing = _ABOUT_DOING.match(after)
    if not doing:
        return False
    verb = verb_lemma(doing[1], "VBG")
    return verb is not None and verb not in lexicon()["failure_verbs"]


def _figure_follows(lows: list[str], k: int) -> bool:
    """ "a bit over one hour", "a little under 2 hours", "a bit more than a day": the softener
    rounds a figure that follows it, not the harm ("a bit over budget", "a bit later")."""
    if k >= len(lows):
        return False  # the softener ends the sentence: "it was down a bit"
    at = k + 1 + (lows[k : k + 2] in (["more", "than"], ["less", "than"]))
    if lows[k] not in ("over", "under") and at == k + 1:
        return False
    figure = lows[at : at + 2]
    return bool(figure) and (figure[0][:1].isdigit() or figure[0] in NUMBER_WORDS or (
        figure[0] in ("a", "an") and figure[1:] != [] and figure[1] in TIME_UNITS))


# how often a harm comes, judged for them: "it is not uncommon for a card to fail", "it is not
# common for ferries to be cancelled"
_USUAL_FOR = re.compile(r"\b(?:it is|it's|it’s|it was) (?:not |quite |very |fairly |perfectly "
                        r"|all too )?(?:un)?(?:common|usual|normal|rare|typical) for (?:\w+ )"
                        r"{1,6}?to (?:be )?(\w+)")


_USUAL_SAID = re.compile(r"(?i)\bit(?: is|'s|’s| was) .*?\bfor (.+?) to (.+)$")


def _comparative(word: str) -> bool:
    """ "later", "higher", "longer", "more", "worse": a comparative adjective or adverb."""
    if word in ("more", "less", "worse", "longer", "later"):
        return True
    if not word.endswith(("er", "ier")) or len(word) < 5:
        return False
    found = lemmas(word)
    return any(lemma != word for lemma in found.get("ADJ", ()) + found.get("ADV", ()))


def _by_shape(sentence: list[Token], lows: list[str], said: str) -> Hit | None:
    """Softened comparatives, small or rare things said of the harm, negated severity, "do not
    worry", upper bounds and trivial comparisons."""
    present = set(lows)
    soft = not present.isdisjoint(_SOFT_WORDS)
    small = not present.isdisjoint(_SMALL_SAID)
    negated = not present.isdisjoint(_NEGATORS) and not present.isdisjoint(_severe_gate())
    be = soft or small
    firsts = _FIRSTS[(soft, be, negated)]
    for i in [n for n, w in enumerate(lows[:-1]) if w in firsts] if firsts else ():
        low = lows[i]
        if low in _SOFT_FIRST:
            k = i + 1 if low != "a" else i + 2 if lows[i + 1] in _SOFT_SECOND else 0
            if k and lows[k : k + 1] == ["more"] and lows[k + 1 : k + 2] != [] and (
                    "NOUN" in lemmas(lows[k + 1]) and "ADJ" not in lemmas(lows[k + 1])
                    and lows[k + 1] not in TIME_UNITS | {"time", "while"}):
                continue  # "needs a little more space around the edges": an amount asked for
            if k and _figure_follows(lows, k):
                continue  # "down for a bit over one hour": a figure given, roughly
            if k and k < len(lows) and (_comparative(lows[k]) or lows[k] in _BEHIND):
                return _hit(sentence, i, said)  # "a touch later than planned", "a bit behind"
        if be and low in _BE:
            soft_at = i + 1 + (lows[i + 1] in ("only", "just", "very", "quite", "really"))
            if soft_at + 1 < len(lows) and lows[soft_at] in _SOFTLY:
                return _hit(sentence, soft_at, said)  # "are only marginally different"
            if i + 2 < len(lows) and (lows[i + 1] in _SOFTLY or (
                    lows[i + 1] == "a" and lows[i + 2] in _SOFT_SECOND and i + 3 < len(lows)
                    and lows[i + 3] not in _NOT_HARM)):
                # "was marginally out", "was a fraction off"; not "is a little different"
                return _hit(sentence, i + 1, said)
            if i or low.startswith(("it", "that")):
                k = i + 1
                while k < len(lows) and lows[k] in _DEGREE:
                    k += 1
                said_small = k < len(lows) and lows[k] in _SMALL_SAID
                if said_small and "not" not in lows[max(0, i - 1) : k]:
                    # "the delay was modest" (a size: give it), "a rare occurrence" (a judgement)
                    return _hit(sentence, k, said, judged=lows[k] not in ("modest", "minimal"))
        if negated and low in _NEGATORS and (
            set(lows[i + 1 : i + 3 + (lows[i + 1 : i + 2] == ["of"])]) & lexicon()["severe"]
            or lows[i + 1 : i + 4] in (["a", "big", "deal"], ["that", "bad"], ["so", "bad"])
        ) and "more" not in lows[max(0, i - 2) : i]:
            return _hit(sentence, i, said, judged=True)  # "nothing serious", "not a big deal"
    scale = _PERSPECTIVE.search(" ".join(lows))
    if scale:  # "small change in the grand scheme of things": their loss set against a bigger one
        return _hit(sentence, len(" ".join(lows)[: scale.start()].split()), said, judged=True)
    normal = _HAPPENS.search(" ".join(lows))
    at = len(" ".join(lows)[: normal.start()].split()) if normal else 0
    if normal and "happen" not in normal.group(0) and set(lows[:at]).isdisjoint(
            lexicon()["small"] | lexicon()["failure_nouns"] | _HARMED | _IMPACT):
        normal = None  # "makes a humming sound, which is normal for the first week": no harm
    if normal and "sorry" not in lows:  # "..., which happens on busy Saturdays"
        at += normal.group(0).startswith(",")
        return _hit(sentence, min(at, len(sentence) - 1), said, judged=True)
    usual = _USUAL_FOR.search(" ".join(lows))
    if usual and failure_lemma(usual[1]):  # "it is not uncommon for a request to fail once"
        at = len(" ".join(lows)[: usual.start()].split())
        told = _USUAL_SAID.search(said)
        plain = f"{sentence_case(told[1])} can {told[2].rstrip('.!')}. " if told else ""
        return Hit("minimising", (sentence[at].start, sentence[min(at + 4, len(sentence) - 1)].end),
                   "judges for them how often it happens",
                   f'Name the harm and let them judge its size: "{plain}<what happened to '
                   'you, and what we are doing about it>."')
    nothing = _NOTHING_TO.search(" " + " ".join(lows) + " ")
    if nothing and nothing.group(1) not in _PRACTICAL:  # "nothing to lose sleep over"
        return _hit(sentence, len(" ".join(lows)[: nothing.start()].split()), said, judged=True)
    single = next((n for n, w in enumerate(lows[1:-1], 1) if w == "single" and lows[n - 1] == "a"
                   and lows[n + 1] in TIME_UNITS | _PARTS_OF_DAY), None)
    if single is not None:  # "for what amounted to a single afternoon": the time made small
        return _hit(sentence, single, said)
    if present.isdisjoint(_LATER_GATE):
        return None
    joined = " " + " ".join(lows) + " "
    worry = _WORRY.search(joined)
    if worry and not _REASSURED.match(joined[worry.end() :]) and not _their_case(
            lows, joined, worry) and not _their_act(joined[worry.end() :]):
        return _hit(sentence, len(joined[: worry.start()].split()), said, judged=True)
    bound = _BOUND.search(joined)
    if bound and (set(lows) & {"was", "were", "lasted", "took", "affected", "comes", "came",
                               "amounts", "amounted", "works", "worked", "adds", "added"}
                  or any(w.endswith("ed") for w in lows) or "worst" in bound.group(0)):
        at = len(joined[: bound.start()].split())
        return _hit(sentence, min(at, len(sentence) - 1), said)  # "two hours at most"
    share = _SMALL_SHARE.search(joined)
    if share:  # "less than 1% of customers": a share made to look small
        return _hit(sentence, len(joined[: share.start()].split()), said)
    trivial = _TRIVIAL.search(joined)
    if trivial:  # "less than the cost of a coffee": the amount, not a thing it is smaller than
        at = len(joined[: trivial.start()].split())
        figure = re.sub(r"\b(?:less|no more|cheaper)\s+than\s+(?:the\s+)?(?:cost|price)\s+of\s+"
                        r"[^,;.]*", "<the amount, in pounds>", said, flags=re.IGNORECASE)
        return Hit("minimising", (sentence[at - 1].start, sentence[at].end),
                   "compared with something trivial", f'Give the figure: "{figure.rstrip(".")}."')
    return None

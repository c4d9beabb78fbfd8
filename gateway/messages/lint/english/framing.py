"""How real notices frame a harm so it reads smaller or elsewhere, read by clause shape:
a record of years without one, "only temporary" ("it is not uncommon for … to fail" is
minimise.py's).

Each shape is a regular expression built from the lexicon's word classes over the sentence's
own text, so its span and rewrite come from the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache

from gateway.messages.lint.english.parse import failure_lemma, lexicon, sentences
from gateway.messages.lint.findings import Hit

_NUMBER = r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|a hundred)"


@lru_cache(maxsize=8)
def _spans(text: str) -> tuple[tuple[int, str], ...]:
    """Each sentence's start offset and its text, lower-cased with straight apostrophes: made
    once per text for the seven shape checks here (read only)."""
    return tuple((tokens[0].start, text[tokens[0].start : end].lower().replace("’", "'"))
                 for tokens, end in sentences(text) if tokens)


@lru_cache(maxsize=8)
def _lines(text: str) -> str:
    """The sentences of :func:`_spans`, one a line: a shape is looked for in them all at once
    (one search of the text, not one a sentence) before any sentence is read on its own."""
    return "\n".join(sentence for _, sentence in _spans(text))


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern (split at each "|" outside a group or a class)."""
    out, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            i += 2 if pattern[i + 1 : i + 2] == "]" else 3 if pattern[i + 1 : i + 3] == "^]" else 1
            continue  # a "]" first in a class is one of its characters
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and not depth:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    return [*out, pattern[start:]]


# each shape as it is looked for in :func:`_lines`: "^" and "$" at every line's ends, and no
# "\b" before an alternative's first word (a pattern that starts with a word or a choice of
# words is searched for by its first letters, in C, not tried at every character: ~50 -> ~15
# us a 2,000-character text; dropping a test finds no fewer lines)
_ANY_LINE: dict[re.Pattern[str], re.Pattern[str]] = {}
# for a shape, strings of its own text one of which every match holds (in each alternative, a
# run of its letters outside any optional part; test_msg_lint_en_framing checks them against
# the parsed patterns): a text holding none is not searched. A substring test is one fast C
# search, where a shape that starts with a choice of common letters ("work|works|...",
# "only|just|...") is tried at most of a text's characters: the searches of the shapes below
# ~1,290 -> ~190 us a 2,000-character text on a loaded machine
_NEEDS: dict[re.Pattern[str], tuple[str, ...]] = {}


def _somewhere(text: str, shape: re.Pattern[str]) -> bool:
    """Whether ``shape`` may be found in some sentence of ``text``: false only where it is in
    none. A sentence holds no line end, and its ends are the line's (no shape looks behind its
    start), so a match in a sentence is one in its line; a match across lines, or where a
    dropped "\\b" would not have let it, is a false alarm, which the sentences read one by one
    then answer."""
    lines = _ANY_LINE.get(shape)
    if lines is None:
        loose = "|".join(a.removeprefix("\\b") for a in _alternatives(shape.pattern))
        lines = _ANY_LINE[shape] = re.compile(loose, shape.flags | re.MULTILINE)
    said = _lines(text)
    needs = _NEEDS.get(shape)
    if needs is not None and not any(map(said.__contains__, needs)):
        return False  # none of the strings every match holds: no match, no search
    return lines.search(said) is not None


def _found(text: str, *shapes: re.Pattern[str]) -> Iterator[tuple[int, re.Match[str]]]:
    """Each sentence's start offset and the first of ``shapes`` found in it (the shapes found
    nowhere in the text left out first)."""
    shapes = tuple(shape for shape in shapes if _somewhere(text, shape))
    if not shapes:
        return
    for start, sentence in _spans(text):
        for shape in shapes:
            if found := shape.search(sentence):
                yield start, found
                break


def _hit(code: str, start: int, found: re.Match[str], why: str, rewrite: str) -> Hit:
    """A finding on the words a shape found, quoted in its message."""
    return Hit(code, (start + found.start(), start + found.end()), f'"{found.group(0)}" {why}',
               rewrite)


_TRACK_RECORD = re.compile(rf"\bthe (?:first|only|second) (?:time|(?:\w+ )?(?:issue|outage|problem|"
                           rf"incident|failure|error)) (?:in|for) (?:over |more than |almost )?"
                           rf"{_NUMBER} (?:years|months|decades)\b")
_PASSING = re.compile(r"\b(?:only|just|merely|purely) (?:a )?(?:temporary|short-term)\b"
                      r"|\bkept to (?:a|the) (?:bare )?minimum\b")


def seldom(text: str) -> list[Hit]:
    """A failure framed by how seldom or briefly it happens: "this is the first time in 13
    years", "this is only temporary"."""
    return [_hit("minimising", start, found, "tells how seldom or how briefly, not what it did "
                 "to them", f'Drop "{found.group(0)}" and say what happened to them and for how '
                 'long: "Your payment failed at 10:02; we retried it and charged you once."')
            for start, found in _found(text, _TRACK_RECORD, _PASSING)]


@cache
def _betterment() -> re.Pattern[str]:
    """A betterment word in a sentence that is about "the future": what it will be, not when."""
    better = "|".join(sorted(map(re.escape, lexicon()["betterment"]), key=len, reverse=True))
    return re.compile(rf"\b(?:{better})\b")


_FUTURE = re.compile(r"\b(?:in (?:the )?future|going forward|moving forward|from now on)\b")
_EFFORT = re.compile(r"\b(?:work|works|working|worked) (?:very |really |extremely )?hard\b"
                     r"|\bas hard as (?:we|they|i|he|she|our \w+) (?:possibly )?can\b"
                     r"|\b(?:is|are|remains?|will be|has been) (?:our|my|the) (?:top|number one|"
                     r"first|highest|absolute|main|utmost) priority\b")


@cache
def _times() -> frozenset[str]:
    """The anchor words that tell a time (or a number): something the reader can hold us to."""
    return frozenset(lexicon()["anchors"] - lexicon()["not_times"])


_DIGIT = re.compile(r"\d")
_LETTERS = re.compile(r"[a-z]+")


def effort_for_later(text: str) -> list[Hit]:
    """A promise of effort or betterment with no act, time or number: "we will pay more
    attention in the future", "our teams are working as hard as they can", "is our top
    priority"."""
    hits: list[Hit] = []
    if not _somewhere(text, _FUTURE) and not _somewhere(text, _EFFORT):
        return hits  # neither "the future" nor effort anywhere: no sentence is read
    for start, sentence in _spans(text):
        if _DIGIT.search(sentence) or not _times().isdisjoint(_LETTERS.findall(sentence)):
            continue  # a time or a number: something the reader can hold us to
        future = _FUTURE.search(sentence)
        found = (future if future and _betterment().search(sentence) else None) or (
            _EFFORT.search(sentence))
        if found:
            hits.append(_hit(
                "vague", start, found, "promises effort, not what we will do or by when",
                'Name the act, who does it and when: "Our engineers are replacing the faulty '
                'switch; we expect service back by 6 pm on Friday."'))
    return hits


_WHO_PAYS = (r"(?:you|the (?:customer|buyer|purchaser|recipient|account holder|cardholder)"
             r"|customers)")
_THEIR_FAILURE = re.compile(r"^(?:any )?(?:failure|failing) to (\w+)\b.*?\b(?:will|may|could|can|"
                            r"shall|would) (?:\w+ )?(?:result in|lead to|cause|mean)\b")
_FIRST_THEY_MUST = re.compile(r"^before you can (?:get|receive|claim|obtain|be given|qualify)\b"
                              r".*?\byou (?:will )?(?:first |must first )?"
                              r"(?:need to|must|have to)\b")
_DECLINED = re.compile(r"^if your (?:card|payment|transaction|order) (?:was|has been|is|were|gets|"
                       r"got) (?:declined|rejected|refused)\b")
# our service made to hang on their having got it right: "given that you provided the correct
# information", "as long as you entered a valid address"
_IF_THEY_GOT_IT_RIGHT = re.compile(r"\b(?:given that|provided that|provided|as long as|so long as|"
                                   r"assuming) you(?: have| had)? (?:provided|gave|given|entered|"
                                   r"supplied|typed|used) (?:the |a |your |us )?(?:correct|right|"
                                   r"valid|accurate|up-to-date|current)\b")
# the main clause after a declined payment points at what they typed or hold
_THEIR_INPUT = re.compile(r"\b(?:double-check|check|make sure|ensure)\b.*\b(?:entered|typed|your)\b"
                          r"|\byour \w+ (?:\w+ )?(?:may|might|do|does) not match\b"
                          r"|\b(?:card|account) details\b.*\bnot match\b")


@cache
def _their_shapes() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each shape that puts a duty, cost or fault on them, with the rewrite it asks for."""
    costs = "|".join(sorted(lexicon()["customer_costs"]))
    they_pay = re.compile(rf"\b{_WHO_PAYS} (?:will|shall|must|may|would)(?: also)? "
                          rf"(?:(?:{costs})|be (?:liable|responsible) for)\b")
    return (
        (_THEIR_FAILURE, 'Say the date and what we will do, and offer help: "Your bill is due on '
         '<date>; if you cannot pay by then, call us on <number> and we will agree a plan."'),
        (they_pay, 'Say who pays and why, plainly: "A second delivery costs <amount>; we will not '
         'charge it if the first one failed on our side."'),
        (_FIRST_THEY_MUST, 'Say what we do and what helps: "Tell us your service is down and we '
         'will credit you from the time it went down."'),
        (_IF_THEY_GOT_IT_RIGHT, 'Say what we send and where, with no condition on them: "We '
         'will text and email you if the sailing changes; check your details in your account."'),
        (_DECLINED, 'Say what happened and what they can do: "Your bank declined the payment; you '
         'can try another card, or call us on <number> and we will take it by phone."'),
    )


def their_cost(text: str) -> list[Hit]:
    """A duty, cost or fault put on the customer by a clause's shape: "Failure to make any
    payment will result in ...", "the customer will incur the delivery charge", "Before you can
    get a credit, you first need to report ...", "If your card was declined, please
    double-check that your information was entered correctly"."""
    hits: list[Hit] = []
    shapes = [(shape, rewrite) for shape, rewrite in _their_shapes() if _somewhere(text, shape)]
    if not shapes:
        return hits
    for start, sentence in _spans(text):
        for shape, rewrite in shapes:
            found = shape.search(sentence)
            if found and (shape is not _DECLINED or _THEIR_INPUT.search(sentence)):
                hits.append(_hit("blame_customer", start, found,
                                 "puts the duty or the fault on them", rewrite))
                break
    return hits


_AT_MERCY = re.compile(r"\b(?:we are|we're|we were|we remain|i am|i'm) (?:entirely |completely )?"
                       r"(?:at the mercy of|in the hands of|reliant on|dependent on)\b")
# not "no one from our team told you": that owns the omission
_NOBODY_FROM = re.compile(r"\b(?:nobody|no one|no-one) (?:from|at|in) (?!our\b|my\b|your\b|home\b)"
                          r"(?:the )?[\w&'-]+ "
                          r"(?:\w+ )?(?:let|told|informed|warned|notified|alerted|contacted)\b")


@cache
def _their_fault() -> re.Pattern[str]:
    faults = "|".join(sorted(lexicon()["their_faults"]))
    shape = re.compile(rf"\b(?:apologi[sz]e|apology|sorry|regret)\b.*?\bfor their (?:\w+ )?"
                       rf"(?:{faults})\b")
    _NEEDS[shape] = ("for their ",)
    return shape


@cache
def _must_trust() -> re.Pattern[str]:
    """ "we have to trust that Royal Mail will deliver", "we can only rely on the courier": our
    part made a necessity of leaning on a party (the lexicon's ``actors`` but the forces of
    nature, and not our own people: "we have to trust our drivers" is our staff), so the outcome
    is put in the party's hands."""
    words = lexicon()
    parties = "|".join(sorted(map(re.escape, words["actors"] - words["nature"]
                                  - words["own_people"])))
    shape = re.compile(r"\b(?:we|i) (?:(?:just |simply )?(?:have|had) to|must|can only|could only)"
                       r" (?:trust|rely on|depend on|count on|hope)(?: that)? (?:the |a |an |our )?"
                       rf"(?:[\w&'-]+ ){{0,2}}?(?:{parties})s?\b")
    _NEEDS[shape] = ("trust", "rely on", "depend on", "count on", "hope")
    return shape


def fault_theirs(text: str) -> list[Hit]:
    """Another party put in the fault by the clause's shape: an apology "for their
    incompetence", "we are at the mercy of plumbers", "we have to trust that the courier will
    deliver", "Nobody from Estates let the IT Division know"."""
    return [_hit("blame_others", start, found, "puts the fault or the wait on someone else",
                 'Own it and say what we do: "We did not plan this well; we are sorry, and we '
                 'will tell you by 5 pm tomorrow when we reopen."')
            for start, found in _found(text, _their_fault(), _AT_MERCY, _NOBODY_FROM)] + [
        _hit("blame_others", start, found, "puts the outcome in someone else's hands",
             f"Own it: we chose {_party_named(text[start + found.start() : start + found.end()])}"
             ', so getting it right is our job: "<what we will do if it goes wrong, and by when>."')
        for start, found in _found(text, _must_trust())]


def _party_named(said: str) -> str:
    """The party a :func:`_must_trust` match ends on, after its verb: "that royal mail" ->
    "royal mail"."""
    rest = re.split(r"\b(?:trust|rely on|depend on|count on|hope)\b", said, maxsplit=1,
                    flags=re.IGNORECASE)[-1]
    rest = rest.strip()
    return (rest[5:] if rest.lower().startswith("that ") else rest).strip() or "them"


@cache
def _some_harm() -> re.Pattern[str]:
    """ "facing some delays", "experiencing a few issues": a harm counted by a vague small word."""
    harms = "|".join(sorted(lexicon()["failure_nouns"]))
    # not "had"/"having": "We had some difficulties because ..." tells our own trouble and why
    shape = re.compile(rf"\b(?:facing|experiencing|seeing|suffering|encountering|faced|"
                       rf"experienced|saw|caused|causing) (?:some|a few|a little|a bit of|"
                       rf"a couple of) (?:\w+ )?(?:{harms})\b")
    _NEEDS[shape] = ("facing", "experienc", "seeing", "suffering", "encountering", "faced",
                     "saw", "caused", "causing")
    return shape


# a share of the work still done, said "despite" the harm: "we are still completing 99 %"
_STILL_DONE = re.compile(r"\b(?:despite|in spite of|notwithstanding)\b.*?\bstill\b.*?"
                         r"\b(?:\d[\d.,]*\s?(?:%|percent|per cent)|the (?:vast )?majority)")


def harm_made_light(text: str) -> list[Hit]:
    """The harm counted by a vague small word, or set against what still worked: "customers
    who are facing some delays", "Despite these disruptions, we are still completing around
    99 % of collections"."""
    return [_hit("minimising", start, found, "makes the harm sound small without a figure",
                 'Give the figure of the harm: "About 1,200 bins were not collected on Monday; '
                 'we will collect them by Wednesday."')
            for start, found in _found(text, _some_harm(), _STILL_DONE)]


# patience asked for instead of a time: "continue to ask for patience", "we request your patience"
_ASK_PATIENCE = re.compile(r"\b(?:ask|asks|asking|request|requesting|appeal|appealing|beg)"
                           r"(?: for| you for)? (?:your |their |the |everyone's )?(?:continued |"
                           r"further |ongoing )?(?:patience|understanding|forbearance)\b")
# sorry on a condition of what they saw: "If you have been charged twice then we're very sorry"
_IF_THEN_SORRY = re.compile(r"^if you (?:have|had|were|are|did|got)\b[^;:]*?,? then "
                            r"(?:we're|we are|we|i'm|i am|i) (?:very |truly |so |really )?"
                            r"(?:sorry|apologi[sz]e)\b")


def patience_asked(text: str) -> list[Hit]:
    """An apology that asks instead of owning: patience asked for, not a time given, or sorry
    "if ... then": the harm not said as fact."""
    return [_hit("non_apology", start, found, "asks or hedges instead of saying what we did",
                 'Say it as fact and give a time: "We charged some orders twice; we are sorry, '
                 'and every second charge is refunded by Friday."')
            for start, found in _found(text, _ASK_PATIENCE, _IF_THEN_SORRY)]


_NOW_AND_THEN = re.compile(r"\b(?:occasionally|sometimes|from time to time|now and then|"
                           r"on occasion|at times)\b")
_WILL_BE_DONE = re.compile(r"\b(?:will|may|might|can|could|are|is|get|gets)(?: \w+ly)? (?:be )?"
                           r"(?:occasionally |sometimes )?([a-z]+ed|[a-z]+en|lost|cut|left)\b"
                           r"(?! by (?!mistake|error|accident)\w)")

_NEEDS.update({
    _TRACK_RECORD: ("years", "months", "decades"),
    _PASSING: ("temporary", "short-term", "minimum"),
    _FUTURE: ("future", "forward", "from now on"),
    _EFFORT: ("hard", "priority"),
    _THEIR_FAILURE: ("fail",),
    _FIRST_THEY_MUST: ("before you can ",),
    _DECLINED: ("declined", "rejected", "refused"),
    _IF_THEY_GOT_IT_RIGHT: ("given that", "provided", "long as", "assuming"),
    _AT_MERCY: ("mercy of", "hands of", "reliant on", "dependent on"),
    _STILL_DONE: ("still",),
    _ASK_PATIENCE: ("patience", "understanding", "forbearance"),
    _IF_THEN_SORRY: (" then ",),
    _NOW_AND_THEN: ("occasionally", "sometimes", "from time to time", "now and then",
                    "on occasion", "at times"),
})


def failure_foretold(text: str) -> list[Hit]:
    """A failure told as something that happens now and then, with no one doing it:
    "Occasionally bins will be missed by mistake"."""
    hits: list[Hit] = []
    if not _somewhere(text, _NOW_AND_THEN):
        return hits
    for start, sentence in _spans(text):
        if not _NOW_AND_THEN.search(sentence):
            continue
        for found in _WILL_BE_DONE.finditer(sentence):
            lemma = failure_lemma(found.group(1))
            if lemma:
                hits.append(_hit(
                    "passive_evasion", start, found, "says it happens, not who does it",
                    f'Say who does it: "Sometimes we {lemma} one by mistake; if we '
                    f'{found.group(1)} yours, tell us and we will put it right within 2 days."'))
                break
    return hits

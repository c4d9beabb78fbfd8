"""Trade words by their rarity in general English: "failover", "adjudication", "turbidity".

A phrase list of trade words trails new wording, and the made-up-noun shape of
``trade.py`` only sees words no dictionary lists. Here a word is jargon when
everyday English seldom uses it (below ``rare_below_zipf`` in wordfreq's
frequencies, the shipped list ``common/en.txt``, :mod:`..rarity`) and it has
the shape of a trade word: a process or property noun ("adjudication",
"concurrency", "accruals") or a closed compound on a particle or a system word
("failover", "backhaul", "webhook"). Rare words of other shapes are mostly
the plain things of a customer's own life ("worktop", "glazier",
"stairlift"), so they are left alone; so are hard adjectives ("temperamental":
a noun or verb, or a word lemminflect does not know, is needed), words made of a common word
("rebooked", "mislabelled", "installer"), names (capitalised inside a
sentence), all-capitals tokens (the abbreviation check's), words the text
explains ("a cutover (the switch to the new system)"), and words of the
customer's own ("your drivetrain"). Calibrated on the development sets
written up to dev-14 and dev-heldout12 only (corpus README, "Fifteenth
round").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from operator import itemgetter

from gateway.messages.lint.english.parse import Token, lemmas, lowered, read, sentence_case
from gateway.messages.lint.english.words import DETERMINERS, NUMBER_WORDS
from gateway.messages.lint.findings import Hit
from gateway.messages.lint.rarity import common_words

_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
_CONTRACTION = re.compile(r"n['’]t$|['’](?:s|re|ve|ll|d|m)$")
# British spellings wordfreq counts under the American one ("optimiser", "fulfilment")
_SPELLINGS = ((re.compile(r"is(ation|e|ed|es|ing|er|ers)$"), r"iz\1"), (re.compile(r"our"), "or"),
              (re.compile(r"ll(ed|ing|ment)$"), r"l\1"), (re.compile(r"tre(s?)$"), r"ter\1"),
              (re.compile(r"ae|oe"), "e"), (re.compile(r"yse(d?)$"), r"yze\1"),
              (re.compile(r"lment$"), "llment"))
# a process or property noun: "adjudication", "concurrency", "accruals", "turbidity"
_PROCESS = re.compile(r"(?:ation|ition|ution|ity|ency|ancy|ance|ence|ment|als?|ism|ology|ometry"
                      r"|ysis|osis|itis)$")
# a closed compound on a particle or a system word: "failover", "rollback", "webhook"
_SYSTEM_PART = re.compile(
    r"^(?:back|over|out|off|up|down|under|hot|web|micro|cyber)"
    r"|(?:over|back|out|off|up|down|end|flow|stream|hook|fix|load|base)$")
# a word made of a common one: "rebooked", "mislabelled", "installer", "refundable"
_PREFIXES = ("re", "mis", "over", "under", "un", "out", "co", "pre", "de", "dis", "non", "sub",
             "multi", "self")
_SUFFIXES = ("ers", "er", "rs", "r", "able", "ing", "ed", "d", "ness", "ment", "ful", "less",
             "ists", "ist", "ians", "ian", "ery", "y")
# an explanation right after the word: "a cutover (the switch to ...)", "failover, that is"
_EXPLAINED = re.compile(r"\s*(?:\(|, (?:that is|i\.e\.|meaning|which means|or |a |an |the )|"
                        r" (?:means|is when|is where|is what)\b|: (?:a|an|the|we|it)\b|\s[—–-] )")
# said as a name for what the text tells in plain words: "what we call failover"
_NAMED_BEFORE = re.compile(r"(?:called|known as|we call|so-called|term|word)\s+[\"“‘']?$")
_OWN = {"your", "yours"}
_TEXT = itemgetter(0)  # Token.text


@lru_cache(maxsize=1024)  # asked of every split of a new word (``_compound``), of its parts
def _common(word: str) -> bool:
    words = common_words("en")
    if word in words:
        return True
    forms = {word} | {p.sub(r, word) for p, r in _SPELLINGS}
    for form in forms:
        if form in words or (form.endswith("s") and form[:-1] in words):
            return True
        if any(lemma.lower() in words for found in lemmas(form).values() for lemma in found):
            return True
    return False


def _derived(word: str) -> bool:
    """A common word with a prefix or suffix: the reader knows it from its parts."""
    for p in _PREFIXES:
        if word.startswith(p) and len(word) - len(p) >= 3 and _common(word[len(p) :]):
            return True
    for s in _SUFFIXES:
        base = word[: -len(s)]
        if word.endswith(s) and len(base) >= 3 and (
                _common(base) or _common(base + "e")
                or (len(base) > 3 and base[-1] == base[-2] and _common(base[:-1]))):
            return True
    return False


def _compound(word: str) -> bool:
    """Two common words of three letters or more written as one: "fail|over", "web|hook"."""
    return any(_common(word[:i]) and _common(word[i:]) for i in range(3, len(word) - 2))


@lru_cache(maxsize=512)
def rare_trade_word(word: str) -> bool:
    """Whether the lower-case ``word`` is rare in general English and shaped like a trade word."""
    if len(word) < 5 or not word.isalpha():
        return False
    process = bool(_PROCESS.search(word))
    if not process and not _SYSTEM_PART.search(word):
        return False  # no trade word's shape (most words): its lemmas need not be looked up
    found = lemmas(word)
    if found and not {"NOUN", "VERB"} & set(found):
        return False  # "temperamental", "regrettable": a hard word, not a trade's thing
    shaped = process or _compound(word)
    return shaped and not _common(word) and not _derived(word)


@lru_cache(maxsize=512)
def _rare_token(word: str) -> bool:
    """A token as written: a word, or a hyphenated one with a rare trade word for a part."""
    if not _WORD.fullmatch(word):
        return False  # a number, a code
    parts = re.split(r"['’-]", _CONTRACTION.sub("", word.lower()))
    return any(rare_trade_word(p) for p in parts if p)


def _theirs(tokens: Sequence[Token], n: int) -> bool:
    """The word ends a noun phrase of the customer's: "your drivetrain", "your car's
    drivetrain", "your rear drivetrain" (not "your card needs attestation")."""
    for k in range(n - 1, max(-1, n - 4), -1):
        low = tokens[k].low
        if low in _OWN:
            return True
        if low.endswith(("'s", "’s")):
            continue
        found = lemmas(low)
        if not found or ("VERB" in found and "ADJ" not in found) or low in DETERMINERS:
            return False
    return False


def _explained(text: str, word: str, start: int, end: int) -> bool:
    """The text says what the word means: right after it, or after any other use of it."""
    if _NAMED_BEFORE.search(text[max(0, start - 20) : start]):
        return True
    pattern = re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)
    return any(_EXPLAINED.match(text, m.end()) for m in pattern.finditer(text))


# tokens as written that are short or no rare trade word (most): a sentence of only these holds
# none, found by one set operation instead of a look-up a token
_NOT_RARE: set[str] = set()


def _maybe_rare(tokens: Sequence[Token]) -> bool:
    """Whether some token of ``tokens`` is five letters or more and ``_rare_token``."""
    said = set(map(_TEXT, tokens))
    if _NOT_RARE.issuperset(said):
        return False
    if len(_NOT_RARE) > 8192:  # bounded, like the caches
        _NOT_RARE.clear()
    found = False
    for w in said - _NOT_RARE:
        if len(w) < 5 or not _rare_token(w):
            _NOT_RARE.add(w)
        else:
            found = True
    return found


def rare_words(text: str, taken: Sequence[Hit] = ()) -> list[Hit]:
    """One finding per sentence with a rare trade word; the rewrite marks each for plain words.
    Sentences with a finding in ``taken`` (the trade lexicon's) are left to it."""
    hits = []
    for r in read(text):
        tokens = r.tokens
        if any(tokens[0].start <= h.span[0] <= r.end for h in taken) or not _maybe_rare(tokens):
            continue
        found = []
        for n, tok in enumerate(tokens):
            w = tok.text
            if len(w) < 5 or (w[0].isupper() and (n or w.isupper())) or not _rare_token(w):
                continue  # short, a name inside the sentence, an abbreviation, a common word
            if _theirs(tokens, n):
                continue  # "your drivetrain": the customer's own thing, in their own word
            if _explained(text, w, tok.start, tok.end):
                continue
            found.append(tok)
        if not found:
            continue
        start = tokens[0].start
        plain = text[start : r.end].strip().rstrip(".")
        for tok in found:
            plain = re.sub(rf"\b{re.escape(tok.text)}\b", f"<{tok.text} in plain words>", plain)
        first = found[0]
        hits.append(Hit(
            "jargon",
            (first.start, first.end),
            f'"{first.text}" is a trade word: everyday English seldom uses it',
            f'Say what it is in everyday words, or explain it in brackets: '
            f'"{sentence_case(plain)}."',
        ))
    return hits


# Trade words where a text explains why: the second shape of jargon, by position not by list. A
# customer reads "because the nucs failed their brood inspection for chalkbrood" or "the
# groundscrews failed their torque-to-refusal test" as a wall: the reason is told in the trade's own
# nouns. Two general signals, each only in a clause that gives a cause or a state (after "because",
# "as", "since", "after", "so", "due", "during", "pending", or after a colon, semicolon or dash, up
# to a "but", "while" or "until", which open a contrast or a time; not "when": "when it hit the
# kerb" tells a time), not in one where we or the customer act ("we repair the weighbridge", "our
# inverter", "the new mainspring we fitted"), not in a gloss in brackets: a noun everyday English
# seldom uses (below ``rare_below_zipf``, not a common word with a prefix or suffix, not a name, not
# an ordinal), and a hyphenated compound of content words ("edge-blending", "hit-registration") that
# is no phrasal noun ("pick-up", "sign-ins"), no measure ("two-hour", "half-price") and no everyday
# pattern ("gluten-free", "self-storage"). A repeat spelt with a hyphen ("re-seat", "re-index",
# "re-tanned") counts in any clause but ours or theirs: everyday repeats are written closed
# ("rebook", "redo"). Measured on every development set but dev-20 and dev-heldout20 (corpus README,
# "Nineteenth round, jargon").
_CAUSE_WORDS = frozenset({"because", "as", "since", "after", "so", "due", "during", "pending"})
# words that open a clause of another role, a contrast or a time ("but that path is now closed",
# "while the track is relaid", "until the frame is checked"): no reason is given there, and
# one given before ends at them ("because the boiler failed, but the sauna is open")
_TURNS = frozenset({"but", "while", "until"})
_WHY_BEFORE = frozenset({"which", "that's", "that’s", "that"})
_CAUSE_MARKS = frozenset({":", ";", "—", "–"})
_OPENS_CAUSE = _CAUSE_WORDS | _CAUSE_MARKS  # a reason is given only after one of these
# a clause whose actor is named, we or the customer: "we repair the weighbridge", "you ordered
# sweet peas and got nasturtiums" tell what someone did or got, not a trade's reason
_ACTORS = frozenset({"we", "we'll", "we've", "we're", "we'd", "we’ll", "we’ve", "we’re", "we’d",
                     "our", "ours", "us", "you", "you've", "you’ve", "you'd", "you’d"})
# a compound's last part that makes it a phrasal noun: "pick-up", "check-in", "sign-ins"
_PARTICLES = frozenset({"up", "in", "out", "off", "on", "over", "down", "back", "away", "by",
                        "through", "about", "around"})
# first parts of everyday compounds: a measure, a place in order, a direction, a prefix
_LEADS = frozenset({
    "half", "double", "single", "first", "second", "third", "next", "same", "mid", "non",
    "self", "pre", "post", "north", "south", "east", "west", "all", "well", "part", "full",
    "extra", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "last", "long", "short", "over", "under", "out", "in", "on", "off",
    "up", "down", "free", "semi", "anti", "ex", "co", "re", "mis", "de", "un", "multi", "sub",
    "super", "high", "low", "top", "end", "ill", "new", "old", "no", "by", "so", "far"})
# last parts of everyday compounds: what it lacks or how long, big or made it is
_TAILS = frozenset({"free", "class", "day", "days", "hour", "hours", "minute", "minutes",
                    "week", "weeks", "month", "months", "year", "years", "time", "sized",
                    "size", "style", "made", "based", "friendly", "proof", "related", "digit",
                    "old", "long", "wide", "high", "deep"})
_ORDINAL = re.compile(r"(?:tieth|teenth|hundredth|thousandth|millionth)$")  # "ninetieth"
_ALPHA_COMPOUND = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)+")
_POSSESSIVE = re.compile(r"['’]s$")


def _trade_compound(low: str) -> bool:
    """ "edge-blending", "tee-sheet", "torque-to-refusal": content words joined by hyphens."""
    parts = low.split("-")
    last = parts[-1][:-1] if parts[-1].endswith("s") and parts[-1][:-1] in _PARTICLES else (
        parts[-1])
    return not (last in _PARTICLES or last in _TAILS or parts[0] in _LEADS
                or parts[0] in _PARTICLES or parts[0] in NUMBER_WORDS)


@lru_cache(maxsize=1024)  # small: its answers come from _common's and lemmas' own caches
def _rare_noun(low: str) -> bool:
    """A word everyday English seldom uses, not made of a common one, and no verb, adjective
    or adverb only ("puckered", "partway"): "nucs", "blanketweed", "serifs"."""
    if len(low) < 4 or not low.isalpha() or _common(low) or _derived(low) or _ORDINAL.search(low):
        return False
    found = lemmas(low)
    return not found or "NOUN" in found


def _acted_on(tokens: Sequence[Token], n: int) -> bool:
    """The noun (or the noun phrase it starts) is what we or the customer did something to,
    in a relative clause after it: "the new mainspring we fitted", "the parts that you sent"."""
    after = [t.low for t in tokens[n + 1 : n + 4]]
    if len(after) > 1 and after[0] not in _ACTORS and "NOUN" in lemmas(after[0]):
        after = after[1:]  # past the head the word modifies: "the oxalic acid you ordered"
    return bool(after) and (after[0] in _ACTORS or (
        after[0] in ("that", "which") and len(after) > 1 and after[1] in _ACTORS))


def cause_terms(text: str, taken: Sequence[Hit] = (),
                person: Callable[[str], bool] = lambda low: False) -> list[Hit]:
    """One finding per sentence that gives its reason in a trade's words (see above). A rare
    noun that ``person`` takes for someone named by a role ("no anaesthetist was free", "came
    back blurred from the etcher": blame's agent nouns) is no trade word: the customer follows
    who it was by the shape of the word, as they follow "the plumber"."""
    hits = []
    redone_here = "re-" in lowered(text)  # no "re-" word in the text: none in a sentence
    for r in read(text):
        tokens = r.tokens
        if any(tokens[0].start <= h.span[0] <= r.end for h in taken):
            continue
        # "X, which is why Y": X is the reason
        cause, we = "why" in r.words and bool(_WHY_BEFORE & r.words), False
        if not cause and r.words.isdisjoint(_OPENS_CAUSE) and not (
                redone_here and any(w.startswith("re-") for w in r.words)):
            continue  # no reason given and no "re-" word: no word below is looked at
        aside = False
        found = []
        for n, tok in enumerate(tokens):
            w, low = tok.text, tok.low
            if w in "()":
                aside = w == "("  # "(spars)", "(in the trade, a harbourage)": a gloss
                continue
            if low == "why":
                cause = False
                continue
            if (low in _CAUSE_WORDS and not (  # "as a PDF": a preposition, no clause
                    low == "as" and n + 1 < len(tokens) and tokens[n + 1].low in DETERMINERS)
                    ) or w in _CAUSE_MARKS:
                cause, we = True, False
                continue
            if low in _TURNS:
                cause, we = False, False
                continue
            if w == ",":
                we = False
                continue
            if low in _ACTORS:
                we = True
                continue
            redone = low.startswith("re-") and _ALPHA_COMPOUND.fullmatch(low) is not None
            if not (cause or redone) or we or aside or len(w) < 4 or (n and w[0].isupper()) or (
                    w.isupper() and len(w) > 1):
                continue
            base = _POSSESSIVE.sub("", low)
            if "-" in base:
                if not redone and (not _ALPHA_COMPOUND.fullmatch(base)
                                   or not _trade_compound(base)):
                    continue
            elif not _rare_noun(base) or (n == 0 and w[0].isupper()) or person(base):
                continue
            if _theirs(tokens, n) or _explained(text, w, tok.start, tok.end) or _acted_on(
                    tokens, n):
                continue
            found.append(tok)
        if not found:
            continue
        plain = text[tokens[0].start : r.end].strip().rstrip(".")
        for tok in found:
            plain = re.sub(rf"(?<![\w-]){re.escape(tok.text)}(?![\w-])",
                           f"<{tok.text} in plain words>", plain)
        first = found[0]
        hits.append(Hit(
            "jargon",
            (first.start, first.end),
            f'"{first.text}" is a trade word in the reason you give: the customer cannot '
            "follow it",
            f'Give the reason in everyday words, or explain the term in brackets: '
            f'"{sentence_case(plain)}."',
        ))
    return hits

"""Tokens, sentences and clauses of English text, and verb forms from lemminflect.

lemminflect's lexicon ships in its wheel (no download, ~1 MB); its answers are read from a
compact copy (``forms.py``, ~2 MB resident instead of lemminflect's ~59 MB and numpy), and
its guesses for words the lexicon lacks from its networks run without numpy (``guess.py``). The
word lists of the checks are in ``rules/en.yaml`` (``structure``): :func:`lexicon`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache
from operator import itemgetter
from typing import Any, NamedTuple

from gateway.messages.lint.english import forms, guess
from gateway.messages.lint.english.words import (
    AUX,
    CLAUSE_BREAK,
    CONJUNCTIONS,
    DETERMINERS,
    NUMBER_WORDS,
)
from gateway.messages.lint.phrases import rules_for
from gateway.messages.readability import lowered  # noqa: F401  (the checks import it from here)

# a full stop inside a number ("£86.20", "v2.1") ends no sentence; the run of other characters
# is one repeat of a class (matched by one C loop), not an alternative tried at each character
_SENTENCE = re.compile(r"(?:[^.!?;\n]+|\.(?=\d))+[.!?;]*")




class Token(NamedTuple):
    text: str
    start: int
    end: int
    low: str


_make_token = tuple.__new__  # Token(...) without NamedTuple's keyword-taking __new__


@cache
def lexicon() -> dict[str, Any]:
    structure = rules_for("en").raw.get("structure") or {}
    words = {k: (set(v) if isinstance(v, list) else v) for k, v in structure.items()}
    # the first words of every minimiser shape (hedging.minimising), looked up once per token
    words["minimisers"] = (
        words["diminishers"] | words["small"] | words["failure_nouns"] | words["minimiser_starts"]
    )
    # the weather and the earth: no party, and no one we chose (blame.outside_doer)
    words["natural"] = words["nature"] | words["natural_forces"]
    # vague whens that hold an anchor word ("in the coming hours"): no anchor when said in them
    words["anchored_whens"] = {w for w in words["vague_whens"] if set(w.split()) & words["anchors"]}
    # each reader's negations: the shared list and what its own list adds (rules/en.yaml)
    for reader in ("negations_acts", "negations_customer", "negations_record", "negations_learned"):
        words[reader] = words["negations"] | words[reader]
    return words


@lru_cache(maxsize=1024)
def lemmas(word: str) -> dict[str, tuple[str, ...]]:
    found = _all_lemmas(word)
    if not found and word.endswith("ed") and len(word) > 4:
        found = guess.all_lemmas(word, "VERB")  # not in its lexicon: lemminflect's guess
    return found


def _all_lemmas(word: str) -> dict[str, tuple[str, ...]]:
    """lemminflect's ``getAllLemmas(word)``, from the compact copy of its lexicon (a new dict
    each call; test_msg_lint_fast_paths and test_msg_lint_forms compare)."""
    return forms.all_lemmas(word)


@lru_cache(maxsize=1024)
def verb_lemma(word: str, form: str) -> str | None:
    """The verb lemma when ``word`` can be that form (``VBD``, ``VBN``, ``VBZ``) of a verb."""
    word = word.lower()
    for lemma in lemmas(word).get("VERB", ()):
        forms = _verb_forms(lemma)
        wanted = forms.get(form) or (
            forms.get("VBD", ()) if form == "VBN" else ()
        )  # regular: VBN == VBD
        regular = form == "VBD" and word.endswith("ed") and word in forms.get("VBN", ())
        if word in wanted or regular:  # "fitted": lemminflect lists only "fit" as its past
            return lemma
    return None


def failure_lemma(verb: str) -> str | None:
    """The lemma of a failure verb, bare or as a participle ("fail", "canceled", "missed"), that
    needs no particle ("taken", "mixed": "taken down", "mixed up"); None for any other word."""
    words = lexicon()
    lemma = verb if verb in words["failure_verbs"] else verb_lemma(verb, "VBN")
    failing = lemma in words["failure_verbs"] and lemma not in words["particle_verbs"]
    return lemma if failing else None


@lru_cache(maxsize=256)
def _verb_forms(lemma: str) -> dict[str, tuple[str, ...]]:
    """Every form of the verb ``lemma`` (read only): each lookup decodes a line of the table,
    and the words of one text share lemmas ("delayed", "delays")."""
    found = forms.verb_forms(lemma)  # lemminflect's getAllInflections(lemma, "VERB")
    return found or guess.verb_forms(lemma)  # a verb its lexicon lacks: lemminflect's guess


def past(word: str, lemma: str) -> str:
    """The past tense of ``lemma`` as the text spells it: "cancelled" stays "cancelled"."""
    return word.lower() if verb_lemma(word, "VBD") == lemma else inflect(lemma, "VBD")


@cache
def _owning() -> re.Pattern[str]:
    return re.compile("|".join(rf"\b{re.escape(o)}\b" for o in sorted(lexicon()["owning"])))


@cache
def _owning_phrases() -> tuple[str, ...]:
    return tuple(sorted(lexicon()["owning"]))


# owns() by the sentence's list itself (kept here, so its id is not reused while it is): the
# checks of one text ask it of the same parsed sentences, ~50 times a text
_OWNED: dict[int, tuple[list[Token], bool]] = {}
_TEXT, _LOW = itemgetter(0), itemgetter(3)  # Token.text, Token.low


def owns(sentence: list[Token]) -> bool:
    """ "We made a mistake.", "This was our fault.": the sentence owns what follows."""
    entry = _OWNED.get(id(sentence))
    if entry is not None and entry[0] is sentence:
        return entry[1]
    found = _owns(tuple(map(_LOW, sentence)))
    if len(_OWNED) >= 256:
        _OWNED.clear()
    _OWNED[id(sentence)] = (sentence, found)
    return found


@lru_cache(maxsize=256)
def _owns(lows: tuple[str, ...]) -> bool:  # the checks of one text ask about the same sentences
    joined = " ".join(lows)
    # an owning phrase matches only where it is a substring: most sentences hold none, and a
    # substring test a phrase is cheaper than the pattern's alternatives at every position
    return (any(map(joined.__contains__, _owning_phrases())) and bool(_owning().search(joined))
            or bool(_ON_US.search(joined)) or _we_fell_short(lows) or _we_got_wrong(lows))


# "that was our scheduling", "this one is on us", "it was down to us": the cause taken as ours
_ON_US = re.compile(r"\b(?:that|this|it)(?: one)? (?:was|is|'s|’s) (?:all )?(?:on us|down to us"
                    r"|our (?!own\b)[a-z]+(?: [a-z]+)?$)")


_NEGATED_DID = {"did", "didn't", "didn’t"}
# "we did not know", "we didn't receive": what we lacked, not a duty we left undone
_NOT_DUTIES = {"receive", "get", "hear", "know", "need", "have", "expect", "want", "see", "find",
               "agree", "accept", "ask", "mean", "intend", "think", "realise", "realize"}


def _we_fell_short(lows: tuple[str, ...]) -> bool:
    """ "we did not plan our rounds well enough", "we failed to check", "we forgot to call":
    we are the subject of a duty left undone, so the sentence owns it."""
    if "we" not in lows:
        return False  # one C scan, not a loop over every word of most sentences
    for n, w in enumerate(lows[:-2]):
        if w != "we":
            continue
        rest = (*lows[n + 1 : n + 4], "")
        if rest[0] == "did" and rest[1] not in ("not", "never"):
            continue  # "we did send you two reminders": insisting, not owning
        if rest[0] in _NEGATED_DID:
            verb = rest[2] if rest[0] == "did" and rest[1] == "not" else rest[1]
        elif rest[0] in ("failed", "forgot", "neglected") and rest[1] == "to":
            verb = rest[2]
        else:
            continue
        if verb and verb not in _NOT_DUTIES and "VERB" in lemmas(verb):
            return True
    return False


_WRONG = {"wrong", "incorrect", "outdated", "old"}
# a subject other than us between "we" and the wrong thing: "we told you they sent the wrong"
_OTHER_SUBJECTS = {"you", "they", "he", "she", "it", "who", "which", "that", "but", "because",
                   "although", "though", ",", ";", ":"}


def _we_got_wrong(lows: tuple[str, ...]) -> bool:
    """ "we copied the wrong retirement date", "gave them the wrong start time", "the old
    address we gave them": we did the act with the wrong thing, so the sentence owns it."""
    if not _WRONG & set(lows) or "we" not in lows:
        return False
    for n, w in enumerate(lows):
        if w not in _WRONG or not n or lows[n - 1] not in ("the", "a", "an"):
            continue
        before = lows[max(0, n - 12) : n - 1]
        if "we" in before:
            k = len(before) - 1 - before[::-1].index("we")
            between = before[k + 1 :]
            if (between and not _OTHER_SUBJECTS & set(between) and w != "old"
                    and verb_lemma(between[0], "VBD")):
                return True  # "we copied the wrong date", "we booked X and gave them the wrong"
        after = lows[n + 1 : n + 5]
        if "we" in after:
            k = after.index("we")
            nxt = lows[n + 2 + k : n + 3 + k]
            if nxt and not _OTHER_SUBJECTS & set(after[:k]) and (
                    verb_lemma(nxt[0], "VBD") or nxt[0] in ("had", "have")):
                return True  # "the old address we gave them", "the wrong code we had on file"
    return False


def inflect(lemma: str, form: str) -> str:
    out = forms.inflection(lemma, form)  # lemminflect's getInflection(lemma, form)
    return out[0] if out else lemma


_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['’-][A-Za-z0-9]+)*|\d[\d.,:]*|[,;:()—–]")


# a word written with a capital inside a sentence (after a word, a comma or a bracket and a
# space; not all capitals: abbreviations are the abbreviation check's): a name ("Experian")
_NAME = re.compile(r"(?<=[\w,;:)] )[A-Z][a-z][A-Za-z]*")


def written_names(text: str) -> frozenset[str]:
    """The names ``text`` writes with a capital inside a sentence, in lower case (as the
    reading-ease count reads its words): "Experian", "IdentityWorks", "Strong Customer"."""
    return frozenset(m.group(0).lower() for m in _NAME.finditer(text))


def sentences(text: str) -> list[tuple[list[Token], int]]:
    """Each sentence as (tokens with offsets into ``text``, end offset); punctuation is a token."""
    return _sentences(text)


@lru_cache(maxsize=32)
def _sentences(
    text: str,
) -> list[tuple[list[Token], int]]:  # the checks of one text share one parse
    out = []
    tokenise = _TOKEN.finditer
    for m in _SENTENCE.finditer(text):
        base, stop = m.span()
        # tokens found in place (no slice, no offset sums) and built as tuples: ~25 % faster
        tokens = [_make_token(Token, (w := t[0], t.start(), t.end(), w.lower()))
                  for t in tokenise(text, base, stop)]
        if tokens:
            end = base + len(m[0].rstrip(".!?;"))
            out.append((tokens, end))
    return out


class Read(NamedTuple):
    """A sentence with its lower-cased words as a list and as a set, made once per text."""

    tokens: list[Token]
    end: int
    lows: list[str]
    words: frozenset[str]


@lru_cache(maxsize=32)
def read(text: str) -> list[Read]:
    """:func:`sentences` with each sentence's words lower-cased once for every check."""
    out = []
    for tokens, end in _sentences(text):
        lows = list(map(_LOW, tokens))
        out.append(Read(tokens, end, lows, frozenset(lows)))
    return out


# "have since been voided": an adverb of time after the auxiliary, not a new clause
_HAVE_BEFORE_SINCE = {"has", "have", "had", "was", "were", "is", "are"}


def clauses(tokens: list[Token]) -> Iterator[list[Token]]:
    """Split at punctuation and at conjunctions that start a new clause."""
    current: list[Token] = []
    for tok in tokens:
        if tok.text in CLAUSE_BREAK or (tok.low in CONJUNCTIONS and current and not (
                tok.low == "since" and current[-1].low in _HAVE_BEFORE_SINCE) and not (
                tok.low == "and" and any(t.low == "between" for t in current[-3:]))):
            # "between 10:00 and 10:20": one phrase, not two clauses
            if current:
                yield current
            current = [] if tok.text in CLAUSE_BREAK else [tok]
            continue
        current.append(tok)
    if current:
        yield current


# clause_list() by the sentence's list itself (kept here, so its id is not reused while it is):
# the third-party, agent and passive checks split the same parsed sentences
_CLAUSES: dict[int, tuple[list[Token], list[list[Token]]]] = {}


def clause_list(tokens: list[Token]) -> list[list[Token]]:
    """:func:`clauses` of ``tokens`` as a list, made once per sentence (read only)."""
    entry = _CLAUSES.get(id(tokens))
    if entry is not None and entry[0] is tokens:
        return entry[1]
    found = list(clauses(tokens))
    if len(_CLAUSES) >= 256:
        _CLAUSES.clear()
    _CLAUSES[id(tokens)] = (tokens, found)
    return found


def without_asides(tokens: list[Token]) -> list[Token]:
    """The tokens without bracketed asides of up to four words: "our out-of-hours (OOH) crew"
    is one subject, "our" and all."""
    if "(" not in map(_TEXT, tokens):
        return tokens
    skip: set[int] = set()
    for n, tok in enumerate(tokens):
        if tok.text == "(" and n and tokens[n - 1].text not in CLAUSE_BREAK:
            close = next((k for k in range(n + 1, min(n + 6, len(tokens)))
                          if tokens[k].text == ")"), None)
            if close is not None:
                skip.update(range(n, close + 1))
    return [t for n, t in enumerate(tokens) if n not in skip]


def is_finite_verb(tok: Token) -> bool:
    return _finite(tok.low)


def is_finite_word(low: str) -> bool:
    """:func:`is_finite_verb` of a lower-cased word."""
    return _finite(low)


@lru_cache(maxsize=1024)
def _finite(low: str) -> bool:  # asked of most words of most clauses, by several checks
    if low in AUX:
        return True
    if verb_lemma(low, "VBD"):
        return not ({"NOUN", "ADJ"} & set(lemmas(low)) and not low.endswith("ed"))
    return False


def subject_start(clause: list[Token]) -> int:
    return 1 if clause and clause[0].low in CONJUNCTIONS else 0


def after_said_that(subject: list[Token]) -> list[Token]:
    """The part of a subject after a verb's "that" ("make sure that only one payment", "ask
    your bank to confirm that only one payment"): the clause's own subject, not the words of
    the instruction or report before it. Not after a noun's "that" ("the firm that we hired"),
    nor where we are named before it ("I shall see that another one is made"). A verb's
    object may stand before the "that" ("as soon as the venue tells us that an event"): we
    are then who is told, not who tells."""
    cut = [k for k, t in enumerate(subject[:-1]) if k and t.low == "that" and (
        subject[k - 1].low == "sure" or _said_verb(subject[k - 1].low) or (
            k > 1 and subject[k - 1].low in _TOLD and _said_verb(subject[k - 2].low)))]
    if not cut:
        return subject
    teller = subject[: cut[-1] - (subject[cut[-1] - 1].low in _TOLD)]
    if not {t.low for t in teller}.isdisjoint(("we", "i", "us", "our")):
        return subject
    return subject[cut[-1] + 1 :]


# who a report is told to, between its verb and "that": "tells us that", "informed them that"
_TOLD = frozenset({"us", "you", "them", "me", "him", "her"})


def _said_verb(low: str) -> bool:
    found = lemmas(low)
    return "VERB" in found and "NOUN" not in found


def join(text: str, first: Token, last: Token) -> str:
    return text[first.start : last.end]


def join_tokens(tokens: list[Token]) -> str:
    """The words of ``tokens`` as written, one space apart (punctuation kept tight)."""
    return " ".join(t.text for t in tokens).replace(" 's", "'s").replace(" ’s", "’s")


def sentence_case(s: str) -> str:
    s = s.strip()
    return s[:1].upper() + s[1:] if s else s


def said_after(text: str, sentence: list[Token], end: int, at: int | None) -> str:
    """What the sentence goes on to name after the word at ``at`` ("sorry you had to chase us
    about your lenses": "your lenses"), for a rewrite; "it" where no word follows."""
    return text[sentence[at + 1].start : end].strip() if at is not None and (
        at + 1 < len(sentence)) else "it"


def lower_first(s: str) -> str:
    word = s.split(" ", 1)[0]
    if (word.isupper() and word != "A") or (
        word[:1].isupper()
        and word.lower() not in DETERMINERS
        and word.lower() not in NUMBER_WORDS
        and word.lower() != "personal"
        and not lemmas(word.lower())
    ):
        return s
    return s[:1].lower() + s[1:]


# a space before punctuation or after another space, left where a rewrite joins its parts
_LOOSE = re.compile(r"\s+(?=[,;:.!?])|(?<= ) +")


def spaced(*parts: str) -> str:
    """The non-empty parts one space apart, none before punctuation: the rest of a sentence
    cut after a word may start with its comma ("We closed" + ", so your parcel is late")."""
    return _LOOSE.sub("", " ".join(p for p in parts if p))

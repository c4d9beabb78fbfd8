"""Structural checks for English: who is the subject, what is the verb, is it passive.

Phrase lists trail new wording, so these checks read the shape of a clause
instead: a third party as the subject of a failure verb, a passive with no
agent, a condition that blames the customer, an abbreviation nobody
explained. Verb forms come from lemminflect's English lexicon (shipped in the
wheel, no download, ~1 MB); the word lists are in ``rules/en.yaml``
(``structure``). Each finding carries a rewrite built from the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, NamedTuple

from gateway.messages.lint.phrases import rules_for

_SENTENCE = re.compile(r"[^.!?;\n]+[.!?;]*")
_SENTENCE_ANY = re.compile(r"[^.!?;。！？；\n]+[.!?;。！？；]*|[.!?;。！？；\n]")
_CLAUSE_BREAK = {",", ";", ":", "(", ")", "—", "–"}
_CONJUNCTIONS = {
    "and",
    "but",
    "so",
    "because",
    "which",
    "while",
    "although",
    "though",
    "since",
    "when",
    "after",
    "before",
    "until",
    "whereas",
    "then",
}
_BE = {"am", "is", "are", "was", "were", "be", "been", "being", "'s", "’s"}
_AUX = _BE | {
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "can",
    "could",
    "will",
    "would",
    "may",
    "might",
    "shall",
    "should",
    "must",
    "hasn't",
    "haven't",
    "hadn't",
    "doesn't",
    "didn't",
    "don't",
    "can't",
    "cannot",
    "couldn't",
    "won't",
    "wouldn't",
    "isn't",
    "aren't",
    "wasn't",
    "weren't",
    "hasn’t",
    "haven’t",
    "hadn’t",
    "doesn’t",
    "didn’t",
    "don’t",
    "can’t",
    "couldn’t",
    "won’t",
    "wouldn’t",
    "isn’t",
    "aren’t",
    "wasn’t",
    "weren’t",
}
_NEGATIONS = {"not", "never", "unable", "no"}
_PRONOUNS = {"we", "they", "you", "i", "he", "she", "it", "that", "who", "which"}
_DETERMINERS = {
    "the",
    "a",
    "an",
    "our",
    "their",
    "its",
    "some",
    "several",
    "many",
    "one",
    "this",
    "that",
    "these",
    "those",
    "your",
    "his",
    "her",
    "all",
    "most",
    "certain",
    "any",
    "each",
    "every",
}
_OWN = {"we", "i", "you", "nothing", "none", "no", "everything", "everyone"}
_AGREE = {
    "has": "have",
    "is": "are",
    "was": "were",
    "does": "do",
    "hasn't": "haven't",
    "isn't": "aren't",
    "wasn't": "weren't",
    "doesn't": "don't",
    "hasn’t": "haven’t",
    "isn’t": "aren’t",
    "wasn’t": "weren’t",
    "doesn’t": "don’t",
}
_NEG_AUX = {"did", "didn't", "didn’t", "had", "hadn't", "hadn’t", "not", "never"}
_ABBREVIATION = re.compile(
    r"(?<![A-Za-z0-9_@./-])([A-Z][A-Z0-9]*[A-Z][A-Z0-9]*)(s?)(?![A-Za-z0-9_]|-\d|@)"
)


class Token(NamedTuple):
    text: str
    start: int
    end: int
    low: str


@dataclass(frozen=True)
class Hit:
    """What a check found: the span in the text, a message and the rewrite."""

    code: str
    span: tuple[int, int]
    message: str
    suggestion: str


@cache
def _words() -> dict[str, Any]:
    structure = rules_for("en").raw.get("structure") or {}
    return {k: (set(v) if isinstance(v, list) else v) for k, v in structure.items()}


@lru_cache(maxsize=4096)
def _lemmas(word: str) -> dict[str, tuple[str, ...]]:
    from lemminflect import getAllLemmas, getAllLemmasOOV  # ~0.5 s once; only processes that lint

    found = getAllLemmas(word)
    if not found and word.endswith("ed") and len(word) > 4:
        found = getAllLemmasOOV(word, "VERB")
    return found


@lru_cache(maxsize=4096)
def _verb_lemma(word: str, form: str) -> str | None:
    """The verb lemma when ``word`` can be that form (``VBD``, ``VBN``, ``VBZ``) of a verb."""
    from lemminflect import getAllInflections, getAllInflectionsOOV

    word = word.lower()
    for lemma in _lemmas(word).get("VERB", ()):
        forms = getAllInflections(lemma, "VERB") or getAllInflectionsOOV(lemma, "VERB")
        wanted = forms.get(form) or (
            forms.get("VBD", ()) if form == "VBN" else ()
        )  # regular: VBN == VBD
        if word in wanted:
            return lemma
    return None


def _inflect(lemma: str, form: str) -> str:
    from lemminflect import getInflection

    out = getInflection(lemma, form)
    return out[0] if out else lemma


_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['’-][A-Za-z0-9]+)*|\d[\d.,:]*|[,;:()—–]")


def sentences(text: str) -> list[tuple[list[Token], int]]:
    """Each sentence as (tokens with offsets into ``text``, end offset); punctuation is a token."""
    return _sentences(text)


@lru_cache(maxsize=32)
def _sentences(
    text: str,
) -> list[tuple[list[Token], int]]:  # the checks of one text share one parse
    out = []
    for m in _SENTENCE.finditer(text):
        base = m.start()
        tokens = [
            Token(t.group(0), base + t.start(), base + t.end(), t.group(0).lower())
            for t in _TOKEN.finditer(m.group(0))
        ]
        if tokens:
            end = base + len(m.group(0).rstrip(".!?;"))
            out.append((tokens, end))
    return out


def clauses(tokens: list[Token]) -> Iterator[list[Token]]:
    """Split at punctuation and at conjunctions that start a new clause."""
    current: list[Token] = []
    for tok in tokens:
        if tok.text in _CLAUSE_BREAK or (tok.low in _CONJUNCTIONS and current):
            if current:
                yield current
            current = [] if tok.text in _CLAUSE_BREAK else [tok]
            continue
        current.append(tok)
    if current:
        yield current


def _is_finite_verb(tok: Token) -> bool:
    low = tok.low
    if low in _AUX:
        return True
    if _verb_lemma(low, "VBD"):
        return not ({"NOUN", "ADJ"} & set(_lemmas(low)) and not low.endswith("ed"))
    return False


_TIME_UNITS = {
    "minute",
    "minutes",
    "hour",
    "hours",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "tomorrow",
    "today",
    "tonight",
    "noon",
    "midnight",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
}
_MISDEED_PREFIXES = ("double-", "mis-", "mis", "over-", "over", "under-", "under", "wrongly-")


def _prefixed_lemma(low: str) -> str | None:
    """ "double-booked", "mislabelled", "overcharged": a verb of getting it wrong."""
    for prefix in _MISDEED_PREFIXES:
        if low.startswith(prefix) and len(low) > len(prefix) + 3:
            base = low[len(prefix) :]
            if base.endswith("ed") and (_verb_lemma(base, "VBD") or _lemmas(base).get("VERB")):
                return prefix.rstrip("-") + "-" + base
    return None


def _actor_word(tok: Token) -> bool:
    actors = _words()["actors"]
    low = re.sub(r"['’]s$", "", tok.low)
    return low in actors or (low.endswith("s") and low[:-1] in actors)


def _first_verb(clause: list[Token]) -> int | None:
    """Index of the first finite verb of the clause that is not inside a relative clause."""
    for i, tok in enumerate(clause):
        if i == 0 and tok.low in _CONJUNCTIONS:
            continue
        after_actor = i > 0 and _actor_word(clause[i - 1])
        if _is_finite_verb(tok) or (
            after_actor and (_verb_lemma(tok.low, "VBD") or _prefixed_lemma(tok.low))
        ):  # "the contractor fell behind", "the agent double-booked"
            if (
                i
                and clause[i - 1].low in _PRONOUNS
                and any(t.low in _words()["actors"] for t in clause[: i - 1])
            ):
                continue  # "a firm we work with mislaid": skip "work"
            return i
    return None


def _subject_start(clause: list[Token]) -> int:
    return 1 if clause and clause[0].low in _CONJUNCTIONS else 0


def _is_actor(subject: list[Token], sentence_first: Token) -> bool:
    words = _words()
    for tok in subject:
        low = re.sub(r"['’]s$", "", tok.low)  # "the bank's app"
        base = low[:-1] if low.endswith("s") and low[:-1] in words["actors"] else low
        if base in words["actors"] or tok.text in words["org_suffixes"]:
            return True
    capitals = [
        t
        for t in subject
        if t.text[:1].isupper() and t is not sentence_first and not t.text.isupper()
    ]
    return len(capitals) >= 2  # a named organisation: "Acme Logistics", "XYZ Server Farm"


def _is_failure(clause: list[Token], verb_at: int) -> bool:
    words = _words()
    after = clause[verb_at:]
    lows = [t.low for t in after]
    if any(w in _NEGATIONS or w.endswith(("n't", "n’t")) or w == "cannot" for w in lows[:4]):
        return not set(lows[:5]) & {"need", "needs", "have"}  # "does not need to do anything"
    if any(w in words["failure_objects"] for w in lows[:6]):
        return True  # "delivered cold food", "sent damaged boxes"
    lemma0 = _verb_lemma(lows[0], "VBD")
    if lemma0 and lemma0 not in words["good_verbs"] and lows[0] not in _AUX:
        return True  # a third party did something to our customers: any past act is blame
    joined = " ".join(lows)
    if any(w in words["failure_objects"] for w in lows) or any(
        p in joined for p in words["failure_phrases"]
    ):
        return True
    if _prefixed_lemma(after[0].low):
        return True  # "double-booked", "mislabelled", "overcharged"
    for i, tok in enumerate(after[:5]):
        lemma = (
            _verb_lemma(tok.low, "VBD")
            or _verb_lemma(tok.low, "VBN")
            or _verb_lemma(tok.low, "VBZ")
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
            return True
        elif lemma in ("have", "experience", "suffer", "see", "hit", "place", "put", "cause"):
            if set(lows[i + 1 : i + 5]) & words["failure_nouns"]:
                return True
    return False


def _join(text: str, first: Token, last: Token) -> str:
    return text[first.start : last.end]


def _sentence_case(s: str) -> str:
    s = s.strip()
    return s[:1].upper() + s[1:] if s else s


def _lower_first(s: str) -> str:
    word = s.split(" ", 1)[0]
    if (word.isupper() and word != "A") or (
        word[:1].isupper()
        and word.lower() not in _DETERMINERS
        and word.lower() != "personal"
        and not _lemmas(word.lower())
    ):
        return s
    return s[:1].lower() + s[1:]


def third_party_blame(text: str) -> list[Hit]:
    """A third party (actor lexicon or a named organisation) as subject of a failure predicate."""
    hits = []
    for sentence, end in sentences(text):
        if not any(
            _actor_word(t) or t.text[:1].isupper() for t in sentence[1:]
        ) and not _actor_word(sentence[0]):
            continue  # no third party named: nothing to parse
        for clause in clauses(sentence):
            at = _first_verb(clause)
            start = _subject_start(clause)
            if at is None or at <= start:
                continue
            subject = clause[start:at]
            if (
                subject[0].low in _OWN
                or not _is_actor(subject, sentence[0])
                or not _is_failure(clause, at)
            ):
                continue
            verb = clause[at]
            agreed = _AGREE.get(verb.low, verb.text)
            rest = re.sub(
                r"\bus\b", "you", text[verb.end : end].strip()
            )  # "let us down" -> "let you down"
            rewrite = _sentence_case(f"We {agreed} {rest}".replace("  ", " "))
            if not rewrite.endswith((".", "!", "?")):
                rewrite += "."
            hits.append(
                Hit(
                    "blame_others",
                    (subject[0].start, verb.end),
                    f'"{_join(text, subject[0], subject[-1])}" is the subject',
                    f"{rewrite} If a partner was involved, we chose them: it is ours to fix.",
                )
            )
    return hits


def _owns(sentence: list[Token]) -> bool:
    """ "We made a mistake.", "This was our fault.": the sentence owns what follows."""
    said = " ".join(t.low for t in sentence)
    return any(o in said for o in _words()["owning"])


def agentless_passive(text: str) -> list[Hit]:
    """ "was/were (adverb) + past participle" with no "by ..." agent; rewritten with "We"."""
    words = _words()
    hits = []
    owned_before = False
    for sentence, end in sentences(text):
        said_before, owned_before = owned_before, _owns(sentence)
        if not any(t.low in _BE for t in sentence) or said_before:
            continue  # "We made a mistake. Your booking was cancelled.": owned just before
        for clause in clauses(sentence):
            lows = [t.low for t in clause]
            for i, tok in enumerate(clause):
                if tok.low not in _BE or i == 0:
                    continue
                j = i + 1
                if j < len(clause) and clause[j].low in ("being", "been"):
                    j += 1
                adverbs = []
                while (
                    j < len(clause)
                    and clause[j].low.endswith("ly")
                    and clause[j].low not in ("only", "early")
                ):
                    adverbs.append(clause[j])
                    j += 1
                if j >= len(clause):
                    break
                lemma = _verb_lemma(clause[j].low, "VBN")
                adjective = (
                    "ADJ" in _lemmas(clause[j].low)
                    and not adverbs
                    and (tok.low in ("is", "are", "am") or clause[j].low in words["states"])
                )
                if not lemma or (
                    adjective and (lemma not in words["failure_verbs"] or tok.low in ("is", "are"))
                ):
                    continue  # "were closed", "is broken": a state, not an act
                start = _subject_start(clause)
                subject = clause[start:i]
                if not subject or subject[0].low in _OWN or subject[-1].low in _PRONOUNS:
                    break
                if any(w in _NEGATIONS or w.endswith(("n't", "n’t")) for w in lows[i:j]):
                    break
                agent = [
                    k
                    for k, w in enumerate(lows[j + 1 :], j + 1)
                    if w == "by"
                    and lows[k + 1 : k + 2] not in (["mistake"], ["accident"], ["error"])
                    and not set(lows[k + 1 : k + 4]) & _TIME_UNITS
                    and not any(x[:1].isdigit() for x in lows[k + 1 : k + 3])
                ]  # "by our driver"; not "by mistake", "by a week", "by 10:00"
                if agent or {"request", "asked"} & set(lows[j + 1 :]):
                    break  # an agent: "by our driver", "at your request"; not "by mistake"
                if lows[0] in ("if", "unless", "when", "whether") or set(lows[:i]) & {
                    "if",
                    "unless",
                }:
                    break  # "if the parcel is damaged, ...": a condition, not an account
                said = " ".join(t.low for t in sentence)
                if any(o in said for o in words["owned"]):
                    break  # "was damaged while in our care": owned
                soft = [a for a in adverbs if a.low in words["softeners"]]
                harm = bool(set(lows) & (words["failure_objects"] | words["passive_harm"])) or bool(
                    soft
                )
                if lemma in words["passive_ok"] and not harm:
                    break
                hits.append(
                    Hit(
                        "passive_evasion",
                        (subject[0].start, clause[j].end),
                        "no one is named as doing it"
                        + (f' ("{soft[0].text}" softens it)' if soft else ""),
                        _passive_rewrite(text, clause, subject, i, j, adverbs, lemma, end),
                    )
                )
                break
    return hits


def exposure(text: str) -> list[Hit]:
    """Data "was visible/accessible/exposed" with no one named who made it so."""
    words = _words()
    hits = []
    for sentence, end in sentences(text):
        lows = [t.low for t in sentence]
        if not set(lows) & words["exposure"] or not set(lows) & words["data_nouns"]:
            continue
        for i, low in enumerate(lows[:-1]):
            if low not in ("was", "were", "is", "are") or i == 0:
                continue
            k = i + 1
            while k < len(lows) and lows[k].endswith("ly") and lows[k] not in ("only", "early"):
                k += 1
            if k >= len(lows) or lows[k] not in words["exposure"]:
                continue
            subject = sentence[_subject_start(sentence) : i]
            if (
                not subject
                or not set(t.low for t in subject) & words["data_nouns"]
                or subject[0].low in _OWN
                or set(lows[:i]) & {"if", "not", "never"}
                or set(lows[i:k]) & {"not", "never"}
                or any(o in " ".join(lows) for o in words["owned"])
            ):
                break
            obj = _lower_first(_join(text, subject[0], subject[-1]))
            rest = text[sentence[k].end : end].strip()
            rewrite = " ".join(p for p in ("We made", obj, lows[k], rest) if p).rstrip(".") + "."
            hits.append(
                Hit(
                    "passive_evasion",
                    (subject[0].start, sentence[k].end),
                    f'no one is named who made it "{sentence[k].text}"',
                    _sentence_case(rewrite),
                )
            )
            break
    return hits


def _passive_rewrite(
    text: str,
    clause: list[Token],
    subject: list[Token],
    be_at: int,
    verb_at: int,
    adverbs: list[Token],
    lemma: str,
    end: int,
) -> str:
    words = _words()
    be = clause[be_at].low
    progressive = verb_at > be_at + 1 and clause[be_at + 1].low == "being"
    perfect = verb_at > be_at + 1 and clause[be_at + 1].low == "been"
    kept = " ".join(
        a.low for a in adverbs if a.low not in words["softeners"] or a.low in words["admissions"]
    )
    if progressive:
        verb = f"are {_inflect(lemma, 'VBG')}"
    elif perfect:
        verb = f"{'had' if be == 'had' else 'have'} {clause[verb_at].low}"
    elif be in ("is", "are", "am"):
        verb = _inflect(lemma, "VBP")
    else:
        verb = _inflect(lemma, "VBD")
    obj = _lower_first(_join(text, subject[0], subject[-1]))
    rest = text[clause[verb_at].end : end].strip()
    rewrite = " ".join(p for p in ("We", kept, verb, obj, rest) if p)
    return _sentence_case(rewrite).rstrip(".") + "."


def customer_condition(text: str) -> list[Hit]:
    """Blame put on the customer as a condition: "if you had ...", "customers who failed to ..."."""
    words = _words()
    hits = []
    for sentence, _ in sentences(text):
        lows = [t.low for t in sentence]
        if "if" not in lows and "who" not in lows and not set(lows) & words["people"]:
            continue
        for i, tok in enumerate(sentence):
            nxt = lows[i + 1 : i + 5]
            if tok.low == "if" and nxt[:1] in (["you'd"], ["you’d"]):
                nxt = ["you", "had"] + nxt[1:]
                shift = -1
            else:
                shift = 0
            if (
                tok.low == "if"
                and nxt[:1] == ["you"]
                and len(nxt) >= 3
                and nxt[1] in ("had", "'d", "’d")
            ):
                k = i + 3 + shift + (nxt[2] in ("not", "never"))
                if k < len(sentence) and _verb_lemma(lows[k], "VBN"):
                    hits.append(
                        Hit(
                            "blame_customer",
                            (tok.start, sentence[k].end),
                            'a condition puts it on them ("if you had ...")',
                            _customer_rewrite(text, sentence, i),
                        )
                    )
                    break
            if tok.low in words["people"] and nxt[:1] == ["who"] and len(nxt) >= 2:
                verb = nxt[1]
                lemma = _verb_lemma(verb, "VBD") or ""
                negated = verb in (
                    "did",
                    "had",
                    "didn't",
                    "didn’t",
                    "hadn't",
                    "hadn’t",
                    "never",
                ) and (
                    nxt[1] == "never"
                    or verb.endswith(("n't", "n’t"))
                    or nxt[2:3] in (["not"], ["never"])
                )
                consequence = any(
                    _verb_lemma(w, "VBD") in ("miss", "lose")
                    or w in ("couldn't", "couldn’t", "unable")
                    or (w == "could" and lows[i + 4 + k : i + 5 + k] == ["not"])
                    or (w == "had" and lows[i + 4 + k : i + 5 + k] == ["to"])
                    for k, w in enumerate(lows[i + 3 :])
                )  # who did X ... missed / lost / could not / had to: the outcome put on them
                if lemma in words["neglect_verbs"] or negated or consequence:
                    hits.append(
                        Hit(
                            "blame_customer",
                            (tok.start, sentence[min(i + 2, len(sentence) - 1)].end),
                            "for what they did or did not do",
                            _neglect_rewrite(text, sentence, i + 2),
                        )
                    )
                    break
            if (
                tok.low in words["people"]
                and nxt[:1]
                and nxt[0] in ("with", "using", "on")
                and len(nxt) >= 2
                and nxt[1] in words["fault_adjectives"]
            ):
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
    return hits


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
    lemma = _verb_lemma(lows[verb_at], "VBD") or ""
    k = verb_at
    if lemma in ("skip", "ignore", "miss", "overlook", "disregard"):
        k += 1
    elif lemma in ("do", "have", "fail", "forget", "neglect") or lows[k] in _NEG_AUX:
        while k < len(sentence) and (
            lows[k] in _NEG_AUX
            or lows[k] == "to"
            or _verb_lemma(lows[k], "VBD") in ("fail", "forget", "neglect")
        ):
            k += 1
    else:
        return (
            'Say what we got wrong: "We should have protected every account, '
            'whatever the customer did."'
        )
    obj_end = k + 1
    while obj_end < len(sentence) and not _is_finite_verb(sentence[obj_end]):
        obj_end += 1
    if k >= len(sentence):
        return 'Say what we should have done: "We should have made this easier."'
    phrase = text[sentence[k].start : sentence[obj_end - 1].end]
    if lemma in ("skip", "ignore", "miss", "overlook", "disregard"):
        return f"We should have made {phrase} harder to miss."
    return f"We should have made it easier to {phrase}."


def abbreviations(text: str, locale: str = "en") -> list[Hit]:
    """All-capitals tokens and abbreviations (plurals too), not defined in the text nor allowed."""
    structure = rules_for(locale).raw.get("structure") or {}
    allowed = set(structure.get("abbreviations_ok") or _words()["abbreviations_ok"])
    glossary: dict[str, str] = structure.get("glossary") or {}
    hits = []
    for m in _ABBREVIATION.finditer(text):
        abbr, plural = m.group(1), m.group(2)
        if abbr in allowed or (abbr.endswith("S") and abbr[:-1] in allowed) or len(abbr) > 8:
            continue
        if re.search(rf"[(（]{re.escape(abbr)}s?[)）]|\b{re.escape(abbr)}s?\s*[(（]", text):
            continue  # defined here: "single sign-on (SSO)" or "SSO (single sign-on)"
        if re.search(
            r"\b(?:letters?|code|prefix|reference|word)\s+$",
            text[max(0, m.start() - 12) : m.start()],
        ):
            continue  # a literal the customer types or reads: "starts with the letters CU"
        token, plain = m.group(0), glossary.get(abbr)
        if plain:
            sentence = next(
                s for s in _SENTENCE_ANY.finditer(text) if s.start() <= m.start() < s.end()
            )
            plain += "s" if plural and locale == "en" else ""
            rewritten = text[sentence.start() : m.start()] + plain + text[m.end() : sentence.end()]
            suggestion = _sentence_case(rewritten.strip())
        elif locale == "en":
            suggestion = (
                f'Say it in everyday words, or write out what "{token}" stands for the first time.'
            )
        else:
            suggestion = f"用日常用语说，或第一次出现时写出“{token}”的意思。"
        hits.append(
            Hit(
                "abbreviation",
                (m.start(), m.end()),
                f'"{token}"',
                suggestion,
            )
        )
    return hits


def _anchored(lows: list[str]) -> bool:
    """A concrete time, day or number: what turns a promise into a plan."""
    return any(w[:1].isdigit() or w in _words()["anchors"] for w in lows)


def vague_promise(text: str) -> list[Hit]:
    """We/our team + an effort verb ("are working", "will update") with no time, day or number."""
    words = _words()
    hits = []
    parsed = sentences(text)
    every = [t.low for sentence, _ in parsed for t in sentence]
    if _anchored(every) or {"yet", "know"} & set(every):
        return []  # the text says when, or says honestly "we don't know yet"
    for sentence, end in parsed:
        lows = [t.low for t in sentence]
        lows = [w for t in lows for w in (["we", "will"] if t in ("we'll", "we’ll") else [t])]
        said_low = " " + " ".join(lows) + " "
        when = next((w for w in words["vague_whens"] if f" {w} " in said_low), None)
        if when:
            said = text[sentence[0].start : end].strip().rstrip(".!")
            timed = re.sub(
                r"\b(?:soon|shortly|asap|in due course|as soon as possible|as quickly as possible|"
                r"in the coming days|in the near future)\b",
                "by 16:00 today",
                said,
                count=1,
                flags=re.IGNORECASE,
            )
            suggestion = (
                f"{timed}."
                if timed != said
                else f"{said}, and we will write again by 16:00 with what we have found."
            )
            hits.append(
                Hit("vague", (sentence[0].start, end), f'"{when}" says no time', suggestion)
            )
            continue
        if not set(lows) & words["vague_subjects"]:
            continue
        for i, low in enumerate(lows[:-1]):
            if low not in words["vague_subjects"]:
                continue
            group = lows[i + 1 : i + 4]
            lemma = next(
                (
                    _verb_lemma(w, "VBG") or (w if w in words["effort_verbs"] else None)
                    for w in group
                    if _verb_lemma(w, "VBG") or w in words["effort_verbs"]
                ),
                None,
            )
            promised = set(group) & {"are", "is", "will", "'re", "’re", "hope", "aim", "expect"}
            if lemma in words["effort_verbs"] and promised:
                said = text[sentence[0].start : end].strip()
                hits.append(
                    Hit(
                        "vague",
                        (sentence[0].start, end),
                        "a promise with no time, day or person",
                        f"{said}, and we will write again by 16:00 with what we have found.",
                    )
                )
                break
    return hits


def minimising(text: str) -> list[Hit]:
    """ "only a few", "just minutes", "a tiny percentage", "a short outage": shrinking the harm."""
    words = _words()
    hits = []
    for sentence, end in sentences(text):
        lows = [t.low for t in sentence]
        for i, low in enumerate(lows):
            near = lows[i + 1 : i + 5]
            shrink = low in words["diminishers"] and bool(
                set(near) & (words["small"] | words["amounts"])
                or any(w[:1].isdigit() for w in near)
            )
            shrink = shrink or (
                low in words["small"] and bool(set(lows[i + 1 : i + 3]) & words["amounts"])
            )
            if not shrink:
                continue
            said = text[sentence[0].start : end].strip()
            cut = re.sub(r"\b(?:only|just|merely|barely)\s+", "", said, flags=re.IGNORECASE)
            cut = re.sub(
                r"\b(?:an?\s+)?(?:very\s+)?(?:tiny|small|short|brief|minor|slight|little|few|handful|"
                r"negligible|limited)(?:\s+(?:number|percentage|fraction|share|group|subset|amount))?"
                r"(?:\s+of)?\b",
                "<exactly how many or how long>",
                cut,
                count=1,
                flags=re.IGNORECASE,
            )
            hits.append(
                Hit(
                    "minimising",
                    (sentence[i].start, sentence[min(i + 2, len(sentence) - 1)].end),
                    f'"{sentence[i].text}"',
                    f'Give the figure: "{_sentence_case(cut)}."',
                )
            )
            break
    return hits


def generic_apology(text: str) -> list[Hit]:
    """Sorry/apologies "for the trouble": an apology for a generic harm that names nothing."""
    words = _words()
    hits = []
    for sentence, end in sentences(text):
        lows = [t.low for t in sentence]
        for i, low in enumerate(lows):
            if not (
                low in ("sorry", "apologies", "apologise", "apologize", "regret")
                and "for" in lows[i + 1 : i + 3]
            ):
                continue
            k = lows.index("for", i + 1)
            obj = lows[k + 1 : k + 4]
            harm_at = next(
                (k + 1 + n for n, w in enumerate(obj[1:3], 1) if w in words["generic_harm"]), None
            )
            tail = lows[harm_at + 1 :] if harm_at is not None else []
            generic_tail = not tail or (
                tail[0] in ("to", "caused", "this", "you", "it", "that", "of")
                and len(tail) <= 4
                and not any(w[:1].isdigit() or w in words["anchors"] for w in tail)
            )
            if obj and obj[0] in ("the", "any", "this", "all", "our") and harm_at and generic_tail:
                hits.append(
                    Hit(
                        "non_apology",
                        (sentence[i].start, end),
                        "sorry for a generic harm names nothing that happened to them",
                        "We're sorry. Say what it cost them: "
                        '"We\'re sorry: your parcel arrives on Thursday, not Monday."',
                    )
                )
                break
    return hits

"""Load the per-locale phrase rules from ``rules/<locale>.yaml`` and compile them once.

Keeping phrases in data lets comms staff add "due to our vendor"-style
phrases without touching code; see the header of ``rules/en.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml

from gateway.messages.readability import lowered

RULES_DIR = Path(__file__).parent / "rules"
PHRASE_CATEGORIES = ("blame_others", "blame_customer", "non_apology", "passive_evasion",
                     "vague", "minimising", "jargon")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")
_DEF = re.compile(r"<<(\w+)>>")


_WORD = re.compile(r"[A-Za-z0-9]+")


@lru_cache(maxsize=8)
def word_starts(text: str) -> dict[str, list[int]]:
    """Where each lower-cased ASCII word run starts in ``text`` (shared by every category; the
    lists are read only)."""
    out: dict[str, list[int]] = {}
    low = lowered(text)
    # lower-cased in one go when that keeps every offset and makes no ASCII letter of another
    # (only "İ" lower-cases to two characters, only the Kelvin sign to an ASCII letter)
    if len(low) == len(text) and "\u212a" not in text:
        known = out.get  # a word's list made only the first time (not an empty one a word)
        for m in _WORD.finditer(low):
            word = m[0]
            places = known(word)
            if places is None:
                out[word] = [m.start()]
            else:
                places.append(m.start())
    else:
        for m in _WORD.finditer(text):
            out.setdefault(m.group(0).lower(), []).append(m.start())
    return out


# the only characters beyond ASCII that an IGNORECASE letter matches ("ſ" is an "s"): a text
# with one is scanned in full by the patterns that look their first words up (``exact``)
_FOLDS = re.compile("[\u0130\u0131\u017f\u212a]")


def has_folds(text: str) -> bool:
    """Whether ``text`` holds a letter beyond ASCII that an IGNORECASE ASCII letter matches
    ("ſ", "K", "ı", "İ"): then a pattern may match where no ASCII word look-up finds it."""
    return not text.isascii() and _FOLDS.search(text) is not None  # isascii: a flag, no scan


@dataclass(frozen=True)
class PhraseSet:
    """The compiled matchers of one category; each with its suggestion and, for the combined
    plain Latin phrases, their first words (``None``: scan the whole text). ``exact``: the
    patterns whose first words are looked up as finditer would find them (no match inside
    an earlier one, a full scan when the text holds a letter that folds to ASCII)."""

    matchers: tuple[tuple[re.Pattern[str], str], ...]
    firsts: tuple[frozenset[str] | None, ...] = ()
    exact: tuple[bool, ...] = ()
    # for the combined plain Latin phrases: each first word's own phrases, one regex a word
    by_word: tuple[dict[str, re.Pattern[str]] | None, ...] = ()

    @cached_property
    def _by_first(self) -> dict[str, tuple[int, ...]]:
        """Each first word, with the matchers (by index) that may start with it."""
        index: dict[str, list[int]] = {}
        for k, firsts in enumerate(self.firsts):
            for word in firsts or ():
                index.setdefault(word, []).append(k)
        return {word: tuple(ks) for word, ks in index.items()}

    def finditer(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, suggestion) of every match. Combined Latin phrases are tried only where
        one of their first words starts (a dictionary look-up instead of a regex at every
        position: most of the linter's time on a long message); the text's words are looked
        up once for every matcher (a matcher none of whose first words is there costs nothing)."""
        hits: list[tuple[int, int, str]] = []
        starts: dict[str, list[int]] = {}
        present: dict[int, list[str]] | None = None  # matcher -> its first words in the text
        folds = None
        n = len(self.matchers)
        for k, ((pattern, suggestion), firsts, exact, by_word) in enumerate(zip(
            self.matchers, self.firsts or (None,) * n, self.exact or (False,) * n,
            self.by_word or (None,) * n, strict=True
        )):
            if exact and firsts is not None:
                folds = has_folds(text) if folds is None else folds
                if folds:
                    firsts = None
            if firsts is None:
                hits += [(m.start(), m.end(), suggestion) for m in pattern.finditer(text)]
                continue
            if present is None:
                starts, index, present = word_starts(text), self._by_first, {}
                for word in index.keys() & starts.keys():
                    for j in index[word]:
                        present.setdefault(j, []).append(word)
            words = present.get(k)
            if not words:
                continue
            if by_word is not None:
                folds = has_folds(text) if folds is None else folds
                if not folds:
                    # at a word only the phrases that start with it can match (an ASCII letter
                    # matches no other ASCII letter, and nothing else but the folds): the same
                    # match as the combined pattern's, without trying every alternative
                    for pos, word in sorted((p, w) for w in words for p in starts[w]):
                        m = by_word[word].match(text, pos)
                        if m:
                            hits.append((m.start(), m.end(), suggestion))
                    continue
            positions = sorted(p for w in words for p in starts[w])
            last = -1
            for pos in positions:
                if exact and pos < last:
                    continue  # inside the previous match: finditer goes on after it
                m = pattern.match(text, pos)
                if m:
                    hits.append((m.start(), m.end(), suggestion))
                    last = m.end()
        return [h for h in hits if h[1] > h[0]]


@dataclass(frozen=True)
class LocaleRules:
    locale: str
    categories: dict[str, PhraseSet]
    elements: dict[str, re.Pattern[str]]
    thresholds: dict[str, float]
    raw: dict[str, Any]  # the whole file, for the structural checks' word lists


def phrase_regex(phrase: str, leading_boundary: bool = True) -> str:
    """Turn a comms-staff phrase into a regex: word boundaries for Latin words,
    any whitespace between words, either apostrophe, ``*`` = a short run of one clause."""
    parts = []
    for piece in re.split(r"(\s+|\*|')", phrase.strip()):
        if not piece:
            continue
        if piece.isspace():
            parts.append(r"\s+")
        elif piece == "*":
            parts.append(r"[^.,;:!?，。！？；：\n]{0,20}?")
        elif piece == "'":
            parts.append("['’]")
        else:
            parts.append(re.escape(piece))
    body = "".join(parts)
    if leading_boundary and _ASCII_WORD.match(phrase.strip()[:1] or " "):
        body = r"(?<![A-Za-z0-9_])" + body
    if _ASCII_WORD.match(phrase.strip()[-1:] or " "):
        body += r"(?![A-Za-z0-9_])"
    return body


def _top_group(source: str) -> tuple[list[str], str] | None:
    """The top-level alternatives of a leading ``\\b(?:...)`` and what follows it."""
    if not source.startswith("\\b(?:"):
        return None
    alts: list[str] = []
    depth, current, i = 1, "", 5
    while i < len(source):
        c = source[i]
        if c == "\\":
            current += source[i : i + 2]
            i += 2
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return alts + [current], source[i + 1 :]
        elif c == "|" and depth == 1:
            alts.append(current)
            current = ""
            i += 1
            continue
        current += c
        i += 1
    return None


def _pattern_firsts(source: str) -> frozenset[str] | None:
    """First words of a pattern that starts ``\\b(?:word ...|word|...)`` followed by ``\\b`` or
    ``\\s``, so it can be tried only where one of them starts; ``None`` for any other shape."""
    single = re.match(r"\\b([a-z0-9]+)(\?)?(?: |\\s|\\b)", source, re.IGNORECASE)
    if single:  # "\\bbecause\\s+...", "\\ban?\\s+..."
        word = single.group(1).lower()
        return frozenset(w for w in ({word, word[:-1]} if single.group(2) else {word}) if w)
    group = _top_group(source)
    if group is None:
        return None
    plural = group[1].startswith("s?")
    if not group[1].removeprefix("s?").startswith(("\\b", "\\s")):
        return None
    words: set[str] = set()
    for alt in group[0]:
        m = re.match(r"([a-z0-9]+)(\?)?(?=$| |\\s)", alt.lower())
        if not m:
            return None  # "didn't", "(?:a|the)", a character class: scan the whole text
        word = m.group(1)
        words |= {word, word[:-1]} if m.group(2) else {word}  # "errors?", "an?"
    words |= {w + "s" for w in words} if plural else set()  # "(?:glitch|error)s?"
    return frozenset(w for w in words if w)


_RUN_ENDS = ("\\s", "\\b", "\\-", " ", "-", "'", "’")


def _alt_firsts(alt: str) -> set[str] | None:
    """The first word runs an alternative can start with: letters and digits, with classes
    of letters spelt out ("apologi[sz]e"), up to a character that ends a run ("third[- ]party",
    "it's", "us-"); ``None`` for any other shape."""
    words = [""]
    i = 0
    while i < len(alt):
        c = alt[i]
        if c.isascii() and c.isalnum():
            words = [w + c.lower() for w in words]
            i += 1
            continue
        if c == "[":
            close = alt.find("]", i)
            members = alt[i + 1 : close] if close > i else ""
            if members and all(m.isascii() and m.isalnum() and m.islower() for m in members):
                words = [w + m for w in words for m in members]  # "apologi[sz]e"
                i = close + 1
                continue
            if members and not members.startswith("^") and all(
                    not (m.isascii() and m.isalnum()) and m not in "\\_" for m in members):
                break  # "[- ]", "['’]": the run ends here
            return None
        if alt.startswith(_RUN_ENDS, i):
            break
        return None
    return set(words) if all(words) and len(words) <= 16 else None


def _exact_firsts(source: str) -> frozenset[str] | None:
    """First words of a pattern ``\\b(?:...)`` that :func:`_pattern_firsts` cannot read, by
    :func:`_alt_firsts`, when the group is followed by ``\\b``, ``\\s`` or a hyphen."""
    group = _top_group(source)
    if group is None or not group[1].startswith(("\\b", "\\s", "-", "\\-")):
        return None
    words: set[str] = set()
    for alt in group[0]:
        found = _alt_firsts(alt)
        if not found:
            return None
        words |= found
    return frozenset(words)


def _first_word(phrase: str) -> str:
    m = _WORD.match(phrase.strip())
    return m.group(0).lower() if m else ""


def _latin_regex(latin: list[str]) -> re.Pattern[str]:
    """One regex of plain Latin phrases (in the order given), tried where a word starts."""
    firsts = "".join(sorted({re.escape(p[0].lower()) for p in latin}))
    body = "|".join(phrase_regex(p, leading_boundary=False) for p in latin)
    return re.compile(rf"(?<![A-Za-z0-9_])(?=[{firsts}])(?:{body})", re.IGNORECASE)


def _by_first_word(latin: list[str]) -> dict[str, re.Pattern[str]]:
    """The phrases of each first word as their own regex, in the combined pattern's order: at
    a word, the alternatives of other first words cannot match (a phrase's first word is a
    whole ASCII run, and what follows it in the phrase is no ASCII letter or digit)."""
    groups: dict[str, list[str]] = {}
    for p in latin:
        groups.setdefault(_first_word(p), []).append(p)
    return {word: _latin_regex(phrases) for word, phrases in groups.items()}


def _combined(phrases: list[str]) -> list[
        tuple[re.Pattern[str], frozenset[str] | None, dict[str, re.Pattern[str]] | None]]:
    """Plain phrases as (at most) two regexes, so the text is scanned twice, not once per phrase.

    Latin phrases share one leading word boundary and a first-letter check,
    which rejects most positions at once; longer phrases come first.
    """
    stripped = [p.strip() for p in phrases]
    latin = sorted((p for p in stripped if _ASCII_WORD.match(p[0])), key=len, reverse=True)
    other = sorted((p for p in stripped if not _ASCII_WORD.match(p[0])), key=len, reverse=True)
    out: list[tuple[re.Pattern[str], frozenset[str] | None,
                    dict[str, re.Pattern[str]] | None]] = []
    if latin:
        words = frozenset(_first_word(p) for p in latin)
        pattern = _latin_regex(latin)
        # a first word that is not one whole ASCII run ("über") cannot use the look-up
        whole = all(_first_word(p) for p in latin)
        out.append((pattern, words if whole else None, _by_first_word(latin) if whole else None))
    if other:
        out.append((re.compile(grouped(other, [phrase_regex(p) for p in other]), re.IGNORECASE),
                    None, None))
    return out


def grouped(texts: list[str], bodies: list[str]) -> str:
    """``"|".join(bodies)``, each body the regex of the text beside it, grouped by first
    character where every text starts with a caseless one that its body starts with
    ("服(?:务器集群|务降级)|数(?:据库)"): at a position only the bodies of its character can
    match, tried in the same order, so every match is the same (with or without IGNORECASE),
    but a position meets one literal a group instead of every body (zh-CN jargon's 194
    phrases: ~140 -> ~105 us a 2,000-character text)."""
    firsts = [re.escape(t[:1]) for t in texts]
    if not all(t and t[0].lower() == t[0] == t[0].upper() and b.startswith(f)
               for t, b, f in zip(texts, bodies, firsts, strict=True)):
        return "|".join(bodies)
    groups: dict[str, list[str]] = {}
    for body, first in zip(bodies, firsts, strict=True):
        groups.setdefault(first, []).append(body[len(first) :])
    return "|".join(first if rests == [""] else f"{first}(?:{'|'.join(rests)})"
                    for first, rests in groups.items())


def _expand(pattern: str, defs: dict[str, str]) -> str:
    return _DEF.sub(lambda m: defs[m.group(1)], pattern)


def _compile(entry: Any, defs: dict[str, str], is_pattern: bool, default_suggestion: str
             ) -> tuple[re.Pattern[str], str]:
    if isinstance(entry, dict):
        text = entry.get("pattern") or entry.get("phrase") or ""
        is_pattern = "pattern" in entry
        suggestion = entry.get("suggestion") or default_suggestion
    else:
        text, suggestion = str(entry), default_suggestion
    source = _expand(text, defs) if is_pattern else phrase_regex(text)
    return re.compile(source, re.IGNORECASE), suggestion


def shipped_locales() -> list[str]:
    return sorted(p.name[: -len(".yaml")] for p in RULES_DIR.glob("*.yaml"))


@lru_cache(maxsize=16)
def rules_for(locale: str) -> LocaleRules:
    """Rules of ``locale``; a locale without a rules file uses ``en``."""
    path = RULES_DIR / f"{locale}.yaml"
    if locale not in shipped_locales():
        path = RULES_DIR / "en.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    defs = {k: str(v) for k, v in (data.get("defs") or {}).items()}
    categories = {}
    for name in PHRASE_CATEGORIES:
        section = data.get(name) or {}
        suggestion = section.get("suggestion") or ""
        phrases = section.get("phrases") or []
        plain = [p for p in phrases if isinstance(p, str) and p.strip()]
        combined = _combined(plain)
        matchers = [(m, suggestion) for m, _, _ in combined]
        firsts = [words for _, words, _ in combined]
        by_word = [split for _, _, split in combined]
        matchers += [
            _compile(p, defs, False, suggestion) for p in phrases if not isinstance(p, str)
        ]
        matchers += [
            _compile(p, defs, True, suggestion) for p in section.get("patterns") or []
        ]
        exact = [False] * len(matchers)
        for k in range(len(firsts), len(matchers)):
            source = matchers[k][0].pattern
            first = _pattern_firsts(source)
            if first is None and (first := _exact_firsts(source)) is not None:
                exact[k] = True
            firsts.append(first)
        by_word += [None] * (len(matchers) - len(by_word))
        categories[name] = PhraseSet(tuple(matchers), tuple(firsts), tuple(exact), tuple(by_word))
    elements = {}
    for name, entries in (data.get("elements") or {}).items():
        sources = [e if _looks_like_regex(e) else phrase_regex(e) for e in entries]
        elements[name] = re.compile("|".join(f"(?:{s})" for s in sources), re.IGNORECASE)
    return LocaleRules(path.stem, categories, elements, dict(data.get("thresholds") or {}), data)


def _looks_like_regex(entry: str) -> bool:
    return "\\" in entry or "(?" in entry

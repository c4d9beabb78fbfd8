"""Load the per-locale phrase rules from ``rules/<locale>.yaml`` and compile them once.

Keeping phrases in data lets comms staff add "due to our vendor"-style
phrases without touching code; see the header of ``rules/en.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

RULES_DIR = Path(__file__).parent / "rules"
PHRASE_CATEGORIES = ("blame_others", "blame_customer", "non_apology", "passive_evasion",
                     "vague", "minimising", "jargon")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")
_DEF = re.compile(r"<<(\w+)>>")


@dataclass(frozen=True)
class PhraseSet:
    """The compiled matchers of one category; each with its suggestion."""

    matchers: tuple[tuple[re.Pattern[str], str], ...]


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


def _combined(phrases: list[str]) -> list[re.Pattern[str]]:
    """Plain phrases as (at most) two regexes, so the text is scanned twice, not once per phrase.

    Latin phrases share one leading word boundary and a first-letter check,
    which rejects most positions at once; longer phrases come first.
    """
    latin = sorted((p.strip() for p in phrases if _ASCII_WORD.match(p.strip()[0])), key=len, reverse=True)
    other = sorted((p.strip() for p in phrases if not _ASCII_WORD.match(p.strip()[0])), key=len, reverse=True)
    out = []
    if latin:
        firsts = "".join(sorted({re.escape(p[0].lower()) for p in latin}))
        body = "|".join(phrase_regex(p, leading_boundary=False) for p in latin)
        out.append(re.compile(rf"(?<![A-Za-z0-9_])(?=[{firsts}])(?:{body})", re.IGNORECASE))
    if other:
        out.append(re.compile("|".join(phrase_regex(p) for p in other), re.IGNORECASE))
    return out


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
        matchers = [(m, suggestion) for m in _combined(plain)]
        matchers += [_compile(p, defs, False, suggestion) for p in phrases if not isinstance(p, str)]
        matchers += [_compile(p, defs, True, suggestion) for p in section.get("patterns") or []]
        categories[name] = PhraseSet(tuple(matchers))
    elements = {}
    for name, entries in (data.get("elements") or {}).items():
        sources = [e if _looks_like_regex(e) else phrase_regex(e) for e in entries]
        elements[name] = re.compile("|".join(f"(?:{s})" for s in sources), re.IGNORECASE)
    return LocaleRules(path.stem, categories, elements, dict(data.get("thresholds") or {}), data)


def _looks_like_regex(entry: str) -> bool:
    return "\\" in entry or "(?" in entry

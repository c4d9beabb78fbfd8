"""Complaint topics from per-locale rules (keywords and patterns in YAML, like the linter's).

Topics are what staff filter the queue by, what the report groups by and
what the early-warning area counts. A complaint's text is matched with its
locale's rules first, then with English ones (customers often write English).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

RULES_DIR = Path(__file__).resolve().parent
OTHER = "other"
OTHER_LABELS = {"en": "Other", "zh-CN": "其他"}
NAME = re.compile(r"^[a-z][a-z0-9_]{0,59}$")


@dataclass(frozen=True)
class Topic:
    name: str
    label: str
    keywords: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]

    def matches(self, text: str) -> bool:
        return any(k in text for k in self.keywords) or any(p.search(text) for p in self.patterns)


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@cache
def rules_for(locale: str) -> tuple[Topic, ...]:
    """The topics of one locale, in file order (no file → none)."""
    path = RULES_DIR / f"{locale}.yaml"
    if not path.is_file():
        return ()
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    topics = []
    for name, rule in raw.items():
        if not NAME.match(name):
            raise ValueError(f"{path.name}: topic name {name!r} must be lower_snake_case")
        keywords = tuple(_normal(k) for k in rule.get("keywords") or ())
        patterns = tuple(re.compile(p, re.IGNORECASE) for p in rule.get("patterns") or ())
        topics.append(Topic(name, str(rule.get("label") or name), keywords, patterns))
    return tuple(topics)


@cache
def locales() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in RULES_DIR.glob("*.yaml")))


def classify(text: str, locale: str) -> str:
    """The first topic whose rules match the text; `other` when none does."""
    normal = _normal(text)
    for loc in dict.fromkeys((locale, "en")):
        for topic in rules_for(loc):
            if topic.matches(normal):
                return topic.name
    return OTHER


def names() -> tuple[str, ...]:
    """Every topic any locale defines, then `other`."""
    found = dict.fromkeys(t.name for loc in locales() for t in rules_for(loc))
    return (*found, OTHER)


def label(name: str, locale: str) -> str:
    for loc in (locale, "en"):
        for topic in rules_for(loc):
            if topic.name == name:
                return topic.label
    return OTHER_LABELS.get(locale, OTHER_LABELS["en"]) if name == OTHER else name

"""Which language a text is written in, among the locales we ship (en, zh-CN).

A message is in one language (SPEC, Incidents): a single facts object is
written in one language, detected here from its text, and a customer whose
locale differs gets the whole message in that language. Detection must be
right for short facts ("已修复", "Fixed.") and for names: a Chinese name in
English facts is still English, an English product or person name in Chinese
facts is still Chinese.

The rule, no model needed for two scripts: Chinese evidence is the Han
characters of runs that read as Chinese text (a run holding a function
character such as 的/了/您/我们, or longer than four characters) plus Chinese
punctuation; a short run without any is a name ("李梅", "王小明"). English
evidence is Latin words with a lowercase letter (codes such as "ORD-5821" or
"UTC" are not words). Chinese wins when its evidence is at least the number of
English words (a Han character carries about a word); text with Han characters
and no English words is Chinese; text with only Latin words is English.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from gateway.messages.formatting import babel_locale

EN = "en"
ZH = "zh-CN"
LANGUAGE_NAMES = {EN: {"en": "English", "zh-CN": "英文"}, ZH: {"en": "Chinese", "zh-CN": "中文"}}

_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_ZH_PUNCT = re.compile(r"[，。！？：；、（）《》“”]")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_FUNCTION = frozenset("的了是在我您你们不有这那和就也都要会已被把给为与及或但请吗呢吧"
                      "将到从对还没很再")
_NAME_RUN = 4  # Han runs this short without a function character read as names


def _evidence(text: str) -> tuple[int, int, bool]:
    """(Chinese evidence, English words, any Han character at all)."""
    zh = len(_ZH_PUNCT.findall(text))
    han = False
    for run in _HAN_RUN.findall(text):
        han = True
        if len(run) > _NAME_RUN or any(ch in _FUNCTION for ch in run):
            zh += len(run)
    words = sum(1 for w in _LATIN_WORD.findall(text)
                if len(w) >= 2 and any(c.islower() for c in w) or w in ("I", "a"))
    return zh, words, han


def detect_language(text: str | None) -> str | None:
    """``"en"``, ``"zh-CN"``, or None when the text has no words to tell by."""
    if not text:
        return None
    zh, words, han = _evidence(text)
    if words == 0:
        return ZH if han else None
    if zh == 0:
        return EN
    return ZH if zh >= words else EN


_PROSE = ("what_happened", "impact", "actions_taken")


def fact_texts(facts: Mapping[str, Any]) -> Iterable[str]:
    """The free text of one facts object (what customers read of it)."""
    for key in _PROSE:
        if isinstance(facts.get(key), str):
            yield facts[key]
    actions = facts.get("customer_actions")
    for action in actions if isinstance(actions, list) else []:
        if isinstance(action, str):
            yield action
    comp = facts.get("compensation")
    if isinstance(comp, Mapping) and isinstance(comp.get("description"), str):
        yield comp["description"]


def facts_language(facts: Mapping[str, Any]) -> str | None:
    """The language of one (not keyed) facts object, from all its free text together."""
    return detect_language("\n".join(fact_texts(facts)))


def language_name(locale: str, in_locale: str = EN) -> str:
    """'English', 'Chinese' (or '英文', '中文' in a zh-CN sentence), by Babel for others."""
    for code, names in LANGUAGE_NAMES.items():
        if code.split("-")[0] == locale.split("-")[0].lower():
            return names[ZH if in_locale.lower().startswith("zh") else EN]
    name = babel_locale(locale).get_language_name(
        "zh_Hans_CN" if in_locale.lower().startswith("zh") else "en")
    return name[:1].upper() + name[1:] if name else locale


def fallback_sentence(note: Mapping[str, Any], in_locale: str = EN) -> str:
    """'12 customers will get English because there are no Chinese facts' (or in Chinese)."""
    n, gets, theirs = note.get("customers"), note["gets"], note["locale"]
    if in_locale.lower().startswith("zh"):
        who = f"{n} 位客户" if n is not None else f"语言为{language_name(theirs, ZH)}的客户"
        return (f"{who}将收到{language_name(gets, ZH)}消息，"
                f"因为没有{language_name(theirs, ZH)}的事实。")
    who = ("1 customer" if n == 1 else f"{n} customers") if n is not None \
        else f"Customers whose language is {language_name(theirs)}"
    return (f"{who} will get {language_name(gets)} because there are no "
            f"{language_name(theirs)} facts")

"""All-capitals tokens and abbreviations (plurals too) not explained in the text (en, zh-CN)."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import NamedTuple

from gateway.messages.lint.english.parse import lemmas
from gateway.messages.lint.english.rare import _common
from gateway.messages.lint.findings import Hit
from gateway.messages.lint.phrases import rules_for

_SENTENCE_ANY = re.compile(r"[^.!?;。！？；\n]+[.!?;。！？；]*|[.!?;。！？；\n]")
ABBREVIATION = re.compile(
    r"(?<![A-Za-z0-9_@./-])([A-Z][A-Z0-9]*[A-Z][A-Z0-9]*|[A-Z][a-z]{1,2}[A-Z](?:[A-Z]{1,3}|[A-Za-z]?)|[A-Z]&[A-Z]+)(s?)"
    r"(?![A-Za-z0-9_]|-\d|@)"  # "AZs", and mixed case: "IdP", "SaaS", "VoIP", "RoRo", "VoLTE"
)


# a figure just before a unit of measure: "20 GB", "1.5 TB"
_FIGURE_BEFORE = re.compile(r"\d\s?$")
# a few capitals and then a long run of digits: an order, waybill or ticket number
_NUMBER_CODE = re.compile(r"[A-Z]{1,3}\d{4,}")


class _Words(NamedTuple):
    """The lexicon lists of one locale this check reads (``structure`` in rules/<locale>.yaml)."""

    allowed: frozenset[str]  # abbreviations_ok
    allowed_lower: frozenset[str]  # the same, lower-cased ("c/o", "km/h")
    units: frozenset[str]
    glossary: dict[str, str]
    speaker_verbs: frozenset[str]
    own_groups: frozenset[str]
    no_plural: frozenset[str]  # abbreviations_no_plural
    sounds: frozenset[str]  # consonant runs that are no clipped word


@cache
def _words(locale: str) -> _Words:
    """Read once per locale: the check runs on every text."""
    structure = rules_for(locale).raw.get("structure") or {}
    allowed = frozenset(structure.get("abbreviations_ok") or [])
    return _Words(allowed, frozenset(a.lower() for a in allowed),
                  frozenset(structure.get("units") or []), structure.get("glossary") or {},
                  frozenset(structure.get("speaker_verbs") or []),
                  frozenset(structure.get("own_groups") or []),
                  frozenset(structure.get("abbreviations_no_plural") or []),
                  frozenset(structure.get("sounds") or []))


def abbreviations(text: str, locale: str = "en") -> list[Hit]:
    """All-capitals tokens and abbreviations (plurals too), not defined in the text nor allowed."""
    words = _words(locale)
    allowed, units, glossary = words.allowed, words.units, words.glossary
    hits = []
    if locale == "en":
        hits = (_slashed(text, words) if "/" in text else []) + _coded(text, allowed)
        hits += _clipped(text) + _numbered(text, words)
    for m in ABBREVIATION.finditer(text):
        abbr, plural = m.group(1), m.group(2)
        if abbr.endswith("S") and abbr[:-1] in allowed and not plural and (
                abbr[:-1] not in words.no_plural):
            continue  # "IDS" read as "IDs"; not "PMS" (no plural of a time or a place)
        if abbr in units and not plural and _FIGURE_BEFORE.search(text, 0, m.start()):
            continue  # "a 20 GB drive": a unit of measure after its figure
        if locale == "en" and not plural and abbr not in glossary and _own_name(
                text, m.start(), m.end(), words):
            continue  # "TSTT assures customers", "our MTN family": the sender's own name (a
            # term with plain words in the glossary is none: "ISP regrets ...")
        if (abbr in allowed and not (plural and abbr.endswith("S"))) or len(abbr) > 8:
            continue  # allowed; but "UPSs" are power supplies, not the courier
        if locale != "en" and _NUMBER_CODE.fullmatch(abbr):
            continue  # "订单号是 SF123456": a number with its letters, read out, not a word
        if locale != "en" and abbr not in glossary and _named(text, m.start(), m.end()):
            continue  # "大话II", "在CSDN和其他网站", "CSDN用户": a name the customer knows
        if (
            defined(text, abbr)
            or _GLOSSED.match(text, m.end())
            or (locale != "en" and _explained_with_head(text, m.end()))
            or (locale != "en" and _FORMAT_HEAD.match(text, m.end()) is not None)
            or (locale != "en" and _explained_near(text, m.start(), m.end()))
        ):
            continue  # defined next to plain words: "(SSO)", "(single sign-on, or SSO)",
            # "card machines (POS terminals)", "SSO (single sign-on)"; or glossed after its
            # noun phrase: "EV charger (the charging point ...)", "IPM, which means ..."
        if re.search(
            r"\b(?:letters?|code|prefix|reference|word)\s+$",
            text[max(0, m.start() - 12) : m.start()],
        ):
            continue  # a literal the customer types or reads: "starts with the letters CU"
        if re.search(
            r"\b(?:reply|replying|text|texting|send|type|enter|say|key in)(?: back)?(?: with)?"
            r"\s+[\"'‘“]?$",
            text[max(0, m.start() - 20) : m.start()],
            flags=re.IGNORECASE,
        ) and abbr.isalpha() and _english_word(abbr.lower()):
            continue  # a keyword they send back: "Just reply YES", "text STOP", "reply HOLD"
        if re.match(r"\s?\d", text[m.end() : m.end() + 2]):
            continue  # a code with its number: "REF 4471", "flight BA 217"
        token, plain = m.group(0), glossary.get(abbr)
        if plain:
            sentence = next(
                s for s in _SENTENCE_ANY.finditer(text) if s.start() <= m.start() < s.end()
            )
            plain += "s" if plural and locale == "en" else ""
            rewritten = text[sentence.start() : m.start()] + plain + text[m.end() : sentence.end()]
            suggestion = rewritten.strip()
            suggestion = suggestion[:1].upper() + suggestion[1:]
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


# zh: a title's number ("大话II开发运营人员"), and a site or company by its own name, said as
# one ("CSDN用户数据库", "在CSDN和其他网站用的是同一个密码")
_ROMAN = re.compile(r"[IVX]{2,4}")
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
_NAMED_AS = re.compile(
    r"\s?(?:用户|网站|平台|官网|官方|公司|团队|账号|账户|和其他(?:网站|平台|公司))"
)


def _named(text: str, start: int, end: int) -> bool:
    """A name, not letters standing for words: a roman numeral after a Chinese title, or
    capitals followed by what they are the name of (its users, its site, its team)."""
    if _ROMAN.fullmatch(text[start:end]) and start > 0 and _CJK_CHAR.match(text, start - 1):
        return True
    return bool(_NAMED_AS.match(text, end))


# what may stand before a sentence's first word: a quote mark, a bracket, spaces
_OPENING = re.compile(r"(?:^|[.!?;:\n])[\s\"'‘“(]*$")
_NEXT_WORD = re.compile(r"\s+([a-z]+)\b")
_OURS_BEFORE = re.compile(r"\b(?:our|the)\s+$", re.IGNORECASE)


def _own_name(text: str, start: int, end: int, words: _Words) -> bool:
    """Capitals that speak for the sender as a sentence's subject ("TSTT assures customers"),
    or that name its people as one group ("our MTN family"): a name the reader knows."""
    after = _NEXT_WORD.match(text, end)
    if after is None:
        return False
    word = after.group(1)
    if word in words.speaker_verbs and _OPENING.search(
            text[max(0, start - 40) : start]):
        return True
    return word in words.own_groups and bool(
        _OURS_BEFORE.search(text[max(0, start - 8) : start])) and not text.startswith(
        " of ", after.end())  # "our CRM family of tools" is a kind of thing


def _english_word(low: str) -> bool:
    """ "yes", "stop", "hold": an everyday word in capitals, not letters standing for words."""
    return low in ("yes", "no", "ok", "y", "n") or bool(lemmas(low))


# zh: the abbreviation and its head noun, then the explanation: "SD卡（存照片的小卡）"
_HEAD_THEN_BRACKET = re.compile(r"[\u4e00-\u9fff]{1,2}\s*[(（]")


# zh: a file format named as one: "发成了JPG格式，您要的是PNG格式" (the head noun says what it is)
_FORMAT_HEAD = re.compile(r"\s?(?:格式|文件|文档|图片)")


# zh: the plain words said right after it ("OTA升级，也就是通过网络远程更新系统", "ETC即不停车收费")
# or just before it ("不停车收费，简称ETC", "多重验证（英文缩写MFA）")
_GLOSS_AFTER = re.compile(
    r"\s?[\u4e00-\u9fffA-Za-z]{0,4}\s*[，,：:—\-（(]{0,2}\s*(?:也就是说?|也就是|即|就是|指的?是|是指|意思是|的意思是"
    r"|全称(?:是|叫)?|全名(?:是|叫)?|又叫|也叫|俗称)(?![的了没不还已])"
)
_GLOSS_BEFORE = re.compile(
    r"(?:简称|缩写(?:为|是|叫)?|英文(?:缩写|简称|名|叫)(?:为|是|叫)?|也叫|又叫|俗称|通称|行业里叫|业内叫|我们叫它|叫作|叫做)"
    r"[“\"‘]?\s*$"
)


def _explained_near(text: str, start: int, end: int) -> bool:
    """ "OTA升级，也就是通过网络远程更新系统", "不停车收费，简称ETC": the plain words said
    next to the abbreviation in so many words, not only in brackets."""
    return bool(_GLOSS_AFTER.match(text, end)) or bool(
        _GLOSS_BEFORE.search(text[max(0, start - 10) : start])
    )


def _explained_with_head(text: str, end: int) -> bool:
    """ "SD卡（存照片的小卡）": in Chinese a head noun of a character or two may stand
    between the abbreviation and the bracket that explains it."""
    return bool(_HEAD_THEN_BRACKET.match(text, end))


_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


# a gloss that follows the abbreviation's noun phrase: "EV charger (the charging point for your
# electric car)", "IPM, which means treating ...", "RSVP, that is, ...", "ETA - the time ..."
_GLOSSED = re.compile(
    r"(?:[ -][a-z]+){0,2}\s*(?:\((?:the|a|an|our|your|which|that|meaning|i\.e\.)\s"
    r"|,\s*(?:which|that) (?:means|stands for|is short for)\b|,\s*(?:meaning|short for|that is,)\s"
    r"|\s+(?:means|stands for|is short for)\s|\s*[–—]\s*(?:the|a|an|that is)\s"
    r"|,\s*(?:a|an|the) (?:[\w-]+ ){0,3}?(?:that|which|who|where|of|for)\s|,\s*(?:a|an)\s)"
    # "an NFC chip, a tiny tag ...", "your laptop's SSD, the part that stores your files"
)


# one or two Chinese characters (a head noun: 值, 码, 卡, 指数) before an opening bracket
_HEAD_THEN_GLOSS = re.compile(r"[\u4e00-\u9fff]{1,2}\s*[(（]")


def defined(text: str, abbr: str) -> bool:
    """Whether ``abbr`` (or its plural), not inside a longer word, stands in brackets or right
    before an opening one. The regular expression it replaces,
    ``[(（][^()（）]*(?<![A-Za-z])ABBRs?(?![A-Za-z])[^()（）]*[)）]|(?<![A-Za-z])ABBRs?\\s*[(（]``,
    was compiled anew for every abbreviation: ~0.3 ms each on text not seen before."""
    at = text.find(abbr)
    while at >= 0:
        end = at + len(abbr)
        end += text[end : end + 1] == "s"  # "s?": after an "s" a letter cannot follow anyway
        if (at == 0 or text[at - 1] not in _LETTERS) and text[end : end + 1] not in _LETTERS:
            rest = text[end:].lstrip()
            if rest[:1] in ("(", "（") or (
                _HEAD_THEN_GLOSS.match(rest) is not None
            ):  # "TDS 值（水里溶解杂质的多少）": a head noun, then what it means
                return True
            before = max(text.rfind(c, 0, at) for c in "()（）")
            after = [i for c in "()（）" if (i := text.find(c, end)) >= 0]
            if before >= 0 and text[before] in "(（" and after and text[min(after)] in ")）":
                return True
        at = text.find(abbr, at + 1)
    return False


# "a/c", "w/c 12 May", "b/f": letters cut short around a slash (not "and/or", "24/7", a URL)
_SLASHED = re.compile(r"[A-Za-z]{1,2}/[A-Za-z]{1,2}")  # word edges checked below


def _slashed(text: str, words: _Words) -> list[Hit]:
    hits = []
    found, pos = [], text.find("/")
    while pos != -1:  # look only around each slash (a scan for letters is slow on long text)
        start = pos - 2 if pos >= 2 and text[pos - 2].isalpha() else pos - 1
        m = _SLASHED.match(text, max(start, 0), pos + 3)
        if m and m.end() > pos + 1:
            found.append(m)
        pos = text.find("/", pos + 1)
    for m in found:
        token = m.group(0)
        before, after = text[m.start() - 1 : m.start()], text[m.end() : m.end() + 1]
        if before in ("/", ".", ":", "-", "_") or after in ("/", "_") or before.isalnum() or (
                after.isalnum()):
            continue  # part of a link, a path or a longer word
        if token.lower() in words.allowed_lower:
            continue  # "c/o", "km/h"
        plain = words.glossary.get(token.lower())
        suggestion = f'Write it out: say what "{token}" stands for in plain words.'
        if plain:  # the sentence with the words written out
            sentence = next(
                s for s in _SENTENCE_ANY.finditer(text) if s.start() <= m.start() < s.end()
            )
            suggestion = (text[sentence.start() : m.start()] + plain
                          + text[m.end() : sentence.end()]).strip()
        hits.append(Hit("abbreviation", (m.start(), m.end()), f'"{token}"',
                        suggestion[:1].upper() + suggestion[1:]))
    return hits


# "P60", "L2 support": one capital and a number, a form or a tier the customer has to decode;
# not a seat, a gate, a road or a size ("seat 14C", "gate B12", "the M25 motorway")
_CODED = re.compile(r"[A-Z]\d{1,3}")  # word edges checked below (speed)
_PLACES = re.compile(
    r"\b(?:gate|seat|room|flat|unit|platform|terminal|bay|row|zone|level|floor|block|stand|"
    r"pitch|stop|route|bus|road|junction|the|size|paper|aisle|locker|suite|ward|studio|house)\s+$",
    re.IGNORECASE,
)


def _coded(text: str, allowed: frozenset[str]) -> list[Hit]:
    hits = []
    for m in _CODED.finditer(text):
        token = m.group(0)
        before, after = text[m.start() - 1 : m.start()], text[m.end() : m.end() + 1]
        if before in ("/", ".", "£", "$", "€", "-", "_") or after in ("/", "-", "_") or (
                before.isalnum() or after.isalnum()):
            continue  # part of a link, an amount, a word or a longer code
        if token in allowed or _PLACES.search(text[max(0, m.start() - 12) : m.start()]):
            continue
        if re.match(r"\s+(?:motorway|road|northbound|southbound|eastbound|westbound)\b",
                    text[m.end() : m.end() + 12], re.IGNORECASE):
            continue
        if re.search(rf"[(（][^()（）]*\b{token}\b|\b{token}\s*[(（]", text):
            continue  # defined: "your P60 (end-of-year tax form)"
        hits.append(Hit("abbreviation", (m.start(), m.end()), f'"{token}"',
                        f'Say it in everyday words, or write out what "{token}" is the first '
                        "time."))
    return hits


# "acct", "mgmt", "appt", "msg": a lower-case word cut to its consonants (its first letter
# may be a vowel), that no dictionary lists (lemminflect) and, when it starts with a vowel, that
# is not in everyday use (h59's common-word list: "and", "app"); not a unit after a number
# ("30 mph") nor a sound (``sounds`` in rules/en.yaml: "hmm", "shh")
_CLIPPED = re.compile(
    r"(?<![\w@./:'’&-])[a-z][b-df-hj-np-tv-xz]{2,4}(?![\w@/:'’-])")  # \w: "ſync" is one word


def _clipped(text: str) -> list[Hit]:
    hits = []
    for m in _CLIPPED.finditer(text):
        token = m.group(0)
        if not _clipped_word(token):
            continue
        if re.search(r"\d\s?$", text[max(0, m.start() - 2) : m.start()]):
            continue  # a unit after its number: "30 mph", "2 hrs"
        if defined(text, token) or _GLOSSED.match(text, m.end()):
            continue
        hits.append(Hit("abbreviation", (m.start(), m.end()), f'"{token}"',
                        f'Write the word out: say what "{token}" is short for.'))
    return hits


@lru_cache(maxsize=4096)
def _clipped_word(token: str) -> bool:
    """Not a sound, not a word lemminflect lists, and with a vowel first, not in everyday use
    ("and", "app", "ebb"): asked once per token ("and" comes dozens of times a text)."""
    if token in _words("en").sounds or _english_word(token):
        return False
    return not (token[0] in "aeiou" and _common(token))


# "2MR", "3PL", "4WD": a number run into capitals, a code of the trade (not "10AM", "2ND", "4K")
_NUMBERED = re.compile(r"(?<![A-Za-z0-9_@./£$€-])\d{1,3}([A-Z]{2,4})(s?)(?![A-Za-z0-9_])")
_ORDINALS = frozenset({"ST", "ND", "RD", "TH"})
_DIGIT_CAPS = re.compile(r"\d[A-Z][A-Z]")
_CODE_BEFORE = re.compile(r"\b(?=[A-Z0-9]*\d)[A-Z0-9]*[A-Z][A-Z0-9]*\s$")


def _numbered(text: str, words: _Words) -> list[Hit]:
    hits: list[Hit] = []
    if not _DIGIT_CAPS.search(text):
        return hits  # no number run into a capital: one plain scan, no look-behind at each digit
    for m in _NUMBERED.finditer(text):
        letters, token = m.group(1), m.group(0)
        if letters in words.allowed or letters in _ORDINALS or letters in words.no_plural or (
                letters in words.units):
            continue  # "an 80GB alarm": a unit of measure after its figure
        if _CODE_BEFORE.search(text[max(0, m.start() - 9) : m.start()]):
            continue  # the second half of a code or a postcode: "XJ7 2KP", "SW1A 2AA"
        if defined(text, token) or _GLOSSED.match(text, m.end()):
            continue
        hits.append(Hit("abbreviation", (m.start(), m.end()), f'"{token}"',
                        f'Say it in everyday words, or write out what "{token}" stands for the '
                        "first time."))
    return hits

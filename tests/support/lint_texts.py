"""Texts made of the linter's own words, mutated, for property tests (no input makes a 500).

``st.text()`` almost never forms the words the checks react to, so these texts are composed
from the linter's vocabulary (the rule lexicons, the word lists and patterns in the checks'
source, the trade terms, the development corpus sentences) and then mutated: random case,
letters that case-fold or NFKC-fold to ASCII, combining marks, zero-width and bidi marks,
emoji, the other locale's script, digits, unbalanced brackets and quotes, punctuation runs,
URLs and e-mail addresses, long words, empty sentences, sentences cut mid-word and
sentences that stop short at a word.

``LINT_FUZZ_EXAMPLES=5000`` runs the tests that use them with more examples than the default.
"""

from __future__ import annotations

import ast
import os
import re
from functools import cache
from pathlib import Path

import yaml
from hypothesis import strategies as st

LINT_DIR = Path(__file__).resolve().parents[2] / "gateway" / "messages" / "lint"
CORPUS_DIR = Path(__file__).resolve().parents[1] / "messages" / "corpus"
EXAMPLES = int(os.environ.get("LINT_FUZZ_EXAMPLES", "100"))
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_CJK = re.compile(r"[\u3400-\u9fff]+")


def _strings(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in _strings(k) + _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


def _corpus_files(locale: str) -> list[Path]:
    """The development corpus only: the top files and ``dev-*`` (never a held-out set)."""
    dirs = sorted(d for d in CORPUS_DIR.iterdir() if d.is_dir() and d.name.startswith("dev-"))
    return [p for p in [CORPUS_DIR / f"{locale}.yaml", *(d / f"{locale}.yaml" for d in dirs)]
            if p.exists()]


@cache
def corpus(locale: str) -> tuple[str, ...]:
    out: set[str] = set()
    for path in _corpus_files(locale):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        out.update(s for s in _strings({k: data.get(k) for k in ("bad", "good")}) if s.strip())
    return tuple(sorted(out))


@cache
def lexicon(locale: str) -> tuple[tuple[str, ...], ...]:
    """The rule lexicon's lists as written, one tuple per list (a rule's phrases or patterns, a
    ``defs`` entry, each ``structure`` list: actors, class words, trade terms...): a list is
    drawn first, then a word of it, so a short list (41 trade terms) is drawn as often as a
    long one."""
    rules = yaml.safe_load((LINT_DIR / "rules" / f"{locale}.yaml").read_text(encoding="utf-8"))
    lists = [*rules.get("defs", {}).values(), *rules.get("structure", {}).values()]
    lists += [rule.get(k) for rule in rules.values() if isinstance(rule, dict)
              for k in ("phrases", "patterns")]
    out = []
    for entries in lists:
        words = {re.sub(r"[?()\[\]]|\\[bsw]", "", part).replace("*", " ").strip()
                 for s in _strings(entries) for part in s.split("|")}
        words = {w for w in words if w and len(w) <= 60}
        if words:
            out.append(tuple(sorted(words)))
    return tuple(out)


@cache
def vocabulary(locale: str) -> tuple[str, ...]:
    """Words and phrases of the rule lexicon and of the checks' source (actor lists, class
    words, the words in patterns), plus the corpus's words."""
    rules = yaml.safe_load((LINT_DIR / "rules" / f"{locale}.yaml").read_text(encoding="utf-8"))
    strings = _strings(rules)
    sub = "english" if locale == "en" else "chinese"
    for path in [*sorted((LINT_DIR / sub).glob("*.py")), LINT_DIR / "phrases.py",
                 LINT_DIR / "checks.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        strings += [n.value for n in ast.walk(tree)
                    if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    strings += list(corpus(locale))
    words: set[str] = set()
    for s in strings:
        if len(s) <= 40 and "\\" not in s and "(?" not in s:
            words.add(s)  # a phrase as it is written
        words.update(_WORD.findall(s))
        words.update(_CJK.findall(s))
    if locale == "en":
        from gateway.messages.lint.english.trade import _terms

        words.update(_terms()[1])
    return tuple(sorted(w for w in words if w.strip()))


# letters that case-fold or NFKC-fold to ASCII ones, and what they stand in for
_FOLDS = {"s": ["ſ", "ｓ"], "k": ["\u212a", "ｋ"], "i": ["ı", "İ", "ｉ"], "I": ["İ", "Ｉ"],
          "fi": ["ﬁ"], "fl": ["ﬂ"], "ff": ["ﬀ"], "ss": ["ß", "ẞ"], "st": ["ﬆ"], "A": ["Å"],
          "a": ["ａ", "ª"], "e": ["ｅ", "ℯ"], "o": ["ｏ", "º"], "t": ["ｔ"], "n": ["ｎ"],
          "r": ["ｒ"], "c": ["ｃ"], "d": ["ｄ"], "1": ["¹", "１"], "2": ["²", "２"]}
_MARKS = ["\u0301", "\u0308", "\u0327", "\u0332", "\u034f", "\u20dd"]
_INVISIBLE = ["\u200b", "\u200c", "\u200d", "\ufeff", "\u2060", "\u00ad", "\u200e", "\u200f",
              "\u202e", "\u202c", "\u061c", "\u2066", "\u2069", "\u00a0", "\u3000", "\u2028",
              "\x00", "\t", "\r\n", "\n\n"]
_EMOJI = ["😀", "👍🏽", "👨\u200d👩\u200d👧", "🇨🇳", "❤️", "#\ufe0f\u20e3", "🙏", "𝐒𝐨𝐫𝐫𝐲"]
_PUNCT = ["。", "！", "？", "…", ";", "；", "...", "?!", "!!!", ".", ",", "，", "、", ":", "：",
          "—", "–", "-", "--", "/", "&", "%", "·", "•", "~", "~~", "。。", "！？", "‽"]
_BRACKETS = ["(", ")", "[", "]", "{", "}", "（", "）", "【", "】", "《", "》", "「", "」", "『",
             "<", ">", '"', "'", "“", "”", "‘", "’", "«", "»", "`", "*", "_", "<b>", "</p>"]
_OTHER = ["https://x.example/a?b=1&c=(2)", "http://status.example.com/m/abc.", "www.example.com",
          "ops@example.com", "客服@例子.中国", "mailto:a@b.c", "example.com/退款", "ftp://x",
          "https://", "@", "#123", "A-77", "3.5", "1,000", "10:30", "2026-12-04T11:00:00Z",
          "24/7", "+86 138 0000 0000", "$5", "¥50", "50%", "３０分钟", "第3次", "2x", "e.g.",
          "i.e.", "Dr.", "U.S.", "a.m.", "etc.", "St.", "No.", "vs.", "'s", "n't", "'"]


def _mutate_word(draw: st.DrawFn, word: str) -> str:
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return word.upper()
    if kind == 1:
        return word.capitalize() if word else word
    if kind == 2:
        flips = draw(st.lists(st.booleans(), min_size=len(word), max_size=len(word)))
        return "".join(c.swapcase() if f else c for c, f in zip(word, flips, strict=True))
    if kind in (3, 8):
        keys = [k for k in _FOLDS if k in word]
        if keys:
            key = draw(st.sampled_from(keys))
            return word.replace(key, draw(st.sampled_from(_FOLDS[key])), draw(st.integers(1, 3)))
        return word
    if kind == 4 and word:
        at = draw(st.integers(0, len(word)))
        return word[:at] + draw(st.sampled_from(_MARKS + _INVISIBLE)) + word[at:]
    if kind == 5 and word:
        return word[: draw(st.integers(0, len(word)))]  # cut mid-word
    if kind == 6:
        return word * draw(st.integers(2, 30))  # a very long word
    if kind == 7:
        return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in word)  # fullwidth
    return word


@st.composite
def _token(draw: st.DrawFn, locale: str) -> str:
    other = "zh-CN" if locale == "en" else "en"
    source = draw(st.integers(-10, 19))
    if source < 5:  # half the words from the lexicon's lists, a list at a time
        word = draw(st.sampled_from(draw(st.sampled_from(lexicon(locale)))))
    elif source < 10:
        word = draw(st.sampled_from(vocabulary(locale)))
    elif source < 12:
        word = draw(st.sampled_from(vocabulary(other)))
    elif source == 12:
        word = draw(st.sampled_from(_EMOJI))
    elif source == 13:
        word = draw(st.sampled_from(_BRACKETS))
    elif source == 14:
        word = draw(st.sampled_from(_OTHER))
    elif source == 15:
        word = draw(st.sampled_from(_PUNCT)) * draw(st.integers(1, 4))
    elif source == 16:
        word = str(draw(st.integers(-10, 10**12)))
    elif source == 17:
        word = draw(st.sampled_from(_INVISIBLE + _MARKS))
    else:
        word = draw(st.text(max_size=6))
    return _mutate_word(draw, word) if draw(st.integers(0, 3)) == 0 else word


@st.composite
def _sentence(draw: st.DrawFn, locale: str) -> str:
    how = draw(st.integers(0, 8))
    if how <= 1:  # a corpus sentence, a few of its words mutated
        words = draw(st.sampled_from(corpus(locale))).split(" ")
        for _ in range(draw(st.integers(0, 3))):
            at = draw(st.integers(0, len(words) - 1))
            words[at] = _mutate_word(draw, words[at]) if draw(st.booleans()) else (
                words[at] + " " + draw(_token(locale)))
        return " ".join(words)
    if how == 2:  # a corpus sentence cut mid-word, or spliced into another
        a, b = draw(st.sampled_from(corpus(locale))), draw(st.sampled_from(corpus(locale)))
        return a[: draw(st.integers(0, len(a)))] + b[draw(st.integers(0, len(b))):]
    if how == 3:
        return ""  # an empty sentence
    if how == 4:  # a corpus sentence that stops short: a rule reading past its last word
        whole = draw(st.sampled_from(corpus(locale)))
        words = whole.split(" ") if locale == "en" else list(whole)
        return (" " if locale == "en" else "").join(words[: draw(st.integers(1, len(words)))])
    sep = "" if locale == "zh-CN" and draw(st.booleans()) else " "
    return sep.join(draw(st.lists(_token(locale), min_size=1, max_size=14)))


@st.composite
def lint_texts(draw: st.DrawFn, locale: str) -> str:
    parts = draw(st.lists(_sentence(locale), min_size=1, max_size=4))
    ends = draw(st.lists(st.sampled_from(_PUNCT + [" ", "\n", "", ". ", "。", "? "]),
                         min_size=len(parts), max_size=len(parts)))
    text = "".join(p + e for p, e in zip(parts, ends, strict=True))
    for _ in range(draw(st.integers(0, 3))):  # mutations of the whole text
        how = draw(st.integers(-2, 4))
        if how == -2:  # the letters re's IGNORECASE matches as ASCII ones, everywhere
            text = text.translate(str.maketrans({"s": "ſ", "k": "\u212a", "K": "\u212a"}))
        elif how <= 0:  # every such letter folded: "ſubstation", "KPI" (s, k, i the most)
            keys = [k for k in [*_FOLDS, "s", "s", "k", "k", "i"] if k in text]
            if keys:
                key = draw(st.sampled_from(keys))
                text = text.replace(key, draw(st.sampled_from(_FOLDS[key])))
        elif how == 1:
            text = draw(st.sampled_from([str.upper, str.lower, str.title, str.swapcase]))(text)
        elif how == 2 and text:  # something inserted anywhere, mid-word too
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(_token(locale)) + text[at:]
        elif how == 3 and text:  # cut
            text = text[: draw(st.integers(0, len(text)))]
        elif how == 4:  # the other script's punctuation
            ascii_, wide = ".,?!;:()", "。，？！；：（）"
            table = str.maketrans(ascii_, wide) if locale == "en" else str.maketrans(wide, ascii_)
            text = text.translate(table)
    return text

"""One small function per lint rule. ``RULES`` lists every code with its reason."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any, cast
from urllib.parse import urlsplit

from markupsafe import escape

from gateway.messages.formatting import day_text, first_sentence, money_text, when_text
from gateway.messages.language import fallback_sentence, language_name
from gateway.messages.lint import chinese
from gateway.messages.lint import learned as model_check
from gateway.messages.lint.abbreviations import defined
from gateway.messages.lint.chinese.answered import guess_answered
from gateway.messages.lint.chinese.apology import made_right, owned_apology
from gateway.messages.lint.chinese.passive import matter_repaid
from gateway.messages.lint.chinese.segment import (
    DOUBLE_SENSE,
    chosen_share,
    lexicon,
    mild_owned,
    neighbours,
    our_fault,
    physical_sense,
    segment,
    sentence_at,
    small_but_owned,
    some_of_them_owned,
    straddles,
)
from gateway.messages.lint.chinese.style import conceded
from gateway.messages.lint.english.hedging import our_act_follows, told_as_done
from gateway.messages.lint.english.length import long_sentences
from gateway.messages.lint.english.minimise import conceded_spans
from gateway.messages.lint.english.parse import written_names
from gateway.messages.lint.english.passive import remedy_only
from gateway.messages.lint.english.structural import check as english_check
from gateway.messages.lint.english.structural import owned_spans
from gateway.messages.lint.english.words import ASAP
from gateway.messages.lint.findings import Finding, Severity
from gateway.messages.lint.phrases import PHRASE_CATEGORIES, rules_for
from gateway.messages.lint.rarity import everyday_words
from gateway.messages.readability import readability, reading_ease_as_read, zh_sentences
from gateway.messages.sms import non_gsm7_chars, sms_info


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    reason: str


RULES: dict[str, Rule] = {r.code: r for r in (
    Rule("blame_others", "error",
         "Blames someone else (a vendor, partner, bank, courier, the weather)"),
    Rule("blame_customer", "error", "Blames the customer"),
    Rule("non_apology", "error", "Non-apology or conditional apology"),
    Rule("passive_evasion", "warning", "Passive voice hides who did it"),
    Rule("vague", "warning", "Vague or evasive statement"),
    Rule("minimising", "warning", "Minimises the problem"),
    Rule("jargon", "warning", "Jargon or internal code the customer does not know"),
    Rule("abbreviation", "warning", "Abbreviation not explained in the text"),
    Rule("officialese", "warning", "Official, bureaucratic stock phrases (zh-CN 套话)"),
    Rule("reading_ease", "warning", "Hard to read (en: Flesch reading ease below the threshold)"),
    Rule("sentence_length", "warning", "Sentences too long to read easily"),
    Rule("missing_element", "error", "A required element of the message is missing"),
    Rule("sms_segments", "warning", "SMS longer than 2 segments"),
    Rule("sms_ucs2", "warning", "A stray character forces UCS-2 in an en SMS (halves its length)"),
    Rule("link_https", "warning", "Link is not HTTPS"),
    Rule("link_foreign", "warning", "Link is not under our public URL"),
    Rule("compensation_when", "warning", "Compensation does not say when the customer gets it"),
    Rule("no_next_update", "warning", "Facts do not say when we will update the customer next"),
    Rule("locale_fallback", "warning",
         "Some customers get the whole message in another language than their own"),
)}

# Codes that judge a sentence's wording: where one is found, the learned check stays out.
_JUDGED = frozenset({"blame_others", "blame_customer", "non_apology", "passive_evasion", "vague",
                     "minimising", "jargon", "abbreviation", "officialese", "sentence_length"})
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SHORT_CJK = re.compile(r"[\u3400-\u9fff]{2,3}")
_LATIN_WORDS = re.compile(r"[A-Za-z]{2,}\s+[A-Za-z]{2,}")
_URL = re.compile(r"https?://[^\s\"'<>)\]]+", re.IGNORECASE)
_ADDRESS = re.compile(
    rf"{_URL.pattern}|[A-Za-z0-9_.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", re.IGNORECASE
)
_LOOPBACK = {"localhost", "127.0.0.1", "::1", "[::1]"}
_GSM_REPLACEMENTS = {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...",
                     "\u00a0": " "}


def _finding(code: str, message: str, field: str, span: tuple[int, int],
             suggestion: str | None = None) -> Finding:
    rule = RULES[code]
    return Finding(code, rule.severity, message, field, span, suggestion)


# we (or our people) as the doer in the clause before a phrase: "是我们师傅操作不当"
_OURS_IN_CLAUSE = re.compile(r"(?<![不非])(?:是)?(?:我们|我司|本店|本公司)(?!不)")
# we the subject the sentence opened with, the customer not named since: "在本周五，我们在对
#其他误封账号进行处理时，由于操作不当"
_WE_LEAD = re.compile(r"^[^您你]{0,12}?(?:我们|我司|本公司)(?!的?(?:用户|客户|顾客|会员))[^您你]*$")
# minimising words that are plain when our act is named or chose them (chinese/segment.py)
_MILD_OR_SHARE = ("轻微", "一小部分", "少量", "少数", "很小一部分")


# thanks for waiting, and an apology after it that says what we did: "We're sorry it took us"
# the doer named later in the same clause as us: "... to 96 accounts by our new system"
_BY_US = re.compile(r"[^.;:,!?]{0,60}?\bby (?:our|us)\b", re.IGNORECASE)
# an apology or regret that a condition ("if you were affected") may hang on
_APOLOGY_WORD = re.compile(
    r"(?i)\b(?:sorry|apologi[sz]e[sd]?|apologies|regret\w*|inconvenien\w*)\b")


def _en_sentence_at(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` around ``start:end`` (split at . ! ? and line ends)."""
    left = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    stops = [i for c in ".!?\n" if (i := text.find(c, end)) >= 0]
    return text[left : min(stops) if stops else len(text)]


# us as the subject right after a word: "Unfortunately we ...", "Unfortunately, the three of us"
_WE_NEXT = re.compile(r",?\s+(?:we|i|(?:the |all )?(?:\w+ )?of us)\b", re.IGNORECASE)
# a real date or deadline of ours later in the sentence: "...as soon as possible to let you know,
# and we plan to make all payments by the end of next week"
_DATE_LATER = re.compile(
    r"(?i)\b(?:by|on|before|until) (?:the end of (?:this |next |the )?(?:week|month)|today|"
    r"tonight|tomorrow|(?:this |next )?(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"\d{1,2}(?::\d\d| ?[ap]m\b)|"
    r"(?:the )?\d{1,2}(?:st|nd|rd|th)? (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)")
_TOPIC_BEFORE = re.compile(r"(?i)\b(?:about|on|regarding)\s+$")
_THANKED = re.compile(r"(?i)thank(?:s| you) for your patience$")
_SORRY_WE = re.compile(r"(?i)\bsorry\b[^.!?]{0,20}\b(?:we|us)\b[^.!?]{0,40}\b(?:\d+|one|two|three|"
                       r"four|five|six|seven|eight|nine|ten) (?:minutes?|hours?|days?|weeks?)\b")


# a date or a clock time: "12月20日", "下午3点", "周四中午前"
_DATED = re.compile(
    r"[0-9０-９一二三四五六七八九十]+(?:月[0-9０-９一二三四五六七八九十]+[日号]|[日号](?!常)|点|:[0-9]{2})"
    r"|周[一二三四五六日天](?:上午|中午|下午|晚上|前)"
)


# a term followed by what it means or what it was, with us as the doer: "同步失败是我们…",
# "割接，也就是把线路换到新设备上"
_EXPLAINED_AFTER = re.compile(
    r"\s*(?:[”\"」])?\s*(?:[，,]\s*)?(?:(?:就|其实|也)?是(?:因为|由于)?我们|也就是|就是说|即|意思是|指的是|是指)"
)


# the fault just named, owned at once by the copula: "温度不稳定是我们没有验收好"
_OWNED_RIGHT_AFTER = re.compile(r"(?:就|其实|也|都)?是(?:因为|由于)?我们")
_SENTENCE_REST = re.compile(r"[。！？!?；;\n]")
# the cause told as ours failing: "因为我们没订到场地", "是我们漏了一步"
_OUR_FAILING = re.compile(r"(?:因为|由于|是)我们(?:没|未|忘|漏|弄|搞|把)")


# where a thing is sent: "发到您的邮箱", "发给您" (not "并发到达上限")
_SENT_ON = re.compile(r"(?:到|给|至)(?!达)")


# a 把/被 phrase right before a word: what was done to the thing, in the same clause
_DONE_WRONG = re.compile(r"[把被将][^，,。！？；;：:]{1,14}$")


def _zh_sentence_at(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` around ``start:end`` (split at 。！？；and line ends)."""
    left = max(text.rfind(c, 0, start) for c in "。！？!?；;\n") + 1
    stops = [i for c in "。！？!?；;\n" if (i := text.find(c, end)) >= 0]
    return text[left : min(stops) if stops else len(text)]


def _owned_term(text: str, start: int, end: int) -> bool:
    """A term inside the clause that owns the fault as ours ("是我们的数据迁移脚本出了错",
    "原因是我们推送的一次配置变更有误"): the message says plainly that we erred."""
    head = re.split(r"[，,。！？!?；;\n]", text[max(0, start - 24) : start])[-1]
    tail = re.split(r"[，,。！？!?；;\n]", text[end : end + 24])[0]
    return bool(re.search(r"(?<![不非])是(?:因为|由于)?我们", head)) and our_fault(
        head + text[start:end] + tail)


def _zh_owned_here_or_next(text: str, start: int) -> bool:
    """Our own fault named in the sentence around ``start`` or in the next one."""
    here = sentence_at(text, start)
    if here is None:
        return False
    at, sentence = here
    return our_fault(sentence) or our_fault(neighbours(text, at, sentence)[1])


def _zh_owned_apology(text: str, start: int) -> bool:
    """The sentence around ``start`` apologises outright for a fault it names as ours
    (:func:`chinese.apology.owned_apology`)."""
    here = sentence_at(text, start)
    return here is not None and owned_apology(text, *here)


def _phrases(code: str, text: str, locale: str, field: str) -> list[Finding]:
    """Every non-overlapping match of the category's phrases, leftmost-longest first."""
    hits = rules_for(locale).categories[code].finditer(text)
    found, last_end = [], -1
    concessions: list[tuple[int, int]] | None = None  # English minimisers: read on the first hit
    for start, end, suggestion in sorted(hits, key=lambda h: (h[0], -h[1])):
        if start >= last_end:
            quote = text[start:end]
            if code == "jargon" and locale.startswith("zh") and _SHORT_CJK.fullmatch(quote):
                if straddles(text, start, end):
                    continue  # "登不上游戏" has no 上游 in it
            if code == "jargon" and locale.startswith("zh"):
                if quote in DOUBLE_SENSE and physical_sense(text, start):
                    continue  # "上游供气减少时": the pipe upstream, not a system
            if code == "jargon" and locale.startswith("zh") and quote == "并发" and (
                _SENT_ON.match(text, end)
            ):
                continue  # "补开并发到您的邮箱": 并 joins a second verb, 发到, not "concurrency"
            if code == "jargon" and locale.startswith("zh") and quote.endswith("错") and (
                _DONE_WRONG.search(text, max(0, start - 16), start)
            ):
                continue  # "把您的跳伞日期报错了": a verb and its result, not an error report
            if code == "jargon" and locale.startswith("zh") and _EXPLAINED_AFTER.match(text, end):
                continue  # "同步失败是我们昨晚推送的更新把…弄丢了": what it was, said in full
            if code == "jargon" and locale.startswith("zh") and _owned_term(text, start, end):
                continue  # "是我们的数据迁移脚本出了错": the term names which of our things erred
            if code == "jargon" and locale.startswith("zh") and quote.isascii() and quote.isupper():
                if defined(text, quote):
                    continue  # "故障原因分析报告（我们内部叫RCA）": the code, explained
            if code == "blame_customer" and locale.startswith("zh") and (
                _OURS_IN_CLAUSE.search(
                    re.split(r"[，,。！？!?；;\n]", text[max(0, start - 20) : start])[-1])
                or _WE_LEAD.search(
                    re.split(r"[。！？!?；;\n]", text[max(0, start - 40) : start])[-1])
            ):
                continue  # "是我们师傅操作不当", "我们在处理…时，由于操作不当": our own slip
            if code == "blame_others" and locale.startswith("zh") and text[:start].endswith(
                ("我们的", "我司的", "本店的", "本公司的")
            ):
                continue  # "我们的司机弄丢了您的包裹": our own staff, named as ours
            if code == "blame_others" and locale.startswith("zh") and _zh_owned_here_or_next(
                text, start
            ):
                continue  # "成绩单在国际快递途中丢了。寄件和跟踪都由我们负责，我们没有及时发现。"
            if code == "non_apology" and locale.startswith("zh") and _zh_owned_apology(
                text, start
            ):
                continue  # "因我们的排班失误，…，给您带来不便，我们深表歉意": our act owned
            if code == "passive_evasion" and locale.startswith("zh") and (
                _zh_owned_here_or_next(text, start)
                or matter_repaid(_zh_sentence_at(text, start, end))
                or made_right(_zh_sentence_at(text, start, end))
            ):
                continue  # "由于我们审核疏漏，您的退款申请被错误驳回": the doer named, as us;
                # "就客户…被错误扣款，公司将…安排退款": the matter named, then paid back;
                # "…在空中出现故障，…我们已经换了一架飞机": we, as the doer, already made it right
            if code == "vague" and locale.startswith("zh") and _DATED.search(
                _zh_sentence_at(text, start, end)
            ):
                continue  # "很遗憾这次的草莓还没熟，采摘改期到12月20日": what, and by when
            if code == "vague" and locale.startswith("zh") and _OWNED_RIGHT_AFTER.match(
                text, end
            ) and our_fault(_SENTENCE_REST.split(text[end:], 1)[0]):
                continue  # "温度不稳定是我们没有验收好": the fault named, and at once owned
            if code == "vague" and locale.startswith("zh") and quote == "很遗憾" and (
                _OUR_FAILING.search(_zh_sentence_at(text, start, end))
            ):
                continue  # "很遗憾，这次活动因为我们没订到场地取消了": the regret is for our
                # own failing, told; not a fact left with no one in it
            if code == "vague" and locale == "en":
                if _THANKED.match(quote) and _SORRY_WE.search(text, end):
                    continue  # "Thank you for your patience while we fixed the app. We're sorry
                    # it took us three days.": thanks beside an apology that names our act and
                    # its length
                if quote.lower() in ASAP and (
                        _DATE_LATER.search(re.split(r"[.!?\n]", text[end:], maxsplit=1)[0])
                        or told_as_done(_en_sentence_at(text, start, end))):
                    continue  # "as soon as possible ..., and we will pay you by Friday": the time
                    # said; "We increased our team so that we could answer as quickly as
                    # possible": done
                if quote.lower() == "the matter" and _TOPIC_BEFORE.search(text, 0, start):
                    continue  # "has notified the ICO about the matter", "a full report on the
                    # matter": the topic of a telling, pointing back; as the object of an act
                    # ("resolve the matter", "looking into the matter") it still stands in for
                    # the harm
                if quote.lower() == "unfortunately" and (
                        _WE_NEXT.match(text, end) or our_act_follows(text, end)):
                    continue  # "Unfortunately the three of us were away and didn't notice": our
                    # own failing told, not a fact left with no one in it
            if code == "non_apology" and locale == "en" and quote.lower().startswith(
                    "if you") and not _APOLOGY_WORD.search(_en_sentence_at(text, start, end)):
                continue  # "If you were affected, please call us": a condition on what to do,
                # not on an apology (the sentence apologises for nothing)
            if code == "passive_evasion" and locale == "en" and _BY_US.match(text, end):
                continue  # "Fines were wrongly added to 96 accounts by our new system": we are
                # named as the doer later in the clause
            if code == "minimising" and locale == "en":
                if concessions is None:
                    concessions = conceded_spans(text)
                if any(lo <= start < hi for lo, hi in concessions):
                    continue  # "Whilst this only impacted a small number of customers, it was a
                    # substantial impact": the count conceded, then the harm given its weight
            if code == "minimising" and locale.startswith("zh") and quote.startswith("部分"):
                if some_of_them_owned(text, start):
                    continue  # "由于我们这边的计时出错，部分用户…": a count owned, not a shrug
            if code == "minimising" and locale.startswith("zh") and (
                quote in _MILD_OR_SHARE or quote.startswith("部分")
            ):
                if mild_owned(text, start, end) or chosen_share(text, start):
                    continue  # "我们喂错了粮，狗狗有轻微过敏…", "我们给一小部分用户试用"
            if code == "minimising" and locale.startswith("zh"):
                here = sentence_at(text, start)
                if here and small_but_owned(text, *here):
                    continue  # "系统出错影响了少量订单，其中包括您的订单，我们已经逐一改正"
                if here and conceded(here[1]):
                    continue  # "受影响的虽然只是部分用户，但对每一位…": the count granted, then
                    # the harm or our act on each (as the structural check reads it)
            found.append(_finding(code, f"{RULES[code].reason}: \"{quote}\"", field,
                                  (start, end), suggestion or None))
            last_end = end
    return found


def _structural(hits: list[Any], field: str) -> list[Finding]:
    """Findings of the structural checks, with the rule's reason first like the phrase rules'."""
    return [_finding(h.code, f"{RULES[h.code].reason}: {h.message}", field, h.span, h.suggestion)
            for h in hits]


def _in_language(text: str, locale: str) -> bool:
    """Whether ``text`` holds words of ``locale``: facts in one language are linted with
    every shipped locale's rules, and Chinese rules have nothing to say on English."""
    if locale.startswith("zh"):
        return bool(_CJK.search(text))
    return bool(text.strip()) and (not _CJK.search(text) or bool(_LATIN_WORDS.search(text)))


def structure(text: str, locale: str, field: str) -> list[Finding]:
    """Checks that read the sentence's structure (packages english, chinese), not phrase lists."""
    if not _in_language(text, locale):
        return []
    if locale.startswith("zh"):
        return _structural(chinese.check(text), field)
    return _structural(english_check(text), field)


# a bracketed aside after a word: "Your multidisciplinary team (the doctors, nurses and ...)"
_GLOSS = re.compile(r"(?<=\w) \([^()]{1,160}\)")


def reading_ease(text: str, locale: str, field: str) -> list[Finding]:
    """en only, and only on Latin text long enough for Flesch to mean something; a long word
    of everyday English counts as a short one (readability.reading_ease_as_read)."""
    if locale.startswith("zh") or _CJK.search(text):
        return []
    limits = rules_for("en").thresholds
    if "(" in text:
        # a term explained in brackets, as the jargon and abbreviation checks ask, is read as
        # the sentence without it: the explanation would otherwise count against it
        text = _GLOSS.sub("", text)
    if len(text.split()) < limits.get("min_words", 20):
        return []
    # a long word everyday English uses all the time reads as easily as a short one, and so
    # does a name: "please contact Experian's customer care team"
    score = reading_ease_as_read(text, everyday_words("en").__contains__, written_names(text))
    minimum = limits.get("min_reading_ease", 50)
    if score >= minimum:
        return []
    return [_finding("reading_ease", f"Reading ease {score} is below {minimum} (long everyday "
                     "words counted as short ones)", field, (0, len(text)),
                     "Use shorter sentences and everyday words.")]


_CLAUSE_BREAK = re.compile(r"[，,、；;：:（）()]")


def _leans_on_next(clause: str) -> bool:
    """A clause that cannot stand as a statement of its own: it opens with a preposition
    (根据…, 对于…, 在…) or a subordinating conjunction (the lexicon's ``subordinating``), or
    ends in a time word (…后, …时)."""
    words = segment(clause)
    if not words:
        return False
    first, tag = words[0]
    return tag == "p" or first in lexicon()["subordinating"] or words[-1][1] == "f"


def _statements(read: str) -> list[str]:
    """A sentence as read, cut into what a reader must hold at once: each clause, with every
    clause leaning on it (:func:`_leans_on_next`) held before it."""
    out, held = [], ""
    for clause in filter(None, _CLAUSE_BREAK.split(read)):
        held += clause
        if not _leans_on_next(clause):
            out.append(held)
            held = ""
    return out + [held] if held else out


def _short_clauses(sentence: str, limits: Mapping[str, float]) -> bool:
    """A zh sentence somewhat over the limit that is a chain of short clauses (none over
    ``max_clause_chars``, as read): a reader takes it a clause at a time, unlike one long
    clause, and holds no more than a clause in mind. Longer, to ``max_statements_chars``, when
    every clause is a statement standing on its own, none held for the next: real notices
    chain what happened, what we did and what they can do ("…设错了，…是我们的失误，…会恢复")."""
    read = _as_read(sentence)
    clause_limit = limits.get("max_clause_chars", 20)
    if len(read) <= limits.get("max_chained_sentence_chars", 60):
        return max(len(c) for c in _CLAUSE_BREAK.split(read)) <= clause_limit
    if len(read) > limits.get("max_statements_chars", 60):
        return False
    return max((len(s) for s in _statements(read)), default=0) <= clause_limit


# a gloss in brackets ("（成交价之外付给我们的服务费）") and a figure ("1,200", "18%", "12 月"),
# a date or a time with its units one figure ("2024年11月27日", "3月5日10:30")
_ASIDE = re.compile(r"（[^（）]{1,40}）|\([^()]{1,40}\)")
_FIGURE = re.compile(r"(?:[0-9][0-9,.:%]*[年月日号时点分]?)+")


# what may stand before a letter's colon: no sentence end, no figure ("03:00" is a time)
_BEFORE_COLON = re.compile(r"[^。！？；：:0-9０-９]{1,20}?(?<![0-9])[：:]")


def _salutation(sentence: str) -> int:
    """How many characters open ``sentence`` as a letter's salutation, up to its colon: one
    led by a salutation mark ("各位业主：", "尊敬的投资者：", "致各位家长："), holding a greeting
    ("王女士您好，我是门店店长李强："), or ending in a customer word or a title ("业主们：");
    not a label ("停水原因：", "温馨提示："). A reader takes it as the letter's head, not as
    part of the sentence it stands before. 0 if none."""
    m = _BEFORE_COLON.match(sentence)
    if m is None:
        return 0
    words = lexicon()
    head = m.group(0)[:-1]
    if head.startswith(tuple(words["salutation_marks"])) or any(
        g in head for g in words["greetings"]
    ) or head.endswith(tuple(words["customers"] | words["titles"])):
        return m.end()
    return 0


def _as_read(sentence: str) -> str:
    """A sentence as a reader takes it in: a letter's salutation is its head (:func:`_salutation`),
    a bracketed gloss is an aside the reader can skip, and a figure or a date is read as one
    word, not one character a digit."""
    sentence = re.sub(r"\s", "", sentence)
    return _FIGURE.sub("0", _ASIDE.sub("", sentence[_salutation(sentence) :]))


def _read_length(sentences: list[str]) -> float:
    """The average sentence length as read (:func:`_as_read`)."""
    if not sentences:
        return 0.0
    return sum(len(_as_read(s)) for s in sentences) / len(sentences)


def sentence_length(text: str, locale: str, field: str) -> list[Finding]:
    """zh-CN, on text that is Chinese: the average sentence must stay short. en, on Latin
    text: no sentence longer than ``max_sentence_words`` (english.length)."""
    if not locale.startswith("zh"):
        if _CJK.search(text):
            return []
        limit = int(rules_for("en").thresholds.get("max_sentence_words", 30))
        return _structural(long_sentences(text, limit), field)
    if not _CJK.search(text):
        return []
    limits = rules_for(locale).thresholds
    if len(text) < limits.get("min_chars", 30):
        return []
    value = cast(float, readability(text, locale)["value"])
    maximum = limits.get("max_avg_sentence_chars", 50)
    if value <= maximum:
        return []
    sentences = zh_sentences(text)
    if _read_length(sentences) <= maximum:
        return []  # "…解析记录（就是把网址指向服务器的那项设置）…": a gloss read as an aside
    if all(_short_clauses(s, limits) for s in sentences if len(_as_read(s)) > maximum):
        return []  # "对不起，…出了错，您没能绑上卡，问题已修好，您现在再试即可": clause by clause
    longest = max(sentences, key=len)
    start = max(text.find(longest), 0)
    return [_finding("sentence_length",
                     f"Sentences average {value} characters (aim for {maximum} or fewer)", field,
                     (start, start + len(longest)), "把长句拆成几个短句。")]


def links(text: str, field: str, public_url: str | None) -> list[Finding]:
    """Every link is HTTPS (loopback excepted, for development) and under our public URL."""
    found = []
    base = (public_url or "").rstrip("/")
    for m in _URL.finditer(text):
        url = m.group(0).rstrip(".,;:!?")
        span = (m.start(), m.start() + len(url))
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:  # "http://[x", "http://？": no host urllib accepts, so not loopback
            host = ""
        if not url.lower().startswith("https://") and host not in _LOOPBACK:
            found.append(_finding("link_https", f"Link is not HTTPS: {url}", field, span,
                                  url.replace("http://", "https://", 1)))
        if base and not (url == base or url.startswith(base + "/")):
            found.append(_finding("link_foreign", f"Link is not under {base}: {url}", field, span,
                                  "Link to the full message page instead."))
    return found


def sms_segments(text: str, field: str) -> list[Finding]:
    info = sms_info(text)
    if cast(int, info["segments"]) <= 2:
        return []
    return [_finding("sms_segments", f"SMS is {info['segments']} segments ({info['encoding']})",
                     field, (0, len(text)),
                     "Shorten the facts; the full message page carries the rest.")]


def sms_ucs2(text: str, locale: str, field: str) -> list[Finding]:
    if not locale.startswith("en"):
        return []
    stray = non_gsm7_chars(text)
    if not stray:
        return []
    index, char = stray[0]
    fix = _GSM_REPLACEMENTS.get(char)
    more = f" ({len(stray)} such characters)" if len(stray) > 1 else ""
    return [_finding("sms_ucs2", f"{char!r} switches this SMS to UCS-2{more}",
                     field, (index, index + 1),
                     f"Replace {char!r} with {fix!r}." if fix else f"Remove {char!r}.")]


def compensation_when(facts: Mapping[str, Any], prefix: str) -> list[Finding]:
    comp = facts.get("compensation")
    if isinstance(comp, Mapping) and comp and not comp.get("when") and "policy" not in comp:
        return [_finding("compensation_when", "Compensation without a date: say when they get it",
                         f"{prefix}compensation.when", (0, 0),
                         "Add \"when\", e.g. \"2026-11-27\".")]
    return []


def no_next_update(facts: Mapping[str, Any], prefix: str) -> list[Finding]:
    if facts.get("next_update_at"):
        return []
    return [_finding("no_next_update",
                     "No next_update_at: customers should know when we write next",
                     f"{prefix}next_update_at", (0, 0),
                     "Set next_update_at, e.g. two hours from now.")]


def locale_fallback(notes: list[dict[str, Any]], field: str = "facts") -> list[Finding]:
    """One warning per group of customers whose message falls back to another language
    (``gateway.messages.context.fallback_notes``): said before sending."""
    return [_finding("locale_fallback", fallback_sentence(note), field, (0, 0),
                     f"Add facts in {language_name(note['locale'])} "
                     f"(facts keyed by locale) to write to them in their language.")
            for note in notes]


# -- required elements (over rendered output) ------------------------------

ELEMENT_LABELS = {
    "apology": "a sincere apology",
    "what_happened": "what happened (facts.what_happened)",
    "impact": "what it means for the customer (facts.impact)",
    "actions": "what we have done (facts.actions_taken)",
    "customer_actions": "what the customer can do (facts.customer_actions)",
    "compensation": "the compensation (facts.compensation)",
    "next_update": "when we will update them next",
    "contact": "how to reach a person",
    "ack_link": "the acknowledgement link",
    "message_link": "the link to the full message page",
    "survey_link": "the survey link",
    "update_message": "the update itself (update.message)",
    "contact_due": "when a person will contact them (complaint.first_contact_due)",
    "resolution": "what we did about the complaint (complaint.resolution)",
    "compensation_amount": "the amount (facts.compensation)",
    "compensation_date": "when they get it (facts.compensation.when)",
    "customer_reference": "the customer's own reference (their order, account or amount)",
}
# Customer attributes that are the customer's own reference (templates/_layouts/parts.*.j2).
REFERENCE_ATTRIBUTES = ("order_id", "account", "amount")
# A complaint's messages: acknowledgement, what we did, and the follow-up survey.
_COMPLAINT = {"complaint_ack": ("apology", "contact_due", "contact"),
              "complaint_feedback": ("apology", "resolution", "contact"),
              "complaint_survey": ("apology", "survey_link", "contact")}
_COMPLAINT_SMS = {"complaint_ack": ("apology", "contact_due"),
                  "complaint_feedback": ("apology", "resolution"),
                  "complaint_survey": ("survey_link",)}
_FULL = ("apology", "what_happened", "impact", "customer_reference", "actions",
         "customer_actions", "compensation", "next_update", "contact", "ack_link")


def required_elements(template: str, channel: str, context: Mapping[str, Any]) -> tuple[str, ...]:
    """What a message rendered from ``template`` must contain (SPEC "What a message must be")."""
    family = template.split("/", 1)[0]
    update = context.get("update")
    if family == "pages":
        return _FULL if template.startswith("pages/message.") else ("contact",)
    if family in _COMPLAINT:
        return (_COMPLAINT_SMS if channel == "sms" else _COMPLAINT)[family]
    if family == "compensation_paid":
        return ("compensation_amount", "contact")
    if family == "compensation_overdue":
        return ("apology", "compensation_amount", "compensation_date", "contact")
    if family == "survey":
        return (("survey_link", "customer_reference") if channel == "sms"
                else ("apology", "survey_link", "customer_reference", "contact"))
    if channel == "sms":
        if update:
            resolved = update.get("stage") == "resolved"
            return (("update_message", "customer_reference", "message_link")
                    + (() if resolved else ("next_update",)))
        return ("apology", "what_happened", "impact", "customer_reference", "next_update",
                "message_link")
    return _FULL + (("update_message",) if update else ())


def _contains(body: str, value: Any, html: bool) -> bool:
    if value in (None, ""):
        return False
    wanted = " ".join(str(escape(value) if html else value).split())
    return wanted in " ".join(body.split())


def customer_references(context: Mapping[str, Any]) -> list[str]:
    """The customer's own reference values (order, account, amount) that a message must name."""
    attributes = (context.get("customer") or {}).get("attributes") or {}
    return [str(attributes[k]) for k in REFERENCE_ATTRIBUTES
            if isinstance(attributes, Mapping) and attributes.get(k) not in (None, "")]


def _first_sentence_in(body: str, value: Any, html: bool) -> bool:
    return _contains(body, value, html) or _contains(body, first_sentence(value), html)


def _has_element(element: str, body: str, plain: str, html: bool, locale: str,
                 context: Mapping[str, Any], left_out: tuple[str, ...] = ()) -> bool:
    facts, links_, incident = context["facts"], context["links"], context["incident"]
    patterns = rules_for(locale).elements
    if element == "customer_reference":
        refs = customer_references(context)
        return not refs or any(_contains(body, ref, html) for ref in refs)
    # An SMS fitted into its budget (Rendered.left_out) keeps a fact's first sentence, and
    # leaves the general impact out only where the customer's own reference stands for it.
    if "general_impact" in left_out and element == "impact":
        return _has_element("customer_reference", body, plain, html, locale, context)
    if "later_sentences" in left_out and element in ("what_happened", "impact"):
        return _first_sentence_in(body, facts.get("what_happened" if element == "what_happened"
                                                  else "impact"), html)
    if "later_sentences" in left_out and element == "update_message":
        message = (context.get("update") or {}).get("message")
        return not message or _first_sentence_in(body, message, html)
    if element in ("apology", "next_update"):
        return bool(patterns[element].search(plain))
    if element == "contact":
        contact = context.get("contact") or {}
        return (any(_contains(body, contact.get(k), html) for k in ("phone", "email"))
                or bool(patterns["contact"].search(plain)))
    simple = {"what_happened": facts.get("what_happened"), "impact": facts.get("impact"),
              "actions": facts.get("actions_taken"), "message_link": links_.get("message_url"),
              "survey_link": links_.get("survey_url")}
    if element in simple:
        return _contains(body, simple[element], html)
    if element == "customer_actions":
        actions = facts.get("customer_actions") or []
        if incident.get("kind") == "data_breach" and not actions:
            return False
        return all(_contains(body, a, html) for a in actions)
    if element == "compensation":
        comp = facts.get("compensation")
        return not comp or _contains(body, comp.get("description") or comp.get("money"), html)
    comp = facts.get("compensation") or {}
    if element == "compensation_amount":
        money = comp.get("money") or (money_text(str(comp["amount"]), str(comp["currency"]), locale)
                                      if comp.get("amount") and comp.get("currency") else None)
        return _contains(body, money, html)
    if element == "compensation_date":
        zone = (context.get("customer") or {}).get("timezone") or "UTC"
        return bool(comp.get("when")) and _contains(body, day_text(str(comp["when"]), zone,
                                                                   locale), html)
    if element == "ack_link":
        return not incident.get("require_ack") or _contains(body, links_.get("ack_url"), html)
    if element == "contact_due":
        due = (context.get("complaint") or {}).get("first_contact_due")
        zone = str((context.get("customer") or {}).get("timezone") or "UTC")
        shown = (when_text(str(due), zone, locale, short) for short in (False, True))
        return due is not None and any(_contains(body, text, html) for text in shown)
    if element == "resolution":
        return _contains(body, (context.get("complaint") or {}).get("resolution"), html)
    if element == "update_message":
        message = (context.get("update") or {}).get("message")
        return not message or _contains(body, message, html)
    raise ValueError(f"unknown element {element}")


def missing_element(body: str, plain: str, field: str, html: bool, required: tuple[str, ...],
                    locale: str, context: Mapping[str, Any],
                    left_out: tuple[str, ...] = ()) -> list[Finding]:
    """One error per required element the rendered part does not carry (``left_out``:
    what a fitted SMS left out to stay within its segment budget, ``Rendered.left_out``)."""
    return [_finding("missing_element", f"Missing {ELEMENT_LABELS[e]}", field, (0, 0),
                     f"Add {ELEMENT_LABELS[e]}.")
            for e in required
            if not _has_element(e, body, plain, html, locale, context, left_out)]


TextRule = Callable[[str, str, str], list[Finding]]
# One phrase rule per category of the rules files, then the ones that read the text.
TEXT_RULES: tuple[TextRule, ...] = (
    *(partial(_phrases, code) for code in PHRASE_CATEGORIES),
    structure, reading_ease, sentence_length)


def run_rules(rules: tuple[Any, ...], text: str, locale: str, field: str) -> list[Finding]:
    """Apply ``rules``; where a structural finding and a phrase finding of one code overlap,
    keep the structural one (its suggestion is a rewrite of this sentence)."""
    built = structure(text, locale, field) if structure in rules else []
    others = [f for rule in rules if rule is not structure for f in rule(text, locale, field)]
    if locale == "en" and any(f.code == "blame_others" for f in others):
        owned = owned_spans(text)  # "because of the storm; we should have told you"
        others = [f for f in others if f.code != "blame_others" or not any(
            start <= f.span[0] < end for start, end in owned)]
    return built + [f for f in others if not any(
        b.code == f.code and b.span[0] < f.span[1] and f.span[0] < b.span[1] for b in built)]


def judged(text: str, locale: str) -> bool:
    """Whether a text rule judges the wording of ``text`` (a code of ``_JUDGED``): the learned
    check stays out of such a sentence, and its threshold is set on the others."""
    return any(f.code in _JUDGED for f in run_rules(TEXT_RULES, text, locale, "text"))


def _spared_by_context(sentence: str, locale: str, field: str) -> bool:
    """A sentence the rules flag alone but spared in its text (in "我们出了错。您的预订被取消了。"
    the first sentence owns the fault): the learned check, which reads one sentence at a
    time, does not second-guess that. Reading ease is not asked: its finding is none of
    ``_JUDGED`` and takes no other away."""
    return any(f.code in _JUDGED for f in run_rules(_SPARING_RULES, sentence, locale, field))


_SPARING_RULES = tuple(rule for rule in TEXT_RULES if rule is not reading_ease)


def _overlaps(spans: list[tuple[int, int]]) -> Callable[[int, int], bool]:
    """``overlaps(start, end)``: whether some span ``(s, e)`` of ``spans`` has ``s < end`` and
    ``start < e``, by one bisection (spans sorted by start, the largest end up to each)
    instead of a pass over every span for every sentence."""
    spans = sorted(spans)
    starts = [s for s, _ in spans]
    reach, top = [], -1
    for _, e in spans:
        top = max(top, e)
        reach.append(top)

    def overlaps(start: int, end: int) -> bool:
        i = bisect_left(starts, end)  # the spans that start before ``end``
        return i > 0 and reach[i - 1] > start

    return overlaps


def learned(text: str, locale: str, field: str, found: list[Finding]) -> list[Finding]:
    """The learned check on each sentence no rule judged (``learned.py``): a warning with
    the kind the sentence reads like and what to do about it. Free text only: a rendered
    message is a reviewed template around facts that were linted when they came in."""
    model = model_check.model(locale)
    if model is None:
        return []
    judged = _overlaps([f.span for f in found if f.code in _JUDGED])
    # a link's dots end no sentence; a link or an e-mail address says nothing of how it reads
    # (no "@" and no "://": neither can be there, and the pattern need not try every word)
    words = _ADDRESS.sub(lambda m: " " * len(m.group(0)), text) if (
        "@" in text or "://" in text) else text
    out = []
    for (start, end), (before, after) in model_check.sentences_in_context(words, locale):
        if judged(start, end) or not _in_language(
                words[start:end], locale):
            continue
        # whether it reads bad, then its neighbourhood, and only then which kind (scoring the
        # kinds costs more than the neighbourhood's score, and most neighbourhoods read good):
        # the finding is the same as asking for the kind first, each question being pure
        if not model_check.reads_bad_at_all(model, words[start:end]) or (
                (before, after) != (start, end) and not model_check.reads_bad_at_all(
                    model, words[before:after])):
            continue
        kind = model_check.reads_bad(model, words[start:end])
        if kind is not None and locale.startswith("zh") and guess_answered(
                kind, text, start, end):
            continue
        if kind == "passive_evasion" and locale == "en":
            if remedy_only(text[start:end]):
                continue  # "All services have been restored": a passive the rule read as a remedy
        if kind in RULES and not _spared_by_context(text[start:end], locale, field):
            out.append(Finding(kind, "warning", f"{RULES[kind].reason}: no rule matched, but "
                               "the sentence reads like those that do (learned check)", field,
                               (start, end), model_check.ADVICE[locale].get(kind)))
    return out

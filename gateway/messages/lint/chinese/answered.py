"""What the rule of a kind the learned check guesses already answered in a zh-CN sentence
(``checks.learned``): the guess is dropped there, as the rule would have passed it."""

from __future__ import annotations

import re
from functools import cache

from gateway.messages.lint.abbreviations import abbreviations
from gateway.messages.lint.chinese.apology import owned_apology
from gateway.messages.lint.chinese.blame import negative
from gateway.messages.lint.chinese.segment import (
    alternatives,
    lexicon,
    neighbours,
    our_fault,
    segment,
)

_LATIN_TOKEN = re.compile(r"(?<![A-Za-z])[A-Za-z]{2,}(?![A-Za-z])")
# a fault a guess may lay on someone: our own fault said next to it answers it
_OWNABLE = frozenset({"blame_others", "blame_customer", "passive_evasion"})


# a request to get ready ahead of an event we announce: "请您提前做好相应安排"
_PREPARE_AHEAD = re.compile(r"\s*请(?:您|你|大家)?[^。；]{0,12}?提前(?:做好|安排|准备)")
# the customer's own lapse said all the same: "您没有提前…", "下次请您提前…"
_YOU_FAILED = re.compile(r"(?:您|你)(?:没|未|忘)|下次|以后|再次|了")


# a shrug said as no harm done: "不影响", "没耽误" (the lexicon's ``shrugs``: "只", "整体")
_NO_HARM_DONE = r"(?:不|没|未)(?:会)?(?:影响|耽误)"


@cache
def _shortfall_and_shrug() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A failing of ours admitted ("未能及时发现", "沟通也不够及时透明", "没有做好"), and a
    shrug that makes the harm small ("只晚了五分钟", "不影响", "整体效果还是很好的")."""
    words = lexicon()
    return (re.compile(alternatives(words["shortfalls"])),
            re.compile(alternatives(words["shrugs"]) + "|" + _NO_HARM_DONE))


def guess_answered(kind: str, text: str, start: int, end: int) -> bool:
    """What the rule of the guessed kind already answered (zh-CN): a blame or a passive in a
    message that names our own fault in that sentence or the next ("…。这是我们没确认地址，
    是我们的错。"), or an abbreviation where every Latin token of the sentence is an
    everyday one or explained next to it ("OTA升级，也就是通过网络远程更新系统")."""
    if kind == "blame_customer" and _PREPARE_AHEAD.match(text, start, end) and not (
            _YOU_FAILED.search(text, start, end)):
        return True  # "请您提前做好交易安排": readying them for what we announced, no fault said
    shortfall, shrug = _shortfall_and_shrug()
    if kind == "minimising" and shortfall.search(text, start, end) and not (
            shrug.search(text, start, end)):
        return True  # "未能及时发现的漏洞影响了比赛，…沟通也不够及时透明": our failings owned
    if kind == "vague" and _done_plainly(text[start:end]):
        return True  # "公司已安排换机执飞后续航班": acts done, told, nothing left pending
    if kind in _OWNABLE:
        sentence = text[start:end]
        if kind == "blame_others" and _planned(sentence):
            return True  # "电力公司的人周三来装电表": a party's plan with a time, no failure
        return our_fault(sentence) or our_fault(neighbours(text, start, sentence)[1])
    if kind == "officialese":
        # "我们深刻认识到管理责任的缺漏，并向所有消费者致以最诚挚的歉意": the formal words carry
        # an apology for a fault named as ours, as the non-apology rule reads it
        return owned_apology(text, start, text[start:end])
    if kind == "non_apology":
        sentence = text[start:end]  # "…是我们的失误，我们深表歉意", "官方负有不可推卸的责任"
        return owned_apology(text, start, sentence) or our_fault(sentence)
    if kind == "abbreviation":
        sentence = text[start:end]
        return bool(_LATIN_TOKEN.search(sentence)) and not abbreviations(sentence, "zh-CN")
    return False


def _done_plainly(sentence: str) -> bool:
    """A sentence that tells acts already done (已/已经 + a verb) and leaves nothing pending
    or unnamed (the lexicon's ``pending``: a modal, 正在/在 of an act under way, 相关/一些/
    进一步/跟进): a report, not a promise of progress. (在 before a place is a preposition:
    "在候机楼休息".)"""
    tokens = segment(sentence)
    if not any(w in ("已", "已经") and tokens[i + 1][1][:1] == "v"
               for i, (w, _) in enumerate(tokens[:-1])):
        return False
    words = lexicon()
    if any(v in sentence for v in words["vague_states"]):
        return False
    return not any(
        (w in words["pending"] or w in words["vague_times"]) and not (
            # a preposition before a place ("在候机楼休息"), 后续 before a noun ("后续航班")
            w in ("在", "后续") and i + 1 < len(tokens) and tokens[i + 1][1][:1] in "ns"
            and (w == "在") == (f == "p"))
        for i, (w, f) in enumerate(tokens)
    )


def _planned(sentence: str) -> bool:
    """A sentence that tells a plan: a time, no finished act (了) and no failure word."""
    if "了" in sentence:
        return False
    return bool(lexicon()["has_anchor"].search(sentence)) and not negative(sentence)

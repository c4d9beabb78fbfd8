"""Jargon by the shape of a trade's operation, not by a list of its words.

A customer hears what happened and what we will do; a trade names its own procedures.
Three general shapes of that register, each measured on every development set but dev-20
and dev-heldout20 (corpus README, "Nineteenth round, jargon"):

- a thing said to "trigger" (触发) a state: automatic machinery's own verb ("触发了孤岛保护",
  "触发超售兜底策略");
- a second pass named as a term (二次 + a verb or noun: "二次植锡", "二次熏蒸"; not 第二次);
- a procedure named as its own noun after 做/进行/走/进入/转入, ending in 处理/操作/流程
  ("做压货处理", "进行复位操作", "转入逆向物流流程"; not "做任何操作", "走银行流程"), or what
  a thing needs said as one operation ("需要做一次整管调平");
- a part of the machinery named by its head noun after a term of two characters or more
  (策略, 系数, 指数, 阈值, 模块, 引擎, 倍率, 控制器: "码率自适应策略", "供需系数", "锁控模块"),
  as English names "the adjudication queue" (``english/labels.py``);
- a fault told as a measure's reading: a noun out of its limits (超标/超限/失调/衰减: "浊度超标",
  "通量衰减"), or a noun phrase of two nouns too high or low (偏高/偏低/过高/过低/过大: "溢价倍率
  偏高", "烤枪温度过高"; not "血糖偏高", "甲醛还是偏高"): the trade's gauge, not what the customer
  sees.

Each finding's rewrite keeps the sentence and asks for the term in everyday words.
"""

from __future__ import annotations

import re

from gateway.messages.lint.chinese.segment import bare, lexicon, segment
from gateway.messages.lint.findings import Hit

_HEADS = "策略|系数|指数|阈值|模块|引擎|倍率|控制器"
_OUT_OF_LIMITS = "超标|超限|失调|衰减"
_TOO_HIGH = "偏高|偏低|过高|过低|过大"
_GATE = re.compile(rf"{_OUT_OF_LIMITS}|{_TOO_HIGH}|触发|二次|处理|操作|流程|做一次|做一下|做一轮"
                   rf"|进行一次|进行一下|{_HEADS}")
_MACHINE_PART = re.compile(rf"[\u4e00-\u9fff]{{2}}(?:{_HEADS})")
_TRIGGERED = re.compile(r"触发(?:了)?([\u4e00-\u9fff]{2,8})")
_SECOND_PASS = re.compile(r"(?<![第一])二次([\u4e00-\u9fff]{2})")
_NAMED_STEP = re.compile(
    r"(?:做|进行|走|进入|转入|转到)(?:了)?(?:一次|一下|一轮|个)?"
    r"(?!任何|一|第|这|那|完|好|银行|相关|后续|必要)([\u4e00-\u9fff]{2,6}?)(?:处理|操作|流程)")
_ONE_OPERATION = re.compile(
    r"(?:需要|需|得|要)(?:先|再)?(?:做|进行)(?:一次|一下|一轮)([\u4e00-\u9fff]{2,6}?)(?=[，。；！？,;!?]|$)")


_READING = re.compile(rf"(?:{_OUT_OF_LIMITS}|{_TOO_HIGH})")


def _reading(sentence: str) -> tuple[int, str] | None:
    """Where a measure's reading is the fault: the noun (phrase) before the predicate."""
    for m in _READING.finditer(sentence):
        tokens = segment(sentence[: m.start()])
        nouns: list[str] = []
        for k in range(len(tokens) - 1, -1, -1):
            word, tag = tokens[k]
            if tag[:1] != "n" or tag in ("nr", "ns", "nt") or len(word) < 2 and not nouns:
                break
            if len(word) == 1 and k and tokens[k - 1][0][-1:].isdigit():
                break  # "明早6时水压偏低": 时 after a figure is the time's unit, not a noun
            nouns.insert(0, word)
        if not nouns or (m.group(0) in _TOO_HIGH and len(nouns) < 2):
            continue
        term = "".join(nouns) + m.group(0)
        return m.start() - len("".join(nouns)), term
    return None


def named_procedures(start: int, sentence: str) -> list[Hit]:
    """One finding per sentence that names a trade's procedure (see the module)."""
    if not _GATE.search(sentence):
        return []
    for pattern in (_TRIGGERED, _SECOND_PASS, _NAMED_STEP, _ONE_OPERATION, _MACHINE_PART):
        m = pattern.search(sentence)
        if m:
            break
    else:
        reading = _reading(sentence) if _READING.search(sentence) else None
        if reading is None:
            return []
        at, term = reading
        plain = bare(sentence).replace(term, f"（用日常的话说“{term}”对您有什么影响）", 1)
        return [Hit(
            "jargon", (start + at, start + at + len(term)),
            f"“{term}”是行内的读数，客户看不懂",
            f"用日常用语说客户看到了什么、我们要做什么：“{plain}。”",
        )]
    term = m.group(0) if pattern is not _NAMED_STEP and pattern is not _ONE_OPERATION else (
        m.group(1))
    if pattern in (_NAMED_STEP, _ONE_OPERATION) and any(tag == "c" for _, tag in segment(term)):
        return []  # "进行检测以及退款操作": two everyday acts listed, not one procedure's name
    if pattern is _NAMED_STEP and (
        (last := segment(term)[-1][0]) in lexicon()["good_acts"] or last in lexicon()["plain_acts"]
    ):
        return []  # "进行自动退款处理", "进行调查处理": named by an act the customer knows
    at = m.start(1) if pattern in (_NAMED_STEP, _ONE_OPERATION) else m.start()
    plain = bare(sentence).replace(term, f"（用日常的话说“{term}”是什么）", 1)
    return [Hit(
        "jargon", (start + at, start + at + len(term)),
        f"“{term}”是行内说法，客户听不懂",
        f"用日常用语说客户看到了什么、我们要做什么：“{plain}。”",
    )]

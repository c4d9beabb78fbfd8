"""Shapes of the ninth round, on the cause of what went wrong: a force or party that "left us
no choice" ("连日暴雨把路冲坏了，您的租车只能推迟"), blame put mid-clause ("…要怪我们的线路
合作方"), and a reason named without saying what it was ("因一些特殊情况", "因故")."""

from __future__ import annotations

import re

from gateway.messages.lint.chinese.blame import _actor_in, _negative
from gateway.messages.lint.chinese.segment import bare, clauses, segment
from gateway.messages.lint.findings import Hit, clause_hit

# what we were then left to do or the customer to bear: "…，您的租车只能推迟两天"
_NO_CHOICE = re.compile(r"只能|只好|只得|不得不|被迫|没办法只能")
# a result complement of force: "冲坏", "吹倒", "压断", "淹了", "堵死"
_FORCE = re.compile(r"[坏倒断塌毁烂停死住穿裂破]|淹|堵|冻|烧")
# the blamed party as the object of 怪 mid-clause: "视频卡顿要怪我们的线路合作方"
_BLAME_VERB = re.compile(
    r"(?<=[\w])(?:主要|其实|还是|只能|只好|就|都|全|还得|得|要|该|应该)?"
    r"(?<![难奇古作见责不别莫错])怪(?!不得|罪|物|异|事|兽|我们(?!的))(?:在)?"
    r"([^，。；]{2,14})"
)
# a reason with nothing said about it: "因一些特殊情况", "由于种种原因", "因故"
_NO_REASON = re.compile(
    r"(?:因为|由于|因|出于|鉴于)(?:一些|某些|种种|特殊|个别|其他|其它|诸多|多种|各种|客观|内部|技术|不可抗力?的?|临时|突发)+"
    r"的?(?:原因|情况|状况|因素|事由|缘故|变故|问题)|因故|因事"
)
_GATE = re.compile("只能|只好|只得|不得不|被迫|怪|因|由于|出于|鉴于")


def causes(start: int, sentence: str) -> list[Hit]:
    """Every ninth-round cause shape in ``sentence`` (one finding per shape at most)."""
    if not _GATE.search(sentence):
        return []
    hits: list[Hit] = []
    parts = list(clauses(sentence, start))
    if _NO_CHOICE.search(sentence):
        hits += _forced(parts, sentence)
    if "怪" in sentence:
        hits += _blamed(start, sentence)
    if m := _NO_REASON.search(sentence):
        said = bare(sentence)
        glue = "" if said[m.end() : m.end() + 1] in ("，", ",", "") else "，"
        said = said.replace(m.group(0), f"因为（写出具体原因：什么坏了、谁做的决定）{glue}", 1)
        hits.append(Hit(
            "vague", (start + m.start(), start + m.end()),
            f"“{m.group(0)}”：没说是什么原因",
            f"{said}。我们会在（写出时间）前（写出补救）。",
        ))
    return hits


def _subject(clause: str) -> str:
    """The words before the clause's first verb or preposition (jieba's tags)."""
    out = ""
    for word, flag in segment(clause.strip()):
        if flag[:1] in "vp" or word in ("把", "让", "使"):
            break
        out += word
    return out


def _forced(parts: list[tuple[int, str]], sentence: str) -> list[Hit]:
    """A cause that is neither us nor the customer, then "只能…": the force or party is
    said to have left no choice."""
    for n, (at, clause) in enumerate(parts[:-1]):
        follow = "，".join(c.strip() for _, c in parts[n + 1 :])
        if not _NO_CHOICE.search(parts[n + 1][1]) or re.search(
            r"我|您|你|本公司|如果|若|万一|一旦|为了|为", clause
        ):
            continue
        subject = _subject(clause)
        if not subject or not any(f[:1] == "n" for _, f in segment(subject)):
            continue
        rest = clause.strip()[len(subject) :]
        ba = rest.startswith("把") and bool(_FORCE.search(rest))
        if not (ba or _negative(rest) or _actor_in(clause)):
            continue
        after = _NO_CHOICE.sub("", follow, count=1).strip("，, ")
        return clause_hit(
            "blame_others", at, clause,
            f"“{clause.strip()}”：说成别无选择，原因在别处",
            f"{after}。我们本该提前想到{subject}的影响，这是我们的事："
            "我们会（写出补救和时间）。",
        )
    return []


def _blamed(start: int, sentence: str) -> list[Hit]:
    m = _BLAME_VERB.search(sentence)
    if m is None:
        return []
    who = m.group(1)
    if re.match(r"(?:我们|我司|本公司)的", who):
        found = _actor_in(who.split("的", 1)[1])
        if found is None:
            return []  # "都怪我们的排班": ours, owned
        who = found.group(0)
    elif re.match(r"我|您|你|自己|谁|别人|他人|不", who) or not any(
        f[:1] == "n" for _, f in segment(who)
    ):
        return []
    what = re.sub(r"[，, ]+$", "", bare(sentence)[: m.start()])
    return [Hit(
        "blame_others", (start + m.start(), start + m.end()),
        f"“{m.group(0)}”：把原因推给别人",
        f"{what or '这件事'}是我们的问题：{who}是我们选的，由我们负责。"
        "我们会（写出补救和时间）。",
    )]

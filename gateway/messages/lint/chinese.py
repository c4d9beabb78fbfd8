"""Structural checks for Chinese on jieba's segmentation and part-of-speech tags.

Substring lists match "快递" inside "快递员" and miss "都是银行处理太慢". Here
each clause is segmented (jieba, dictionary shipped in the wheel), and the
checks look at words and their order: a third party followed by a negative
predicate, a customer followed by a negator, stock officialese measured
against a lexicon. Only clauses that contain a lexicon word are segmented,
which keeps a 2,000-character message fast. Word lists: ``rules/zh-CN.yaml``
(``structure``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import Any

from gateway.messages.lint.english import Hit, abbreviations
from gateway.messages.lint.phrases import rules_for

_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]*")
_CLAUSE = re.compile(r"[^，,：:。！？!?；;\n]+")
_CAUSE = ("由于", "因为", "因", "受", "都是", "全是", "怪")


def _any(words: set[str]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


@cache
def _words() -> dict[str, Any]:
    """Word lists, plus cheap patterns that decide which clauses are worth segmenting."""
    structure = rules_for("zh-CN").raw.get("structure") or {}
    words: dict[str, Any] = {k: set(v) for k, v in structure.items() if isinstance(v, list)}
    words["has_actor"] = _any(words["actors"] | words["actor_suffixes"])
    words["has_customer"] = _any(words["customers"])
    words["has_blame"] = _any(
        words["customer_negators"] | words["counterfactual"] | {"由于", "因为", "因", "是", "才"}
    )
    words["has_strong"] = _any(words["officialese_strong"])
    words["has_weak"] = _any(words["officialese_weak"])
    words["has_effort"] = _any(words["effort_verbs"] | words["vague_times"])
    words["has_small"] = _any(words["small"] | words["diminishers"] | words["majority"])
    words["has_generic"] = _any(words["generic_harm"])
    words["has_apology"] = _any(words["apology_context"])
    return words


@cache
def _jieba() -> Any:
    import jieba  # dictionary load ~1 s once per process; only processes that lint
    import jieba.posseg

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba.posseg


@lru_cache(maxsize=2048)
def segment(clause: str) -> tuple[tuple[str, str], ...]:
    """(word, part-of-speech) pairs; dictionary only (no HMM guessing: faster, steadier)."""
    return tuple((p.word, p.flag) for p in _jieba().lcut(clause, HMM=False))


def _clauses(sentence: str, offset: int) -> Iterator[tuple[int, str]]:
    for m in _CLAUSE.finditer(sentence):
        if m.group(0).strip():
            yield offset + m.start(), m.group(0)


def _is_actor(word: str, flag: str) -> bool:
    words = _words()
    return (
        word in words["actors"]
        or flag == "nt"
        or (len(word) > 2 and any(word.endswith(s) for s in words["actor_suffixes"]))
    )


def _third_party(text: str, start: int, sentence: str) -> list[Hit]:
    words = _words()
    clauses = list(_clauses(sentence, start))
    for n, (at, clause) in enumerate(clauses):
        if not words["has_actor"].search(clause):
            continue
        tokens = segment(clause)
        seen_we = False
        for i, (word, flag) in enumerate(tokens):
            if word in ("我们", "我司", "本公司", "我") and tokens[i + 1 : i + 2] != (
                ("的", "uj"),
            ):
                seen_we = True
            pair = word + (tokens[i + 1][0] if i + 1 < len(tokens) else "")
            if not (_is_actor(word, flag) or pair in words["actors"]) or seen_we:
                continue
            if any(w in ("不是", "而不是", "并非", "不怪") for w, _ in tokens[max(0, i - 2) : i]):
                continue  # "不是快递的错": clears the third party
            rest_words = [w for w, _ in tokens[i + 1 :]]
            follow = [w for w, _ in segment(clauses[n + 1][1])] if n + 1 < len(clauses) else []
            negative = any(
                w in words["negative"] or w.startswith(("不", "没", "未")) for w in rest_words
            )
            caused = clause.startswith(_CAUSE) and any(w in ("导致", "造成") for w in follow)
            if not (negative or caused):
                continue
            end = at + len(clause)
            return [
                Hit(
                    "blame_others",
                    (at, end),
                    f'"{word}" is the subject',
                    _third_party_rewrite(sentence, clause, tokens, i),
                )
            ]
    return []


def _third_party_rewrite(
    sentence: str, clause: str, tokens: tuple[tuple[str, str], ...], actor_at: int
) -> str:
    """Put 我们 where the third party stands, or drop a "由于…原因" clause, and own it."""
    stripped = sentence.strip().rstrip("。！？!?；;")
    if clause.startswith(_CAUSE[:4]) and clause.rstrip().endswith(("原因", "问题", "影响", "所致")):
        rest = stripped.replace(clause, "", 1).lstrip("，,、 ")
        return f"{rest}。这是我们的错。" if rest else "这是我们的错。"
    prefix = "".join(w for w, _ in tokens[: actor_at + 1])
    ours = clause.replace(prefix, "我们", 1)
    ours = ours.replace("让我们", "让您").replace("我们我们", "我们")
    return f"{stripped.replace(clause, ours, 1)}。这是我们的错。"


def _customer_blame(text: str, start: int, sentence: str) -> list[Hit]:
    words = _words()
    requests = ("请", "告诉我们", "联系我们", "回复")
    for at, clause in _clauses(sentence, start):
        if not (words["has_customer"].search(clause) and words["has_blame"].search(clause)):
            continue
        tokens = segment(clause)
        lows = [w for w, _ in tokens]
        conditional = clause.startswith(("如果", "若", "如", "假如", "要是"))
        if (
            conditional
            and not any(w in words["counterfactual"] for w in lows)
            and any(r in sentence for r in requests)
        ):
            continue  # "如果您还没收到，请回复": an offer of help, not blame
        for i, word in enumerate(lows):
            if word not in words["customers"] or lows[i + 1 : i + 2] == ["的"]:
                continue  # "您的卡号没有泄露": the customer's thing, not the customer
            after = lows[i + 1 : i + 5]
            before = lows[max(0, i - 6) : i]
            cause = i and lows[i - 1] in ("由于", "因为", "因", "是")
            neglect = next(
                (
                    w
                    for k, w in enumerate(after)
                    if w in words["customer_negators"]
                    and not set(after[k + 1 : k + 3]) & {"受到", "受", "被", "遇到", "收到"}
                ),
                None,
            )
            relative = "的" in before and any(w in words["customer_negators"] for w in before)
            blame = (
                cause
                or neglect
                or relative
                or (conditional and any(w in words["counterfactual"] for w in lows))
                or ("才" in lows[i:] and any(w in ("导致", "造成", "会") for w in lows[i:]))
            )
            if blame:
                return [
                    Hit(
                        "blame_customer",
                        (at, at + len(clause)),
                        f"“{clause.strip()}”",
                        _customer_rewrite(clause, tokens, i, neglect),
                    )
                ]
    return []


def _customer_rewrite(
    clause: str, tokens: tuple[tuple[str, str], ...], at: int, neglect: str | None
) -> str:
    if neglect in ("忽略", "忽视", "忘记", "忘了"):
        k = [w for w, _ in tokens].index(neglect)
        thing = "".join(w for w, _ in tokens[k + 1 :]).lstrip("了")
        return (
            f"我们的{thing.replace('我们的', '')}不够醒目，这是我们的问题。"
            if thing
            else "这是我们的问题。"
        )
    if neglect:
        k = [w for w, _ in tokens].index(neglect)
        thing = "".join(w for w, _ in tokens[k + 1 :])
        return f"我们没有提醒您{thing}，这是我们的问题。"
    return "不要责怪客户：“这不是您的错，是我们没有做好。”"


def _officialese(text: str, start: int, sentence: str) -> list[Hit]:
    words = _words()
    if not words["has_strong"].search(sentence) and len(words["has_weak"].findall(sentence)) < 2:
        return []
    tokens = [w for at, clause in _clauses(sentence, start) for w, _ in segment(clause)]
    grams = {"".join(tokens[i : i + n]) for n in (1, 2, 3) for i in range(len(tokens))}
    strong = sorted(grams & words["officialese_strong"], key=sentence.find)
    weak = sorted(grams & words["officialese_weak"], key=sentence.find)
    if not strong and len(weak) < 2:
        return []
    stock = (strong + weak)[:3]
    first = min(sentence.find(w) for w in stock)
    quoted = "“" + "”“".join(stock) + "”"
    return [
        Hit(
            "officialese",
            (start + first, start + len(sentence.rstrip())),
            quoted,
            f"不用{quoted}这类套话，直接说做了什么、谁做、什么时候，"
            "例如：“我们已在付款前加了一道检查，同一笔钱不会再扣两次。”",
        )
    ]


def check(text: str) -> list[Hit]:
    """Every structural finding in ``text`` (zh-CN); spans index into ``text``."""
    hits: list[Hit] = []
    for m in _SENTENCE.finditer(text):
        sentence, start = m.group(0), m.start()
        hits += _third_party(text, start, sentence) + _customer_blame(text, start, sentence)
        hits += _officialese(text, start, sentence) + _passive(text, start, sentence)
        hits += _vague(text, start, sentence) + _minimising(text, start, sentence)
        hits += _generic_apology(text, start, sentence)
    return hits + abbreviations(text, "zh-CN")


def _passive(text: str, start: int, sentence: str) -> list[Hit]:
    """ "被" straight before a verb, with no agent: "您的订单被取消了" hides who cancelled it."""
    if "被" not in sentence:
        return []
    for at, clause in _clauses(sentence, start):
        if "被" not in clause:
            continue
        tokens = segment(clause)
        for i, (word, _) in enumerate(tokens):
            if word != "被" or i + 1 >= len(tokens):
                continue
            before = "".join(w for w, _ in tokens[:i])
            if not before or before.endswith(("没有", "没", "未", "不", "不会")):
                return []  # "没有被登录": nothing happened
            if tokens[i - 1][1][:1] not in ("n", "r", "d") or before.startswith(("我们", "我")):
                return []  # "我们知道被多扣钱…": no subject of its own before 被
            nxt, flag = tokens[i + 1]
            if nxt in ("看到", "看见", "听到"):
                return []  # seen by someone unknown: no mistake of ours hidden
            if flag[:1] in ("n", "r") and flag != "nz":
                return []  # an agent: "被您的银行冻结"
            subject = before.rstrip("已经").rstrip("已")
            rest = "".join(w for w, _ in tokens[i + 1 :])
            rewrite = f"我们把{subject}{rest}" + ("" if rest.endswith("了") else "了")
            return [
                Hit(
                    "passive_evasion",
                    (at, at + len(clause)),
                    "“被”字句没有说是谁做的",
                    f"{rewrite}。",
                )
            ]
    return []


def _vague(text: str, start: int, sentence: str) -> list[Hit]:
    """An effort verb ("正在处理", "会尽快答复") with no time, day or number in the text."""
    words = _words()
    if not words["has_effort"].search(sentence):
        return []
    if any(c.isdigit() for c in text) or any(a in text for a in words["anchors"] | words["honest"]):
        return []  # the text says when, or says honestly that there is no news yet
    tokens = [w for _, clause in _clauses(sentence, start) for w, _ in segment(clause)]
    promised = any(
        w in words["effort_markers"] and set(tokens[i + 1 : i + 4]) & words["effort_verbs"]
        for i, w in enumerate(tokens)
    ) or bool(set(tokens) & words["vague_times"])  # "正在处理", "近期恢复"; not "已修复，正在留意"
    if promised:
        said = sentence.strip().rstrip("。！？!?；;")
        return [
            Hit(
                "vague",
                (start, start + len(sentence.rstrip())),
                "没有时间、日期或负责人的承诺",
                f"{said}，今天下午4点前我们会再告诉您进展。",
            )
        ]
    return []


def _minimising(text: str, start: int, sentence: str) -> list[Hit]:
    """Shrinking words ("不长", "一小部分", "大多数…没有察觉") on segmented text."""
    words = _words()
    if not words["has_small"].search(sentence):
        return []
    tokens = [w for _, clause in _clauses(sentence, start) for w, _ in segment(clause)]
    grams = {"".join(tokens[i : i + n]) for n in (1, 2) for i in range(len(tokens))}
    small = sorted(grams & words["small"], key=sentence.find)
    harm = any(h in sentence for h in words["harm"])  # "只需一分钟" on a survey shrinks no harm
    if (
        not small
        and harm
        and set(tokens) & words["diminishers"]
        and any(w.startswith(("一", "少", "几", "短")) for w in tokens)
    ):
        small = sorted(set(tokens) & words["diminishers"], key=sentence.find)
    if (
        not small
        and harm
        and set(tokens) & words["majority"]
        and any(w in ("没有", "没", "未") for w in tokens)
    ):
        small = sorted(set(tokens) & words["majority"], key=sentence.find)
    if not small:
        return []
    first = sentence.find(small[0])
    return [
        Hit(
            "minimising",
            (start + first, start + first + len(small[0])),
            f"淡化问题：“{small[0]}”",
            "不要淡化，给出确切的数字或时长，例如：“网站从10:03到10:15打不开，一共12分钟。”",
        )
    ]


def _generic_apology(text: str, start: int, sentence: str) -> list[Hit]:
    """An apology only for "不便/麻烦", naming nothing that happened to the customer."""
    words = _words()
    if not (words["has_generic"].search(sentence) and words["has_apology"].search(sentence)):
        return []
    tokens = [w for _, clause in _clauses(sentence, start) for w, _ in segment(clause)]
    if set(tokens) & words["generic_harm"] and any(c in sentence for c in words["apology_context"]):
        harm = next(w for w in tokens if w in words["generic_harm"])
        first = sentence.find(harm)
        return [
            Hit(
                "non_apology",
                (start + first, start + first + len(harm)),
                f"笼统的道歉：只说“{harm}”",
                "直接说“我们很抱歉”，再说清楚对方遇到了什么，例如：“我们很抱歉，您的包裹要周四才到。”",
            )
        ]
    return []

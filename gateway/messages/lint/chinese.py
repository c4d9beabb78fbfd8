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
_CLAUSE = re.compile(r"[^，,、：:。！？!?；;\n]+")
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
                    f'Blames a third party: "{word}"',
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
                        "Blames the customer",
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
            f"Officialese (套话): {quoted}",
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
        hits += _officialese(text, start, sentence)
    return hits + abbreviations(text, "zh-CN")

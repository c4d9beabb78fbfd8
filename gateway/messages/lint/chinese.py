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
_CAUSE = ("由于", "因为", "因", "受", "都是", "全是", "怪", "都怪", "全怪", "是")


def _any(words: set[str]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


@cache
def _words() -> dict[str, Any]:
    """Word lists, plus cheap patterns that decide which clauses are worth segmenting."""
    structure = rules_for("zh-CN").raw.get("structure") or {}
    words: dict[str, Any] = {k: set(v) for k, v in structure.items() if isinstance(v, list)}
    words["has_actor"] = _any(
        words["actors"] | words["actor_suffixes"] | words["actor_heads"] | words["actor_prefixes"]
    )

    def alt(items: set[str]) -> str:
        return "|".join(map(re.escape, sorted(items, key=len, reverse=True)))

    # a modifier character: a CJK word character, but not a function word or "我们/您"
    function_chars = (
        "是都怪由于因为的了在把被我们您和与及对向给让从将就才也还很太最已又再这那此该其"
    )
    mod = rf"[^\W\d_A-Za-z{function_chars}]"
    heads = alt(words["actor_heads"] - {"方"}) + r"|方(?![面式法案便向针])"
    words["actor_span"] = re.compile(
        rf"(?:{alt(words['actor_prefixes'])}){mod}{{0,3}}?(?:{alt(words['partner_nouns'])}|{heads})"
        rf"|{mod}{{1,4}}(?:{heads})"
        rf"|{alt(words['actors'])}"
    )
    words["has_negative"] = _any({w for w in words["negative"] if len(w) > 1})
    words["has_customer"] = _any(words["customers"])
    words["has_blame"] = _any(
        words["customer_negators"] | words["counterfactual"] | {"由于", "因为", "因", "是", "才"}
    )
    words["has_strong"] = _any(words["officialese_strong"])
    words["has_weak"] = _any(words["officialese_weak"])
    words["has_loss"] = _any(words["loss"])
    words["has_effort"] = _any(words["effort_verbs"] | words["vague_times"] | words["vague_states"])
    words["has_small"] = _any(
        words["small"] | words["diminishers"] | words["majority"] | words["small_adjectives"]
    )
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
        or (flag == "nt" and word.endswith(tuple(words["actor_heads"])))
        or (len(word) > 2 and any(word.endswith(s) for s in words["actor_suffixes"]))
    )


_OURS = ("我们", "我司", "本公司", "我方", "我")
_OWNING = ("是我们", "我们的错", "我们的责任", "我们的问题", "我们选的", "由我们")


def _negative(rest: str) -> bool:
    """A failure or negative predicate in ``rest``: a lexicon word inside any token
    ("人手不足"), a negator or a "mis-" verb at the start of one ("没发出", "误删"),
    a wrong result ("关错", "发了两次")."""
    words = _words()
    if words["has_negative"].search(rest):
        return True
    return any(
        w in words["negative"]
        or w.startswith(("不", "没", "未", "误", "错", "漏", "停", "超"))
        or "错" in w
        for w, _ in segment(rest)
    )


def _did(rest: str) -> bool:
    """A finished act ("…了", "…过") that is not a good-news or future one."""
    words = _words()
    tokens = [w for w, _ in segment(rest)]
    if not any(w in ("了", "过") or w.endswith("了") for w in tokens):
        return False
    if set(tokens) & {"会", "将", "可能", "需要", "一般", "会把"}:
        return False  # "您的银行可能会…": what they may do, not what they did
    return not any(g in rest for g in words["good_acts"])


def _actor_in(clause: str) -> re.Match[str] | None:
    """The first third party in ``clause`` that is not ours ("我们的团队") and not cleared
    ("不是快递的错"): a lexicon role noun, a compound with a role head ("机房运营方",
    "短信通道商", "酒店预订平台"), or a partner prefix + noun ("合作酒店", "外包团队")."""
    words = _words()
    spans = list(words["actor_span"].finditer(clause))
    spans += [
        m
        for word, flag in segment(clause)
        if flag == "nt" and _is_actor(word, flag)
        for m in re.finditer(re.escape(word), clause)
    ]
    for m in sorted(spans, key=lambda m: m.start()):
        before = clause[: m.start()]
        if any(before.endswith(p) for p in ("我们的", "我的", "您的", "自己的", "本")) and (
            not any(m.group(0).endswith(a) for a in words["actors"] if len(a) > 1)
            and not m.group(0).startswith(tuple(words["actor_prefixes"]))
        ):
            continue  # "我们的平台": ours
        if re.search(r"(?:我们|我司|本公司|我方)(?!的)", before) or before.endswith(
            ("不是", "并非", "不怪", "而非")
        ):
            continue  # "我们已请快递员…", "不是快递的错"
        if m.group(0) not in words["not_actors"] and not clause[m.end() :].startswith(
            ("卡", "账户", "账号", "APP", "App", "app")
        ):
            return m  # not "银行卡号"
    return None


def _third_party(text: str, start: int, sentence: str) -> list[Hit]:
    """A third party followed by a negative predicate, in its clause or the next one
    ("银行系统升级，导致扣款失败"), or named as the cause ("由于快递方面的原因")."""
    words = _words()
    clauses = list(_clauses(sentence, start))
    for n, (at, clause) in enumerate(clauses):
        if not words["has_actor"].search(clause):
            continue
        m = _actor_in(clause)
        if m is None:
            continue
        rest = clause[m.end() :]
        if re.search(r"不需要|无需|不用|不必", rest):
            continue  # "您的运营商那边不需要做任何事"
        if any(o in rest for o in _OWNING):
            continue  # "快递是我们选的": owned
        follow = clauses[n + 1][1].strip() if n + 1 < len(clauses) else ""
        caused = bool(follow) and (
            (clause.startswith(_CAUSE) and follow.startswith(("导致", "造成", "才", "所以", "使")))
            or (clause.startswith(_CAUSE) and not rest.strip() and _negative(follow))
            or (follow.startswith(("导致", "造成", "才", "使得", "所以")) and _negative(follow))
        )
        done = _did(rest)  # "票务平台超卖了座位": any finished act of theirs on our customers
        if not (
            _negative(rest) or caused or done or (clause.startswith(_CAUSE) and _negative(clause))
        ):
            continue
        return [
            Hit(
                "blame_others",
                (at, at + len(clause)),
                f'"{m.group(0)}" is the subject',
                _third_party_rewrite(sentence, clause, clause[: m.end()]),
            )
        ]
    return []


def _third_party_rewrite(sentence: str, clause: str, prefix: str) -> str:
    """Put 我们 where the third party stands, or drop a "由于…原因" clause, and own it."""
    stripped = sentence.strip().rstrip("。！？!?；;")
    if clause.strip() == prefix.strip() or (
        clause.startswith(_CAUSE[:4]) and clause.rstrip().endswith(("原因", "问题", "影响", "所致"))
    ):  # "由于快递方面的原因，…", "都怪短信通道商，…": drop the excuse
        rest = stripped.replace(clause, "", 1).lstrip("，,、 ")
        return f"{rest}。这是我们的错。" if rest else "这是我们的错。"
    keep = ""
    if not prefix.startswith(("都是", "全是", "是", "都怪", "怪")) and "是" in prefix:
        keep = prefix[: prefix.rindex("是") + 1]  # "这次延误主要是航空公司…" -> "…主要是我们…"
    ours = clause.replace(prefix, keep + "我们", 1)
    ours = ours.replace("让我们和您", "让您").replace("让我们", "让您").replace("我们我们", "我们")
    ours = re.sub(r"^我们(?:方面)?的?(?=[原问])", "我们的", ours)
    return f"{stripped.replace(clause, ours, 1)}。这是我们的错。"


def _customer_blame(text: str, start: int, sentence: str) -> list[Hit]:
    words = _words()
    requests = ("请", "告诉我们", "联系我们", "回复")
    parts = list(_clauses(sentence, start))
    for n, (at, clause) in enumerate(parts):
        if n + 1 < len(parts) and parts[n + 1][1].lstrip().startswith(
            ("才", "导致", "造成", "所以")
        ):
            clause = clause + "，" + parts[n + 1][1]  # "您…，才导致…": one thought
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
            cause = (
                i and lows[i - 1] in ("由于", "因为", "因", "是") and lows[i - 2 : i - 1] != ["不"]
            )
            neglect = next(
                (
                    w
                    for k, w in enumerate(after)
                    if w in words["customer_negators"]
                    and not set(after[k + 1 : k + 3]) & {"受到", "受", "被", "遇到", "收到"}
                    and not set(lows[i + k + 2 : i + k + 4]) & words["cleared"]
                ),
                None,
            )
            relative = (
                "的" in before[-2:]
                and any(w in words["customer_negators"] for w in before)
                and not set(lows[i + 1 : i + 5]) & {"会", "可以", "将", "都会", "也会"}
            )  # not "没能入场的客人都会拿到退款": an offer to them
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
        thing = "".join(w for w, _ in tokens[k + 1 :]).split("，")[0]
        return f"我们没有提醒您{thing}，这是我们的问题。"
    return "不要责怪客户：“这不是您的错，是我们没有做好。”"


def _officialese(text: str, start: int, sentence: str) -> list[Hit]:
    words = _words()
    if not words["has_strong"].search(sentence) and len(words["has_weak"].findall(sentence)) < 2:
        return []
    tokens = [w for at, clause in _clauses(sentence, start) for w, _ in segment(clause)]
    grams = {"".join(tokens[i : i + n]) for n in (1, 2, 3) for i in range(len(tokens))}
    strong = sorted(
        {w for w in words["officialese_strong"] if len(w) > 2 and w in sentence}
        | (grams & words["officialese_strong"]),
        key=sentence.find,
    )
    weak = sorted(grams & words["officialese_weak"], key=sentence.find)
    if not strong and len(weak) < 2:
        return []
    found = strong + weak
    stock = [w for w in found if not any(w != o and w in o for o in found)][:3]
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
        hits += _lost(text, start, sentence)
        hits += _vague(text, start, sentence) + _minimising(text, start, sentence)
        hits += _generic_apology(text, start, sentence)
    return hits + abbreviations(text, "zh-CN")


def _passive(text: str, start: int, sentence: str) -> list[Hit]:
    """ "被" straight before a verb, with no agent: "您的订单被取消了" hides who cancelled it."""
    if "被" not in sentence:
        return []
    previous = text[max(0, start - 30) : start]
    if re.search(
        r"我们(?:出了错|弄错了|搞错了|犯了错)|我们的错|我们的失误", previous.split("。")[-2:][0]
    ):
        return []  # "我们出了错。您的预订被取消了。": owned just before
    for at, clause in _clauses(sentence, start):
        if "被" not in clause:
            continue
        tokens = segment(clause)
        if len(tokens) > 1 and any(w.startswith("被") and len(w) == 2 for w, _ in tokens):
            split: list[tuple[str, str]] = []
            for w, f in tokens:  # dictionary-only jieba keeps "被扣" as one word
                split += (
                    [("被", "p"), (w[1], "v")] if w.startswith("被") and len(w) == 2 else [(w, f)]
                )
            tokens = tuple(split)
        for i, (word, _) in enumerate(tokens):
            if word != "被" or i + 1 >= len(tokens):
                continue
            before = "".join(w for w, _ in tokens[:i])
            if not before or re.search(r"没有|没|未|不", before):
                return []  # "没有被登录", "没有任何钱被转走": nothing happened
            owner = (
                tokens[i - 1][1][:1] in ("n", "r", "d", "a")
                or (i > 1 and tokens[i - 2][0] == "的")
                or (
                    i > 1
                    and tokens[i - 1][1][:1] == "v"
                    and tokens[i - 2][1][:1] in ("n", "m", "r")
                )
            )  # "积分被扣", "您的预约被删除", "部分退款被延后"
            if not owner or "我们" in before or before.startswith("我"):
                return []  # "我们知道被多扣钱…", "在我们这里被弄坏了": owned
            nxt, flag = tokens[i + 1]
            if nxt in ("看到", "看见", "听到"):
                return []  # seen by someone unknown: no mistake of ours hidden
            if before in ("它", "它们", "这", "那", "这些", "那些"):
                return []  # "它被寄到了旧地址": the sentence before names who did it
            if flag[:1] in ("n", "r") and flag != "nz" and nxt not in _words()["manner"]:
                return []  # an agent: "被您的银行冻结"; not a manner word jieba tags as a name
            subject = before.rstrip("已经").rstrip("已")
            rest = "".join(w for w, _ in tokens[i + 1 :])
            rewrite = f"我们把{subject}{rest}" + ("" if "了" in rest else "了")
            return [
                Hit(
                    "passive_evasion",
                    (at, at + len(clause)),
                    "“被”字句没有说是谁做的",
                    f"{rewrite}。",
                )
            ]
    return []


def _lost(text: str, start: int, sentence: str) -> list[Hit]:
    """A thing as the subject of a loss with no one named: "数据在迁移过程中丢失了"."""
    words = _words()
    if not words["has_loss"].search(sentence) or re.search(r"我们|我司|本公司|我", sentence):
        return []
    for at, clause in _clauses(sentence, start):
        tokens = segment(clause)
        if not tokens or tokens[0][1][:1] != "n" or clause.startswith(("有", "其中")):
            continue
        lows = [w for w, _ in tokens]
        k = next((n for n, w in enumerate(lows) if w in words["loss"]), None)
        if k is None or any(w.startswith(("没", "未", "不")) for w in lows[:k]):
            continue
        subject_end = next(
            (n for n, (_, f) in enumerate(tokens) if f[:1] not in ("n", "u")), len(tokens)
        )
        if subject_end == 0 or subject_end > k:
            continue
        subject = "".join(lows[:subject_end])
        middle = "".join(lows[subject_end:k])
        return [
            Hit(
                "passive_evasion",
                (at, at + len(clause)),
                f"“{subject}”{lows[k]}了，却没说是谁弄的",
                f"我们{middle}把{subject}弄{'丢' if '丢' in lows[k] else '错'}了。",
            )
        ]
    return []


def _vague(text: str, start: int, sentence: str) -> list[Hit]:
    """An effort verb ("正在处理", "会尽快答复") with no time, day or number in the text."""
    words = _words()
    if not words["has_effort"].search(sentence):
        return []
    if sentence.lstrip().startswith(("只要", "如果", "如", "若")):
        return []  # "只要回复…就会有专人答复您": an offer, not a promise of progress
    if any(c.isdigit() for c in text) or any(a in text for a in words["anchors"] | words["honest"]):
        return []  # the text says when, or says honestly that there is no news yet
    tokens = [w for _, clause in _clauses(sentence, start) for w, _ in segment(clause)]
    promised = (
        any(
            w in words["effort_markers"] and set(tokens[i + 1 : i + 4]) & words["effort_verbs"]
            for i, w in enumerate(tokens)
        )
        or bool(set(tokens) & words["vague_times"])
        or any(v in sentence for v in words["vague_states"])
    )  # "正在处理", "近期恢复"; not "已修复，正在留意"
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
    if not small and harm:
        small = [
            a + b
            for a, b in zip(tokens, tokens[1:], strict=False)
            if a in words["degree"] and b in words["small_adjectives"]
        ] + [
            w
            for w in tokens
            if any(
                w.startswith(d) and w[len(d) :] in words["small_adjectives"]
                for d in words["degree"]
            )
        ]  # "时间比较短", "记录非常有限", "非常少" as one word
    if not small:
        return []
    first = max(sentence.find(small[0]), 0)
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
    found = [w for w in words["generic_harm"] if w in sentence]
    if found and any(c in sentence for c in words["apology_context"]):
        harm = min(found, key=sentence.find)
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

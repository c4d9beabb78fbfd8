"""Blame in Chinese: a third party followed by a negative predicate ("都是银行处理太慢"),
and the customer followed by a negator ("您未按…").
"""

from __future__ import annotations

import re

from gateway.messages.lint.chinese.segment import clauses, lexicon, segment
from gateway.messages.lint.findings import Hit

CAUSE = ("由于", "因为", "因", "受", "都是", "全是", "怪", "都怪", "全怪", "是")



def _is_actor(word: str, flag: str) -> bool:
    words = lexicon()
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
    words = lexicon()
    if words["has_negative"].search(rest):
        return True
    return any(
        w in words["negative"]
        or w.startswith(("不", "没", "未", "误", "错", "漏", "停", "超"))
        or (w.startswith("太") and len(w) == 2)  # "送得太晚", "处理太久"
        or "错" in w
        for w, _ in segment(rest)
    )



def _did(rest: str) -> bool:
    """A finished act ("…了", "…过") that is not a good-news or future one."""
    words = lexicon()
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
    words = lexicon()
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
        relative = re.search(r"(?:我们|我司|本公司)[^的，,]{1,4}的$", before)
        if (
            re.search(r"(?:我们|我司|本公司|我方)(?!的)", before) and not relative
        ) or before.endswith(("不是", "并非", "不怪", "而非")):
            continue  # "我们已请快递员…", "不是快递的错"; not "我们派去的师傅": still theirs
        if m.group(0).endswith(tuple(words["customers"])):
            continue  # "部分会员", "老客户": our customers, not a third party
        if m.group(0) not in words["not_actors"] and not clause[m.end() :].startswith(
            ("卡", "账户", "账号", "APP", "App", "app")
        ):
            return m  # not "银行卡号"
    return None



def third_party(text: str, start: int, sentence: str) -> list[Hit]:
    """A third party followed by a negative predicate, in its clause or the next one
    ("银行系统升级，导致扣款失败"), or named as the cause ("由于快递方面的原因")."""
    words = lexicon()
    parts = list(clauses(sentence, start))
    for n, (at, clause) in enumerate(parts):
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
        follow = parts[n + 1][1].strip() if n + 1 < len(parts) else ""
        caused = bool(follow) and (
            (clause.startswith(CAUSE) and follow.startswith(("导致", "造成", "才", "所以", "使")))
            or (clause.startswith(CAUSE) and not rest.strip() and _negative(follow))
            or (follow.startswith(("导致", "造成", "才", "使得", "所以")) and _negative(follow))
        )
        done = _did(rest)  # "票务平台超卖了座位": any finished act of theirs on our customers
        if not (
            _negative(rest) or caused or done or (clause.startswith(CAUSE) and _negative(clause))
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
    return _ba_third_party(text, start, sentence)



def _ba_third_party(text: str, start: int, sentence: str) -> list[Hit]:
    """Someone who is not us did it to the customer's thing: "报关行把您的包裹扣了一个星期"."""
    if "把您" not in sentence and "把你" not in sentence:
        return []
    for at, clause in clauses(sentence, start):
        k = clause.find("把您")
        if k <= 0 and (k := clause.find("把你")) <= 0:
            continue
        subject = clause[:k].strip()
        tokens = segment(subject)
        rest = clause[k:]
        if (
            re.search(r"我|您|你|如果|若|请|会|将|可以|能|要", subject)
            or not any(f[:1] == "n" for _, f in tokens)
            or not ("了" in rest or _negative(rest[3:]))
            or any(g in rest for g in lexicon()["good_acts"])
        ):
            continue
        ours = sentence.strip().rstrip("。！？!?；;").replace(subject, "我们", 1)
        return [
            Hit(
                "blame_others",
                (at, at + len(clause)),
                f'"{subject}" is the subject',
                f"{ours}。这是我们的错。",
            )
        ]
    return []


def _third_party_rewrite(sentence: str, clause: str, prefix: str) -> str:
    """Put 我们 where the third party stands, or drop a "由于…原因" clause, and own it."""
    stripped = sentence.strip().rstrip("。！？!?；;")
    if clause.strip() == prefix.strip() or (
        clause.startswith(CAUSE[:4]) and clause.rstrip().endswith(("原因", "问题", "影响", "所致"))
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



def _is_customer(word: str) -> bool:
    """A customer noun from the lexicon, or a person noun by its ending ("病人", "持卡人",
    "患者", "住户") that is not someone else ("别人", "工人")."""
    words = lexicon()
    return word in words["customers"] or (
        len(word) >= 2 and word[-1] in "人者户客" and word not in words["not_customers"]
    )


def _counterfactual(clause: str, lows: list[str]) -> bool:
    """ "当时…", "早点…", or "…就不会…了": what would have happened, said after the fact."""
    words = lexicon()
    if any(w in words["counterfactual"] for w in lows):
        return True
    return bool(re.search(r"(?:就|也)(?:不会|能|可以|不用|不必|不至于)[^，。；]*了", clause))


def customer_blame(text: str, start: int, sentence: str) -> list[Hit]:
    words = lexicon()
    requests = ("请", "告诉我们", "联系我们", "回复", "可以", "没关系", "仍可", "照样", "不影响")
    parts = list(clauses(sentence, start))
    for n, (at, clause) in enumerate(parts):
        if n + 1 < len(parts) and parts[n + 1][1].lstrip().startswith(
            ("才", "导致", "造成", "所以", "就", "也不会", "也就")
        ):
            clause = clause + "，" + parts[n + 1][1]  # "您…，才导致…": one thought
        if not (words["has_customer"].search(clause) and words["has_blame"].search(clause)):
            continue
        tokens = segment(clause)
        lows = [w for w, _ in tokens]
        conditional = clause.startswith(("如果", "若", "如", "假如", "要是"))
        counter = _counterfactual(clause, lows)
        if conditional and not counter and any(r in sentence for r in requests):
            continue  # "如果您还没收到，请回复": an offer of help, not blame
        for i, word in enumerate(lows):
            if not _is_customer(word) or lows[i + 1 : i + 2] == ["的"]:
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
                or (conditional and counter)
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
    words = [w for w, _ in tokens]
    first = clause.split("，")[0].strip()
    if first.startswith(("如果", "若", "假如", "要是")):  # "如果您当时看了提醒，就不会…了"
        cond = re.sub(r"^(?:如果|若|假如|要是)(?:您|你)?(?:当时|之前|早点|早些)?", "", first)
        cond = cond.replace("了", "")
        if cond:
            return f"我们本该提醒您{cond}。这是我们的问题，不是您的。"
    negator = next((w for w in words[:at] if w in lexicon()["customer_negators"]), None)
    if negator and "的" in words[:at]:  # "没带身份证的病人只能…"
        k = words.index(negator)
        thing = "".join(words[k + 1 : words.index("的", k)])
        if thing:
            return f"我们没有提前提醒大家{thing}，这是我们的问题，我们来补救。"
    return "不要责怪客户：“这不是您的错，是我们没有做好。”"


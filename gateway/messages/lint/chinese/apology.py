"""Chinese apologies that keep their distance: a formal "深表歉意" that owns no act, and
understanding or sympathy ("我们理解您的心情") offered instead of "对不起".
"""

from __future__ import annotations

import re
from functools import lru_cache

from gateway.messages.lint.chinese.segment import (
    OUR_REMEDY,
    bare,
    clauses,
    gated,
    lexicon,
    our_fault,
    owned_near,
    segment,
)
from gateway.messages.lint.findings import Hit, clause_hit

# the formal register: "表示歉意", "致以诚挚的歉意", "深表歉意", "致歉", "深表同情"
_FORMAL = gated(
    r"(?:表示|致以|深表|深致|深感|表达)[^，。；]{0,8}?(?:歉意|同情|抱歉|诚意)|(?:深感|深表|感到)不安"
    r"|对(?:此事|这件事|此|这次事件|此次事件)[^，。；]{0,6}?感到[^，。；]{0,3}?(?:抱歉|遗憾)"
    r"|表示(?:十分|非常|充分|深深的)?理解"
    # 致歉 not inside a noun: "可到客服中心领致歉信" is a letter handed out
    # (not an apology made in person, or done with its remedy: "我们登门致歉", "致歉并完成赔付")
    r"|(?<![不门面])致歉(?![信函卡并])|(?:表示|深表|深感)(?:遗憾|痛心|难过|惋惜)|感同身受|(?:感到|觉得)(?:非常|十分|很|深深)?(?:遗憾|惋惜|痛心|难过|心痛)"
    # the noun, offered like a gift: "请接受我们诚挚的歉意"; not inside a noun: "奉上100元歉意金"
    # is money paid, "致歉礼" a gift handed over
    r"|歉意(?![金礼])"
    # regret as the manner of the telling (an adverbial, 遗憾 + 地): "遗憾地通知您，…"
    r"|遗憾地(?=[\u4e00-\u9fff])"
)
# we say what we did: "我们重复扣了您的钱", "我们把…寄丢了"; not what they misread ("对我们的规则")
_OWNED_ACT = re.compile(r"(?<!对)我们(?!很|深|向|对|表示|致|在此|谨)[^，。；]{0,10}?[了错丢]")
# ("这是我们不对": the wrong called ours, as "是我们的错" and "是我们派单的错";
# not "我们不对外开放")
_SORRY = re.compile(
    r"对不起|很抱歉|非常抱歉|真抱歉|我们错了|是我们[^，。；！？]{0,6}?的错|道歉|是我们(?:做得)?不对(?!外)")
# thanked for putting up with it: "感谢您一直以来的包容", "谢谢大家的耐心和理解"
_THANKS = re.compile(
    r"(?:感谢|谢谢)[^，。；]{0,10}?(?:包容|理解|耐心|体谅|谅解|宽容|海涵|信赖|信任|厚爱|关照|配合)"
    r"|辛苦(?:您|你|大家)了|(?:您|你|大家)辛苦了"
)
# thanked for feedback, and nothing done with it: "再次感谢您的宝贵意见"
_THANKS_FEEDBACK = re.compile(
    r"(?:感谢|谢谢)[^，。；]{0,8}?(?:意见|反馈|建议|监督)"
)
# a topic fronted before the clause that comments on it: "对于消费者的疑虑，我们完全理解"
_FRONTED = re.compile(r"(?:对于|对|关于|针对)")
# "让大家担心了", "让您久等了": the feeling named, no sorry
_CAUSED_FEELING = re.compile(
    r"让(?:您|你|大家|各位)[^，。；]{0,3}?(?:担心|受惊|着急|久等|费心|操心|失望)"
    r"|(?:您|你|大家)受(?:委屈|累|惊|罪)了"  # "您受委屈了"
)
# sorry said outright for the wait we made: "抱歉让您久等了" (the wait is what we did to them,
# not a feeling of theirs; "让您久等了" alone, with no sorry, stays a non-apology)
_SORRY_TO_KEEP_WAITING = re.compile(r"(?:抱歉|对不起|道歉)[，,]?让(?:您|你|大家|各位)久等")
# sorry if: "如果我们的工作有不到位的地方"
_IF_WE = gated(
    r"(?:如果|若|如|倘若)[^，。；]{0,12}?(?:不到位|不周|不妥|不足之处|疏漏|不当之处)"
    r"|(?:如果|若|如|假如|要是)(?:您|你)[^，。；]{0,4}?(?:感到|觉得|认为)"
    r"|(?:如果|若|假如|要是)[^，。；]{1,10}?让(?:您|你)(?:感到|觉得|认为)"  # "要是译稿让您觉得…"
    r"|(?:如果|若|如)(?:您|你)[^，。；]{0,8}?(?:异议|不满意|有意见)"
)
# "如您对…不满意": what the customer may feel, then (next clause) what they can have
_IF_UNHAPPY_THEN_OFFER = re.compile(r"(?:如果|若|如)(?:您|你)[^，。；]{0,8}?不满意$")
_OFFER_AFTER = re.compile(
    r"[，,]\s*(?:[^，。；]{0,8}?(?:可以|可|随时|欢迎)|请(?:您)?|回复|联系"
    r"|(?:直接)?(?:告诉|通知|找|打电话给|跟|和)我们"  # "…不满意，告诉我们，…我们给您换一袋"
    r"|[^，。；我]{0,6}?我们(?:会|将|再|帮|给|免费))"  # "…，一个月内我们免费再来两次"
)
# asking them to understand us: "希望您能理解我们的难处"
_ASK = re.compile(
    r"(?:希望|恳请|望|请)(?:您|你|大家|各位)?(?:能够|能|多多|多)*"
    r"(?:理解|谅解|体谅|包涵|海涵|见谅|原谅)"
)
# sorry for how they feel, not for what we did: "抱歉让您有了不好的感受"
_SORRY_FEELING = re.compile(
    r"(?:抱歉|对不起|道歉)[^，。；]{0,3}?(?:让|使|令)(?:您|你|大家)"
    # what they misread, named: "抱歉让您对我们的退款规则产生了误解"
    r"(?:对[^，。；]{1,12}?(?=产生|有了?(?:误|困|疑)))?[^，。；]{0,6}?"
    r"(?:感受|心情|感觉|不快|不愉快|不开心|不舒服|失望|生气|难过|误会|误解|困惑)"
    r"|希望[^，。；]{0,8}?(?:没有|没|不会)(?:影响|打扰|破坏)[^，。；]{0,6}?"
    r"(?:心情|生活|工作|体验|信任|关系|感情|合作)"
)
# nobody wanted it, so nobody did it: "我们也不想发生", "这不是我们愿意看到的"
_NOBODY = gated(
    r"(?:我们|谁|没有人|没人|大家|任何人)(?:也|都)(?:不想|不愿|不希望|不愿意|不好受|难受|不开心)"
    r"|(?:不是|并非)(?:我们|大家|任何人)(?:想|愿意|希望)(?:看到)?的"
    r"|(?:并非|不是|非)(?:我们|我司|本公司)?(?:所愿|本意|的本意)"
    # our values in place of an apology: "我们一直把用户放在第一位"
    r"|(?:一直|始终|向来|从来)(?:都)?(?:把|以|将)?(?:用户|客户|顾客|您|大家)[^，。；]{0,6}?"
    r"(?:第一位|首位|放在心上|为中心|至上)"
    r"|(?:珍视|珍惜)(?:您的?)?(?:每一条|每一份|每一个)?(?:反馈|意见|建议|声音)"
    # our way of working, or an accident, in place of sorry: "我们一向以服务为本，这次确实是个意外"
    r"|(?:一向|一直|始终|向来)(?:都)?(?:以|把)[^，。；]{1,6}?(?:为本|为先|为重|为中心|放在首位|放在第一位)"
    r"|(?:确实|只|纯属|完全|实属)是?(?:个|一个|一次|一场)?意外"
    # a fault admitted in the abstract: "这次的安排确实有不周到的地方"
    r"|(?:有|存在)(?:一些|些)?(?:不周到?|不到位|不妥|欠妥|疏漏|不足)(?:的地方|之处)"
    # "系统就是这么设计的": the design as the answer
    r"|就是(?:这么|这样)(?:设计|规定|安排)的?|规定就是规定|制度就是制度"
    # telling them not to mind: "希望您别放在心上"
    r"|(?:别|不要|不必|不用)(?:太)?(?:放在心上|在意|介意|往心里去)"
    # their complaint passed on or filed, nothing done: "我们会把您的意见转达给相关同事"
    r"|(?:意见|反馈|建议|投诉|心声|不满|诉求)[^，。；]{0,4}?"
    r"(?:转达|转告|转交|传达|反馈给|记录在案|记录下来|备案|存档|登记)"
    # their voice valued, nothing done: "您的声音对我们很重要"
    r"|(?:意见|反馈|建议|声音|心声)对(?:我们|我司|公司)(?:来说)?(?:很|非常|十分|特别)?(?:重要|宝贵)"
    # trust asked for: "请相信我们始终是为您着想的"
    r"|(?:请|希望)(?:您|大家)?相信我们"
    r"|(?:一直|始终|向来|从来|永远)(?:都)?(?:是)?(?:为|替)(?:您|用户|客户|大家)(?:着想|考虑)"
)
# a character each of those shapes needs (cheap gates: most sentences have none)
_SORRY_GATE = re.compile("[歉起希]")
_NOBODY_GATE = gated(
    "[想愿希意位首心至介转传馈珍计规制]|为本|为先|为重|好受|难受|记录|备案|存档|登记|声音|相信"
    "|不周|不到位|不妥|欠妥|疏漏|不足"
)
# the harm told as their impression, with no sorry: "这件事给您留下了不好的印象"
_AS_FEELING = re.compile(
    r"(?:给|让|令|使)(?:您|你|大家)[^，。；]{0,4}?(?:留下|带来|造成|有)了?[^，。；]{0,4}?"
    r"(?:不好|不愉快|糟糕|负面|不佳|不良)的?(?:印象|感受|体验|回忆|感觉)"
)
_AS_FEELING_GATE = re.compile("印象|感受|体验|回忆|感觉")
# a light "不好意思" for a fault nobody owns: "不好意思，系统有点问题"
_LIGHT = re.compile(r"不好意思")
_SHAPES_GATE = gated(
    "|".join(g.pattern for g in (_SORRY_GATE, _NOBODY_GATE, _AS_FEELING_GATE, _LIGHT))
)
_FEELINGS = (
    "心情", "感受", "不满", "焦急", "着急", "担心", "担忧", "处境", "遭遇", "失望", "愤怒", "不快",
    "开心", "难过", "生气", "不舒服", "沮丧", "委屈", "焦虑", "烦躁", "不安", "烦恼", "无奈",
    "心急", "郁闷", "气愤", "不悦", "困惑", "疑虑", "顾虑", "情况", "难处",
)


# an apology said outright, in the formal register too: "深表歉意", "诚恳道歉", "深感抱歉"
_APOLOGISED = re.compile(r"歉意|抱歉|道歉|对不起|致歉")
# what keeps a formal apology at a distance even beside our fault: asked to understand or
# forgive us ("敬请谅解"), or sorry only in case ("如有不便", "若给您造成困扰")
_ASKED_OR_IF = re.compile(
    r"谅解|见谅|包涵|海涵|原谅|体谅|理解|如果|若|如有|如给|如对|假如|要是|万一"
)


# an apology made to named people before asking their forgiveness: "运营团队在此给双线一区所有
# 玩家道歉，希望大家谅解" (forgiveness is what one asks after apologising, not instead of it)
_APOLOGISED_TO = re.compile(r"(?:向|给)[^，。；]{1,20}?道歉[，,]")


def specific_apology(sentence: str) -> bool:
    """ "我司对乘坐9月27日DZ6371（昆明-长治-青岛）航班受到影响的旅客致以诚挚的歉意",
    "美团外卖向在故障中受到影响的用户、商家和骑手致歉": a formal apology that says at least
    two of when (a number or a date), where or which (a proper name), what went wrong (a harm
    word, not "不便/影响") and who by name (a list of groups) is about one event the reader
    can place, not a stock line ("我们向受到影响的所有客户致歉"). Read on the segmenter's
    parts of speech."""
    words = lexicon()
    named_harm = (words["harm"] | words["loss"] | words["small_nouns"]) - words["generic_harm"] - {
        "受到", "受影响", "涉及", "波及", "问题", "麻烦", "误会", "误解", "意外", "状况"}
    found: set[str] = set()
    for _, clause in clauses(sentence, 0):
        tagged = segment(clause)
        for i, (word, pos) in enumerate(tagged):
            if any(c.isdigit() for c in word) or (pos == "t" and word not in words["vague_times"]):
                found.add("when")
            elif pos in ("ns", "nr", "nt", "nz") and len(word) > 1:
                found.add("name")
            elif word in named_harm:
                found.add("harm")
            elif word == "、" and 0 < i < len(tagged) - 1 and tagged[i - 1][1].startswith("n"):
                found.add("who")
    return len(found) >= 2


def made_right(sentence: str) -> bool:
    """ "给您带来的不便我们很抱歉，我们已退还本月服务费": the same sentence says what we have
    already done to make it right, with 我们 as its doer (``OUR_REMEDY`` with 已): the
    apology comes with its remedy, not in place of one. A promise ("我们会补偿") is not enough."""
    return any("已" in m.group(0) for m in OUR_REMEDY.finditer(sentence))


def owned_apology(text: str, start: int, sentence: str) -> bool:
    """ "因我们的排班失误，师傅没能上门，给您带来不便，我们深表歉意": real notices close an
    apology that owns the act with the formal "给您带来不便，深表歉意". With our fault named
    (in the sentence, or the one before or after) the inconvenience is what our act did,
    not a stand-in for it; so with the event told specifically (:func:`specific_apology`) or
    a remedy already made in the sentence (:func:`made_right`); not when the sentence asks
    them to understand or is sorry only if."""
    return bool(_APOLOGISED.search(sentence)) and not _ASKED_OR_IF.search(sentence) and (
        owned_near(text, start, sentence) or specific_apology(sentence) or made_right(sentence))


def formal_apology(text: str, start: int, sentence: str) -> list[Hit]:
    """ "对于此次延误，我们深表歉意": a formal apology that names no act of ours."""
    m = _FORMAL.search(sentence)
    if m is None or _OWNED_ACT.search(sentence) or owned_apology(text, start, sentence):
        return []
    said = bare(sentence)
    obj = re.search(
        r"(?:对于|对|就)(?:此次|本次|这次|此|本)?([^，,。；]{2,12}?)(?:，|,|我们|表示|深表|致)",
        said,
    )
    what = obj.group(1) if obj else ""
    what = re.sub(r"^(?:给您|您)?(?:带来|造成)?的?", "", what)
    abstract = r"不便|困扰|影响|体验|经历|感受|心情|误会|误解|遭遇|事件|此事|用户|客户|顾客|会员"
    if not what or re.search(abstract, what):
        rewrite = "对不起，这是我们的错。再写一句您遇到了什么，例如：“您的包裹晚到了三天。”"
    else:
        rewrite = f"对不起，{what}是我们的错。"
    return [
        Hit(
            "non_apology",
            (start + m.start(), start + m.end()),
            f"客套的致歉：“{m.group(0)}”，没有说我们做错了什么",
            rewrite,
        )
    ]


# the customer's own mishap (left, lost or forgot something), and we found or kept it
_THEIR_MISHAP = re.compile(
    r"(?:您|你)(?:落在|落下|遗落|遗失|丢在|丢了|忘在|忘了带|忘带)[^。！？]{0,20}?"
    r"(?:找到|捡到|收好|保管|送回|送到|寄回|交给)"
)


def _their_mishap_helped(text: str) -> bool:
    """ "您落在车上的雨伞找到了，让您着急了": nothing of ours went wrong, so naming their
    worry is kindness, not an apology left out; not when the text names a fault of ours."""
    return bool(_THEIR_MISHAP.search(text)) and not our_fault(text)


@lru_cache(maxsize=8)
def _says_sorry(text: str) -> bool:
    """Whether the whole text says sorry: once per text, not once per sentence."""
    return bool(_SORRY.search(text))


# in a hurry to do something: "您着急出国", "您急着用车" (a need, not a feeling about a harm)
_HURRY_TO = re.compile(
    r"(?:您|你)(?:很|比较|非常)?(?:着急|急着|急于|赶着)(?=[\u4e00-\u9fff])(?![了的])"
)
# a harm said in a word or two: "晚了", "少到", "坏了"
_HARM_SAID = re.compile(r"[少晚慢坏停断丢错漏缺破迟](?:了|到|送|发)")


def _a_need_served(clause: str, text: str) -> bool:
    """ "我们理解您着急出国，公证我们加急办": what the customer needs done soon, in a message
    that names no harm and no fault of ours; nothing went wrong, so there is nothing to
    apologise for."""
    return bool(_HURRY_TO.search(clause)) and not (
        lexicon()["has_negative"].search(text) or our_fault(text) or _HARM_SAID.search(text)
    )


def sympathy(text: str, start: int, sentence: str) -> list[Hit]:
    """ "我们理解您的心情", "感谢您的包容": understanding or thanks offered instead of an
    apology (none in the text), or asking them to understand us."""
    if (m := _ASK.search(sentence)) and not _APOLOGISED_TO.search(sentence[: m.start()]):
        return [
            Hit(
                "non_apology",
                (start + m.start(), start + m.end()),
                f"“{m.group(0)}”：要客户体谅我们",
                "不要请客户体谅，直接道歉：“对不起，这是我们的错。”再说我们怎么补救。",
            )
        ]
    shapes = _SHAPES_GATE.search(sentence)  # one test before the four shapes' own gates
    for gate, shape, message in () if shapes is None else (
        (_SORRY_GATE, _SORRY_FEELING, "为对方的感受道歉，没有说我们做错了什么"),
        (_NOBODY_GATE, _NOBODY, "说谁也不想这样、我们一向很好或记下了意见，没有道歉"),
        (_AS_FEELING_GATE, _AS_FEELING, "把我们做的事说成对方的印象或感受，没有道歉"),
        (_LIGHT, _LIGHT, "一句“不好意思”，没有说我们做错了什么"),
    ):
        m = gate.search(sentence) and shape.search(sentence)
        if m and shape is _AS_FEELING and _SORRY.search(sentence) and our_fault(sentence):
            continue  # "给您道歉，由于我们的工作失职，给您…带来非常不好的体验": sorry, and owned
        if m and not _OWNED_ACT.search(sentence):
            lead = bare(sentence)[: m.start()].rstrip("，, ")  # "这次的事情，我们也不想发生"
            plain = lead and not re.search(r"[，,把]|我们|您|你|的$", lead)
            what = f"{lead}是我们的错" if plain else "我们……（写出做错的事）"
            return [
                Hit(
                    "non_apology",
                    (start + m.start(), start + m.end()),
                    f"“{m.group(0)}”：{message}",
                    f"直接为我们做的事道歉：“对不起，{what}。”",
                )
            ]
    if _says_sorry(text) and not _IF_WE.search(sentence):
        return []
    topic = ""  # the clause before: "对于消费者的疑虑，我们完全理解" fronts what is understood
    for at, clause in clauses(sentence, start):
        topic, before = clause, topic
        if (m := _IF_WE.search(clause)) and _IF_UNHAPPY_THEN_OFFER.match(m.group(0)) and (
            _OFFER_AFTER.match(sentence, sentence.find(clause) + len(clause))
        ) and not _SORRY.search(sentence):  # "如您对图案不满意，两周内可以免费回来修改一次"
            continue  # an offer for when they are unhappy, not an apology made conditional
        if _IF_WE.search(clause) or (
            (caused := _CAUSED_FEELING.search(clause)) and not _their_mishap_helped(text)
            and not _SORRY_TO_KEEP_WAITING.search(clause[: caused.end()])
        ):
            return clause_hit(
                "non_apology", at, clause,
                "没有道歉：只说“如果有不到位”或“让您担心了”",
                "直接道歉，说清楚哪里做错了：“对不起，我们……”",
            )
        if _THANKS.search(clause) or (
            _THANKS_FEEDBACK.search(clause) and not _OWNED_ACT.search(sentence)
        ):
            return clause_hit(
                "non_apology", at, clause,
                "感谢对方的包容，却没有道歉",
                "先道歉：“对不起，这是我们的错。”再说清楚您遇到了什么、我们做了什么。",
            )
        lows = [w for w, _ in segment(clause)]
        for i, word in enumerate(lows):
            if word not in ("理解", "体谅", "同情", "明白", "体会", "尊重", "心疼"):
                continue
            # "理解这件事让您不太开心", "您的心情我们完全可以理解"
            reach = 16 if {"感到", "觉得", "而"} & set(lows[i + 1 :]) else 8  # "…因X而感到不快"
            tail = "".join(lows[max(0, i - 6) : i] + lows[i + 1 : i + reach])
            if _FRONTED.match(before) and not _FORMAL.search(sentence) and not (
                "".join(lows[i + 1 :]) + sentence[sentence.find(clause) + len(clause) :]
            ).strip("了的。！!，, "):
                tail += before  # the verb ends the sentence: its object is the fronted topic
            if any(f in tail for f in _FEELINGS) and not _a_need_served(clause, text):
                # "理解您的心情", "同情您的遭遇"
                return clause_hit(
                    "non_apology", at, clause,
                    f"只说“{word}”，没有道歉",
                    "直接道歉：“对不起，这是我们的错。”再说清楚您遇到了什么。",
                )
    return []


def rumour_denied(start: int, sentence: str) -> list[Hit]:
    """A rumour called untrue ("网传信息不实"): a denial that says neither what we checked nor
    sorry for the worry, so the reader has only our word against the rumour's."""
    words = lexicon()
    if not any(r in sentence for r in words["rumours"]):
        return []
    parts = list(clauses(sentence, start))
    for k, (at, clause) in enumerate(parts):
        heard = [clause.find(r) for r in words["rumours"] if r in clause]
        if not heard or clause.lstrip().startswith(tuple(words["conditions"])):
            continue  # "如网传属实，…": a case, not a denial
        told = [(at, clause)] + [
            p for p in parts[k + 1 : k + 2]
            if p[1].lstrip().startswith(tuple(words["points_back"]))  # "…，这不属实"
        ]
        for t_at, said in told:
            after = said[min(heard) :] if t_at == at else said
            if any(u in after for u in words["untrue"]):
                return clause_hit(
                    "non_apology", t_at, said, "只说传言不实：没说查了什么，也没为大家的担心道歉",
                    "说清楚查了什么、查到了什么：“我们查了（写出查了什么），没有发现（写出什么）。"
                    "让大家担心了，对不起；您可以（写出怎么核对或保护自己）。”",
                )
    return []

"""Blame on the customer in Chinese: the customer followed by a negator ("您未按…"), the
customer's own thing found wanting as the cause ("因为您的密码太简单"), and what would
have happened had they acted ("您要是早点联系我们，问题早就解决了").
"""

from __future__ import annotations

import re

from gateway.messages.lint.chinese.blame import negative
from gateway.messages.lint.chinese.choices import (
    _FAILED,
    _LECTURE,
    _RESULT,
    _WRONG_CHOICE,
    _lecture,
    _wrong_choice,
    their_own_doing,
)
from gateway.messages.lint.chinese.segment import (
    OUR_REMEDY,
    clauses,
    gated,
    lexicon,
    our_fault,
    owned_near,
    segment,
)
from gateway.messages.lint.findings import Hit, clause_finding, clause_hit


def _is_customer(word: str) -> bool:
    """A customer noun from the lexicon, or a person noun by its ending ("病人", "持卡人",
    "患者", "住户") that is not someone else ("别人", "工人") nor a distributive count of them
    ("每户", "各户": "补偿是每户100元" says how much each gets, no one who acted)."""
    words = lexicon()
    return word in words["customers"] or (
        len(word) >= 2 and word[-1] in "人者户客" and word not in words["not_customers"]
        and word[0] not in "每各"
    )


def _negator(word: str) -> str | None:
    """The customer negator in ``word``, also behind an adverb jieba joins to it ("并未")."""
    negators = lexicon()["customer_negators"]
    if word in negators:
        return word
    bare = word[1:] if word[:1] in "并均都也还从又" else ""
    return word if bare in negators else None


_WOULD_HAVE = re.compile(r"(?:就|也)(?:不会|能|可以|不用|不必|不至于)[^，。；]*了")
_WOULD_HAVE_KNOWN = re.compile(r"就会(?:知道|明白|发现|看到|注意到)|早就")
_EARLIER = re.compile(r"早[一两三几]?(?:天|个小时|周)")
_WOULD_NOT_HAVE = re.compile(r"(?:就|也)(?:不会|不至于)[^，。；]*(?:(?:这么|那么|这样)\w{0,2}|了)$")
_THEN_WOULD_NOT = re.compile(r"[，,]\s*(?:就|也)(?:不会|不至于)")
_NOT_THAT_BAD = re.compile(r"(?:就|也)不至于")


def _counterfactual(clause: str, lows: list[str]) -> bool:
    """ "当时…", "早点…", or "…就不会…了": what would have happened, said after the fact."""
    words = lexicon()
    if any(w in words["counterfactual"] for w in lows):
        return True
    return bool(
        _WOULD_HAVE.search(clause)
        or _WOULD_HAVE_KNOWN.search(clause)
        or _EARLIER.search(clause)  # "早两天提交"
        or _WOULD_NOT_HAVE.search(clause)
        or "不至于" in clause and _NOT_THAT_BAD.search(clause) is not None  # "也不至于错过…"
        # a done act supposed, then what would not have happened: "要是您听了讲解，也不会呛水"
        or (
            "了" in clause.split("，")[0]
            and _THEN_WOULD_NOT.search(clause) is not None
        )
    )


# a condition said at its end: "您还没上传照片的话，可以…"
_IF_SAID_AFTER = re.compile(r"的话\s*$")
_CONDITIONAL = re.compile(
    r"^(?:如果|若|如|假如|要是)|^(?:您|你)[^，,]{0,3}?(?:要是|如果|若是|若能|假如|倘若)"
)
# a consequence that did not happen: "就免费了", "早就解决了", "就不会…了"
_PAST_RESULT = re.compile(
    r"(?:就|早就|也就|现在已经|已经)(?!可以|请|会在|会给|联系)[^，。；]*了|就不会|早就"
    r"|就(?:能|可以)避免"
)


def _faulted_thing(tokens: tuple[tuple[str, str], ...]) -> tuple[str, str] | None:
    """The customer's own thing found wanting: "您的密码设置得太简单", "您提供的信息有误".
    (thing, fault) when a customer is the possessor of a noun and the predicate after it
    is a fault word or 太/过于/不够 + adjective."""
    words = lexicon()
    lows = [w for w, _ in tokens]
    for i, word in enumerate(lows):
        if not _is_customer(word) or "的" not in lows[i + 1 : i + 6]:  # "您报名时上传的照片"
            continue
        k = lows.index("的", i + 1)
        run: list[tuple[str, str]] = []
        after = tokens[k + 1 :]
        for j, (w, f) in enumerate(after):
            compound = f == "v" and not run and after[j + 1 : j + 2] and after[j + 1][1][:1] == "n"
            if (f[:1] != "n" and f != "vn" and not compound) or w.startswith(("太", "过于")):
                break  # "投诉|信息" is one thing; "太晚" (jieba: nz) is not
            run.append((w, f))
        while run and run[-1][1] == "vn":
            run.pop()  # "密码设置得太简单": the thing is the password
        nouns = "".join(w for w, _ in run)
        rest = "".join(lows[k + 1 :])[len(nouns) :]
        fault = re.match(
            rf"(?:设置|填写|输入|写|填)?得?(?:已经|已|早已|都|还)?"
            rf"(?:(?:太|过于|过(?=[低高少多短长旧小大]))\w{{1,2}}|不够\w{{0,2}}|不足(?![\d一二三四五六七八九十两几])"
            rf"|{_alt(words['customer_faults'])}"
            rf"|不是(?!我|您|你)\w{{1,3}}的"  # "您预留的手机号不是本人的"
            # left undone: "您的车辆长期未保养" (not "没有泄露", "没有问题")
            rf"|(?:长期|一直|多次|从|\w{{0,3}}?超时|\w{{0,3}}?逾期)?"
            rf"(?:未|没有|没)(?!有?(?:问题|错|受|被|泄|丢|影响|变化|损|收到))\w{{1,3}}"
            rf"|(?:长期|一直|从来|从|很久)不\w{{1,3}})",  # "您家的空调长期不清洗"
            rest,
        )
        if nouns and fault:
            return nouns, fault.group(0)
    return None


def _alt(items: set[str]) -> str:
    return "|".join(map(re.escape, sorted(items, key=len, reverse=True)))


_BECAUSE = re.compile(r"(?:这|这次|此次)?(?:是|都是)?(?:因为|由于|因)")
_SO = re.compile(r"[^，。；]{0,5}?(?:才|因此|因而|所以|于是|只好|只能)")
_NORMAL = re.compile(r"(?:很|是|属于|也)?(?:正常|难免|在所难免)")
_THEN_LOST = re.compile(r"[^，。；]{0,5}?就(?:再也)?[^，。；]{0,4}?(?:不|没|无法)")
_THEN_WE_DID = re.compile(
    r"(?:已经?|被|将|会)(?:被)?(?:退回|取消|关闭|冻结|作废|收回|扣除|注销|释放)"
)


def _fault_as_cause(parts: list[tuple[int, str]], n: int) -> Hit | None:
    """ "因为您的X有误，…" or "您的X不完整，所以…": the customer's thing named as the cause."""
    at, clause = parts[n]
    follow = parts[n + 1][1].lstrip() if n + 1 < len(parts) else ""
    cause = _BECAUSE.match(clause.lstrip())
    then = follow.startswith(_RESULT) or bool(
        _SO.match(follow)
        or _NORMAL.search(follow)  # "网速慢很正常"
        # what it then cost them: "…没提前备份，回收后就找不回了"
        or _THEN_LOST.match(follow)
        # what we then did to them: "…超时未取，已退回寄件人"
        or _THEN_WE_DID.match(follow)
    )
    failed = bool(follow) and bool(_FAILED.search(follow))
    if not (cause or then or failed):
        return None
    found = _faulted_thing(segment(clause))
    if found is None:
        return None
    thing, fault = found
    if not (cause or then) and re.search(_alt(lexicon()["customer_states"]), fault):
        return None  # "您的优惠券已过期，无法使用": a state, said plainly
    fault = re.sub(r"^(?:设置|填写|输入|写|填)?得?(?:已经|已|早已|都|还)?", "", fault)
    # a thing to fix ("材料不完整") or a state with consequences ("车辆长期未保养", "太晚")
    undone = re.search(
        r"(?:长期|一直|多次|从)?(?:未|没)|(?:长期|一直|从来|从|很久)不|太晚|过期|失效|停|欠费|关机",
        fault,
    )
    then_what = "会有什么后果" if undone else "，并帮您改好"
    return clause_finding(
        "blame_customer", at, clause,
        f"“{clause.strip()}”",
        f"我们应该早点告诉您{thing}{fault}{then_what}。这是我们的问题，不是您的。",
    )


_TRIGGERS = re.compile(
    r"未|没|忘|忽|不|拒绝|跳|漏|错|误|当时|当初|就|本来|早|由于|因|是|才|导致|造成|所以|结果"
    r"|如|若|假如|要是|请|自然|难免|当然|肯定|有误|过期|失效|停用|注销|太|过于|超过|超出|过了|规定|以免|以防"
    r"|只|无法|承担|负责|负担|麻烦|正常|把我们"
)
# "我们应该先发短信", "是因为我们的派单页面…", "我们的缴费页面出错，…": our part said
_OWNS = gated(
    r"(?<![不非])是(?:因为|由于)?我们|我们(?:应该|本该|本应|早该)|被我们"
    r"|我们[^，。；]{0,6}?(?:出了错|出错|弄错|搞错|写错|填错|失误|疏忽)"
    # our own thing went wrong: "我们的App核对安全码（CVV）时出了错"
    r"|我们的(?!合作|外包|第三方|代理|供应|承运)[^，。；]{1,24}?(?:出了错|出错|错了)"
    # we told them too little: "缴费提醒我们只发了一次短信"
    r"|我们只(?:在[^，。；]{1,6}?)?(?:发|通知|提醒|告诉|告知|打|说)"
)
_THANKED = re.compile(r"(?:谢谢|感谢|多亏)(?:您|你)")
_CLEARED = re.compile(r"没关系|不要紧|不影响|照样|照常|仍可|也可以|不着急|不用急|不急")
# what we will do for them: "也会自动收到", "由我们承担", "我们会把订单保留到周五"
_OFFER = gated(
    r"(?<![只才])(?:也|都|仍|照样|同样|一样|优先)?(?:会|可以|可|能|将)(?![不无没])"
    r"|由我们|我们(?:会|将|来|也|已|给|为|帮)"
)
# the customer's own act, then what failed because of it: "您自己关闭了通知，所以没收到提醒"


# we did it for them, and nothing is held against them
_DONE_FOR_THEM = re.compile(
    r"我们[^，。；您你]{0,4}?(?:帮|替|为|给)(?:您|你)(?!(?:带来|造成|添))"  # "我们一直替您保管着"
)
_HELD_AGAINST = re.compile(r"才|导致|造成|所以|因此|只能|不能|无法|不予|作废|过期|失效|取消|扣")


def _handled_for_them(after: str) -> bool:
    return bool(_DONE_FOR_THEM.search(after)) and not _HELD_AGAINST.search(after)


# our own shortcoming brought to light by them: "让我们的不足暴露在众目睽睽之下"
_OURS_BROUGHT_TO_LIGHT = re.compile(
    r"(?:让|使)(?:我们|我司)的?(?:不足|问题|缺点|短板|错误|失误|漏洞|疏漏)"
    r"(?:暴露|显现|浮出|被(?:发现|看到|看见))")
# a verb that puts a harm on its object: "害您没能…", "让您错过了…"
_CAUSATIVE = (
    "害", "害得", "让", "使", "令", "使得", "致使", "导致", "耽误", "连累", "搞得", "弄得"
)


def _relative_then_offer(
    lows: list[str], i: int, k: int, sentence: str, clause: str
) -> bool:
    """ "您上周没来上的两节私教课，我们已经帮您顺延": the negated act of the customer only names
    a thing (a relative clause before 的 and a noun), and what is said of it is an offer or a
    plain fact, not a consequence held against them."""
    tail = lows[i + k + 2 :]
    if "的" not in tail[:4]:
        return False
    j = tail.index("的")
    rest = "".join(tail[j + 1 :]) + sentence.split(clause, 1)[-1]
    if re.search(r"不会(?:过期|失效|作废|取消)", rest):
        return True  # "您还没兑换的里程不会过期": reassurance
    if re.search(r"才|导致|造成|所以|因此|只能|不能|无法|不予|作废|过期|失效|取消", rest):
        return False
    return bool(
        _OFFER.search(rest)
        or re.search(r"有效|还在|保留|不用|不需要|照常", rest)
        or re.search(r"我们[^，。；]{0,8}?(?:退|补|赔|送|留|延|换|免|替|帮|收好|保管|给您)", rest)
        or re.search(r"我们[^，。；]{0,8}?(?:放在|存在|寄到|发到|送到|交给)", rest)
        or _WE_HANDLE_NEXT.search(rest) is not None
    )


# a later clause with us as its subject, doing something (not failing to, not forced to):
# "您没赶上的那节试听课，我们录了视频" tells what we did with the thing the relative clause names
_WE_HANDLE_NEXT = re.compile(
    r"[，,；;]\s*(?:这次|今天|明天|已经|现在)?我们(?!没|不|未|只|也没|也不|无法)")


# the customer was late, so we had no choice: "您到店时已经超过预约时间二十分钟，我们只能…"
_LATE_SO_FORCED = re.compile(
    r"((?:您|你)(?!的)[^，。；]{0,10}?(?:超过|超出|过了|晚了|迟到|错过)[^，。；]{0,12})[，,]\s*"
    r"(?:我们|本店|店里|系统)?(?:也)?(?:只能|只好|只得|不得不)"
)
_WHEN = re.compile(r"(?:的时候|时候|之时|那天|那一刻)\s*$")


def _your_thing_named(tokens: tuple[tuple[str, str], ...], at: int) -> bool:
    """ "是您三月以前的旧文件": bare 是, then the customer's thing (no verb before its 的, a
    noun after it, nothing more in the clause): which thing, not what they did."""
    if tokens[at - 1][0] != "是":
        return False
    rest = tokens[at + 1 :]
    k = next((j for j, (w, _) in enumerate(rest) if w == "的"), None)
    return (
        k is not None
        and not any(f[:1] == "v" for _, f in rest[:k])
        and bool(rest[k + 1 :])
        and all(f[:1] in "nabm" for _, f in rest[k + 1 :])
    )


_THIS = ("这", "那", "它", "这些", "那些", "这个", "那个", "这笔", "这份")
_FAULT_WORDS = ("自己", "问题", "原因", "责任", "错", "失误", "疏忽", "过错", "造成", "导致",
                "引起", "所致", "害", "才")


def _this_is_theirs(tokens: tuple[tuple[str, str], ...], at: int) -> bool:
    """ "这是您应得的", "但这是您父亲留下的表": 这/那 + 是 + the customer names what the thing
    is to them (theirs, what they are owed), with no negator and no fault word after it;
    not "这是您没锁好门造成的", "这是您自己的问题"."""
    if at < 2 or tokens[at - 1][0] != "是" or tokens[at - 2][0] not in _THIS:
        return False
    rest = [w for w, _ in tokens[at + 1 :]]
    return "的" in rest and not any(
        _negator(w) or any(f in w for f in _FAULT_WORDS) for w in rest
    )


def _names_a_thing(tokens: tuple[tuple[str, str], ...], at: int) -> bool:
    """ "正好是您弹起来回头看镜头的那一段", "这是您第一次来观星营": 是 + the customer, then a
    relative clause closed by 的 and a noun phrase (which part, which thing), or an ordinal
    (how many times): no negator and no fault word in it."""
    if at < 1 or tokens[at - 1][0] != "是":
        return False
    rest = tokens[at + 1 :]
    words = [w for w, _ in rest]
    if any(_negator(w) or any(f in w for f in _FAULT_WORDS) for w in words):
        return False
    if words and re.match(r"第[一二三四五六七八九十两\d]|头一[次回]|首次", words[0]):
        return True
    if "的" not in words:
        return False
    tail = rest[len(words) - words[::-1].index("的") :]
    return bool(tail) and all(f[:1] in "nrmq" for _, f in tail)


# our own slip named after the customer's plight (a wrong or missed act, not "我们没能…")
_OUR_SLIP = re.compile(
    r"(?:我们|我司|本店)(?:的[^，。；的]{1,6}?)?[^，。；的]{0,6}?"
    r"(?:漏|错|忘|弄丢|弄坏|出了错|出错|疏忽|失误)"
)
_TIME_AFTER = ("时", "时候", "的时候", "后", "之后", "以后", "那天", "当天", "那次", "期间")


def _none_left(tokens: tuple[tuple[str, str], ...], between: list[str], at: int) -> bool:
    """ "您到店时没有房了", "您上课那天更衣室没有热水": after a time clause of the customer
    (…时, …那天), 没有 with only a noun after it says there was none left; the customer is not
    who failed to do something."""
    if not set(between) & set(_TIME_AFTER) or tokens[at][0] not in ("没有", "没"):
        return False
    rest = [(w, f) for w, f in tokens[at + 1 :] if w != "了"]
    return bool(rest) and all(f[:1] == "n" for _, f in rest)


# a rhetorical question put to the customer: "难道要我们为您一个人破例吗？"
_RHETORICAL = re.compile(r"难道[^。！？]*?[吗呢][？?]?")
_COUNTED = ("有些", "一些", "部分", "个别", "某些", "若干", "有的", "少数", "不少")
_MISSED_OUT = re.compile(r"^[^，。；]?[到成上着]")
_SORRY = re.compile(r"对不起|抱歉|道歉")
# could not reach an outcome (a verb and its result): "没能跑完", "没能看到", "未能赶上"
_COULD_NOT_REACH = re.compile(r"(?:您|你)[^，。；]{0,6}?(?:没能|未能)[\u4e00-\u9fff][完成上到着]")
# did not get an outcome (a verb and its result), 没 or 没能: "您那天没赶上开场", "您没看到喂鲨鱼"
_MISSED_RESULT = re.compile(
    r"(?:您|你)[^，。；您你]{0,6}?(?:没能|未能|没有|没)[\u4e00-\u9fff][完成上到着]"
)
# a thing gone dark, shut or stopped: "灯暗了八分钟", "展厅周六关了半天"
_WENT_OFF = re.compile(r"[暗关黑停][了掉]")
# made good with nobody named: "这一单不收钱", "费用全退", "免费补一次"
_MADE_GOOD = re.compile(
    r"不收(?:钱|费|了)|免(?:了|掉)|免费|全退|退(?:给|还|回)?您|补(?:送|发|寄|一)|赔"
)
_BROKE = re.compile(r"[少晚慢坏停断丢错漏缺破碎烂湿脏歪反](?:了|掉|到)")
# money or a thing going back to them, whoever the subject: "多出的部分会在五个工作日内退回"
_RETURNED = re.compile(r"(?:会|将|就)[^，。；]{0,12}?(?:退回|退还|返还|补发|补上|赔付|赔偿)")


def _missed_after_harm(parts: list[tuple[int, str]], n: int, clause: str, text: str) -> bool:
    """ "我们的车晚到了半小时，您那天没赶上开场，对不起": the clause before names a harm that
    is not the customer's doing, then what they missed because of it, said with sorry or our
    making it right, and nothing held against them after it."""
    if n == 0 or not _MISSED_RESULT.search(clause):
        return False
    before = parts[n - 1][1]
    after = "，".join(c for _, c in parts[n + 1 :])
    return (
        not re.match(r"\s*(?:因为|由于|是)?(?:您|你)", before)
        and (negative(before) or bool(_WENT_OFF.search(before) or _BROKE.search(before)))
        and bool(_SORRY.search(text) or OUR_REMEDY.search(after) or _MADE_GOOD.search(after))
        and not _HELD_AGAINST.search(after)
    )


def _counted_who_missed_out(
    tokens: tuple[tuple[str, str], ...], at: int, k: int, text: str
) -> bool:
    """ "有些客户没看到成交", "今天有3位游客没出成票": customers counted (a quantifier, a
    number or a measure word before them) who did not get an outcome (a verb with a result:
    看到, 出成, 买上), in a message that says sorry, are the ones harmed, not who failed to act."""
    words = [w for w, _ in tokens]
    counted = at > 0 and (words[at - 1] in _COUNTED or tokens[at - 1][1] in ("q", "m"))
    outcome = "".join(words[at + k + 2 : at + k + 4])
    return (
        counted
        and bool(_MISSED_OUT.match(outcome))
        and _SORRY.search(text) is not None
    )


def _ours_failed_before(text: str, start: int) -> bool:
    """Anywhere before ``start`` the text names our fault, our own thing broken down among
    them: "我们的网站一直打不开。照片也传不上去。有些考生没能按时缴费。"."""
    head = text[:start]
    return bool(head) and our_fault(head)


# a clause with no subject of its own that goes on from one whose subject is us
_GOES_ON = re.compile(r"\s*(?:但是?|可是?|却|也|又|还|而且|并且?)+(?:没|未|忘)")


def _we_go_on(parts: list[tuple[int, str]], n: int, clause: str) -> bool:
    """ "上周我们调了课表，却没通知已报名的学员": the negated act is still ours (the
    subject 我们 carries over a comma), and the customer is its object."""
    return (
        n > 0
        and bool(_GOES_ON.match(clause))
        and bool(re.search(r"(?<!不是)(?:我们|我司|本店)", parts[n - 1][1]))
    )


# we as the one who should have done it, before the customer is named in the clause
_WE_SHOULD_HAVE = re.compile(
    r"我们[^，。；您你]{0,6}?(?:应该|应当|本该|本应|早该|没有|没|忘了|忘记|未能|没能)"
)


def _remedied_if(parts: list[tuple[int, str]], n: int, clause: str) -> bool:
    """A supposed case (如果/要是… at the clause's head) whose next clause makes it right
    (money going back, a thing sent again), not a consequence that did not happen."""
    follow = parts[n + 1][1] if n + 1 < len(parts) else ""
    return bool(follow) and bool(_CONDITIONAL.search(clause.lstrip())) and bool(
        OUR_REMEDY.search(follow) or _MADE_GOOD.search(follow) or _RETURNED.search(follow)
        or _WE_BEAR.search(follow)
    ) and not _PAST_RESULT.search(follow)


# the cost of the supposed case put on us, by 由 or with us as the subject of bearing it:
# "因此产生的利息和滞纳金由我们承担", "我们来付"
_WE_BEAR = re.compile(
    r"由(?:我们|我司|本公司)(?:来|全额|全部)?(?:承担|负担|支付|付|出|报销|垫付)"
    r"|(?:我们|我司|本公司)(?:会|将|来)?(?:全额|全部)?(?:承担|负担|报销|垫付)"
)


def customer_blame(text: str, start: int, sentence: str) -> list[Hit]:
    words = lexicon()
    requests = ("请", "告诉我们", "联系我们", "回复", "可以", "没关系", "仍可", "照样", "不影响")
    if not (words["has_customer"].search(sentence) or "请" in sentence) or not _TRIGGERS.search(
        sentence
    ):
        return []
    if "难道" in sentence and (asked := _RHETORICAL.search(sentence)):
        kept = sentence[: asked.start()].rstrip("，, ")
        return [Hit(
            "blame_customer", (start + asked.start(), start + asked.end()),
            f"“{asked.group(0)}”：反问客户，把问题推回给对方",
            (f"{kept}。" if kept else "")
            + "对不起，让您为难了。我们来帮您：（写出补救，例如今天先为您恢复使用）。",
        )]
    if _OWNS.search(sentence):
        return []  # "您没选错日期，是我们的页面显示错了": owned
    parts = list(clauses(sentence, start))
    if own := their_own_doing(start, sentence, parts):
        return [own]
    if m := _LATE_SO_FORCED.search(sentence):  # "您到店时已经超过预约时间二十分钟，我们只能…"
        return [Hit(
            "blame_customer", (start + m.start(), start + m.end()),
            f"“{m.group(0)}”：拿客户来晚了当理由，说我们别无选择",
            f"{m.group(1)}，我们本该提前提醒您时间，也该先问问您。这是我们的决定，由我们负责："
            "我们会（写出补救，例如今天给您加一个号）。",
        )]
    wrong = bool(_WRONG_CHOICE.search(sentence) or _LECTURE.search(sentence))
    cleared = _CLEARED.search(sentence)  # "没有附发票也没关系": not held against them
    sorry = bool(_SORRY.search(sentence))  # "您错过了预约，对不起": their harm
    for n, (at, clause) in enumerate(parts):
        if _remedied_if(parts, n, clause):
            continue  # "如果您已经按错误金额缴费，多出的部分会退回": what we make right, if so
        has = bool(words["has_customer"].search(clause))
        if has and (
            hit := _fault_as_cause(parts, n)
            or (wrong and (_wrong_choice(at, clause) or _lecture(at, clause)))
        ):
            return [hit]
        follow = parts[n + 1][1].lstrip() if n + 1 < len(parts) else ""
        if n + 1 < len(parts) and (
            follow.startswith(("才", "导致", "造成", "所以", "就", "也不会", "也就")) or (
                (_CONDITIONAL.search(clause.lstrip()) or _IF_SAID_AFTER.search(clause))
                and (_counterfactual(follow, []) or _counterfactual(clause, []) or "就" in follow)
            )
        ):  # a next clause to join ("若也不会错了人数。" has none)
            clause = clause + "，" + parts[n + 1][1]  # "您…，才导致…": one thought
            has = bool(words["has_customer"].search(clause))
        if not (has and words["has_blame"].search(clause)):
            continue
        tokens = segment(clause)
        lows = [w for w, _ in tokens]
        conditional = bool(_CONDITIONAL.search(clause.lstrip())) or _IF_SAID_AFTER.search(
            clause.split("，")[0]
        ) is not None
        counter = _counterfactual(clause, lows)
        consequence = clause.split("，", 1)[1] if "，" in clause else ""
        if conditional and any(r in (consequence or sentence) for r in requests) and not (
            _PAST_RESULT.search(consequence)
        ):
            continue  # "如果您还没收到，请回复": an offer of help, not blame
        if conditional and not counter and "就能" in consequence and not _PAST_RESULT.search(
            consequence
        ):
            continue  # "您要是忘了取件码，在小程序里…就能看到": how to help themselves
        counter = counter or bool(
            conditional and "了" in clause.split("，")[0] and _PAST_RESULT.search(consequence)
        )  # "您当初如果买了延保，这次维修就免费了": what would have been
        for i, word in enumerate(lows):
            if not _is_customer(word) or lows[i + 1 : i + 2] == ["的"]:
                continue  # "您的卡号没有泄露": the customer's thing, not the customer
            if word not in words["customers"] and tokens[i][1] in ("nr", "nrt", "v", "vn"):
                continue  # "教练|换人|没提前通知": jieba's 换人 (a verb) is not a person
            if lows[i + 1 : i + 2] == ["家"] and tokens[i + 2 : i + 3] and (
                tokens[i + 2][1][:1] == "n" and lows[i + 2] not in ("里", "人")
            ):
                continue  # "您家燃气表电池没电了": the thing in their home, not what they did
            modifier = i + 1 < len(tokens) and tokens[i + 1][1][:1] in ("n", "b") and word != "您"
            if (modifier and (lows[i - 1 : i] != ["的"] or word not in words["customers"])) or (
                lows[max(0, i - 2) : i] in (["您", "的"], ["你", "的"])
            ):
                continue  # "(您的)会员等级没有变化": a customer noun used as a modifier; one by
                # its ending only also after 的 ("您没确认的入户地址": the address of a move-in)
            if i and lows[i - 1] in ("给", "为", "帮", "替") and "我们" in lows[:i]:
                continue  # "我们答应给您升级的房间没有兑现": our act for them, undone
            if i and lows[i - 1] in _CAUSATIVE:
                continue  # "害您没能按时交钥匙": the harm fell on the customer, who did nothing
            after = lows[i + 1 : i + 5]
            before = lows[max(0, i - 6) : i]
            cause = (
                i
                and lows[i - 1] in ("由于", "因为", "因", "是", "是因为", "是由于", "正是因为")
                and lows[i - 2 : i - 1] != ["不"]
                and not _WHEN.search(clause)  # "正好是您提交材料的时候": a time, not a cause
                and not _your_thing_named(tokens, i)  # "被清理的是您三月以前的旧文件"
                and not _this_is_theirs(tokens, i)  # "但这是您父亲留下的表"
                and not _names_a_thing(tokens, i)  # "正好是您…回头看镜头的那一段"
                # what a check finds: "确认是您本人", "核实是您自己操作的"
                and lows[i - 2 : i - 1] not in (["确认"], ["核实"], ["证明"], ["验证"], ["确定"])
                and not _THANKED.search(sentence)  # "是您先发现了账单的问题，谢谢您告诉我们"
            )
            neglect = None if cleared else next(
                (
                    w
                    for k, w in enumerate(after)
                    if _negator(w)
                    and not (sorry and w.endswith("错过"))
                    and not set(after[:k])
                    & {"可能", "也许", "或许", "恐怕", "大概", "因此", "所以", "才", "因而",
                       "可以", "能", "可", "请",  # "您可以换到没标的位置": an offer
                       "只能", "只好"}  # "您只能住没有私汤的普通房": what they were left with
                    and not set(after[k + 1 : k + 3]) & {"受到", "受", "被", "遇到", "收到"}
                    and not set(lows[i + k + 2 : i + k + 4]) & words["cleared"]
                    and "错" not in "".join(lows[i + k + 2 : i + k + 3])
                    and not _none_left(tokens, after[:k], i + k + 1)
                ),
                None,
            )
            if neglect and _relative_then_offer(lows, i, after.index(neglect), sentence, clause):
                neglect = None  # "您还没领的那张洗衣券一直有效": a thing named, then our offer
            if neglect and _counted_who_missed_out(tokens, i, after.index(neglect), text):
                neglect = None  # "有3位游客没出成票，您是其中之一，对不起": counted, not blamed
            if neglect and _COULD_NOT_REACH.search(clause) and _SORRY.search(text) and not (
                _HELD_AGAINST.search(sentence.split(clause, 1)[-1])
            ):  # "有两台车在您比赛途中熄火，您没能跑完全程": an outcome missed, said with sorry
                neglect = None
            if neglect and _missed_after_harm(parts, n, clause, text):
                neglect = None  # "展厅的空调坏了两个小时，您没看到下午的讲解，对不起"
            if neglect and (
                _OUR_SLIP.search(sentence.split(clause, 1)[-1])
                or (  # "…，因为我们发的号码错了"; not "怎么能算我们的问题呢？"
                    our_fault(sentence.split(clause, 1)[-1])
                    and not re.search(r"[？?]|怎么|难道|凭什么|哪里", sentence)
                )
            ):
                neglect = None  # "您家老人没吃上午饭，我们的送餐员漏送了一户": why, and it is ours
            if neglect and _handled_for_them(sentence.split(clause, 1)[-1]):
                neglect = None  # "您预约时没选课程，我们帮您选了最近的一节": done for them
            if neglect and re.search(r"(?:没|未)能|无法|不能", clause) and (
                owned_near(text, start, sentence) or _ours_failed_before(text, start)
            ):  # "护照有效期我们没核对清楚。您在机场没能办登机": they could not, and we own why
                neglect = None
            relative = (
                "的" in before[-2:]
                and (any(_negator(w) for w in lows[:i]) or "不符合" in "".join(lows[:i]))
                and "我们" not in lows[:i]  # "我们没有通知到的客户": our failure
                and not any(  # "暂时没有发现涉及…的新客户": what we found none of
                    _negator(w) and lows[k + 1 : k + 2] and lows[k + 1] in words["finding_verbs"]
                    for k, w in enumerate(lows[:i]))
                and not _we_go_on(parts, n, clause)  # "我们调了课表，却没通知已报名的学员"
                and not _OFFER.search("".join(lows[i + 1 :]) + sentence.split(clause, 1)[-1])
            )  # not "没能入场的客人都会拿到退款", "还没确认订单的客户，我们会保留到周五"
            blame = (
                cause
                or neglect
                or relative
                or (conditional and counter)
                or ("才" in lows[i:] and any(w in ("导致", "造成", "会") for w in lows[i:]))
            )
            you_at = clause.find("您")
            if blame and you_at > 0 and _WE_SHOULD_HAVE.search(clause[:you_at]):
                blame = False  # "我们染之前应该先问清您以前染过没有": our shortfall, said as ours
            if blame and _OURS_BROUGHT_TO_LIGHT.search(clause):
                blame = False  # "是您让我们的不足暴露在众目睽睽之下": credit for showing our fault
            if blame:
                return clause_hit(
                    "blame_customer", at, clause,
                    f"“{clause.strip()}”",
                    _customer_rewrite(clause, tokens, i, neglect),
                )
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
        thing = re.sub(r"^(?:能够|能)(?=.)", "", thing)  # "没能按时缴费": remind them to pay
        return f"我们没有提醒您{thing}，这是我们的问题。"
    words = [w for w, _ in tokens]
    if at and words[at - 1] in ("因为", "由于", "是因为", "是由于", "正是因为"):
        act = "".join(words[at + 1 :]).split("，")[0].replace("了", "")
        if act:  # "这笔手续费是因为您选择了加急办理"
            return f"我们应该提前告诉您{act}会有什么后果，这是我们的问题，不是您的。"
    first = clause.split("，")[0].strip()
    if _CONDITIONAL.search(first):  # "如果您当时看了提醒，就不会…了"
        cond = re.sub(
            r"^(?:如果|若|假如|要是)?(?:您|你)?(?:当时|之前|当初)?(?:要是|如果|若能|若是|若|假如|倘若)?"
            r"(?:当时|之前|当初)?",
            "",
            first,
        )
        early = cond.startswith(("早点", "早些"))
        cond = cond.removeprefix("早点").removeprefix("早些").replace("了", "")
        if cond and "我们" in cond:  # "您要是早点联系我们" -> "我们本该早点联系您"
            act = ("早点" if early else "") + cond.replace("我们", "您")
            return f"我们本该{act}。这是我们的问题，不是您的。"
        if cond:
            return f"我们本该提醒您{cond}。这是我们的问题，不是您的。"
    negator = next((w for w in words[:at] if w in lexicon()["customer_negators"]), None)
    if negator and "的" in words[:at]:  # "没带身份证的病人只能…"
        k = words.index(negator)
        thing = "".join(words[k + 1 : words.index("的", k)])
        if thing:
            return f"我们没有提前提醒大家{thing}，这是我们的问题，我们来补救。"
    return "不要责怪客户：“这不是您的错，是我们没有做好。”"


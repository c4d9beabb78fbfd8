"""The customer's own doing named as the reason: their choice ("您选的是特价票，不支持退换"),
their finished act with what failed after it ("您勾选了无需发票，所以…"), a deadline they
missed, a warning in advance ("请确保余额充足，以免…"), telling them to take care next time.
"""

from __future__ import annotations

import re

from gateway.messages.lint.chinese.segment import gated
from gateway.messages.lint.findings import Hit, clause_finding

_RESULT = ("才", "导致", "造成", "所以", "因此", "使得", "致使", "结果")

# the cause is the customer's missing detail: "您的包裹因地址填写不详无法投递"
_CAUSE_FAULT = re.compile(
    r"(?:因|由于|因为)(?:您的?)?([^，。；]{1,6}?)(?:填写|提供|输入)?(?:不详|不全|有误|不完整)"
)

_WHO = r"(?:您|你|用户|客户|顾客|会员|乘客|旅客)"
_WHO_FIRST = re.compile(_WHO)
# a word every customer-blame shape needs (a cheap gate for the whole sentence)
_FAILED = re.compile(r"没|未|无法|不能|不了|失败|被拒|不成功|不上|不到|不及|不适用|不支持|不兼容")
_CHARGED = re.compile(r"扣|费|罚|损失|滞纳金|违约金")  # "所以才有这几笔扣款"
# the customer's own people: "您的孩子使用了您的账号"
_KIN = re.compile(
    r"(?:您|你)(?:的|家的?|家里的?)?"
    r"(?:孩子|小孩|宝宝|儿子|女儿|老人|家人|家属|朋友|同事|亲友|子女|父母|爱人|先生|太太)"
)
# the customer chose or typed wrongly: "您选择了错误的套餐", "您填错了地址"
_WRONG_CHOICE = gated(
    r"(?<![把让给帮替为向对被])" + _WHO
    + r"(?:自己)?(?:[^，。；的没未不]{0,3}?(?:了)?错误的(\w{1,6})"
    r"|[^，。；的没未不]{0,2}?(?:[选填输写按点拨买订]错|误[选填点触按删关开购买订])了?(\w{0,6}))"
)
# the customer did not tell us: "您的手机号码已变更却没有通知我们"
_DID_NOT_TELL = re.compile(
    r"(?:却|也|又|并)?(?:没有|没|未)(?:及时)?(?:通知|告诉|告知|联系)(?:我们|我司|客服)"
)
# the customer's choice makes the harm natural: "您在高峰期下单，配送时间自然会长一些"
_NATURALLY = re.compile(r"自然(?:会|就|要|[打用收到进登没不无])|难免|当然(?:会|没|不|就)|肯定会")
# what we were left to do because of it: "座位只能让给下一位客人", "流程只好重新开始",
# or what we refuse: "这笔扣款无法退回"
_LEFT_TO = re.compile(
    r"只好|只能|只得|不得不|(?:无法|不能|不予|不支持|不可|没法)(?:再)?"
    r"(?:退|撤|取消|恢复|补|赔|受理|办理|更改|改|找回|保留)"
)
# the risk or the cost put on them: "丢件的风险要您自己承担"
_THEIRS_TO_BEAR = gated(
    r"(?:风险|责任|后果|损失|费用)[^，。；]{0,6}?(?:由|要|需|需要|得|应|应由|请)?"
    r"(?:您|你|用户|客户|顾客|买家|乘客)(?:自己|自行|本人)?(?:来)?(?:承担|负责|负担|担着)"
    r"|(?:后果|风险|责任|损失)自负"
)
# their own thing did it to ours: "您手机里装的清理软件把我们的提醒关掉了"
_THEIR_THING_DID = re.compile(
    r"^\s*(?:您|你)[^，。；]{0,10}?的[^，。；]{1,8}?把(?:我们|我司)的?[^，。；]{1,8}?"
    r"(?:关|删|拦|屏蔽|挡|卸载|清|禁)"
)
# the channel they chose, named as why we cannot help: "您的预约是在第三方平台做的，我们这边查不到"
_THROUGH = re.compile(
    _WHO
    + r"[^，。；]{0,6}?是?(?:在|通过|从)[^，。；]{2,10}?"
    + r"(做|买|订|办|下|购买|预订|预约|申请|下单)的"
    + r"[，,]?[^，。；]{0,8}?(?:无法|不能|不了|查不到|不到|不支持|不予|没法)"
)
# their act judged too late or too slow: "您申请得太晚了"
_TOO = gated(
    r"(?<![诉知给帮替为让对向把被])" + _WHO + r"[^，。；]{0,6}?得(?:太|过于|有点|有些)"
    r"(?:晚|迟|慢|快|早|多|少|久)"
)
# the harm called normal for what they chose: "您选的是普通快递，慢几天是正常的"
_CHOICE_NORMAL = re.compile(
    _WHO + r"[^，。；]{0,4}?的是[^，。；]{1,10}[，,][^，。；]{0,8}?(?:正常|难免|在所难免|很常见)"
)
# telling the customer to take more care next time: "请您以后仔细核对收件信息"
_CAREFUL = r"(?:仔细|认真|注意|留意|小心|务必|谨慎|核对|确认|检查|看清|妥善|保管|保护好|牢记|记得)"
_LECTURE = re.compile(
    r"请" + _WHO + r"?(?:以后|下次|今后|日后)[^，。；]{0,6}?(?:务必|一定|先)?(?:要)?" + _CAREFUL
)
# the same, with the time first and the request after it: "下次下单前，麻烦您先把说明看清楚"
_NEXT_TIME = re.compile(
    r"(?:以后|下次|今后|日后|再)[^，。；]{0,8}?[，,]?(?:请|麻烦|记得|务必)"
    + _WHO
    + r"?(?:一定|务必)?(?:要)?(?:先)?(?:把[^，。；]{1,8}?)?"
    + _CAREFUL.replace("(?:", "(?:先|看清楚|", 1)
)


def _wrong_choice(at: int, clause: str) -> Hit | None:
    m = _WRONG_CHOICE.search(clause)
    if m is None:
        return None
    thing = (m.group(1) or m.group(2) or "").removeprefix("了")
    said = f"把{thing}说清楚" if thing else "说清楚"
    return clause_finding(
        "blame_customer", at, clause,
        f"“{m.group(0)}”：说成是客户弄错的",
        f"我们没有{said}，这是我们的问题，不是您的。",
    )


# the customer's own choice named as why we will not help: "您购买的是特价商品，不支持退换"
_THEIR_CHOICE = re.compile(
    _WHO
    + r"[^，。；]{0,4}?的是(?:[^，。；]{1,10}[，,]?(?:所以|因此)?|[^，。；]{0,4}?)"
    + r"(?:不支持|不能|无法|不予|不可|不在)"  # "…，不支持退换", "的是不可退款的特价票"
)


# "系统才会冻结充值": 才会 before a stop is the result; "付款后才会发货" is a rule
_SUBJECT_THEN = re.compile(
    r"(?!所以|因此|结果)[^，。；才]{1,10}?才(?!能|可以|开始|知道|发现)"
    r"(?!会(?!被?(?:冻结|锁|拦|停|关|取消|失效|作废|驳回|扣|限制)))"
)
# "您连续三次输错密码", "您的账号在异地频繁登录"
_SLIP = re.compile(r"错|漏|忘|少了|多了|超过|连续|频繁|多次|反复|异地")
_HARM_TO_THEM = re.compile(r"晚|丢|坏|破|延误|被")
_STOPPED = re.compile(r"退回|锁|冻结|拦|停|关|取消|失效|作废|驳回|过期|扣")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")


def _act_as_cause(parts: list[tuple[int, str]]) -> Hit | None:
    """ "您下单时勾选了无需发票，所以我们没有开票": the customer's finished act, then what
    failed because of it."""
    for n, (at, clause) in enumerate(parts[:-1]):
        follow = parts[n + 1][1].strip()
        lead = clause.lstrip()
        unquoted = _QUOTED.sub("", lead)  # "您选择了“不需要发票”"
        # "…，包裹才退回了仓库", "…，账户才锁住了": 才 after the next clause's subject makes
        # the customer's act the cause of what went wrong
        if not (_WHO_FIRST.match(lead) or _KIN.match(lead)):
            continue
        then = _SUBJECT_THEN.match(follow) if "才" in follow else None
        if not (
            (_WHO_FIRST.match(lead) or _KIN.match(lead))
            and not (lead.startswith(("您的", "你的")) and not _KIN.match(lead) and not then)
            and ("了" in lead or "才" in lead or (then and _SLIP.search(lead)))
            and not re.search(r"我们|没|未|不", unquoted)
            and not (then and _HARM_TO_THEM.search(lead))  # "您的包裹晚到了": their harm
            and not _WRONG_CHOICE.search(lead)  # "您选择了错误的套餐": said by _wrong_choice
            and (
                (follow.startswith(_RESULT) and (_FAILED.search(follow) or _CHARGED.search(follow)))
                or bool(_LEFT_TO.search(follow) or _NATURALLY.search(follow))
                or bool(then and (_FAILED.search(follow) or _STOPPED.search(follow)))
            )
        ):
            continue
        if then and not follow.startswith(_RESULT):
            result = follow.replace("才", "", 1)
            return clause_finding(
                "blame_customer", at, clause,
                f"“{lead}”：把客户自己的操作说成原因",
                f"{result}，是我们没有提前想到、及时提醒您，不是您的错。"
                "我们会（写出补救和时间）。",
            )
        if not follow.startswith(_RESULT):  # "座位只能让给下一位客人": what we were left to do
            act = re.sub(r"^(?:您|你)的?|了", "", lead)
            return clause_finding(
                "blame_customer", at, clause,
                f"“{lead}”：把客户自己的操作说成原因",
                f"我们没有提前说清楚{act}会怎样，这是我们的问题，不是您的错。"
                f"“{follow}”这件事，我们会（写出补救）。",
            )
        result = re.sub(r"^(?:所以|因此|结果|导致|造成|使得|致使)?才?", "", follow)
        result = result.removeprefix("有")  # "所以才有这几笔扣款" -> "这几笔扣款"
        return clause_finding(
            "blame_customer", at, clause,
            f"“{lead}”：把客户自己的操作说成原因",
            f"{'' if result.startswith(('我们', '这', '那')) else '您'}{result}，"
            "是我们没有提前把这一点说清楚，不是您的错。我们会（写出补救）。",
        )
    return None


# the customer past a deadline, and so refused: "您已超过无理由退货期限，我们无法受理"
_PAST_DEADLINE = re.compile(
    _WHO + r"(?:已经?|早已)?(?:超过|超出|过了|错过)[^，。；]{0,8}?(?:期限|时限|有效期|时间|日期)"
    r"[，,]?[^，。；]{0,6}?(?:无法|不能|不予|不再|不可)"
)
_PAST_GATE = re.compile("超过|超出|过了|错过")
_IN_CASE_GATE = re.compile("以免|以防|规定|否则")
# a warning that makes the failure theirs in advance: "请您务必确保余额充足，以免扣款失败"
_IN_CASE = re.compile(
    r"请[^，。；]{0,10}?(?:确保|保证|保持)[^，。；]{1,12}[，,]?以(?:免|防)|请[^，。；]{1,12}[，,]以(?:免|防)"
    r"|请[^，。；]{1,16}[，,]否则"  # "请您务必在截止日期前完成缴费，否则后果自负"
    # a rule cited for what was done to them: "已按规定退回"
    r"|按(?:照)?(?:相关)?规定(?:予以)?(?:退回|扣除|取消|关闭|作废|处理|收取|冻结)"
)


# a window while a step of ours is pending, set before the request: "在订单状态未变成…之前，"
_STEP_PENDING = re.compile(r"在[^，。；]{2,24}?(?:之前|以前)[，,]\s*$")
# the consequence laid on them, not named: "否则后果自负", "责任由您承担"
_ON_THEM = re.compile(r"自负|自行承担|由您承担|由您负责|概不负责")
# what 以免 guards against: a harm around a coming step of ours ("恢复供水后", "来电时"),
# with no "again" (再, 再次, 下次) that says the customer erred before
_SAFETY = re.compile(r"(?![^，。；]*(?:再|下次|今后|以后))[^，。；]{1,8}?(?:后|时|期间)")


def _lecture(at: int, clause: str) -> Hit | None:
    m = _LECTURE.search(clause)
    if m is None:
        return None
    return clause_finding(
        "blame_customer", at, clause,
        f"“{m.group(0)}”：要客户下次小心，等于说是客户的错",
        "这次是我们没做好。我们已经改了（写出改了什么），您不需要做任何事。",
    )


def their_own_doing(start: int, sentence: str, parts: list[tuple[int, str]]) -> Hit | None:
    """The customer's own choice, act or omission named as the reason something failed."""
    customer_first = bool(_WHO_FIRST.match(sentence.lstrip()))
    if customer_first and (
        _DID_NOT_TELL.search(sentence)
        or (len(parts) > 1 and _NATURALLY.search(parts[1][1]))
    ):
        at, first = parts[0]
        return Hit(
            "blame_customer",
            (at, at + len(first)),
            f"“{first.strip()}”：把原因放在客户身上",
            "这是我们没有安排好，不是您的问题。我们已经（写出补救），以后（写出改了什么）。",
        )
    if (
        customer_first
        and ("因" in sentence or "由于" in sentence)
        and (m := _CAUSE_FAULT.search(sentence))
    ):
        return Hit(
            "blame_customer",
            (start + m.start(), start + m.end()),
            f"“{m.group(0)}”：把原因放在客户身上",
            f"我们没有和您核对{m.group(1)}，这是我们的问题。我们会（写出补救）。",
        )
    chose = "的是" in sentence  # a cheap test before the shapes that need it
    in_case = _IN_CASE_GATE.search(sentence) and _IN_CASE.search(sentence)
    if in_case and _SAFETY.match(sentence, in_case.end()):
        in_case = None  # "无人在家，请关闭阀门，以免恢复供水后造成损失": a precaution around
        # our own coming step, not "以免再次买错" (what they are told not to do again)
    if in_case and in_case.group(0).endswith("否则") and _STEP_PENDING.search(
        sentence, 0, in_case.start()
    ) and not _ON_THEM.search(sentence, in_case.end()):
        in_case = None  # "在订单状态未变成“退款通过”之前，请您不要使用…，否则可能会导致无法
        # 退款": a precaution while a step of ours is pending, its outcome named
    if m := (
        (_THEIR_CHOICE.search(sentence) if chose else None)
        or (_PAST_GATE.search(sentence) and _PAST_DEADLINE.search(sentence))
        or in_case
    ):
        return Hit(
            "blame_customer",
            (start + m.start(), start + m.end()),
            f"“{m.group(0)}”：拿客户自己的选择当理由",
            "我们应该在您下单前就说清楚这一点。现在我们能为您做的是：（写出具体的补救）。",
        )
    if "把我" in sentence and (m := _THEIR_THING_DID.search(sentence)):  # "…把我们的提醒关掉了"
        said = m.group(0)
        thing = said[said.rindex("的", 0, said.index("把")) + 1 : said.index("把")]
        ours = re.search(r"把(?:我们|我司)的?([^，。；]{1,8}?)(?:关|删|拦|屏蔽|挡|卸|清|禁)", said)
        return Hit(
            "blame_customer",
            (start + m.start(), start + m.end()),
            f"“{m.group(0)}”：把后果推给客户",
            f"我们的{ours.group(1) if ours else '消息'}没能送到您，是我们没想到{thing}会拦下它。"
            "我们会改用（写出别的办法），这不是您的问题。",
        )
    if "的" in sentence and (m := _THROUGH.search(sentence)):  # "您的预约是在第三方平台做的，…"
        return Hit(
            "blame_customer",
            (start + m.start(), start + m.end()),
            f"“{m.group(0)}”：拿客户选的渠道当理由",
            f"不管您是在哪里{m.group(1)}的，都由我们来处理：（写出我们会做什么、什么时候答复）。",
        )
    if m := (
        (_THEIRS_TO_BEAR.search(sentence) if "担" in sentence or "负" in sentence else None)
        or (_CHOICE_NORMAL.search(sentence) if chose else None)
        or (_TOO.search(sentence) if "得" in sentence else None)
    ):
        return Hit(
            "blame_customer",
            (start + m.start(), start + m.end()),
            f"“{m.group(0)}”：把后果推给客户",
            "这是我们该承担的：（写出我们怎么补救），以后（写出我们改了什么）。",
        )
    if ("请" in sentence or "麻烦" in sentence or "记得" in sentence or "务必" in sentence) and (
        m := _NEXT_TIME.search(sentence)
    ):
        return Hit(
            "blame_customer",
            (start + m.start(), start + m.end()),
            f"“{m.group(0)}”：要客户下次小心，等于说是客户的错",
            "这次是我们没说清楚。我们已经改了（写出改了什么），您不需要做任何事。",
        )
    if ("了" in sentence or "才" in sentence) and (act := _act_as_cause(parts)):
        return act
    return None

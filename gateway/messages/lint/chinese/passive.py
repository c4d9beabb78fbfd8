"""Chinese sentences that hide who did it: "被" with no agent, a thing "丢失了" on its own."""

from __future__ import annotations

import re

from gateway.messages.lint.chinese.segment import (
    OUR_ACT_WENT_WRONG,
    ba_object,
    clauses,
    gated,
    lexicon,
    names_a_doer,
    segment,
    whose_step,
)
from gateway.messages.lint.findings import Hit, clause_hit

# we named ourselves as the cause: "我们的电脑出了故障", "由于我们这边的计时出错"
_OWNED = re.compile(r"(?:我们|我司|本公司)[^，,]{0,8}(?:错|故障|失误|问题|弄|疏忽)")


# "without telling you" says how it was done, it does not deny it happened
_WITHOUT_NOTICE = re.compile(
    r"(?:在)?(?:未经|没经|未|没有|没)(?:提前)?(?:通知|告知|同意|允许|提醒|征得)[^，,被]{0,6}?"
    r"(?:的情况下|时|就)?"
)


_REPAID = re.compile(r"退回|退还|退给|返还|已退|补给|赔")
# an amount of money, in digits or in characters ("612 元", "二百四十元")
_NUMBER = (r"(?:\d+(?:\.\d+)?"
           r"|[一二两三四五六七八九十百千万]*[一二两三四五六七八九十][一二两三四五六七八九十百千万]*)")
_AMOUNT = re.compile(rf"{_NUMBER}\s*元")


def _owned_before(text: str, start: int) -> bool:
    previous = text[max(0, start - 30) : start]
    return bool(re.search(
        r"我们(?:出了错|弄错了|搞错了|犯了错)|我们的错|我们的失误", previous.split("。")[-2:][0]
    ))


def passive(text: str, start: int, sentence: str) -> list[Hit]:
    """ "被" straight before a verb, with no agent: "您的订单被取消了" hides who cancelled it."""
    if ("给" in sentence or "让" in sentence or "叫" in sentence or "遭" in sentence
            or "受到" in sentence) and _BEI_LIKE.search(sentence):
        return _passive(text, start, sentence, _as_bei(sentence))
    return _passive(text, start, sentence, sentence) if "被" in sentence else []


# passives said without 被: "给弄没了", "让人拿错了", "遭到了误删", "受到了损坏"
_BEI_LIKE = gated(
    r"(?<![发交送寄转递带还退卖借租留分传写打拨献供递])给(?=[弄搞删拿扔丢偷扣压撞碰砸拆剪烧冲吹挤卡关停撕摔划刮])"
    # (not "遭受的餐损": the loss suffered, named as a thing)
    r"|[让叫](?=人[拿偷取领用扔删动拆弄搬开刷盗冒])|遭(?![到受]的)(?:到|受)?了?"
    r"|受到了?(?=损坏|破坏|污染|损伤|篡改|磕碰|碰撞|撞击|挤压|刮擦|划伤)"
)


# a thing named by who handed it to us: "您交给我们的钥匙" says whose care, not who lost it
_GIVEN_TO_US = re.compile(r"(?:交|寄|留|托付|借|给)给我们的")


def _as_bei(sentence: str) -> str:
    """The sentence with 被 for its other passive markers (spans keep their meaning only by
    clause, so a finding covers the original clause)."""
    out = _BEI_LIKE.sub("被", sentence)
    return re.sub("被人(?=[\u4e00-\u9fff])", "被", out)  # "让人拿错了": 人 is nobody


_IT_WAS_US = re.compile(r"(?<![不非])是我们(?:的|没|自己)")
# the change made as the customer chose it: "您的预约已经被改到明天上午10点，这是您昨天在电话里
# 选的时间" (the chooser named, so nobody is hidden; not a fault of theirs either)
_THEIR_CHOICE = re.compile(
    r"(?<![不非])是(?:您|你)(?:自己)?[^，。；？！]{0,12}?(?:选|挑|定|约|要求|申请|指定)(?:好)?的")
# a condition opening the clause before 被: the passive is a case supposed, not one reported
_SUPPOSED = re.compile(
    r"^(?:如果|假如|要是|万一|倘若|若是?)|^(?:您|你)[^，,]{0,3}?(?:如果|要是|万一|假如)"
    r"|(?:是否|有否|有没有|是不是)$"  # "查看有否被扣错钱": whether it happened, asked
)
# a clause opened by a topic preposition names the matter the sentence answers
_TOPIC_OPENED = re.compile(r"\s*(?:就|关于|对于|针对)")
# the passive's verb (a word or two, then 了) and straight after it the reason: "被锁定是因为…"
_REASON_NEXT = re.compile(r"[\u4e00-\u9fff]{1,4}?了?(?:是因为|是由于)")
# the next clause opens with the reason: "…被退回，原因是表格第三页漏了签名"
_REASON_CLAUSE = re.compile(r"\s*(?:原因是|是因为|因为)")
# and the sentence says what puts it right, as a step with its outcome: "补签后…当天就能办"
_FIX_TOLD = re.compile(r"后[^，。；]{0,12}?就(?:能|可以|会)")


def _clause_after(sentence: str, clause: str) -> str:
    """The text of ``sentence`` after ``clause`` and its comma."""
    at = sentence.find(clause)
    return sentence[at + len(clause) :].lstrip("，, ") if at >= 0 else ""


_UNKNOWING = re.compile(r"不知道|不清楚|不知")
_MISHAP = re.compile(r"不慎|不小心|不幸")
_NEGATED = re.compile(r"没有|没|未|不")


def matter_repaid(sentence: str) -> bool:
    """ "就客户透过使用消费券时被错误扣款，公司将在一周内安排退款": a first clause opened by a
    topic preposition names the matter the sentence answers, and a later one pays it back."""
    first, _, after = re.split(r"[。！？；]", sentence.lstrip(), maxsplit=1)[0].partition("，")
    return bool(_TOPIC_OPENED.match(first)) and any(w in after for w in lexicon()["paid_back"])


def _passive(text: str, start: int, original: str, sentence: str) -> list[Hit]:
    if _IT_WAS_US.search(sentence):
        return []  # "您的行李被扔掉是我们的错": owned in the same sentence
    if _THEIR_CHOICE.search(sentence):
        return []  # "…被改到明天上午10点，这是您昨天在电话里选的时间": done as they chose
    if _owned_before(text, start):
        return []  # "我们出了错。您的预订被取消了。": owned just before
    spans = {c: (at, len(o)) for (at, o), (_, c) in zip(
        clauses(original, start), clauses(sentence, start), strict=False)}
    for _, clause in clauses(sentence, start):
        at, size = spans.get(clause, (start, len(clause)))
        if "被" not in clause:
            if _OWNED.search(clause):
                return []  # "我们的电脑出了故障，内存被占满了": owned earlier in the sentence
            if OUR_ACT_WENT_WRONG.search(sentence[: sentence.find(clause) + len(clause)]):
                return []  # "我们升级收费系统时，…出了错，一部分通行费被扣了两次"
            continue
        tokens = segment(clause)
        if len(tokens) > 1 and any(w.startswith("被") and len(w) == 2 for w, _ in tokens):
            split: list[tuple[str, str]] = []
            for w, f in tokens:  # dictionary-only jieba keeps "被扣" as one word
                split += (
                    [("被", "p"), (w[1], "v")] if w.startswith("被") and len(w) == 2 else [(w, f)]
                )
            tokens = tuple(split)
        if any(w.endswith("被") and len(w) == 2 for w, _ in tokens):
            split = []
            for k, (w, f) in enumerate(tokens):  # "存的包被拿错了": jieba reads "包被" (a quilt)
                verb_next = k + 1 < len(tokens) and tokens[k + 1][1][:1] == "v"
                split += [(w[0], "n"), ("被", "p")] if w.endswith("被") and len(
                    w
                ) == 2 and verb_next else [(w, f)]
            tokens = tuple(split)
        for i, (word, _) in enumerate(tokens):
            if word != "被" or i + 1 >= len(tokens):
                continue
            before = "".join(w for w, _ in tokens[:i])
            unasked = _WITHOUT_NOTICE.sub("", before)  # "在未通知的情况下被停了": no denial
            unasked = _UNKNOWING.sub("", unasked)  # "不知道被谁拿走了": it happened
            unasked = _MISHAP.sub("", unasked)  # "不慎被清空了": a manner
            if not before or _NEGATED.search(unasked):
                return []  # "没有被登录", "没有任何钱被转走": nothing happened
            if _SUPPOSED.search(before) or lexicon()["has_believed"].search(before):
                return []  # "如果您发现自己被重复扣费，请…", "让很多人以为自己的账号被盗了": a case
                # supposed, asked ("查看是否被扣错") or a belief (the lexicon's ``believed``),
                # nothing reported
            if matter_repaid(sentence):
                return []  # "就客户…被错误扣款，公司将在一周内安排退款": the matter, then repaid
            if _REASON_NEXT.match("".join(w for w, _ in tokens[i + 1 :])):
                return []  # "您的账户被锁定是因为系统连续收到五次错误密码": why, said next
            if _REASON_CLAUSE.match(_clause_after(sentence, clause)) and _FIX_TOLD.search(
                    sentence):
                return []  # "您的申请已经被退回，原因是表格第三页漏了签名，补签后…就能办": why,
                # in the next clause, and what puts it right
            if _names_a_repaid_thing(tokens, i) and (
                _REPAID.search(sentence) or _RESTORED.search(sentence)
            ):
                return []  # "您被重复扣的两笔车费，已经…原路退回": which thing, then it goes back
            owner = (
                tokens[i - 1][1][:1] in ("n", "r", "d", "a", "s")
                or (i > 1 and tokens[i - 2][0] == "的")
                or (
                    i > 1
                    and tokens[i - 1][1][:1] == "v"
                    and tokens[i - 2][1][:1] in ("n", "m", "r")
                )
            ) or any(f[:1] in ("n", "r") or w in ("您", "你") for w, f in tokens[:i])
            # "积分被扣", "您的预约被删除", "部分退款被延后", "几位会员在三月被…"
            counted = r"\d+\s*(?:多)?(?:位|名|人|户|家|个|笔|单|件|条|张|份|台|辆|批)"
            made_wrong = re.match(r"\w{0,2}[错乱混]", "".join(w for w, _ in tokens[i + 1 : i + 3]))
            if re.search(counted, before) or (
                re.search(r"\d+(?:\.\d+)?\s*元", sentence)
                and (_REPAID.search(sentence) or not made_wrong)
            ) or (_AMOUNT.search(sentence) and _REPAID.search(sentence)):
                # "共有612位会员被重复扣费", "每人被多扣了5元", "被多收了二百四十元，已全部退回": a
                # counted report, said plainly; not "读数被录错了，…多算了36元": the amount does
                return []  # not say who erred
            ours = "我们" in re.sub(_GIVEN_TO_US, "", before)
            if not owner or ours or before.startswith("我"):
                return []  # "我们知道被多扣钱…", "在我们这里被弄坏了": owned
            nxt, flag = tokens[i + 1]
            if nxt in ("看到", "看见", "听到"):
                return []  # seen by someone unknown: no mistake of ours hidden
            if _GRANTED.match("".join(w for w, _ in tokens[i + 1 :])):
                return []  # "您的申请已被受理", "孩子被选进了合唱团": granted, nothing hidden
            if before.endswith(("会", "将", "可能")):
                return []  # "输错两次后交易会被拦截": a rule, not something that happened
            if flag[:1] == "m" and (nxt.endswith(("位", "名", "个", "些")) or (
                    i + 2 < len(tokens) and tokens[i + 2][1][:1] == "n")):
                return []  # "被一位邻居签收了", "被一颗珍珠卡住": the agent is named
            if before in ("它", "它们", "这", "那", "这些", "那些"):
                return []  # "它被寄到了旧地址": the sentence before names who did it
            seen = _seen_by_others(tokens, i)
            if seen:
                return [Hit("passive_evasion", (at, at + size),
                            "“被…看到”没有说是谁让别人看到的",
                            f"我们让{seen[0]}{seen[1]}了{before.rstrip('已经').rstrip('已')}。")]
            one_char_noun = flag[:1] == "n" and len(nxt) == 1  # "被标错", "被清空": a verb
            two_verbs = (  # "被邻居代收": jieba tags the agent as a verb
                flag[:1] == "v"
                and nxt not in lexicon()["manner"]
                and i + 2 < len(tokens)
                and tokens[i + 2][1][:1] == "v"
                and min(len(nxt), len(tokens[i + 2][0])) >= 2
            )
            if nxt in ("您", "你", "他", "她", "他们") or two_verbs:
                return []
            rest = "".join(w for w, _ in tokens[i + 2 :])
            if nxt in lexicon()["someone_else"] and re.match(
                    r"[拿取领用动拆搬开刷盗冒偷扔删换穿]", rest):
                thing = re.sub(r"(?:不知道|不清楚|不知)$", "", before.rstrip("已经").rstrip("已"))
                who = "别人" if nxt == "谁" else nxt  # "被别人取走了": who let them?
                return [Hit("passive_evasion", (at, at + size), f"“被{nxt}{rest}”：没说是谁没看好",
                            f"我们没有看好{thing}，让{who}{rest}，这是我们的错。")]
            if i + 2 < len(tokens) and tokens[i + 2][0] == "的":
                return []  # "刷卡被拒的顾客": names whom we mean, hides nothing
            if lexicon()["actor_span"].match("".join(w for w, _ in tokens[i + 1 :])):
                return []  # "被快递员放在了驿站": the agent named from the actor lexicon, where
                # jieba splits it ("快递|员"); whether that is blame is the blame check's to say
            if (
                flag[:1] in ("n", "r")
                and flag != "nz"
                and not one_char_noun
                and nxt not in lexicon()["manner"]
                and nxt not in lexicon()["loss"]  # "被遗漏在了…": jieba tags the verb a noun
                and not (i + 2 < len(tokens) and tokens[i + 2][0] in ("了", "过"))
            ):
                return []  # an agent: "被您的银行冻结"; not a manner word jieba tags as a name
            subject = before.rstrip("已经").rstrip("已")
            rest = "".join(w for w, _ in tokens[i + 1 :])
            rewrite = f"我们把{subject}{rest}" + ("" if "了" in rest else "了") + "。"
            if _people(subject):  # "部分车主被多扣了费": the people are who was charged
                rewrite = _done_to(subject, rest) or whose_step(original)
            elif not ba_object(subject) or "是" in rest:
                rewrite = whose_step(original)  # "由于管道被挖断后…": no thing to put after 把
            return [Hit("passive_evasion", (at, at + size), "“被”字句没有说是谁做的",
                        rewrite)]
    return []


def _people(subject: str) -> bool:
    """The 被-subject is people (lexicon ``customers``: "部分车主", "您", "几位乘客"), not a
    thing of theirs ("您的订单"): they are the one an act was done to, not a thing handled."""
    head = re.sub(r"(?:都|也|全|全都)$", "", subject)
    return head.endswith((*lexicon()["customers"], "你"))


# adverbs and counts before the verb: "多扣", "重复扣", "错误地拒绝", "临时取消"
_MANNER = re.compile(r"^(?:[\u4e00-\u9fff]{1,4}地|多|少|重复|临时|意外|错误|误)?")
_COUNT = re.compile(r"^(?:\d|[一二两三四五六七八九十几半])")


def _done_to(people: str, rest: str) -> str | None:
    """ "我们多扣了部分车主的费用": with people as the 被-subject, the act said with us as its
    doer and them as its object ("我们误封了部分用户"), their charged thing after 的 ("…的年费")
    or the amount after them ("多收了您20元"). None where that does not read: no 了 (not a
    finished act), a verb with its own object fused in ("重复扣款"), a second verb ("拒绝登
    机"), a thing already with its own 的."""
    done, le, thing = rest.partition("了")
    verb = _MANNER.sub("", done, count=1)
    fees = lexicon()["fee_words"]
    if not le or not 1 <= len(verb) <= 2 or any(verb.endswith(f[0]) for f in fees) or (
            "的" in thing):
        return None
    thing = thing.rstrip("。！!")
    if not thing or _COUNT.match(thing):
        return f"我们{done}了{people}{thing}。"
    if len(thing) == 1:
        thing = next((f for f in sorted(fees) if f.startswith(thing)), "")
    return f"我们{done}了{people}的{thing}。" if thing else None
_RESTORED = re.compile(r"(?:已经?|会|将)[^，。；]{0,12}?(?:恢复|补回|补上|补发|解封|更正)")


def _names_a_repaid_thing(tokens: tuple[tuple[str, str], ...], at: int) -> bool:
    """被 opening a relative clause that only names a thing: a verb or two (with an adverb),
    then 的 and a noun phrase ("您被重复扣的两笔车费", "被误封的三千多个账号")."""
    rest = tokens[at + 1 : at + 6]
    k = next((j for j, (w, _) in enumerate(rest) if w == "的"), None)
    return (
        k is not None
        and k >= 1
        and all(f[:1] in ("v", "d", "a") or w in ("多", "少") for w, f in rest[:k])
        and any(f[:1] == "v" for _, f in rest[:k])
        and bool(tokens[at + 2 + k :])
        and tokens[at + 2 + k][1][:1] in ("n", "m", "q")
    )
# what is granted to the customer, no harm to hide: "被受理", "被录取", "被选进了合唱团"
_GRANTED = re.compile(r"(?:正式)?(?:受理|录取|批准|选中|选进|选为|选上|评为|评上|授予|采纳|表彰)")



def _seen_by_others(tokens: tuple[tuple[str, str], ...], at: int) -> tuple[str, str] | None:
    """ "被其他病人看到了": someone else saw it, and nobody says who let them."""
    agent = ""
    others = ("其他", "别的", "别人", "他人", "陌生")
    for word, _ in tokens[at + 1 :]:
        if word in ("看到", "看见", "查看", "访问", "获取", "下载", "打开", "收到"):
            return (agent, word) if agent.startswith(others) else None
        agent += word
    return None


# too little of something: "人手不够", "运力紧张" (as the cause of what followed)
_SHORT = ("不够", "不足", "短缺", "紧张", "拥堵", "爆仓", "有限")
_BROKE = (
    "坏", "坏了", "失灵", "死机", "停机", "瘫痪", "崩溃", "故障", "跳闸", "断电", "停电", "短路"
)
# the next clause says what followed: "导致…", "所以…", "服务器才停了机"
_THEN = re.compile(r"(?:导致|造成|所以|因此|使|结果)|[^，。；]{0,5}?才")


def _thing_first(
    tokens: tuple[tuple[str, str], ...], owned: bool = True
) -> tuple[tuple[str, str], ...]:
    """The clause from its thing on: "一次错误的推送…" starts with a thing (the count is not
    who did it), and with ``owned`` so does "您的快递…" ("您的" stays in the words)."""
    if len(tokens) > 1 and tokens[0][0] == "有" and tokens[1][1][:1] in ("m", "q"):
        tokens = tokens[1:]  # "有几件包裹…": the thing is the parcels
    if tokens and tokens[0][1] == "r" and tokens[0][0][:1] in "这那该此" and len(tokens[0][0]) > 1:
        tokens = tokens[1:]  # "这笔款项": the thing is the payment
    de = next((j for j in (2, 3) if len(tokens) > j + 1 and tokens[j][0] == "的"), 0)
    if (
        de
        and tokens[0][0] in ("您", "你")
        and all(f[:1] in "vn" for _, f in tokens[1:de])
        and tokens[de + 1][1][:1] in ("m", "q", "n")
    ):  # "您寄存的两件大衣", "您送护理的球鞋": the thing is the coats, the shoes
        tokens = tokens[de + 1 :]
    counted = False
    while tokens and (
        tokens[0][1][:1] in ("m", "q")
        or (tokens[0][1] == "a" and len(tokens) > 1 and tokens[1][1][:1] == "n")
    ):
        tokens, counted = tokens[1:], True  # "一些旧照片": the thing is the photos
    if counted and tokens:  # after a count comes a thing, whatever jieba tags it ("几件包裹/v")
        tokens = ((tokens[0][0], "n"), *tokens[1:])
    if len(tokens) > 2 and tokens[0][0] in ("您", "你") and tokens[1][0] == "家":
        tokens = ((tokens[0][0] + "家", "r"), *tokens[2:])  # "您家的维修单"
    mine = ("您", "你", "您家", "你家")
    if owned and len(tokens) > 2 and tokens[0][0] in mine and tokens[1][0] == "的":
        return ((tokens[0][0] + "的" + tokens[2][0], "n"), *tokens[3:])
    return tokens


# the customer's thing removed by no one: "您预约的医生号源已释放"
_REMOVED = re.compile(
    r"^\s*(?:您|你)[^，。；]{0,6}?的[^，。；]{1,8}?(?:在[^，。；]{1,6}?(?:里|上|中))?(?:显示为?)?"
    r"(?:已经?|已被|被)(?:从[^，。；]{1,6}?(?:中|里))?"  # "已从押金中扣除", "在系统里显示已取消"
    r"(释放|作废|清空|冻结|注销|下架|调换|更换|下调|收回|扣除|扣掉|取消)了?\s*$"
)
_WRONG_GATE = gated(
    "[少多漏][发寄送装给扣收算退]|[做剪改裁修][短长小大窄宽歪]|错|太|混|乱|反|串|重复|重了|有误|异常|给|释放|作废|清空|冻结|注销|下架|调换|更换|下调|收回|扣除|扣掉|取消|"
    + "|".join(_BROKE + _SHORT)
)
# a process of ours the thing went through: "在出库时", "在分拣过程中", "金额计算有误"
_IN_PROCESS = gated(
    r"在[^，。；]{1,6}?(?:时|中|期间|的时候)|(?:计算|结算|录入|核算)有误|显示异常"
    r"|(?:录入|处理|分拣|出库|入库|打包|装车|运输|维修|清洗|安装|配送|审核|登记|结算|迁移|升级|同步|导入"
    r"|打印|制作|加工|发放|统计|寄送|核对)"
    r"(?:时|中|过程中|期间)"  # "您的考试报名信息录入时串行了"
    r"|[退扣收转]到了?错误"  # money moves only we make: "您的押金退到了错误的账户"
)
# sent to the wrong person: "您的体检报告发给了另一位客户"
_WRONG_TO = re.compile(r"[发寄送转交]给了?(?:另一|另外|其他|别的|别人|他人)")


def _wrong(word: str, made_right: bool = False) -> bool:
    """A wrong result: "放错", "弄混", "搞乱", "装反", "重复" (charged twice), "有误"."""
    return ("错" in word and word != "报错") or word in ("重复", "混淆", "有误") or (
        word[:1] == "串" and len(word) <= 2  # "串行", "串号": mixed up with another
    ) or (
        len(word) == 2 and word[1] in "混乱反重" and word[0] in "弄搞放装贴写排混打发扣收录记"
    ) or (_SHORT_SENT.fullmatch(word) is not None and not made_right) or (
        len(word) == 2 and word[0] in "做剪改裁修" and word[1] in "短长小大窄宽歪"
    ) or word == "乱"  # "袖长做短了两厘米", "洗车记录全乱了"


_MADE_RIGHT = re.compile(
    r"(?:已经?|会|马上|今[天晚]|明[天早晚]|\d+点前|前)[^，。；]{0,6}?"
    r"(?:退回|退还|补发|补上|补寄|补送|重发|重新[发寄送做])"
)
# what is shown put right by a time: "正确积分今晚恢复", "明天上午前更正"
_SHOWN_RIGHT = re.compile(
    r"(?:今[天晚]|明[天早晚]|\d+点前|前|已经?)[^，。；]{0,4}?(?:恢复|更正|改正|改回|修正)"
)
# a matter named as the topic, not reported: "单车多扣费的事，客服…会回电话"
_TOPIC = re.compile(r"的(?:事|事情|问题)\s*$|一事\s*$")
# sent or charged short or over: "少发了一支", "多扣了一次"
_SHORT_SENT = re.compile("[少多漏][发寄送装给扣收算退]")


def _joined(tokens: tuple[tuple[str, str], ...]) -> list[str]:
    """Words with a split verb-result joined again: "排|重" (scheduled twice) -> "排重"."""
    lows = [w for w, _ in tokens]
    for j in range(len(lows) - 1):
        if lows[j] in ("排", "发", "扣", "收", "录", "记") and lows[j + 1] == "重":
            return [*lows[:j], lows[j] + "重", *lows[j + 2 :]]
        if _SHORT_SENT.fullmatch(lows[j] + lows[j + 1]) or (
            lows[j] in ("做", "改", "裁", "修") and lows[j + 1] in tuple("短长小大窄宽歪")
        ):  # "少|发" -> "少发", "做|短" -> "做短"
            return [*lows[:j], lows[j] + lows[j + 1], *lows[j + 2 :]]
    return lows
_OWNED_OR_SORRY = re.compile(r"我|本公司|对不起|抱歉")
# a time that only says which thing: "这周的", "上个月的"
_WHEN_OF = re.compile(r"^(?:这|本|上|今|昨|前)(?:个)?(?:周|月|天|次|晚|早上?)的")
_THERE_WERE = re.compile(r"^有(?=[几一二两三四五六七八九十\d多数])")
_MISCOUNTED = re.compile(r"(?:计算|结算|核算)?有误")


def _cleft_names_doer(lows: list[str]) -> bool:
    """ "航班取消是公司排班出错": after 是, the wrong result's subject opens with the body whose
    step it was (a ``self_heads`` word such as 公司, or a party), so the doer is named; whether
    that is blame is blame_others' to say."""
    if "是" not in lows:
        return False
    after = lows[len(lows) - 1 - lows[::-1].index("是") + 1 :]
    return len(after) >= 2 and (after[0] in lexicon()["self_heads"] or names_a_doer(after[0]))


def wrong_result(text: str, start: int, sentence: str) -> list[Hit]:
    """A thing as the subject of a wrong result with no one named ("网站上显示了错误的价格"),
    or of a breakdown named as the cause ("机房的空调坏了，服务器才停了机")."""
    if _OWNED_OR_SORRY.search(sentence) or not _WRONG_GATE.search(sentence):
        return []  # owned, or said with an apology: "对不起，颜色发错了"
    parts = list(clauses(sentence, start))
    # "账单多收了您0.6元，今天已退回": short or over, and already put right
    made_right = bool(_MADE_RIGHT.search(sentence))
    doer_named = False
    for n, (at, clause) in enumerate(parts):
        # the customer's thing counts when it went through a process of ours ("在出库时弄混了");
        # not "您的信寄错了房间"
        if (
            ("已" in clause or "被" in clause)
            and (removed := _REMOVED.match(clause))
            and not re.search("没|未|不", clause)
            and not _owned_before(text, start)
        ):
            thing = re.sub(r"(?:已经?|已被|被)\w+了?\s*$", "", clause.strip())
            thing = re.sub(r"在[^，。；]{1,6}?(?:里|上|中)|显示为?", "", thing)
            said = f"我们把{thing}{removed.group(1)}了，这是我们的错。"
            if removed.group(1).startswith("扣"):  # a charge: say who took it, how much, why
                said = f"我们扣了{thing}：（写出金额、从哪里扣的、为什么）。有疑问请直接回复我们。"
            return clause_hit(
                "passive_evasion", at, clause, f"“{removed.group(1)}”了，却没说是谁做的", said
            )
        if _WRONG_TO.search(clause) and not re.search(r"^\s*我|把|被", clause):
            return clause_hit(  # "您的体检报告发给了另一位客户"
                "passive_evasion", at, clause,
                "发错了人，却没说是谁发的",
                f"我们把{clause.strip()}，这是我们的错。",
            )
        if _TOPIC.search(clause):
            continue  # "单车多扣费的事": what the sentence is about, not a report of it
        if "被" in clause:
            continue  # "几笔订单被重复发货了": a passive, the passive check's to rewrite (one
            # finding of one clause, not a second that cannot put 把 before 被)
        if (k_ba := clause.find("把")) > 0 and clause[:k_ba].strip() and not re.match(
            r"\s*(?:您|你)", clause
        ):
            continue  # "店员把页码弄反了": a doer named (a party's is blame_others' to judge)
        timed = _WHEN_OF.sub("", clause, count=1)  # "这周的洗车记录": the records
        tokens = _thing_first(segment(timed), owned=bool(_IN_PROCESS.search(clause)))
        if len(tokens) > 1 and tokens[0][1] == "v" and tokens[1][1][:1] == "n":
            tokens = ((tokens[0][0] + tokens[1][0], "n"), *tokens[2:])  # "中转|仓": one noun
        if not tokens or tokens[0][1][:1] not in ("n", "s"):
            continue
        lows = _joined(tokens)
        if lows[0].endswith(tuple(lexicon()["staff_posts"])) and (
                lows[0] not in lexicon()["not_people"]):
            doer_named = True
            continue  # "店员配药时看错了处方": a person who did it, named; no thing's result
        if doer_named and lows[0].endswith(tuple(lexicon()["customers"])) and lows[1:2] != ["的"]:
            continue  # "…看错了处方，一名顾客拿到了错误剂量的药": who got the wrong thing, after
            # the one who did it was named
        said = _THERE_WERE.sub("", clause.strip())
        said = _MISCOUNTED.sub("算错了", said)  # "金额计算有误" -> "金额算错了"
        said = said.replace("显示异常", "显示错了")
        if (
            lows[:2] in (["错误", "的"], ["错", "的"])
            and len(lows) > 3
            and ("了" in lows or "已经" in lows)
        ):  # "错误的账单已经寄出去了": a wrong thing sent, by nobody
            return clause_hit(
                "passive_evasion", at, clause,
                "错的东西发出去了，却没说是谁弄的",
                f"我们把{said.replace('已经', '', 1)}，这是我们的错。",
            )
        follow = parts[n + 1][1].lstrip() if n + 1 < len(parts) else ""
        failed = [
            j
            for j, (w, _) in enumerate(tokens)
            if j and (w in _BROKE or w in _SHORT or (w == "太" and tokens[j + 1 :][:1] != []))
        ]
        broke = bool(_THEN.match(follow)) and bool(failed)
        wrong = [
            j
            for j, w in enumerate(lows)
            if (_wrong(w, made_right) and (w != "重复" or "了" in lows[j:]))  # not "核对重复扣款"
            or (w == "异常" and lows[j - 1 : j] == ["显示"])
        ]
        if not wrong and not broke:
            continue
        k = min(wrong + failed) if broke else wrong[0]
        if k == 0 or any(w.startswith(("没", "未", "不", "无")) for w in lows[:k]):
            continue  # "价格没有错"
        before = "".join(lows[:k])
        if _cleft_names_doer(lows[:k]):
            continue  # "航班取消是公司排班出错": the cause told with whose step it was
        if any(w in before for w in lexicon()["yes_no_asked"]):
            continue  # "查看有否被扣错钱": asked, not reported (whether, not that, it went wrong)
        if made_right and lows[k] in ("出错", "有误", "异常", "错误", "重复"):
            continue  # "扫码付款今天出错，多扣的两元已经退回": reported and already put right;
            # "…出了计费错误，…已全部退回", "…重复扣了…餐费，…会在周五前逐一退回": the same
        if lows[k - 1] == "显示" and _SHOWN_RIGHT.search(sentence):
            continue  # "积分显示错了，…正确积分今晚恢复": what was shown, put right by a time
        place = lows[1] in ("上", "里", "中") or tokens[1][1] == "f"  # "网站上显示了错误的价格"
        result = lows[k] in ("重复", "有误", "异常") or (
            lows[k - 1 : k + 1] == ["了", "错误"] and not place
        )
        if _SHORT_SENT.fullmatch(lows[k]):  # "口红少发了一支" -> "…——是我们少发的"
            ours = f"{said}——是我们{lows[k]}的"
        elif lows[k] == "乱":  # "这周的洗车记录全乱了" -> "我们把这周的洗车记录弄乱了"
            if not ba_object("".join(lows[:k])):
                return clause_hit("passive_evasion", at, clause,
                                  f"“{lows[0]}”出了错，却没说是谁弄的", whose_step(sentence))
            ours = "我们把" + re.sub(r"(?:全|都|全都)?乱了?", "弄乱了", said, count=1)
        elif lows[k].startswith("串"):  # "…录入时串行了" -> "是我们弄错了：…"
            ours = f"是我们弄错了：{said}"
        elif lows[k] != "出错" and len(lows[k]) == 2 and (
            lows[k][1] in "错混乱反重短长小大窄宽歪" or result
        ):
            ours = "我们把" + said  # "金额算错了" -> "我们把金额算错了"
            verb_at = k - (lows[k - 1] in ("计算", "结算", "核算", "显示"))  # "计算有误"
            thing = "".join(lows[:verb_at])
            verb_after = not lexicon()["ba_clause_verbs"].isdisjoint(lows[k + 1 :])
            if names_a_doer(thing):
                continue  # "供应商发错了零件": its doer named as the subject, nothing hidden
                # (whether that is blame is blame_others' to say)
            if (lows[k - 1] == "了" and lows[k + 1 : k + 2] != ["的"]) or not ba_object(
                    thing) or verb_after:
                # "发生了错误": the fault is the object (not "退到了错误的账户": a wrong thing);
                # "迁移数据时…": no thing; "排版错乱只出现在…": the fault a noun, the clause's
                # verb after it
                return clause_hit("passive_evasion", at, clause,
                                  f"“{lows[0]}”出了错，却没说是谁弄的", whose_step(sentence))
        elif lows[1] in ("上", "里", "中") or tokens[1][1] == "f":
            ours = f"我们在{clause.strip()}"  # "网站上显示了…" -> "我们在网站上显示了…"
        else:
            ours = f"我们的{clause.strip()}"
        if broke:
            ours = f"我们{'的' if tokens[1][0] != '的' else ''}{clause.strip()}"
        return clause_hit(
            "passive_evasion", at, clause,
            f"“{lows[0]}”出了错，却没说是谁弄的",
            f"{ours}，这是我们的错。",
        )
    return []


_DAMAGE = (
    "碎", "开胶", "脱胶", "开线", "掉漆", "生锈",
    "受潮", "破损", "压坏", "摔坏", "变形", "融化", "滞留",
    "褪色", "掉色", "串色", "染色", "变色", "缩水", "起球", "划伤", "刮花", "磨损", "缩", "裂开",
    "开裂",
)


def _lost_verb(word: str) -> str:
    """What we did, said plainly: "丢失" -> "弄丢", "损坏" -> "弄坏", "泄露" and "漏掉" stay."""
    if word.startswith(("漏", "泄", "删")):
        return word.removesuffix("了")
    if word in ("遗漏", "遗忘"):
        return "漏掉"
    if "丢" in word or word in ("遗失", "消失", "不见"):
        return "弄丢"
    return "弄坏" if "损" in word else "弄错"


_DYED = re.compile("([染串掉褪变])了色")


def _no_relative(tokens: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """ "洗好的羊毛大衣缩了": a short relative clause of verbs before 的 and a noun only says
    which thing; the thing is the coat."""
    for j in (1, 2, 3):
        if (
            len(tokens) > j + 1
            and tokens[j][0] == "的"
            and all(f[:1] in "vad" for _, f in tokens[:j])
            and tokens[0][1][:1] == "v"
            and tokens[j + 1][1][:1] == "n"
        ):
            return tokens[j + 1 :]
    return tokens


def _merged_loss(tokens: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """jieba's dictionary cut splits "弄|丢": join two words that make a loss word."""
    loss, out = lexicon()["loss"], list(tokens)
    for k in range(len(out) - 1):
        if out[k][0] + out[k + 1][0] in loss:
            out[k : k + 2] = [(out[k][0] + out[k + 1][0], "v")]
            break
    return tuple(out)


def lost(text: str, start: int, sentence: str) -> list[Hit]:
    """A thing as the subject of a loss with no one named: "数据在迁移过程中丢失了"."""
    words = lexicon()
    dyed = _DYED.sub(r"\1色", sentence) if "了色" in sentence else sentence  # "染了色" -> "染色"
    if not words["has_loss"].search(dyed) or re.search(r"我们|我司|本公司|我", sentence):
        return []
    for at, clause in clauses(sentence, start):
        if "被" in clause:
            continue  # "…被遗漏在了…": the passive check's
        joined = _DYED.sub(r"\1色", clause) if "了色" in clause else clause
        tokens = _merged_loss(_thing_first(_no_relative(segment(joined))))
        if (
            not tokens
            or tokens[0][1][:1] != "n"
            or re.match(r"有(?![几一二两三四五六七八九十多])|其中", clause)  # "有两份合同…丢失了"
        ):
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
        if lows[k] in _DAMAGE:  # "部分快递在运输途中受潮"
            said, cut = clause.strip(), clause.strip().find("在")
            if 0 < cut < joined.strip().find(lows[k]):  # jieba may tag the thing a verb ("快递/v")
                subject = said[:cut]
            keep = "看好" if lows[k] == "滞留" else "保护好"
            end = said.find(subject) + len(subject) if subject in said else len(subject)
            return clause_hit(
                "passive_evasion", at, clause,
                f"“{subject}”{lows[k]}了，却没说是在谁手里",
                f"我们没有{keep}{said[:end]}，{said[end:].lstrip('，, ')}，这是我们的错。",
            )
        if names_a_doer(subject):
            continue  # "货运公司弄丢了您订单里的两箱货": its doer named as the subject
        openers = tuple(lexicon()["ba_adverbial_openers"])
        adverbial = not middle or middle.startswith(openers) or all(
            f[:1] == "d" for _, f in tokens[subject_end:k])  # "在运输途中", "意外"
        ba = adverbial and ba_object(subject + middle)
        return clause_hit(
            "passive_evasion", at, clause,
            f"“{subject}”{lows[k]}了，却没说是谁弄的",
            f"我们{middle}把{subject}{_lost_verb(lows[k])}了。" if ba else whose_step(sentence),
        )
    return []


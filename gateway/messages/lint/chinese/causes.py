"""Shapes of the ninth round, on the cause of what went wrong: a force or party that "left us
no choice" ("连日暴雨把路冲坏了，您的租车只能推迟"), blame put mid-clause ("…要怪我们的线路
合作方"), a reason named without saying what it was ("因一些特殊情况", "因故"), and a thing
found flawed with nobody named ("您订的婴儿床到货时已经有了裂缝")."""

from __future__ import annotations

import re

from gateway.messages.lint.chinese.blame import actor_in, negative
from gateway.messages.lint.chinese.segment import alternatives, bare, clauses, gated, segment
from gateway.messages.lint.findings import Hit, clause_hit

# what we were then left to do or the customer to bear: "…，您的租车只能推迟两天"
_NO_CHOICE = re.compile(r"只能|只好|只得|不得不|被迫|没办法只能")
# a result complement of force: "冲坏", "吹倒", "压断", "淹了", "堵死"
_FORCE = re.compile(r"[坏倒断塌毁烂停死住穿裂破]|淹|堵|冻|烧")
# the blamed party as the object of 怪 mid-clause: "视频卡顿要怪我们的线路合作方"
_BLAME_VERB = gated(
    r"(?<=[\w])(?:主要|其实|还是|只能|只好|就|都|全|还得|得|要|该|应该)?"
    r"(?:(?<![难奇古作见责不别莫错])怪(?!不得|罪|物|异|事|兽|我们(?!的))|(?<![依信无抵耍不])赖(?!账|皮|床|我们(?!的)))"
    r"(?:在)?"
    r"([^，。；]{2,14})"
)
# a reason with nothing said about it: "因一些特殊情况", "由于种种原因", "因故"
_NO_REASON = re.compile(
    r"(?:因为|由于|因|出于|鉴于)(?:一些|某些|种种|特殊|个别|其他|其它|诸多|多种|各种|客观|内部|技术|不可抗力?的?|临时|突发)+"
    r"的?(?:原因|情况|状况|因素|事由|缘故|变故|问题)|因故(?!障)|因事(?![故件])"
)
# a cause said by a construction, not a verb: "拜大风所赐", "受制于原厂配件", "谁让交警封了路呢"
_CAUSED_BY = gated(
    r"拜([^，。；]{2,14}?)所赐|(?:受制于|受限于|碍于|迫于|囿于|取决于)([^，。；]{2,14})"
    r"|(?:谁让|谁叫|还不是因为|还不是由于|还不是)([^，。；]{2,14}?)(?:呢|嘛|啊)?(?=[，。；！？!?]|$)"
    r"|(?:要不是|若不是|如果不是|要不是因为)([^，。；]{2,14})"  # "要不是景区临时限流，…早就…了"
    # 系 the copula, not the first character of a word ("因系统故障导致…": 系统)
    r"|(?:实属|实乃|乃|系(?![统列数])|均系|皆系|纯属|皆因|全因)([^，。；]{2,14}?)(?:所致|造成|导致|引起)"
)
# "之所以…，是因为…": the effect first, then whose doing it was
_SO_BECAUSE = re.compile(
    r"之所以([^，。；]{2,20})[，,]\s*(?:主要|其实|完全|就|都|还)?是(?:因为|由于)?([^。；]{2,30})"
)
# the customer's own reason or fault named as such: "这属于您的个人原因"
_THEIR_REASON = re.compile(
    r"(?<![不非并])(?:属于|是|系|因为|由于|因|出于)(?:您|你|客户|用户|买家|顾客)(?:的|自身的?|自己的?|本人的?|这边的?)*"
    r"(?:个人|自身|主观)?(?:原因|责任|问题|过错|过失|疏忽|操作不当|使用不当)"
)
# the rules "clearly said so": "合同上明明写着需提前三天预约"
_CLEARLY = re.compile(
    r"明明(?:已经)?(?:写着|写了|写的|标着|标了|标注|注明|说了|说过|讲过|提醒|提示|规定|告诉|通知)"
)
# the same said after the customer's own choice: "您选的是特价房，…这点下单时写得很清楚"
_SAID_CLEARLY = re.compile(
    r"(?<![不没])(?:写|标|说|讲|注明)得(?:很|非常|十分|清清楚楚|明明白白)?(?:清楚|明白|明确)"
)
# the harm called normal for what the customer chose or asked: "按您的要求调的，显黄也正常"
_YOUR_CHOICE = gated(
    r"(?:按|按照|照|依|根据)(?:您|你)的?(?:要求|意思|选择|意见|吩咐)|(?:您|你)(?:自己)?(?:选|要|挑|定|点)的"
    r"|既然(?:您|你)"
)
_NORMAL = gated(
    r"(?:也|很|是|属于|算|挺)?(?:正常|难免|在所难免|常见|不奇怪|情理之中)|(?:就|也就|当然|自然)?(?:不能|无法|不予|不可|没法)"
    r"|不(?:属于|算|是)(?:我们的?)?(?:质量|产品)?问题"
)
# the harm called bound to happen: "开胶是迟早的事"
_BOUND_TO = re.compile(r"(?:是)?(?:迟早|早晚)(?:的事|会|要)")
# the customer's own act named, then what we will not cover: "您自己踩的刹车，…不在保障范围内"
_OWN_ACT = re.compile(r"(?:您|你)(?:自己|本人|亲自)[^，。；]{1,8}?的")
_NOT_COVERED = re.compile(r"不在[^，。；]{0,8}?范围|不予|不负责|不承担|概不|自理|自负|自行承担")
# what the customer "should have" done: "下单前您应该考虑清楚"
# the harm tied to the customer's own thing: "发电量偏低，跟您家屋顶朝北有很大关系"
_TIED_TO_YOU = re.compile(
    r"(?:跟|和|与|同)(?:您|你)[^，。；]{0,10}?有(?:很大|一定|直接|不小|很多|莫大)?的?关系"
)
# a deadline passed with an act undone, then the rule: "超过48小时没取，按规定会被退回"
_LAPSED = re.compile(
    r"(?:超过|超出|逾期|过了|超时)[^，。；]{0,8}?(?:未|没有|没)\w{1,2}[^。；]{0,12}?"
    r"(?:按|按照|根据|依照)(?:规定|规则|约定|合同|协议|流程)"
)
# the customer's own act as the cause: "贴膜起泡是因为您提车后马上去洗了车"
_BECAUSE_YOU = re.compile(
    r"(?<![不非没])(?:是|都是|主要是|正是)(?:因为|由于)(?:您|你)(?!们|的)[^，。；]{2,}"
)
# a deadline that forfeits: "逾期视为放弃"
_FORFEIT = re.compile(
    r"逾期[^，。；]{0,4}?(?:视为|视作|当作|算作|即为)(?:自动|自愿)?(?:放弃|弃权|作废)"
)
_YOU_SHOULD = re.compile(
    r"(?:您|你)(?:当时|之前|事先)?(?:应该|应当|本应|本该|早该|理应)(?:先|提前|自己)?"
    r"(?:考虑|看|想|核对|确认|问|了解|阅读|检查|注意|留意|咨询)"
)
# a harm shrugged off in the clause after it: "…少了两三枝，不碍事"
_SHRUG = re.compile(
    r"^\s*(?:也|都|倒|其实)?(?:不碍事|无大碍|没大碍|问题不大|不打紧|影响不大|无伤大雅)"
)
# an outside event as the subject of what held us up: "高速上追尾事故堵了一路"
_EVENT = re.compile(
    r"事故|暴雨|大雨|暴雪|大雪|台风|大风|雷雨|冰雹|大雾|地震|洪水|堵车|拥堵|施工|管制|封路|限行|罢工"
)
# the customer acted late: "您当天才打电话" (not "您今天才收到": their harm)
_YOU_LATE = re.compile(
    r"(?:您|你)(?!的)[^，。；我的]{0,6}?才(?:来|打电话|联系|申请|提交|预约|告诉|通知|下单|付款|支付|报名|办理"
    r"|反馈|提出|赶到|到店|补交|上传|填写|确认|挂号|退|取)"
)
# a thing found flawed, nobody named: "…到货时已经有了裂缝", "镜片有一道划痕"
_FLAW = re.compile(
    r"(?:有了?|出现了?|带着?|多了)(?:一|几|两|三|多)?(?:道|处|条|块|个|些|点)?(?:明显|细微|轻微|小)?的?"
    r"(?:裂缝|裂纹|裂痕|划痕|刮痕|破损|污渍|凹痕|凹陷|缺口|霉斑|水渍|磕碰|划伤|瑕疵|破洞|脱线|色差|异味|霉点)"
)
_FLAW_TIME = gated(
    r"(?:到货|送到|送达|收到|签收|拆开|打开|取回|取出|安装|交付|交车|入住)时?|时候?|在|已经|就|便|只是|只|还|却"
)
# still not done, nobody named: "房车的押金至今没退还给您"
_UNDONE = re.compile(
    r"^\s*([^，。；我]{1,12}?的[^，。；我]{1,8}?)(?:至今|迟迟|一直|到现在|到今天)(?:都|也|还)?"
    r"(?:没有|没|未|未能|没能)(?:及时|按时)?"
    r"((?:退还|退回|退|发|寄|送|还|付|赔|补|开|办|结)[^，。；]{0,4}?)(?:给您|给你)?\s*$"
)
# the customer's thing gone, nobody named: "您预约的二价疫苗名额没了"
# the customer's thing sent to the wrong place, nobody named: "您的茶叶礼盒寄到了别人家里"
_MISSENT = re.compile(
    r"^\s*((?:您|你)[^，。；]{0,8}?的[^，。；]{1,10}?)(?:被)?(?:错)?(?:寄|送|发|派|投)(?:到|给|去)了?"
    r"(?:别人|他人|别处|其他人|其他地方|隔壁|邻居|错误的|旧地址|另一)"
)
_GONE = re.compile(
    r"^\s*((?:您|你)[^，。；]{0,8}?的[^，。；]{1,10}?)(?:就|都|也|突然|已经)?"
    r"(?:没了|找不到了|找不着了|不见了)\s*$"
)
# what each shape needs somewhere in the sentence (cheap gates before any segmenting)
_CAUSE_GATE = re.compile(
    "因|由于|出于|鉴于|所赐|受制于|受限于|碍于|迫于|囿于|取决于|谁让|谁叫|还不是|之所以|要不是|若不是|如果不是"
    "|所致"
)
_CUSTOMER_GATE = re.compile(
    "原因|责任|的问题|过错|过失|疏忽|不当|明明|选的|要的|挑的|定的|点的|要求|意思|吩咐|既然|自己|本人|亲自"
    "|写得|标得|说得|讲得|应该|应当|本应|本该|早该|理应|本身|才|关系|规定|规则|约定|合同|协议|是因为|是由于|逾期"
)
_FLAW_GATE = re.compile("裂|痕|破|污|凹|缺口|霉|渍|磕|瑕疵|色差|异味")
_UNDONE_GATE = re.compile(
    "至今|迟迟|一直|到现在|到今天|没了|找不|不见了|别人|他人|别处|其他|隔壁|邻居|旧地址|另一"
)
_AFTER_GATE = re.compile("碍事|大碍|问题不大|不打紧|影响不大|伤大雅|" + _EVENT.pattern)
# all of them at once (every gate is a list of words): most sentences have none, and pay one
# search that tests a position by its first character, then only the words starting with it
_WORDS = [
    w for g in (_NO_CHOICE, _CAUSE_GATE, _CUSTOMER_GATE, _FLAW_GATE, _UNDONE_GATE, _AFTER_GATE)
    for w in g.pattern.split("|")
] + ["怪", "赖"]
_ANY = re.compile(alternatives(set(_WORDS)))


def causes(start: int, sentence: str) -> list[Hit]:
    """Every ninth-round cause shape in ``sentence`` (one finding per shape at most)."""
    if not _ANY.search(sentence):
        return []
    hits: list[Hit] = []
    parts = list(clauses(sentence, start))
    if _NO_CHOICE.search(sentence):
        hits += _forced(parts, sentence)
    if "怪" in sentence or "赖" in sentence:  # "全怪…", "全赖合作银行对账磨蹭"
        hits += _blamed(start, sentence)
    if _CAUSE_GATE.search(sentence):
        hits += _caused_by(start, sentence)
    if _CUSTOMER_GATE.search(sentence):
        hits += _customer(start, sentence)
    if _FLAW_GATE.search(sentence):
        hits += _flawed(parts, sentence)
    if _UNDONE_GATE.search(sentence):
        hits += _undone(parts, sentence)
    if _AFTER_GATE.search(sentence):
        hits += _after_harm(parts, sentence)
    if "因" in sentence and (m := _NO_REASON.search(sentence)):
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
    """The clause's nouns before its predicate (jieba's tags): "连日暴雨|把路…", "考点|临时变卦"."""
    out, noun = "", False
    for word, flag in segment(clause.strip()):
        if flag[:1] == "n" or word == "的" or flag[:1] in "mqrt" or (not noun and flag[:1] == "d"):
            out, noun = out + word, noun or flag[:1] == "n"
        else:
            break
    return out


def _forced(parts: list[tuple[int, str]], sentence: str) -> list[Hit]:
    """A cause that is neither us nor the customer, then "只能…": the force or party is
    said to have left no choice."""
    for n, (at, clause) in enumerate(parts[:-1]):
        follow = "，".join(c.strip() for _, c in parts[n + 1 :])
        forced = _NO_CHOICE.search(parts[n + 1][1])
        if not forced or re.search(r"我|您|你|本公司|如果|若|万一|一旦|为了|为", clause):
            continue
        who = parts[n + 1][1][: forced.start()]
        if re.search(
            r"(?:[人者户客]|您|你|大家|各位|业主|会员|乘客|顾客|家长|孩子)们?(?:也|都|就)?\s*$", who
        ):
            continue  # "电梯停了一上午，住高层的老人只能在家等": a person's plight, told
        subject = _subject(clause)
        if not subject or not any(f[:1] == "n" for _, f in segment(subject)):
            continue
        rest = clause.strip()[len(subject) :]
        ba = rest.startswith("把") and bool(_FORCE.search(rest))
        if not (ba or negative(rest) or actor_in(clause)):
            continue
        after = _NO_CHOICE.sub("", follow, count=1).strip("，, ")
        could = f"{subject}会{rest.removesuffix('了')}" if rest else subject
        return clause_hit(
            "blame_others", at, clause,
            f"“{clause.strip()}”：说成别无选择，原因在别处",
            f"{after}。我们本该提前想到{could}，早做准备，这是我们的事："
            "我们会（写出补救和时间）。",
        )
    return []


def _blamed(start: int, sentence: str) -> list[Hit]:
    m = _BLAME_VERB.search(sentence)
    if m is None:
        return []
    who = m.group(1)
    if re.match(r"(?:我们|我司|本公司)的", who):
        found = actor_in(who.split("的", 1)[1])
        if found is None:
            return []  # "都怪我们的排班": ours, owned
        who = found.group(0)
    elif re.match(r"我|您|你|自己|谁|别人|他人|不", who) or not any(
        f[:1] == "n" for _, f in segment(who)
    ):
        return []
    elif (party := actor_in(who)) and who[party.end() :]:
        who = who[: party.end()]  # "全赖合作银行对账磨蹭": the bank, not what it did
    what = re.sub(r"[，, ]+$", "", bare(sentence)[: m.start()])
    return [Hit(
        "blame_others", (start + m.start(), start + m.end()),
        f"“{m.group(0)}”：把原因推给别人",
        f"{what or '这件事'}是我们的问题：{who}是我们选的，由我们负责。"
        "我们会（写出补救和时间）。",
    )]


def _not_us(who: str) -> bool:
    return not re.search(r"我|本公司|本店", who)


def _caused_by(start: int, sentence: str) -> list[Hit]:
    """ "拜大风所赐", "受制于原厂配件供应", "之所以…，是因为食材供应商…": the cause said to be
    anyone but us."""
    if "之所以" in sentence and (m := _SO_BECAUSE.search(sentence)):
        effect = (bare(sentence)[: m.start()] + m.group(1)).strip()  # "月子餐之所以送晚了"
        cause = m.group(2).strip()
        if not _not_us(cause):
            return []
        if re.match(r"(?:您|你|客户|用户|顾客)", cause):
            return [Hit(
                "blame_customer", (start + m.start(), start + m.end()),
                f"“{m.group(0)}”：把原因放在客户身上",
                f"{effect}，是我们没有提前提醒您，这是我们的问题，不是您的：我们会（写出补救）。",
            )]
        return [Hit(
            "blame_others", (start + m.start(), start + m.end()),
            f"“{m.group(0)}”：把原因推给别人",
            f"{effect}是我们的问题：我们本该提前想到{cause.rstrip('。')}，早做准备。"
            "我们会（写出补救和时间）。",
        )]
    m = _CAUSED_BY.search(sentence)
    if m is None:
        return []
    who = next(g for g in m.groups() if g)
    if not _not_us(who) or not any(f[:1] == "n" for _, f in segment(who)):
        return []
    if re.match(r"(?:您|你|客户|用户|顾客)", who):
        return [Hit(  # "要不是您填错了地址", "谁让您没带证件呢"
            "blame_customer", (start + m.start(), start + m.end()),
            f"“{m.group(0)}”：把原因放在客户身上",
            "这件事我们本该提前提醒您，这是我们的问题，不是您的：我们会（写出补救）。",
        )]
    said = bare(sentence).replace(m.group(0), "", 1).strip("，, ")
    if m.group(4):  # "要不是…，您的团早就入园了": what would have been is no fact to keep
        said = ""
    return [Hit(
        "blame_others", (start + m.start(), start + m.end()),
        f"“{m.group(0)}”：把原因推给别人",
        f"{said}。" * bool(said)
        + f"我们本该提前想到{who}，这是我们的事：我们会（写出补救和时间）。",
    )]


_OURS = gated(r"(?<![不非])是我们|我们(?:应该|本该|的错|的问题)|我们[^，。；]{0,8}?(?:没|未)")


def _customer(start: int, sentence: str) -> list[Hit]:
    """The customer's own reason, the rules "clearly said so", "您当天才打电话"."""
    if _OURS.search(sentence):
        return []
    chose = _your_choice(sentence)
    what = re.sub(r"(?:是|都是|就是)$", "", sentence[: chose.start()].strip()) if chose else ""
    for found, why, fix in (
        (_THEIR_REASON.search(sentence), "把原因算在客户头上",
         "这件事我们没有提前讲清楚，这是我们的问题，不是您的：我们会（写出补救，例如全额退款）。"),
        (_CLEARLY.search(sentence) or (
            _SAID_CLEARLY.search(sentence) if sentence.lstrip().startswith(("您", "你")) else None
        ), "说规则写得明明白白，等于说是客户没看",
         "这条规则我们没有说清楚、没有提前提醒您，这是我们的问题：这次我们会（写出补救）。"),
        (chose, "拿客户的选择当理由",
         f"{what or '这件事'}，我们应该提前跟您说清楚会有什么结果，这是我们的问题，不是您的："
         "我们会（写出补救，例如免费重做）。"),
        (_OWN_ACT.search(sentence) if _NOT_COVERED.search(sentence) else None,
         "拿客户自己的操作当不负责的理由",
         "这件事我们来负责，不是您的错：我们会（写出补救，例如擦碰的修理费由我们出）。"),
        (_YOU_SHOULD.search(sentence), "说客户本该自己注意",
         "这条规则我们没有提前说清楚，这是我们的问题，不是您的：这次我们会（写出补救，例如办理退换）。"),
        ("本身" in sentence and _BOUND_TO.search(sentence),
         "说东西本来就会坏，等于说是客户的东西不行",
         "这是我们护理时没做好，不怪您的东西：我们会（写出补救，例如免费修好或赔一双）。"),
        ("关系" in sentence and _TIED_TO_YOU.search(sentence), "把原因放在客户自己的情况上",
         "这件事我们本该提前跟您说清楚，这是我们的问题，不是您的：我们会（写出补救）。"),
        ("逾期" in sentence and _FORFEIT.search(sentence), "把过了期限说成客户自己放弃",
         "我们会在期限前提醒您；这次我们为您保留到（写出日期），有问题请直接回复我们。"),
        (_LAPSED.search(sentence), "拿客户过了期限没做、按规定处理当理由",
         "我们应该在期限前提醒您，这是我们的问题：我们会（写出补救，例如免费再为您保留三天）。"),
        (_BECAUSE_YOU.search(sentence), "把客户自己的做法说成原因",
         "我们应该提前告诉您要注意什么，这是我们的问题，不是您的：我们会（写出补救，例如免费重做）。"),
        (_YOU_LATE.search(sentence), "说客户来晚了",
         "我们没有提前提醒您时间，这是我们的问题，不是您的：我们会（写出补救，例如今天给您加一个号）。"),
    ):
        if found:
            return [Hit("blame_customer", (start + found.start(), start + found.end()),
                        f"“{found.group(0)}”：{why}", fix)]
    return []


def _flawed(parts: list[tuple[int, str]], sentence: str) -> list[Hit]:
    if re.search(r"我|本公司|本店|对不起|抱歉", sentence):
        return []  # owned or said with an apology
    for at, clause in parts:
        m = _FLAW.search(clause)
        if m is None:
            continue
        thing = _FLAW_TIME.split(clause[: m.start()].strip(), maxsplit=1)[0]
        if len(thing) < 2 or re.search(r"没|未|不|无|如果|若|万一|如有|是否", clause[: m.end()]):
            continue  # "如有破损，请拒收"; "没有划痕"
        rest = clause.strip()[len(thing) :].replace("只是", "", 1)
        return clause_hit(
            "passive_evasion", at, clause,
            f"“{clause.strip()}”：没说是在谁手里弄的",
            f"我们没有保护好{thing}，{rest}，这是我们的错。我们会（写出补救，例如换新）。",
        )
    return []


def _your_choice(sentence: str) -> re.Match[str] | None:
    """ "按您的要求调的，显黄也正常", "既然您已经同意了协议，…就不能退了": what the customer
    chose, then the harm called normal or the refusal in the next clause."""
    m = _YOUR_CHOICE.search(sentence)
    if m is None:
        return None
    after = sentence[m.end() :]
    cut = re.search(r"[，,；;]", after)
    return m if cut and _NORMAL.search(after[cut.end() :]) else None


def _undone(parts: list[tuple[int, str]], sentence: str) -> list[Hit]:
    """ "房车的押金至今没退还给您", "您预约的疫苗名额没了": not done or gone, nobody named."""
    if re.search(r"我|本公司|本店", sentence):
        return []
    for at, clause in parts:
        if m := _UNDONE.match(clause):
            thing, verb = m.group(1).strip(), m.group(2)
            if actor_in(thing):
                continue  # "银行的退款至今没退回": a party, checked as blame
            return clause_hit(
                "passive_evasion", at, clause, f"“{clause.strip()}”：没说是谁没做",
                f"我们至今没有把{thing}{verb}给您，这是我们的错。我们会在（写出日期）前{verb}给您。",
            )
        if m := _MISSENT.match(clause):
            return clause_hit(
                "passive_evasion", at, clause, f"“{clause.strip()}”：没说是谁送错的",
                f"我们把{m.group(1)}送错了地方，这是我们的错。我们会在（写出时间）前把它送到您手里。",
            )
        if (m := _GONE.match(clause)) and not (
            re.search("找不|不见", clause) and re.search("对不起|抱歉|道歉", sentence)
        ):  # "很抱歉，您的照片有一天找不到了": said with sorry, a loss reported
            return clause_hit(
                "passive_evasion", at, clause, f"“{clause.strip()}”：没说是谁弄没的",
                f"我们没有给您留住{m.group(1)}，这是我们的错。我们会（写出补救，例如优先给您约下一批）。",
            )
    return []


def _after_harm(parts: list[tuple[int, str]], sentence: str) -> list[Hit]:
    """A harm, then in the next clause a shrug ("不碍事") or an outside event as its cause
    ("大巴晚点两小时，高速上追尾事故堵了一路")."""
    if re.search(r"我|本公司|本店|对不起|抱歉", sentence):
        return []
    for n, (at, clause) in enumerate(parts[1:], 1):
        before = parts[n - 1][1].strip()
        if not negative(before) and not re.search(r"少了|多了|晚了|慢了|坏了|停了", before):
            continue
        if _SHRUG.match(clause):
            return clause_hit(
                "minimising", at, clause, f"“{clause.strip()}”：说成没什么大不了",
                f"{before}，这是我们的错：我们会（写出补救，例如下次补上、退多少钱）。",
            )
        said = clause.strip()
        event = re.match(rf"[^，。；我您你]{{0,8}}?(?:{_EVENT.pattern})", said)
        subject = event.group(0) if event else ""
        if (
            subject
            and not re.match(r"(?:如果|若|万一|一旦|因为|由于)", said)
            and (negative(said[len(subject) :]) or re.search("[堵断封停淹毁]", said))
        ):
            return clause_hit(
                "blame_others", at, clause, f"“{clause.strip()}”：把原因放在外面的事上",
                f"{before}，这是我们的事：我们本该提前想到{subject}，早做准备（例如换一条路线）。"
                "我们会（写出补救和时间）。",
            )
    return []

"""Blame in Chinese: a third party followed by a negative predicate ("都是银行处理太慢")."""

from __future__ import annotations

import re
from functools import lru_cache

from gateway.messages.lint.chinese.segment import (
    OUR_ACT_WENT_WRONG,
    OUR_REMEDY,
    alternatives,
    bare,
    clauses,
    gated,
    lexicon,
    neighbours,
    our_fault,
    owned_near,
    rewrite_as_ours,
    segment,
    verbless,
    we_to_us,
)
from gateway.messages.lint.findings import Hit, clause_hit

CAUSE = ("由于", "因为", "因", "受", "都是", "全是", "怪", "都怪", "全怪", "是")



def _is_actor(word: str, flag: str) -> bool:
    words = lexicon()
    return (
        word in words["actors"]
        or (flag == "nt" and word not in words["not_actors"])  # an organisation: "供电局"
        or (len(word) > 2 and any(word.endswith(s) for s in words["actor_suffixes"]))
    )



_INSIDE_OURS = re.compile(r"(?:我们|我司|本公司)的[^\W\d的和与及或跟同把被给让向对A-Za-z]{1,3}$")
_OURS = ("我们", "我司", "本公司", "我方", "我")
# a thing named after a party, not the party: "快递柜", "快递单", "银行短信", "物流单号"
_THING_HEADS = (
    "柜", "单号", "单据", "箱", "袋", "盒", "短信", "面单", "包装", "网点地址", "热线", "电话",
    "号码",
)
# a clause that only supposes: "如果银行短信提醒您扣款失败", "万一快递员联系不上您"
_SUPPOSE = re.compile(r"\s*(?:如果|假如|若是?|万一|一旦|要是|倘若|如)(?!不是)")
# a place or unit that acts, whatever jieba tags the word: "代收点", "中转站", "售后处"
_PLACE_HEADS = "点站处所部队组行店厂"

# a noun of three or more characters ending like a role: "开户行", "代工厂", "承建商"
_ROLE_ENDINGS = ("行", "厂", "商")
_STAFF = (
    "员", "师傅", "司机", "骑手", "工人", "客服", "地勤", "阿姨", "师", "保安", "保洁", "前台",
    "店员", "人手", "队", "组",  # "我们的施工队", "我们的安装组": a unit of ours
)
# the next clause says what followed: "导致…", "所以…", "宽带才断了一天"
# the people we send to the customer, and what we then say or do for them
_SENT = (
    "师傅", "司机", "骑手", "快递员", "配送员", "安装工", "维修工", "小哥",
    "前台", "保安", "保洁", "店员", "服务员", "厨师",  # our own staff, named by their post
    "阿姨", "技师", "美容师", "护工", "月嫂", "教练",
)
_MADE_RIGHT = re.compile(
    r"对不起|抱歉|我们(?:今天|今晚|明天|已经?|马上)?[^，。；]{0,6}?(?:退回|退还|退给|赔|补发|补上|承担)"
    r"|由我们(?:来)?(?:出|承担|负责|赔|付)"
    # we disciplined the one we sent: he is ours to answer for ("我们已经批评教育")
    r"|我们(?:已经?|已)?(?:对(?:他|她|其|该员工))?(?:进行了)?(?:批评教育|辞退|开除|处分|停止[^，。；]{0,3}派单)"
)
# our own wrong act named in the sentence before: "我们把您的搬家时间错记成了下午。师傅晚到了…"
_OURS_BEFORE = re.compile(r"(?:我们|我司)[^，。！？；]{0,12}?(?:错|漏|忘|晚|弄丢|弄坏|没有|没)")
# the job told just before as ours, done for the customer: "11月30日我们给您小区换水表。"
_WE_SERVED = re.compile(
    r"(?:我们|我司|本店)(?:的人)?(?:今天|昨天|上午|下午|已经?)?(?:给|为|帮|替)(?:您|你)"
)


_OUR_STAFF = re.compile(
    r"(?:我们|我司|本店|本公司)的(?:员工|同事|工作人员|[\u4e00-\u9fff]{0,3}(?:员|师傅|老师|教练))"
)


def _is_sent(who: str) -> bool:
    """One we send by post ("师傅", "配送员"), also any "…员" of ours ("陪诊员", "送餐员"),
    not a partner's ("合作配送员")."""
    prefixes = tuple(lexicon()["actor_prefixes"])
    return who.endswith(_SENT) or (
        len(who) >= 3 and who.endswith("员") and not who.startswith(prefixes)
    )


def _sent_and_owned(
    text: str, start: int, sentence: str, clause: str, sorry_before: bool = False
) -> bool:
    """The one we sent ("师傅", "司机") did it, and the text around says sorry, makes it right
    or has named our own wrong act just before: a report of our own staff, not blame."""
    after = sentence[sentence.find(clause) + len(clause) :]
    end = start + len(sentence)
    following = re.split(r"[。！？!?]", text[end : end + 120])
    before = re.split(r"[。！？!?]", text[max(0, start - 60) : start].rstrip("。！？!? "))[-1]
    return bool(
        _MADE_RIGHT.search(after)
        # "对不起，陪诊员今天迟到了四十分钟": sorry said for one of ours, not for a courier's
        or (sorry_before and _SORRY.search(sentence) is not None)
        or any(_MADE_RIGHT.search(s) for s in following[:3])
        or _OURS_BEFORE.search(before)
        # a staff of ours no lexicon names ("工作人员") at work on a job the sentence before
        # gives as ours: "我们给您小区换水表。工作人员把新旧读数录反了。"
        or (sorry_before and _served_before(text, start))
        # one we sent, and our own staff at work on what followed: "训导员没有扣好牵引绳，…。
        # 我们的员工找了四十多分钟": the team it belongs to is ours (not a courier's)
        or (sorry_before and any(_OUR_STAFF.search(s) for s in following[:2]))
        or owned_near(text, start, sentence, remedy=True)  # "…弄反了。我们全部免费重做。"
    )


def _owned_here_or_next(text: str, start: int, sentence: str) -> bool:
    """Our own fault said in this sentence or the next ("快递员把包裹放在了门卫室。我们没有提前
    告诉您，这是我们的错。"); a stock "这是我们的错" before a blame does not take it back."""
    return our_fault(sentence) or our_fault(neighbours(text, start, sentence)[1])


def _served_before(text: str, start: int) -> bool:
    """The sentence before gives the job as ours, done for the customer ("我们给您小区换水表")."""
    head = text[max(0, start - 60) : start].rstrip("。！？!?；; \n")
    before = re.split(r"[。！？!?；;\n]", head)[-1]
    return _WE_SERVED.search(before) is not None


_SORRY = re.compile(r"对不起|抱歉|道歉")
# what the work found, all fine: "热水器、花洒和马桶都正常"
_ALL_FINE = re.compile(r"(?:都|全|全部|一切|均)(?:很|已)?(?:正常|好了|没问题|完好|好用|能用)")
# the matter of one we sent as the topic, we who looked into it: "代驾司机的事我们查清楚了"
_THEIR_MATTER_LOOKED_INTO = re.compile(
    r"的(?:事|事情|情况)[，, ]?(?:我们|我司|本店)(?:已经?|都|也)?"
    r"(?:查|核实|核对|问|了解|调查|调了|看了)"
)
_THEN = re.compile(r"(?:导致|造成|所以|因此|使|结果|才)|[^，。；]{0,5}?才")
# a consequence word inside a clause: "学校那边的申请状态因此一直显示…"
_SO_AFTER_OURS = re.compile(r"因此|因而|所以|于是|也就|才")
# what the customer then went through: "您才多等了一个小时", "所以您…"
_YOU_THEN = re.compile(r"(?:^|[，,])\s*(?:所以|因此|结果|导致)?(?:您|你)[^，。；]{0,4}?才")
# "这次漏寄是分拣中心的失误": someone's fault, and that someone is not us
_THEIR_FAULT = gated(
    r"(?<![不非凡但还于])是([^，。；是]{2,12}?)"  # not 凡是, 但是, 还是, 于是: no copula
    # what may follow, by its first characters: each step of the lazy run above fails in one
    # test where none stands, not in one per ending (the same matches; ~3.0 -> ~2.4 us a sentence)
    r"(?=[的造导引所统管负供提运承经])"
    r"(?:的(?:失误|错|过错|责任|疏忽|过失|结果|缘故|决定|规定|要求|政策|安排|通知|命令|指令)"
    # "演出取消是主办方的决定", "是物业管的", "是镇上统一供应的"
    r"|(?:造成|导致|引起|所致)的?|(?:统一)?(?:管|负责|管理|供应|提供|运营|承办|经营)的)"
    r"|(?:(?:问题|原因|毛病|责任|锅)(?:的)?(?:根子|根源|症结|关键)?|根子|根源|症结)"
    r"(?:出在|在于|来自|在)(?:于)?(?![我您你这那哪])([^，。；]{2,12})"
    r"|(?:源于|源自|归因于|起因于|缘于)([^，。；]{2,12})"
)
# "我们无权干预", "这是银行的决定": it is not ours to decide
_NO_SAY = gated(
    r"(?:我们|本公司|我司)(?:也|实在)?(?:(?:无权|无法|没有权限|没有办法|不能)(?:干预|干涉|决定|左右|更改)"
    r"|(?:没办法|没有办法|无能为力|管不了|做不了主|爱莫能助|控制不了|左右不了|决定不了"
    r"|插不上手|说了不算|管不着|鞭长莫及|(?:很|也很|实在|确实)?(?:难办|不好办|难做))"
    r"(?=[。！!；;]|$)"  # "我们也没办法"
    r"|(?:是|很|非常|十分)?被动的?(?=[。！!；;]|$))"  # "我们也是被动的"
    r"|(?:跟|和|与|同)(?:我们|我司|本公司)(?:的[^，。；]{1,6}?)?(?:没有?|无|毫无)(?:任何)?关系?"
    r"|(?:也是|实在是|都是)没(?:有)?办法的事"  # "产生滞纳金也是没办法的事"
)
# a party's side as the place of the failure: "顺丰那边分拣出错"
_THEIR_SIDE = re.compile(
    r"^\s*(?:都是|全是|是|由于|因为)?(?!我|您|你|这|那|目前|现在)([^\s，。；的]{2,6}?)(?:那边|那里|那儿|那头)"
)
# a party's standing rule, not a failure: "银行周末不处理转账", "医院夜间不接受预约"
_STANDING_RULE = re.compile(
    r"\s*(?:在)?(?:周末|节假日|假日|假期|夜间|晚上|夜里|周六|周日|春节期间|非工作日|每天[^，。；]{0,4}?)"
    r"(?:一般|通常|都|也)?不(?![能了按给肯愿及到])"
)
# a party's plan passed on, with the time it is for: "物业通知明天上午停水两小时"
_ANNOUNCED = re.compile(
    r"\s*(?:已经?)?(?:通知|公告|发布|宣布|说|称|提醒)(?:了)?(?:我们|大家|您)?[，,]?\s*"
    r"(?:明天|后天|今晚|今天|下周|本周|这周|周[一二三四五六日]|\d+月|\d+号|\d+日|下个月|从)"
)
# the party's person before what they announce: "冲浪学校|的教练|说明天浪太大"
_THEIR_PERSON = re.compile(
    r"^的[^，。；的把]{1,4}?(?=(?:已经?)?(?:通知|公告|发布|宣布|说|称|提醒))"
)
# the result in the next clause: "您的发布会开场才晚了二十分钟"
_RESULT_AFTER = re.compile(r"[^，。；]{0,10}?才")
# our remedy for the customer, said in the clauses after
_OUR_REMEDY = re.compile(r"我们[^，。；]{0,8}?(?:给您|为您|帮您|退|赔|补|免费|不收|不另收)")


def _modifier_then_our_remedy(clause: str, m: re.Match[str], later: str) -> bool:
    """The party's name only qualifies the noun after it ("酒店|早餐", jieba's noun), and the
    sentence goes on with our own remedy: a thing of ours reported, not a party blamed."""
    if not _OUR_REMEDY.search(later):
        return False  # asked first: most sentences go on with no remedy, and segmenting costs
    after = clause[m.end() :]
    words = segment(after.strip()) if after.strip() else ()
    return bool(words) and words[0][1][:1] == "n" and not after.startswith("的")


# a relative clause: the party's act only says which thing ("厂家寄来的|新配件")
_RELATIVE = re.compile(r"[^，。；的]{1,5}的(?=[^，。；的]{1,6})")
# we as the victim of a party: "我们被票务平台坑了一把", "我们也被供应商耽误了"
_VICTIM = re.compile(
    r"(?:我们|我司|本店|本公司)(?:也|同样|其实)?(?:是)?被([^，。；]{2,10}?)"
    r"(?:坑|骗|耽误|拖累|连累|害|放了?鸽子|卡|拖|摆了一道|忽悠)"
)
# a thing handed on to us or the customer: "航空公司已经把您的行李转到了我们的柜台"
_HANDED_OVER = re.compile(
    r"把[^，。；]{1,12}?(?:送|转|交|寄|还|带)(?:到|给|回)(?:给|到)?了?(?:我们|我司|本店|您|你)"
    # or brought where it belongs, nowhere else named: "把您的新手机送到了", "把西装送回了门店"
    r"|把[^，。；]{1,12}?(?:送|交|寄|还|带)(?:到|回|来)了?(?:门店|店里|府上|家里?)?了?\s*$"
    # money paid back to the customer: "把押金退回您的卡" (not a parcel sent back)
)
# money paid back to the customer: "把押金退回您的卡" (not a parcel sent back)
_PAID_BACK = re.compile(
    r"把[^，。；]{0,8}?(?:钱|款|金|费|差价|[\d一二三四五六七八九十两百千万]元)[^，。；]{0,4}?"
    r"退(?:回|还|给|到)(?:给|到)?了?(?:您|你)"
)
# the party's person and a time word before what they did: "(租车公司)的门店经理已经|把…"
_HOLDER = re.compile(
    r"^(?:的[^，。；把的]{1,6}?(?=已|都|也|今天|刚|把))?(?:已经?|都|也|今天|刚刚?)*"
)
# a party working with us: "和我们一起", "帮我们", "我们和中转站的地勤一起"
_WITH_US = re.compile(
    r"(?:和|跟|与|同|帮|替|配合|协助)(?:我们|我司)|(?:我们|我司)(?:和|跟|与|同)[^，。；]{1,10}?一起"
)
# an act done for the customer or for us: "为您留好了房间", "给我们补了一批新货"
_FOR_THEM = re.compile(r"(?:为|给|帮|替)(?:您|你|我们|我司)(?!(?:带来|造成|添))")
# the customer told they are not affected
_UNAFFECTED = re.compile(r"照常|照样|不受影响|仍然有效|依然有效|继续有效|不变|不用改|不需要改")
# the customer sent to ask someone else: "这得问发卡的银行", "您只能去找物业"
_ASK_THEM = re.compile(
    r"(?<![不无需用])(?:得|只能|只好|要|需要|必须)(?:由)?(?:您|你)?(?:自己)?(?:去|再)?(?:问|找|联系|咨询|打给|问问)(?:一下)?"
    r"([^，。；]{2,10})"
)
# held up at someone else's place: "卡在了支付宝那边"
_STUCK_WITH = re.compile(
    r"(?:卡在|压在|停在|滞留在|积压在)了?(?!我们)[^，。；]{2,8}?(?:那边|那里|那儿|方面|手里|手上)"
)
# held up at a party named by itself: "主要卡在海关查验"
_STUCK_AT = re.compile(r"(?:卡在|压在|滞留在|积压在)了?(?!我们)([^，。；]{2,8})")
# what the checks after the role-noun loop start from (a cheap gate for the whole sentence)
_OTHER_TRIGGERS = re.compile(
    r"(?:^|[，,])\s*(?:都是|全是|都怪|全怪|只怪|要怪|由于|因为|受|是)|把|怪|是因为|是由于|说到底|归根|"
    + _THEIR_FAULT.pattern
    + "|"
    + _NO_SAY.pattern
)
# the place words a "held up there" sentence needs (a cheap gate before _STUCK_WITH)
_THERE = re.compile("那边|那里|那儿|那头|方面|手里|手上")

# owned anywhere in the sentence: "这是我们的错", "这是我们没管好" (not "不是我们的错")
_OWNED_LATER = gated(
    r"(?<![不非])是我们(?:的(?:错|责任|问题|失误|疏忽)|没|[^，。；的]{1,3}的)|责任在(?:于)?我们"
    # "是因为我们的派单页面…", "是我们的派单系统…"; not "是我们的合作快递"
    r"|(?<![不非])是(?:因为|由于)?我们的?(?!的?(?:合作|外包|第三方|代理|供应|承运))"
    r"|我们(?:应该|本该|本应|早该)|我们[^，。；]{0,6}?(?:出了错|出错|弄错|搞错)|我们(?:来)?承担"
    r"|我们(?:没有|没|未能|没能)(?!办法|法|权|能力)"  # "我们没有检查出来": our part owned
)
# the next clause says the failure was ours: "…，是我们没有早点备货", "…，但这是我们的错"
_OWNED_NEXT = re.compile(r"\s*(?:但|可|可是|不过|其实)?(?:这|这也|这还|也|还)?是我们")
_HELPLESS = re.compile(r"办法|无能为力|无权|管不了|左右不了|(?:合作|外包|第三方|代理|供应|承运)")
_OWNING = ("是我们", "我们的错", "我们的责任", "我们的问题", "我们选的", "由我们", "按我们的要求",
           "按照我们的要求", "应我们")



# what 超 goes over in a failure: "超时", "超期", "超卖", "超售", "超载", "超额", "超员", "超标"
_OVER = ("时", "期", "卖", "售", "载", "额", "员", "标", "出", "过", "重", "限")

# 太 + these is praise or thanks, not a complaint: "太感谢", "太给力"
_PRAISE = ("感谢", "谢谢", "给力", "棒", "好", "方便", "快", "用心", "贴心", "专业", "周到")


def negative(rest: str) -> bool:
    """A failure or negative predicate in ``rest``: a lexicon word inside any token
    ("人手不足"), a negator or a "mis-" verb at the start of one ("没发出", "误删"),
    a wrong result ("关错", "发了两次")."""
    words = lexicon()
    if words["has_negative"].search(rest):
        return True
    tokens = segment(rest)
    if any(
        a == "太" and (f[:1] == "a" or (f[:1] in "vzn" and b not in _PRAISE)
                      or (f[:1] == "d" and len(b) == 1 and b not in _PRAISE))  # "派单太乱"
        for (a, _), (b, f) in zip(tokens, tokens[1:], strict=False)
    ):
        return True  # "天气太差", "排队太久", "处理得太磨蹭": 太 + an adjective or a manner
    return any(
        w in words["negative"]
        or w.startswith(("不", "没", "未", "误", "错", "漏", "停"))
        or (w.startswith("超") and w[1:2] in _OVER)  # "超时", "超卖"; not "超声", "B超"
        or (w.startswith("太") and len(w) == 2)  # "送得太晚", "处理太久"
        or "错" in w
        for w, _ in tokens
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



def _bare_head(clause: str, word: str, flag: str) -> bool:
    """A role noun standing alone as the subject ("酒店的预订系统没有…", "由于医院…"):
    jieba's noun, a role head of two or more characters, at the start of the clause."""
    if flag[:1] != "n" or len(word) < 2 or word not in lexicon()["actor_heads"]:
        return False
    lead = clause.lstrip()
    for cause in CAUSE:
        if lead.startswith(cause) and not lead.startswith(word):
            lead = lead[len(cause) :]
            break
    return lead.startswith(word)


_WE_SENT = re.compile(r"(?:我们|我司|本公司)[^的，,把将给让和跟与同及]{1,4}的$")
_WE_DO = re.compile(r"(?:我们|我司|本公司|我方)(?!的)")
_A_PLACE = re.compile(r"\w{0,3}?的|\w{0,4}[中时]")


def actor_in(clause: str) -> re.Match[str] | None:
    """The first third party in ``clause`` that is not ours ("我们的团队") and not cleared
    ("不是快递的错"): a lexicon role noun, a compound with a role head ("机房运营方",
    "短信通道商", "酒店预订平台"), or a partner prefix + noun ("合作酒店", "外包团队")."""
    words = lexicon()
    spans = list(words["actor_span"].finditer(clause))
    spans += [
        m
        for word, flag in segment(clause)
        if (flag == "nt" and _is_actor(word, flag))
        or _bare_head(clause, word, flag)
        or (flag[:1] == "n" and len(word) >= 3 and word.endswith(_ROLE_ENDINGS))
        for m in re.finditer(re.escape(word), clause)
    ]
    for m in sorted(spans, key=lambda m: m.start()):
        before = clause[: m.start()]
        bounds = _bounds(clause)
        cut = m.start() not in bounds or m.end() not in bounds
        if cut and not _role_word_at(clause, m.end()):
            continue  # "代购|商品": no 代购商 here; "合作|商户" still names a party
        last, (prev, prev_flag) = _words_to(clause, m.end())
        if last == "方" and len(prev) == 1 and prev_flag == "v":
            continue  # "探|方": a one-character verb and 方 (a trade word), not "承运|方"
        if last in words["not_actors"] and (
            m.group(0) not in words["actors"]  # "场|地方": the lexicon's own role, cut by jieba
        ):
            continue  # "审|处方的人手": the span ends in a word that names no party
        # the span starts inside our own noun: "我们的窗口工作人员" (matched as "口工作人员")
        inside_ours = _INSIDE_OURS.search(before)
        if inside_ours and not _actor_in_noun(before[inside_ours.start() :] + m.group(0)):
            continue
        if before.endswith("我们的") and _own_channel(m.group(0)):
            continue  # "我们的手机银行": our own service channel, not a bank
        if any(before.endswith(p) for p in ("我们的", "我的", "您的", "自己的", "本")) and (
            not any(m.group(0).endswith(a) for a in words["actors"] if len(a) > 1)
            and not m.group(0).startswith(tuple(words["actor_prefixes"]))
        ):
            continue  # "我们的平台": ours
        if before.endswith(("我们的", "我司的", "本店的", "本公司的")) and m.group(0).endswith(
            _STAFF
        ) and not m.group(0).startswith(tuple(words["actor_prefixes"])):
            continue  # "我们的配送员操作错了", "被我们的地勤摔坏了": our own staff, owned
        # "我们派去的师傅": a relative clause, still theirs; not "我们和中转站的地勤": with us
        relative = _WE_SENT.search(before)
        if (
            _WE_DO.search(before) and not relative
        ) or before.endswith(("不是", "并非", "不怪", "而非")):
            continue  # "我们已请快递员…", "不是快递的错"; not "我们派去的师傅": still theirs
        if before.endswith(("在", "从", "到")) and (
            _A_PLACE.match(clause[m.end() :])
        ):  # "您寄存在前台的行李箱", "在前台存的伞", "在海关查验中多停了3天": a place
            continue
        parcel_verb = clause[m.end() : m.end() + 1] in tuple("退到丢晚寄")
        if m.group(0) == "快递" and (before.endswith(("您的", "你的")) or parcel_verb):
            continue  # "您的快递晚到了两天", "快递退回": the parcel, not the courier
        if m.group(0).endswith(tuple(words["customers"])):
            continue  # "部分会员", "老客户": our customers, not a third party
        if self_named(m.group(0)):
            continue  # "本公司一部列车车门故障": the sender, naming itself
        if m.group(0) not in words["not_actors"] and not clause[m.end() :].startswith(
            ("卡", "账户", "账号", "APP", "App", "app") + _THING_HEADS
        ):
            return m  # not "银行卡号", "快递柜"
    return None



@lru_cache(maxsize=256)
def _bounds(clause: str) -> frozenset[int]:
    """Where jieba's words of ``clause`` start and end."""
    at, out = 0, {0}
    for word, _ in segment(clause):
        at += len(word)
        out.add(at)
    return frozenset(out)


def _words_to(clause: str, end: int) -> tuple[str, tuple[str, str]]:
    """jieba's word of ``clause`` that ends at ``end`` and the (word, flag) before it, both
    empty when no word ends there: what a span found inside a word really ends in."""
    at, prev = 0, ("", "")
    for word, flag in segment(clause):
        at += len(word)
        if at == end:
            return word, prev
        if at > end:
            break
        prev = (word, flag)
    return "", ("", "")


def _role_word_at(clause: str, end: int) -> bool:
    """Whether jieba's word across ``end`` is itself a role ("商户", "商家"), not "商品"."""
    words, at = lexicon(), 0
    for word, _ in segment(clause):
        if at < end < at + len(word):
            return (
                word in words["actors"] or word in words["partner_nouns"]
                or word in words["actor_heads"] or word in ("商户", "商家", "厂家", "店家", "卖家")
            )
        at += len(word)
    return False


def _own_channel(span: str) -> bool:
    """ "手机银行", "网上营业厅", "线上平台": a channel we run, named by its medium."""
    return (
        span.startswith(tuple(lexicon()["channel_media"]))
        and span.endswith(("银行", "平台", "营业厅", "渠道", "柜台", "网点", "客服"))
        and len(span) > 2
    )


def _actor_in_noun(noun: str) -> bool:
    """Whether ``noun`` ("我们的合作快递") still names a party of its own after 我们的."""
    words = lexicon()
    tail = noun.split("的", 1)[-1]
    return tail.startswith(tuple(words["actor_prefixes"])) or tail in words["actors"]


_MAINTENANCE = re.compile(r"维护|升级|检修")
_MAINTENANCE_TIME = re.compile(rf"\s*(?:{_MAINTENANCE.pattern})(?:期间|时)")
# a clause set in the time of the clause before: "…进行系统维护，期间…", "…，届时…"
_DURING = re.compile(r"\s*(?:在此期间|此期间|期间|届时)")
_AT_THE_TIME = re.compile(r"的?时候|之时")
_NO_FAULT = re.compile(r"(?:没有|没|不是)(?:任何)?(?:问题|错)")
# the party as the one our fault reached: "也受到了我们系统故障的影响"
_HIT_BY_US = re.compile(r"受(?:到)?了?(?:我们|我司|本公司)")
# the party's thing, and nothing befell it: "口碑值不会受到异常订单影响", "…不受影响"
_UNHARMED = re.compile(
    r"[^，。；]{0,8}?(?:不会|不|没有|没|并未|未)(?:受到?|被)[^，。；]{0,10}?影响\s*$")
# a relative clause of the party's undone act that only names a thing: "商家没有收到的货款"
_THING_NOT_GOT = re.compile(
    r"\s*(?:还|都|也)?(?:没有|没|未)[\u4e00-\u9fff]{1,3}的[\u4e00-\u9fff]{1,6}\s*$")
_WE_DO_LATER = re.compile(r"^\s*(?:由|让|请)?(?:我们|我司|本公司)(?!没|不|未|也没|无法)")
# a fault as the object of the party's finding or fixing it: "发现故障后", "问题排查和修复"
_FOUND_FAULT = re.compile(
    r"(?:发现|查到|查出|查明|找到|确认|定位|排查|修复|排除|解决)(?:了)?(?:这个|这次|此次)?"
    r"(?:故障|问题|异常|错误|漏洞)"
    r"|(?:故障|问题|异常|错误|漏洞)(?:的)?(?:排查|修复|排除|定位|处理)"
    # the fault noun heading a longer object: "努力解决围绕着季中冠军赛的一系列技术问题"
    r"|(?:排查|修复|排除|解决)[^，。；]{2,24}?的(?:一系列|各种|这些|一些)?[\u4e00-\u9fff]{0,4}?"
    r"(?:故障|问题|异常|错误|漏洞)"
)
_NO_NEED = re.compile(r"不需要|无需|不用|不必")
_DONE_TO_US = re.compile(r"[让给害使令对跟和与向]我们")
_NOT_YET = re.compile(r"(?:还|尚|暂|仍)(?:没|未)")
# a question the party is to answer: "学校是否接受补交", "银行能否加急"
_WHETHER = re.compile(r"\s*(?:是否|能否|可否|会不会|能不能|肯不肯|愿不愿意?|何时|什么时候)")
_WILL = re.compile(r"[^，,]{0,6}?(?:会|将)")
_HAD_TO = re.compile(r"只能|只好|只得|不得不")
_SAID = re.compile(r"(?:说|称|表示|反馈|解释|回复)")
# what is needed or will happen, as they say it: "要多晾三天", "得先停工", "需要再等一周"
_NEEDED_AHEAD = re.compile(r"(?:要|得|需要|须|将|会)(?:先|再|多|暂时)?[\u4e00-\u9fff]")
# we the subject of the next clause, changing our plan: "我们把…改到了…", "我们改成…"
_OUR_PLAN = re.compile(
    r"\s*(?:所以|因此|于是)?(?:我们|我司|本店)(?:已经?|就|先)?(?:把|将|给您|为您|帮您|改|换|调|推|挪|另)"
)


# what we do about it in a later clause, with its time: "明天上午10点上门补擦", "我们会每天带它
# 去换药", "财务处会在周五前逐一退回"
_REMEDY_AFTER = re.compile(
    r"(?:我们|我司|本店)[^，。；]{0,6}?(?:会|将|已经?|马上|立刻|今天|明天|每天)"
    r"(?:[^，。；要督让请通联]{0,12}?)"  # not "我们已经要求对方整改": the party made to fix it
    r"(?:补|退|赔|换|修|送|重新|重做|重发|改好|改正|改回|带|给您|为您|帮您)"
    r"|(?:今天|明天|今晚|下午|上午|周[一二三四五六日]|[\d一二三四五六七八九十]+点)[^，。；]{0,10}?"
    r"(?:上门|重新|补|退回|退还|送到|修好)"
    # made right already, nobody named: "多收您九元，已退回并另送五元券"
    r"|(?:^|[，,])\s*已经?(?:全部|全额)?(?:退回|退还|补发|补上|赔付)"
)


# the party as what a cause acted on or what we protect (the span may take the verb in:
# "故障导致商|家"), and the party suffering the loss
_AFFECTED = re.compile(r"导致|造成|致使|使得|确保|保证|保障")
_SUFFERS = re.compile(r"[^，,]{0,10}?(?:遭受|蒙受)")


# the party listed with a group of our customers ("小商家和一般住宅用户…"), not dealing with them
# ("商家和客户沟通不及时")
_LISTED_WITH = re.compile(r"[家户方]?(?:和|及|与|以及|、)([^，。；和与]{0,8})")
_DEALT_WITH = re.compile(r"沟通|联系|交流|协商|确认|对接|约定|说|讲|谈")


def _among_customers(rest: str) -> bool:
    """ "小商家和一般住宅用户停电1小时以上": the party listed with a group of our customers is
    one of them, what befalls it befalls customers."""
    m = _LISTED_WITH.match(rest)
    if m is None:
        return False
    listed = m.group(1)
    ends = [listed.find(c) + len(c) for c in lexicon()["customers"] - {"您", "你"} if c in listed]
    after = m.start(1) + min(ends) if ends else 0
    return bool(ends) and not _DEALT_WITH.match(rest, after) and actor_in(rest[after:]) is None


_CAUSE_WORD = re.compile(r"由于|因为|导致|造成|原因|所致|怪")


@lru_cache(maxsize=1)
def _self_name() -> re.Pattern[str]:
    return re.compile(rf"[本我](?:{alternatives(lexicon()['self_heads'])})")


def self_named(word: str) -> bool:
    """ "本公司", "本行", "我院": the sender naming itself (the lexicon's ``self_heads``)."""
    return bool(_self_name().match(word))


@lru_cache(maxsize=1)
def _speaker_pattern() -> re.Pattern[str]:
    verbs = alternatives(lexicon()["speaker_verbs"])
    return re.compile(
        r"\s*([^，,。；;：:\s]{2,8}?)(?:发言人|负责人|方面)?(?:今日|今天|昨日|昨天|日前)?"
        rf"(?:在[^，,。；;]{{1,10}}?中)?(?:{verbs})[，,：:]"
    )


def _speaks_for_us(sentence: str) -> str:
    """The sender, speaking of itself in the third person as a press statement does, when the
    sentence opens with it ("电讯公司表示，…", "学校在家长信中说明，…") and what it says is its
    own: it names itself again ("…是学校更换司机时没有交代清楚路线", "因公司机房…"). "" if not:
    "公司强调，航班延误是由于航空管制所致" stays a party's account of someone else, and so does
    one where 我们 speaks too (outside a quotation): then we are not the one speaking; nor one
    that gives a cause as such or the weather ("由于天气原因…"): an account passed on."""
    m = _speaker_pattern().match(sentence)
    if m is None or m.group(1) in ("发言人", "负责人"):
        return ""
    who, said = m.group(1), sentence[m.end() :]
    if re.search(r"我们|我司", re.sub(r"[“「][^”」]*[”」]", "", said)):
        return ""  # "快递公司表示，…分拣中心出错，我们会退还运费": we are someone else
    if _NAMED_CAUSE.search(said) or any(w in said for w in lexicon()["nature"]):
        return ""  # "航空公司表示，由于天气原因航班延误，会全额退款": an outside cause given
    # itself again, by name or by its head noun ("连锁药房…，药房已派药剂师上门"); a remedy
    # alone does not tell: "快递公司表示，包裹延误了，可以退款" is the courier's word passed on
    return who if who[-2:] in said else ""
# adverbs before a sanction: "已经停职", "已被辞退", "均已调离"
_BEFORE_SANCTION = re.compile(r"\s*(?:已经|已|均|都|全部|立即|暂时|暂|先|被)*")


def _sanctioned(rest: str) -> bool:
    """The predicate after a party is a sanction (the lexicon's ``sanctions``), maybe after
    adverbs or 被: "涉事的厨师已经停止上岗", "该名快递员已被停职"."""
    after = rest[_BEFORE_SANCTION.match(rest).end() :]  # type: ignore[union-attr]
    return any(after.startswith(w) for w in lexicon()["sanctions"])


def third_party(text: str, start: int, sentence: str) -> list[Hit]:
    """A third party followed by a negative predicate, in its clause or the next one
    ("银行系统升级，导致扣款失败"), or named as the cause ("由于快递方面的原因")."""
    words = lexicon()
    there = _THERE.search(sentence)
    stuck = _STUCK_WITH.search(sentence) if there else None
    you_then = "才" in sentence and "我" not in sentence and bool(_YOU_THEN.search(sentence))
    if not (
        words["has_actor"].search(sentence)
        or there
        or you_then
        or _OTHER_TRIGGERS.search(sentence)
    ):
        return []  # no role noun, no cause clause, no "是X的失误", no 把: nothing to check
    if _MAINTENANCE_TIME.match(sentence):
        return []  # "维护期间，贵宾通道暂停服务": our announced maintenance, not someone's failure
    parts = list(clauses(sentence, start))
    sender = _speaks_for_us(sentence)
    for n, (at, clause) in enumerate(parts):
        if not words["has_actor"].search(clause):
            continue
        m = actor_in(clause)
        if m is None or _SUPPOSE.match(clause):
            continue  # a supposed case, with what to do about it, blames nobody
        if sender and (m.group(0) == sender or m.group(0).endswith(tuple(words["staff_posts"]))):
            continue  # "学校在家长信中说明，…是学校更换司机时没有交代清楚路线": the sender,
            # and its own staff ("店员配药时看错了处方"), in its own statement
        if n and _DURING.match(clause) and _MAINTENANCE.search(parts[n - 1][1]):
            continue  # "本行将于周六凌晨进行系统维护，期间手机银行转账暂停": what the announced
            # maintenance stops, as "维护期间，…暂停服务" said in one clause
        rest = clause[m.end() :]
        if _AFFECTED.search(clause[: m.start()] + m.group(0)) or _SUFFERS.match(rest):
            continue  # "因系统故障导致商家…无法销售", "确保骑手不会因系统问题担责", "商家由于
            # 系统故障遭受的餐损": the party harmed or protected, not the one who failed
        if when := _AT_THE_TIME.search(rest):
            rest = rest[: when.start()]  # "开锁师傅到的时候您不在家": a time, not what they did
            if not rest.strip():
                continue
        follow = parts[n + 1][1].strip() if n + 1 < len(parts) else ""
        result_after = bool(_RESULT_AFTER.match(follow)) and not _WE_DO.match(follow) and (
            _harmed(follow))  # not "…要我们补交材料，我们拖到周一才交上去": our own delay
        if (rel := _RELATIVE.match(rest)) and not negative(rel.group(0)) and not negative(
            rest[rel.end() :]
        ) and not result_after:  # not "…派来的译员临时换了人，您的发布会开场才晚了二十分钟"
            continue  # "厂家寄来的新配件今天到了": the party only says which thing, and it is fine
        if _modifier_then_our_remedy(clause, m, "，".join(c for _, c in parts[n + 1 :])):
            continue  # "酒店早餐今天少了几样热菜，我们给您房间送了…": the party names a thing
        bare_rest = rest[1:] if rest[:1] in _PLACE_HEADS else rest  # "快递|站晚上不收件"
        if _STANDING_RULE.match(bare_rest) or _ANNOUNCED.match(_THEIR_PERSON.sub("", bare_rest)):
            continue  # "银行周末不处理转账", "物业通知明天上午停水": a rule or a plan, told
        if clause[: m.start()].endswith("由") and any(
            rest.lstrip().startswith(g) for g in words["good_acts"]
        ):
            continue  # "充值由发卡银行退回": who does the making right, not who failed
        if _sanctioned(rest):
            continue  # "涉事的厨师已经停止上岗": what we did to the one involved, not blame
        if _WHETHER.match(rest):
            continue  # "学校是否接受补交还没答复": a decision of theirs awaited, not a failure
        if _among_customers(rest):
            continue  # "小商家和一般住宅用户停电1小时以上": a kind of customer, listed with them
        if clause[: m.start()].endswith(("和", "与", "跟")) and OUR_ACT_WENT_WRONG.search(sentence):
            continue  # "我们升级收费系统时，和银行之间传数据出了错": at the other end of our act
        if _HIT_BY_US.search(rest) or _UNHARMED.match(rest):
            continue  # "合作的支付通道也受到了我们系统故障的影响", "司机师傅的口碑值不会受到…影响"
        if _THING_NOT_GOT.match(rest) and _WE_DO_LATER.search(
            "，".join(c for _, c in parts[n + 1 :])
        ):  # "商家没有收到的货款，由我们在今天下午五点前先行垫付": which thing, then ours to pay
            continue
        found = _FOUND_FAULT.search(rest)
        found_then = rest[found.end() :] if found else ""
        # what they did once they found it is the response: "发现故障后临时关闭了短信平台"
        responded = found_then.startswith(("后", "之后", "以后")) and not re.search(
            r"[没未不]", found_then)
        if found and (responded or not negative(_FOUND_FAULT.sub("", rest))) and not (
            clause.startswith(CAUSE) or (follow and _THEN.match(follow))
        ):  # "工作人员发现故障后…", "技术团队进行了问题排查和修复": the fault is what they
            continue  # found or fixed, not what they did
        cleared = _NO_FAULT.match(rest)
        if cleared or _NO_NEED.search(rest):
            continue  # "您的运营商那边不需要做任何事", "您的银行没有问题"
        if any(o in rest for o in _OWNING) or _OWNED_LATER.search(sentence) or "被我们" in rest:
            continue  # "快递是我们选的", "司机绕了远路，…这是我们没管好": owned
        if our_fault(rest) and not _DONE_TO_US.search(rest):
            continue  # "药店的营业时间我们写错了": the party names the topic, we did it
        if (
            _is_sent(m.group(0))
            and m.group(0) not in words["actors"]
            and _THEIR_MATTER_LOOKED_INTO.match(rest)
        ):  # "代驾司机的事我们查清楚了": one we sent, his matter named, we looked into it;
            continue  # not "快递公司的事我们查清楚了：他们把包裹送错了"
        later = "，".join(c for _, c in parts[n + 1 :])
        if _NOT_YET.match(rest) and re.search(
            r"我们[^，。；]{0,8}?(?:会|将|再)", later
        ) and words["has_anchor"].search(later):
            continue  # "房东还没回复，我们明天中午前会再打电话": pending, and we act by a time
        if _WILL.match(rest) and any(g in rest for g in words["good_acts"]):
            continue  # "您的银行会在三天内解除冻结": what they will do for the customer
        caused = bool(follow) and (
            result_after  # "…临时换了人，您的发布会开场才晚了二十分钟"
            or (clause.startswith(CAUSE) and bool(_THEN.match(follow)))
            or (clause.startswith(CAUSE) and not rest.strip() and negative(follow))
            or (follow.startswith(("导致", "造成", "才", "使得", "所以")) and negative(follow))
            # what we were then left to do: "家政阿姨临时请假，今天的保洁只能改期"
            or bool(_HAD_TO.search(follow))
        )
        if not caused and _PAID_BACK.match(_HOLDER.sub("", rest)):
            continue  # "租车公司的门店经理已经把押金退回您的卡": they paid the customer back
        done = _did(rest)  # "票务平台超卖了座位": any finished act of theirs on our customers
        if done and not (negative(rest) or caused or clause.startswith(CAUSE)) and (
            _WITH_US.search(clause) or _HANDED_OVER.match(rest.lstrip("已经"))
            or owned_near(text, start, sentence)
        ):  # "是我们订车晚了；物流公司今天特意加派了一辆车": no failure of theirs, the fault ours
            continue
        if done and not negative(rest) and _UNAFFECTED.search(later):
            continue  # "航空公司今天改了兑换规则，您已经兑换的机票照常有效": no harm, told
        if done and not (_harmed(rest) or caused or clause.startswith(CAUSE)) and _next_told(
            later
        ):  # "商标局今天发来了受理通知书，我们已经转寄给您": a step done, then the next one
            continue
        if _SAID.match(rest) and not (done or negative(rest)):
            # their account of it, passed on: "快递小哥说他敲过门，但家里没人"; not what they
            # say is needed ahead, then our own change of plan: "竹编师傅说这批竹子要多晾三天，
            # 我们把您的交货日期改到了下周五"
            if _NEEDED_AHEAD.search(rest) and _OUR_PLAN.match(follow):
                continue
            if any(g in rest + follow for g in words["good_acts"]) and not (
                _CAUSE_WORD.search(later)
            ):  # "星宇航空表示受到影响的旅客去回程，都会全额退费": what they give, passed on
                continue
            if negative("".join(c for _, c in parts[n + 1 :])):
                return clause_hit(
                    "blame_others", at, clause, f"转述“{m.group(0)}”的说法，把原因推给别人",
                    f"不要转述{m.group(0)}的说法。这是我们的错：我们没有把事情办好，"
                    "我们会（写出补救和时间）。",
                )
        if done and not (negative(rest) or caused or clause.startswith(CAUSE)) and (
            _FOR_THEM.search(rest) or ("把" in rest and _HANDED_OVER.match(rest, rest.find("把")))
        ):
            continue  # "酒店已经为您留好了房间", "快递公司今天把新手机送到了": done for them
        if not (
            negative(rest) or caused or done or (clause.startswith(CAUSE) and negative(clause))
        ):
            continue
        if _owned_here_or_next(text, start, sentence):
            continue  # "快递员把包裹放在了门卫室。我们没有提前告诉您，这是我们的错。": owned
        if not (caused or clause.startswith(CAUSE) or clause.lstrip().startswith(_EMPHATIC)) and (
            _REMEDY_AFTER.search(later)
        ):  # "保洁漏擦了您家的4扇窗户，明天上午10点上门补擦": what happened, then we make it
            continue  # right by a time; not "快递员摔坏了您的花瓶，所以您才收到碎片"
        if _is_sent(m.group(0)) and not clause.startswith(CAUSE) and _sent_and_owned(
            text, start, sentence, clause, m.group(0) not in words["actors"]
        ):
            continue  # "空调师傅晚到了三个小时，…，对不起": the one we sent, and we say sorry
        if _is_sent(m.group(0)) and done and not (negative(rest) or caused) and (
            _SORRY.search(sentence) or (_ALL_FINE.search(later) and not negative(later))
        ):  # "对不起，索道停了…，维修师傅换了一个轮子": our staff's repair, told;
            continue  # "师傅试了三次水，热水器、花洒和马桶都正常": their check, all fine
        return clause_hit(
            "blame_others", at, clause,
            f'"{m.group(0)}" is the subject',
            _third_party_rewrite(sentence, clause, clause[: m.end()]),
        )
    m = _STUCK_AT.search(sentence) if not stuck and "在" in sentence else None
    if m and actor_in(m.group(1)):
        what = re.sub(r"[，, ]*(?:主要|都|全|还)?$", "", bare(sentence)[: m.start()])
        return [Hit(  # "这次代购的包延误，主要卡在海关查验"
            "blame_others", (start + m.start(), start + m.end()),
            f"“{m.group(0)}”：说事情卡在别人那里",
            f"{what}，这是我们的事，不用您等{m.group(1)}：我们已经（写出做了什么），"
            "（写出日期）前告诉您结果。",
        )]
    if m := stuck:  # "您的退款卡在了支付宝那边"
        return [
            Hit(
                "blame_others",
                (start + m.start(), start + m.end()),
                f"“{m.group(0)}”：说事情卡在别人那里",
                f"{bare(sentence)[: m.start()]}还没有到，这是我们的事：我们已经（写出做了什么），"
                "（写出日期）前告诉您结果。",
            )
        ]
    for at, clause in parts if there else ():
        side = _THEIR_SIDE.match(clause)
        # the harm before, not owned by us: not "我们没及时备货，批发商那边已经到货"
        harm_before = any(
            negative(c) and not our_fault(c) for _, c in parts[: parts.index((at, clause))]
        )
        if side and (said := segment(side.group(1))) and (
            said[-1][1][:1] != "n" or any(f[:1] in "cdpur" for _, f in said)
        ):
            side = None  # "系统以为那里走不通": 那里 is a place in what was said, not a party
        if side and _SO_AFTER_OURS.search(clause, side.end()) and any(
            our_fault(c) or _OURS_BEFORE.search(c) for _, c in parts[: parts.index((at, clause))]
        ):  # "我们漏交了推荐信，学校那边的申请状态因此一直显示未完成": what our slip led to there
            side = None
        k = parts.index((at, clause))
        owned_next = parts[k + 1][1] if k + 1 < len(parts) else ""
        if side and _OWNED_NEXT.match(owned_next) and our_fault(owned_next) and not (
            _NO_SAY.search(owned_next) or _HELPLESS.search(owned_next)
        ):  # "花农那边今年玫瑰减产，是我们没有早点备货": their event, our failure owned after
            side = None  # it; not "…，是我们没办法的事", "…，是我们的合作快递"
        if side and (negative(clause[side.end() :]) or harm_before):  # "押金退得慢，X那头审核严"
            who = side.group(0).strip()
            return clause_hit(
                "blame_others", at, clause,
                f"“{who}”：把问题放在别人那边",
                f"{rewrite_as_ours(sentence, who)}。这是我们的错。",
            )
    if (m := _ASK_THEM.search(sentence)) and actor_in(m.group(1)):  # "这得问发卡的银行"
        what = re.sub(r"[，, ]*(?:这|那)?$", "", bare(sentence)[: m.start()])
        return [Hit(
            "blame_others", (start + m.start(), start + m.end()),
            f"“{m.group(0)}”：让客户自己去找别人",
            f"{what}，由我们去问{m.group(1)}，不用您跑：我们会在（写出时间）前告诉您结果。",
        )]
    if m := _NO_SAY.search(sentence):  # "这是银行风控的决定，我们无权干预"
        return [
            Hit(
                "blame_others",
                (start + m.start(), start + m.end()),
                f"“{m.group(0)}”：说这事不归我们管",
                "这件事我们来负责：我们已经（写出做了什么），（写出日期）前告诉您结果。",
            )
        ]
    if "被" in sentence and (m := _VICTIM.search(sentence)) and actor_in(m.group(1)):
        what = re.sub(r"[，, ]*$", "", bare(sentence)[: m.start()])
        return [Hit(  # "展会门票没及时寄出，我们被票务平台坑了一把"
            "blame_others", (start + m.start(), start + m.end()),
            f"“{m.group(0)}”：把我们说成受害的一方",
            f"{what or '这件事'}，这是我们的错：{m.group(1)}是我们选的，由我们负责。"
            "我们会（写出补救和时间）。",
        )]
    return (
        _ba_third_party(text, start, sentence)
        or _emphatic_cause(parts, sentence)
        or _their_fault(parts, sentence)
        or (_place_then_you(parts) if you_then else [])
    )




# a thing come to harm, in a word: "摔坏了", "寄丢了", "装反了", "淋湿了"
_BROKEN = re.compile(r"[少晚慢坏停断丢错漏缺破碎烂湿脏歪反](?:了|掉|到)")


def _harmed(said: str) -> bool:
    return negative(said) or bool(_BROKEN.search(said))


def _next_told(later: str) -> bool:
    """What follows a party's finished act, with no harm in it: our own next step, a time
    it will happen by, or all well ("…，明天上午到您小区门口", "…，医生说一切正常，今晚我们
    送它回家"); "座位不变" says no harm, not a failure."""
    return bool(later) and not _harmed(_UNAFFECTED.sub("", later)) and bool(
        _OUR_NEXT_STEP.search(later) or lexicon()["has_anchor"].search(later)
        or _ALL_FINE.search(later) or OUR_REMEDY.search(later)
    )


def _place_then_you(parts: list[tuple[int, str]]) -> list[Hit]:
    """ "租车门店没有提前备车，您才多等了一个小时": a place or unit (a noun ending like one)
    that failed, named as why the customer suffered, and nobody of ours in the sentence."""
    sentence = "，".join(c for _, c in parts)
    for n, (at, clause) in enumerate(parts[:-1]):
        if not _YOU_THEN.match(parts[n + 1][1]):
            continue
        tokens = segment(clause.strip())
        k = next((j for j, (_, f) in enumerate(tokens) if f[:1] != "n"), len(tokens))
        subject = "".join(w for w, _ in tokens[:k])
        rest = clause.strip()[len(subject) :]
        if len(subject) >= 2 and subject[-1] in _PLACE_HEADS and rest and negative(rest):
            return clause_hit(
                "blame_others", at, clause,
                f"“{subject}”没做好，说成是客户受损的原因",
                f"{rewrite_as_ours(sentence, subject)}。这是我们的错。",
            )
    return []



@lru_cache(maxsize=1)
def _hired() -> re.Pattern[str]:
    """A party we brought in, named after where the fault sits: "在于我们委托的装卸队伍"."""
    return re.compile(rf"(?<=[在于自])(?:我们|我司|本公司)({alternatives(lexicon()['hired'])})的")


def _their_fault(parts: list[tuple[int, str]], sentence: str) -> list[Hit]:
    # the party we hired is still a party: "责任在于我们委托的装卸队伍不够专业" reads as
    # "责任在于装卸队伍不够专业" (the rewrite owns the choice)
    if not _THEIR_FAULT.search(_hired().sub("", sentence)):
        return []
    for at, clause in parts:
        m = _THEIR_FAULT.search(_hired().sub("", clause))
        who = next((g for g in m.groups() if g), "") if m else ""
        if m is None or re.search(r"我|您|你|谁|这样|如此|哪", who) or self_named(who):
            continue  # "是本行更换伺服器时设定出错": the sender, naming itself
        tokens = segment(who)
        if not any(f[:1] == "n" for _, f in tokens):
            continue  # "这是严重的错误": a judgement, not someone else
        if m.group(0).startswith(("问题在", "问题出在")) and actor_in(who) is None and (
            not re.search(r"[方边家局站厂商司部]", who)
        ):
            continue  # "您的车年检没过，问题在大灯": where the fault sits, a part, no party
        acted = bool(m.group(1)) and any(f[:1] not in ("n", "b") for _, f in tokens[1:])
        if m.group(2) or acted:  # "问题在于合作健身房没有…", "是海事部门临时下的通知":
            # the party is the nouns before what they did
            lead = [w for w, _ in tokens[: next(
                (j for j, (_, f) in enumerate(tokens) if f[:1] not in ("n", "b") and f != "vn"),
                len(tokens),
            )]]
            who = "".join(lead) or who
        if m.group(1) is None and "的" in who:
            who = who[: who.rindex("的")]  # "源于铁路部门的临时调度" -> "源于我们的临时调度"
        rewrite = _outside_said(who, bare(sentence)) or f"{rewrite_as_ours(sentence, who)}。"
        if acted and m.group(0).endswith(_ORDERS):  # "是海事部门临时下的通知": own the telling
            what = clause[: m.start()].strip() or "这件事"
            rewrite = f"{what}，我们本该第一时间告诉您，这是我们的事：我们会（写出补救和时间）。"
        if m.group(0).endswith(("结果", "缘故")):  # "延误主要是空管流量控制的结果"
            what = re.sub(r"(?:主要|都|全|完全)$", "", clause[: m.start()].strip())
            rewrite = f"{what}是我们的责任：我们本该提前想到{who}。"
        if hired := _hired().search(clause):  # the party we brought in: own the choice
            after = segment(clause[hired.end() :])
            i = next((j for j, (_, f) in enumerate(after) if f[:1] == "n"), 0)
            party = "".join(w for w, _ in after[: next(
                (j for j, (_, f) in enumerate(after)
                 if j > i and f[:1] not in ("n", "b") and f != "vn"),
                len(after),
            )])
            before = "，".join(c.strip() for a, c in parts if a < at)
            rewrite = (f"{before}，" if before else "") + (
                f"这是我们的责任：{party}是我们{hired.group(1)}的，我们会（写出补救和时间）。")
        return clause_hit(
            "blame_others", at, clause, f"“{m.group(0)}”：把错算在别人头上", rewrite
        )
    return []


_ORDERS = ("决定", "规定", "要求", "政策", "安排", "通知", "命令", "指令")
# our plan moved to a new time, or kept: "推迟到周日开放", "改到下周六", "下周六照常"
_MOVED_TO = re.compile(
    r"(?:推迟|延|改|挪|换|调)(?:到|至)(?:本|下|这|明|后|今)?(?:周[一二三四五六日天]|天|晚|早|个?月"
    r"|\d+[月日号点]|[一二三四五六七八九十]+[月日号点])"
    r"|(?:下|本|这)周[一二三四五六日天]?照常"
)
_EMPHATIC = (
    "都是因为", "都是由于", "全是因为", "全是由于", "都怪", "全怪", "只怪", "要怪", "都是", "全是"
)
# the root cause named mid-clause or with a summing-up adverb: "晚送是因为…", "说到底还是…"
_MID_CAUSE = gated(r"(?<=\w)(?:主要|其实|都|全|完全)?是(?:因为|由于)")
_ROOT = gated(
    r"(?:主要|其实|说到底|归根结底|归根到底|究其原因|说白了)[，,]?(?:还是|也是|就是|是)?(?=\w)"
    r"|(?:主要|其实|还是)(?=怪)"
)
# a harm said in a word or two (a cheap test, no segmenting): "少了", "晚到", "坏了"
_HARM_SAID = re.compile(r"[少晚慢坏停断丢错漏缺](?:了|到|送|发)")
_EXCUSE = ("由于", "因为", "受")  # with a negative predicate and no one of ours: an excuse
_OUR_NEXT_STEP = re.compile(
    r"我们(?:今天|明天|今晚|马上|已经?)?[^，。；]{0,6}?(?:会|将|再|已)"
    # what we then did for the customer, we its subject: "我们给您留了两包"
    r"|(?:^|[，,])\s*我们(?:的[^，。；的]{1,4}?)?(?:[^，。；您你]{0,4}?)(?:给|为|帮|替)(?:您|你)"
)


@lru_cache(maxsize=1)
def _staff_slip() -> re.Pattern[str]:
    """A slip of one of our own staff, named by post (the lexicon's ``staff_posts``,
    ``staff_slips``), given as the cause: "由于导购人员的疏忽"."""
    words = lexicon()
    return re.compile(
        rf"^(?:由于|因为|因)([\u4e00-\u9fff]{{1,5}}?(?:{alternatives(words['staff_posts'])}))的?"
        rf"(?:工作|操作)?(?:{alternatives(words['staff_slips'])})")


# what the business then pays or gives for it, not negated: "超市愿以10倍价格赔偿赵先生"
_AMENDS = re.compile(
    r"(?<![不没未无拒])(?<![不没未无拒][会能愿肯予])(?:赔偿|赔付|补偿|退还|致歉|道歉|承担)")


def _our_staff_slip_made_good(lead: str, later: str) -> bool:
    """A slip of our own staff named as the cause ("由于导购人员的疏忽"), and what we pay or
    give for it after: the business answering for its own people, not blaming someone else.
    A third party ("快递公司的疏忽") or staff kept at a distance ("相关人员") is not ours, nor one
    named by a post others have too (the lexicon's ``shared_posts``: "职员") unless we sent them."""
    words = lexicon()
    m = _staff_slip().match(lead)
    if m is None or m.group(1).startswith(tuple(words["distanced"])):
        return False
    who = m.group(1)
    ours = _is_sent(who) or who.endswith(tuple(words["staff_posts"] - words["shared_posts"]))
    return ours and bool(_AMENDS.search(later))


_WE_DECIDED = re.compile(r"(?:^|[，,])\s*(?:我们|我司|本公司)(?:已经?)?决定")
# a date or a clock time: "2016年6月30日", "周五", "下午3点"
_DATED_LATER = re.compile(
    r"\d+月\d+[日号]|[一二三四五六七八九十]+月[一二三四五六七八九十]+[日号]|周[一二三四五六日天]"
    r"|\d{1,2}[:：]\d\d|\d+点")


# a cause given as such, not a party: "由于天气原因", "受疫情影响"
_NAMED_CAUSE = re.compile("原因|因素|影响|不可抗力")

# a cause that points back at the incident already told: "因为这次…", "由于此次…"
_THIS_INCIDENT = re.compile(r"(?:因为|由于)(?:这次|此次|本次|这个|这些|这一)")


def _emphatic_cause(parts: list[tuple[int, str]], sentence: str) -> list[Hit]:
    """ "都是因为…太久，您才…": anyone but us named as the whole cause of a failure."""
    for n, (at, clause) in enumerate(parts):
        lead = clause.lstrip()
        said_first, said_by_is = "", False
        if mid := _MID_CAUSE.search(lead):  # "午餐晚送是因为菜市场进货不及时"
            said_first, lead = lead[: mid.start()], "都是因为" + lead[mid.end() :]
        elif n and lead.startswith("是") and not lead.startswith(("是否", "是不是")) and (
            _HARM_SAID.search(parts[n - 1][1]) or lexicon()["has_negative"].search(parts[n - 1][1])
        ):  # "午饭少了两个菜，是菜场早上断了货": the harm, then whose doing it was
            lead, said_by_is = "都" + lead, True
        elif root := _ROOT.match(lead):  # "说到底还是产地今年减产", "主要怪导航软件…"
            rest_of = lead[root.end() :]
            lead = ("都" if rest_of.startswith("怪") else "都是") + rest_of if rest_of else lead
        if not lead.startswith(_EMPHATIC + _EXCUSE) or re.search(r"我|本公司|您|你", clause) or (
            _self_name().search(clause)
        ):  # "是本行更换伺服器时设定出错": the sender, naming itself
            continue
        if said_by_is and _WE_DO.match(parts[n - 1][1].lstrip()) and actor_in(lead) is None:
            continue  # "我们…清空了您的出价记录，是操作前没有备份": our act, then our own why
        follow = parts[n + 1][1].strip() if n + 1 < len(parts) else ""
        emphatic = lead.startswith(_EMPHATIC)
        later = "，".join(c for _, c in parts[n + 1 :])
        if not emphatic and actor_in(lead) is None and (
            (_OUR_NEXT_STEP.search(later) and lexicon()["has_anchor"].search(later))
            or any(c.lstrip().startswith("我们") for _, c in parts[:n])
            or any("被我们" in c for _, c in parts[:n])
            or (_MOVED_TO.search(later) and not _harmed(_MOVED_TO.sub("", later))
                and not _NAMED_CAUSE.search(clause))
            # our own decision, and a date for the customer: "因为国家清查网盘违规内容，我们决定
            # 停止网盘服务，您的文件会保留到2016年6月30日"; not "由于天气原因，我们决定…"
            or (_WE_DECIDED.search(later) and bool(_DATED_LATER.search(later))
                and not _NAMED_CAUSE.search(clause))
            # sorry first, then the reason and our plan moved to a day: "很抱歉，因为场地的供暖
            # 管道漏水，本周六的合唱排练暂停，下周六照常"
            or (any(_SORRY.search(c) for _, c in parts[:n]) and bool(_MOVED_TO.search(later))
                and not _NAMED_CAUSE.search(clause))
        ):  # "因为银行卡余额不够，我们明天再扣一次", "我们暂停了…，因为续费没有成功",
            continue  # "您的课被我们取消了，因为教练生病": a plain reason for our own act;
            # "因为这几天气温太高，冰雕会化，展览推迟到周日开放": our plan moved to a time
        if not emphatic and _THIS_INCIDENT.match(lead) and later and not _harmed(later):
            continue  # "因为这次水质问题，本月…水费减半": the incident told, pointed back to, and
            # what we give for it; not "由于这次快递延误，您的订单推迟了"
        if not emphatic and _our_staff_slip_made_good(lead, later):
            continue  # "由于导购人员的疏忽，…，超市愿以10倍价格赔偿赵先生": our staff, made good
        if not emphatic and any(our_fault(c) for _, c in parts[n + 1 :]):
            continue  # "因为场地的电路跳闸，讲座停了二十分钟，这是我们事先没检查好": owned
        if lead.startswith("受") and not lead.endswith("影响"):
            continue  # "受到…" without "…影响": not a cause
        if not negative(re.sub(r"^(?:由于|因为|受)|影响$", "", lead)) and not (
            (emphatic and _THEN.match(follow))
            or (lead.startswith(("由于", "因为", "受")) and follow and negative(follow))
        ):
            continue  # "由于政策调整，您的补贴暂缓发放": the excuse is in what follows
        cause = re.sub(r"^(?:都是|全是|只|要|都|全)?(?:因为|由于|怪|受)?|影响$", "", lead)
        rest = bare(sentence).replace(clause, said_first, 1).strip("，, ")
        rest = re.sub(r"^据[^，,]{1,8}(?:反馈|说|称|介绍)[，,]", "", rest)  # their account dropped
        rest = re.sub(r"^(?:您|你)才", "您", rest).replace("才", "", 1)
        said = f"{rest}，" if rest else ""
        return clause_hit(
            "blame_others", at, clause,
            f"“{lead.removeprefix('都') if said_by_is else lead}”把原因推给别人",
            f"{said}这是我们的错：我们本该提前想到{cause}。",
        )
    return []



def _ba_third_party(text: str, start: int, sentence: str) -> list[Hit]:
    """Someone who is not us did it to the customer's thing: "报关行把您的包裹扣了一个星期"."""
    if "把" not in sentence:
        return []
    for at, clause in clauses(sentence, start):
        k = clause.find("把您")
        if k <= 0 and (k := clause.find("把你")) <= 0:
            k = clause.find("把")  # "外卖小哥把餐送到了隔壁楼": only when a role is the subject
            if k <= 0 or actor_in(clause[:k]) is None:
                continue
        subject = clause[:k].strip()
        if (subject.endswith(_SENT) or actor_in(subject) is None) and owned_near(
            text, start, sentence, remedy=True
        ):  # "店员把页码弄反了。我们全部免费重做。", "预约系统把您排到了别的医生，我们已经改回":
            continue  # our own staff or our own thing, and we make it right
        if _is_sent(subject) and subject not in lexicon()["actors"] and _served_before(
            text, start
        ):  # "我们给您小区换水表。工作人员把新旧读数录反了。": our staff on our job
            continue
        tokens = segment(subject)
        rest = clause[k:]
        if _OWNED_LATER.search(sentence) or _owned_here_or_next(text, start, sentence) or (
            _HANDED_OVER.match(rest)
        ) or (
            re.search(r"我|您|你|如果|若|请|会|将|可以|能|要", subject)
            or not (any(f[:1] == "n" for _, f in tokens) or subject[-1:] in _PLACE_HEADS)
            or not ("了" in rest or negative(rest[3:]))
            or any(g in rest for g in lexicon()["good_acts"])
        ):
            continue
        after = sentence[sentence.find(clause) + len(clause) :].lstrip("，,；; ")
        if not _harmed(rest[3:]) and _next_told(after):
            continue  # "苗圃那边今天把您订的桂花装车了，明天上午到您小区门口": a step, then next
        return clause_hit(
            "blame_others", at, clause,
            f'"{subject}" is the subject', f"{rewrite_as_ours(sentence, subject)}。这是我们的错。",
        )
    return []


def _done_by_us(done_to: str, act: str) -> str:
    """ "您的包裹" + "弄丢了" -> "我们弄丢了您的包裹", "包裹" + "送错了地址" -> "我们把包裹送错了
    地址": the passive's subject as our object; still passive ("…被我们弄丢了") when more than
    a noun stands before 被 ("包裹在路上", "由于您的包裹")."""
    if any(flag[:1] in "pdtc" or word in ("是", "有") for word, flag in segment(done_to)):
        return f"{done_to}被我们{act}"
    if act.endswith("了") and act.count("了") == 1:
        return f"我们{act}{done_to}"
    return f"我们把{done_to}{act}"


# a comma left hanging where a clause was cut: before another comma or the end
_CUT_COMMA = re.compile(r"[，,、]\s*(?=[，,；;]|$)")
# a later clause that denies the fault is ours: "，不是我们的", "，而不是我们的错"
_NOT_US = re.compile(r"[，,]\s*(?:而|但)?(?:不是|并不是|并非|不怪)(?:我们|我司|本公司)[^，,。；;]*")


def _outside_said(who: str, stripped: str) -> str:
    """The sentence as it is, and what we do, when ``who`` is the weather or the customer's
    own bank: "我们造成的" or "我们拒绝了" would be untrue; "" for a party we chose."""
    words = lexicon()
    if words["has_nature"].search(who):
        return f"{stripped}。我们已经（写出为您做了什么），（写出日期）前告诉您结果。"
    if words["has_their_own"].search(who):
        return f"{stripped}。我们已经（写出为您做了什么）；您可以（写出能帮上忙的做法）。"
    return ""


def _third_party_rewrite(sentence: str, clause: str, prefix: str) -> str:
    """Put 我们 where the third party stands, or drop a "由于…原因" clause, and own it."""
    stripped = bare(sentence)
    if outside := _outside_said(prefix, stripped):
        return outside
    who, before = prefix.strip(), stripped[: stripped.find(clause)] if clause in stripped else ""
    if who and who in before and "我们" in before:  # "我们一直在催快递公司，快递公司还没答复":
        return f"{stripped}——{who}是我们选的，这是我们的事：我们会在（写出时间）前告诉您进展。"
    if clause.strip() == prefix.strip() or (
        clause.startswith(CAUSE[:4]) and clause.rstrip().endswith(("原因", "问题", "影响", "所致"))
    ):  # "由于快递方面的原因，…", "都怪短信通道商，…": drop the excuse
        rest = _CUT_COMMA.sub("", stripped.replace(clause, "", 1)).lstrip("，,、 ")
        return f"{rest}。这是我们的错。" if rest else "这是我们的错。"
    keep = ""
    if not prefix.startswith(("都是", "全是", "是", "都怪", "怪")) and "是" in prefix:
        keep = prefix[: prefix.rindex("是") + 1]  # "这次延误主要是航空公司…" -> "…主要是我们…"
    by = prefix.rfind("被")
    if by > 0 and not keep:  # "您的包裹被快递员弄丢了": what was done to stays in the rewrite
        ours = clause.replace(prefix, "", 1).lstrip()
        ours = _done_by_us(prefix[:by], ours[1:] if ours.startswith("给") else ours)
    else:
        ours = clause.replace(prefix, keep + "我们", 1)
    ours = ours.replace("让我们和您", "让您").replace("我们我们", "我们")
    ours = re.sub(r"让我们(?=(?:很|非常|十分|太)?失望)", "让您", ours)  # "让我们失望" -> "让您失望"
    ours = ours.replace("我们给我们的", "我们的").replace("我们给我们", "我们")
    said = re.match(r"(?:都|全)?是", prefix)  # "是银行的问题" -> "是我们的问题", not "我们的问题"
    ours = re.sub(r"^我们(?:方面)?的?(?=[原问])", f"{said.group(0) if said else ''}我们的", ours)
    if we_to_us(ours) or verbless(ours):  # "运营商一直没给我们回执", "我们故障": it stays, and
        # the choice of them is ours
        return f"{stripped}——这家合作方是我们选的。这是我们的错。"
    # the denial after it goes: "是银行的问题，不是我们的" owned reads "是我们的问题"
    return f"{_NOT_US.sub('', stripped.replace(clause, ours, 1))}。这是我们的错。"

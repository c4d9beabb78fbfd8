"""Shapes of the eighth round: an event with no doer ("出现了重复扣费"), a fault with no owner
as the cause ("操作失误导致…"), trouble said vaguely ("出了点问题", "基本好转"), a harm called
only temporary ("只是暂时没有热水"), and an internal stage named by a clipped word
("集包环节", "二核流程")."""

from __future__ import annotations

import re
from functools import cache

from gateway.messages.lint.chinese.blame import negative
from gateway.messages.lint.chinese.segment import (
    alternatives,
    bare,
    clauses,
    gated,
    lexicon,
    our_fault,
    points_at_a_thing,
    segment,
    verbless,
    whose_step,
)
from gateway.messages.lint.findings import Hit, clause_hit

_GATE = gated(
    r"[多少复][算扣收计付退记开划刷缴][走掉出]?了|出现|发生|失误|错误|疏忽|差错|故障|漏洞|缺陷|问题|状况|情况|异常|毛病|基本|暂时|一时|临时|环节|流程|节点"
    r"|大体|大致|总体|整体"
)
# the clause starts with the event, nobody doing it: "出现了重复扣费", "昨晚发生了漏发"
_LEADS = ("t", "m", "f")
# the words of a thing as a subject: nouns, a time, a count ("昨晚的车票座位信息")
_THING = ("n", "t", "m", "q", "b", "f")
# a condition or a possibility, not a report: "如果页面出现错误", "可能会发生延误"
_IF = re.compile(r"如果|若|如|万一|一旦|假如|要是|防止|避免|以免|以防")
# a fault with no owner as the subject of a cause: "操作失误导致…", "系统错误造成…"
_FAULT_CAUSE = re.compile(
    # (a thing of ours first, then the cause: "骑手App因技术故障导致骑手无法接单")
    r"^\s*(?:由于|因为|因|[^\s，。；我您你的]{1,12}?(?:由于|因为|因))?(?!这次|此次|本次|这个|那次)"
    r"([^\s，。；我您你的]{0,6}?(?:失误|错误|疏忽|差错|故障|漏洞|缺陷|bug|BUG))"
    r"(?:导致|造成|使得|致使|引起|引发)(?!的)"  # not "因故障导致的超时": a thing named
)
# trouble said without saying what: "出了点问题", "有些状况", "遇到了一些异常"
_SOME_TROUBLE = re.compile(
    r"(?:出了|出现了?|有了?|遇到了?|碰到了?|发生了?)(?:一)?(?:点儿?|些|一些|有些|某些|点小|些小)"
    r"(?:小)?(?:问题|状况|情况|异常|故障|毛病|意外|波折)"
)
# nearly better, so nothing definite: "目前已基本好转", "基本上恢复正常"
_NEARLY = re.compile(
    r"(?:基本|大体|大致|总体|整体)上?(?:已经?)?(?:好转|恢复|正常|解决|修复|稳定|完成|结束|到位|消除|平稳)"
)
# a harm called only temporary: "只是暂时没有热水"
_ONLY_FOR_NOW = re.compile(r"(?:只是|只|仅仅是?|仅是?|不过是?)(?:暂时|一时|临时|短暂地?)")
# an internal stage: "集包环节", "二核流程"; the word before it is clipped (jieba splits it)
# money taken or given wrongly by nobody: "多算了12吨水", "少退了20元"
_CHARGED = re.compile(r"\s*(?:多|少|重复)(?:算|扣|收|计|付|退|记|开|划|刷|缴)(?:走|掉|出)?了")
# the same with a thing first, money moved by nobody: "这个月的房租多划走了一笔"
_THING_CHARGED = re.compile(
    r"^\s*((?:这|上|本|当|今)?[^，。；我您你]{1,10}?)(?:多|重复)(?:算|扣|收|计|划|刷|缴)(?:走|掉|出)?了"
)
_NO_DOER_GATE = re.compile(
    r"出现|发生|[多少复][算扣收计付退记开划刷缴][走掉出]?了|导致|造成|使得|致使|引起|引发"
)
_REPAID = re.compile(r"退回|退还|退给|返还|已退|补给|赔|退到|扣回|抵扣|冲抵|还给")
_TROUBLE_GATE = re.compile("问题|状况|情况|异常|故障|毛病|意外|波折")
_FOR_NOW_GATE = re.compile("暂时|一时|临时|短暂")
_SAY_WHAT = "出了错：（写出具体出了什么错，例如“预约提交不了”）"


_ON_THE_WHOLE = re.compile("基本|大体|大致|总体|整体")


def shapes(text: str, start: int, sentence: str) -> list[Hit]:
    """Every eighth-round shape in ``sentence`` (one finding per shape at most)."""
    hits = excuses(start, sentence)
    if not _GATE.search(sentence):
        return hits
    parts = list(clauses(sentence, start))
    if _NO_DOER_GATE.search(sentence):
        hits += _no_doer(parts, sentence, "我们" in text[max(0, start - 40) : start])
    if _TROUBLE_GATE.search(sentence) and (m := _SOME_TROUBLE.search(sentence)):
        hits.append(Hit(
            "vague", (start + m.start(), start + m.end()),
            f"“{m.group(0)}”：没说出了什么事",
            bare(sentence).replace(m.group(0), _SAY_WHAT, 1)
            + "。受影响的是（写出哪些、多少），我们会在（写出时间）前告诉您结果。",
        ))
    elif _ON_THE_WHOLE.search(sentence) and (m := _NEARLY.search(sentence)):
        hits.append(Hit(
            "vague", (start + m.start(), start + m.end()),
            f"“{m.group(0)}”：说“基本”，没说还剩什么",
            "说清楚哪些已经好了、哪些还没有：“（几点）起已经恢复；还有（写出什么）没好，"
            "（写出时间）前修好。”",
        ))
    if _FOR_NOW_GATE.search(sentence) and (m := _ONLY_FOR_NOW.search(sentence)):
        plain = bare(sentence).replace(m.group(0), "", 1)
        hits.append(Hit(
            "minimising", (start + m.start(), start + m.end()),
            f"“{m.group(0)}”：说成只是一时的小事",
            f"{plain.split('，')[0]}。我们会在（写出时间）前修好，这段时间（写出给您的补救）。",
        ))
    if any(s in sentence for s in lexicon()["stages"]):
        hits += _clipped_stage(parts)
    return hits


# a case defined, for what we will do in it: "凡是因…的", "如因…"
_EVERY_CASE = re.compile(r"\s*(?:凡是|凡|如果|如|若|假如|万一)(?:因|由于)")


def _no_doer(parts: list[tuple[int, str]], sentence: str, owned: bool = False) -> list[Hit]:
    """An event, a fault or a charge with nobody as its doer; ``owned``: we were named as the
    doer just before ("我们升级账单系统，没有先备份。有些用户的本月账单多算了一倍")."""
    for n, (at, clause) in enumerate(parts):
        if (
            n
            and _CHARGED.match(clause)
            and not re.search(r"我|有人|对不起|抱歉|道歉", sentence.split(clause)[0])
        ):
            ours = bare(sentence).replace(clause.strip(), f"我们{clause.strip()}", 1)
            return clause_hit(  # "…，多算了12吨水": charged by nobody
                "passive_evasion", at, clause, f"“{clause.strip()}”：没说是谁多收的",
                f"{ours}。这是我们的错。",
            )
        if (
            not n
            and not owned
            and "被" not in clause  # "部分车主被多扣了费": the passive check's to rewrite
            and (m := _THING_CHARGED.match(clause))
            and not lexicon()["has_actor"].search(m.group(1))
            and not _REPAID.search(sentence)
        ):
            did = clause.strip()[len(m.group(1)) :]
            ours = bare(sentence).replace(clause.strip(), f"我们{did}", 1)
            return clause_hit(  # "这个月的房租多划走了一笔": charged by nobody
                "passive_evasion", at, clause, f"“{clause.strip()}”：没说是谁多收的",
                f"{m.group(1)}，{ours}。这是我们的错。",
            )
        if (m := _FAULT_CAUSE.match(clause)) and not lexicon()["has_actor"].search(m.group(1)):
            if n and re.search(r"我们|我司", parts[n - 1][1]):
                continue  # "我们查了，系统错误导致…": ours is already said
            if _EVERY_CASE.match(clause):
                continue  # "凡是因系统故障导致商家无法销售的，…将全额赔付": which cases we pay
            fault = m.group(1)
            return clause_hit(
                "passive_evasion", at, clause, f"“{fault}”：没说是谁的失误",
                f"{bare(sentence).replace(fault, '我们的' + fault, 1)}。这是我们的错。",
            )
        if not ("出现" in clause or "发生" in clause) or re.search(r"我|您|你", clause):
            continue
        if our_fault(sentence):
            continue  # "加盟店发生此类严重问题，集团总部存在监管失责": the lapse said as ours
        if lexicon()["has_actor"].search(clause):
            continue
        tokens = segment(clause.strip())
        k = 0
        events = ("出现", "发生")
        while k < len(tokens) and tokens[k][1][:1] in _LEADS and tokens[k][0] not in events:
            k += 1
        thing = ""
        if k < len(tokens) and tokens[k][0] not in events and not _IF.match(clause.strip()):
            # a thing as the subject: "昨晚的车票座位信息发生了错乱" (nouns, 的, a time)
            j = k
            while j < len(tokens) and (
                tokens[j][1][:1] in _THING or tokens[j][0] in ("的", "这", "那", "该", "此")
            ) and tokens[j][0] not in events:
                j += 1
            if j > k and any(f[:1] == "n" for _, f in tokens[k:j]):
                first = 0 if tokens[k][0] == "的" else k  # "昨晚|的车票…": the time is the thing's
                thing, k = "".join(w for w, _ in tokens[first:j]), j
        if k < len(tokens) and tokens[k][0] in events:
            rest = "".join(w for w, _ in tokens[k + 1 :]).removeprefix("了")
            if rest and negative(rest) and not re.match(r"(?:什么|任何|这种|这样|类似)", rest):
                did = next((f"把{thing}弄{c}了" for c in "乱错坏丢" if thing and c in rest), "")
                said = f"我们{did or rest}" if not thing or did else f"我们的{thing}出了{rest}"
                ours = bare(sentence).replace(clause.strip(), said, 1)
                return clause_hit(  # not "我们一些错误": a fault with no act of ours to name
                    "passive_evasion", at, clause, f"“{clause.strip()}”：没说是谁弄的",
                    whose_step(sentence) if verbless(said) else f"{ours}。这是我们的错。",
                )
    return []


def _clipped_stage(parts: list[tuple[int, str]]) -> list[Hit]:
    """ "我们的集包环节": two or more one-character words jieba could not join, then a stage."""
    for at, clause in parts:
        tokens = segment(clause)
        for i, (word, _) in enumerate(tokens):
            if word not in lexicon()["stages"] or i < 2:
                continue
            j = i
            while j > 0 and len(tokens[j - 1][0]) == 1 and tokens[j - 1][1][:1] in "nvqmtb":
                j -= 1
            if i - j >= 2:
                term = "".join(w for w, _ in tokens[j : i + 1])
                return clause_hit(
                    "jargon", at, clause, f"“{term}”是内部说法",
                    f"不用说“{term}”，直接说发生了什么：（例如“我们把您的包裹装错了车”）。",
                )
    return []


# a reluctant apology: "我们只能说声抱歉了"
_ONLY_SORRY = re.compile(
    r"(?:只能|只好|也只能)(?:跟您|向您|对您)?(?:说声|说一声|说|表示)(?:抱歉|对不起|歉意)"
)
# we only learned of it late ourselves: "我们也是当天早上才知道"
_LEARNED_LATE = re.compile(
    r"(?:我们|我司|本公司)(?:也|同样)是?[^，。；]{0,8}?才(?:知道|得知|接到|收到|听说|发现|被告知)"
)
# no other way, so the customer's case decided it: "剃短是唯一的办法"
_NO_CHOICE = re.compile(
    r"(?:是|成了)唯一的(?:办法|选择|出路)|别无选择|没有别的办法|只能这么(?:做|办)|不得不这么(?:做|办)"
)


# a fault admitted only in the abstract: "还有提升空间", "有待改进"
_ROOM = re.compile(
    r"(?:还有|仍有|尚有|存在|有)(?:一定的?|很大的?|不少|很多)?(?:提升|改进|提高|进步|完善|改善|优化)的?空间"
    r"|有待(?:提高|改进|加强|完善|提升|改善)"
)
# a harm made small by a shrug or by spreading it: "其实没几块钱", "平均到每天"
_SHRUG = re.compile(
    # not "换上没几天就出现亮线": how soon it failed, which makes it worse
    r"没(?:几|多少)(?:块钱|块|元|毛钱|分钱|分钟|天|个|次|件|单)(?![就便])"
    r"|(?:平均|摊|分摊)到每(?:天|月|人|位|单|次)"
)
# a process named instead of what is done: "我们正在走流程"
_PROCESS = re.compile(r"走(?:流程|程序|手续|审批|审核|报批|签批)|按(?:流程|程序)(?:处理|办理|走)")
# nobody named for what was not done: "您的两份化验单当天未能及时出具"
_OUR_CAUSE = re.compile(r"(?:因为|由于|是)(?:我们|我司|本店)")
_NOT_DONE = re.compile(
    r"^\s*(?:经核查|经查|经核实)?[，,]?\s*((?:您|你)的?[^，。；我]{1,10}?)(?:当天|今天|昨天|当时)?"
    r"(?:未能|没能)(及时|按时)?(\w{2})\s*$"
)


# "we did tell you": "按理说拍照前我们都提醒过要摘眼镜"
_WE_TOLD = re.compile(
    r"(?:我们|我司|工作人员|店员)(?:之前|事先|当时|早就|早|都|也|已经|明明|其实|一再|反复|多次)*"
    r"(?:提醒|告知|通知|说明|强调|提示|交代|告诉)(?:过|了)(?:您|你|大家)?"
)
# our feelings in place of sorry: "我们心里也很不是滋味"
_OUR_FEELINGS = re.compile(
    r"我们(?:心里|内心)?(?:也|同样)?(?:很|挺|非常|十分|特别)?"
    r"(?:不是滋味|难受|不好受|难过|心疼|过意不去|揪心|痛心)"
)
# the customer's thing went wrong by itself: "门禁卡权限昨晚意外失效了"
_BY_ITSELF = re.compile(
    r"^\s*((?:您|你)[^，。；]{0,10}?的[^，。；]{1,10}?)(?:昨天|昨晚|今天|今早|刚才)?"
    r"(?:意外|突然|莫名|无故|自动)(?:地)?(?:全部|都|全|一下子|一下|就)?"
    r"(失效|停用|作废|清零|失灵|解绑|消失|中断|注销|关闭)了?"
)
# the customer's date moved by nobody: "安装日期又往后推了一周"
_MOVED = re.compile(
    r"^\s*((?:您|你)[^，。；]{0,10}?的[^，。；]{1,10}?)(?:又|再次|已经?)?(?:往后|向后)?"
    r"(推迟|延后|推|挪|改期|改)(?:了|到)"
)


# a neutral change to a time given: "改到周五上午九点", "挪到下周二"; not "推迟了一周"
_RESCHEDULED = re.compile(
    r"(?<=[改挪期])到(?:了)?(?:本|这|下|明|今|后|[\d一二三四五六七八九十]+[月号日]|周|星期|礼拜)"
)


# advice for next time: "建议您下次验光时提前告知…"
_ADVICE = re.compile(
    r"建议(?:您|你)(?:下次|以后|今后|日后)[^，。；]{0,10}?(?:提前|先|注意|记得|告知|核对|确认|检查|仔细)"
)
# "after all, you already …": "毕竟您已经看了三分之一"
_AFTER_ALL = re.compile(r"毕竟(?:您|你)(?:已经|都|也|本来)?[^，。；]{2,16}")
# someone else's timetable decides: "还得看财务外包公司的排期"
_THEIR_CLOCK = gated(
    r"(?:还得|得|要|全|都|只能)?(?:看|取决于|等)([^，。；我]{2,10}?)(?:那边)?的?"
    r"(?:排期|安排|进度|处理|决定|意思|审核|速度|时间)"
)
# our own next step, by a time, after the wait: "…要等厂家审核，我们12月12日会打电话问一次结果"
_OUR_STEP_BY_A_TIME = re.compile(
    r"(?:我们|我司|本店)[^，。；]{0,3}?(?:[0-9０-９]+[月日号点]|今天|今晚|明天|后天|周[一二三四五六日天]|"
    r"星期[一二三四五六日天])[^，。；]{0,8}?(?:会|将|再|就)"
)
# a small measure: "只是一小根头发"
_SMALL_MEASURE = gated(
    r"(?:只是|只有|仅仅?是?|不过是?)?一小(?:根|块|片|段|撮|点|口|滴|粒|条|道)"
)
# we make it right in the same sentence: "…有一小块起泡，我们明天上午免费重贴"
_WE_FIX = re.compile(r"我们[^，。；]{0,10}?(?:免费|重新|重[贴做修发寄]|补|退|赔|换)")


_SHRUG_AFTER = re.compile(r"而已|罢了|不碍事|没关系|不要紧|问题不大|没什么|不影响|看不出")
# after the size, one of ours (we, or one we send by post) makes it right: "师傅明天上午上门
# 重打，不收钱", "我们已经带它看过医生，每天换药"
@cache
def _ours_make_good() -> re.Pattern[str]:
    """One of ours (the lexicon's ``menders``) making it right, or it made free."""
    return re.compile(
        rf"(?:{alternatives(lexicon()['menders'])})[^，。；]{{0,10}}?"
        r"(?:免费|重新|重[贴做修发寄打装刷拍画印洗缝配]|返工|补|退|赔|换|看过?医生|上药|治疗)"
        r"|不收(?:钱|费)|免费")


_SHRUG_BEFORE = re.compile(r"只是|只有|仅|不过|其实")


def _small_shrugged(sentence: str) -> re.Match[str] | None:
    """ "只是一小根头发": a small measure said to shrink the harm; not "有一小块起泡，我们明天
    免费重贴", a plain size with our remedy and no "only"."""
    m = _SMALL_MEASURE.search(sentence)
    if m and not re.match(r"只|仅|不过", m.group(0)) and (
        _WE_FIX.search(sentence) or points_at_a_thing(sentence, m.start())
        or (our_fault(sentence) and not _SHRUG_AFTER.search(sentence, m.end()))
        # a plain size, then our remedy after it, no shrug anywhere
        or (_ours_make_good().search(sentence, m.end()) and not _SHRUG_AFTER.search(sentence)
            and not _SHRUG_BEFORE.search(sentence))
    ):  # "计时芯片（贴在号码布背面的那一小块）": which thing, not how little went wrong;
        return None  # "我们装框时把玻璃压裂了，画面蹭花了一小片": the size of our own damage
    return m


# thanks in place of sorry: "感谢您一直以来的陪伴"
_THANKS_INSTEAD = re.compile(
    r"(?:感谢|谢谢)(?:您|你|大家)(?:一直以来|长期以来|多年来|这些年)?的(?:陪伴|支持|信任|厚爱|关注|包容|理解)"
    r"|尊重(?:您|你)的(?:决定|选择)"
)
# a slogan of paired verbs: "做深、做细、做实"
_SLOGAN = re.compile(r"做[深细实精优强好][、，,]?做[深细实精优强好]")


# what every excuse needs somewhere in the sentence (one search instead of fifteen)
_EXCUSE_GATE = gated(
    "只能|只好|才(?:知道|得知|接到|收到|听说|发现|被告知)|唯一|别无|别的办法|不得不这么|空间|有待"
    "|没几|没多少|到每|走流程|走程序|走手续|走审|走报批|走签批|按流程|按程序|未能|没能"
    "|(?:提醒|告知|通知|说明|强调|提示|交代|告诉)[过了]|自己|滋味|难受|不好受|难过|心疼|过意不去"
    "|揪心|痛心|意外|突然|莫名|无故|自动|推迟|延后|推了|推到|挪|改期|改了|改到|建议|毕竟"
    "|排期|安排|进度|审核|取决于|意思|决定|速度|一小|感谢|谢谢|尊重|做[深细实精优强好]"
)
_TOLD_GATE = re.compile("提醒|告知|通知|说明|强调|提示|交代|告诉")
_CLOCK_GATE = re.compile("排期|安排|进度|处理|决定|意思|审核|速度|时间")
_PROCEDURE = re.compile("流程|程序|手续|走审|批")


def excuses(start: int, sentence: str) -> list[Hit]:
    """An apology said with a shrug, "we learned late too", "there was no other way"."""
    hits: list[Hit] = []
    if not _EXCUSE_GATE.search(sentence):
        return hits
    for found, code, why, fix in (
        ("建议" in sentence and _ADVICE.search(sentence), "blame_customer",
         "要客户下次注意，等于说是客户的错",
         "这次是我们没问清楚。以后我们会主动问（写出要问的事），您不需要做任何事。"),
        ("毕竟" in sentence and _AFTER_ALL.search(sentence), "blame_customer",
         "拿客户已经做了的事当理由",
         "我们应该在您购买前就说清楚规则。这次我们会（写出具体的补救，例如按没用的部分退款）。"),
        ("一小" in sentence and _small_shrugged(sentence), "minimising", "把问题说小",
         "不要说小：直接说发生了什么，“这是我们的错”，再说补救（写出退款或补偿）。"),
        (sentence.count("做") > 1 and _SLOGAN.search(sentence), "officialese", "口号式的套话",
         "不用口号，直接说做了什么、谁做、什么时候，例如：“从下周起，每辆车交车前由两个人检查。”"),
    ):
        if found:
            hits.append(Hit(code, (start + found.start(), start + found.end()),
                            f"“{found.group(0)}”：{why}", fix))
    if (
        _CLOCK_GATE.search(sentence)
        and (m := _THEIR_CLOCK.search(sentence))
        and lexicon()["has_actor"].search(m.group(1))
        and not _OUR_STEP_BY_A_TIME.search(sentence, m.end())
    ):
        hits.append(Hit(
            "blame_others", (start + m.start(), start + m.end()),
            f"“{m.group(0)}”：说要等别人",
            f"{bare(sentence)[: m.start()].rstrip('，, ')}由我们负责，不用您等别人：我们会在"
            "（写出日期）前（写出做什么）。",
        ))
    if (
        ("谢" in sentence or "尊重" in sentence)
        and (m := _THANKS_INSTEAD.search(sentence))
        and not re.search(r"对不起|抱歉|道歉", sentence)
    ):
        hits.append(Hit(
            "non_apology", (start + m.start(), start + m.end()),
            f"“{m.group(0)}”：用感谢代替道歉",
            "对不起，这是我们的错：（写出具体的事）。我们会（写出补救和时间）。",
        ))
    if _TOLD_GATE.search(sentence) and (m := _WE_TOLD.search(sentence)):
        if re.search(r"您|你|要|请|别|先|按|必须", sentence[m.end() : m.end() + 8] or "您"):
            hits.append(Hit(
                "blame_customer", (start + m.start(), start + m.end()),
                f"“{m.group(0)}”：说我们早提醒过，等于说是客户没听",
                "我们提醒得不够清楚，这是我们的问题，不是您的错。我们会（写出补救，例如“重做不收钱”）。",
            ))
    if "自己" in sentence and (m := lexicon()["their_own_doing"].search(sentence)) and (
            "我" not in m.group(0)):
        hits.append(Hit(
            "blame_customer", (start + m.start(), start + m.end()),
            f"“{m.group(0)}”：把原因放在对方自己身上",
            f"{re.sub(r'[，, ]*(?:主要|其实)?$', '', bare(sentence)[: m.start()])}，"
            "是我们没有照看好，这是我们的错。"
            "我们会（写出补救，例如医药费由我们出）。",
        ))
    if (
        "我们" in sentence
        and (m := _OUR_FEELINGS.search(sentence))
        and not re.search(r"对不起|抱歉|道歉", sentence)
    ):
        hits.append(Hit(
            "non_apology", (start + m.start(), start + m.end()),
            f"“{m.group(0)}”：说我们的感受，没有道歉",
            "对不起，这是我们的错：（写出具体的事和对您的影响）。我们会（写出补救和时间）。",
        ))
    if sentence.lstrip().startswith(("您", "你")) and not re.search(r"我们|我司|本公司", sentence):
        for found, did in ((_BY_ITSELF.match(sentence), "让"), (_MOVED.match(sentence), "把")):
            if found and did == "把" and _RESCHEDULED.match(sentence, found.end() - 1):
                continue  # "您的牙科CT改到周五上午九点拍": a new time given, nothing put off
            if found:
                thing, verb = found.group(1), found.group(2)
                verb = "推迟" if did == "把" and verb in ("推", "挪", "改") else verb
                hits.append(Hit(
                    "passive_evasion", (start + found.start(), start + found.end()),
                    f"“{found.group(0).strip()}”：没说是谁弄的",
                    f"是我们{did}{thing}{verb}了，事先没有告诉您，这是我们的错。"
                    "我们会在（写出时间）前（写出补救）。",
                ))
                break
    if ("空间" in sentence or "有待" in sentence) and (m := _ROOM.search(sentence)):
        hits.append(Hit(
            "non_apology", (start + m.start(), start + m.end()),
            f"“{m.group(0)}”：只说还有改进空间，没说错在哪里",
            "对不起，我们错在：（写出具体哪里做错了、对您有什么影响）。我们已经（写出改了什么）。",
        ))
    if ("没" in sentence or "到每" in sentence) and (m := _SHRUG.search(sentence)):
        said = bare(sentence)
        hits.append(Hit(
            "minimising", (start + m.start(), start + m.end()),
            f"“{m.group(0)}”：把损失说小",
            f"{said[: said.find(m.group(0))].rstrip('，, ').removesuffix('其实')}是我们的错，"
            "不管多少都该退：我们会把（写出金额）在（写出日期）前退给您。",
        ))
    if _PROCEDURE.search(sentence):
        if m := _PROCESS.search(sentence):
            what = re.sub(r"[，, ]*(?:正在|在)?$", "", bare(sentence)[: m.start()])
            hits.append(Hit(
                "vague", (start + m.start(), start + m.end()),
                f"“{m.group(0)}”：只说在走流程，没说做什么、什么时候好",
                f"{what}会在（写出日期）前"
                "（写出具体做什么，例如“把差额退到您的账户”）。",
            ))
    for _, clause in clauses(sentence, start) if "能" in sentence and not (
        _OUR_CAUSE.search(sentence)
    ) else ():  # not "因为我们仓库的米卖完了，您的订单这周没能发出": the cause given, ours
        if m := _NOT_DONE.match(clause):
            thing, how, verb = m.group(1), m.group(2) or "", m.group(3)
            hits.append(Hit(
                "passive_evasion", (start + sentence.find(clause), start + sentence.find(clause)
                                    + len(clause)),
                f"“{clause.strip()}”：没说是谁没做",
                f"我们没能{how}{verb}{thing}，这是我们的错。我们会在（写出时间）前补上。",
            ))
            break
    sorry = "歉" in sentence or "对不起" in sentence
    if "只" in sentence and sorry and (m := _ONLY_SORRY.search(sentence)):
        hits.append(Hit(
            "non_apology", (start + m.start(), start + m.end()),
            f"“{m.group(0)}”：不情愿的道歉",
            "对不起，这是我们的错：（写出具体哪里没做好）。我们会（写出补救和时间）。",
        ))
    if "才" in sentence and "我" in sentence and (m := _LEARNED_LATE.search(sentence)):
        hits.append(Hit(
            "blame_others", (start + m.start(), start + m.end()),
            f"“{m.group(0)}”：说我们也是受害的一方",
            f"{bare(sentence)[: m.start()].rstrip('，, ')}。我们本该更早知道、第一时间告诉您，"
            "这是我们的事：我们会（写出补救和时间）。",
        ))
    if ("唯一" in sentence or "别" in sentence or "这么" in sentence) and (
        m := _NO_CHOICE.search(sentence)
    ):
        before = bare(sentence)[: m.start()]
        act = before.split("，")[-1] or "这样做"
        hits.append(Hit(
            "blame_customer", (start + m.start(), start + m.end()),
            f"“{m.group(0)}”：说成别无选择，原因在对方的情况",
            f"{act}之前，我们应该先问过您。这是我们的决定，由我们负责：（写出补救）。",
        ))
    return hits


# measures taken with nothing said of them but a purpose: "已采取即时措施以防止日后任何类似攻击"
_MEASURES = re.compile(
    r"采取了?([^，。；：！？!?]{0,6}?)措施(?:以|来|以便|用以|用来)?(\S*?)\s*[。！!]?\s*$"
)
# a count of measures ("三项措施"): they are listed next
_COUNTED = re.compile(r"\d|[一二三四五六七八九两几]项")


def unnamed_measures(start: int, sentence: str) -> list[Hit]:
    """Measures taken, closing the sentence with at most what they are for: the reader
    learns that something was done, never what."""
    if "措施" not in sentence:
        return []
    words = lexicon()
    parts = list(clauses(sentence, start))
    at, last = parts[-1]
    if len(parts) > 1 and last.lstrip().lstrip("以来").startswith(tuple(words["purposes"])):
        at, last = parts[-2]  # "采取相应的补救措施，防止类似问题再次发生": the purpose after
    m = _MEASURES.search(last)
    if not m or _IF.search(sentence[: sentence.find(last) + m.start()]) or re.search(
        r"没|未|不曾|并不", last[: m.start()]
    ):
        return []  # "如有需要，将采取措施", "没有及时采取措施": a case, or our failure owned
    kind, purpose = m.group(1), m.group(2)
    if any(p in kind for p in words["list_pointers"]) or _COUNTED.search(kind):
        return []  # "采取了以下措施": listed elsewhere
    if purpose and not purpose.startswith(tuple(words["purposes"])):
        return []  # "采取措施深入调查": the act is named
    return clause_hit(
        "vague", at, last, f"“{m.group(0).rstrip('。！! ')}”：没说采取了什么措施",
        "说出具体做了什么：“我们已经（写出具体做法，例如：关掉了那个漏洞、给所有账户加了短信验证），"
        "（写出时间）起生效。”",
    )

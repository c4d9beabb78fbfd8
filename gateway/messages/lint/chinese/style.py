"""Chinese stock phrasing: officialese (套话), promises with no time, shrinking the harm,
sorry only "for the inconvenience".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache

from gateway.messages.lint.chinese.apology import made_right, specific_apology
from gateway.messages.lint.chinese.segment import (
    YOU_AMONG,
    bare,
    chosen_share,
    clauses,
    gated,
    lexicon,
    neighbours,
    our_fault,
    points_at_a_thing,
    segment,
    small_but_owned,
)
from gateway.messages.lint.findings import Hit


def _by_place(sentence: str) -> Callable[[str], tuple[int, int]]:
    """Sort key for words taken from a set: where the word stands, and at one place
    the longer first ("仅仅" before "仅"), so the finding never depends on set order."""
    return lambda word: (sentence.find(word), -len(word))


def officialese(text: str, start: int, sentence: str) -> list[Hit]:
    words = lexicon()
    if (
        not words["has_strong"].search(sentence)
        and len(words["has_weak"].findall(sentence)) < 2
        and not words["has_stock_adverb"].search(sentence)
        and not words["has_abstract_noun"].search(sentence)
    ):
        return []
    # a "，" between clauses' words: no stock phrase is read across a comma ("压实主体责任，构建…")
    tokens = _split_stock(
        [w for at, clause in clauses(sentence, start) for w, _ in [("，", ""), *segment(clause)]]
    )
    grams = {"".join(tokens[i : i + n]) for n in (1, 2, 3) for i in range(len(tokens))}
    pairs = set()
    if not any(c.isdigit() for c in sentence):  # "全面梳理": stock adverb + abstract verb
        pairs = {
            a + b
            for a, b in zip(tokens, tokens[1:], strict=False)
            if a in words["stock_adverbs"] and b in words["abstract_verbs"]
        }
        pairs |= _abstract_objects(tokens)
    strong = sorted(
        {w for w in words["officialese_strong"] if len(w) > 2 and w in sentence}
        | (grams & words["officialese_strong"])
        | pairs,
        key=_by_place(sentence),
    )
    weak = sorted(_ours_to_say(sentence, start) & words["officialese_weak"],
                  key=_by_place(sentence))
    if words["time_stock"].issuperset(strong) and words["has_anchor"].search(sentence):
        strong = []  # "有结果第一时间告诉您，最晚明天下午五点": the stock time made a real one
    elif words["officialese_operational"].issuperset(strong) and _concrete(sentence):
        strong = []  # "10:00 排查系统日志后确认问题点": a named piece of work, said with its time
    elif words["officialese_contrite"].issuperset(strong) and our_fault(sentence):
        strong = []  # "企业对此承担全部责任，并深刻反思自身问题": reflection on a fault owned
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



def _ours_to_say(sentence: str, start: int) -> set[str]:
    """The words (and runs of two or three) of the clauses that speak for us: not a clause
    that tells the reader what to do (请…, 您可…) or sets the case in which they should (若…,
    如遇…, 一旦…). A weak stock word there is the reader's own act or case, said as any
    notice says it ("若问题持续，请及时联系我们"), not a promise of ours made of stock words."""
    grams: set[str] = set()
    for _, clause in clauses(sentence, start):
        tokens = _split_stock([w for w, _ in segment(clause)])
        if tokens and (tokens[0] in lexicon()["conditions"] | lexicon()["reader_cases"]
                       or lexicon()["to_the_reader"].match(clause)):
            continue
        grams |= {"".join(tokens[i : i + n]) for n in (1, 2, 3) for i in range(len(tokens))}
    return grams



def _concrete(sentence: str) -> bool:
    """The sentence gives what stock phrasing stands in for: a time or a figure
    ("10:00", "明天上午"), our own fault named ("这次故障是我们的责任"), or the work
    reported done with its outcome ("进行了问题排查和修复，现在服务已经恢复正常")."""
    return bool(lexicon()["has_anchor"].search(sentence) or re.search(r"\d", sentence)
                or our_fault(sentence) or _DONE_WITH_OUTCOME.search(sentence))


# work reported done, not promised: "…排查和修复，现在服务已经陆续恢复正常", "本站已第一时间
# 对…进行了补兑"
_DONE_WITH_OUTCOME = re.compile(r"了[^。！？；]*[，,][^。！？；]*(?:已经?|现已)[^。！？；]{0,6}?"
                                r"(?:恢复|修好|修复|解决|退回|到账|补发|补上|补回)"
                                r"|(?:已经?|现已)(?!经?[将会要])[^。！？；，,]{0,24}?了")


def _split_stock(tokens: list[str]) -> list[str]:
    """jieba keeps some set phrases whole ("不断改进"): split a stock adverb from its verb."""
    words = lexicon()
    out: list[str] = []
    for w in tokens:
        m = words["stock_head"].match(w) if len(w) > 2 else None
        out += [m.group(0), w[m.end() :]] if m and w[m.end() :] in words["abstract_verbs"] else [w]
    return out


def _abstract_objects(tokens: list[str]) -> set[str]:
    """An abstract verb whose object is an abstract noun ("完善服务体系", "提升满意度",
    "加强内部管理"): a promise about nothing anyone can check."""
    words = lexicon()
    found = set()
    for i, verb in enumerate(tokens):
        if verb not in words["abstract_verbs"]:
            continue
        for k in range(i + 1, min(i + 8, len(tokens))):
            if tokens[k] in ("，", "。", "了", "过", "把", "将"):
                break
            if tokens[k] in words["abstract_nouns"] or tokens[k].endswith(("体系", "机制", "意识")):
                found.add("".join(tokens[i : k + 1]))
                break
    return found


# news promised for when there is news, not by a time: "有进展会及时通知", "一有消息，我们马上
#告诉您", "调查有了结论之后，我们再向大家说明", "等系统稳定了，积分会补上"
_TELL = r"(?:告诉|通知|告知|同步|联系|更新|答复|回复|说明|公布|交代|反馈)"
_WHEN_NEWS = re.compile(
    r"(?:一|有了?)(?:最新|新的?|任何|进一步的?|确切的?)?(?:消息|进展|结果|结论|定论|动态|眉目|新情况)"
    r"[^，。；]{0,6}?[，,]?[^，。；]{0,8}?" + _TELL
    + r"|(?:待|等)(?![您你])[^，。；]{1,10}?(?:后|之后|以后|了|完)[，,]?[^，。；]{0,8}?(?:"
    + _TELL[3:-1] + r"|会|再|就)"
)
# 跟 as the verb "follow up", with no object after it, the clause ending on it: "这个事情我们这边
# 在跟" (跟 is otherwise a preposition: "在跟物业商量")
_FOLLOWING = re.compile(r"在跟(?:着)?\s*(?=[，,。！？；;!?]|$)")
# still weighing it, with no end: "补偿怎么给，我们还在商量"
_WEIGHING = ("商量", "讨论", "研究", "评估", "协商", "商讨", "考虑", "论证", "磋商", "碰", "合计")
# some of them, not which: "有些订单的状态可能还会变化", "目前一些线路仍在抢修"
_SOME = ("相关", "有些", "一些", "部分", "个别", "某些", "若干", "有的")
# a rule from now on, or nothing asked of them: "以后您下单前，我们会先发短信确认地址"
_STANDING = re.compile(
    r"^\s*(?:以后|今后|此后|从此|每次|每当)|^\s*(?:您|你)(?:不需要|不用|无需|不必)"
)


def _still(tokens: list[tuple[str, str]], j: int) -> bool:
    """A word of a future or ongoing state; not 在 as a preposition ("在App里看直播") nor 还
    as the verb of a compound noun ("还书日期照旧": 还, then two nouns)."""
    w, flag = tokens[j]
    if w not in lexicon()["still_coming"] or (w == "在" and flag == "p"):
        return False
    nxt = [f[:1] for _, f in tokens[j + 1 : j + 3]]
    return not (w == "还" and len(nxt) == 2 and nxt[0] == "n" and nxt[1] in "nt")


def _some_things(tokens: list[tuple[str, str]]) -> str | None:
    """ "有些订单…可能还会…": a vague quantifier before a noun, then a future or ongoing state."""
    for i, (w, _) in enumerate(tokens[:-1]):
        nxt, flag = tokens[i + 1]
        if w in _SOME and (flag[:1] == "n" or flag == "vn") and nxt not in ("时间", "原因"):
            if any(_still(tokens, j) for j in range(i + 2, len(tokens))):
                return w + tokens[i + 1][0]
    return None


# a number written in characters, with what it counts: "三百元", "两个工作日", "十分钟"
_COUNT_IN_WORDS = re.compile(
    r"[一二两三四五六七八九十百千万]+(?:元|块钱|个?工作日|天|个?小时|分钟|周|个月)"
)


# a number that names a thing, not a time or a count: "地铁11号线", "3号楼", a flight "HU7370";
# the digits possessive (what follows them is no digit, so giving one back never matches: the
# same matches, without retrying the endings at every shorter run, ~330 -> ~210 us a text)
_NUMBER_AS_NAME = re.compile(r"\d++(?:号线|号楼|号门|号口|号厅|号车厢|号航站楼|线)|[A-Z]{2}\d{3,4}")


@lru_cache(maxsize=8)
def _says_when(text: str, when_news: bool) -> bool:
    """Whether the whole text gives a time, a day or a number (once per text, not per sentence);
    after "一有消息" (``when_news``) 马上 and the like are no time."""
    anchor = lexicon()["has_anchor"]
    counted = _NUMBER_AS_NAME.sub("", text)  # "11号线": a name, not a day, a time or a count
    anchored = anchor.search(counted)
    at_once = lexicon()["at_once"]
    if anchored and when_news and anchored.group(0) in at_once:
        # "一有消息，我们马上告诉您": 马上 after a condition is no time
        anchored = next((m for m in anchor.finditer(counted) if m.group(0) not in at_once), None)
    return bool(anchored) or any(c.isdigit() for c in counted) or bool(
        _COUNT_IN_WORDS.search(text))


@lru_cache(maxsize=8)
def _says_no_news(text: str) -> tuple[bool, bool]:
    """Whether the text says honestly there is no news yet (``honest``, ``honest_ongoing``)."""
    words = lexicon()
    return (any(h in text for h in words["honest"]),
            any(h in text for h in words["honest_ongoing"]))


def _bound_offer(tokens: list[str]) -> bool:
    """A promise bound to each one ("每一笔…都会") or to one thing the customer does ("您只需
    回复…就会"), or made to the customer as the object of its first verb ("会协助大家…",
    "将为您…"), whose act gives them something (a good act: 退款, 回电, 上门; no effort verb
    such as 处理 or 跟进 left in it): its scope and what they get are said, so it is an offer,
    not an effort with no end in sight."""
    for i in range(1, len(tokens)):
        if tokens[i] not in ("会", "将"):
            continue
        before = "".join(tokens[: i - 1])  # "每一件" is one word, "每 一笔" two
        each = tokens[i - 1] == "都" and "每" in before
        on_condition = tokens[i - 1] == "就" and re.search(r"只(?:需|要)", before)
        to_them = tokens[i + 2 : i + 3] and tokens[i + 2] in lexicon()["served"] and not (
            set(tokens[i + 3 :]) & (lexicon()["effort_verbs"] - lexicon()["good_acts"])
        )  # not "会帮您处理退款事宜": the act itself still an effort
        if (each or on_condition or to_them) and set(tokens[i + 1 :]) & lexicon()["good_acts"]:
            return True
    return False


def _efforts(tagged: list[tuple[str, str]], start: int, end: int) -> set[str]:
    """The effort verbs among ``tagged[start:end]``; 想 counts only before what is thought out
    ("在想办法", "在想怎么解决"), not as "would like to" ("我在此想借此机会，再向客户说声
    对不起")."""
    return {
        w for k, (w, _) in enumerate(tagged[start:end], start)
        if w in lexicon()["effort_verbs"]
        and (w != "想" or k + 1 >= len(tagged) or tagged[k + 1][1][:1] in ("n", "r"))
    }


def vague(text: str, start: int, sentence: str) -> list[Hit]:
    """An effort verb ("正在处理", "会尽快答复") with no time, day or number in the text;
    news promised "when there is news"; some things, not which, still to change."""
    words = lexicon()
    if not _effort_gate().search(sentence):
        return []
    lead = sentence.lstrip()
    if lead.startswith(("只要", "如果", "如", "若")) or _STANDING.search(lead):
        return []  # "只要回复…就会有专人答复您": an offer, not a promise of progress
    when_news = _WHEN_NEWS.search(sentence)
    if "自动" in sentence and not when_news:
        return []
    if _says_when(text, bool(when_news)) and not _keeps_at_it(sentence):
        return []  # the text says when ("三个工作日内", "周五"; not "早日")
    if _TOLD_HERE.search(sentence):
        return []  # "我们将通过本公告说明该问题发生的原因": told in this very message
    parts = [segment(clause) for _, clause in clauses(sentence, start)]
    tagged = [t for part in parts for t in part]
    tokens = [w for w, _ in tagged]
    offered = _offered(parts)
    framed = _time_frames(parts)
    if _bound_offer(tokens) and not (
        when_news or set(tokens) & words["vague_times"]
        or any(v in sentence for v in words["vague_states"])
    ):
        return []  # "但每一笔我们都会打电话说明并退款", "您只需回复这条短信，我们就会安排专人回电"
    some = _some_things(tagged)
    if some and re.search(r"(?:您|你)(?:可以|能)|标(?:出|明|注)|(?:写|列)(?:出|明)", sentence):
        some = None  # "部分座位…，订票页已经标出来了，您可以换到…": which ones, and what to do
    # still at it, with no end in sight: "还在讨论中", "还在商量", news "when there is news"
    ongoing = (
        bool(when_news)
        or bool(_FOLLOWING.search(sentence))  # "这个事情我们这边在跟": followed, no end said
        or any(
            w in words["effort_verbs"] and tokens[i + 1 : i + 2] == ["中"]
            for i, w in enumerate(tokens)
        )
        or (  # "我们还在商量"; not "没提前跟您商量"
            any(w in _WEIGHING for w in tokens[-2:])
            and bool(set(tokens) & {"还在", "正在", "仍在", "在", "还", "会", "将"})
            and not set(tokens) & lexicon()["not_done"]
        )
    )
    honest, honest_ongoing = _says_no_news(text)
    if not some and (honest or (not ongoing and honest_ongoing)):
        return []  # says honestly that there is no news yet ("还没有新进展", "仍在处理")
    promised = (
        ongoing
        or bool(some)
        or any(
            w in words["effort_markers"]
            and _efforts(tagged, i + 1, i + 6)
            # "可在订单页查看": 在 before a place is a preposition, not "in the middle of"
            and not (w == "在" and tagged[i + 1 : i + 2] and (
                tagged[i + 1][1][:1] in "nsr" or tagged[i + 1][1] == "eng"  # "在App里确认"
                or tokens[i + 2 : i + 3] in (["里"], ["上"], ["内"])))  # "在页面上确认"
            and not set(tokens[i - 1 : i + 3]) & lexicon()["not_done"]  # "没有及时通知您": owned
            and i not in offered  # "如果付款失败，…，我们会当场帮您处理"
            and i not in framed  # "在解决之前门店不会开业": 在 opens a time, not "in the middle of"
            # a negator before a modal: "我们没能及时调车" (没 + 能 + 及时), owned too
            and not (tokens[i - 1 : i] in (["没能"], ["未能"]) or (
                tokens[i - 1 : i] in (["能"], ["能够"]) and tokens[i - 2 : i - 1] != []
                and tokens[i - 2] in lexicon()["not_done"]))
            for i, w in enumerate(tokens)
        )
        or any(w in words["vague_times"] and not _attributive(tagged, i)
               and tokens[i - 1 : i] not in (["已经"], ["已"])  # "现在服务已经陆续恢复正常"
               for i, w in enumerate(tokens))
        or any(v in sentence and f"已{v}" not in sentence and f"已经{v}" not in sentence
               for v in words["vague_states"])  # what has happened, not what will
        or bool(_HANDED.search(sentence))
        or bool(_EMPTY_PROMISE.search(sentence))
    )  # "正在处理", "近期恢复"; not "已修复，正在留意"
    if promised:
        said = bare(sentence)
        news = when_news and re.search(r"消息|进展|结果|结论|定论|动态|眉目", when_news.group(0))
        if some and some.startswith("相关"):  # "相关补偿方案" -> "补偿方案"
            said = said.replace("相关", "", 1)
        elif some:
            said = said.replace(some, f"（写出是哪些{some[2:]}、有多少）{some[2:]}", 1)
        elif empty := _EMPTY_PROMISE.search(said):  # "一个满意的答复" -> what, how much, who
            said = said.replace(empty.group(0), "（写出具体给什么、多少、谁负责）", 1)
        return [
            Hit(
                "vague",
                (start, start + len(sentence.rstrip())),
                f"“{some}”没有说是哪些" if some else "没有时间、日期或负责人的承诺",
                f"今天下午4点前，不管有没有{news.group(0)}，我们都会告诉您进展。"
                if news  # "一有消息，我们马上告诉您"
                else f"{said}，今天下午4点前我们会再告诉您进展。",
            )
        ]
    return []


def _keeps_at_it(sentence: str) -> bool:
    """ "今天我们会继续处理这件事": the time frames the effort going on (会/将 + 继续 + an effort
    verb), not a result; with no figure in the sentence and no act that gives them something
    (the lexicon's ``good_acts``: 退回, 修好, 上门), nothing is promised by that time."""
    return bool(_keeping_on().search(sentence)) and not re.search(r"\d", sentence) and not any(
        g in sentence for g in lexicon()["good_acts"])


@cache
def _keeping_on() -> re.Pattern[str]:
    """会/将/要 + 继续/接着 + an effort verb of the lexicon (longest first), compiled once."""
    efforts = "|".join(sorted(lexicon()["effort_verbs"], key=len, reverse=True))
    return re.compile(r"(?:会|将|要)(?:继续|接着)(?:" + efforts + ")")


# the telling done by the message itself: "通过本公告说明", "在这封邮件里告诉您"
_TOLD_HERE = re.compile(
    r"(?:通过|在|用)(?:本|此|这(?:封|条|份|篇)?)(?:公告|通知|邮件|短信|信|说明)[里中]?" + _TELL)


def _offered(parts: list[tuple[tuple[str, str], ...]]) -> set[int]:
    """Indexes (over the sentence's words) of the words in clauses after one that sets a
    condition: "如果付款失败，请拨打客服电话，我们会当场帮您处理" is an offer bound to an
    event, as a sentence that opens with 如果 is, not a promise of progress. The condition's
    first word is one of the lexicon's ``conditions``."""
    conditions = lexicon()["conditions"]
    out: set[int] = set()
    at, conditioned = 0, False
    for part in parts:
        if conditioned:
            out.update(range(at, at + len(part)))
        conditioned = conditioned or bool(part and part[0][0] in conditions)
        at += len(part)
    return out


def _time_frames(parts: list[tuple[tuple[str, str], ...]]) -> set[int]:
    """Indexes of the prepositions 在 that open a time frame closed in their clause by 之前,
    以前 or 后 ("在没有解决飞虫问题之前不会再次开业", "在以上处理操作全部执行完后，…已经全部
    回收"): the verb inside names the event that bounds what is said, not an effort under way
    ("我们在解决" still is one)."""
    frame_ends = lexicon()["frame_ends"]
    out: set[int] = set()
    at = 0
    for part in parts:
        for j, (word, flag) in enumerate(part):
            if word == "在" and flag == "p" and any(
                w in frame_ends and f[:1] in "fnt" for w, f in part[j + 2 : j + 10]
            ):
                out.add(at + j)
        at += len(part)
    return out


def _attributive(tagged: list[tuple[str, str]], i: int) -> bool:
    """后续 before a noun with no modal after it names a thing, not a time ("安排换机执飞后续
    航班"), and so in a topic ("后续赔偿方面"); "后续我们会…" and "后续工作将…" stay a vague
    time."""
    if tagged[i][0] == "后续" and [w for w, _ in tagged[i + 1 : i + 3]][-1:] == ["方面"]:
        return True  # "后续赔偿方面，…": the topic the sentence takes up, not a time
    if tagged[i][0] != "后续" or i + 1 >= len(tagged) or tagged[i + 1][1][:1] != "n":
        return False
    return not {w for w, _ in tagged[i + 1 :]} & {"会", "将", "要", "再"}


# handed to someone unnamed: "您的问题已经提交给专业团队"
_HANDED = gated(
    r"(?:提交|转交|转给|交给|反馈给|上报)(?:了)?(?:给)?(?:我们的)?(?:专业|相关|有关|技术|专门的?|上级)"
    r"(?:团队|部门|同事|人员|小组)|(?:反映|报|提交|递交)上去"  # "您的情况已经反映上去了"
)
# an outcome promised by how it will feel, not what it is: "给您一个满意的答复"
_EMPTY_PROMISE = gated(
    r"(?:满意|合理|妥善|圆满|公正|公平|负责任|明确)的?(?:答复|交代|结果|方案|处理|解决方案|说法|解释|补偿)"
    # a decision put off to a later nobody names: "综合考虑后再作安排", "另行安排"
    r"|(?:再|另|再行|另行)(?:作|做)?(?:安排|决定|商定|定夺|研究)|(?:时间|日期|方案)待定"
)
_VAGUE_GATE = (
    "|".join(_SOME + _WEIGHING)
    + "|一有|有了|等|待|提交|转|交给|上报|反馈给|上去|在跟"
    + "|满意|合理|妥善|圆满|公正|公平|负责任|明确|再作|再做|再行|另作|另做|另行|待定|再安排|另安排"
)


@cache
def _effort_gate() -> re.Pattern[str]:
    """One test for every vague shape: an effort word, a vague quantifier, news awaited."""
    return re.compile(lexicon()["has_effort"].pattern + "|" + _VAGUE_GATE)


# a counted harm: "晚到了两天", "多扣了42元"
_CONCRETE = re.compile(
    r"[\d一两二三四五六七八九十]+(?:天|个?小时|分钟|元|块|次|趟|遍|件|单|周|个月)"
)
# the lookahead lets the engine skip, with one character test, the places no branch can start
_NOT_THAT = re.compile(
    r"(?=[不没可忽幸好所还庆正合允时很非比十价金损数规范幅涨也只仅并几基在低算就无说根丝应估其过自放])(?:"
    r"(?:不算|不太|并不|并没有那么|没那么|不怎么)(?:太|很|特别|那么)?"
    r"(?:长|久|多|大|严重|明显|要紧|高|敏感|重要)"
    r"|(?:价值|金额|损失|数量|规模|范围|幅度|涨幅)[^，。；]{0,4}?(?:不高|不大|不多|很小|很少)"
    r"|(?:只是|只有|仅仅|仅)(?:部分|个别|少量|一些|少数)"  # "只是部分图片暂时无法显示"
    r"|(?:不会|并不会|几乎不会|基本不会)(?:感受到|感觉到|察觉|注意到|发现)"
    r"|(?:基本上?|几乎|根本|丝毫|并|其实)(?:不会|不)(?:影响|耽误|妨碍)"  # "基本不影响观感"
    # the harm said to go away by itself: "过几天自己就消了"
    r"|(?:过[几一两]天|过一阵子?|放几天)?自己(?:就|会)?(?:消|好|恢复|散|没)(?:了|掉)"
    # a harm given a small extent: "也就角落那一片", "就那么一下"
    r"|(?:也就|不过|就)(?:是)?[^，。；\d]{0,4}?(?:那么|这么|那|这)(?:一|几)"
    r"(?:片|块|点|下|会儿|小会|度|分钟|天|个|次|毛|块钱|元)"
    # a guess that nothing came of it: "货品应该没问题"
    r"|(?:应该|估计)(?:也)?(?:没|不会有)(?:什么)?(?:问题|事|影响|大碍)"
    r"|可以忽略|可忽略|忽略不计|^(?:幸好|好在|所幸|还好|庆幸)"
    r"|不是什么(?:重要|大|严重|敏感|要紧)|并不重要|不太重要"
    r"|没(?:有)?什么(?:大|影响|关系|要紧|(?:可|好|需要|值得)?(?:担心|担忧|在意|顾虑))"
    r"|(?:不算|算不了|算不上)什么|(?:算|还算|算是)(?:比较|很|相对)?(?:轻|小|少|短)的?(?=[。，；！]|$)"
    # "说到底就是个显示问题": the failure called a mere this-or-that
    r"|(?:只是|就是|不过是|无非是)(?:个|一个)[^，。；]{0,4}?(?:问题|错误|故障|bug|毛病)"
    r"|(?:没有|并没有|没)[^，。；]{0,8}?(?:那么|这么)(?:严重|大|多|长|久)"
    r"|正常范围|合理范围|可控范围|允许范围|(?:可以?接受|容许|误差)的?范围"
    r"|不(?:会)?影响[^，。；]{0,8}?正常(?:使用|生活|出行|工作|功能|运行|行驶|佩戴)"
    r"|正常现象|在所难免|(?:很|非常|比较|十分)(?:常见|普遍)|时有发生"  # the failure made normal
    # a few, said with a shrug: "也就几块钱", "不过几分钟"
    r"|(?:也就|不过|只是|仅仅|只有)(?:几|一两|两三|三五|[两三四五六七八九十]|\d+)[^，。；\d]{0,2}?"
    r"(?:块|元|毛|分钟|秒|个|位|次|天|小时|单|笔)"
    # a harm said with a shrug: "也就晚了二十分钟", "只慢了两天"
    r"|(?:也就|不过|只|仅|仅仅)(?:是)?(?:晚|慢|迟|多|少|差|停|断|耽误|延误|延迟|耽搁)了?(?:您|你|大家)?"
    r"[\d一两二三四五六七八九十几半]+(?:个)?(?:分钟|小时|天|秒|周|月|元|块|毛|单|笔|次)?"
    # a share made small: "占比不到百分之一", "不足1%"
    r"|(?:不到|不足|低于|仅占|只占)[^，。；]{0,2}?"
    r"(?:(?:百分之|千分之|万分之)[零一二三四五六七八九十两几点]+|\d+(?:\.\d+)?\s*[%‰]))"
)


# the harmed thing made small: "漏发的不过是说明书", "丢的只是一张优惠券"
# a small figure granted, then the harm it did: "虽然只有十五分钟，也让您错过了…"
_CONCEDED = gated(
    r"(?:虽然|虽说|虽|尽管|即使|哪怕)[^，。；]{0,12}[，,]\s*(?:也|但|但是|却|还是|可)(?!以)"
    # how it looks, then what it does: "看着不多，但可能让您赶不上车"
    r"|(?:看着|看起来|看上去|看似|听着|听起来|乍看|表面上)[^，。；]{0,8}[，,]\s*(?:但|但是|可|可是|却)"
    # "不多，但也是您的钱"
    r"|[，,]\s*(?:但|但是|可|可是)(?:也|还是|同样)(?:是您|让您|给您|耽误|影响)"
    # granted, then owned: "钱虽不多，错是我们的"
    r"|(?:虽然|虽说|虽|尽管)[^，。；]{0,12}[，,]\s*(?:但|但是|可)?(?:错|责任)(?:是|在)(?:我们|我司)"
    # "钱不多，但错在我们"
    r"|[，,]\s*(?:但|但是|可|可是)(?:这)?(?:错|责任)(?:是|在|都在)(?:我们|我司)"
    r"|(?:虽然|虽说|虽|尽管)[^，。；]{0,12}[，,]\s*(?:但|但是|可)?(?:这)?(?:是|都是)我们的(?:错|责任)"
    # "钱不多，但这是我们算错了"
    r"|[，,]\s*(?:但|但是|可|可是)(?:这|这也)?(?:是|都是)我们(?!的?合作)"
    # the harm to people said after 但, then owned: "只延误了10分钟，但赶车、赶飞机的人可能因此
    # 误了事，这仍然是我们的问题"
    r"|[，,]\s*(?:但|但是|可是?)[^。；！？]{0,30}?[，,]\s*这(?:仍然|仍|还是|依然|也)?是我们的(?:问题|错|责任)"
    r"|[，,]\s*(?:但|但是|可|可是)(?:也|还是)?(?:不该|不应该|不应)"  # "钱很少，但不该扣"
    # a small count granted, then we still act on it (都/也/仍 after 我们): "受影响的订单
    # 只有十七笔，但每一笔我们都会单独联系"
    r"|[，,]\s*(?:但|但是|不过|可是?)[^，。；]{0,8}?我们(?:都|也|仍然?|还是|依然|照样)(?:会|要|将|已经?)"
    # the harm said again after 但, with a causative on the people it fell on: "只发给了五千多名
    # 用户，但它让大家受了惊吓"
    r"|[，,]\s*(?:但|但是|可是?)(?:它|这|这次|这件事)?(?:也|还是)?(?:让|使|害|给)(?:您|你|大家|他们|用户|客户|乘客|旅客|(?:很多|不少|许多|好多)人)"
    # after 但, an act of ours on each one of them: "但我们不会等用户来找，今天已经逐一补上"
    r"|[，,]\s*(?:但|但是|不过|可是?)[^。；]{0,20}?(?:逐一|逐个|逐笔|一一|挨个)"
    # an exact small amount, then ours to pay it back in the next clause: "一共只有三元，我们
    # 已经全部退回" (not "几块钱", and not said with a shrug after it)
    r"|(?<![几数])[一二两三四五六七八九十百\d]+\s*(?:元|块钱|块|笔|单|位|件)[，,]\s*(?:我们|我司)"
    r"(?:已经?|会|将|马上)(?:全部|全额|逐一|逐笔|都)?(?:退|补|赔)(?![^。；]*(?:放心|在意|担心|不要紧|没关系|而已|罢了))"
)
def conceded(sentence: str) -> bool:
    """A small figure granted, then the harm it did or what we do for each (``_CONCEDED``)."""
    return _CONCEDED.search(sentence) is not None


# the harm came early: "只开了一半就停电了"
# which one, by its number: "只有一号场受影响", "仅3号楼停水", "只有第二排": named, not shrunk
_WHICH_ONE = re.compile(
    r"(?:只有|仅有|只|仅)(?:影响了?|涉及|波及|停了|是)?"  # "只影响了三号楼": which, named
    r"(?:第[0-9０-９一二两三四五六七八九十]+|[0-9０-９一二两三四五六七八九十A-Z]+号)"
)
# measured against the usual or the plan: "只有平时的一半", "仅为计划的三成"
_BELOW_USUAL = re.compile(
    r"(?:只有|仅有|只|仅|仅为|只剩)(?:到)?(?:平时|平常|往常|往年|原来|原定|计划|预期|正常|以往|以前)的?"
)
_EARLY_HARM = re.compile(r"(?:只|仅)[^，。；]{1,8}?就(?:停|坏|断|没|不|错|出|卡|掉|丢|漏|散|黑)")
# the customer told they are among the few: "其中一单就是您的", "您家正是其中之一"
_YOU_AMONG = YOU_AMONG
# so near that it hurt: "只差十分钟您就没赶上末班轮渡"
_NEAR_MISS = re.compile(r"[^，。；]{0,4}?就(?:没|未|错过|赶不上|误了|差点)")
_ONLY_THING = re.compile(r"的(?:只不过|不过|只|仅仅|仅)(?:是|为)")
# nobody noticed: "很多人可能根本没注意到" (not "我们没有注意到")
_UNNOTICED = re.compile(
    r"(?:人|用户|客户|顾客|乘客|大家)(?:可能|根本|都|也|大概|甚至|应该|基本|多半)*"
    r"(?:没|没有|不会|未)(?:注意到|注意|察觉|发现|感觉到|感受到|留意到)"
)
_PROGRESS = re.compile("已|恢复|修好|补发|解决|改正")  # "大部分地区已经恢复供电": progress


def _most_were_fine(sentence: str, start: int) -> str | None:
    """ "停机的时候大部分用户都在睡觉": most of them, and nothing wrong said of them."""
    words = lexicon()
    for _, clause in clauses(sentence, start):
        lows = [w for w, _ in segment(clause)]
        k = next((k for k, w in enumerate(lows) if w in words["majority"]), -1)
        said = "".join(lows[k:]) if k >= 0 else ""  # what is said of the most
        if said and not (
            words["has_negative"].search(said)
            or _PROGRESS.search(said)
            or any(w[:1] in "没未不无" or w in words["harm"] for w in lows[k:])
        ):
            return lows[k]
    return None



def _we_did_little(after: list[str]) -> bool:
    """The words after "我们只" reach a verb of what we did too little of (the lexicon's
    ``too_little_done``), maybe past an adverbial of time or place ("提前一晚", "在门口"),
    before any harm ("我们只晚了十分钟通知您" shrinks the delay)."""
    words = lexicon()
    for w in after:
        if w in words["harm"] or w in words["small_adjectives"]:
            return False
        if w in words["too_little_done"]:
            return True
    return False


def _asked_of_them(tokens: list[str]) -> set[str]:
    """Diminishers that measure what the customer is asked to do ("您只需拍一张照片"), not a
    harm: said right after 您/你/请, or right before 需/要/用 (the lexicon's ``asked_of_them``)."""
    out, asked = set(), lexicon()["asked_of_them"]
    for k, w in enumerate(tokens):
        nxt = tokens[k + 1] if k + 1 < len(tokens) else ""
        prev = tokens[k - 1] if k else ""
        if prev in ("您", "你", "请") or nxt in asked or (w == "只" and nxt.startswith("需")):
            out.add(w)
        if prev in ("我们", "我司") and _we_did_little(tokens[k + 1 : k + 5]):
            out.add(w)  # "我们只发了一次短信", "我们只提前一天通知": what we failed to do enough of
    return out


# ours owned, or the customer told what to do: the thing called common was theirs to be spared
_SPARED = re.compile(
    r"我们(?:本该|本应|应该|早该)|是我们的|(?:您|你)(?:只需|只要|可以|不用|不必)|请(?:您|你)?直接"
)


def _normal_for_them(sentence: str, m: re.Match[str]) -> bool:
    """ "学号填错很常见，您只需回复正确的学号": a slip of the customer's called common to spare
    them, with our own part or their easy next step in the sentence; not our failure shrugged off
    ("快递延误很常见")."""
    return bool(re.search(r"常见|普遍", m.group(0))) and bool(_SPARED.search(sentence[m.end() :]))


def _near_miss(sentence: str, m: re.Match[str]) -> bool:
    """ "只差十分钟您就没赶上末班轮渡": how near it came, which makes the harm worse."""
    return m.group(0).startswith(("只差", "仅差", "就差")) and bool(
        _NEAR_MISS.match(sentence, m.end())
    )


# what the few counted could still have or do: "只有八个人能用", "只有三位拿到了纪念品"
_SERVED = re.compile(
    r"[^，。；\d]{0,3}?(?:才|还)?(?:能|可以|能够|拿到|领到|用上|吃上|坐上|买到|抢到|收到|看到|赶上|分到)"
)


def _few_served(sentence: str, m: re.Match[str]) -> bool:
    """ "前半程只有八个人能用": a count of those who still got it, the rest went without; the
    shortfall told, not the harm made small (not "只有几个人受影响")."""
    return m.group(0).startswith(("只有", "仅有")) and bool(_SERVED.match(sentence, m.end()))


# what we judged at the time, and the failure it led us into: the shrug is told as our mistake
# ("当下判断仅为短时间的问题，没有对整体服务造成实质影响，因此并未立即启动更进一步的调查")
_JUDGED_THEN_FAILED = re.compile(
    r"(?:当时|当下|起初|一开始|最初)(?:我们)?(?:判断|以为|认为|评估)[^。；]*?"
    r"(?:因此|所以|于是)(?:并|也)?(?:未|没有?)"
)


def _harm_denied(sentence: str) -> bool:
    """Every harm word of the sentence stands straight after a negator ("没有泄露", "未丢失"):
    the harm is denied, so 只/只是 after it tells what did happen ("您的密码没有泄露，我们只是把
    所有人的登录状态清掉了"), not a harm made small."""
    found = [m for h in lexicon()["harm"] for m in re.finditer(re.escape(h), sentence)]
    return bool(found) and all(_DENIED.search(sentence[: m.start()]) for m in found)


_DENIED = re.compile(r"(?:没有|没|未|并未|不会|从未)$")


def minimising(text: str, start: int, sentence: str) -> list[Hit]:
    """Shrinking words ("不长", "一小部分", "大多数…没有察觉") on segmented text."""
    words = lexicon()
    if not (
        words["has_small"].search(sentence)
        or "罢了" in sentence
        or "而已" in sentence
        or _NOT_THAT.search(sentence)
        or (("没" in sentence or "不会" in sentence) and _UNNOTICED.search(sentence))
    ):
        return []
    tokens = [w for _, clause in clauses(sentence, start) for w, _ in segment(clause)]
    grams = {"".join(tokens[i : i + n]) for n in (1, 2) for i in range(len(tokens))}
    small = [
        w for w in sorted(grams & words["small"], key=_by_place(sentence))
        if not (w in words["a_while"]
                and re.search(rf"(?:先|请|稍|再|多)[^，。；]{{0,4}}{w}", sentence))
        and not chosen_share(text, start + sentence.find(w))
        and not points_at_a_thing(sentence, sentence.find(w))
    ]  # "来水后先放一会儿": how long to wait; "给一小部分用户试用": whom we chose
    harm = any(h in sentence for h in words["harm"])  # "只需一分钟" on a survey shrinks no harm
    shrinking = set(tokens) & words["diminishers"] - _asked_of_them(tokens)
    if _EARLY_HARM.search(sentence):
        shrinking -= {"只", "仅"}
    if _WHICH_ONE.search(sentence) or _BELOW_USUAL.search(sentence):
        shrinking -= {"只", "仅", "只有", "仅有"}  # "场次只开了一半就停电了": how early it failed
        # "放鱼量只有平时的一半": the shortfall against the usual, told
    if (
        not small
        and harm
        and shrinking
        and any(w.startswith(("一", "少", "几", "短")) for w in tokens)
        and not _harm_denied(sentence)  # "您的密码没有泄露，我们只是把登录状态清掉了"
    ):
        small = sorted(shrinking, key=_by_place(sentence))
    if (
        not small
        and harm
        and set(tokens) & words["majority"]
        and any("没" in w or "未" in w for w in tokens)  # "并未察觉"
    ):
        small = sorted(set(tokens) & words["majority"], key=_by_place(sentence))
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
        small = [w for w in tokens if w.startswith(("小小", "短短", "区区", "寥寥"))]
    if not small and harm and (m := _UNNOTICED.search(sentence)):
        small = [m.group(0)]  # "很多人可能根本没注意到"
    if not small and (most := _most_were_fine(sentence, start)):
        small = [most]  # "大部分用户都在睡觉"
    if not small and (m := _NOT_THAT.search(sentence)) and not (
        _normal_for_them(sentence, m) or _near_miss(sentence, m) or _few_served(sentence, m)
    ):
        small = [m.group(0)]  # "延误时间不算长", "并不严重", "幸好大部分…"
    if not small and (m := _ONLY_THING.search(sentence)) and (
        harm
        or words["has_negative"].search(sentence[: m.start()])
        or re.search("[坏丢碎错漏破]", sentence[: m.start()])  # "碰坏的仅为一个花盆"
    ):
        small = [m.group(0)]  # "漏发的不过是说明书"
    if not small:  # "一个小插曲", "小状况", "慢了几分钟而已"
        small = [w for w in tokens if w in ("而已", "罢了")] + [
            a + b
            for a, b in zip(tokens, tokens[1:], strict=False)
            if a in ("小", "点小", "些小") and b in words["small_nouns"]
        ] + [w for w in tokens if w[:1] == "小" and w[1:] in words["small_nouns"]]
    if not small and harm:
        small = [
            a + b
            for a, b in zip(tokens, tokens[1:], strict=False)
            if a in words["measures"] and (b in words["small"] or b in words["small_adjectives"])
        ]  # "数量有限", "范围不大"
    judged = _JUDGED_THEN_FAILED.search(sentence) if small else None
    if judged and judged.start() < sentence.find(small[0]) < judged.end():
        return []  # "当下判断仅为短时间的问题，…因此并未立即启动…调查": our misjudgement owned
    if not small or _CONCEDED.search(sentence) or (
        _YOU_AMONG.search(sentence) and not {"而已", "罢了"} & set(small)
    ) or (
        not {"而已", "罢了"} & set(small) and small_but_owned(text, start, sentence)
    ):  # "出问题的只有三单，其中一单就是您的": the count told to say they are one of them
        return []  # "晚点虽然只有十五分钟，也让您错过了换乘的高铁": the harm granted, not shrunk
    first = max(sentence.find(small[0]), 0)
    said = bare(sentence)
    if small[0].startswith(("不是什么", "没什么", "没有什么", "并不", "不太")):
        kept = [c for c in re.split("[，,]", said) if small[0] not in c]  # "不是什么重要信息"
        said = "，".join(kept + ["（写出具体是哪些）"])
    if _ONLY_THING.fullmatch(small[0]):  # "漏发的不过是说明书" -> "漏发的是说明书"
        said = said.replace(small[0], "的是", 1)
    shrug = re.match(r"(?:也就|不过|仅仅|只|仅)(?:是)?(?=[晚慢迟多少差停断耽延])", small[0])
    if shrug:  # "也就晚了二十分钟" -> "晚了二十分钟"
        said = said.replace(small[0], small[0][shrug.end() :], 1)
    if re.search("不(?:影响|耽误|妨碍)$", small[0]):  # "基本不影响观感" -> "影响了…观感"
        said = said.replace(small[0], f"{small[0][-2:]}了（写出具体影响了什么）", 1)
    if small[0] in ("而已", "罢了"):  # "电梯停了一上午罢了，大家多走几步…": the fact, no shrug
        fact = next(c for c in re.split("[，,]", said) if small[0] in c).replace(small[0], "")
        return [Hit(
            "minimising", (start + first, start + first + len(small[0])),
            f"淡化问题：“{small[0]}”",
            f"不要淡化，照实说：“{fact}，给您添了麻烦，这是我们的错。我们会（写出补救和时间）。”",
        )]
    said = said.replace(small[0], "（写出确切的人数、金额或时长）", 1)
    said = re.sub(r"(?<=）)[几数][位个名件笔]", "", said)  # "零星几位" is one vague count
    for d in sorted(words["diminishers"], key=len, reverse=True):
        said = said.replace(d, "是" if d == "只是" else "")
    return [
        Hit(
            "minimising",
            (start + first, start + first + len(small[0])),
            f"淡化问题：“{small[0]}”",
            f"不要淡化，给出确切的数字：“{said}。”例如：“网站从10:03到10:15打不开，一共12分钟。”",
        )
    ]



# a wrong act of ours named: "我们发错了尺码", "我们把您的快递弄丢了"
_OUR_FAULT = re.compile(r"我们[^，。；]{0,8}?(?:错|丢|漏|忘|弄坏|搞砸|没有|没)")
_SORRY_WORD = re.compile(r"对不起|抱歉|道歉")
# a cleft naming what was not done: "是学校没有协调好…", "是值班的人忘了…"
_CLEFT_FAILURE = re.compile(r"(?<![不非但就])是[^，。；是]{1,10}?(?:没有|没能|没|未能|忘了|忘记)")
# what went wrong, said after the general word: "…添麻烦了：您定制的柜子尺寸做错了"
_WENT_WRONG = re.compile(r"[：:，,][^。！？]*?(?:[错坏丢漏破碎晚少]了|没(?:有)?(?:到|送|收到|发))")


def generic_apology(text: str, start: int, sentence: str) -> list[Hit]:
    """An apology only for "不便/麻烦", naming nothing that happened to the customer."""
    words = lexicon()
    if not (words["has_generic"].search(sentence) and words["has_apology"].search(sentence)):
        return []
    found = [w for w in words["generic_harm"] if w in sentence]
    if specific_apology(sentence):
        return []  # "美团外卖向在故障中受到影响的用户、商家和骑手致歉": the event told
    if _CONCRETE.search(sentence) or _OUR_FAULT.search(sentence) or our_fault(sentence):
        return []  # "很抱歉给您添了麻烦：您的快递晚到了两天", "…：我们发错了尺码": named;
        # "我们向受影响的乘客道歉，这次延误是我们的责任": owned in so many words
    if _CLEFT_FAILURE.search(sentence) or made_right(sentence):
        return []  # "家长会临时改期，是学校没有协调好礼堂，给家长添了麻烦": the failure named;
        # "给您带来的不便我们很抱歉，我们已退还本月服务费": made right in the same breath
    if _SORRY_WORD.search(sentence) and (
        _OUR_FAULT.search(neighbours(text, start, sentence)[1])
        or _WENT_WRONG.search(sentence[sentence.find(found[0]) :] if found else "")
    ):  # "对不起，给您添麻烦了。我们把您的快递放错了柜子。", "…了：您的柜子尺寸做错了": named
        return []
    said_before = text[max(0, start - 200) : start]
    if _SORRY_WORD.search(sentence) and (our_fault(said_before) or (
            _CONCRETE.search(said_before) and words["has_negative"].search(said_before))):
        return []  # "我们的网站昨晚打不开，…。给您添麻烦了，对不起。": what we did, said before

    if found and any(c in sentence for c in words["apology_context"]):
        harm = min(found, key=_by_place(sentence))
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


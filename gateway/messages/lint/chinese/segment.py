"""Chinese text as jieba words with part-of-speech tags, and the checks' word lists.

jieba's dictionary ships in its wheel. Only clauses that contain a lexicon word
are segmented, which keeps a 2,000-character message fast. Word lists:
``rules/zh-CN.yaml`` (``structure``).
"""

from __future__ import annotations

import importlib
import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import Any

from gateway.messages.lint.chinese.dictcut import cut
from gateway.messages.lint.phrases import grouped, rules_for

_sre: Any = importlib.import_module("re._parser")  # the parser re.compile itself uses
_sre_ops: Any = importlib.import_module("re._constants")


def _first_chars(items: Any) -> tuple[set[str], bool]:
    """The characters a match of the parsed sequence ``items`` can start with, and whether it
    can match nothing; ValueError for what this does not read (classes like \\w, negation)."""
    ops, first = _sre_ops, set()
    for op, av in items:
        if op is ops.LITERAL:
            chars, empty = {chr(av)}, False
        elif op is ops.IN:
            chars, empty = set(), False
            for kind, value in av:
                if kind is ops.LITERAL:
                    chars.add(chr(value))
                elif kind is ops.RANGE and value[1] - value[0] < 1000:
                    chars |= {chr(c) for c in range(value[0], value[1] + 1)}
                else:
                    raise ValueError(kind)
        elif op is ops.BRANCH:
            chars, empty = set(), False
            for branch in av[1]:
                more, none = _first_chars(branch)
                chars, empty = chars | more, empty or none
        elif op is ops.SUBPATTERN:
            chars, empty = _first_chars(av[3])
        elif op is ops.MAX_REPEAT or op is ops.MIN_REPEAT:
            chars, empty = _first_chars(av[2])
            empty = empty or av[0] == 0
        elif op is ops.ASSERT or op is ops.ASSERT_NOT or op is ops.AT:
            chars, empty = set(), True  # zero width: it only narrows where a match starts
        else:
            raise ValueError(op)
        first |= chars
        if not empty:
            return first, False
    return first, True


_INLINE_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


def gated(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern)`` behind a look-ahead for the characters a match can start with:
    the same matches and groups, but a long alternation is tried only where one of them
    stands, not at every character of the sentence (~2 us -> ~0.4 us on a sentence). A
    pattern that can match nothing, or whose start this does not read, is compiled as is."""
    try:
        parsed = _sre.parse(pattern, flags)
        if parsed.state.flags & re.IGNORECASE or _INLINE_FLAGS.match(pattern):
            raise ValueError("flags")  # case folding, or flags that must stay first
        chars, empty = _first_chars(parsed)
    except ValueError:
        return re.compile(pattern, flags)
    if empty or not chars:
        return re.compile(pattern, flags)
    return re.compile(f"(?=[{''.join(map(re.escape, sorted(chars)))}])(?:{pattern})", flags)


SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]*")

_CLAUSE = re.compile(r"[^，,：:。！？!?；;\n]+")


@lru_cache(maxsize=8)
def sentence_spans(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Where each sentence of ``text`` (:data:`SENTENCE`'s matches) starts and ends, found once
    a text: the structural check walks them, and the checks that ask which sentence holds a
    finding look it up (a scan of the text up to it, each time, cost ~0.1 ms a call)."""
    starts, ends = [], []
    for m in SENTENCE.finditer(text):
        starts.append(m.start())
        ends.append(m.end())
    return tuple(starts), tuple(ends)


def sentence_at(text: str, at: int) -> tuple[int, str] | None:
    """The sentence of ``text`` that holds position ``at`` (its start and itself), or None
    where ``at`` is in none (a line break between them)."""
    starts, ends = sentence_spans(text)
    i = bisect_right(starts, at) - 1
    if i < 0 or at >= ends[i]:
        return None
    return starts[i], text[starts[i] : ends[i]]



def alternatives(words: set[str]) -> str:
    """The words as one regex alternation, longest first: a word is tried before its own
    prefix ("员工" before "员"); grouped by first character (:func:`grouped`: the 163
    negative words ~1.3 -> ~0.6 us a sentence)."""
    ordered = sorted(words, key=len, reverse=True)
    return grouped(ordered, [re.escape(word) for word in ordered])


def _first_of(*word_sets: set[str]) -> str:
    """A look-ahead for the characters the words start with (to lead an alternation of them
    inside a pattern, where sre has no first-character scan of its own)."""
    firsts = sorted({word[0] for words in word_sets for word in words if word})
    return f"(?=[{''.join(map(re.escape, firsts))}])"


def _any(words: set[str]) -> re.Pattern[str]:
    return re.compile(alternatives(words))



@cache
def lexicon() -> dict[str, Any]:
    """Word lists, plus cheap patterns that decide which clauses are worth segmenting."""
    structure = rules_for("zh-CN").raw.get("structure") or {}
    words: dict[str, Any] = {k: set(v) for k, v in structure.items() if isinstance(v, list)}
    # acts everyone knows: the jargon pattern on "进行了…处理" passes over them too (its defs)
    words["plain_acts"] = set(rules_for("zh-CN").raw["defs"]["plain_acts"].split("|"))
    words["has_actor"] = _any(
        words["actors"]
        | words["actor_suffixes"]
        | words["actor_heads"]
        | words["actor_prefixes"]
        | words["org_endings"]  # "供电局": jieba tags the organisation (nt)
    )

    # a modifier character: a CJK word character, but not a function word or "我们/您"
    function_chars = (
        "是都怪由于因为的了在把被我们您和与及对向给让从将就才也还很太最已又再这那此该其"
    )
    mod = rf"[^\W\d_A-Za-z{function_chars}]"
    heads = alternatives(words["actor_heads"] - {"方"}) + r"|方(?![面式法案便向针])"
    # each alternation led by a look-ahead for its words' first characters: where none stands
    # it fails in one test, not one per word (sre tries every branch of an alternation after
    # a repeat; 18.6 -> 7.4 us a clause holding a party), and where one stands the same words
    # are tried in the same order: the same matches
    words["actor_span"] = re.compile(
        rf"{_first_of(words['actor_prefixes'])}(?:{alternatives(words['actor_prefixes'])})"
        rf"的?{mod}{{0,3}}?{_first_of(words['partner_nouns'], words['actor_heads'])}"
        rf"(?:{alternatives(words['partner_nouns'])}|{heads})"
        rf"|{mod}{{1,4}}{_first_of(words['actor_heads'])}(?:{heads})"
        rf"|{_first_of(words['actors'])}(?:{alternatives(words['actors'])})"
    )
    words["has_negative"] = _any({w for w in words["negative"] if len(w) > 1})
    # asked only whether a sentence or clause holds one, never where: "\w[人者户客]" is written
    # as each of 人者户客 with a word character before it, so every alternative leads with a
    # character and sre scans to them (~0.6 -> ~0.2 us a sentence); the same sentences match
    words["has_customer"] = re.compile(
        alternatives(words["customers"]) + "|" + "|".join(f"{c}(?<=\\w{c})" for c in "人者户客")
    )
    words["has_blame"] = _any(
        words["customer_negators"] | words["counterfactual"] | {"由于", "因为", "因", "是", "才"}
    )
    words["has_strong"] = _any(words["officialese_strong"])
    words["has_stock_adverb"] = _any(words["stock_adverbs"])
    words["stock_head"] = re.compile(alternatives(words["stock_adverbs"]))  # "不断改进" -> "不断"
    words["has_abstract_noun"] = _any(words["abstract_nouns"] | {"体系", "机制", "意识"})
    words["has_weak"] = _any(words["officialese_weak"])
    words["has_loss"] = _any(words["loss"])
    words["has_effort"] = _any(words["effort_verbs"] | words["vague_times"] | words["vague_states"])
    # a time the text commits to: a word ("明天", "工作日") or a count of units ("三天", "下个月")
    words["has_anchor"] = re.compile(
        _any(words["anchors"]).pattern
        + r"|[\d一二三四五六七八九十两半几今明后当本下每这][个]?(?:"
        + alternatives(words["anchor_units"])
        + ")"
    )
    words["has_small"] = _any(
        words["small"] | words["diminishers"] | words["majority"] | words["small_adjectives"]
    )
    # no one we chose: the weather, or a party of the customer's own ("您的银行", "您的运营商")
    words["has_nature"] = _any(words["nature"])
    words["has_their_own"] = re.compile(rf"(?:您|你)的?(?:{alternatives(words['their_own'])})")
    # their own doing: "主要是他自己跑得太快摔的"
    words["their_own_doing"] = re.compile(
        rf"(?:是|因为|怪|由于)(?:{alternatives(words['themselves'])})?自己[^，。；]{{1,12}}?的?")
    words["has_generic"] = _any(words["generic_harm"])
    words["has_apology"] = _any(words["apology_context"])
    words["has_believed"] = _any(words["believed"])
    # a clause addressed to the reader: "请及时联系", "敬请留意", "您可随时致电"
    words["to_the_reader"] = re.compile(
        rf"\s*(?:(?:{alternatives(words['reader_before_please'])})?请"
        rf"|(?:您|你)(?:{alternatives(words['reader_modals'])}))")
    return words



@lru_cache(maxsize=256)
def segment(clause: str) -> tuple[tuple[str, str], ...]:
    """(word, part-of-speech) pairs; dictionary only (no HMM guessing: faster, steadier)."""
    return cut(clause)



@lru_cache(maxsize=256)
def _split(sentence: str) -> tuple[tuple[int, str], ...]:
    return tuple((m.start(), m.group(0)) for m in _CLAUSE.finditer(sentence) if m.group(0).strip())


def clauses(sentence: str, offset: int) -> Iterator[tuple[int, str]]:
    """The sentence's clauses (split at commas and colons) with their offsets in the text;
    every check splits the same sentence, so the split is computed once."""
    for at, clause in _split(sentence):
        yield offset + at, clause


def bare(sentence: str) -> str:
    """The sentence without its surrounding space and closing punctuation."""
    return sentence.strip().rstrip("。！？!?；;")


def whose_step(sentence: str) -> str:
    """The advice when no rewrite of the sentence itself reads as Chinese: name the doer."""
    return (f"{bare(sentence)}——写出是谁的哪一步出了错（例如“我们升级时改错了一项设置”），"
            "再写出怎么补救。")


def ba_object(phrase: str) -> bool:
    """``phrase`` can stand between 把 and its verb: a noun phrase ("您的订单", "一批会员的积分",
    "您寄存的行李箱"), then at most an adverbial ("在出库时", "意外"). Not a clause or a piece
    of one: opened by a connective, a preposition or an adverb ("由于管道", "对您的", "才"),
    holding a copula or a passive ("多半是您…"), a verb of its own (lexicon
    ``ba_clause_verbs``: "套餐里有两项检查"), or a time or place (``ba_clause_heads``, jieba's
    "f") with no preposition before it (``ba_adverbial_openers``: "迁移数据时", "门锁安装后
    密码", "文具上"; not "在出库时", nor "账单上的日期", a place before 的)."""
    if not phrase or "是" in phrase or "被" in phrase:
        return False
    tokens = list(segment(phrase))
    while tokens and (tokens[-1][1][:1] == "d" or tokens[-1][0] in ("全", "都", "全都")):
        tokens.pop()  # "洗车记录全", "账户意外": an adverb before the verb
    if not tokens or tokens[0][0] in ("有些", "有的"):
        return False
    tag = tokens[0][1]
    if tag[:1] in ("c", "p") or (tag[:1] in ("d", "u") and "的" not in (w for w, _ in tokens[1:3])):
        return False  # not "原定的上门时间": an adverb before 的 is attributive
    words, opened = lexicon(), False
    for n, (word, tag) in enumerate(tokens):
        opened = opened or word in words["ba_adverbial_openers"]
        if word in words["ba_clause_verbs"]:
            return False
        attributive = tokens[n + 1 : n + 2] == [("的", "uj")]  # "账单上的日期", "账户里的"
        if (word in words["ba_clause_heads"] or tag[:1] == "f") and not (opened or attributive):
            return False
    return True


def names_a_doer(phrase: str) -> bool:
    """The subject of an active clause ends in a party ("供应商", "美团的骑手", "承运的航空公司"):
    it did the act, so it is no thing of the customer's to put after our 把. The customer's
    own things never are ("您的快递")."""
    return not phrase.startswith(("您", "你")) and bool(_ending_actor().search(phrase))


@cache
def _ending_actor() -> re.Pattern[str]:
    return re.compile(f"(?:{lexicon()['actor_span'].pattern})$")


_TO_US = re.compile(r"我们.*(?:给|让|向|对|跟|和|帮|替|为)我们")


def we_to_us(rewrite: str) -> bool:
    """A swap that reads "we did not give us …": what the third party failed to do
    was done to us ("运营商没给我们回执"), so 我们 cannot simply take its place."""
    return bool(_TO_US.search(rewrite))


def rewrite_as_ours(sentence: str, who: str) -> str:
    """The sentence with 我们 where `who` (a third party) first stands, or, when that
    reads "we … us", the sentence as it is, owning the choice of them."""
    mine = bare(sentence).replace(who, "我们", 1)
    return f"{bare(sentence)}——是我们选了{who}" if we_to_us(mine) or verbless(mine) else mine


_OUR_FAULT = re.compile(r"我们[^，。！？；]{0,8}?(?:出错|出了错|错了|弄错|搞错|失误|疏忽|的错)")


# the customer told they are one of the few: "您是其中之一", "其中一单就是您的"
YOU_AMONG = re.compile(
    r"其中[^，。；]{0,6}?(?:就是|正是|是|有|包括|包含|就有)(?:您|你)|(?:包括|包含)(?:了)?(?:您|你)的|(?:您|你)[^，。；]{0,4}?(?:正是|就是|也是|是)其中"
)


# we, then 把/将 right before the part: "我们的系统把一部分订单重复发了"
_OUR_BA = re.compile(r"(?:我们|我司|本公司|本店)[^，,。；;]{0,8}?[把将]一?$")


def some_of_them_owned(text: str, start: int) -> bool:
    """ "部分用户" after our fault in the same sentence ("由于我们这边的计时出错，部分用户…"),
    or as "周一|部分客户" (a day word before it), or with the customer told they are one of
    them ("部分用户…多算了5元，您是其中之一") or our fault after it ("…，是我们的问题"): said
    of who was hit, not to make it small."""
    head = text[max(0, start - 40) : start]
    sentence = re.split(r"[。！？!?；;\n]", head)[-1]
    tail = _SENTENCE_END.split(text[start : start + 40], 1)[0]
    return (
        bool(_OUR_FAULT.search(sentence))
        or bool(re.search(r"周[一二三四五六日天]$", head))
        or bool(YOU_AMONG.search(tail)) or our_fault(tail)
        or bool(_OUR_BA.search(sentence))  # "我们的系统把一部分订单…": the part we did it to
    )


def straddles(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] cuts across jieba's words: "上游" in "登不上|游戏" starts one
    word and ends inside the next, so it is not the word 上游."""
    left = max(text.rfind(c, 0, start) for c in "，,：:。！？!?；;\n") + 1
    stops = [i for c in "，,：:。！？!?；;\n" if (i := text.find(c, end)) >= 0]
    right = min(stops) if stops else len(text)
    at = left
    for word, _ in segment(text[left:right]):
        w_start, w_end = at, at + len(word)
        at = w_end
        if start < w_start < end < w_end or w_start < start < w_end < end:
            return True
    return False


# our own wrong act, named: "我们喂错了粮", "我们把您的花瓶打碎了"
_OUR_ACT = re.compile(r"(?:我们|我司)[^，。！？；]{0,10}?(?:错|丢|漏|坏|碎|破|忘|晚|弄|刮|划)")
# a shrug near the word: "只是轻微过敏", "问题不大" (not the measure word of "三只宠物")
_SHRUG_NEAR = gated(
    r"(?<![0-9０-９一二两三四五六七八九十几])只|仅|不过|而已|罢了|问题不大|不碍事|没什么|不要紧|放心"
)


# those it befell, counted exactly, then what they had: "有三只宠物术后有", "两位老人出现了"
_COUNTED_HAD = re.compile(
    r"[0-9０-９一二两三四五六七八九十百]+(?:位|名|只|户|个人|条|头|匹|人)[^，。！？；]{0,10}?"
    r"(?:有|出现了?|感到)$"
)


def small_but_owned(text: str, start: int, sentence: str) -> bool:
    """A small count or a short time said plainly: the customer told they are among those it
    befell ("少量订单出错，其中包括您的订单"), or our fault or our making it right named in the
    sentence or the one before or after, with no shrug in the sentence ("只是", "而已", "问题不大",
    "请放心"): a figure reported, not used to wave the harm away."""
    if YOU_AMONG.search(sentence):
        return True
    return not _SHRUG_NEAR.search(sentence) and "放心" not in sentence and owned_near(
        text, start, sentence, remedy=True)


def mild_owned(text: str, start: int, end: int) -> bool:
    """ "我们喂错了粮，狗狗有轻微过敏，已经用了药": a mild symptom said plainly after our own
    wrong act is named, or of those it befell counted exactly ("有三只宠物术后有轻微呕吐"),
    with no shrug in the sentence; not "狗狗只是轻微过敏，问题不大", "少量用户受到轻微影响"."""
    head = re.split(r"[。！？!?；;\n]", text[max(0, start - 40) : start])[-1]
    tail = re.split(r"[。！？!?；;\n]", text[end : end + 40])[0]
    return bool(
        _OUR_ACT.search(head) or (_COUNTED_HAD.search(head) and not tail.startswith("影响"))
    ) and not _SHRUG_NEAR.search(head + tail, max(0, len(head) - 6))


# we chose them on purpose: "我们先把新版本给一小部分用户试用"
_OUR_CHOICE_OF = re.compile(
    r"(?:我们|我司)[^，。！？；]{0,12}?(?:给|向|对|让|请|邀请|挑|选|为)(?:其中的?)?(?:一小|一|很小一)?$"
)


def chosen_share(text: str, start: int) -> bool:
    """A share that is the one our own deliberate act went to ("给一小部分用户试用"),
    not the share a harm fell on."""
    head = re.split(r"[。！？!?；;\n，,]", text[max(0, start - 30) : start])[-1]
    return bool(_OUR_CHOICE_OF.search(head))


# our own fault said in so many words: "是我们的错", "是我们漏放了…", "被我们的地勤摔坏了",
# "我们的工作人员没有及时制止", "我们把地址弄混了"; not "不是我们的错", "是我们的合作快递".
# A lazy run before a set of endings is followed by a look-ahead for the endings' first
# characters ("(?=[失疏过故出错])"), so each step of the run fails in one test where none
# stands, not one per ending: the same matches (the look-ahead asks only what the ending does)
_WE = r"(?:我们|我司|本公司|本店|我方|我行|本行)"
_NOT_OURS = r"(?!的?(?:合作|外包|第三方|代理|供应|承运|客户|用户|会员))"
OUR_FAULT = gated(
    rf"(?<![不非])(?:是|系)(?:因为|由于)?{_WE}{_NOT_OURS}"  # "是因为我们的页面把…弄反了"
    rf"|{_WE}的(?:严重|重大|低级)?(?:错|责任|问题|失误|疏忽|过失)|责任在(?:于)?{_WE}"
    # the cause given as our own slip or our own thing failing: "因我方线路故障", "由于我行
    # 系统升级操作失误", "由于我们的工作失职"
    rf"|(?:因为?|由于){_WE}{_NOT_OURS}(?:的)?[^，。！？；的]{{0,10}}?(?=[失疏过故出错])(?:失误|疏忽|失职|过失|故障|出错|错误)"
    # where the fault sits, said as ours: "问题出在我们的OA系统", "原因在于我们排班"
    rf"|(?:问题|原因|毛病|错|责任)(?:就|都)?(?:出在|在于|在)(?:于)?{_WE}{_NOT_OURS}"
    rf"|(?:算|记)在{_WE}(?:身上|头上)"
    # a verb with a broken result, we its doer: "我们碰坏了", "我们的施工队挖破了"
    rf"|{_WE}{_NOT_OURS}[^，。！？；]{{0,8}}?[\u4e00-\u9fff](?:坏|破|碎|裂|丢)了"
    # our staff, with what they were doing, and the small harm they did: "我们的工作人员搬灯架
    # 时碰掉了…", "我们的师傅安装时把墙角蹭脏了"
    rf"|{_WE}的{_NOT_OURS}(?=[^，。！？；]{{1,14}}?时)[^，。！？；的]{{1,6}}?[^，。！？；]{{0,8}}?时(?:把[^，。！？；]{{1,10}}?)?"
    r"(?:[\u4e00-\u9fff](?:坏|破|碎|裂|丢|掉|伤|脏|湿|断|扁|歪)|[刮划磨]花)了"
    # the same inside a time clause of our work: "我们给您的画装框时把玻璃压裂了"
    rf"|{_WE}{_NOT_OURS}[^，。！？；]{{1,16}}?时把[^，。！？；]{{1,10}}?[\u4e00-\u9fff](?:坏|破|碎|裂|丢)了"
    # our own thing went wrong: "我们的App核对安全码时出了错"
    rf"|{_WE}的{_NOT_OURS}[^，。！？；]{{1,24}}?(?=[出错])(?:出了错|出错|错了)"
    # our own thing broke down: "我们的系统卡住了", "我们的网站一直打不开"
    rf"|{_WE}的{_NOT_OURS}[^，。！？；的]{{1,8}}?(?:一直|总是|又|突然|完全)?"
    r"(?:[\u4e00-\u9fff]不(?:开|上|了|进|动|出)|崩了|崩溃|宕机|出了故障|出故障|故障|瘫痪|卡住|卡死|坏了)"
    rf"|被{_WE}|{_WE}把[^，。！？；]{{1,16}}?(?:错|漏|丢|坏|混|乱|反|删|清零|碎|弄|搞)"
    # one of ours left the thing behind: "我们的领队把望远镜落在了车上"
    rf"|{_WE}(?:的{_NOT_OURS}[^，。！？；的把]{{1,6}}?)?把[^，。！？；]{{1,12}}?[落忘丢]在了"
    # we took or set one thing as another: "我们把限购两盒的新系列设成了不限购", "算成了 18%"
    rf"|{_WE}把[^，。！？；]{{1,20}}?[设写算记填标录打排当看听读印]成了"
    rf"|{_WE}(?:的{_NOT_OURS}[^，。！？；的]{{1,6}}?)?[^，。！？；的]{{0,6}}?(?=[没未忘漏])(?<!并)(?<!根本)(?:没有|没能|没|未能|未|忘了|忘记|漏)"
    r"(?!有?(?:办法|法|权|能力|收到|接到|得到|想到|关系|影响|问题|事|任何))"
    rf"|{_WE}[^，。！？；]{{0,4}}?(?:去|来|到|送|赶|上门)不了"  # "我们去不了了": we let them down
    # what we should have done, said as ours (the rewrite blame_others asks for): "我们本该早点
    # 备货"; and the harm said as our doing: "这次错误完全由我们造成"
    rf"|{_WE}(?:本该|本应|本应该|本来应该|早该|早就该|早应该)"
    rf"|(?:由|是){_WE}{_NOT_OURS}[^，。！？；]{{0,4}}?(?=[造导引])(?:造成|导致|引起)"
    # we the subject over a comma, then what we failed to do: "我们前一晚就收到了通知，却没有
    # 及时告诉您" (not "我们问了银行，但没有结果")
    rf"|{_WE}{_NOT_OURS}[^，。！？；]{{1,16}}[，,]\s*(?:但是?|可是?|却)+(?:没有|没|未能|忘了)"
    r"(?!有?(?:办法|法|权|能力|收到|接到|得到|结果|回音|回复|消息|进展|关系|影响|问题|任何))"
    rf"|{_WE}[^，。！？；]{{0,8}}?(?=[弄搞出算写发装录记排标打贴设错失疏误没做])(?:弄错|搞错|出错|出了错|弄丢|弄坏|弄混|弄乱|搞混|算错|写错|发错|装错|"
    r"录错|记错|排错|标错|打错|贴错|设错|错了|失误|疏忽|疏漏|误操作|没做好|做得不对)"
    # sorry or ashamed for what we failed to do, we the unsaid doer: "非常惭愧没有服务好大家",
    # "抱歉没能按时送到"
    r"|(?:抱歉|对不起|惭愧|道歉|自责)[，,]?(?:我们)?(?:没有|没能|未能|忘了)"
    r"(?!有?(?:办法|法|权|能力|收到|接到|得到|想到|关系|影响|问题|事|任何))"
    # our lapse of care as the cause, we the unsaid doer: "因没有及时发布延迟消息"
    r"|(?:因为?|由于)(?:没有|没能|未能)(?:及时|提前|按时|仔细|认真)"
    # our lapse admitted, or said to be in us: "我们深刻认识到管理责任的缺漏", "集团总部存在
    # 监管失责" (we, or the company by what it calls its own parts, and a word of lapse)
    rf"|(?:{_WE}|公司|集团|总部|企业|平台|官方)[^，。；您你]{{0,6}}?(?=[认意承存])(?:认识到|意识到|承认|存在)"
    r"[^，。；]{0,10}?(?=[缺疏失过])(?:缺漏|疏漏|失职|失责|过失|失误|疏忽)"
    # responsibility taken, by us or "官方" (how a game or app operator names itself)
    rf"|(?:{_WE}|官方|公司|企业|平台)[^，。；您你]{{0,8}}?(?=[负承])(?<![不无])(?:负有|承担)"
    r"[^，。；]{0,8}?责任"
)
# our own act as the time, then what went wrong in it: "我们升级收费系统时，和银行之间传数据
# 出了错": the fault sits in our act, whoever was at the other end of it
OUR_ACT_WENT_WRONG = re.compile(
    r"(?:我们|我司|本公司)[^，,。；]{1,12}时[，,][^，,。；]{0,16}?(?:出了?错|出错|故障|失误|出了?问题)"
)
# our making it right, with 我们 as its doer: "我们马上重印", "买新车的钱我们全额报销"
OUR_REMEDY = re.compile(
    rf"{_WE}(?:今天|今晚|明天|马上|立刻|已经?|会|将|这就|正在)?[^，。！？；]{{0,8}}?"
    r"(?:重做|重印|重发|重新|重装|补(?!充)[\u4e00-\u9fff]|退回|退还|退给|全退|退款|赔|报销|换新|换了|"
    r"退(?:一半|全部|部分|[\d一二三四五六七八九十两百]+(?:元|块|成|%))|寄回|送回|送还|还给|找回|"
    r"免费|免了|免除|不收|修好|修复|改好|改回|改正|恢复)"
)
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")


def neighbours(text: str, start: int, sentence: str) -> tuple[str, str]:
    """The sentence before and the sentence after ``sentence`` (which starts at ``start``)."""
    head = _SENTENCE_END.split(text[max(0, start - 80) : start].rstrip("。！？!?；; \n"))[-1]
    tail = text[start + len(sentence) : start + len(sentence) + 80]
    return head, _SENTENCE_END.split(tail.lstrip("。！？!?；; \n"))[0]


def our_fault(part: str) -> bool:
    """Whether ``part`` names our own fault (:data:`OUR_FAULT`), not denied ("不是我们的错")."""
    return any(not part[: m.start()].endswith(("不是", "并非", "而非", "不怪", "不是因为", "不"))
               and "才" not in m.group(0)  # "…，我们的页面才崩了": what followed, not our fault
               # our thing as object or recipient: "把我们的电表接错了", "您寄给我们的样品"
               and not part[: m.start()].endswith(("给", "向", "跟", "和", "把"))
               for m in OUR_FAULT.finditer(part))


def owned_near(text: str, start: int, sentence: str, remedy: bool = False) -> bool:
    """The message owns what ``sentence`` reports: our fault named in it or in the sentence
    before or after ("您的行李没跟上航班，是我们的错；…"), or, with ``remedy``, our making it
    right with 我们 as its doer ("封面印错了一个字。…我们马上重印。")."""
    before, after = neighbours(text, start, sentence)
    for part in (sentence, before, after):
        if our_fault(part) or (remedy and OUR_REMEDY.search(part)):
            return True
    return False


# words of an internal system that also name a part of pipes, rivers or cables
DOUBLE_SENSE = frozenset({"上游", "下游", "接口", "端口", "节点", "网关"})
_PHYSICAL = re.compile(
    r"管道|水管|气管|管子|管线|阀门|水龙头|燃气|天然气|供气|供水|来水|停水|停气|水压|气压|电缆|电线"
    r"|河道|河水|水库|水源|气源|水厂"
    r"|USB|HDMI|Type-?C|插头|插座|插孔|数据线|充电线|网线|耳机|话筒|音箱|投影仪"
)


def physical_sense(text: str, start: int) -> bool:
    """ "上游供气减少时", "换管道时，接口比预想的难修": a double-sense word in a sentence about
    pipes, gas, water or cables means the physical part, not a system's."""
    head = _SENTENCE_END.split(text[max(0, start - 40) : start])[-1]
    tail = _SENTENCE_END.split(text[start : start + 40])[0]
    return bool(_PHYSICAL.search(head + tail))


def points_at_a_thing(sentence: str, at: int) -> bool:
    """ "计时芯片（贴在号码布背面的那一小块）": a small size after 这/那 points at a thing, and
    one inside brackets describes what a word means; neither says how much went wrong."""
    if at <= 0:
        return False
    if sentence[at - 1] in "这那":
        return True
    opened = max(sentence.rfind(c, 0, at) for c in "(（")
    return opened >= 0 and max(sentence.rfind(c, 0, at) for c in ")）") < opened


# jieba's tags of words that cannot be a clause's predicate: nouns, numbers, measures, pronouns,
# conjunctions, prepositions, places, times, 的; not the proper-name tags its dictionary gives
# predicates it does not know ("太晚/nz", "中断/ns")
_NOT_PREDICATE = ("n", "m", "q", "r", "c", "p", "f", "s", "t", "uj", "eng", "x")
_GUESSED = ("nz", "ns")


def verbless(rewrite: str) -> bool:
    """A clause of ``rewrite`` that opens with 我们 and has no predicate after it: "我们一些错误",
    "我们系统故障", "我们缺货的那款药" (a third party or a fault swapped out, a noun phrase
    left), no Chinese for the customer to send. A word straight after 的 is its noun, whatever
    jieba tags it ("我们的失误")."""
    for clause in re.split(r"[，,。；;！？]", rewrite):
        words = segment(clause.strip())
        if len(words) > 1 and words[0][0] == "我们" and all(
            (f.startswith(_NOT_PREDICATE) and f not in _GUESSED) or words[n][0] == "的"
            for n, (_, f) in enumerate(words[1:])
        ):
            return True
    return False

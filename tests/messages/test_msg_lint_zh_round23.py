"""Round 23 (h130): real, plain Chinese company text that the rules flagged (heldout-24 at
48.6 % false positives, dev-25 at 48.5 % on first sight), read by structure: a long
sentence measured as it is read, a formal apology beside our fault named, stock words of
a named piece of work said with their time, a passive whose agent is named, and a party
that is harmed or protected rather than blamed. Each narrowing keeps its bad edge flagged."""

import pytest

from gateway.messages.lint import lint_text


def codes(text: str) -> set[str]:
    return {f.code for f in lint_text(text, "zh-CN", "text")}


CLEAN = [
    # a long sentence of short clauses, one of them 21-25 characters as read (a date is a word)
    "2024年12月3日上午我们升级会员系统时出了错，部分会员的积分显示为零，"
    "已经兑换的礼品和优惠券不受影响，积分明天中午前全部恢复。",
    # the formal "给您带来不便，深表歉意" closing an apology that owns the act
    "因我们的排班失误，当天没有安排师傅上门，给您带来不便，我们诚恳道歉。",
    "因我方线路故障，11月6日8时至11时部分用户无法上网，给您带来不便，我们深表歉意。",
    # sorry for what we failed to do, we the unsaid doer; 系统 is no copula 系
    "昨晚因系统故障导致App打不开，影响了不少用户下单，非常惭愧没有服务好大家。",
    # a named piece of work with its time, or reported done with its outcome
    "9:30 我们排查了支付日志，找到了重复扣款的原因。",
    "技术团队随即进行了问题排查和修复，现在服务已经全部恢复正常。",
    # a passive with its agent named from the actor lexicon, or owned in the sentence
    "您的包裹被快递员放在了驿站，我们已联系快递公司送货上门。",
    "由于我们审核疏漏，您的退款申请被错误驳回，现已重新通过。",
    # a precaution around our own coming step, not a lecture about doing it again
    "无人在家，请关闭水表阀门，以免恢复供水后造成不必要的损失。",
    # a party as what our fault acted on, in a case we pay for
    "凡是因系统故障导致商家已出餐无法销售的，我们将全额赔付餐损。",
    # a name in capitals, said as the name of a site
    "如果您在ABCD和其他网站用的是同一个密码，请把其他网站的密码也改掉。",
    # responsibility taken in so many words
    "对于这次活动出错，官方负有不可推卸的主要责任。",
]


@pytest.mark.parametrize("text", CLEAN)
def test_plain_real_notice_is_not_flagged(text: str) -> None:
    assert codes(text) == set(), lint_text(text, "zh-CN", "text")


FLAGGED = [
    # the same apology asking them to understand, or sorry only in case, stays a non-apology
    ("因我们工作失误，您的订单未能按时发货，给您带来不便，敬请谅解。", "non_apology",
     "直接道歉"),
    ("若给您造成困扰，我们深表歉意。", "non_apology", "我们很抱歉"),
    ("对于给您造成的困扰，我们深表歉意。", "non_apology", "对不起，这是我们的错"),
    # stock words with nothing concrete, or the hollow ones
    ("我司高度重视，第一时间成立专项工作组，全力以赴做好善后工作。", "officialese",
     "直接说做了什么、谁做、什么时候"),
    # the copula 系 naming a party as the cause
    ("本次转账延迟系清算机构系统处理缓慢所致，与我行无关。", "blame_others",
     "我们本该提前想到清算机构系统处理缓慢"),
    # our system's fault told with nobody as its owner (the cause after 因 alone, too)
    ("因系统故障导致App服务异常，影响了一些用户出行。", "passive_evasion",
     "因我们的系统故障导致App服务异常"),
    ("您的退款申请被错误驳回。", "passive_evasion", "我们把您的退款申请错误驳回了"),
    # told not to do it again
    ("请您以后下单时认真核对尺码，以免再次买错。", "blame_customer", "我们应该在您下单前"),
    ("请在OTA后重新登录。", "abbreviation", "OTA"),
    # one long clause is still long
    ("因为我们在本周二凌晨给系统做升级之前没有认真检查全部的配置项目所以您家的宽带从昨天"
     "晚上一直到今天早上都上不了网。", "sentence_length", "把长句拆成几个短句"),
]


@pytest.mark.parametrize(("text", "code", "suggestion"), FLAGGED)
def test_bad_edge_still_flagged_with_its_suggestion(text: str, code: str, suggestion: str) -> None:
    found = [f for f in lint_text(text, "zh-CN", "text") if f.code == code]
    assert found, lint_text(text, "zh-CN", "text")
    assert any(suggestion in (f.suggestion or "") for f in found), found

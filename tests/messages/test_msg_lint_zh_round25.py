"""Round 25 (h145): real Chinese notices (dev-27) that tripped checks on their structure, not
their meaning. 后续 before a noun names the next flight, not a time put off; a promise in a
clause after 如果… is an offer bound to that event, as a sentence that opens with 如果 is; two
acts joined by 以及 before 操作 are a list, not one procedure's name; a 被 clause after
以为/担心 is what people feared, not a report."""

import pytest

from gateway.messages.lint import lint_text


def codes(text: str) -> set[str]:
    return {f.code for f in lint_text(text, "zh-CN", "text")}


NOT_VAGUE = [
    # 后续 as an attribute: the onward journey, already arranged
    "目前已调配其他飞机安排旅客后续行程，对于航班延误给旅客带来的不便，我们深表歉意。",
    # the promise hangs on the customer's event: when a payment fails, then we help
    "改造期间我们的技术人员全程在岗，如果付款失败，请拨打客服电话，我们会当场帮您处理。",
]


@pytest.mark.parametrize("text", NOT_VAGUE)
def test_attribute_or_offer_on_a_condition_is_not_vague(text: str) -> None:
    assert codes(text) == set(), lint_text(text, "zh-CN", "text")


STILL_VAGUE = [
    # 后续 before a noun that then promises: still a time put off
    "后续工作人员会联系您。",
    # the effort before the condition is still an effort with no end
    "我们正在排查原因，如果您急需用车，可以先拨打客服电话。",
]


@pytest.mark.parametrize("text", STILL_VAGUE)
def test_time_put_off_or_effort_before_a_condition_is_vague(text: str) -> None:
    assert "vague" in codes(text), lint_text(text, "zh-CN", "text")


def test_two_everyday_acts_listed_are_not_a_procedure_name() -> None:
    text = ("收到产品需要对产品进行检测以及退款操作，退款到账会有所延迟，"
            "时间不超过收到货物起的三天时间。")
    assert codes(text) == set(), lint_text(text, "zh-CN", "text")
    # one procedure named by the trade is still jargon
    assert "jargon" in codes("已对故障机器做了摘流处理，现在可以正常下单。")


def test_a_feared_passive_and_a_short_time_granted_then_its_harm_are_plain() -> None:
    # the 被 clause is what people took to have happened; the short time is granted, then
    # what it did to many people is said after 但
    text = ("年度报告里的数据错误只出现了很短的时间，但它让很多人以为自己的账号被盗了，"
            "这一点我们很抱歉。")
    assert codes(text) == set(), lint_text(text, "zh-CN", "text")
    # reported, with nobody named, the passive still hides who did it
    assert "passive_evasion" in codes("昨天有三个小时，很多用户的密码被改了。")
    # the short time alone, with a shrug, still minimises
    assert "minimising" in codes("数据错误只出现了很短的时间，大家不用担心。")


OWNED_LAPSE = [
    # the lapse admitted by us
    "我们深刻认识到管理责任的缺漏，并向所有消费者致以最诚挚的歉意。",
    # the lapse said to be in the company's own headquarters, after the event it let happen
    "加盟店发生此类严重问题，集团总部存在监管失责，向消费者致歉，并会立即采取措施深入调查。",
]


@pytest.mark.parametrize("text", OWNED_LAPSE)
def test_a_lapse_admitted_as_ours_owns_the_apology_and_the_event(text: str) -> None:
    assert not codes(text) & {"non_apology", "passive_evasion"}, lint_text(text, "zh-CN", "text")


def test_a_stock_apology_with_no_lapse_is_still_a_non_apology() -> None:
    assert "non_apology" in codes("我们深刻认识到此事的影响，并向所有消费者致以最诚挚的歉意。")


def test_a_party_solving_problems_is_not_blamed() -> None:
    # the fault noun heads the object of 解决: the team fixes, it did not fail
    text = "这几天，拳头游戏电竞技术团队在努力解决围绕着季中冠军赛的一系列技术问题。"
    assert "blame_others" not in codes(text), lint_text(text, "zh-CN", "text")
    # a party that does not solve it still fails
    assert "blame_others" in codes("物流公司一直没有解决您包裹的配送问题。")


def test_a_gradual_recovery_that_has_happened_is_not_a_vague_promise() -> None:
    text = "技术团队随即进行了问题排查和修复，现在服务已经陆续恢复正常。"
    assert codes(text) == set(), lint_text(text, "zh-CN", "text")
    # still to come, with no time: vague
    assert "vague" in codes("服务会陆续恢复。")


def test_what_this_very_notice_tells_is_no_promise() -> None:
    text = "我们将通过本公告说明该问题发生的原因和补偿方案。"
    assert codes(text) == set(), lint_text(text, "zh-CN", "text")
    # a later notice, with no time, is still a promise put off
    assert "vague" in codes("我们会再发公告说明原因。")

"""Round 27 (h161, issue 17, zh-CN): good sentences of real public notices (dev-heldout26)
that tripped checks on their structure, each with nearby bad sentences that stay flagged."""

import pytest

from gateway.messages.lint import lint_text


def codes(text: str) -> set[str]:
    return {f.code for f in lint_text(text, "zh-CN", "text")}


def test_a_question_whether_it_went_wrong_is_no_passive() -> None:
    # "有否被扣错钱": whether, asked of the customer at our new desks; nothing reported
    text = "八达通公司将由明日起，设立30个新的八达通服务站，让卡主查看有否被扣错钱及即时退款。"
    assert codes(text) == set(), lint_text(text, "zh-CN", "text")


STILL_PASSIVE = [
    "您的卡被扣错钱了。",
    "卡主的卡被扣错钱了，请查看。",
    "您的账户被冻结了，请联系客服。",
]


@pytest.mark.parametrize("text", STILL_PASSIVE)
def test_a_wrong_reported_with_no_doer_stays_passive(text: str) -> None:
    assert "passive_evasion" in codes(text), lint_text(text, "zh-CN", "text")


def test_a_short_delay_granted_then_owned_is_not_minimising() -> None:
    # the figure, then 但 the harm to people, then owned: the size is told, not used as a shrug
    text = "1号线这次只延误了10分钟，但赶车、赶飞机的人可能因此误了事，这仍然是我们的问题。"
    assert codes(text) == set(), lint_text(text, "zh-CN", "text")


STILL_MINIMISING = [
    "1号线这次只延误了10分钟，但请大家谅解。",
    "1号线这次只延误了10分钟，这不是我们的问题。",
    "1号线这次只延误了10分钟，但赶车的人可能误了事，这不是我们的问题。",
    "1号线这次只延误了10分钟，问题不大，这是我们的问题。",
]


@pytest.mark.parametrize("text", STILL_MINIMISING)
def test_a_short_delay_shrugged_stays_minimising(text: str) -> None:
    assert "minimising" in codes(text), lint_text(text, "zh-CN", "text")


def test_money_paid_as_an_apology_is_no_stock_apology() -> None:
    # 歉意金 is money paid, not the noun 歉意 offered in place of saying what we did
    text = "此外，蜗牛移动建议已购买用户进行退款操作，并额外奉上100元歉意金，将在7个工作日内支付。"
    assert codes(text) == set(), lint_text(text, "zh-CN", "text")


@pytest.mark.parametrize("text", ["请接受我们诚挚的歉意。", "我们向您表达歉意，并送上一份礼物。"])
def test_the_noun_apology_offered_stays_a_non_apology(text: str) -> None:
    assert "non_apology" in codes(text), lint_text(text, "zh-CN", "text")


def test_would_like_to_say_sorry_is_no_effort_promised() -> None:
    # 想 before what it wants to do ("想借此机会") is "would like to", not "thinking it out"
    text = "我在此想借此机会，再向客户说声对不起。"
    assert codes(text) == set(), lint_text(text, "zh-CN", "text")


STILL_VAGUE = [
    "我们在想办法。",
    "我们正在想怎么解决，请等待。",
    "对于由此可能引起的任何误会，我们在此说明。",
]


@pytest.mark.parametrize("text", STILL_VAGUE)
def test_thinking_it_out_stays_vague(text: str) -> None:
    assert "vague" in codes(text), lint_text(text, "zh-CN", "text")


def test_the_business_short_of_time_is_not_the_customer_blamed() -> None:
    # 业者 ends like a person noun but is the business itself, not a customer
    text = "虽然属偶发事件，但因为正值中秋出货期间，业者没有足够时间去验证百分之百的解决问题。"
    assert "blame_customer" not in codes(text), lint_text(text, "zh-CN", "text")


@pytest.mark.parametrize("text", [
    "您没有足够时间去验证，所以出了问题。",
    "消费者没有按说明书操作，才导致故障。",
])
def test_the_customer_short_of_time_stays_blamed(text: str) -> None:
    assert "blame_customer" in codes(text), lint_text(text, "zh-CN", "text")


def test_sorry_with_our_dereliction_named_is_an_apology() -> None:
    # sorry said, and the cause named as our own 失职: the bad experience is what our slip did
    text = "首先我代表鱼乐膳食以及个人给您道歉，由于我们的工作失职，给您就餐带来非常不好的体验。"
    assert codes(text) == set(), lint_text(text, "zh-CN", "text")


STILL_NON_APOLOGY = [
    # no fault of ours named
    "我们给您道歉，由于工作失职，给您带来了不好的体验。",
    "给您就餐带来非常不好的体验，我们深表歉意。",
    # a fault owned, but no sorry
    "由于我们的工作失职，给您就餐带来非常不好的体验。",
]


@pytest.mark.parametrize("text", STILL_NON_APOLOGY)
def test_a_bad_experience_unowned_or_unsorry_stays_a_non_apology(text: str) -> None:
    assert "non_apology" in codes(text), lint_text(text, "zh-CN", "text")


def test_customers_we_found_none_of_are_not_blamed() -> None:
    # the negator before a finding verb denies our finding; the customers are what we looked for
    text = "他指部分受影响客户是现有客户，暂时没有发现涉及2012年之后的新客户。"
    assert codes(text) == set(), lint_text(text, "zh-CN", "text")


STILL_BLAME_CUSTOMER = [
    "没有按时付款的客户，服务已暂停。",
    "没有及时更新地址的客户，包裹退回了。",
    "没有收到通知的客户请自己负责。",
]


@pytest.mark.parametrize("text", STILL_BLAME_CUSTOMER)
def test_customers_who_failed_to_act_stay_blamed(text: str) -> None:
    assert "blame_customer" in codes(text), lint_text(text, "zh-CN", "text")


def test_what_went_wrong_in_our_own_act_is_owned() -> None:
    # our act as the time, the fault in it: the bank is only at the other end of our transfer
    text = "我们升级收费系统时，和银行之间传数据出了错，一部分通行费被扣了两次，多扣的钱已经退回。"
    assert codes(text) == set(), lint_text(text, "zh-CN", "text")


@pytest.mark.parametrize("text, code", [
    # no act of ours as the time
    ("和银行之间传数据出了错，一部分通行费被扣了两次。", "blame_others"),
    ("和银行之间传数据出了错，一部分通行费被扣了两次。", "passive_evasion"),
    # the bank the doer, not the other end
    ("我们升级收费系统时，银行传数据出了错，导致扣款失败。", "blame_others"),
    # our act as the time, but nothing said to have gone wrong in it
    ("我们升级系统时，一部分通行费被扣了两次。", "passive_evasion"),
])
def test_a_fault_not_placed_in_our_act_stays_flagged(text: str, code: str) -> None:
    assert code in codes(text), lint_text(text, "zh-CN", "text")


def test_a_party_listed_with_our_customers_is_one_of_them() -> None:
    # 小商家 listed with 住宅用户 under a tariff rule: customers whose outage is counted
    text = ("按营业规章规定，高压以上工业用户停电10至60分钟，即按1小时计算；小商家和一般住宅用户"
            "停电1小时以上，则按1日计算，会直接在用户下月帐单进行扣减。")
    assert codes(text) == set(), lint_text(text, "zh-CN", "text")


STILL_BLAME_OTHERS = [
    # dealing with customers, not listed with them
    "商家和客户沟通不及时，导致订单取消。",
    # listed with another party
    "商家和快递员没有按时送达。",
    # a party that failed named after the customers
    "商家和用户之间的纠纷由于商家没有发货。",
]


@pytest.mark.parametrize("text", STILL_BLAME_OTHERS)
def test_a_party_not_among_our_customers_stays_blamed(text: str) -> None:
    assert "blame_others" in codes(text), lint_text(text, "zh-CN", "text")


def test_the_matter_named_by_a_topic_then_paid_back_is_no_passive() -> None:
    # 就… names the matter the sentence answers; the next clause says who pays it back, and when
    text = ("就客户透过使用消费券时被错误扣款，公司将在一周内安排退款，"
            "并会在退款程序完成后通知他们。")
    assert codes(text) == set(), lint_text(text, "zh-CN", "text")


@pytest.mark.parametrize("text", [
    "就客户被错误扣款一事，我们深表歉意。",
    "就客户被错误扣款，请联系银行。",
])
def test_the_matter_named_and_not_paid_back_stays_passive(text: str) -> None:
    assert "passive_evasion" in codes(text), lint_text(text, "zh-CN", "text")


STILL_NO_TIME = [
    # a line's or a building's number names it; it is no time and no count
    "目前地铁11号线故障正在紧急处理中，距离恢复正常运行还需一段时间，"
    "请有需要的乘客换乘其他线路或改乘其他交通工具。",
    "我们正在处理3号楼的停水，请耐心等待。",
]


@pytest.mark.parametrize("text", STILL_NO_TIME)
def test_a_number_that_names_a_line_is_no_time(text: str) -> None:
    assert "vague" in codes(text), lint_text(text, "zh-CN", "text")


@pytest.mark.parametrize("text", [
    "地铁11号线故障正在处理，预计今天18:00前恢复运行。",
    "3号楼停水正在抢修，下午3点前恢复。",
])
def test_a_line_named_with_a_time_given_is_not_vague(text: str) -> None:
    assert codes(text) == set(), lint_text(text, "zh-CN", "text")


AIRLINE_REFUNDS = ("后续赔偿方面，星宇航空表示受到影响的旅客去回程，都会全额退费，"
                   "也给予每位旅客一盒凤梨酥为致歉礼，并附上延误证明。")


def test_a_topic_of_what_follows_is_no_vague_time() -> None:
    # 后续…方面 opens the topic the sentence takes up ("as for compensation"), not a time
    assert "vague" not in codes(AIRLINE_REFUNDS), lint_text(AIRLINE_REFUNDS, "zh-CN", "text")


@pytest.mark.parametrize("text", ["后续赔偿方面，我们会尽快处理。", "后续我们会尽快赔偿。"])
def test_later_with_no_time_stays_vague(text: str) -> None:
    assert "vague" in codes(text), lint_text(text, "zh-CN", "text")


def test_a_partner_passing_on_what_it_gives_is_not_blamed() -> None:
    # the airline's own account of the refund it gives: a remedy reported, no cause put on anyone
    assert codes(AIRLINE_REFUNDS) == set(), lint_text(AIRLINE_REFUNDS, "zh-CN", "text")


@pytest.mark.parametrize("text", [
    "航空公司表示，由于天气原因航班延误，会全额退款。",
    "快递公司表示，包裹延误了，可以退款。",
])
def test_a_partner_passing_on_a_harm_stays_blamed(text: str) -> None:
    assert "blame_others" in codes(text), lint_text(text, "zh-CN", "text")


def test_a_misjudgement_at_the_time_owned_is_not_minimising() -> None:
    # what we judged then, and the failure it led us into: the shrug is told as our mistake
    text = ("我们团队于 14:12 确认了这两次共计约两分钟的停机时间，当下判断仅为短时间的问题，"
            "没有对整体服务造成实质影响，因此并未立即启动更进一步的调查与防御措施。")
    assert codes(text) == set(), lint_text(text, "zh-CN", "text")


STILL_SHRUGGED = [
    # our judgement now, as the last word
    "我们判断这仅为短时间的问题，没有对整体服务造成实质影响。",
    # judged then, but no failure of ours after it: a reassurance
    "当时判断仅为短时间的问题，请大家放心。",
    "当下判断仅为短时间的问题，因此请大家放心。",
]


@pytest.mark.parametrize("text", STILL_SHRUGGED)
def test_a_judgement_that_shrugs_stays_minimising(text: str) -> None:
    assert "minimising" in codes(text), lint_text(text, "zh-CN", "text")

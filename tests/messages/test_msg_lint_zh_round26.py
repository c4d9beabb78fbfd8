"""Round 26 (h153, issue 17, zh-CN): good development sentences (dev-27, dev-21) that tripped
checks on their structure. 在 that opens a frame closed by 之前/以前 ("在解决之前门店不会开业")
names the event that bounds a promise, not an effort under way."""

import pytest

from gateway.messages.lint import lint_text


def codes(text: str) -> set[str]:
    return {f.code for f in lint_text(text, "zh-CN", "text")}


def test_a_promise_bounded_by_an_event_before_it_is_not_vague() -> None:
    text = "圆融门店靠近湖边，飞虫多，这是我们选址和防虫没做好，在解决之前门店不会开业。"
    assert codes(text) == set(), lint_text(text, "zh-CN", "text")


STILL_VAGUE = [
    # 在 as "in the middle of": an effort with no end
    "我们在解决这个问题，请您耐心等待。",
    "我们正在解决，在此之前请耐心等待。",
    # the frame after it is not 之前: still in the middle of it
    "我们在处理您的订单，处理完会尽快告诉您。",
]


@pytest.mark.parametrize("text", STILL_VAGUE)
def test_an_effort_under_way_is_still_vague(text: str) -> None:
    assert "vague" in codes(text), lint_text(text, "zh-CN", "text")


OUR_STAFF_OWNED = [
    # a slip of our own staff, named by post, then what the business pays for it
    "由于导购人员的疏忽，未能检查出过期商品，超市愿以10倍价格赔偿赵先生，并将所有打折商品撤柜检查。",
    # the one we sent, then disciplined by us: ours to answer for
    "快递员把您的包裹放在了楼下的快递柜而没有送上门，违反了您的备注要求，我们已经批评教育。",
]


@pytest.mark.parametrize("text", OUR_STAFF_OWNED)
def test_our_own_staff_answered_for_is_not_blame(text: str) -> None:
    assert "blame_others" not in codes(text), lint_text(text, "zh-CN", "text")


STILL_BLAME = [
    # our staff's slip with nothing made good
    "由于配送员操作失误，您的订单显示已签收。",
    "由于导购人员的疏忽，未能检查出过期商品。",
    # made good refused
    "由于导购人员的疏忽，未能检查出过期商品，我们不会赔偿。",
    # a third party, even with a remedy after
    "由于快递公司的疏忽，您的包裹丢了，我们愿意赔偿。",
    # staff kept at a distance
    "由于相关人员的疏忽，未能检查出过期商品，超市愿意赔偿。",
]


@pytest.mark.parametrize("text", STILL_BLAME)
def test_a_slip_put_on_others_stays_blame(text: str) -> None:
    assert "blame_others" in codes(text), lint_text(text, "zh-CN", "text")


SIZE_THEN_REMEDY = [
    # a plain size, then one we send makes it right at no charge
    "地板打蜡有一小片没打匀，师傅明天上午上门重打，不收钱。",
    # a plain size, then our care for it
    "您的狗狗在寄养时前腿擦破了一小块皮，我们已经带它看过医生，每天换药。",
]


@pytest.mark.parametrize("text", SIZE_THEN_REMEDY)
def test_a_plain_size_then_our_remedy_is_not_minimising(text: str) -> None:
    assert "minimising" not in codes(text), lint_text(text, "zh-CN", "text")


STILL_MINIMISING = [
    "地板有一小片没打匀，不影响使用，师傅下次来再重打。",
    "地板有一小片没打匀，远看看不出来。",
    "蜡像只是掉了一小块漆，远看根本看不出来。",
    "其实狗狗只擦破了一小块皮，师傅给它上药了。",
]


@pytest.mark.parametrize("text", STILL_MINIMISING)
def test_a_size_with_a_shrug_stays_minimising(text: str) -> None:
    assert "minimising" in codes(text), lint_text(text, "zh-CN", "text")


ANSWERED_GUESSES = [
    # the learned check's blame_customer guess on a request to get ready for our own notice
    "请您根据自身需要，提前做好相应安排。",
    "请您提前做好交易安排，避免在改造时段内进行大额或紧急交易。",
    # its officialese guess on a formal apology for a fault named as ours
    "我们深刻认识到管理责任的缺漏，并向所有消费者致以最诚挚的歉意。",
    "加盟店发生此类严重问题，集团总部存在监管失责，向消费者致歉，并会立即采取措施深入调查。",
]


@pytest.mark.parametrize("text", ANSWERED_GUESSES)
def test_learned_guesses_answered_by_structure(text: str) -> None:
    assert codes(text) == set(), lint_text(text, "zh-CN", "text")


STILL_GUESSED = [
    ("请正班旅客及时登机，切勿堵塞登机口进而造成更多航班延误。", "blame_customer"),
    ("炎炎夏日，请各施工队以及全体市民保护供电设施，合理用电。", "blame_customer"),
    # asked to get ready, but with the customer's lapse said
    ("下次请您提前做好安排，不要再误了航班。", "blame_customer"),
    ("请您提前做好准备，您上次就没有准备好。", "blame_customer"),
    # formal words with no apology for a fault of ours
    ("为给您提供更加丰富和优质的金融服务，我行将进行系统升级。", "officialese"),
]


@pytest.mark.parametrize(("text", "code"), STILL_GUESSED)
def test_guesses_with_nothing_to_answer_them_stay(text: str, code: str) -> None:
    assert code in codes(text), lint_text(text, "zh-CN", "text")


DONE_PLAINLY = [
    # acts already done, told, nothing left pending: the learned check's vague guess answered
    "公司已安排换机执飞后续航班，旅客在候机楼休息等候。",
    "对于此次西安质检部门的抽查结果，我们严肃对待，并已开始调查该批产品缩水率不合格的具体原因。",
]


@pytest.mark.parametrize("text", DONE_PLAINLY)
def test_acts_done_and_told_are_not_vague(text: str) -> None:
    assert codes(text) == set(), lint_text(text, "zh-CN", "text")


STILL_VAGUE_DONE = [
    # done, but handed to someone unnamed, or a state with no fact, or still under way
    "您反映的冰场地面问题，我们已安排相关人员跟进。",
    "目前问题已得到有效控制。",
    "体检报告延迟的事，相关同事已经在对接了。",
    "后续我们已安排专人跟进。",
]


@pytest.mark.parametrize("text", STILL_VAGUE_DONE)
def test_done_but_pending_stays_vague(text: str) -> None:
    assert "vague" in codes(text), lint_text(text, "zh-CN", "text")


def test_a_precaution_while_our_step_is_pending_is_not_blame() -> None:
    text = ("请注意，在订单状态未变成“退款通过”之前，请您不要使用账号内的付费产品，"
            "否则可能会导致无法退款。")
    assert codes(text) == set(), lint_text(text, "zh-CN", "text")
    # the consequence laid on them stays blame, with or without the window before
    for bad in ("请您务必在截止日期前完成缴费，否则后果自负。",
                "在退款到账之前，请您不要注销账号，否则后果自负。"):
        assert "blame_customer" in codes(bad), lint_text(bad, "zh-CN", "text")


def test_bing_joining_a_second_verb_is_not_concurrency() -> None:
    text = "故障期间一部分订单没有生成发票，我们会在周五前补开并发到您的邮箱。"
    assert codes(text) == set(), lint_text(text, "zh-CN", "text")
    # the trade's word stays jargon
    assert "jargon" in codes("报名系统的并发上限被打满，您的订单落单失败。")
    assert "jargon" in codes("系统并发到达上限，请稍后再试。")


PLAIN_STEPS = [
    # a step named by an act the customer knows: refund, investigation
    "我们将对今日零点到十点期间产生的所有异常订单进行自动退款处理，统一按原支付渠道全额退款。",
    "对于网友在微信公众号上反映的问题，我们立即进行调查处理并回复处理结果。",
]


@pytest.mark.parametrize("text", PLAIN_STEPS)
def test_a_step_named_by_a_known_act_is_not_jargon(text: str) -> None:
    assert codes(text) == set(), lint_text(text, "zh-CN", "text")


TRADE_STEPS = [
    "我们随即对固件版本有bug的硬盘全部进行下线处理，确保相关隐患全部排除。",
    "已对故障机器做了摘流处理，现在可以正常下单。",
    "您的包裹已转入逆向物流流程。",
]


@pytest.mark.parametrize("text", TRADE_STEPS)
def test_a_trade_step_stays_jargon(text: str) -> None:
    assert "jargon" in codes(text), lint_text(text, "zh-CN", "text")


def test_a_reason_for_our_own_decision_with_a_date_is_not_blame() -> None:
    text = ("因为国家清查网盘违规内容，我们决定停止网盘服务，您的文件会保留到2016年6月30日，"
            "请在此之前下载。")
    assert codes(text) == set(), lint_text(text, "zh-CN", "text")
    for bad in (
        "因为国家清查网盘违规内容，我们决定停止网盘服务。",  # no date for the customer
        "由于天气原因，我们决定取消今天的活动。",  # a stock "原因"
        "因为快递公司罢工，我们决定取消您的订单，周五退款。",  # a party named as the cause
    ):
        assert "blame_others" in codes(bad), lint_text(bad, "zh-CN", "text")


def test_our_failings_owned_are_not_minimising() -> None:
    text = "未能及时发现的漏洞影响了比赛，对ping值显示错误问题的沟通也不够及时透明。"
    assert codes(text) == set(), lint_text(text, "zh-CN", "text")
    for bad in ("我们没能及时通知您，不过也就晚了十分钟。",  # a failing owned, then a shrug
                "瑜伽课只晚开始了五分钟。",
                "团课取消这种事一年也就一两回，大家多担待。"):
        assert "minimising" in codes(bad), lint_text(bad, "zh-CN", "text")


def test_credit_for_showing_our_fault_is_not_blame() -> None:
    text = "我们必须感谢所有向我们吐露不满的玩家，是您让我们的不足暴露在众目睽睽之下。"
    assert codes(text) == set(), lint_text(text, "zh-CN", "text")
    for bad in ("是您让我们的问题更严重了。",
                "是您没有及时反馈，才让我们的问题暴露得这么晚。"):
        assert "blame_customer" in codes(bad), lint_text(bad, "zh-CN", "text")


def test_sorry_then_a_reason_and_our_plan_moved_is_not_blame() -> None:
    text = "很抱歉，因为场地的供暖管道漏水，本周六的合唱排练暂停，下周六照常。"
    assert codes(text) == set(), lint_text(text, "zh-CN", "text")
    for bad in ("很抱歉，由于天气原因，航班推迟到明天。",  # a stock 原因
                "很抱歉，因为快递延误，您的订单推迟到周五。",  # a party
                "很抱歉，因为场地的供暖管道漏水，本周六的合唱排练暂停。"):  # no plan after
        assert "blame_others" in codes(bad), lint_text(bad, "zh-CN", "text")

"""The thirty-fifth round of issue 17, zh-CN (h200):

- ``blame_customer`` (chinese/customer.py ``_is_customer``): a person noun opened by 每/各 is a
  distributive count ("补偿是每户100元": how much each gets), not a customer who acted.
- ``non_apology`` (chinese/apology.py ``_SORRY``): "是我们不对" and "是我们…的错" with the act
  named inside ("这是我们派单的错") say sorry as "是我们的错" does, so understanding said beside
  them is no apology left out; sorry said outright for the wait we made ("抱歉让您久等了") is
  no caused feeling left unapologised ("让您久等了" alone still is).
- ``vague`` (chinese/style.py): 跟 ending its clause after 在 is the verb "follow up" with no
  end said ("我们这边在跟"); a time that frames an effort kept at ("今天我们会继续处理") with no
  figure and no act that gives them something promises nothing by that time.
- ``vague`` (checks.py): 很遗憾 with the cause told as our own failing ("因为我们没订到场地") is
  regret for what we did.
- ``officialese`` (rules/zh-CN.yaml ``officialese_strong``): slogan promises of attitude only
  (更有温度, 不辜负, 换位思考, 靠前服务, 件件有回音, 事事有着落, 站位, 责任重大).
- ``minimising`` (chinese/style.py ``_harm_denied``): 只/只是 after a harm denied ("没有泄露")
  tells what did happen, not a harm made small.
- ``passive_evasion`` (chinese/passive.py): a change the sentence says the customer chose
  ("这是您…选的") hides no doer; a 被 clause followed by its reason (原因是…) and a step that
  puts it right ("补签后…就能办") hides nothing; a wrong result told in a cleft whose subject
  after 是 opens with the body whose step it was ("航班取消是公司排班出错") names its doer.
- ``passive_evasion`` (checks.py): a fault-occurred phrase ("出现故障") in a sentence where we,
  as the doer, already made it right ("我们已经换了一台") hides no one.

Every sentence here was written for this file."""

import pytest

from gateway.messages.lint import lint_text


def _codes(sentence: str) -> set[str]:
    return {f.code for f in lint_text(sentence, "zh-CN", "text")}


@pytest.mark.parametrize("sentence", [
    "停电补偿是每户50元，12月18日前打到电费账户，不需要申请。",
    "这次的赔偿是每人200元，下周一前发到您的银行卡。",
])
def test_a_distributive_count_is_not_a_customer_blamed(sentence: str) -> None:
    assert "blame_customer" not in _codes(sentence)


@pytest.mark.parametrize("sentence", [
    "停电是因为业主没有按时交电费。",
    "是客户没有按时确认地址，才没送到。",
])
def test_a_customer_who_acted_is_still_blamed(sentence: str) -> None:
    assert "blame_customer" in _codes(sentence)


@pytest.mark.parametrize("sentence", [
    "我们明白您为什么着急：您的车修了三天还没好，这是我们不对，今天下午一定交车。",
    "我们能体会您等了一上午的着急，这是我们排班的错，明早8点师傅第一个上门。",
    "抱歉让您久等了，您的新卡已经做好，明天上午可以来取。",
    "对不起，让您久等了，您的餐马上送到。",
])
def test_understanding_or_a_wait_beside_sorry_said_outright_is_no_non_apology(
        sentence: str) -> None:
    assert "non_apology" not in _codes(sentence)


@pytest.mark.parametrize("sentence", [
    "我们理解您的着急心情。",
    "让您久等了，您的餐马上送到。",
    "我们能体会您的心情，我们不对外公布处理结果。",
])
def test_understanding_or_a_wait_without_sorry_is_still_a_non_apology(sentence: str) -> None:
    assert "non_apology" in _codes(sentence)


@pytest.mark.parametrize("sentence", [
    "退款的事我们这边在跟，您先别着急。",
    "今天我们会继续处理这件事，请大家再耐心等等。",
])
def test_following_up_or_keeping_at_it_with_no_end_is_vague(sentence: str) -> None:
    assert "vague" in _codes(sentence)


@pytest.mark.parametrize("sentence", [
    "我们在跟物业商量，明天上午10点前告诉您结果。",
    "今天我们会继续处理，下午3点前把修好的电脑送回您家。",
    "很遗憾，这次讲座因为我们没订到礼堂取消了，门票钱已经全部退回。",
])
def test_an_end_said_or_our_failing_told_is_not_vague(sentence: str) -> None:
    assert "vague" not in _codes(sentence)


def test_regret_with_no_one_in_it_is_still_vague() -> None:
    assert "vague" in _codes("很遗憾，这次讲座取消了。")


@pytest.mark.parametrize("sentence", [
    "我们会以更高的站位，把每一位乘客的事办好。",
    "全体员工将换位思考，不辜负大家的期待。",
    "我们会努力让每一次服务都更有温度。",
    "我们深知责任重大，今后一定做到件件有回音、事事有着落。",
])
def test_slogan_promises_of_attitude_are_officialese(sentence: str) -> None:
    assert "officialese" in _codes(sentence)


@pytest.mark.parametrize("sentence", [
    "您的银行卡信息没有泄露，我们只是把所有人的登录状态清掉了，重新登录一次就好。",
    "照片没有丢失，我们只是把相册换了个位置，在“我的”里就能找到。",
])
def test_only_after_a_harm_denied_is_not_minimising(sentence: str) -> None:
    assert "minimising" not in _codes(sentence)


def test_only_with_a_harm_left_open_is_still_minimising() -> None:
    assert "minimising" in _codes("数据没有丢失，只是有一小部分订单延误了。")


@pytest.mark.parametrize("sentence", [
    "您的取件时间已经被改到周五下午3点，这是您上午在电话里选的时间。",
    "您的申请已经被退回，原因是第二页少了身份证复印件，补交后当天就能办。",
    "铁路公司承认，列车停运是公司调度出错，已为所有乘客安排大巴。",
    "昨晚8点电梯在运行中出现故障，我们已经换了一台新的控制柜，今早恢复运行。",
])
def test_passives_with_their_choice_reason_and_fix_or_doer_named_are_not_evasive(
        sentence: str) -> None:
    assert "passive_evasion" not in _codes(sentence)


@pytest.mark.parametrize("sentence", [
    "您的取件时间已经被改到周五下午3点。",
    "您的申请已经被退回，原因是材料不全。",
    "昨晚8点电梯在运行中出现故障，目前正在抢修。",
])
def test_passives_with_no_doer_choice_or_fix_are_still_evasive(sentence: str) -> None:
    assert "passive_evasion" in _codes(sentence)

"""zh-CN, fifteenth round (h63): precision on general forms, not corpus sentences.

A third party is blamed only as the doer of a failure that nobody of ours owns in that
sentence or the one before or after; an abbreviation explained in words next to it, or an
everyday one, is fine; a sentence ends at a full stop typed after Chinese too; a small figure
is minimising only when it waves the harm away.
"""

from __future__ import annotations

import pytest

from gateway.messages.lint import lint_text


def codes(text: str) -> set[str]:
    return {f.code for f in lint_text(text, "zh-CN", "text")}


@pytest.mark.parametrize("text", [
    # a party's act that is no failure
    "快递公司今天下午把您的新手机送到了。",
    "供应商上周给我们补了一批新货，您的订单明天发出。",
    "酒店已经为您留好了靠窗的房间。",
    "航空公司为您换了下午3点的航班，座位还是靠窗。",
    "合作的洗衣厂今天把您的西装送回了门店。",
    # a party's failure, owned by us in the same sentence or the next
    "我们没跟快递公司确认地址，是我们的错。",
    "装修队把您家的瓷砖贴歪了。这是我们安排的队伍，责任在我们，明天免费重贴。",
    "快递员把包裹放在了门卫室。我们没有提前告诉您，这是我们的错。",
])
def test_a_party_named_without_blame_is_not_flagged(text: str) -> None:
    assert "blame_others" not in codes(text)


@pytest.mark.parametrize("text", [
    "快递公司弄丢了您的包裹。",
    "快递公司弄丢了您的包裹，不是我们的错。",
    "快递公司弄丢了您的包裹。我们也没有办法。",
    "供应商没发货，我们没法按时给您。",
    "外卖小哥把餐送到了隔壁楼。",
    "都是物流公司送得太慢，您的货才晚到。",
    "多亏了合作伙伴的疏忽，我们的页面才崩了。",
])
def test_a_party_blamed_is_still_flagged(text: str) -> None:
    assert "blame_others" in codes(text)


@pytest.mark.parametrize("text", [
    "手机会自动进行OTA升级，也就是通过网络远程更新系统。",
    "这次的问题出在我们的OA系统，也就是公司内部的办公系统。",
    "高速路口的不停车收费，简称ETC，今天恢复了。",
    "我们给您寄了新的SIM卡，插上就能用。",
    "门店的LED屏今天修好了。",
])
def test_an_abbreviation_explained_in_words_or_everyday_is_not_flagged(text: str) -> None:
    assert "abbreviation" not in codes(text)


def test_an_abbreviation_left_unexplained_is_still_flagged() -> None:
    assert "abbreviation" in codes("请在OTA后重新登录。")
    assert "abbreviation" in codes("这是由于CDN故障导致的，我们已经修好。")


def test_short_sentences_ended_by_a_typed_full_stop_are_not_long() -> None:
    text = ("对不起，我们把您的订单发错了.您收到的是黑色，您订的是白色.我们今天给您寄白色的，"
            "明天就到.黑色那件不用寄回，您留着就好.")
    assert "sentence_length" not in codes(text)


def test_one_long_sentence_is_still_long() -> None:
    text = ("我们在对您的订单进行全面系统性的排查和核对工作，并且会根据排查结果以及相关部门的意见"
            "和建议在合适的时间内给予您一个满意的答复和处理方案。")
    assert "sentence_length" in codes(text)


@pytest.mark.parametrize("text", [
    "这次系统错误影响了少量订单，其中包括您的订单，我们已经逐一改正。",
    "您的快递晚到了1天，我们退您5元运费。",
    "我们少给您装了2瓶水，今天下午补送。",
])
def test_a_small_figure_said_plainly_is_not_minimising(text: str) -> None:
    assert "minimising" not in codes(text)


@pytest.mark.parametrize("text", [
    "只有极少数用户受到影响，请您放心。",
    "少量用户受到轻微影响，请放心。",
    "延误只有短短几分钟，不会有什么影响。",
    "您的问题影响很小，只是个别情况而已。",
])
def test_a_small_figure_that_waves_the_harm_away_is_minimising(text: str) -> None:
    assert "minimising" in codes(text)


def test_our_own_should_have_before_the_customer_is_no_blame_of_them() -> None:
    assert "blame_customer" not in codes(
        "头发颜色偏红，我们染之前应该先问清您以前染过没有。这次免费帮您重新调色。")
    assert "blame_customer" in codes("我们没收到您的资料，因为您没有点提交。")


def test_a_general_sorry_after_what_we_did_is_said_is_an_apology() -> None:
    text = ("我们的网站昨晚十点到十一点打不开，您的付款没有成功。钱没有扣，请您今天再付一次。"
            "给您添麻烦了，对不起。")
    assert "non_apology" not in codes(text)
    assert "non_apology" in codes("给您添麻烦了，敬请谅解。")


def test_a_step_the_customer_takes_in_the_app_is_no_vague_promise() -> None:
    assert "vague" not in codes("请用手机扫描二维码，然后在App里确认。")

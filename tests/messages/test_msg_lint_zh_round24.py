"""Round 24 (h139): real Chinese notices chain what happened, whose fault it was, what we do
and what the customer can do into one comma-joined sentence of 70-80 characters. Each clause
stands as a statement of its own, so the reader takes it a clause at a time; a clause held for
the next ("由于…，", "在…后，") or a sentence past 80 characters is still long. What we should
have done ("我们本该…"), the rewrite blame_others asks for, owns a partner's failure."""

import pytest

from gateway.messages.lint import lint_text


def codes(text: str) -> set[str]:
    return {f.code for f in lint_text(text, "zh-CN", "text")}


CLEAN = [
    # 77 characters as read, every clause a statement on its own
    "12月3日我们给打印机换墨盒时装反了一个，您订的两百份传单颜色发灰，这是我们没有检查好，"
    "我们明天上午重新印一批，下午三点前送到您的店里，运费也由我们来出，请您放心。",
    # 80 characters as read
    "昨天晚上我们更新会员系统时把积分规则设错了，部分会员的积分被多扣了一半，这是我们的失误，"
    "多扣的积分今天中午前全部退回，您不用做任何事，有问题可以直接回复这条短信。",
]


@pytest.mark.parametrize("text", CLEAN)
def test_chain_of_plain_statements_is_not_long(text: str) -> None:
    assert codes(text) == set(), lint_text(text, "zh-CN", "text")


FLAGGED = [
    # the same chain opened by a cause the reader must hold until its result
    "由于我们12月3日给打印机换墨盒时装反了一个，您订的两百份传单颜色发灰，这是我们没有检查好，"
    "我们明天上午重新印一批，下午三点前送到您的店里，运费也由我们来出，请您放心。",
    # the chain grown past 80 characters
    "12月3日我们给打印机换墨盒时装反了一个，您订的两百份传单颜色发灰，这是我们没有检查好，"
    "我们明天上午重新印一批，下午三点前送到您的店里，运费和这次的印刷费都由我们来出，请您放心。",
]


@pytest.mark.parametrize("text", FLAGGED)
def test_held_clause_or_longer_chain_is_still_long(text: str) -> None:
    found = [f for f in lint_text(text, "zh-CN", "text") if f.code == "sentence_length"]
    assert [f.suggestion for f in found] == ["把长句拆成几个短句。"], found


OWNED = [
    # a partner's failure told, then what we should have done, said as ours
    "由于供应商发货延迟，您的订单要晚三天到，我们本该早点备货，对不起。",
    "云服务商的机房断电，我们的网站中断了两个小时，我们本该准备好备用机房，对不起。",
    # the harm said as our doing, apologised for to the people it hit
    "这次积分算错完全由我们造成，我们向受影响的会员道歉，积分今晚八点前补回。",
]


@pytest.mark.parametrize("text", OWNED)
def test_what_we_should_have_done_owns_it(text: str) -> None:
    assert codes(text) == set(), lint_text(text, "zh-CN", "text")


def test_partner_blamed_with_nothing_owned_is_still_flagged() -> None:
    found = [f for f in lint_text("由于供应商发货延迟，您的订单要晚三天到，请您耐心等待。",
                                  "zh-CN", "text") if f.code == "blame_others"]
    assert found and all("这是我们的错" in (f.suggestion or "") for f in found), found


# Round 24 (h142): a formal apology that tells the event, at least two of when, where or which,
# what went wrong and who by name, is about one event the reader can place; the stock line
# ("我们向受到影响的所有用户致歉") tells none and is still flagged.
SPECIFIC_APOLOGY = [
    "我们向12月3日航班延误的旅客致以诚挚的歉意。",
    "物业向在这次停电中受到影响的商户、司机和住户致歉，给大家添麻烦了。",
    "对于周六停电造成的不便我们深感抱歉，为此我们在12月20日免收一个月的管理费。",
]


@pytest.mark.parametrize("text", SPECIFIC_APOLOGY)
def test_formal_apology_that_tells_the_event_is_an_apology(text: str) -> None:
    assert "non_apology" not in codes(text), lint_text(text, "zh-CN", "text")


STOCK_APOLOGY = [
    "我们向受到影响的所有用户致歉。",
    "对于这次事件给您带来的不便，我们深表歉意。",
    "我们向所有关注此事的会员表示歉意。",
    # one detail is not the event told
    "对于12月3日给您带来的不便，我们深表歉意。",
    # told, but sorry only if
    "如果12月3日的航班延误给您带来不便，我们深表歉意。",
]


@pytest.mark.parametrize("text", STOCK_APOLOGY)
def test_stock_formal_apology_is_still_flagged(text: str) -> None:
    assert "non_apology" in codes(text), lint_text(text, "zh-CN", "text")


# A promise bound to each one ("每一件…都会") or to one thing the customer does ("您只需…就会")
# whose act gives them something says its scope and what they get: an offer, not vague.
BOUND_OFFERS = [
    "坏掉的花瓶只有三件，但每一件我们都会打电话说明并上门换新。",
    "您只需把订单号发给客服，我们就会安排专人回电。",
]


@pytest.mark.parametrize("text", BOUND_OFFERS)
def test_offer_bound_to_each_one_or_to_their_step_is_not_vague(text: str) -> None:
    assert "vague" not in codes(text), lint_text(text, "zh-CN", "text")


VAGUE_STILL = [
    "每一位用户的反馈我们都会认真处理。",  # what they get is not said
    "每一笔订单我们都会尽快退款。",  # nor when
    "我们会安排专人回电。",  # bound to nothing
]


@pytest.mark.parametrize("text", VAGUE_STILL)
def test_effort_with_no_end_is_still_vague(text: str) -> None:
    assert "vague" in codes(text), lint_text(text, "zh-CN", "text")

"""The twenty-ninth round of issue 17, zh-CN rewrites left unusable (h181):

- ``passive_evasion`` (chinese/passive.py ``_done_to``): when the 被-subject is people (lexicon
  ``customers``: "部分车主", "您"), they are the ones an act was done to, not a thing to put
  after 把: "我们多扣了部分车主的费用", "我们误封了部分用户"; the advice where that does not
  read (no 了, "重复扣款" with its object fused in, a second verb "拒绝登机").
- ``passive_evasion`` (chinese/passive.py ``wrong_result``, ``lost``): a clause whose subject
  is its doer ("供应商发错了零件") hides no one; only blame_others speaks to it.
- a rewrite that comes out as 我们 and a noun phrase with no predicate ("我们一些错误", "我们
  故障", segment.py ``verbless``) gives the advice form instead.

Every sentence here was written for this file."""

import pytest

from gateway.messages.lint import lint_text
from tests.support.lint_cases import assert_flagged_with_rewrite

ADVICE = "写出是谁的哪一步出了错"


def _suggestions(sentence: str, code: str) -> list[str]:
    return [f.suggestion or "" for f in lint_text(sentence, "zh-CN", "facts.impact")
            if f.code == code]


# people as the 被-subject: we did it to them
PEOPLE_REWRITES = [
    ("部分车主被多扣了费。", "我们多扣了部分车主的费用"),
    ("一些车主被多收了停车费。", "我们多收了一些车主的停车费"),
    ("部分会员被重复扣了年费。", "我们重复扣了部分会员的年费"),
    ("部分用户被误封了。", "我们误封了部分用户"),
    ("几位乘客被临时取消了航班。", "我们临时取消了几位乘客的航班"),
    ("您被扣错了钱。", "我们扣错了您的钱"),
]
# people as the 被-subject where "我们…了<people>" does not read: the advice
PEOPLE_ADVICE = [
    "您被重复扣款了。",  # the object fused into the verb
    "几位乘客被错误地拒绝登机了。",  # a second verb after the first
    "部分客户被错误地标记为欺诈。",  # no 了: no finished act to say
    "您被告知了错误的时间。",  # the thing already has its own 的
]


@pytest.mark.parametrize(("sentence", "rewrite"), PEOPLE_REWRITES)
def test_people_are_what_we_did_it_to(sentence: str, rewrite: str) -> None:
    assert_flagged_with_rewrite(sentence, "passive_evasion", rewrite, "zh-CN")
    assert not any("我们把" in s or "被，" in s for s in _suggestions(sentence, "passive_evasion"))


@pytest.mark.parametrize("sentence", PEOPLE_ADVICE)
def test_people_with_no_readable_rewrite_get_the_advice(sentence: str) -> None:
    said = _suggestions(sentence, "passive_evasion")
    assert said, sentence
    assert all("我们把" not in s for s in said), said
    assert any(ADVICE in s for s in said), said


@pytest.mark.parametrize(("sentence", "rewrite"), [
    ("您的订单被取消了。", "我们把您的订单取消了"),  # a thing of theirs still goes after 把
    ("部分用户的账户被冻结了。", "我们把部分用户的账户冻结了"),
])
def test_a_thing_of_theirs_keeps_the_ba_rewrite(sentence: str, rewrite: str) -> None:
    assert_flagged_with_rewrite(sentence, "passive_evasion", rewrite, "zh-CN")


# the doer named as the subject: blame_others, no passive_evasion
DOER_SUBJECTS = [
    ("供应商发错了零件。", "我们发错了零件"),
    ("货运公司弄丢了您订单里的两箱货。", "我们弄丢了您订单里的两箱货"),
    ("快递公司送错了地址。", "我们送错了地址"),
    ("合作的洗衣店洗坏了您的大衣。", "我们洗坏了您的大衣"),
    ("承运的航空公司弄丢了您的行李。", "我们弄丢了您的行李"),
    ("配送员送错了楼层。", "我们送错了楼层"),
]


@pytest.mark.parametrize(("sentence", "rewrite"), DOER_SUBJECTS)
def test_a_named_doer_is_no_passive(sentence: str, rewrite: str) -> None:
    assert not _suggestions(sentence, "passive_evasion"), sentence
    assert_flagged_with_rewrite(sentence, "blame_others", rewrite, "zh-CN")


@pytest.mark.parametrize(("sentence", "rewrite"), [
    ("您的包裹丢失了。", "我们把您的包裹弄丢了"),  # no doer: still the passive
    ("账单上的日期写错了。", "我们把账单上的日期写错了"),
])
def test_no_doer_is_still_flagged(sentence: str, rewrite: str) -> None:
    assert_flagged_with_rewrite(sentence, "passive_evasion", rewrite, "zh-CN")


# a swap that leaves 我们 and a noun phrase: the advice form, not the fragment
VERBLESS = [
    ("出现了一些错误。", "passive_evasion", "我们一些错误"),
    ("因为短信平台故障，您没收到验证码。", "blame_others", "我们故障"),
    ("因为支付通道故障，您的订单没有付款成功。", "blame_others", "我们故障"),
    ("由于快递公司的失误，您的包裹晚到了两天。", "blame_others", "我们的失误，"),
    ("药房缺货的那款药，到了会有人联系您的。", "blame_others", "我们缺货的那款药"),
]


@pytest.mark.parametrize(("sentence", "code", "fragment"), VERBLESS)
def test_no_verbless_rewrite(sentence: str, code: str, fragment: str) -> None:
    said = _suggestions(sentence, code)
    assert said, sentence
    assert all(fragment not in s for s in said), said
    assert any(sentence.rstrip("。") in s for s in said), said  # the sentence, then the advice


@pytest.mark.parametrize(("sentence", "code", "rewrite"), [
    # a swap that leaves a predicate after 我们 stays
    ("快递公司弄丢了您的包裹。", "blame_others", "我们弄丢了您的包裹"),
    ("系统出现了一些错误。", "passive_evasion", "我们的系统出现了一些错误"),
    ("物流公司把您的包裹弄丢了。", "blame_others", "我们把您的包裹弄丢了"),
    ("昨晚的车票座位信息发生了错乱。", "passive_evasion", "我们把昨晚的车票座位信息弄乱了"),
    ("仓库把您的两件货装在了别人的箱子里。", "blame_others",
     "我们把您的两件货装在了别人的箱子里"),
])
def test_a_rewrite_with_a_verb_stays(sentence: str, code: str, rewrite: str) -> None:
    assert_flagged_with_rewrite(sentence, code, rewrite, "zh-CN")

"""The thirty-third round of issue 17, zh-CN (h195):

- ``non_apology`` (chinese/apology.py ``made_right``): an apology for the inconvenience whose
  sentence also says what we have already done to make it right, with 我们 as its doer
  ("…我们很抱歉，我们已退还本月服务费"), is an apology with its remedy, not in place of one;
  a remedy only promised ("我们会补偿") does not clear it.
- ``minimising`` (chinese/style.py ``_asked_of_them``): 只/仅 after 我们 measures what we did
  too little of even with an adverbial of time or place before the verb ("我们只提前一天通知",
  "我们仅提前一晚发了短信"), not a harm made small ("我们只晚了十分钟").
- ``non_apology`` (chinese/apology.py ``sympathy``): understanding that ends the sentence with
  no object of its own takes the topic fronted before it as its object ("对于消费者的疑虑，我们
  完全理解"): their feeling understood, no apology. Not when more follows ("…我们理解，已经安排
  专人上门检查").
- ``blame_others`` (chinese/blame.py ``third_party``): a clause set in the time of the clause
  before it (期间, 届时), after a clause announcing maintenance or an upgrade, says what the
  announced work stops ("本行将于周六凌晨进行系统维护，期间手机银行转账暂停"), as "维护期间，…暂停
  服务" does in one clause; nobody failed.
- ``jargon`` (chinese/procedures.py ``_reading``): a one-character word after a figure is the
  unit of a time or amount, not part of the noun whose reading is reported ("明早6时水压偏低"
  is not the term "时水压偏低"); a two-noun reading still is ("管网压力偏低").

Every sentence here was written for this file."""

import pytest

from gateway.messages.lint import lint_text


def _codes(sentence: str) -> set[str]:
    return {f.code for f in lint_text(sentence, "zh-CN", "text")}


@pytest.mark.parametrize("sentence", [
    "给您带来的不便我们很抱歉，我们已退还本月服务费。",
    "很抱歉给您添了麻烦，我们已经把多扣的运费退回原卡。",
    "对由此造成的不便，我们深表歉意，我们已为您重新安排了航班。",
])
def test_apology_with_a_remedy_already_made_is_not_a_non_apology(sentence: str) -> None:
    assert "non_apology" not in _codes(sentence)


@pytest.mark.parametrize("sentence", [
    "给您带来的不便我们很抱歉，我们会尽快给大家补偿。",  # promised, not made
    "给您带来的不便我们很抱歉。",
    "对由此造成的不便，我们深表歉意，已退款的用户请查收。",  # no 我们 as the doer of it
])
def test_apology_without_a_remedy_of_ours_made_is_still_a_non_apology(sentence: str) -> None:
    assert "non_apology" in _codes(sentence)


@pytest.mark.parametrize("sentence", [
    "本次停电是供电公司检修线路，我们只提前一天通知各位，是我们的疏忽。",
    "停水是我们安排的，我们只提前一天通知了住户，对不起。",
    "这次停电，我们仅提前一晚发了短信，是我们没做好。",
])
def test_only_before_what_we_did_too_little_of_is_not_minimising(sentence: str) -> None:
    assert "minimising" not in _codes(sentence)


@pytest.mark.parametrize("sentence", [
    "我们只晚了十分钟，问题不大。",
    "这次停电只影响了一小部分用户而已。",
])
def test_only_before_a_harm_is_still_minimising(sentence: str) -> None:
    assert "minimising" in _codes(sentence)


@pytest.mark.parametrize("sentence", [
    "对于消费者的疑虑，我们完全理解。",
    "对于会员们的担忧，我们可以理解。",
])
def test_understanding_of_a_fronted_feeling_is_a_non_apology(sentence: str) -> None:
    assert "non_apology" in _codes(sentence)


def test_understanding_followed_by_what_we_do_is_left_alone() -> None:
    assert "non_apology" not in _codes("对于您的担心，我们理解，已经安排专人今天上门检查。")


@pytest.mark.parametrize("sentence", [
    "本行将于本周六凌晨1时至5时进行系统维护，期间手机银行转账暂停，ATM取款不受影响。",
    "我们将于今晚11点至12点升级系统，届时合作银行的快捷支付暂停使用。",
])
def test_what_announced_maintenance_stops_blames_nobody(sentence: str) -> None:
    assert "blame_others" not in _codes(sentence)


def test_a_partner_failing_in_a_time_clause_is_still_blamed() -> None:
    assert "blame_others" in _codes("由于合作银行系统故障，期间转账全部失败。")


@pytest.mark.parametrize("sentence", [
    "受上游供水厂管道抢修影响，本小区今晚8时至明早6时水压偏低，物业已在一楼大堂备好桶装水。",
    "今晚8时至明早6时水压偏低，请提前储水。",
])
def test_a_time_unit_is_not_part_of_a_reading(sentence: str) -> None:
    assert "jargon" not in _codes(sentence)


def test_a_two_noun_reading_is_still_jargon() -> None:
    assert "jargon" in _codes("今晚8时管网压力偏低，部分楼层没水。")

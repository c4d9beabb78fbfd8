"""The thirty-third round of issue 17, zh-CN (h195):

- ``non_apology`` (chinese/apology.py ``made_right``): an apology for the inconvenience whose
  sentence also says what we have already done to make it right, with 我们 as its doer
  ("…我们很抱歉，我们已退还本月服务费"), is an apology with its remedy, not in place of one;
  a remedy only promised ("我们会补偿") does not clear it.
- ``minimising`` (chinese/style.py ``_asked_of_them``): 只/仅 after 我们 measures what we did
  too little of even with an adverbial of time or place before the verb ("我们只提前一天通知",
  "我们仅提前一晚发了短信"), not a harm made small ("我们只晚了十分钟").

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

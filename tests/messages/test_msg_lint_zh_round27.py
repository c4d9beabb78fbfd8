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

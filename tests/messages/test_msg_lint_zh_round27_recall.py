"""Round 27 recall (h163, issue 17, zh-CN): bad sentences of real public notices
(dev-heldout26) the checks missed, caught by their shape, with nearby good sentences clean."""

import pytest

from gateway.messages.lint import lint_text


def codes(text: str) -> set[str]:
    return {f.code for f in lint_text(text, "zh-CN", "text")}


RUMOUR_DENIED = [
    "网传信息不实，铁路12306网站未发生用户信息泄漏。",  # dev-heldout26, as published
    "网上有传言说我们泄露了会员密码，这不属实。",
    "关于门店使用过期食材的传闻纯属谣言。",
]


@pytest.mark.parametrize("text", RUMOUR_DENIED)
def test_a_rumour_only_called_untrue_is_no_apology(text: str) -> None:
    found = [f for f in lint_text(text, "zh-CN", "text") if f.code == "non_apology"]
    assert found, lint_text(text, "zh-CN", "text")
    assert "我们查了" in found[0].suggestion


DENIED_WITH_WHAT_WE_CHECKED = [
    "网上有传言说我们泄露了会员密码。我们查了三天的登录记录，没有发现有人异常登录。",
    "如果网传的情况属实，我们会在周五前给每位受影响的会员打电话。",
    "您说的情况属实，我们多收了您一个月的管理费。",
]


@pytest.mark.parametrize("text", DENIED_WITH_WHAT_WE_CHECKED)
def test_a_rumour_answered_with_what_we_checked_is_clean(text: str) -> None:
    assert codes(text) == set(), lint_text(text, "zh-CN", "text")

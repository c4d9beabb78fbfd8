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


UNNAMED_MEASURES = [
    "集团已采取即时措施以防止日後任何类似攻击。",  # dev-heldout26, as published
    "我们已采取必要措施。",
    "对此我们将采取相应的补救措施，防止类似问题再次发生。",
]


@pytest.mark.parametrize("text", UNNAMED_MEASURES)
def test_measures_taken_with_only_their_purpose_are_vague(text: str) -> None:
    found = [f for f in lint_text(text, "zh-CN", "text") if f.code == "vague"]
    assert found, lint_text(text, "zh-CN", "text")
    assert "具体做法" in found[0].suggestion


MEASURES_NAMED = [
    "我们已经关掉了那个漏洞，并给所有账户加了短信验证，以防止类似攻击。",
    "我们已采取措施，今后每笔退款都由两个人核对。",
    "我们采取了以下措施：关闭旧的登录页，给所有账户加短信验证。",
    "我们没有及时采取措施，这是我们的错。",
]


@pytest.mark.parametrize("text", MEASURES_NAMED)
def test_measures_named_or_our_failure_to_take_them_are_clean(text: str) -> None:
    assert codes(text) == set(), lint_text(text, "zh-CN", "text")

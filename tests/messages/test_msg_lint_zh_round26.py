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

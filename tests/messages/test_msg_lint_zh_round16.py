"""zh-CN, sixteenth round (h89): precision on general forms, not corpus sentences.

A small size that points at a thing (这/那一小块, in brackets) is no shrug; how a thing looks,
then what it does ("看着不多，但…") grants the harm; an abbreviation glossed in brackets after
its head noun ("TDS 值（…）") is explained; a term said in full after it ("…是我们…") is no
jargon; "问题出在" a part is where the fault sits; "X那里" is a party only when X is a noun
phrase; "这是您…的" names what a thing is to the customer; "如您…不满意，可以…" is an offer; a
party's plan with a time and no failure reads as no blame. Each blamed or shrinking form is
still flagged, with a rewrite.
"""

from __future__ import annotations

import pytest

from gateway.messages.lint import lint_text


def codes(text: str) -> set[str]:
    return {f.code for f in lint_text(text, "zh-CN", "text")}


def suggestions(text: str, code: str) -> str:
    found = [f.suggestion or "" for f in lint_text(text, "zh-CN", "text") if f.code == code]
    assert found, f"{code} not found in {text}"
    return " | ".join(found)


@pytest.mark.parametrize(("text", "code"), [
    # a small size after 这/那, or inside brackets: which thing, not how little went wrong
    ("您的门禁卡（就是钥匙扣上那一小块塑料）我们录错了号码，明天上午换新的。", "minimising"),
    ("我们把您墙角那一小块瓷砖贴歪了，周六上午来重贴。", "minimising"),
    # how it looks, then what it does
    ("我们多收了您3元。听起来不多，可是每天都多收，一个月就是九十元，今天全部退回。", "minimising"),
    ("表面上只晚了十分钟，但您因此没赶上换乘的船，对不起，船票我们来出。", "minimising"),
    # an abbreviation glossed in brackets after its head noun
    ("出水的 TDS 值（水里溶解杂质的多少）偏高，是我们把滤芯装反了。", "abbreviation"),
    ("您孩子的 BMI 指数（用身高和体重算出的胖瘦）我们算错了，今天重新发报告。", "abbreviation"),
    # a term said in full after it
    ("握手失败是我们的证书昨晚过期了，不是您手机的问题，今天已经换好。", "jargon"),
    ("降级是我们为了保住下单，先关掉了推荐页，今晚恢复。", "jargon"),
    # 问题出在 a part that is no party
    ("空调不制冷，问题出在排水管上，师傅明早来换，不收费。", "blame_others"),
    # X那里 with X no noun phrase
    ("是我们标错了楼层，导航以为那里能停车，害您多走了一段路，对不起。", "blame_others"),
    # 这是您…的: what the thing is to them
    ("退款晚了三天，这是您该拿到的钱，今天下午一定到账。", "blame_customer"),
    ("裙子的扣子被我们弄掉了一颗，这是您结婚那天要穿的，今晚我们就缝好送回。", "blame_customer"),
    # an offer for when they are unhappy
    ("如您对修好的效果不满意，一个月内可以免费再修一次。", "non_apology"),
    ("如果您对新的座位不满意，回复“换座”，我们帮您换到前排。", "non_apology"),
    # a party's finished step, then the next one (ours, a time, or all well), no harm
    ("签证中心今天寄回了您的护照，我们明天上午送到您公司。", "blame_others"),
    ("搬家公司把您的钢琴抬上了车，下午三点到新家。", "blame_others"),
    ("兽医给猫咪做完了检查，各项指标都正常，晚上我们送它回家。", "blame_others"),
    # a plain reason for an act said to be ours
    ("您的瑜伽课被我们改到了周五，因为场地要刷地板，学费不变。", "blame_others"),
    # a party's rule at a time of day, said of a place named by its head (快递站, 维修点)
    ("快递站晚上不收件，您的包裹我们明早第一件寄出，后天上午到。", "blame_others"),
    # a party's step, then our remedy
    ("航空公司把您的航班改到了晚上七点那班，座位不变，差价我们退给您。", "blame_others"),
    # file formats the customer sees every day
    ("合同的扫描件我们做成了 PNG 和 JPG 两种图片，您用哪个都行。", "abbreviation"),
    # understanding what they need done soon, where nothing went wrong
    ("我们理解您着急搬家，钥匙我们今天下午就交给您。", "non_apology"),
])
def test_near_misses_are_not_flagged(text: str, code: str) -> None:
    assert code not in codes(text)


@pytest.mark.parametrize(("text", "code", "piece"), [
    ("只是一小块划痕，不影响使用。", "minimising", "不要说小"),
    ("延误不多，只有十分钟，请大家放心。", "minimising", "确切"),
    ("您的TDS值偏高，请更换滤芯。", "abbreviation", "TDS"),
    ("昨晚割接失败，导致您家断网。", "jargon", "日常用语"),
    ("表带断了，问题出在代工厂那边。", "blame_others", "我们"),
    ("押金退得慢，快递公司那头审核严。", "blame_others", "我们"),
    ("这是您没锁好门造成的。", "blame_customer", "我们"),
    ("这是您自己选的套餐，我们没法退。", "blame_customer", "我们"),
    ("如您对我们的服务不满意，我们深表歉意。", "non_apology", "对不起"),
    ("签证中心把您的护照寄丢了，我们明天再问。", "blame_others", "我们"),
    ("搬家公司把您的钢琴摔坏了，下午三点到新家。", "blame_others", "我们"),
    ("您的瑜伽课改到了周五，都是因为场地方没安排好。", "blame_others", "我们"),
    ("快递晚了三天，我们理解您着急用，今天一定送到。", "non_apology", "对不起"),
    ("都怪快递站晚上不收件，您的包裹今天寄不出去。", "blame_others", "我们"),
    ("航空公司把您的航班改错了，差价我们退给您。", "blame_others", "我们"),
])
def test_the_forms_they_neighbour_are_still_flagged(text: str, code: str, piece: str) -> None:
    assert piece in suggestions(text, code)


@pytest.mark.parametrize(("text", "plan"), [
    ("物业已经同意您家装充电桩，电力公司的人周三来装电表。", True),
    ("燃气公司的师傅周四上午来通气，您在家等就行。", True),
    ("票务平台超售了周五的演出。", False),  # a finished act
    ("快递公司周五还是送不到。", False),  # a failure
    ("快递公司的人会来取件。", False),  # no time
])
def test_a_blame_guess_on_a_partys_plan_is_answered(text: str, plan: bool) -> None:
    """The learned check's blame guess is dropped on a sentence that tells a party's plan:
    a time, no finished act, no failure word."""
    from gateway.messages.lint.chinese.answered import guess_answered

    assert guess_answered("blame_others", text, 0, len(text)) is plan

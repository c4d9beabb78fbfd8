"""zh-CN shapes of the eighth lint round (issue 17): a few representative sentences each,
with the kind expected and a piece of the rewrite the finding must carry."""

from __future__ import annotations

import pytest

from gateway.messages.lint import lint_text

FLAGGED = [
    # an event with no doer, and a fault with no owner as the cause
    ("出现了重复发货，您收到了两箱相同的货。", "passive_evasion", "我们重复发货，您收到了两箱"),
    ("人为失误导致您的快递寄错了地址。", "passive_evasion", "我们的人为失误导致"),
    # the customer's act, then 才 after the next subject
    ("您连续三次输错密码，账户才锁住了。", "blame_customer", "账户锁住了，是我们没有提前想到"),
    ("您的手机开了拦截，我们的提醒才没发到您那里。", "blame_customer", "我们的提醒没发到您那里"),
    # trouble said vaguely; nearly better; only for now
    ("我们的网站昨天出了点问题。", "vague", "我们的网站昨天出了错：（写出具体出了什么错"),
    ("目前线路已基本好转。", "vague", "还有（写出什么）没好"),
    ("电梯只是暂时停用，其他楼梯都能走。", "minimising", "电梯停用。我们会在（写出时间）前修好"),
    # a shrugged apology, "we learned late too", "there was no other way", charged by nobody
    ("这次的照片让您失望，我们也只能说声抱歉。", "non_apology", "对不起，这是我们的错"),
    ("航班改期是机场通知的，我们也是昨晚才知道。", "blame_others", "我们本该更早知道"),
    ("您的狗毛打结太厉害，剃光是唯一的办法。", "blame_customer", "剃光之前，我们应该先问过您"),
    ("您的电表读数抄错了，多算了30度电。", "passive_evasion", "我们多算了30度电"),
    ("您送洗的三件衬衫在熨烫时染了色。", "passive_evasion", "我们没有保护好您送洗的三件衬衫"),
    # the root cause put on someone else mid-clause or summed up; abstract room to improve
    ("包裹晚到是因为中转站人手不足。", "blame_others", "我们本该提前想到中转站人手不足"),
    ("门票没寄到，说到底还是邮局分拣太慢。", "blame_others", "还是我们分拣太慢"),
    ("我们的售后流程还有改进空间。", "non_apology", "对不起，我们错在"),
    ("多收的服务费摊到每月其实没几块钱。", "minimising", "多收的服务费是我们的错"),
    ("您的课时费已从余额中扣除。", "passive_evasion", "我们扣了您的课时费"),
    ("您的三张发票当天未能及时开具。", "passive_evasion", "我们没能及时开具您的三张发票"),
    ("差价的事我们正在走流程。", "vague", "差价的事我们会在（写出日期）前"),
    # "we did tell you", their own doing, our feelings in place of sorry
    ("发票抬头错了，下单时我们都提醒过您要核对。", "blame_customer", "我们提醒得不够清楚"),
    ("老人在大堂滑倒，主要是他自己走得太急。", "blame_customer", "是我们没有照看好"),
    ("听说您等了一晚上，我们心里也很难受。", "non_apology", "对不起，这是我们的错"),
    # the customer's thing went wrong or moved by itself; sent short
    ("您的会员卡昨天突然失效了。", "passive_evasion", "是我们让您的会员卡失效了"),
    ("您的搬家日期又往后推了三天。", "passive_evasion", "是我们把您的搬家日期推迟了"),
    ("您买的六瓶酱油少发了两瓶。", "passive_evasion", "是我们少发的"),
    # no say in it, the root of it elsewhere, a post in the process
    ("小区的燃气是市里统一管的，这事我们插不上手。", "blame_others", "这件事我们来负责"),
    ("网速慢的根子在上级网络的带宽上。", "blame_others", "根子在我们的"),
    ("您的退款申请卡在了财务岗，还没批。", "jargon", ""),
    # advice for next time, "after all, you …", someone else's timetable, thanks instead of sorry
    ("建议您以后下单前先核对尺码。", "blame_customer", "这次是我们没问清楚"),
    ("门票不能退，毕竟您已经入场过一次。", "blame_customer", "我们应该在您购买前就说清楚规则"),
    ("补发什么时候到，还得看仓储服务商的安排。", "blame_others", "补发什么时候到由我们负责"),
    ("感谢您多年来的支持。", "non_apology", "对不起，这是我们的错"),
    ("汤里的只是一小片塑料，其他菜都没问题。", "minimising", "这是我们的错"),
    ("窗帘改短了五厘米。", "passive_evasion", "我们把窗帘改短了五厘米"),
    # "部分用户" still a shrug when nobody owns anything
    ("部分用户的订单晚到了一天。", "minimising", ""),
    # an internal stage named by a clipped word
    ("您的货在我们的建包环节放错了车。", "jargon", "不用说“建包环节”"),
]

CLEAN = [
    "由于我们这边的排班出错，部分用户的订单晚了一天，今天全部退款。",
    "对不起，感谢您一直以来的信任，这次是我们发错了货，明天补发。",
    "账单多收了您0.6元，今天已退回。",
    "我们没有提醒您要摘眼镜，重拍不收钱。",
    "对不起，您的会员卡昨天失效了，是我们续期时漏了一步，今天已恢复。",
    "维修师傅晚到了两个小时，您白等了一上午，对不起。",
    "我们出了错。您的预订被取消了。现在已经恢复。",
    "我们的手机银行昨晚转账失败了，对不起。",
    "我们的客服工作人员记错了您的电话，这是我们的错。",
    "请在APP里重新上传照片，我们当天处理。",
    "我们已为您开好换货单（RMA单）。",
    "对不起，昨天的更新让大家登不上游戏。",
    "我们的网站停了十分钟，正好是您提交材料的时候，我们已把截止时间延后一天。",
]


@pytest.mark.parametrize("sentence,code,rewrite", FLAGGED)
def test_eighth_round_shape_is_flagged_with_a_rewrite(sentence, code, rewrite):
    hits = [f for f in lint_text(sentence, "zh-CN", "facts.impact") if f.code == code]
    assert hits, f"{code} missed: {sentence}"
    assert any(rewrite in (h.suggestion or "") for h in hits)


@pytest.mark.parametrize("sentence", CLEAN)
def test_eighth_round_near_misses_lint_clean(sentence):
    assert lint_text(sentence, "zh-CN", "facts.impact") == []

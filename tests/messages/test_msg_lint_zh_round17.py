"""zh-CN, seventeenth round (h94): precision on general forms, not corpus sentences.

Each case is (text, code, flagged): a near miss the round's forms leave alone next to the
blamed, shrinking or long form it neighbours, which stays flagged. None of these sentences is
in a corpus.
"""

from __future__ import annotations

import pytest

from gateway.messages.lint import lint_text


def findings(text: str, code: str) -> list[str]:
    return [f.suggestion or "" for f in lint_text(text, "zh-CN", "text") if f.code == code]


@pytest.mark.parametrize(("text", "code", "flagged"), [
    # a gloss in brackets is an aside, and a figure is read as one word
    ("我们改错了您家路由器里的一项网络设置（就是让家里手机和电脑连上网的那个总开关），从昨晚 10 点"
     "到今早 6 点都上不了网，现在已经恢复正常了。", "sentence_length", False),
    ("因为我们在周末给系统做升级之前没有检查清楚所有的设置项目所以您家的路由器从昨天晚上一直到"
     "今天早上都上不了网。", "sentence_length", True),
    # a party's side named as where our own slip led ("因此", "所以" after our act)
    ("我们晚交了您的材料，签证中心那边的预约因此排到了下个月。", "blame_others", False),
    ("签证中心那边一直不给排，您的预约排到了下个月。", "blame_others", True),
    # a blaming phrase, owned in the next sentence
    ("您的样品在快递途中丢了。寄送是我们负责的，我们没有保价。", "blame_others", False),
    ("您的样品在快递途中丢了。", "blame_others", True),
    # a party's decision awaited (是否, 能否), not a failure
    ("医院是否同意改期还没答复，明天中午前我们再问一次。", "blame_others", False),
    ("医院一直没答复，您的改期只能再等等。", "blame_others", True),
    # one we sent, and our own staff at work on what followed (not a courier of the lexicon)
    ("陪练员没有看好孩子，孩子在场边摔了一跤。我们的老师马上送他去了医务室。", "blame_others",
     False),
    ("快递员没有敲门就走了。我们的员工第二天去驿站取回了包裹。", "blame_others", True),
    # our act, then "是…" giving our own reason, no party in it
    ("我们在升级时删掉了您的收藏夹，是升级前没有备份。", "blame_others", False),
    ("您的收藏夹没了，是供应商升级前没有备份。", "blame_others", True),
    # we the subject over a comma, then 却没有: our fault, which owns the passive before it
    ("您的航班没能按时起飞，对不起。航空公司凌晨改了时间，我们六点就知道了，却没有及时告诉您。",
     "passive_evasion", False),
    ("您的航班没能按时起飞。航空公司凌晨临时改了时间。", "passive_evasion", True),
    # 是您… closed by 的 and a noun phrase, or an ordinal: which part, how many times
    ("您的婚礼视频少了最后一分钟，正好是您和新郎交换戒指的那一段。", "blame_customer", False),
    ("这是您第三次来我们店，我们给您升级了房型。", "blame_customer", False),
    ("问题是您填错了收货地址。", "blame_customer", True),
    # an outcome the customer could not reach (没能 + a verb and its result), said with sorry
    ("很抱歉，缆车中途停了四十分钟，您没能看到山顶的日出。", "blame_customer", False),
    ("很抱歉，您没能按时付款，所以订单取消了。", "blame_customer", True),
    # the size of damage we own, no shrug
    ("我们搬柜子时把您的地板划破了，留下一小道口子，明天上午师傅来修。", "minimising", False),
    ("我们把您的地板划破了一小道，不碍事。", "minimising", True),
    # 日志 is an everyday word; the back office's log is not
    ("我们正在从系统日志里找回您的聊天记录，明天中午前告诉您结果。", "jargon", False),
    ("后台日志显示接口超时。", "jargon", True),
    # we set one thing as another (设成了): our fault, so a count after it is a report
    ("我们把秒杀的库存设成了不限量。少数账号几秒钟就抢光了，您的订单随后被系统取消，货款今天原路"
     "退回。", "minimising", False),
    ("秒杀的库存不限量。少数账号几秒钟就抢光了，您的订单随后被系统取消，货款今天原路退回。",
     "minimising", True),
    # a closure is a harm (闭馆, 停业, 停课): "仅" before its length shrinks it
    ("游泳馆停业仅一周，补上几节课就行了。", "minimising", True),
    ("游泳馆停业一周，是我们把换水的日子排错了，几节课我们免费补上。", "minimising", False),
    # 基地 heads a party, like 公司, 学校
    ("跳伞基地的教练又没来，您这周的课只能往后排。", "blame_others", True),
    # a party's act named by a relative clause, then a result with 才 in the next clause
    ("婚庆公司派来的司仪临时换了人，婚礼开场才晚了半小时。", "blame_others", True),
    ("婚庆公司派来的司仪今天到了，下午和您对流程。", "blame_others", False),
    ("银行那边要我们补一份证明，我们拖到周三才交，对不起。", "blame_others", False),
    # what a party's person announces for a day ahead, then our change of plan
    ("滑雪学校的教练说明天风太大，我们把您的课改到了周六上午，装备照常提供。", "blame_others",
     False),
    ("冲浪学校的教练昨天没来，课上不了。", "blame_others", True),
    # 把…报错了 is a verb and its result, not an error report
    ("是我们把您的入住日期报错了，酒店已经改好。", "jargon", False),
    ("系统报错，请稍后再试。", "jargon", True),
    # a port next to a device is the physical part
    ("请在会议室留一个 USB 接口给我们的电脑。", "jargon", False),
    ("支付接口超时，您的订单没有生成。", "jargon", True),
    # carelessness and what it did (随手, 淋湿, 卡了, 一拖再拖) are failures
    ("物流公司把您的书随手堆在了楼道里，封面才被雨淋湿。", "blame_others", True),
    # an agentless passive softened by an adverb stays flagged beside a remedy
    ("您的合同原件被不慎遗失了。我们已经请对方重新盖章，周五前寄出。", "passive_evasion", True),
    ("您的合同原件被我们弄丢了，我们已经请对方重新盖章，周五前寄出。", "passive_evasion", False),
    # a role of the lexicon that jieba cuts (场|地方) is still a party
    ("展会的场地方临时收回了展厅，您的发布会只好改期。", "blame_others", True),
    # an offer after "如您…不满意", with a time before 我们
    ("如您对这次的保洁效果不满意，三天内我们免费再来一次。", "non_apology", False),
    ("如您对这次的保洁效果不满意，我们深表歉意。", "non_apology", True),
    # 参数 is an everyday word; 配置中心 is not
    ("我们把您助听器的参数调乱了，明天免费重新调。", "jargon", False),
    ("配置中心推送了错误参数。", "jargon", True),
    # "要是您…，也不至于…": what would not have happened, had the customer acted
    ("您要是提前一天告诉我们，也不至于白跑一趟。", "blame_customer", True),
    ("要是我们早点提醒您，您也不至于白跑一趟，对不起。", "blame_customer", False),
])
def test_round17_forms(text: str, code: str, flagged: bool) -> None:
    found = findings(text, code)
    assert bool(found) is flagged, (code, found)
    if flagged:  # every finding carries a rewrite in Chinese
        assert all(any("\u4e00" <= c <= "\u9fff" for c in s) for s in found)

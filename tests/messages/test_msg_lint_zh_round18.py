"""zh-CN changes of the eighteenth lint round (issue 17, h104), precision on near misses by
general forms: a party's plain act, then our own act for the customer (我们给您…); what a
party's person says is needed ahead, then our own change of plan; our staff's small harm done at
work (…时碰掉了) and one of ours leaving a thing behind (把…落在了) are our fault; 只有N人能…
counts who still got it, 只有平时的一半 is a shortfall against the usual; "您(那天)没赶上…"
after a harm that is not theirs, with sorry or a remedy, is an outcome missed; a granted
passive (被受理) hides nothing; 因为我们… gives the cause of "您的…没能…"; "如您…不满意，告诉
我们" then our offer; and for recall, a unit named by 工队/车队 heads a party. Each near miss
sits beside the blamed, shrinking or evasive form it neighbours, which stays flagged.
Sentences from no corpus."""

from __future__ import annotations

from tests.support.lint_cases import round_tests

FLAGGED = [
    # a party's thing as the cause of a result said with 才
    ("供应商送来的面料又皱又脏，您的窗帘才做得不平整。", "blame_others",
     "我们送来的面料又皱又脏，您的窗帘才做得不平整。这是我们的错。"),
    # what a party's person says, as the reason for a harm
    ("面料店的师傅说是布的问题，窗帘才缩了。", "blame_others", "这是我们的错"),
    # a unit named by 工队 is a party (施工队 was in the lexicon; 电工队 was not)
    ("电工队把展厅的线接反了，灯一晚上闪了好几次。", "blame_others",
     "我们把展厅的线接反了，灯一晚上闪了好几次。这是我们的错。"),
    # the small harm with a shrug stays a shrug
    ("我们的工作人员碰掉了您那幅画框的一个角，就一小块而已，不碍事。", "minimising",
     "不要淡化，照实说"),
    # a few counted as those it befell, with 放心: still made small
    ("只有五个人受到影响，大家放心。", "minimising", "（写出确切的人数、金额或时长）人受到影响"),
    # the missed outcome as the cause of what is held against them
    ("您没赶上开幕式，所以门票作废了。", "blame_customer", "我们没有提醒您赶上开幕式"),
    # an agentless passive of a harm stays
    ("您的参赛申请被取消了。", "passive_evasion", "我们把您的参赛申请取消了"),
    # not done, nobody named as why
    ("您的窗帘这周没能做好。", "passive_evasion", "我们没能做好您的窗帘"),
    # a feeling made conditional, no offer after it
    ("如您对窗帘的颜色不满意，我们深表遗憾。", "non_apology", "对不起"),
    ("鲜花只少了一点，不影响布置。", "minimising", "不要淡化"),
]

CLEAN = [
    # a party's plain act, then our own act for the customer
    "供应商周一送来了新一批面料，我们给您留了两米，下次来店直接取。",
    # what a party's person says is needed ahead, then our own change of plan
    "场馆的经理说明天要先检修线路，我们把您孩子的课改到了后天上午。",
    "面料店的师傅说这批布要多缩水一天，我们把您的窗帘交货改到了周日，价格不变。",
    # our staff's small harm at work, made right; one of ours left a thing behind
    "我们的工作人员布置展台时碰掉了您那幅画框的一个角，周五前修好送回。",
    "很抱歉，我们的导游把讲解器落在了车上，上午只有五个人能用。下午我们把讲解费退一半。",
    # the shortfall against the usual, with our fault
    "这周到店的鲜花只有平时的一半，是我们订晚了，周五补齐。",
    # an outcome missed after our own delay, with sorry, or made good with nobody named
    "我们的班车晚到了四十分钟，您那天没赶上开幕式，对不起。",
    "我们的花车晚到了一个小时，您没拍上开场的合影，这一单的布置费不收了。",
    # a granted passive
    "您的参赛申请已被受理，周五前公布分组。",
    # our own cause first, then what was not done
    "因为我们仓库的布卖完了，您的窗帘这周没能做好，下周二优先给您做。",
    # unhappy: tell us, then our offer
    "如您对窗帘的颜色不满意，告诉我们，一周内我们免费给您重染。",
]


test_flags_with_a_rewrite, test_leaves_near_misses_alone = round_tests(
    FLAGGED, CLEAN, "zh-CN", field="body")

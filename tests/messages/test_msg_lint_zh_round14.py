"""zh-CN changes of the fourteenth lint round (issue 17), a precision round: a negator before a
modal (没能及时…) owns the slip; a mild symptom of those it befell, counted exactly, is no shrug
(and the measure word 只 of "三只" is no "only"); a staff of ours no lexicon names at work on a
job the sentence before gives as ours; counted customers who could not act after our own thing
broke down earlier in the text; 只有 before a numbered part (只有一号场) names which, it
shrinks nothing; a party's thing as the topic with us the doer (快递站的取件时间我们印错了) is
owned; the matter of one we sent as the topic, we who looked into it (陪护司机的事我们核实了),
is no blame; waiting on a party with our own step by a date after it; 问题在 a part that is no
party; our own thing broken down (我们的系统卡住了) owning what follows; one we sent doing a plain
job with all fine; a vague phrase in a sentence with a date; and one form of non-apology the
rules now catch: sorry for what the customer misread (抱歉让您对…产生了误解). Sentences from no
corpus."""

from __future__ import annotations

from tests.support.lint_cases import round_tests

FLAGGED = [
    # sorry for what they misread, with the thing they misread named (对…产生了误解)
    ("抱歉让您对我们的积分兑换规则产生了误解。", "non_apology", "（写出做错的事）"),
    # the modal 没能 before 及时 owns the slip; 会及时 with no time is still a vague promise
    ("我们会及时安排师傅跟进。", "vague", "今天下午4点前"),
    # a mild symptom with no count of those it befell, or with a shrug, stays a shrug
    ("少量住客有轻微腹泻，问题不大。", "minimising", "不要淡化"),
    ("有两只猫有轻微呕吐，只是小问题。", "minimising", "不要淡化"),
    # a staff the lexicon names as a party stays blamed after a job of ours
    ("我们给您寄了新的门禁卡。快递员把卡投错了信箱。", "blame_others", "我们把卡投错了信箱"),
    # counted customers who could not act, with no fault of ours anywhere: still blame; the
    # rewrite drops the modal (not "提醒您能按时…")
    ("有些学员没能按时交作业。", "blame_customer", "我们没有提醒您按时交作业"),
    # 只有 before a share with no number of its own still shrinks the harm
    ("停电了半小时，只有一小部分摊位受影响。", "minimising", "（写出确切的人数、金额或时长）"),
    # the party is the doer and we only its object: still blame
    ("物业的电工把我们的电表接错了，您家才停了电。", "blame_others", "这是我们的错"),
    # a lexicon party's matter "looked into", then their slip: still blame
    ("快递公司的事我们问清楚了：他们把箱子放错了仓库。", "blame_others", "这是我们的错"),
    # waiting on a party with no step of ours by a time: still "wait for someone else"
    ("退款要等银行审核，请您耐心等待。", "blame_others", "由我们负责，不用您等别人"),
    # 问题在 a party: still blame
    ("问题在快递公司那边，他们把箱子压坏了。", "blame_others", "问题在我们"),
    # a vague phrase with no date in its sentence stays vague
    ("很遗憾这次的活动取消了。", "vague", "什么时候有结果"),
    # one we sent, then something still wrong: still reported as theirs
    ("师傅试了三次水，热水器还是不出热水。", "blame_others", "我们试了三次水"),
]

CLEAN = [
    # 没能/未能 + 及时: the slip owned, no promise left open
    "您改约后我们没能及时安排师傅上门，是我们排班不周。",
    "我们未能及时安排车辆，这是我们排班的疏忽。",
    # a mild symptom of those it befell, counted exactly, told plainly with what we do next
    "有两位住客入住后有轻微过敏。酒店医生今晚会上门看望，费用由我们承担。",
    "4名学员练习后出现了轻微擦伤，教练已经逐一处理好。",
    # our staff on the job the sentence before gives as ours
    "12月2日我们给您家装了新热水器。工作人员把冷热水管接反了。今天上午已经改好。",
    # counted customers who could not act after our own thing broke down, two sentences back
    "周日晚上，我们的小程序一直登不上。订单也提交不了。有些顾客没能按时领券。领券时间已延长到周三。",
    # which one, by its number: 只有一号…/仅3号… names the part hit, it shrinks nothing
    "泳池的水泵坏了两个小时，只有一号泳道受影响。一号泳道当天的票全部退回。",
    # a party's thing as the topic, we the doer of the slip: "X的Y我们写错了"
    "谢谢您告诉我们，快递站的取件时间我们印错了，已经改成晚上9点。",
    # the matter of one we sent (no lexicon party) as the topic, we who looked into it
    "陪护司机的事我们核实了：他接您时走错了医院门口。这趟车费已经退回。",
    # an e-mail address, like a link, says nothing of how the sentence reads (learned check)
    "跟进您这笔退款的是小周，邮箱 zhou.refund@example.com。",
    # waiting on a party, with our own next step by a date after it
    "换新补贴要等厂家审核，我们12月15日会打电话问结果，再告诉您。",
    # 问题在 a part of their thing, no party
    "您的电动车年检没过，问题在刹车灯：亮度不够。修好后我们免费帮您再约检测。",
    # our own thing broke down (我们的…卡住了) owns the agentless passive after it
    "对不起，我们的订票系统卡住了半小时。有的观众被重复扣了票款，多扣的钱两天内退回。",
    # one we sent did a plain job and all is fine
    "您家的空调今天装好了。师傅试了两遍，制冷和制热都正常。",
    # a vague phrase in a sentence that says what and by when
    "很遗憾这周的露营取消了，改到12月27日，报名继续有效。",
]


test_flags_with_a_rewrite, test_leaves_near_misses_alone = round_tests(
    FLAGGED, CLEAN, "zh-CN", field="body")

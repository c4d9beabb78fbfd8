"""zh-CN changes of the eleventh lint round (issue 17): precision on fresh good text. A party
working with us or named with a neutral or helpful act, our own staff (我们的地勤, 店员 with
our remedy), and an agentless report that the message owns (our fault or our remedy in the
sentence or the one before or after) must stay clean; the forms added for recall, and the
blame the narrowing must not lose, are flagged with the kind expected and a piece of the
rewrite. Sentences from no corpus."""

from __future__ import annotations

from tests.support.lint_cases import round_tests

FLAGGED = [
    # 太 + a one-character adverb jieba tags d ("太乱") is a negative predicate
    ("婚宴的菜上得晚，说到底是外包厨房出菜太乱。", "blame_others", "说到底是我们出菜太乱"),
    # 罢了 / 而已: the fact kept, the shrug dropped
    ("空调停了半天罢了，大家开窗也挺凉快。", "minimising", "照实说：“空调停了半天，给您添了麻烦"),
    ("网页打不开二十分钟而已。", "minimising", "网页打不开二十分钟，给您添了麻烦"),
    # the customer late, then "we had no choice"
    ("您到店时已经超过预约时间二十分钟，我们只能把号给了下一位。", "blame_customer",
     "我们本该提前提醒您时间，也该先问问您"),
    # plain-word gaps
    ("计费引擎算错了您的流量费。", "jargon", "用日常用语"),
    ("您的订单卡在拣货波次里了。", "jargon", "用日常用语"),
    ("补偿方案我们会在合适的时间告诉您。", "vague", "我们会再告诉您进展"),
    # 赖 as 怪 (the rewrite names the party, not what it did); "written clearly" after the
    # customer's own choice; we as the victim of a party
    ("冰箱晚到了两天，全赖物流公司调度磨蹭。", "blame_others", "物流公司是我们选的，由我们负责"),
    ("您订的是团购套餐，不能改期，这点购买页面写得很清楚。", "blame_customer",
     "这条规则我们没有说清楚"),
    ("婚车没按时到，我们被租车行摆了一道。", "blame_others", "租车行是我们选的，由我们负责"),
    # what the narrowing must not lose: a partner of ours is still a party ("我们的供应商"),
    # a party's staff is theirs ("合作酒店的前台"), a party's failing side, an agentless
    # report with an agentless remedy
    ("我们的供应商让我们失望了。", "blame_others", "我们让您失望了"),
    ("合作酒店的前台弄丢了您的护照。", "blame_others", "我们的前台弄丢了您的护照"),
    ("批发商那边一直不发货，我们没及时备货。", "blame_others", "我们一直不发货"),
    ("快递公司把您的包裹退回了仓库。", "blame_others", "我们把您的包裹退回了仓库"),
    ("您的积分被清零了，现已恢复。", "passive_evasion", "我们把您的积分清零了"),
    ("您的门票座位被更换到了后排。", "passive_evasion", "我们把您的门票座位更换到了后排"),
]

CLEAN = [
    # a party working with us, or named with a helpful act, the fault ours
    "我们和物流公司一起找到了您的冰箱，明天上午送到。",
    "是我们下单晚了；家具厂今天特意加了一个班，周五前发货。",
    "我们没及时订到货，供应商那边已经发车，明天上午到店。",
    "航空公司已经把您的行李箱转到了我们的柜台，今晚九点前送到您家。",
    # our own staff: after 我们的 / 被我们的, or by post with our remedy next
    "您的轮椅在登机口被我们的地勤碰坏了，维修费我们全额承担。",
    "我们的厨师把您点的微辣做成了特辣，这道菜不收钱。",
    "前台把您的房卡写错了房号。我们已经给您换了新卡，并免了今晚的房费。",
    "是我们师傅操作不当，把您的地板划了，明天上门修补。",
    # a span that ends in a word naming no party ("审|处方")
    "审核处方的药师不够，您的药晚发了一天。",
    # an agentless report the message owns: our fault or our remedy, here or next door
    "海报的颜色印错了，这批我们马上免费重印。",
    "您的预约被取消了，是我们系统设置错了，今天已经恢复。",
    "您在门口等了半小时还被人推了一下，我们的保安没有及时过来，对不起。",
    "您的签证材料我们出发前没检查清楚。您在柜台没能办登机，我们已经改签了明天的航班。",
    # what was shown, put right by a time; a matter named as the topic; a charge taken back
    "有一千二百位用户的余额显示错了，您是其中一位，正确余额明早恢复。",
    "会员卡多扣费的事，店长会在今天下午五点前给您打电话。",
    "这次每户多收了三元，下个月物业费里扣回。",
    # a person's plight after 只能, not our "no choice"
    "停车场的道闸坏了一下午，开车来的客人只能在路边等，对不起，明天起有人值守。",
    # a small figure granted, then the harm it did
    "晚点虽然只有十分钟，也让您错过了接驳车，打车费我们报销。",
    # a party in a relative clause that only says which thing; our staff after "we cannot come"
    "物业送来的新门卡今天到了，保安明天上午给您送上楼。",
    "本周日的保洁我们来不了了。阿姨在上一家耽误了。已经给您改到周一上午九点，这次不收钱。",
    # 是您 + the customer's thing: which thing, not what they did; 但也是您的 grants the harm
    "要清理的是您去年的聊天记录，一共三百多条，已经备份好了。",
    "多收了五块钱，不多，但也是您的钱，今天退回。",
    # "written clearly" said by us of our own page, not held against the customer
    "新的营业时间我们已经在页面上写得很清楚，您可以随时查看。",
    # an abbreviation the text explains is no jargon
    "这份报告（内部叫RCA，就是事故原因分析）周五发给您。",
]


test_flags_with_a_rewrite, test_leaves_near_misses_alone = round_tests(
    FLAGGED, CLEAN, "zh-CN")

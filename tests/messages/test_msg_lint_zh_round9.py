"""zh-CN shapes of the ninth lint round (issue 17): a few sentences from no corpus each,
with the kind expected and a piece of the rewrite the finding must carry, and near misses
that must stay clean."""

from __future__ import annotations

from tests.support.lint_cases import round_tests

FLAGGED = [
    # a force or party that "left no choice"
    ("大风把广告牌吹倒了，您的门店开业只好推迟一周。", "blame_others",
     "您的门店开业推迟一周。我们本该提前想到大风会把广告牌吹倒"),
    # blame put mid-clause with 怪
    ("这回停电主要怪隔壁工地的施工队。", "blame_others",
     "这回停电是我们的问题：隔壁工地的施工队是我们选的"),
    ("包裹晚到只能怪我们的合作快递。", "blame_others", "包裹晚到是我们的问题：合作快递是我们选的"),
    # a reason with nothing said about it
    ("因故今晚的讲座取消。", "vague", "因为（写出具体原因：什么坏了、谁做的决定），今晚的讲座取消"),
    ("由于种种原因，您的会员卡还没寄出。", "vague", "因为（写出具体原因"),
    # 太 + a manner word of a third party
    ("您的发票迟迟没开，都是代账公司太拖拉。", "blame_others", "我们太拖拉"),
    # a thing as the subject of an event with no doer
    ("上周的课表数据发生了混乱，两门课排在了同一间教室。", "passive_evasion",
     "我们把上周的课表数据弄乱了"),
    # 被 + a wrong result, with an amount that does not say who erred
    ("您的燃气表读数被抄错了，这个月多收了58元。", "passive_evasion", "我们把您的燃气表读数抄错了"),
    # causes said by a construction: 之所以…是因为, 拜…所赐, 受制于, 谁让…呢
    ("年夜饭之所以上菜慢，是因为海鲜批发商下午才送货。", "blame_others",
     "年夜饭上菜慢是我们的问题：我们本该提前想到海鲜批发商下午才送货"),
    ("拜上游水厂检修所赐，小区今天停水。", "blame_others",
     "小区今天停水。我们本该提前想到上游水厂检修"),
    ("受制于印刷厂的排产，您的画册要下月才能交付。", "blame_others",
     "我们本该提前想到印刷厂的排产"),
    ("班车没准点，谁让高架上出了事故呢。", "blame_others",
     "班车没准点。我们本该提前想到高架上出了事故"),
    # the customer's own reason, "the rules clearly said", the customer came late
    ("退票手续费属于您自身的原因产生的费用。", "blame_customer", "这件事我们没有提前讲清楚"),
    ("海报上明明标着截止时间，报名已经结束了。", "blame_customer", "这条规则我们没有说清楚"),
    ("您下午五点才到店，当天的号早就发完了。", "blame_customer", "我们没有提前提醒您时间"),
    # passives without 被: 给, 让人, 遭到; taken by someone nobody names
    ("您存的照片在换服务器时给删了。", "passive_evasion", "我们把您存的照片在换服务器时删了"),
    ("您订的蛋糕让人拿走了。", "passive_evasion", "我们把您订的蛋糕拿走了"),
    ("会员的积分记录遭到了篡改。", "passive_evasion", "我们把会员的积分记录篡改了"),
    ("您放在储物柜里的书包被别人拿走了。", "passive_evasion",
     "我们没有看好您放在储物柜里的书包，让别人拿走了"),
    # a thing found flawed with nobody named
    ("您定制的书柜送到时已经有了两道划痕。", "passive_evasion", "我们没有保护好您定制的书柜"),
    # the customer's choice as the reason, "要不是…", the customer's act then 才会 + a stop
    ("窗帘的颜色是按您的意思挑的，有点色差也难免。", "blame_customer",
     "窗帘的颜色，我们应该提前跟您说清楚会有什么结果"),
    ("既然您已经签了免责声明，摔伤的费用就不能报销了。", "blame_customer",
     "我们应该提前跟您说清楚会有什么结果"),
    ("要不是物流园区封控，您的家电昨天就到了。", "blame_others", "我们本该提前想到物流园区封控"),
    ("您的账号频繁在多台设备上登录，系统才会锁定提现。", "blame_customer",
     "系统会锁定提现，是我们没有"),
    # gone or charged by nobody, cleared "suddenly, all of it"
    ("您存的游戏金币不见了。", "passive_evasion", "我们把游戏金币弄丢了"),
    ("这一期的停车费多扣走了一次。", "passive_evasion", "我们多扣走了一次"),
    ("您的停车月卡昨天突然全部作废了。", "passive_evasion", "是我们让您的停车月卡作废了"),
    # "hardly affects it"; a promise of a "reasonable answer"
    ("门票颜色跟官网图片有出入，几乎不影响使用。", "minimising",
     "影响了（写出具体影响了什么）使用"),
    ("关于您的维修费用，我们会给您一个合理的说法。", "vague", "（写出具体给什么、多少、谁负责）"),
    # the customer's long neglect as the cause; the fault 锅 put on a party; a party that
    # changed its mind, then "只得"
    ("您家的热水器一直不除垢，水才会这么小。", "blame_customer",
     "我们应该早点告诉您热水器一直不除垢会有什么后果"),
    ("停车场抬杆失灵，锅在设备厂家身上。", "blame_others", "锅在我们身上"),
    ("场馆方临时变卦，演出只得延期。", "blame_others", "我们本该提前想到场馆方会临时变卦"),
    # mixed up in a process of ours; broken, not done, gone with nobody named
    ("您的体检报告打印时串号了。", "passive_evasion", "是我们弄错了：您的体检报告打印时串号了"),
    ("您的花瓶在打包过程中碎了。", "passive_evasion", "我们没有保护好您的花瓶"),
    ("游泳卡的押金迟迟没退给您。", "passive_evasion", "我们至今没有把游泳卡的押金退给您"),
    ("您抢到的演唱会门票没了。", "passive_evasion", "我们没有给您留住您抢到的演唱会门票"),
    # the thing "bound to" break, the customer's own act as why we will not cover, "you should"
    ("沙发皮面本身就旧了，裂开是早晚的事。", "blame_customer", "这是我们护理时没做好"),
    ("游艇上您自己解的缆绳，漂走的损失不予赔付。", "blame_customer", "这件事我们来负责"),
    ("报名前您应该先咨询清楚课程安排。", "blame_customer", "这条规则我们没有提前说清楚"),
    # held up at a party named by itself; an outside event after the harm; a party that drags
    ("您的跨境包裹主要卡在海关清关。", "blame_others", "这是我们的事，不用您等海关清关"),
    ("班车晚点40分钟，隧道里施工封了一条道。", "blame_others", "我们本该提前想到隧道里施工"),
    ("吊灯配件迟迟不到，原厂一直在拖。", "blame_others", "我们一直在拖"),
    # a harm shrugged off; a small extent; a guess that nothing came of it
    ("窗帘的挂钩少了三个，问题不大。", "minimising", "窗帘的挂钩少了三个，这是我们的错"),
    ("机房断电就那么一下，数据应该没问题。", "minimising", "不要淡化"),
    # broken in our hands, named through a relative clause
    ("您送修的皮鞋擦完油后开胶了。", "passive_evasion",
     "我们没有保护好您送修的皮鞋，擦完油后开胶了"),
    ("这笔报销我们还在走审批。", "vague", "会在（写出日期）前"),
]

CLEAN = [
    # our fault said with 是因为我们, so the customer and the courier are not blamed
    "快递员送错了单元，是因为我们的系统把您的楼号写错了，今天重新送。",
    "今天上午我们的收银系统出错，您的会员积分没加上，明天补上。",
    # how long to wait, not a harm made small
    "热水器修好后，请先放一会儿水，再洗澡。",
    # 怪 that blames no one, or owns it
    "难怪您会着急，这是我们的错，今晚前给您回电。",
    "这次都怪我们的排班，对不起，明天多派一位师傅。",
    # 只能 after our own cause
    "我们的烤箱坏了，今天的蛋糕只能明天送到，对不起，运费我们退给您。",
    # a counted charge said plainly, and an event we own
    "每位用户被多扣了3元，今天已全部退回。",
    "我们的系统昨晚发生了故障，对不起，您的订单已恢复。",
    # 之所以 with our own cause; a flaw said with an apology; a rule stated ahead
    "书柜之所以晚到，是因为我们的木工排错了工期，对不起，运费全免。",
    "对不起，您定制的书柜送到时有两道划痕，我们明天上门换新门板。",
    "如有破损，请在签收时拍照，我们当天补寄。",
    "您今天才收到包裹，晚了三天，是我们发货慢了，运费退给您。",
    # not the customer's fault; a party's answer pending while we act by a time; made right
    "退货运费不是您的问题，我们已经退给您了。",
    "装修队还没回复返工日期，我们明天上午10点前再打电话问，中午前告诉您结果。",
    "社区店少送了您一瓶酱油，明天上午补送到您家。",
    "是我们的排课系统把您的课排重了，这节课免费。",
    # a plain reason for our own act or with our next step by a time; our staff who erred,
    # with the sentence making it right
    "您的自动续费没成功，因为绑定的卡已过期，我们明天上午再提醒您一次。",
    "我们取消了您的预约，因为当天医生临时停诊，已帮您改约到周五上午。",
    "保洁没有收好您的钥匙，我们赔您换锁的费用，今天转账。",
    # a role word jieba joins ("代购|商品" is no 代购商), a place a thing passed through
    "代购商品的发票我们漏开了，今天补开并寄给您。",
    "您的包裹在海关查验中多停了两天，运费我们承担，周五送到。",
    "海关今天已经放行了您的包裹。",
    # an everyday abbreviation
    "高速的ETC多扣了您15元，我们今天已退回。",
]


test_flags_with_a_rewrite, test_leaves_near_misses_alone = round_tests(
    FLAGGED, CLEAN, "zh-CN")

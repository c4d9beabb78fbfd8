"""zh-CN changes of the twelfth lint round (issue 17): precision on good wording the rules
were not shown. Short-clause sentences, ownership said in more ways (是因为我们, 我们碰坏了,
我们的App…出了错), the customer's home or plight that is not their fault, our units and
staff, a party paying the customer back, a near miss or an early failure that makes the harm
worse, 添麻烦 with the fault named, double-sense words about pipes, and a file format must
stay clean; the blame the narrowing must not lose is flagged with the kind expected and a
piece of the rewrite. Sentences from no corpus."""

from __future__ import annotations

from tests.support.lint_cases import round_tests

FLAGGED = [
    # a parcel sent back is no refund; a party that has not paid back
    ("快递公司把您的包裹退回了发件人。", "blame_others", "我们把您的包裹退回了发件人"),
    ("银行迟迟没把钱退给您。", "blame_others", "我们迟迟没把钱退给您"),
    # a courier of the actor lexicon stays a party even with sorry before; a partner's unit
    ("对不起，快递员今天又迟到了两个小时。", "blame_others", "我们今天又迟到了两个小时"),
    ("我们的合作施工队挖破了您家的水管。", "blame_others", "我们挖破了您家的水管"),
    # an emphatic denial (并没有) is no fault of ours
    ("系统自己把您的订单取消了，我们的人并没有动过。", "blame_others", "我们把您的订单取消了"),
    # a shrug with no harm granted; the customer's time clause then a verb they left undone
    ("电梯只停了半小时，不影响大家出门。", "minimising", "电梯停了半小时"),
    ("您到店时没带身份证，我们没法办理。", "blame_customer", "我们没有提醒您带身份证"),
    # 添麻烦 with nothing named after it; 上游 with no pipes about
    ("对不起，给您添麻烦了。", "non_apology", "再说清楚对方遇到了什么"),
    ("上游系统超时了，您的订单没有提交成功。", "jargon", "用日常用语"),
    # an agentless report with an agentless remedy (恢复 with no 我们)
    ("您的账号被冻结了，现已恢复正常。", "passive_evasion", "我们把您的账号冻结了"),
]

CLEAN = [
    # a sentence of 51-60 characters made of short clauses (none over 20)
    "对不起，我们的网页昨晚算错了运费，您多付了八元，钱已经退回您的账户，以后下单照常就行，您不用再做什么。",
    # ours owned: 是因为我们…; a verb with a broken result, we its doer; our own thing went wrong
    "您的卡被锁了三次，是因为我们的页面把验证码发错了号码。对不起，现在已修好。",
    "对不起，我们搬柜子时碰坏了您的门框。师傅没铺保护垫。明天上午上门修好。",
    "我们的小程序在结算时出了错，您没能用上优惠券，差价今天退回。",
    # the customer's home and its things; none left after the customer's time clause; a
    # subjectless clause going on from 我们; we told too little
    "对不起，您家门口的路灯不亮了，我们没按时换灯泡，今晚八点前修好。",
    "对不起，您到店时没有座位了，我们把预订记重了，下次来免费。",
    "上周我们改了上课时间，却没告诉已经报名的家长，对不起。",
    "对不起，停电通知我们只发在了业主群里，您上班早没看到，电已经恢复。",
    # our unit; a party paying the customer back
    "对不起，我们的安装队今天上午打穿了您家的水管，下午两点前修好。",
    "租赁公司的店长已经把押金退还给您了，对不起晚了五天。",
    # a near miss, how soon it failed, a small figure granted then owned
    "对不起，只差五分钟您就没赶上最后一班车，是我们的车开早了。",
    "对不起，耳机买回来没几天就没声音了，是我们这批货没检查好，今天给您换新的。",
    "对不起，这次多收了您两元，钱虽不多，错是我们的，明天退回。",
    # 添麻烦 with the fault named next; a double-sense word in a sentence about pipes
    "对不起，给您添麻烦了。我们把您的地址写错了一个字，包裹今晚改送。",
    "对不起，换水管时接口一直漏水，我们修到晚上八点才通水。",
    # their own mishap and we found it; our staff after 我们的; our remedy 修好; our staff's
    # plain act with sorry
    "您忘在店里的钥匙我们收好了，让您着急了，明天上午送到您家。",
    "对不起，我们的配送员弄丢了您的包裹，今天补发一份。",
    "对不起，网站昨晚出错，您的报名表没能提交。我们已经修好，现在可以重新提交。",
    "对不起，电梯停了一上午，维修师傅换了一个零件，现在已经正常。",
    # 但这是我们…; a file format named as one; a stock time made real; 添麻烦 then what went wrong
    "多收的三元钱不多，但这是我们算错了，今天退回。",
    "对不起，我们把成绩单发成了DOC格式，您要的是纸质版，今天寄出。",
    "这件事我们还在查，有结果第一时间告诉您，最晚周五中午。",
    "对不起，给您添麻烦了：您订的窗帘尺寸我们量错了，周三前重做。",
    # 只…就 + harm (how early); the customer among the few; our slip after their plight
    "对不起，电影只放了一半就停电了，票钱全部退回。",
    "这次出错的只有五张票，其中一张就是您的，我们已经重新出票。",
    "对不起，您家孩子昨天没拿到作业本，我们的老师漏发了一本，今天补上。",
    # a word jieba tags as a name or verb is no customer (换人); our …员 with sorry; 恢复 and 改回
    # as our remedy; 但不该
    "对不起，健身课的教练换人没提前通知，这节课不扣次数。",
    "对不起，讲解员今天迟到了半个小时，门票钱退一半。",
    "对不起，您的会员昨天被提前停了。我们已经恢复，多送您三天。",
    "对不起，排班系统把您排到了晚班，我们已经改回早班。",
    "多扣了一元，钱很少，但不该扣，今天退回。",
]


test_flags_with_a_rewrite, test_leaves_near_misses_alone = round_tests(
    FLAGGED, CLEAN, "zh-CN")

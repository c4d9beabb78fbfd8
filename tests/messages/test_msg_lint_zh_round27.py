"""Round 27 (h161, issue 17, zh-CN): good sentences of real public notices (dev-heldout26)
that tripped checks on their structure, each with nearby bad sentences that stay flagged.

- ``passive_evasion``: "查看有否被扣错钱" asks whether it went wrong, and a matter named by a
  topic preposition ("就客户…被错误扣款") then paid back is answered: neither hides a doer; a
  wrong reported with no doer, or the matter named and not paid back, stays flagged.
- ``minimising``: a short delay granted with its figure, then the harm to people and owned, is
  told, not shrugged; and so is a misjudgement at the time that led to our failure.
- ``non_apology``: 歉意金 is money paid, not the noun 歉意 offered; sorry with our own 失职 named
  is an apology.
- ``vague``: 想 before what it wants to do ("想借此机会") is "would like to"; a number that names
  a line or a building ("11号线", "3号楼") is no time; "后续…方面" opens a topic, not a time.
- ``blame_customer``: 业者 is the business, not a customer; customers a negated finding verb
  looks for ("没有发现涉及…的新客户") are not blamed.
- ``blame_others``: a fault in our own act ("我们升级收费系统时，和银行之间传数据出了错"), a
  party listed with our customers ("小商家和一般住宅用户"), and a partner passing on the remedy
  it gives, are not blame."""

from gateway.messages.lint import lint_text
from tests.support.lint_cases import round_tests

AIRLINE_REFUNDS = ("后续赔偿方面，星宇航空表示受到影响的旅客去回程，都会全额退费，"
                   "也给予每位旅客一盒凤梨酥为致歉礼，并附上延误证明。")

FLAGGED = [
    # a wrong reported with no doer stays passive
    ("您的卡被扣错钱了。", "passive_evasion", "我们把您的卡扣错钱了"),
    ("卡主的卡被扣错钱了，请查看。", "passive_evasion", "卡主的卡"),
    ("您的账户被冻结了，请联系客服。", "passive_evasion", "我们把您的账户冻结了"),
    # a short delay shrugged stays minimising
    ("1号线这次只延误了10分钟，但请大家谅解。", "minimising", "给出确切的数字"),
    ("1号线这次只延误了10分钟，这不是我们的问题。", "minimising", "给出确切的数字"),
    ("1号线这次只延误了10分钟，但赶车的人可能误了事，这不是我们的问题。", "minimising",
     "给出确切的数字"),
    ("1号线这次只延误了10分钟，问题不大，这是我们的问题。", "minimising", "给出确切的数字"),
    # the noun apology offered stays a non-apology
    ("请接受我们诚挚的歉意。", "non_apology", "对不起，这是我们的错"),
    ("我们向您表达歉意，并送上一份礼物。", "non_apology", "对不起，这是我们的错"),
    # thinking it out stays vague
    ("我们在想办法。", "vague", "我们会再告诉您进展"),
    ("我们正在想怎么解决，请等待。", "vague", "我们会再告诉您进展"),
    ("对于由此可能引起的任何误会，我们在此说明。", "vague", "我们会再告诉您进展"),
    # the customer short of time stays blamed
    ("您没有足够时间去验证，所以出了问题。", "blame_customer", "我们没有提醒您"),
    ("消费者没有按说明书操作，才导致故障。", "blame_customer", "我们没有提醒您"),
    # a bad experience with no fault of ours named, or no sorry, stays a non-apology
    ("我们给您道歉，由于工作失职，给您带来了不好的体验。", "non_apology", "直接为我们做的事道歉"),
    ("给您就餐带来非常不好的体验，我们深表歉意。", "non_apology", "直接为我们做的事道歉"),
    ("由于我们的工作失职，给您就餐带来非常不好的体验。", "non_apology", "直接为我们做的事道歉"),
    # customers who failed to act stay blamed
    ("没有按时付款的客户，服务已暂停。", "blame_customer", "我们没有提前提醒大家"),
    ("没有及时更新地址的客户，包裹退回了。", "blame_customer", "我们没有提前提醒大家"),
    ("没有收到通知的客户请自己负责。", "blame_customer", "我们没有提前提醒大家"),
    # a fault not placed in our act stays flagged: no act of ours as the time
    ("和银行之间传数据出了错，一部分通行费被扣了两次。", "blame_others", "这是我们的错"),
    ("和银行之间传数据出了错，一部分通行费被扣了两次。", "passive_evasion",
     "我们把一部分通行费扣了两次"),
    # the bank the doer, not the other end
    ("我们升级收费系统时，银行传数据出了错，导致扣款失败。", "blame_others", "这是我们的错"),
    # our act as the time, but nothing said to have gone wrong in it
    ("我们升级系统时，一部分通行费被扣了两次。", "passive_evasion", "我们把一部分通行费扣了两次"),
    # a party not among our customers stays blamed: dealing with customers, not listed with them
    ("商家和客户沟通不及时，导致订单取消。", "blame_others", "这是我们的错"),
    # listed with another party
    ("商家和快递员没有按时送达。", "blame_others", "这是我们的错"),
    # a party that failed named after the customers
    ("商家和用户之间的纠纷由于商家没有发货。", "blame_others", "这是我们的错"),
    # the matter named and not paid back stays passive
    ("就客户被错误扣款一事，我们深表歉意。", "passive_evasion", "我们"),
    ("就客户被错误扣款，请联系银行。", "passive_evasion", "我们"),
    # a number that names a line or a building is no time
    ("目前地铁11号线故障正在紧急处理中，距离恢复正常运行还需一段时间，"
     "请有需要的乘客换乘其他线路或改乘其他交通工具。", "vague", "我们会再告诉您进展"),
    ("我们正在处理3号楼的停水，请耐心等待。", "vague", "我们会再告诉您进展"),
    # later with no time stays vague
    ("后续赔偿方面，我们会尽快处理。", "vague", "我们会再告诉您进展"),
    ("后续我们会尽快赔偿。", "vague", "我们会再告诉您进展"),
    # a partner passing on a harm stays blamed
    ("航空公司表示，由于天气原因航班延误，会全额退款。", "blame_others", "不要转述"),
    ("快递公司表示，包裹延误了，可以退款。", "blame_others", "不要转述"),
    # a judgement that shrugs stays minimising: our judgement now, as the last word
    ("我们判断这仅为短时间的问题，没有对整体服务造成实质影响。", "minimising", "给出确切的数字"),
    # judged then, but no failure of ours after it: a reassurance
    ("当时判断仅为短时间的问题，请大家放心。", "minimising", "给出确切的数字"),
    ("当下判断仅为短时间的问题，因此请大家放心。", "minimising", "给出确切的数字"),
]

CLEAN = [
    # "有否被扣错钱": whether, asked of the customer at our new desks; nothing reported
    "八达通公司将由明日起，设立30个新的八达通服务站，让卡主查看有否被扣错钱及即时退款。",
    # the figure, then 但 the harm to people, then owned: the size is told, not used as a shrug
    "1号线这次只延误了10分钟，但赶车、赶飞机的人可能因此误了事，这仍然是我们的问题。",
    # 歉意金 is money paid, not the noun 歉意 offered in place of saying what we did
    "此外，蜗牛移动建议已购买用户进行退款操作，并额外奉上100元歉意金，将在7个工作日内支付。",
    # 想 before what it wants to do ("想借此机会") is "would like to", not "thinking it out"
    "我在此想借此机会，再向客户说声对不起。",
    # sorry said, and the cause named as our own 失职: the bad experience is what our slip did
    "首先我代表鱼乐膳食以及个人给您道歉，由于我们的工作失职，给您就餐带来非常不好的体验。",
    # the negator before a finding verb denies our finding; the customers are what we looked for
    "他指部分受影响客户是现有客户，暂时没有发现涉及2012年之后的新客户。",
    # our act as the time, the fault in it: the bank is only at the other end of our transfer
    "我们升级收费系统时，和银行之间传数据出了错，一部分通行费被扣了两次，多扣的钱已经退回。",
    # 小商家 listed with 住宅用户 under a tariff rule: customers whose outage is counted
    "按营业规章规定，高压以上工业用户停电10至60分钟，即按1小时计算；小商家和一般住宅用户"
    "停电1小时以上，则按1日计算，会直接在用户下月帐单进行扣减。",
    # 就… names the matter the sentence answers; the next clause says who pays it back, and when
    "就客户透过使用消费券时被错误扣款，公司将在一周内安排退款，并会在退款程序完成后通知他们。",
    # a line or a building named, with a time given
    "地铁11号线故障正在处理，预计今天18:00前恢复运行。",
    "3号楼停水正在抢修，下午3点前恢复。",
    # 后续…方面 opens the topic the sentence takes up ("as for compensation"), not a time; and
    # the airline's own account of the refund it gives: a remedy reported, no cause put on anyone
    AIRLINE_REFUNDS,
    # what we judged then, and the failure it led us into: the shrug is told as our mistake
    "我们团队于 14:12 确认了这两次共计约两分钟的停机时间，当下判断仅为短时间的问题，"
    "没有对整体服务造成实质影响，因此并未立即启动更进一步的调查与防御措施。",
]

test_round27_flagged, test_round27_left_alone = round_tests(FLAGGED, CLEAN, "zh-CN", field="text")


def test_the_business_short_of_time_is_not_the_customer_blamed() -> None:
    # 业者 ends like a person noun but is the business itself, not a customer (the learned check
    # still reads the sentence as minimising, so it is not clean)
    text = "虽然属偶发事件，但因为正值中秋出货期间，业者没有足够时间去验证百分之百的解决问题。"
    found = lint_text(text, "zh-CN", "text")
    assert "blame_customer" not in {f.code for f in found}, found

"""Round 28 (h167, issue 17, zh-CN): whole rules of officialese and vague measured on real
text (README "Twenty-eighth round, zh-CN whole rules (h167)"). Good sentences written for this
round in the grammatical shapes the rules now spare, and bad ones that must stay flagged."""

from tests.support.lint_cases import round_tests

LOCALE = "zh-CN"

CLEAN = [
    # weak stock words (持续, 及时) in a clause that tells the reader what to do or sets the case
    # in which they should: the reader's own act, said as every notice says it
    "如遇扣款失败，请您及时更换银行卡，若问题持续，请联系我们。",
    "如遇页面持续打不开，请及时换用手机下单。",
    # a word of reflection (深刻反思, 认真反思) in a sentence that names the fault as ours
    "这次停水是我们施工时挖断了水管，这是我们的错，我们会深刻反思。",
    "账单算错是我们的责任，我们认真反思了这件事。",
    "这次漏发是我们仓库打包出了错，责任全在我们，我们已经深刻反思。",
    # a promise made to the customer as the object of its first verb, whose act gives them
    # something (确认, 退款): an offer with its content said
    "针对这批晚到的包裹，客服会协助大家再次确认订单或直接退款。",
    "对于被取消的场次，售票处会协助您重新确认座位或全额退款。",
    # 在…后 opens a time frame, as 在…之前 does: not "in the middle of" an effort
    "在逐一处理完这些订单后，多扣的钱已经全部退回。",
    "在跟进完每一位投诉的乘客后，延误补偿已经发到账户里。",
]

FLAGGED = [
    # weak stock words in our own clauses still count
    ("我们将进一步核实相关情况，请及时联系我们。", "officialese", "不用“进一步”“相关”这类套话"),
    ("我们将持续关注，及时处理。", "vague", "今天下午4点前我们会再告诉您进展"),
    # reflection with no fault named as ours, or beside other stock phrases
    ("对此我们深刻反思。", "officialese", "不用“深刻反思”这类套话"),
    ("我们一定深刻反思，持续改进。", "officialese", "“深刻反思”“持续改进”"),
    ("本次事件暴露出我们在管理上存在漏洞。", "officialese", "“存在漏洞”"),
    # the act promised to the customer is still an effort, or has a stock time
    ("我们会帮您处理退款事宜。", "vague", "我们会帮您处理退款事宜，今天下午4点前"),
    ("我们会尽快为您退款。", "vague", "我们会尽快为您退款，今天下午4点前"),
    ("我们将为您跟进处理。", "vague", "我们将为您跟进处理，今天下午4点前"),
    # 在 as "in the middle of" an effort, and 在…后 with a promise after it
    ("我们在处理中。", "vague", "我们在处理中，今天下午4点前"),
    ("我们在处理后会通知您。", "vague", "我们在处理后会通知您，今天下午4点前"),
]

test_bad_shapes_stay_flagged, test_good_shapes_are_left_alone = round_tests(
    FLAGGED, CLEAN, LOCALE)

"""zh-CN precision of the twenty-second round of issue 17 (h122, a new attempt): checks
narrowed by the clause's shape after a fresh development set (``corpus/dev-22``), mostly
sentences of real public Chinese notices and apologies, showed 22.9 % of its good sentences
flagged on main e607cf3.

- ``customer_blame``: a supposed case of the customer's (如果/要是您…) whose next clause puts
  its cost on us (由我们承担, 由我们来付) makes it right, as money going back already did.
- ``passive``: 被 opening a relative clause that only names a thing (被 + a verb or two + 的 +
  a noun phrase: "您被多扣的三笔会员费"), in a sentence that says it goes back or is restored.
- ``minimising`` (``_CONCEDED``, now also read for the phrase rules' "部分…" and "一小部分"): a
  small figure granted, then the harm said again with a causative after 但 ("但它让大家…"),
  or our act on each one of them after 但 (逐一, 一一), or an exact amount followed at once by
  our paying it back (not with a shrug after it: 放心, 不必在意…).
- ``third_party``: a party hit by our own fault (受到了我们…的影响), a party's thing left
  unharmed (不会受到…影响), a fault as the object of the party's finding or fixing it
  (发现故障后…, 问题排查和修复), a party's undone act that only names a thing we then pay for.
- ``OUR_REMEDY``: 补 + a verb (补开, 补办) is our making it right, like 补发.

Sentences written for this file, in wording no corpus uses; every sentence left alone is
flagged on main e607cf3, every flagged one is flagged there too."""

from tests.support.lint_cases import round_tests

FLAGGED = [
    # the edges of each narrowing stay flagged
    ("如果您当时按时还款，就不会产生这笔滞纳金了。", "blame_customer", "我们本该提醒您按时还款"),
    ("您的会员费被多扣了三次。", "passive_evasion", "我们把您的会员费多扣了三次"),
    ("受影响的只是部分账户，大家不用太担心。", "minimising", "不要淡化"),
    ("多扣的钱只有两元，我们已经退回了，大家不必在意。", "minimising", "不要淡化"),
    ("合作银行处理太慢，您的转账才晚到了一天。", "blame_others", "这是我们的错"),
    ("由于技术团队排查问题太慢，服务才恢复得这么晚。", "blame_others", "我们排查问题太慢"),
    ("快递公司没有按时送到您的包裹。", "blame_others", "我们没有按时送到您的包裹"),
]

CLEAN = [
    # a supposed case, its cost ours
    "如果您因为系统停机没能按时缴纳话费，由此产生的违约金由我们承担。",
    "要是您在维护期间没能按时还上贷款，这几天的罚息由我们来付。",
    # a 被 relative clause naming the thing paid back
    "您被多扣的三笔会员费，已在昨天下午退回到原银行卡。",
    # a small figure granted, then the harm or our act on each; an exact amount paid back
    "出问题的虽然只是部分账户，但对这些用户来说，工资就是晚到了一整天，对不起。",
    "只有一小部分积分没有到账，但我们没有等大家来问，昨晚已经逐一补发。",
    "这次多扣的手续费一共只有两元，我们已经全部退回，并向每位客户说明了原因。",
    # a party hit by our fault; a party that found the fault and acted
    "物流合作方也受到了我们系统停机的影响，这不是他们的责任。",
    "合作的快递公司这两天也受到了我们仓库停电的影响，这不是他们的错。",
    "维修师傅发现故障后马上关掉了总阀，并给每户留了联系电话。",
    # a share named, then 补 + a verb by a date
    "故障期间一部分订单没有生成电子发票，我们会在下周一前补开。",
]

test_round22_flagged, test_round22_left_alone = round_tests(FLAGGED, CLEAN, "zh-CN")

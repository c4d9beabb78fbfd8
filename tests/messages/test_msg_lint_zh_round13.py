"""zh-CN changes of the thirteenth lint round (issue 17): customers counted among the harmed,
在 as a preposition and 还 as a verb (no ongoing state), a letter of apology handed out, the
customer told they are one of the few, a small figure then owned with 但; and two forms of
blame the rules now catch: a rhetorical question put to the customer, and an agentless
passive on a thing given into our care. Sentences from no corpus."""

from __future__ import annotations

from tests.support.lint_cases import round_tests

FLAGGED = [
    # a rhetorical question put to the customer; the rewrite keeps what came before it
    ("您的车停超了两小时，罚款是规定，难道要我们替您交吗？", "blame_customer",
     "您的车停超了两小时，罚款是规定。对不起"),
    # 交给我们的 names whose care the thing was in, not who lost it
    ("您寄给我们的样品被弄丢了。", "passive_evasion", "我们"),
    # counted customers who failed to act, in a message with no sorry: still blame
    ("有些客户没看到提醒，错过了续费。", "blame_customer", "提醒"),
]

CLEAN = [
    # customers counted (a quantifier, a number, a measure word) who missed an outcome
    "今晚有5位观众没买到票，您是其中一位，对不起。票款已退回，下周的场次给您留了座。",
    "对不起，我们的系统晚发了通知。有些家长没看到换教室的消息，白跑了一趟。",
    # 在 as a preposition, 还 as the verb of a compound noun: no promise left open
    "昨晚部分用户在小程序里付不了款，是我们的问题，现已修好。",
    "我们升级时误删了一些会员的积分记录，还款日期照旧。",
    # a letter of apology handed out is no formal apology
    "对不起，今早的班车晚了半小时。需要证明的话，可到前台领致歉信。",
    # the customer told they are one of the few; a small figure then owned with 但
    "部分会员的月费多扣了3元，您是其中之一，钱今天退回。",
    "对不起，我们多收了您5元运费，钱不多，但错在我们，已退回。",
]


test_flags_with_a_rewrite, test_leaves_near_misses_alone = round_tests(
    FLAGGED, CLEAN, "zh-CN", field="body")

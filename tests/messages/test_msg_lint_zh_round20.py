"""zh-CN precision of the twentieth round of issue 17 (h112): customer blame (``chinese/
customer.py``) narrowed by the clause's structure, not by a word list.

- A word that is a person only by its ending (…户, …人, …者, …客) followed by a noun modifies that
  noun, also after a relative clause's 的: "您还没定的过户时间" is the time of a transfer, not a
  party who failed.
- A relative clause naming a thing the customer has not done yet ("您没赶上的落户讲座") followed
  by a clause where we are the subject and act ("我们录了视频") names the thing we handle; not
  where we are forced or hold it against them ("我们已经取消了", "我们只能…扣").
- The customer inside a time clause ending in 那天/当天/那次/期间 ("您上课那天") followed by
  没有 and only a noun says a thing was missing, as after …时 already.

Sentences written for this file, in wording no corpus uses."""

from tests.support.lint_cases import round_tests

FLAGGED = [
    # what the customer did not do, held against them
    ("您报名那天没有交押金，所以名额被取消了。", "blame_customer", "我们没有提醒您交押金"),
    ("您到店那天没有带身份证，我们没法办卡。", "blame_customer", "我们没有提醒您带身份证"),
    ("您还没确认的订单，我们已经取消了。", "blame_customer", "这是我们的问题"),
    ("您没交的押金，我们只能从尾款里扣。", "blame_customer", "这是我们的问题"),
    ("没按时续费的会员账号已经被停用了。", "blame_customer", "我们没有提前提醒大家按时续费"),
]

CLEAN = [
    # …户 + a noun after 的: the noun's modifier
    "您没确认的入户地址，我们先帮您按合同上的写了。",
    "您还没定的过户时间，我们先留了周四下午，想改回复就行。",
    # a thing named by what the customer has not done, then what we do with it
    "您没赶上的那节试听课，我们录了视频，今晚发给您。",
    "您还没领的两张体验券，我们这周六在门口摆摊发。",
    # the customer in a time clause, then a thing missing
    "您上课那天更衣室没有热水，这周的潜水服租金全免。",
    "您入住当天房间没有热水，我们退了一晚房费。",
    "您参观那天展厅没有讲解员，我们下次免费补一场。",
]

test_round20_flagged, test_round20_left_alone = round_tests(FLAGGED, CLEAN, "zh-CN")

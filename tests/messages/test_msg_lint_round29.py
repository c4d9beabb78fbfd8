"""The twenty-ninth round of issue 17 (h175): rules read as grammatical structure, designed on
dev-22, dev-25, dev-27 and checked on dev-heldout26.

- ``blame_customer`` (english/customer.py ``_redress_to_them``): people picked out by a
  relative clause ("customers who were unable to travel") who are the subject of a main
  predicate granting them a redress (``remedy_grants`` + a ``redress_nouns`` noun: "will
  receive a refund", "are entitled to compensation", "can claim a credit"; or a
  ``redress_verbs`` passive: "will be refunded") are whom the remedy goes to, not people
  blamed. That predicate negated or the redress cut down ("will not receive the refund", "will
  receive no refund", "will only get a partial refund": ``redress_cuts``) is a penalty put on
  them, flagged as before and now also when nothing else marks it. A verb of the relative
  clause itself ("who did not get a refund") is not their predicate.
- zh-CN ``passive_evasion`` (chinese/passive.py, with ``ba_object`` and ``names_a_doer`` in
  chinese/segment.py): the 把 rewrite ("我们把您的订单取消了") only where what goes after 把 is
  a noun phrase, then at most an adverbial ("在出库时"); not a clause or a piece of one ("迁移
  数据时", "由于管道", "该硬盘…是…", "套餐里有两项检查"), not a fault that is the object of an
  event verb ("发生了错误"). Those get the
  advice to name whose step went wrong (``whose_step``, the same words the occurred check
  gives, so the two findings on one clause are one).
- zh-CN ``passive_evasion`` (chinese/passive.py ``wrong_result``): a clause with 被 is the
  passive check's to rewrite; the wrong-result check leaves it, so one clause gets one finding
  (it gave a second whose rewrite could not put 把 before 被: "我们把几笔订单被重复发货了").
- ``one_per_code``: a suggestion that opens with an instruction and quotes its rewrite
  ('Say what we got wrong: "We should have ..."') leads with the quoted rewrite's first
  sentence, so a finding whose quoted rewrite the other's suggestion holds is merged into it.

Every sentence here was written for this file."""

import pytest

from gateway.messages.lint import lint_text
from tests.support.lint_cases import assert_flagged_with_rewrite, round_tests

EN_FLAGGED = [
    # the remedy withheld from people picked out by what they did not do
    ("Customers who failed to update their app will not receive the refund.", "blame_customer",
     "We should have made it easier to update their app."),
    ("Customers who did not read the notice lost their booking.", "blame_customer",
     "We should have made it easier to read the notice."),
    ("Customers who failed to read the terms will receive no refund.", "blame_customer",
     "We should have made it easier to read the terms."),
    ("Customers who ignored our emails will only receive a partial refund.", "blame_customer",
     "We should have made our emails harder to miss."),
    ("Passengers who ignored the boarding call will only be partly refunded.", "blame_customer",
     "We should have made the boarding call harder to miss."),
    ("Customers who did not keep their receipts are not entitled to a refund.", "blame_customer",
     "We should have made it easier to keep their receipts."),
    ("Members who forgot to renew cannot claim a credit.", "blame_customer",
     "We should have made it easier to renew."),
    ("Customers who missed the deadline won't get compensation.", "blame_customer",
     "We should have made the deadline harder to miss."),
    ("Guests who arrived late will no longer receive a voucher.", "blame_customer",
     "We should have made it work for guests who arrived late."),
    # a grant in one clause does not clear the blame in the next
    ("Customers who were unable to travel will receive a refund, but customers who did not read "
     "the notice lost their booking.", "blame_customer",
     "We should have made it easier to read the notice."),
]

EN_CLEAN = [
    # the subject of a granted remedy, picked out by what befell them
    "Customers who were unable to travel will receive a refund.",
    "Members who were unable to attend can claim a credit for the missed class.",
    "Travellers who missed their connection are entitled to compensation.",
    "Passengers who were unable to board will automatically receive a full refund.",
    "Guests who were unable to check in will be offered a refund or a free night.",
    "Customers who were unable to travel receive a full refund.",
    "Drivers who were unable to charge their cars will get a credit on their next bill.",
    "Shoppers who were charged for items they never received will be refunded by Friday.",
    "Customers who lost access to their savings will be reimbursed in full.",
    # a verb of the relative clause is not what they are granted or denied
    "Customers who did not get a refund should contact us.",
]

test_round29_en_flagged, test_round29_en_left_alone = round_tests(EN_FLAGGED, EN_CLEAN)

# zh-CN ``passive_evasion`` (chinese/passive.py, segment.py ``ba_object``): the 把 rewrite only
# where what goes after 把 is a noun phrase (a thing, then at most an adverbial); a clause or a
# piece of one gets the advice to name the doer instead (a party that did the act gets no
# passive_evasion at all since h181: test_msg_lint_zh_round29.py).
ZH_BA_REWRITES = [
    ("您的账单金额计算有误。", "我们把您的账单金额算错了"),
    ("这周的洗车记录全乱了。", "我们把这周的洗车记录弄乱了"),
    ("您的订单在出库时弄混了。", "我们把您的订单在出库时弄混了"),
    ("账单上的日期写错了。", "我们把账单上的日期写错了"),
    ("您的押金退到了错误的账户。", "我们把您的押金退到了错误的账户"),
    ("演出场地被临时更换了。", "我们把演出场地临时更换了"),
    ("您的包裹丢失了。", "我们把您的包裹弄丢了"),
]
ZH_ADVICE = [
    # a fault as the object of an event verb, after a time clause
    "迁移数据时发生了错误。",
    "数据迁移时出了错误。",
    # a time clause before the thing
    "对账时金额有误。",
    # a connective, a copula, a verb of its own before the passive
    "由于管道被挖断后河水倒灌，停水了。",
    "经过分析，该硬盘静默错误是在极小概率下被触发。",
    "您的体检套餐里有两项检查被取消了。",
    # a clause between the thing and its loss
    "会员数据在系统切换中出现了错乱。",
]
ZH_ADVICE_SAYS = "写出是谁的哪一步出了错"


@pytest.mark.parametrize(("sentence", "rewrite"), ZH_BA_REWRITES)
def test_ba_rewrite_for_a_noun_phrase(sentence: str, rewrite: str) -> None:
    assert_flagged_with_rewrite(sentence, "passive_evasion", rewrite, "zh-CN")


@pytest.mark.parametrize("sentence", ZH_ADVICE)
def test_no_ba_rewrite_for_a_clause_or_a_doer(sentence: str) -> None:
    hits = [f for f in lint_text(sentence, "zh-CN", "facts.impact")
            if f.code == "passive_evasion"]
    assert hits, sentence
    assert all("我们把" not in (h.suggestion or "") for h in hits), hits
    assert any(ZH_ADVICE_SAYS in (h.suggestion or "") for h in hits), hits


def test_an_event_fault_is_one_finding_with_one_advice() -> None:
    # the wrong-result check and the occurred check read one mistake: one advice, one finding
    hits = [f for f in lint_text("迁移数据时发生了错误。", "zh-CN", "facts.impact")
            if f.code == "passive_evasion"]
    assert len(hits) == 1


@pytest.mark.parametrize(("sentence", "rewrite"), [
    ("几张电影票被重复出售了。", "我们把几张电影票重复出售了"),
    ("您的投诉被转到了错误的部门。", "我们把您的投诉转到了错误的部门"),
    ("一批学生的成绩被录错了。", "我们把一批学生的成绩录错了"),
])
def test_a_passive_with_a_wrong_result_is_one_finding(sentence: str, rewrite: str) -> None:
    # the passive check rewrites the 被 clause; the wrong-result check leaves it to it
    hits = [f for f in lint_text(sentence, "zh-CN", "facts.impact")
            if f.code == "passive_evasion"]
    assert len(hits) == 1, hits
    assert rewrite in (hits[0].suggestion or "")


def test_a_quoted_rewrite_held_by_the_other_suggestion_is_one_finding() -> None:
    # "Say what we got wrong: \"We should have agreed a time ...\"" leads with the quoted
    # rewrite, which the other finding's suggestion already holds: one finding, not two
    hits = [f for f in lint_text("The delivery failed because nobody was home to sign for it.",
                                 "en", "facts.impact") if f.code == "blame_customer"]
    assert len(hits) == 1, hits
    assert "We should have agreed a time with you first." in (hits[0].suggestion or "")

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

Every sentence here was written for this file."""

from tests.support.lint_cases import round_tests

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

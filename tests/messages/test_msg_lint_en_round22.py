"""English checks of the twenty-second round of issue 17, a new attempt (h121), from dev-22
(real public incident notices and apologies by other writers, written down before the linter
was run on them), each by a clause's shape, not a word list.

- ``agentless_passive`` (english/passive.py): a passive whose subject names the harm (a failure
  noun: "issue", "fault", "problem") and whose verb undoes it ("resolve", "fix", "repair",
  "correct") reports that the harm is over, not a doer hidden: "The issue has now been
  resolved". A softener, a negation, "wrongly" or a harm word still makes it one.
- ``customer_condition`` (english/customer.py): "if you had <adverb> <participle>" is the
  same condition as "if you had <participle>" ("If you had previously suspended your account,
  ...").
- ``_their_duty``: the customer (you, or people of the lexicon) as the subject of "is
  responsible / liable / accountable for" is the duty put on them ("Ultimately, the customer is
  responsible for making sure ..."); not "we are responsible", not "our members".

Sentences written for this file, in wording no corpus uses; every flagged one was missed, and
every clean one flagged, on main e607cf3."""

from tests.support.lint_cases import round_tests

FLAGGED = [
    # an adverb between "had" and the act
    ("If you had already cancelled the order, the refund may have gone to your old card.",
     "blame_customer", "own the result"),
    # the customer made answerable
    ("Ultimately, you are responsible for entering the right flat number at checkout.",
     "blame_customer", "We should have checked it with you"),
    ("Subscribers are fully accountable for the devices they sign in on.",
     "blame_customer", "We should have checked it with you"),
]

CLEAN = [
    "The fault on your line has been fixed, and your broadband is back.",
    "The problem with saved cards was resolved at 11:54, and no one was charged twice.",
    "We are responsible for the mistakes of the couriers we hire.",
]

test_round22_flagged, test_round22_left_alone = round_tests(FLAGGED, CLEAN)

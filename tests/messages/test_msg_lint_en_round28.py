"""English precision of the twenty-eighth round of issue 17 (h168): whole rules read on real
text (dev-22, dev-25, dev-27 to design, dev-heldout26 to check), each change a condition on a
sentence's structure, not a sentence's words.

- ``blame_customer`` (english/customer.py): people picked out by a relative clause ("customers
  who were unable to ...", "plants that did not ...") as the object of a preposition in a noun
  phrase headed by a redress noun (``redress_nouns``: refund, payment, credit, voucher ...), in
  a clause with no negation, are whom the remedy goes to, not people blamed. A refusal ("no
  refunds for customers who ...") and people as the subject ("Customers who failed to ...")
  are still flagged.
- ``minimising`` (english/minimise.py, and its phrases in checks.py) and ``vague``
  (english/unspecified.py): a small count inside a concessive clause that opens the sentence
  (``concessive``: although, though, whilst, while) whose main clause grants the harm its weight
  (``weight_granted``: serious, substantial, major ...) or speaks of each one counted
  (``distributives`` before "of", "one" or a people word) is conceded, not offered as the
  point. A concession followed by anything else ("..., we have fixed it", "every effort is
  being made") is still flagged.
- ``vague`` (english/hedging.py ``vague_promise``, lexicon ``vague_whens``): "going forward" and
  "moving forward" mean "from now on" and defer nothing; a promise of effort made with them is
  still flagged as a promise with no time.
- ``vague`` (english/unspecified.py ``placeholder_harm``): a harm noun under a demonstrative
  determiner ("this disruption", "these problems") points back to a harm told before it, in an
  earlier sentence or another field of the facts: no placeholder. "the/any/a/some" + a
  placeholder noun is still flagged.
- ``vague`` (english/unspecified.py): a quantifier before a unit of time ("for several hours")
  is a length of time, not a vague count of the people or things harmed.

Every sentence here was written for this file."""

from tests.support.lint_cases import round_tests

FLAGGED = [
    # a refusal of a remedy, and people blamed as the subject
    ("There are no refunds for customers who did not keep their receipts.", "blame_customer",
     "We should have made it easier to keep their receipts."),
    ("Customers who failed to update the app lost their saved cards.", "blame_customer",
     "We should have made it easier to update the app."),
    # a small count conceded, then nothing that grants the harm its weight
    ("While only a few customers were affected, we have fixed it.", "minimising",
     "<exactly how many or how long>"),
    ("Although only a handful of users noticed, we take it seriously.", "minimising",
     "<exactly how many or how long>"),
    # "every" before an effort, not before the people counted
    ("While only a few customers were affected, every effort is being made to fix it.",
     "minimising", "<exactly how many or how long>"),
    # "from now on" with an effort promised and no act or time
    ("Moving forward, we will try harder to get things right.", "vague",
     "we will write again by 16:00"),
    # a placeholder harm with no demonstrative pointing back
    ("Sorry for the mix-up with your order.", "vague", "<what went wrong: what broke"),
    ("We're sorry for the disruption to your deliveries.", "vague", "<what went wrong"),
    # a small count with no concession at all
    ("Only a few customers were affected, and each of them got a refund.", "minimising",
     "<exactly how many or how long>"),
]

CLEAN = [
    # the people a remedy goes to, picked out by what befell them
    "We will send vouchers to subscribers who were unable to stream the final.",
    # a count conceded, the harm then given its weight
    "Although the fault hit only a few customers, each of them lost a full day of orders.",
    "Whilst it only reached some of our shops, it was a major failure on our part.",
    "Though only a handful of patients were booked that morning, every one of them waited over "
    "an hour.",
    "Although only a few customers were affected, we have phoned every customer ourselves.",
    "Whilst our card machines only failed at a small number of stores, it was a serious failure "
    "for the people queueing there.",
    # a harm pointed back to with a demonstrative
    "We are sorry for these problems with your account.",
    "We apologise for this disruption to your Monday deliveries.",
    # a lasting change dated to now
    "Moving forward, refunds will be paid by bank transfer instead of by cheque.",
    # a length of time, no one counted
    "We are sorry that the issue with our booking page lasted several hours.",
    "The problem with our app lasted for several hours yesterday.",
]

test_round28_flagged, test_round28_left_alone = round_tests(FLAGGED, CLEAN)

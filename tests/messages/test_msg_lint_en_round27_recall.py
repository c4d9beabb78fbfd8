"""English recall of the twenty-seventh round of issue 17 (h162), from the bad sentences
dev-heldout26 missed, each by a clause's shape (english/framing.py).

- ``minimising``: a failure framed by how seldom or how briefly it happens: "it is not uncommon
  for" / "it is rare for" followed by a failure verb, "the first time in 13 years", "only
  temporary", "kept to a minimum". "It is rare for" with no failure after it, and an exact
  count or length, are clean.

The flagged sentences are dev-heldout26's bad ones or written for this file; the clean ones
were written for this file."""

from tests.support.lint_cases import round_tests

FLAGGED = [
    # rarity or a record said of a failure (dev-heldout26)
    ("It is not uncommon for a request for credit card authorisation to fail once or twice "
     "before the card is finally authorised.", "minimising", 'Drop "it is not uncommon for"'),
    ("It is important to mention that it is not common for ferries to be canceled or delayed.",
     "minimising", 'Drop "it is not common for"'),
    ("This is the first time in 13 years that we've had a certificate issue.", "minimising",
     'Drop "the first time in 13 years"'),
    ("This is only temporary, and the bank will only charge you once on the due date.",
     "minimising", 'Drop "only temporary"'),
    ("This remains a last resort and is kept to a minimum.", "minimising",
     'Drop "kept to a minimum"'),
    # written for this file
    ("It's very rare for parcels to be lost in the post.", "minimising",
     "say what happened to them"),
    ("This is the first outage in five years for our booking site.", "minimising",
     'Drop "the first outage in five years"'),
]

CLEAN = [
    "Your payment failed twice this morning, at 09:12 and 09:40; we retried it at 10:02.",
    "The ferry on 4 May was cancelled because of high winds; we refunded your ticket today.",
    "It is the first time we have sent you this letter.",
    "The road stays closed until Friday, 6 pm, while the crew replaces the pipe.",
    "We have been open for 13 years and we are sorry we let you down.",
]

test_round27_recall_flagged, test_round27_recall_left_alone = round_tests(FLAGGED, CLEAN)

"""English precision of the twenty-sixth round of issue 17 (h152), from the false positives of
the development sets (dev-27, dev-25, dev-22 and the older ones), each by a sentence's
structure.

- ``agentless_passive`` (english/passive.py): a passive that is the sentence's first clause,
  opened by "As a result" (or "As a consequence", "Consequently"; not "As a result of ...")
  tells what the cause told just before did: its doer is that cause ("As a result, many trains
  were cancelled or delayed"). Softened ("As a result some people were accidentally
  double-billed") or said to be wrong it is still flagged, and the opener is no longer read as
  part of the subject in the rewrite.
- ``agentless_passive``: "is/are being" + participle in a clause of reason after the main
  clause ("…, because the lane is being resurfaced") is work going on now that explains a
  change told first; a failure verb, a taking verb or a fault noun as subject ("because your
  data is being deleted"), a past progressive or a main clause ("This is being treated as an
  isolated incident") is still flagged.

The clean sentences are the development sentences these changes cleared; the flagged ones were
written for this file or are bad development sentences."""

from tests.support.lint_cases import round_tests

FLAGGED = [
    # a result, but softened or said to be wrong (dev-27's bad sentence first)
    ("As a result some people were accidentally double-billed.", "passive_evasion",
     "We double-billed some people."),
    ("As a result, your order was wrongly cancelled.", "passive_evasion",
     "We wrongly cancelled your order."),
    # "as a result of ..." names its own cause: the passive is read as before
    ("As a result of the outage, your order was cancelled.", "passive_evasion",
     "We cancelled your order."),
    # the result clause second, after a passive of its own
    ("Your order was cancelled and, as a result, your refund was delayed.", "passive_evasion",
     "We delayed your refund."),
    # work under way, but a harm's verb, or no main clause before it
    ("Your account is locked, because your data is being deleted.", "passive_evasion",
     "We are deleting your data."),
    ("This is being treated as an isolated incident.", "passive_evasion",
     "We are treating this as an isolated incident."),
    ("Because the lane is being resurfaced, your visit was cancelled.", "passive_evasion",
     "We cancelled your visit."),
]

CLEAN = [
    # dev-25 (a train operator's apology)
    "As a result, many trains were cancelled or delayed.",
    # dev-22 (an incident report)
    "As a result our staff wasn't notified of the issue in a timely fashion.",
    # dev-19, dev-20
    "Your houseboat mooring moves to berth 14 from 1 May, because the old berth is being dredged.",
    "Your orchard visit this year starts at the farm shop rather than the top gate, because the "
    "lane is being resurfaced.",
]

test_round26_flagged, test_round26_left_alone = round_tests(FLAGGED, CLEAN)

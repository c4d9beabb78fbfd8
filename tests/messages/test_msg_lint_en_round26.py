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
- ``minimising`` (english/minimise.py): "only" before a part counted against its whole, the
  whole named with "your", "their", "our" or "its" as well as "the" ("only two of your three
  wardrobes", "of their usual power"), tells how far we fell short, as "only two of the twelve"
  already did; with a harm's word in the sentence ("Only two of your twelve parcels were
  damaged", "The outage affected only 3 % of our customers") it still shrinks the harm.
- ``third_party_blame`` (english/blame.py): a body named by common words and no party noun
  ("Public Works", as a department signs itself) that says what it does not know yet ("does not
  know how long …", "is unable to say when …") tells its uncertainty, not a failure; with a
  harm on "you"/"your", a party noun ("The supplier") or a failure of its own ("did not fix
  the main") it is still blame.
- the learned check (checks.py, english/passive.py ``remedy_only``): its guess that a sentence
  hides a doer is answered when every passive in the sentence tells a remedy, by a mending verb
  ("All services have been restored") or a remedy noun put in place ("A replacement switch
  has been installed"), with no negation and no harm word: the passive rule has read those
  passives and let them through. A sentence with another passive beside the remedy ("Your
  complaint was closed before it had been resolved") is still guessed at.

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
    # "only" with the whole named, but a harm counted
    ("Only two of your twelve parcels were damaged.", "minimising",
     'Give the figure: "Two of your twelve parcels were damaged."'),
    ("The outage affected only 3 % of our customers.", "minimising",
     'Give the figure: "The outage affected 3 % of our customers."'),
    ("We only lost two of your three albums.", "minimising",
     'Give the figure: "We lost two of your three albums."'),
    # a body that does not know, but about the customer's own thing, or a party that does not
    ("Public Works does not know when your water will be back.", "blame_others",
     "We do not know"),
    ("The supplier does not know when your sofa will arrive.", "blame_others", "We do not know"),
    ("Public Works did not fix the main.", "blame_others", "We did not fix the main."),
    # a remedy's passive beside a harm's (dev-21's bad sentence): the learned check still reads it
    ("Your complaint was closed before it had been resolved.", "passive_evasion",
     "Name who did it"),
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
    # dev-14
    "We could fit only two of your three wardrobes today; the third goes in on Friday.",
    # dev-27 (a First Nation's public works)
    "Public Works does not know how long this will take and is unable to say when water will be "
    "restored to homes and offices.",
    # dev-27 (Tagadab's incident report)
    "A replacement switch has been installed.",
    "All services have been restored.",
]

test_round26_flagged, test_round26_left_alone = round_tests(FLAGGED, CLEAN)

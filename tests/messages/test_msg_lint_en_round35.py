"""English checks of the thirty-fifth round of issue 17 (h199): fewer findings on good sentences
that report a remedy in the passive or name a party doing something neutral, by what the
clause does; one more shape of blame.

- ``agentless_passive`` (english/passive.py ``_done_again``): "again" in the participle's own
  clause ("have been uploaded to the shared folder again") tells the work redone, and a clause
  after "and" that tells the thing back in use ("... and the bar is open again") tells the
  remedy; neither hides the doer of a harm. A verb that takes or fails ("charged again",
  "deleted") is still read as before.
- ``agentless_passive`` (english/passive.py ``_spared``, lexicon ``still_good``): a result clause
  "so (that) it/they/your X would not ..." or "so your X is still valid" tells the harm the act
  spared the customer's thing. A harm in the clause, or a failure verb, is read as before.
- ``is_failure`` (english/blame.py ``_passed_a_trial``, lexicon ``trials``): a party or thing
  that "passed" a test ("passed its annual service") with no word of handing on ("to", "on")
  did not fail.
- ``third_party_blame`` (english/blame.py ``_work_reason``): a party's act done "for" work on the
  thing ("closed the pool for repainting", "for repairs"), then our remedy after it, blames no
  one, as the weather given as the reason already did (round 34). No remedy, no pass.
- ``minimising`` (english/minimise.py): "just under/over/below/above" and a figure is a rounded
  figure, not the harm made small.
- ``regrets_to_the_upset`` (english/stance.py ``_sorry_for_our_act``): sorry to "those
  affected" is no non-apology when the sorry names our act against them ("apologize for
  letting you down", "sorry for keeping you waiting").
- ``fault_theirs`` (english/framing.py ``_must_trust``): our part made a necessity of leaning on
  a party ("we have to trust that Royal Mail will ...", "we can only rely on the courier"):
  blame_others, with a rewrite that names the party we chose. Our own people ("our drivers")
  and the weather are not parties here.

Sentences written for this file, in wording no corpus uses; every clean one was flagged on
main 9a9a426 and every flagged one is flagged on this branch.
"""

from tests.support.lint_cases import round_tests

FLAGGED = [
    # a verb that takes, with "again": a repeated harm, still hidden
    ("Your card was charged again on Friday.", "passive_evasion", "We charged your card again"),
    # a failure verb before the back-in-use clause
    ("Your old meter readings were deleted and the app is working again.", "passive_evasion",
     "We deleted your old meter readings"),
    # a result clause that tells no harm spared: the cancelling is still hidden
    ("Your booking was cancelled, so your card is still safe.", "passive_evasion",
     "We cancelled your booking"),
    # passing on, not passing a test
    ("The agency passed your details to a debt collector.", "blame_others",
     "We passed your details to a debt collector"),
    # work as the purpose, but no remedy of ours after it
    ("The council closed the road to the campsite for resurfacing.", "blame_others",
     "We closed the road to the campsite"),
    # "just" and a small amount, not a rounded figure
    ("It was just a few minutes, so no real harm was done.", "minimising", "Give the figure"),
    # sorry to those affected, for no act of ours
    ("We apologise to everyone affected for any inconvenience.", "non_apology",
     "Say sorry for what we did"),
    # the outcome put in a party's hands
    ("Once your bike leaves our workshop, we must trust that the haulier will look after it.",
     "blame_others", "we chose the haulier"),
    ("After dispatch we can only rely on the courier to get your sofa to you on time.",
     "blame_others", "we chose the courier"),
]

CLEAN = [
    # the work redone, or the thing back in use
    "Your holiday videos have been uploaded to the shared folder again.",
    "The flooded cellar has been pumped out and the bar is open again.",
    # the harm spared, or the customer's thing still good
    "Your trailer got moved to the upper yard overnight so it would not block the fire lane.",
    "The spring exhibition has been extended by three weeks, so your ticket is still valid in May.",
    # a test passed
    "The hire company's van passed its annual service last week, so it is ready for your move.",
    # a party's act for work on the thing, then our remedy
    "The council closed the pool for repainting, and we have moved your swimming lessons to the "
    "Eastside pool.",
    # a rounded figure
    "The ferry sat outside the harbour for just over three hours, and you missed your connecting "
    "train.",
    "Just over 300 tenants had no heating on Sunday night, and we are sorry.",
    # sorry for our act, to those it was done to
    "To everyone affected on Saturday: we are sorry for keeping you waiting two hours in the rain.",
]

test_round35_flagged, test_round35_left_alone = round_tests(FLAGGED, CLEAN)

"""English checks of the thirty-fourth round of issue 17 (h196): fewer findings on plain, good
sentences that name a party, by what the party's clause does.

- ``third_party_blame`` (english/blame.py ``_weather_reason``, lexicon ``reason_openers``): a
  party's act whose reason, given after the verb, is the weather or the earth ("cancelled the
  crossing because of high winds") and after which we say what we did for them ("and we have
  moved your booking") blames no one: the same reading the check already gave the weather as
  the subject. A reason that is no force of nature, or no remedy of ours after it, is still
  read as before.
- ``third_party_blame`` (english/blame.py ``_mends_unaddressed``, ``mending_purpose``, lexicon
  ``purpose_aspects``): a body named by its office ("Eastgate Water Department", "the Water
  Department": an ``org_heads`` word, no party or business noun) whose act is done to mend ("to
  repair", "to begin work on repairing", "to start fixing") in a notice that puts nothing on
  "you"/"your" and says nothing of ours, is the mending told by its doer, as a name of common
  words ("Public Works") already was. A party noun as the doer ("the gas network", round 25b's
  "Acme Couriers"), a harm put on the customer ("to your street"), or an act with no mending
  purpose, is still blame.
- ``is_failure`` (english/blame.py ``_told_about``, lexicon ``telling_verbs``): a party's verb
  of telling with its content after "about"/"of"/"that" ("told us about the leak") is what the
  party told, not a failure of theirs, unless the telling itself is said to be late or short
  anywhere in the sentence ("a week after it happened", "only", "too late", "nothing").
- ``agentless_passive`` (english/passive.py ``_we_redo``): our own people ("our engineer", "our
  staff": the lexicon's ``own_people`` after "our") doing the same act again ("has reset it",
  "are reprinting them") name us as the ones who did it the first time, as "we" redoing it
  already did. Someone not ours redoing it ("the installer has refitted it") leaves the passive
  hiding its doer.

Sentences written for this file, in wording no corpus uses; every clean one was flagged on
main cdb3dca.

The relabelling of this round (two dev-33 sentences with "migration", "deployed", "UTC", good
-> bad jargon, by COMMS.md principle 4) is pinned by the last two flagged cases: engineers'
words to customers are jargon.
"""

from tests.support.lint_cases import round_tests

FLAGGED = [
    # a reason that is no force of nature: the party's act is still blame
    ("The coach firm cancelled the 9:15 trip to the coast because of a staff shortage, and we "
     "have moved your seats to Thursday at no charge.",
     "blame_others", "We cancelled the 9:15 trip to the coast because of a staff shortage"),
    # a party's telling said to come late: still blame
    ("The scaffolding firm informed us of the cracked beam a week after it happened.",
     "blame_others", "We informed you of the cracked beam a week after it happened."),
    # a mending purpose, but the harm put on the customer's street: still blame
    ("Eastgate Water Department has cut the supply to your street to start fixing a leaking main.",
     "blame_others", "We have cut the supply to your street to start fixing a leaking main."),
    # a party noun ("network") as the doer: still blame, as round 25b keeps "Acme Couriers"
    ("The gas network has cut the supply to Elm Row to start fixing a leaking main.",
     "blame_others", "We have cut the supply to Elm Row to start fixing a leaking main."),
    # no mending purpose: the party's act, and a harm
    ("The gas network has cut the supply to Elm Row, so the café will stay shut.",
     "blame_others", "We have cut the supply to Elm Row, so the café will stay shut."),
    # the act redone by someone not named as ours: the first doer still hidden
    ("Your shower tray was sealed badly; the fitter has resealed it.",
     "passive_evasion", "We sealed your shower tray badly"),
    # engineers' words (the labelling settled this round): jargon to a customer
    ("A schema migration we deployed at 09:40 GMT locked the bookings table.",
     "jargon", "Use everyday words"),
    ("We rolled back the deploy at 10:15 and confirmed full recovery by 10:40.",
     "jargon", "Use everyday words"),
]

CLEAN = [
    # the weather as the reason for a party's act, then what we did for them
    "The coach firm cancelled the 9:15 trip to the coast because of heavy snow, and we have "
    "moved your seats to Thursday at no charge.",
    "The balloon company cancelled your flight because of strong winds, and we have moved your "
    "voucher to next month.",
    # a party's act done to mend, in a notice that puts no harm on the reader
    "Northfield Highways Department has shut off the water to Mill Lane to begin work on "
    "repairing the culvert.",
    "Eastgate Water Department has turned off the supply to Church Road to start repairing a "
    "burst pipe.",
    # our own people redo the act: the first act was ours
    "The stair lift in your hallway was programmed with the wrong stop; our technician has "
    "reprogrammed it.",
    "Your parcel labels were printed too faint, and our staff are reprinting them this afternoon.",
    # a party tells us of a fault; we act on it
    "The roofing contractor told us about the leak above bedroom two on Monday, and our roofer "
    "sealed it the same afternoon.",
]

test_round34_flagged, test_round34_left_alone = round_tests(FLAGGED, CLEAN)

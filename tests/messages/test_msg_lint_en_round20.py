"""English precision of the twentieth round of issue 17 (h112): two narrowings of checks that
flagged good sentences, each by a clause's or a subject's structure, not by a word list.

- ``cause_terms`` (english/rare.py): "but", "while" and "until" open a contrast or a time, not
  a reason; a rare noun after them ("but the mezzanine is closed", "while the boathouse stays
  shut") is no reason told in a trade's words, and a reason given before ends at them.
- ``third_party_blame`` (english/blame.py): a thing's part (owned by a thing, not by a party
  of the lexicon, a name, or an owner stressed as "own": "the bowling lane's ball return")
  failing, in a sentence where we act in a later clause ("so we've given you a free game"),
  is no party blamed; it still is where the part acts on something as a party would, or
  where nobody acts on what it did.

Sentences written for this file, in wording no corpus uses."""

from tests.support.lint_cases import round_tests

FLAGGED = [
    # a reason still told in a trade's words, also after a "but"
    ("Your fence is late because the arris rails warped in the yard.", "jargon",
     "because the <arris in plain words> rails warped"),
    ("Your fence is late, but that is because the arris rails warped in the yard.", "jargon",
     "because the <arris in plain words> rails warped"),
    # a party owns the subject, or its ownership is stressed
    ("The gym's cleaner left the pool doors open overnight.", "blame_others",
     "We left the pool doors open overnight."),
    ("The airline's baggage handlers lost your suitcase.", "blame_others",
     "We lost your suitcase."),
    ("The marina's own crane dropped your boat on the slipway.", "blame_others",
     "We dropped your boat on the slipway."),
    ("The caravan park's warden locked the gate early, so you could not get to your pitch.",
     "blame_others", "We locked the gate early"),
    # a thing's part, and no act of ours after it
    ("The pier's ticket machine kept your card, and you missed the last boat.", "blame_others",
     "We kept your card"),
]

CLEAN = [
    # after "but", "while", "until": no reason told there
    "The riverside path is open again, while the boathouse stays shut for painting until May.",
    "Please keep your dog on a lead until the stile by the paddock is mended.",
    "Your sofa is ready, but the footstool's upholstery will take one more day.",
    "We've mended your fence, but the trellis panels come next week.",
    "Your bread order is on the van, while the sourdough starter follows by post.",
    "The gallery is open as usual, but the mezzanine is closed until the handrail is fixed.",
    # a thing's part failing, owned by a thing
    "The bowling lane's ball return stuck twice during your game, so we've given you a free "
    "game.",
    "The stable's water trough cracked overnight, so we've moved your pony to the paddock.",
    "We're sorry: the ice cream van's freezer failed in the heat, so we came to your party "
    "without the lollies.",
    "The treehouse's rope bridge frayed, so we closed it for the day.",
    "The minibus's heater stopped working on the way to the coast, so we stopped at a café "
    "to warm everyone up.",
]

test_round20_flagged, test_round20_left_alone = round_tests(FLAGGED, CLEAN)

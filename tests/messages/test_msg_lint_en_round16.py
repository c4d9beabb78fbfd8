"""English checks of the sixteenth round of issue 17 (h88): recall on writers the rules have
not seen, by general forms. Customer blame by the state of a thing of theirs: a "your" noun
phrase (or one "you gave us") left in a deficient state given as the cause ("because the card
on your account expired and was never updated"), a counterfactual whose condition is their
thing being right ("Had the gate code been in your booking notes, ..."), a duty put on a role
the customer takes ("the hirer's job"). A third party thanked for the harm ("Thanks to the
kart importer, ... never arrived") is blame elsewhere. Abbreviations: a lower-case word cut
to its consonants ("acct", "mgmt"), and a number run into capitals ("2MR", "3PL"). After
dev-18 batch 2: us made the ones wronged ("X let us down", "caught us out"), a party's act
other than what we asked ("a smaller truck than we asked for"), a business named by a closed
compound on a business word ("the sawmill"), the habit of most customers set against theirs
("Most people ...; yours was loose"), and sorry for the view they came to ("sorry you ended up
feeling that ..."). After batch 3: a passive in the cause whose doer is theirs ("was blocked
by your guests' cars"), the terms called plain to them ("which was clearly shown at the till"),
a party that supplied us a faulty thing, "blame" with a party as its object, "we take ...
seriously" in place of an apology, and an apology hung on a condition put first ("If ...,
please accept our apologies"). After batch 4: what we were not told as the cause ("a padlock
that nobody told us about", "we weren't told ..."), a group's neglect as the condition of what
we won't do ("... when guests ignore the tray rule"); minimising as the harm taken back by
what the thing can "still" do ("..., but it was still perfectly playable") or "nothing/little
more than a"."""

from tests.support.lint_cases import round_tests

FLAGGED = [
    # blame_customer: their thing's deficient state as the cause
    ("Your prints were held back because the card on your account expired and was never updated.",
     "blame_customer", "we should have checked the card on your account with you"),
    ("The glasses went to the wrong shop since the branch you chose online was wrong.",
     "blame_customer", "we should have checked the branch you chose online with you"),
    ("The meter reading came out high as the photo you sent us was too blurry to read.",
     "blame_customer", "we should have checked the photo you sent us with you"),
    # blame_customer: counterfactual on their thing
    ("Had the parking permit been on your dashboard, the warden would not have ticketed you.",
     "blame_customer", "We should have checked the parking permit with you"),
    ("The cake would have been ready if the design on your order form had been complete.",
     "blame_customer", "We should have checked the design on your order form with you"),
    # blame_customer: a duty on the customer's role
    ("It is the renter's job to lock the bikes at night, and this one was left open.",
     "blame_customer", "We will check it with you"),
    ("Checking the tyres is the borrower's responsibility before every trip.",
     "blame_customer", "We will check it with you"),
    # blame_others: a party thanked for the harm
    ("Thanks to the flour wholesaler, your wedding cake was not ready on Saturday.",
     "blame_others", 'Drop "Thanks to the flour wholesaler" and own it: "Your wedding cake was '
     'not ready on Saturday; we should have'),
    # abbreviation: clipped lower-case words, a number run into capitals
    ("We've added the refund to your acct and sent the receipt by email.", "abbreviation",
     'say what "acct" is short for'),
    ("Your appt with the optician is moved to Friday at 10:00.", "abbreviation",
     'say what "appt" is short for'),
    ("The parcel went to our 3PL on Monday and leaves there today.", "abbreviation",
     'write out what "3PL" stands for'),
    # second forms (after dev-18 batch 2): us made the ones wronged, a party's act other than
    # what we asked, a business by a compound's last part, what most customers do set against
    # theirs, sorry for the view they came to
    ("The bakery let us down again and sent only half the rolls we ordered.", "blame_others",
     '"We let you down again and sent only half the rolls we ordered."'),
    ("The weather caught us out, and the last ferry left without your group.", "blame_others",
     "Say it as ours"),
    ("The scaffold firm put up a lower platform than we specified, so the painters stopped.",
     "blame_others", "We didn't make sure the scaffold firm sent what we asked for, so the "
     "painters stopped"),
    ("The bookshop lost the order for your reading group.", "blame_others",
     "We lost the order for your reading group."),
    ("Most owners brush their horses down after a ride; yours was still muddy at the yard.",
     "blame_customer", "Leave other customers out of it"),
    ("Not all riders remember their hats, and you didn't on Sunday either.", "blame_customer",
     "Leave other customers out of it"),
    ("We're sorry you came away thinking the tasting menu was small.", "non_apology",
     "Say sorry for what we did"),
    ("Sorry that you were left feeling the course was rushed.", "non_apology",
     "Say sorry for what we did"),
    # third forms (after dev-18 batch 3): a passive in the cause done by them, the terms called
    # plain to them, a party that supplied us a faulty thing, "blame" with a party as its
    # object, a stance in place of an apology, an apology hung on a condition put first
    ("The skip wasn't collected because the lane was blocked by your builder's van.",
     "blame_customer", "we should have checked the lane with you"),
    ("Tickets can't be exchanged after the show, as is plainly stated on the booking page.",
     "blame_customer", 'Drop the reminder and say what we will do: "Tickets can\'t be '
     'exchanged after the show; we should have told you'),
    ("The joinery we work with fitted a warped door in your hallway.", "blame_others",
     '"We fitted a warped door in your hallway."'),
    ("The wholesaler supplied us with a batch of damaged tiles for your bathroom.",
     "blame_others", "Say it as ours"),
    ("We blame the removals firm for the scratches on your table.", "blame_others",
     "Don't blame the removals firm"),
    ("We treat every complaint about our deliveries very seriously.", "non_apology",
     "Say sorry for what happened"),
    ("If the cake wasn't what you pictured, please accept our apologies.", "non_apology",
     '"We\'re sorry the cake wasn\'t what you pictured."'),
    # fourth forms (after dev-18 batch 4): what we were not told as the cause, a group's
    # neglect as the condition of what we won't do
    ("The piano tuner left because the flat had a second door code that nobody told us about.",
     "blame_customer", "We should have asked you about it before we came"),
    ("We weren't told the drive was being resurfaced, so the van turned back.",
     "blame_customer", "We should have asked you about it"),
    ("Lost keys can't be refunded when members forget to return them at the desk.",
     "blame_customer", "we will <make the step easier"),
    # minimising: the harm taken back by what the thing can still do, "nothing more than"
    ("The sofa arrived with a scuffed leg, but it is still perfectly usable.", "minimising",
     '"The sofa arrived with a scuffed leg. We will <put it right'),
    ("Your tent had a small tear when we collected it, little more than a nick.", "minimising",
     "Leave out what makes it small"),
]

CLEAN = [
    # our own act or our own fault told beside their thing
    "Your prints were held back because the card we had on file expired, and we didn't tell you.",
    "Your card on file expired, and we should have emailed you before the order stopped.",
    "The order went to your old address because we sent it to the one we had on file.",
    "We are sorry: the parcel was late because our van broke down, not because of you.",
    "Your booking is confirmed because the deposit you sent us arrived on Monday.",
    # counterfactuals on our side, or on their thing with nothing for them to do
    "Had we checked the parking permit list, the warden would not have ticketed you.",
    "Had our van been in the yard, we would have sent the cake on Friday.",
    # a duty that is ours or cleared
    "It is our job to lock the bikes at night, and we left this one open; we're sorry.",
    "It is not the renter's job to check the tyres; we check them before every trip.",
    # thanks that praise
    "Thanks to the flour wholesaler, who opened early for us, your cake was ready on Saturday.",
    "Thanks to your patience, we found the missing parcel and it arrives today.",
    # abbreviations that are plain: units after a number, sounds, everyday words, codes
    "The van was doing 30 mph when it hit the kerb, and we are paying for the repair.",
    "Your booking code is XJ7 2KP, and your train leaves at 10AM.",
    "We checked the app and the fix is live; open it and it works again.",
    "See https://example.com/help for the new opening times.",
    # second forms' near misses
    "We let you down on Saturday, and the bakery has refunded us for the missing rolls.",
    "We put up a lower platform than the painters needed, and we are raising it tomorrow.",
    "Most guests book the early slot, and yours is confirmed for 9 am.",
    "Most orders arrive in two days; yours is on its way and arrives on Thursday.",
    "We're sorry you came away hungry: we served smaller portions than the menu promised.",
    "The workshop we run in Leeds repaired your saddle on Monday.",
    # third forms' near misses
    "We didn't collect the skip because our own lorry blocked the lane; we're sorry.",
    "We can't exchange sale tickets, and our booking page did not say so clearly.",
    "We fitted a warped door in your hallway; the joiner replaces it on Monday.",
    "The wholesaler supplied us with your new tiles on Tuesday, and we fit them on Friday.",
    "Please don't blame the driver: we gave him the wrong address.",
    "If your cake arrived damaged, send us a photo and we'll bake a new one for Saturday.",
    "Nobody told you the class had moved, and that was our mistake.",
    "When members forget their keys, our desk lends them a spare for the day.",
    "We scuffed a leg of your sofa, but we will still deliver the new one on Friday.",
    "We charged you £40 more than the quote, the same as a full extra day.",
]


test_flags_with_a_rewrite, test_leaves_near_misses_alone = round_tests(
    FLAGGED, CLEAN, or_in_message=True)

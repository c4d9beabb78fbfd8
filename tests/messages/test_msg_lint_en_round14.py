"""English checks of the fourteenth round of issue 17 (h51): recall by general forms on
heldout-17 (retired to development) and dev-17. A harm or its cause named by a placeholder
("sorry for the connectivity situation", "we had some difficulties", "impacted by factors at
the depot") with nothing said of it is vague, as is "something went wrong" opening a clause
after a colon; words of a trade by their shape (clinical and Latinate endings no dictionary
lists, a reversing "de-" coinage, a bound Latin prefix) are jargon unless explained right
after them. Another customer ("the previous hirer", "the guest before you") is a party when
their act tells the harm; the firm "we hired" is the subject of the verb after it; things
counted with "every" are no party, nor is "our <role>" when a passive says it was done to
them. "It was decided to ..." names no one; "a mere day late" and "hardly anything" shrink
the harm. Customer blame: "Had members read ..., they would have ..." (a counterfactual on a
group of them), our own paper cited at the start ("As the order form clearly states, ... must
..."), their thing arriving late as the cause ("because your reorder reached us after the
cut-off"). Non-apology: a condition after the apology itself ("our apologies should your ...
have fallen short"), sorry "to any drivers for whom ... fell short", "it's a shame to learn
that ...". From dev-17 batch 2: more empty harm nouns (challenges, hiccups, hitches, "the
state of affairs") and a placeholder that "arose"; "if only you had ..."; a party's return
"with an empty tank"; "nothing a safety pin can't fix"; sorry that a thing "was confusing for
you"; a passive spared when we redo the same act ("we are reprinting them"); a partner who
"looked after" something did plain work. From dev-17 batch 3: a party's work "without" what it
needed ("sent a crew without ladders"); "some irregularities were found" and sorry for "the
mix-up" with nothing told (vague); their care "that was not followed" as the cause
(blame_customer)."""

from tests.support.lint_cases import round_tests

FLAGGED = [
    # vague: a placeholder as the apology's object, had by us, causing, or as a passive's doer
    ("We're sorry for the parking situation at the Elm Road depot this week.", "vague",
     '"We\'re sorry for <what went wrong: what broke, for whom, for how long> at the Elm Road'),
    ("We are sorry for what happened with your hamper order.", "vague",
     '"We are sorry for <what went wrong: what broke, for whom, for how long> with your hamper'),
    ("We had some difficulties with the lifts on Tuesday.", "vague",
     '"We had <what went wrong: what broke, for whom, for how long> with the lifts on Tuesday."'),
    ("Your parcel was affected by factors outside the warehouse.", "vague",
     '"Your parcel was affected by <what went wrong: what broke, for whom, for how long> outside'),
    ("Some issues at the kitchen meant your order was late.", "vague",
     '"<What went wrong: what broke, for whom, for how long> at the kitchen meant your order'),
    ("Sorry: something went wrong with your gym pass.", "vague",
     '"<What went wrong> with your gym pass: <what you will see, and until when>."'),
    # jargon by the word's shape
    ("Your dog developed a haematoma after the spay.", "jargon",
     "<haematoma in plain words>"),
    ("The tills stopped because of a price-file desync.", "jargon", "<desync in plain words>"),
    ("Your cat needed peri-operative fluids, so she stayed a night longer.", "jargon",
     "<peri-operative in plain words>"),
    # blame_others: another customer, a hired firm, a business by its class
    ("The previous hirer returned the van dented.", "blame_others",
     "We returned the van dented. If a partner was involved"),
    ("The guest before you broke the kettle.", "blame_others", "We broke the kettle."),
    ("The roofers we hired left rubble in your garden.", "blame_others",
     "We left rubble in your garden."),
    ("The boatyard handed your boat back a month late.", "blame_others",
     "We handed your boat back a month late."),
    # passive_evasion and minimising
    ("It was decided to cancel the Friday class.", "passive_evasion",
     "We decided to cancel the Friday class."),
    ("Your new glasses came a mere week late.", "minimising",
     '"Your new glasses came a week late."'),
    ("The extra charge was hardly anything, a few pence.", "minimising", "Give the figure"),
    # blame_customer
    ("Had parents checked the kit list, they would have packed boots.", "blame_customer",
     "We should have made this clear to you"),
    ("As the booking page clearly states, the deposit must be paid by the guest within a week.",
     "blame_customer", 'Drop "As the booking page clearly states" and make the step ours: "The '
     'deposit must be paid by the guest within a week; we will check it with you'),
    ("Your passport came back late because your form reached us after the deadline.",
     "blame_customer", '"Your passport came back late; we should have told you the deadline'),
    # non_apology
    ("Please accept our apologies should your meal have fallen short of your expectations.",
     "non_apology", '"We\'re sorry your meal fell short of your expectations."'),
    ("Our apologies to any riders for whom the new timetable fell short.", "non_apology",
     "<what went wrong for you>"),
    ("It's a shame to hear that the concert was not what you hoped.", "non_apology",
     "without conditions"),
    # batch 2 forms
    ("We apologise for the state of affairs at the car wash.", "vague",
     '"We apologise for <what went wrong: what broke, for whom, for how long> at the car wash."'),
    ("Unfortunately, a situation arose at the front desk on Friday.", "vague",
     "<what went wrong: what broke, for whom, for how long> arose at the front desk"),
    ("Various challenges at the warehouse meant your sofa was late.", "vague",
     "<What went wrong: what broke, for whom, for how long> at the warehouse meant"),
    ("If only you had booked earlier, you would have had a window seat.", "blame_customer",
     "Drop the condition"),
    ("The hirer before you returned the van with an empty tank.", "blame_others",
     "We returned the van with an empty tank."),
    ("The hem is a little uneven, nothing an iron can't fix.", "minimising",
     "Don't tell them it is easy to mend"),
    ("We're sorry the new checkout was confusing for you.", "non_apology",
     '"We\'re sorry the new checkout <what was wrong with it'),
    # batch 3 forms
    ("The cleaning firm we hire sent two people without a vacuum.", "blame_others",
     "We sent two people without a vacuum."),
    ("Some discrepancies were found in your meter readings.", "vague",
     '"<What went wrong: what broke, for whom, for how long> were found in your meter'),
    ("We apologise for the mix-up with your dry cleaning.", "vague",
     '"We apologise for <what went wrong: what broke, for whom, for how long> with your dry'),
    ("Your new lawn died because the watering advice was not followed.", "blame_customer",
     '"Your new lawn died; we should have gone through the care steps with you'),
]

CLEAN = [
    "We're sorry for the parking situation: we closed half the car park without telling you.",
    "We're sorry for the situation at the lifts. Our lift broke down on Monday, fixed on Tuesday.",
    "We had some difficulties because our card machine lost its signal for an hour.",
    "Problems with the boiler meant the pool was cold on Friday.",
    "We're sorry: something went wrong with our booking system, so we lost your 10:00 slot.",
    "Rex has a haematoma, a pocket of blood under the skin; the vet will drain it at 10:00.",
    "We will reseal the window on Monday at our cost.",
    "We're sorry your delivery was late: our van broke down in Leeds.",
    "The last guests stayed two nights.",
    "The guest before you booked the room for one night.",
    "Every door on the ground floor locked itself at 6 pm because our system failed.",
    "It was decided by our board to close the branch.",
    "Had we checked the kit list, we would have packed the boots ourselves.",
    "As the booking page states, we hold the room for 24 hours, and we will call you first.",
    "We charged you a fee in error, as our records show you paid on time; we refunded it.",
    "Your passport came back late because we posted your form a day late; we're sorry.",
    "Our apologies to everyone on the 8:10 train: we cancelled it without warning.",
    "A leak developed in the roof because we fitted the flashing badly; we're sorry.",
    "Twelve of your prints were printed too dark; we are reprinting them free this week.",
    "Our partner, ShineCo, looked after your keys and returned them at 4 pm.",
    "We're sorry our new checkout lost your basket twice; it was confusing for you and us.",
    "There is nothing that our engineer can't fix on your boiler, and he is with you at 10:00.",
    "The fitters we hired fixed your sofa legs without charge on Monday.",
    "We're sorry for the mix-up: we sent your coat to another branch, and it is back today.",
    "The mix-up affected two accounts, yours and one other.",
    "Your new lawn died because our gardener did not follow the watering advice.",
]


test_flags_with_a_rewrite, test_leaves_near_misses_alone = round_tests(
    FLAGGED, CLEAN, or_in_message=True)

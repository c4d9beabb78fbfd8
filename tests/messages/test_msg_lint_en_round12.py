"""English checks of the twelfth round of issue 17 (h40): precision on good wording the rules
were not shown, then recall by general forms. A party known only by its name must tell the
harm in its own words ("Oakwood Recruitment placed you with us" is plain work); a party's act
told with our own fault as its cause ("because our bus broke down", "but we could not find a
rider") is no blame; "our <role>" followed by he/she is our own staff; machine words only in
their machine senses ("upstream of your street", "a cluster of warehouses", "the gas
pipeline"); "only"/"just" in an instruction, before what a thing needs or holds, or as "not
until". And the shapes added for recall, with the rewrite each suggests."""

from tests.support.lint_cases import round_tests

FLAGGED = [
    # parties: a name with a past verb, an apposition, a name's possessive, a shortfall
    ("Thornbury Civils cut through your supply pipe on Monday.", "blame_others",
     "We cut through your supply pipe on Monday."),
    ("Thornbury Civils, the contractor laying the new water main on Elm Road, cut through your "
     "supply pipe on Monday.", "blame_others", "We cut through your supply pipe on Monday."),
    ("Queuetix's servers buckled under the demand for the Saturday show.", "blame_others",
     "If a partner was involved"),
    ("The farm that supplies our sour cream sent half the usual amount this week.",
     "blame_others", "We sent half the usual amount this week."),
    # abbreviations: mixed case with a run of capitals; a capital S after a time code
    ("Calls over VoLTE failed in Cardiff on Thursday.", "abbreviation", '"VoLTE"'),
    ("Our PMS showed you as a no-show.", "abbreviation", '"PMS"'),
    # customer blame: their omission as cause, a reproach, a habit of people like them, our
    # duty denied, "next time", avoidable by them, a counterfactual passive, a lapse verb
    ("Your £62 bill came from not turning on the travel add-on before you left.",
     "blame_customer", "We should have warned you"),
    ("Why didn't you tell us you had moved?", "blame_customer",
     "Don't reproach them with a question"),
    ("Tenants who leave windows shut all winter usually end up with mould like yours.",
     "blame_customer", "as advice, not as the cause"),
    ("Most grooming delays happen because owners arrive late, and your slot on Saturday was no "
     "exception.", "blame_customer", "as advice, not as the cause"),
    ("It is not our job to remind students of their timetable.", "blame_customer",
     "from now on we will"),
    ("Please make sure the gates are unlocked next time.", "blame_customer",
     "give their step as help, not as blame"),
    ("This could easily have been avoided with a quick call to us before you travelled.",
     "blame_customer", "Don't say what they could have done"),
    ("We would have helped sooner if the correct policy number had been given on the phone.",
     "blame_customer", "Don't put the delay on what they gave us"),
    ("Your alterations were late because you missed two of your fittings.", "blame_customer",
     "We should have reminded you"),
    ("Parents are reminded that nursery fees must be paid by the 1st.", "blame_customer",
     "Speak to them, not at a group"),
    # non-apologies: a group's mood, their not enjoying, "we hear", sorry on condition
    ("We're sorry that so many fans came away from the presale disappointed.", "non_apology",
     "not for how they feel"),
    ("We're sorry you didn't enjoy your stay as much as you'd hoped.", "non_apology",
     "not for how they feel"),
    ("We hear your frustration about the lost progress.", "non_apology", "Say sorry for what"),
    ("If that's how you left us, we're sorry for that.", "non_apology", "without a condition"),
    # a promise of ours not kept, as a negated passive
    ("The piano tuning appointment was not kept.", "passive_evasion",
     "We did not keep the piano tuning appointment."),
    # minimising: the harm called normal, a softener after "only"
    ("Your crown came loose, which can happen from time to time.", "minimising",
     "Your crown came loose. <what happened to you"),
    ("Your dog's stay went well apart from one small scuffle, which is quite normal for a busy "
     "kennel.", "minimising", "apart from one small scuffle. <what happened to you"),
    ("The print colours on your flyers are only marginally different from the proof.",
     "minimising", "The print colours on your flyers are different from the proof."),
    # jargon: heads only our staff use, a countdown code, a step named after "pending"
    ("Your prescription is held under the generic substitution protocol.", "jargon",
     "Say what it means for them"),
    ("We short-picked your box due to a stock variance.", "jargon", "Say what it means for them"),
    ("Your car is reallocated at T-24.", "jargon", "not a countdown code"),
    ("Your paint order is on backorder pending a tint base replenishment.", "jargon",
     "Say what we are waiting for in plain words"),
    # vague: causes left unnamed
    ("Various factors contributed to the delay with your panels.", "vague", "Name the causes"),
]

CLEAN = [
    # named parties doing plain work, or beside our own fault
    "Oakwood Recruitment placed you with us, and your first day is 2 June.",
    "Brightline Energy sent you a new meter on Monday.",
    "Bath Coaches drove the replacement bus, and we refunded half of everyone's tour because our "
    "bus broke down.",
    "The restaurant made your order on time, but we could not find a rider for 50 minutes; "
    "we've refunded the delivery fee.",
    "The courier delivered half of your order on Monday and the rest on Tuesday, as we had "
    "planned.",
    "We're sorry our cleaner missed the kitchen and bathroom on Tuesday. She'll come back "
    "tomorrow to finish them.",
    "There's only one parking space left for Saturday, so we've held it for you.",
    # machine words in everyday senses
    "We sell Saturday's tickets through Queuetix, and we booked too little capacity for the "
    "demand, so our queue threw many of you out.",
    "Players lost two hours of progress because we had not backed up our servers since 22:00.",
    "A burst pipe upstream of your street cut your water on Monday; we fixed it by 6pm.",
    "We use a cluster of three warehouses in the Midlands.",
    "The road surface outside your house has degraded, and we will resurface it on 4 May.",
    # "only"/"just" counting plainly
    "We left the lime out of your curry kit; the recipe only needs one, and we've put £3 of "
    "credit on your account.",
    "We labelled your tablets 10 mg when they are 5 mg. Please take just one tablet twice a day "
    "until we swap them tomorrow.",
    "We turned off the hot water without warning you, and it only came back at 10:00; we're "
    "sorry.",
    "Just call the number on your card and we'll sort it straight away.",
    "There are only 12 places on the tour, so we've held one for you until Friday.",
    "We're running a bit behind, so your table will be ready at 8:15 instead of 8.",
    "Your new boiler makes a humming sound, which is normal for the first week; call us if it "
    "lasts longer.",
    # groups and passives that name us or state a fact
    "Customers who booked before May, like you, get the old price.",
    "Our network in Leeds was down from 9am to 1pm because one of our cables was cut during "
    "building work we had arranged.",
    "We've changed our checklist so the lenses are checked twice before fitting.",
    "Thank you for your patience while we fixed the app. We're sorry it took us three days.",
    "We heard from the courier that your parcel is in Leeds.",
    "Please bring a T-shirt and trainers to your first class.",
]


test_flags_with_a_rewrite, test_leaves_near_misses_alone = round_tests(
    FLAGGED, CLEAN, or_in_message=True)

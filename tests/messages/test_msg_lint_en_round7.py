"""English structural checks of the seventh round of issue 17: sentence length counted in
words, minimisers, customer blame, passives, parties, feelings, labels and codes by shape;
the rewrite each suggests and the near-misses each leaves alone."""

from tests.support.lint_cases import round_tests

FLAGGED = [
    ("We have moved your appointment to the clinic on the high street because the room we "
     "normally use is being painted this week, and the nurse who usually sees you will be there "
     "at the same time as before.", "sentence_length",
     "We have moved your appointment to the clinic on the high street because the room we "
     "normally use is being painted this week. The nurse who usually sees you will be there"),
    ("Your parcel arrived a tad later than we said.", "minimising",
     "Your parcel arrived <exactly how many or how long> later than we said."),
    ("The outage affected just two streets.", "minimising", "The outage affected two streets."),
    ("Don't worry, it was nothing major.", "minimising", "Name the harm and let them judge"),
    ("The price rise is less than the price of a stamp.", "minimising",
     "The price rise is <the amount, in pounds>."),
    ("Customers who ignore the reminder will lose their slot.", "blame_customer",
     "We should have made the reminder harder to miss."),
    ("The van came back after you missed three delivery attempts.", "blame_customer",
     "We will text you the day before"),
    ("You picked the basic plan, so calls abroad cost extra.", "blame_customer",
     "We should have told you sooner that calls abroad cost extra."),
    ("The invoice you were sent had been wrongly addressed.", "passive_evasion",
     "We had wrongly addressed the invoice you were sent."),  # the tense kept
    ("Your letter was somehow mislaid.", "passive_evasion", "We mislaid your letter."),
    ("It was the card scheme, not our bank, that blocked the payment.", "blame_others",
     "We blocked the payment."),
    ("The print shop we use posted your leaflets to a former address.", "blame_others",
     "We posted your leaflets to a former address."),
    ("We are sorry that you were not happy with the repair.", "non_apology",
     "We're sorry we got the repair wrong"),
    ("Your case is in the escalation queue.", "jargon", "Your case is in our system."),
    ("Your a/c is now closed.", "abbreviation", "Your account is now closed."),
    ("Please send us your P45.", "abbreviation", '"P45"'),
    ("Service should improve over the coming weekend.", "vague", "Say who does what"),
]

CLEAN = [
    "Your appointment moved to the high street clinic. The nurse is the same, at the same time.",
    "We know even a small mistake on a bill is stressful.",
    "Your parcel arrived two hours later than we said, and we have refunded the delivery fee.",
    "Customers who missed the reminder can still book a slot in the app.",
    "We're sorry you missed your train because our bus was late.",
    "The invoice we sent you had the wrong address, and a new one is in the post.",
    "We mislaid your letter and have asked Ravi to call you by 15:00.",
    "The card scheme blocked the payment at our request while we checked it.",
    "Your data was copied when someone broke into our system; we are sorry.",
    "Your seat is 14C, and boarding is at gate B12.",
    "Send it to us c/o our Leeds office.",
    "We are sorry our engineer left your kitchen in a mess.",
    "Your case is with Maya, and she will call you by Friday.",
    "The phone queue was long this morning; we have added staff from 14:00.",
]


test_flags_with_a_rewrite, test_leaves_near_misses_alone = round_tests(
    FLAGGED, CLEAN)

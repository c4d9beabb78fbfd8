"""English checks of the tenth round of issue 17 (h25): the old broad rules narrowed by
structure so that fresh good text stays clean (a time owns nothing, we did it with the wrong
thing, a party's plain work told with when, a passive reporting work done, glosses after an
abbreviation's noun phrase, their task made light, a worry answered by what we did), and the
shapes added for dev-heldout12's misses (a harm with the customer's own act as its cause,
errors that "crept in", "have since been voided", "never showed up", "With <party>
refusing"); the rewrite each suggests and the near-misses each leaves alone."""

import importlib

from tests.support.lint_cases import round_tests

their_part = importlib.import_module("gateway.messages.lint.english.their_part")

FLAGGED = [
    ("Your tickets stopped working because you posted the barcode on social media.",
     "blame_customer", "Your tickets stopped working. We should have warned you"),
    ("Since you entered the wrong sort code, your pension payment went to someone else's "
     "account.", "blame_customer", "Your pension payment went to someone else's account."),
    ("Your doorbell missed visitors last week because you never installed the update we sent.",
     "blame_customer", "Your doorbell missed visitors last week."),
    ("It was your failure to return the form by Friday that held up your mortgage offer.",
     "blame_customer", "<What held up your mortgage offer>"),
    ("Errors crept in while your pension transfer was being processed.", "passive_evasion",
     "We made errors while your pension transfer was being processed."),
    ("A mistake crept into your bill.", "passive_evasion", "We made a mistake in your bill."),
    ("Event tickets bought between 10:00 and 10:20 have since been voided.", "passive_evasion",
     "We have since voided event tickets bought between 10:00 and 10:20."),
    ("Some customers may have been charged twice.", "passive_evasion",
     "We have charged some customers twice."),
    ("The surveying firm never showed up at your flat.", "blame_others",
     "We never showed up at your flat."),
    ("With the card processor refusing every payment between 9am and noon, your top-up did "
     "not go through.", "blame_others", "We refused every payment"),
    ("Because the lab we send samples to mislaid Bella's blood test, her results are late.",
     "blame_others", "We mislaid Bella's blood test"),
    ("The scratch on your wardrobe is purely cosmetic and shouldn't cause any real concern.",
     "minimising", "The scratch on your wardrobe: <what it means for you"),
    ("Our apologies for whatever trouble the overnight update might have given you.",
     "non_apology", "We're sorry"),
    ("The courier left your parcel in the rain on Tuesday.", "blame_others",
     "We left your parcel in the rain on Tuesday."),
    ("Your booking was cancelled on Thursday.", "passive_evasion",
     "We cancelled your booking on Thursday."),
    ("Reply with SLA to escalate.", "abbreviation", "service promise"),
    ("We hope to have things back to normal with the taxi app.", "vague",
     "we will write again by 16:00"),
    ("Two of our RoRo ferries on the Skye route are out of service until Friday.",
     "abbreviation", 'write out what "RoRo" stands for'),
]

CLEAN = [
    # a time owns nothing
    "Last month's invoice left off the VAT; the corrected one is £6.40 higher and we will not "
    "charge the difference.",
    "A few of Tuesday's veg boxes had no carrots; if yours was one, we will refund £3.",
    # we did it with the wrong thing, or said it was ours
    "We booked Halvorsen Removals for your move and gave them the wrong start time, so the crew "
    "arrived four hours late.",
    "Our print partner, Inkwell, posted your wedding invitations to the old address we gave "
    "them.",
    "We're sorry the hygienist left you waiting 35 minutes on Thursday; that was our scheduling.",
    # a party's plain work, told with when; a name with he/she; taken on
    "The florist we use in Bath made up your bouquet this morning, and our driver will bring it "
    "by 2pm.",
    "Our filtration contractor fitted the new pump on Monday, and the tanks are clear again.",
    "Only one cat stays in each pen, so Luna has not shared her space.",
    "Our taxi partner, CityCars, took over your booking after our own car broke down.",
    "The camera's shutter, the small curtain that opens when you take a photo, needed replacing.",
    "We've fixed the leak in the pipe that feeds your radiator.",
    # passives reporting work done, or naming us across coordinated participles
    "The tank was refilled with 400 litres of heating oil this morning.",
    "Your pottery pieces were fired on Thursday and are ready to collect.",
    "Your skip was emptied and returned on Wednesday morning.",
    "The boat was checked and fuelled by our staff before you set off.",
    # abbreviations glossed after their noun phrase, keywords, everyday ones
    "Your EV charger (the charging point for your electric car) will be fitted on Wednesday.",
    "The pest report says IPM, which means treating the cause rather than spraying every room.",
    "Your wristband has an NFC chip, a tiny tag the gate reader scans when you tap in.",
    "Just reply YES and we will post a new parking permit today.",
    "The HDMI cable for the projector is in the drawer under the stage.",
    "FedEx collected your return on Monday, and your refund is on its way.",
    "Your laptop's SSD, the part that stores your files, has been replaced.",
    "The chlorine level, how much cleaner is in the water, is back to normal.",
    # "only", "just", "don't worry" in plain senses
    "Only the 07:15 and 09:40 sailings from Ullapool are cancelled on Tuesday; the rest of the "
    "day runs as normal.",
    "If you posted your barcode online, don't worry: we have issued you a fresh one.",
    "It's just the two of us in the box office on weekdays, so replies can take until the next "
    "morning.",
    "It only takes two minutes to reset your password from the link below.",
    "Just one step is left: sign the form and send it back in the prepaid envelope.",
    # their act as the cause, but told as our answer to what they told us
    "Your old card stopped working after you reported it stolen, and a new one is on its way.",
]


test_flags_with_a_rewrite, test_leaves_near_misses_alone = round_tests(
    FLAGGED, CLEAN)


def test_customer_duties_are_built_once():
    assert their_part._duties() is their_part._duties()
    assert {"claim", "collect", "pay"} <= their_part._duties()

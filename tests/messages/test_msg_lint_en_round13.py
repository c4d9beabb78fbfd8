"""English checks of the thirteenth round of issue 17 (h45): recall by general forms on
wording the rules had not been shown, without new false positives. "There has been a
problem ..." with nothing said of it anywhere in the text is vague; a harm called "simply a
slip" after a copula is minimised; the customer's admin or colleague as the cause is their
person; a head owned by a thing ("its hub", "your meter's hub") is a part, not a party; a
softened passive that names us as the doer later in the clause hides no one."""

from tests.support.lint_cases import round_tests

FLAGGED = [
    ("There has been a problem with your order, and we apologise.", "vague",
     "<What went wrong, and who it reached>"),
    ("There was an issue with today's class.", "vague", "<What went wrong"),
    ("The wrong total on your invoice was simply a rounding slip.", "minimising",
     '"The wrong total on your invoice was a rounding slip."'),
    ("It was one small blip in an otherwise smooth term.", "minimising", "Give the figure"),
    ("Your edits were lost because your admin never switched on version history.",
     "blame_customer", "We should have warned you"),
    ("Your gym fees were wrongly taken twice.", "passive_evasion",
     "We wrongly took your gym fees twice."),
    ("The courier's depot lost your parcel.", "blame_others", "If a partner was involved"),
]

CLEAN = [
    "There was a problem with your order: we packed the wrong size, and a new one is on its way.",
    "There was an issue with your booking. We double-sold your room, and we've refunded you.",
    "There was a problem with your order because we packed the wrong size; a new one is coming.",
    "It was simply a mistake on our part, and we have fixed it.",
    "Your meter's hub lost its signal, so we sent an estimated bill; here is the corrected one.",
    "Your meter stopped sending readings because its hub lost its link; we'll visit on Wednesday.",
    "Overdue fines were wrongly added to 96 accounts by our new system, and we removed them all.",
    "The slip you signed is attached.",
]


test_flags_with_a_rewrite, test_leaves_near_misses_alone = round_tests(
    FLAGGED, CLEAN, or_in_message=True)

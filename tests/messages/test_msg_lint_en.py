"""English structural checks of the fifth round of issue 17: what they flag, the rewrite they
suggest, and the near-misses they leave alone."""

import pytest

from gateway.messages.lint import lint_text

FLAGGED = [
    ("Had you contacted us earlier, we could have fixed this in time.", "blame_customer",
     "We should have fixed this in time."),
    ("This happened because your password was too weak.", "blame_customer",
     "We should have checked this with you"),
    ("Users who skipped the update can no longer sync.", "blame_customer",
     "We should have made the update harder to miss."),
    ("The restaurant prepared your order incorrectly.", "blame_others",
     "We prepared your order incorrectly."),
    ("Our outsourced call centre gave you incorrect advice.", "blame_others",
     "We gave you incorrect advice."),
    ("Brightline Energy sent us the wrong meter readings.", "blame_others",
     "We sent you the wrong meter readings."),
    ("The postal service returned a number of parcels to our depot.", "blame_others",
     "We returned a number of parcels to our depot."),
    ("Your claim was closed in error.", "passive_evasion", "We closed your claim in error."),
    ("We understand your frustration.", "non_apology", "We're sorry we kept you waiting"),
    ("Further information will follow once our investigation is complete.", "vague",
     "Further information will follow by 16:00 today."),
    ("We are replacing the UPSs in the server room.", "abbreviation", "everyday words"),
]

CLEAN = [
    "Had we checked the address with you, the parcel would not have gone back.",
    "As you asked, we cancelled the order.",
    "Your claim is open again and a handler is assigned.",
    "Our login service (single sign-on, or SSO) rejected valid logins.",
    "The card machines (POS terminals) in our stores are working again.",
    "The restaurant will deliver a fresh meal at 19:00.",
    "Your driver will ring you 15 minutes before arrival.",
    "The bank returned the money to your account.",
    "Some customers could not pay on Monday. We have found why. It will not happen again.",
    "We're sorry, and we understand your frustration: your refund is three days late.",
    "Your parcel goes out with UPS today.",
]


@pytest.mark.parametrize("sentence,code,rewrite", FLAGGED)
def test_flags_the_structure_and_suggests_a_rewrite_from_the_sentence(sentence, code, rewrite):
    hits = [f for f in lint_text(sentence, "en", "facts.impact") if f.code == code]
    assert hits, f"{code} missed: {sentence}"
    assert rewrite in hits[0].suggestion


@pytest.mark.parametrize("sentence", CLEAN)
def test_leaves_near_misses_alone(sentence):
    assert lint_text(sentence, "en", "facts.impact") == []

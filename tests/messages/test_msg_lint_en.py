"""English structural checks of the fifth and sixth rounds of issue 17: what they flag, the
rewrite they suggest, and the near-misses they leave alone."""

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
    # sixth round: the cause placed with a party, parties in other shapes than the subject
    ("The root of the problem lay in our hosting company's infrastructure.", "blame_others",
     "We chose to rely on our hosting company's infrastructure, so it is ours to fix."),
    ("The blame for the delay lies with the shipping line.", "blame_others",
     "We chose to rely on the shipping line"),
    ("Our courier, FastLane, delivered your parcel to a neighbour without asking.",
     "blame_others", "We delivered your parcel to a neighbour without asking."),
    ("Your parcel was lost by the courier.", "blame_others", "We lost your parcel."),
    ("It was the payment company that made the error.", "blame_others", "We made the error."),
    ("Yesterday Parcelnet lost two of your boxes.", "blame_others", "We lost two of your boxes."),
    ("A fault at the telephone exchange cut off our phone lines.", "blame_others", "We cut off"),
    # passives: negated duties, perfect tense, get-passives, harm said after the verb
    ("Your complaint was not passed on to the right team.", "passive_evasion",
     "We did not pass your complaint on to the right team."),
    ("Your account has been suspended.", "passive_evasion", "We have suspended your account."),
    ("Your booking got lost.", "passive_evasion", "We lost your booking."),
    ("Passwords for 1,200 accounts were reset without warning.", "passive_evasion",
     "We reset passwords for 1,200 accounts without warning."),
    # the customer as the cause
    ("Patients who arrived late had their appointments cancelled.", "blame_customer",
     "We should have made it work for patients who arrived late."),
    ("Accounts that were not verified were suspended.", "blame_customer",
     "We should have made it easier to get verified."),
    ("The delivery failed because nobody was home to sign for it.", "blame_customer",
     "We should have agreed a time with you first."),
    ("Your payment failed as the card you used has expired.", "blame_customer",
     "We should have reminded you before it expired."),
    ("You did not tell us you had moved.", "blame_customer",
     "We should have checked this with you"),
    ("Since you booked through a travel agent, we cannot help.", "blame_customer",
     "We will sort this out with them for you"),
    ("Please make sure you enter the correct address next time.", "blame_customer",
     "Next time we will check this with you"),
    # feelings, thanks and hedges
    ("We are sorry that the delay upset you.", "non_apology", "Say sorry for what we did"),
    ("Thank you for your continued patience.", "non_apology", "Say sorry for what we did"),
    ("Someone from the team will get back to you.", "vague",
     "Aisha from the team will get back to you by 16:00 today."),
    ("We will be in touch once we know more.", "vague", "We will be in touch by 16:00 today."),
    ("Thankfully, only your email address was involved.", "minimising",
     "Your email address was involved."),
    ("It was a small mistake on our part.", "minimising", "It was a mistake on our part."),
    ("Only one in a thousand payments failed.", "minimising", "That is <how many> in all."),
    ("Our online shop is run by another company, which made the error.", "blame_others",
     "another company, which we chose: they made the error."),
    ("The data breach happened at one of our suppliers.", "blame_others",
     "We chose to rely on one of our suppliers"),
    ("The problem was on your side.", "blame_customer", "Our service should have worked"),
    ("We could not deliver because the address you gave us does not exist.", "blame_customer",
     "We should have checked this with you"),
    ("The problem is being investigated by our experts.", "vague", "by 16:00"),
    ("The payment failed at the bank's end.", "blame_others", "We chose to rely on the bank's end"),
    ("Most problems like this come from customers not reading the instructions.",
     "blame_customer", "Our instructions were not clear enough."),
    ("The error was tiny.", "minimising", "Give the figure"),
    ("Your T&Cs have changed.", "abbreviation", '"T&Cs"'),
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
    # sixth round near-misses
    "Our network failed at 09:10 and we had the site back at 11:40.",
    "The fault was on our side.",
    "Your payroll provider is not involved; we sent the payment late.",
    "The delivery firm will collect the damaged parcel and we will send a new one today.",
    "Your parcel was delivered by the courier at 10:00.",
    "The last one will be done by Friday.",
    "Members who did not get the email can download their card in the app.",
    "Customers who missed the renewal deadline will be renewed at the old price.",
    "You typed your email address correctly; our form changed it.",
    "Your meter reading was right; we read it wrongly.",
    "We refunded you because you were not happy with it.",
    "Your card was not charged.",
    "Your booking was not cancelled; it stands.",
    "Your order has been cancelled, as you asked.",
    "Accounts we failed to verify were suspended; they are open again.",
    "Your card was declined because our system rejected a valid expiry date.",
    "About 200 accounts were exposed, and yours is one of them.",
    "Thank you for telling us the lift was broken; it was fixed at 15:00.",
    "A few minutes after the fault started, we stopped all payments.",
    "Our content delivery network (CDN) showed old pages for an hour.",
    "Thank you for your feedback; we have changed the form.",
    "Reply to this message and Jo from our team will get back to you.",
    "We're sorry this happened to you.",
    "Your reference is REF 4471.",
    "Our online shop is run for us by Northgate; we are responsible for its mistakes.",
    "We use a courier, who will call you at 9:00.",
    "The problem was on our side, not yours.",
    "Our instructions were hard to follow, and we have rewritten them.",
    "Our new IT company has fixed the booking system.",
]


@pytest.mark.parametrize("sentence,code,rewrite", FLAGGED)
def test_flags_the_structure_and_suggests_a_rewrite_from_the_sentence(sentence, code, rewrite):
    hits = [f for f in lint_text(sentence, "en", "facts.impact") if f.code == code]
    assert hits, f"{code} missed: {sentence}"
    assert rewrite in hits[0].suggestion


@pytest.mark.parametrize("sentence", CLEAN)
def test_leaves_near_misses_alone(sentence):
    assert lint_text(sentence, "en", "facts.impact") == []

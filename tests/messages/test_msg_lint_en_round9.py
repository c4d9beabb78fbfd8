"""English structural checks of the ninth round of issue 17: sorry for the customer's view
(verbs of judging, small clauses), apologies to whoever is upset, harm with a subject that
names nothing, times nobody picked, our ranks and team names, a duty we left undone as an
admission, their absence as the cause; the rewrite each suggests and the near-misses each
leaves alone."""

import pytest

from gateway.messages.lint import lint_text

FLAGGED = [
    ("We're sorry you regard the new parking charges as unfair.", "non_apology",
     "We're sorry the new parking charges <what it means for you, in figures>"),
    ("We are sorry that you took our letter the wrong way.", "non_apology",
     "We're sorry our letter <what it means for you"),
    ("Members annoyed by the pool closure have our apologies.", "non_apology",
     "We're sorry the pool closure <what went wrong with it>"),
    ("Something went a bit wrong with the lifts in Block C.", "vague",
     "<What went wrong> with the lifts in Block C"),
    ("Things have not gone smoothly with your kitchen fitting.", "vague",
     "<What went wrong> with your kitchen fitting"),
    ("We will send your replacement card at some point next month.", "vague",
     "We will send your replacement card by 16:00 today"),
    ("We have logged a major incident about the outage.", "jargon",
     "We have logged an urgent job about the outage"),
    ("Your complaint was escalated to second line support.", "jargon",
     "escalated to <the person on it>"),
    ("Your tennis lesson was called off an hour before it started.", "passive_evasion",
     "We called your tennis lesson off an hour before it started."),
    ("Your gift card balance was set to zero overnight.", "passive_evasion", "We"),
    ("The transfer failed because your account did not hold enough money.", "blame_customer",
     "We should have checked this with you"),
    ("You were out when the fitter called, so you will need to book another visit.",
     "blame_customer", "We should have agreed a time with you first."),
    ("Our sympathy goes to guests who were let down by the closed sauna.", "non_apology",
     "We're sorry the closed sauna <what went wrong with it>"),
    ("We regret your disappointment with the hotel breakfast.", "non_apology",
     "We're sorry the hotel breakfast <what was wrong with it>"),
    ("We are sorry that the repair quote seemed high to you.", "non_apology",
     "We're sorry the repair quote was high."),
    ("Apologies, but the booking rules are clear on late arrivals.", "non_apology",
     "Here is what we can do"),
    ("We apologise for the cold showers, if that was the case.", "non_apology",
     'Say sorry without the condition: "We apologise for the cold showers."'),
    ("If the missing cot ruined your first night, we are sorry for that.", "non_apology",
     "We're sorry the missing cot ruined your first night."),
    ("The quiz app is acting strangely on older phones.", "vague",
     "is acting <what it does wrong> on older phones"),
    ("Repairs are continuing on the footbridge by the ferry terminal.", "vague",
     "the rest of the repairs on the footbridge by the ferry terminal will be done by"),
    ("The position regarding your mortgage offer remains unclear.", "vague",
     "Your mortgage offer: <what is wrong>"),
    ("Your locker may stay shut for a little while.", "vague", "until 16:00 today"),
    ("Owing to a blunder at the print works, your programme lists the wrong dates.",
     "blame_others", "We chose to rely on the print works"),
    ("A mix-up over the brochures came from the printers, not from us.", "blame_others", "Own it"),
    ("Tenants failing to report leaks are the main cause of these repair bills.",
     "blame_customer", "We will make it easier to report leaks"),
    ("Anybody who has read the club rules knows the courts close at dusk.", "blame_customer",
     "We should have told you that the courts close at dusk."),
    ("The parking charge is due to the fact that your ticket ran out.", "blame_customer",
     "We will take the charge off"),
    ("Your visa letter was delayed as the photo you sent was unsigned.", "blame_customer",
     "We should have checked the photo you sent with you"),
    ("Did you check the spam folder before calling us?", "blame_customer",
     "The spam folder may fix it; if it does not, reply"),
    ("Under our rules, members who cancel late lose their deposit.", "blame_customer",
     "Say what we got wrong"),
    ("Your seat was released because you did not confirm it.", "blame_customer",
     "We should have reminded you"),
    ("You chose the basic cover, so the excess fee applies.", "blame_customer",
     "The fee is <amount>"),
    ("Our fitter tells us the leak comes from the landlord's pipework.", "blame_others",
     "We chose to rely on the landlord's pipework"),
    ("What led to the cancelled match was the league's decision to close the ground.",
     "blame_others", "We chose to rely on the league's decision"),
    ("Having looked again at your claim, we believe the assessor handled it correctly.",
     "non_apology", "We looked into your complaint"),
    ("Please accept two free passes as a gesture of goodwill for the delay to your refund.",
     "non_apology", "We're sorry for the delay to your refund"),
    ("Our thoughts go out to everyone affected by the burst main.", "non_apology",
     "We're sorry the burst main"),
    ("Should the new timetable fail to suit you, we apologise.", "non_apology",
     "We're sorry the new timetable fail to suit you."),
    ("We understand this was not the welcome you hoped for.", "non_apology", "We're sorry"),
    ("The booking app is experiencing a few gremlins.", "vague",
     "The booking app: <what does not work>"),
    ("The pool should reopen before very long.", "vague", "The pool should reopen by 16:00 today."),
    ("Your hire car was returned to the depot before the paperwork had been signed.",
     "passive_evasion", "We returned your hire car to the depot"),
    ("We are sorry for the wait, and your refund of £12.50 went out on Monday, and it should reach "
     "your account by Thursday, although some banks take a day or two longer than that to show "
     "it.", "sentence_length", "We are sorry for the wait, and your refund of £12.50"),
]

CLEAN = [
    "We're sorry you saw the lift out of order on Monday; it was fixed at 14:00.",
    "We're sorry you saw two charges on your statement; we refunded one on Tuesday.",
    "Members who booked the pool on Saturday get a free session.",
    "Something we can do now is send you a paper copy by Friday.",
    "Things are working again since 09:30.",
    "We will call you at some point between 10:00 and 12:00 on Friday.",
    "We passed your complaint to our repairs team, and Jo will call you by 16:00.",
    "The match was called off by the league because of the frozen pitch, and we refunded you.",
    "Your old boiler was taken away on Monday, as you asked.",
    "You only need to do one thing: choose a new delivery day.",
    "Snow closed the depot, and we did not plan for it; your bins will be emptied on Friday.",
    "Our (new) team fixed the lift at 14:00.",
    "You were out when we called, so we will try again on Friday at 10:00.",
    "The card payment failed, and we have not charged you.",
    "We're sorry your yoga class was cancelled; we have moved you to Thursday at 18:00.",
    "We're sorry the hall felt cold on Friday; the heating is fixed now.",
    "We're sorry, but we can refund the ticket today.",
    "Customers not using the app can call us on 0300 123 4567.",
    "Anyone who booked before Friday will get a refund by Monday.",
    "Due to an error at our depot, your parcel is a day late; it arrives on Friday.",
    "Work on your roof starts again on Monday at 08:00.",
    "Have you seen our new opening hours? We now open at 07:00.",
    "Members who cancel late can move their deposit to another class.",
    "We feel the new price is fair, and you can leave at any time without a fee.",
    "As a token of thanks for your ten years with us, here is a free month.",
    "We're sorry the café's oven broke and your lunch was 30 minutes late.",
    "Your rent was taken on 1 March, as agreed.",
    "We are sorting it out now, and Kim will call you at 15:00.",
]


@pytest.mark.parametrize("sentence,code,rewrite", FLAGGED)
def test_flags_the_shape_and_suggests_a_rewrite_from_the_sentence(sentence, code, rewrite):
    hits = [f for f in lint_text(sentence, "en", "facts.impact") if f.code == code]
    assert hits, f"{code} missed: {sentence}"
    assert any(rewrite in h.suggestion for h in hits), [h.suggestion for h in hits]


@pytest.mark.parametrize("sentence", CLEAN)
def test_leaves_near_misses_alone(sentence):
    assert lint_text(sentence, "en", "facts.impact") == []

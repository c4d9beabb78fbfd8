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
]


@pytest.mark.parametrize("sentence,code,rewrite", FLAGGED)
def test_flags_the_shape_and_suggests_a_rewrite_from_the_sentence(sentence, code, rewrite):
    hits = [f for f in lint_text(sentence, "en", "facts.impact") if f.code == code]
    assert hits, f"{code} missed: {sentence}"
    assert any(rewrite in h.suggestion for h in hits), [h.suggestion for h in hits]


@pytest.mark.parametrize("sentence", CLEAN)
def test_leaves_near_misses_alone(sentence):
    assert lint_text(sentence, "en", "facts.impact") == []

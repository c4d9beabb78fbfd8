"""English checks of the fourteenth round of issue 17 (h51): recall by general forms on
heldout-17 (retired to development) and dev-17. A harm or its cause named by a placeholder
("sorry for the connectivity situation", "we had some difficulties", "impacted by factors at
the depot") with nothing said of it is vague, as is "something went wrong" opening a clause
after a colon; words of a trade by their shape (clinical and Latinate endings no dictionary
lists, a reversing "de-" coinage, a bound Latin prefix) are jargon unless explained right
after them."""

import pytest

from tests.support.lint_cases import assert_clean, assert_flagged_with_rewrite

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
]


@pytest.mark.parametrize(("sentence", "code", "rewrite"), FLAGGED)
def test_flags_the_shape_and_suggests_a_rewrite(sentence, code, rewrite):
    assert_flagged_with_rewrite(sentence, code, rewrite, or_in_message=True)


@pytest.mark.parametrize("sentence", CLEAN)
def test_leaves_near_misses_alone(sentence):
    assert_clean(sentence)

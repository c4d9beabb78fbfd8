"""English jargon of the nineteenth round of issue 17 (h107), by position, not by list: a noun
everyday English seldom uses, or a hyphenated compound of content words, in the clause that
gives the reason (after "because", "as", "since", "so", "during", a colon ...), not in one where
we or the customer act, and not inside a gloss in brackets; a repeat spelt with a hyphen
("re-flock") in any clause but ours or theirs. Sentences in wording no corpus
uses; the rewrite keeps the sentence and marks each term for plain words."""

from tests.support.lint_cases import round_tests

FLAGGED = [
    ("Your kiln firing was postponed because the thermocouple sheath cracked and the element "
     "tails shorted.", "jargon", "because the <thermocouple in plain words> sheath cracked"),
    ("We're sorry your canoe trip was cut short: the portage trail had washouts past the "
     "second weir.", "jargon", "the portage trail had <washouts in plain words>"),
    ("Your bike is back on the stand because the freehub pawls are slipping under load.",
     "jargon", "<freehub in plain words> <pawls in plain words> are slipping"),
    ("Sorry: the boiler service overran because the heat-exchanger flue-way was scaled up.",
     "jargon", "the <heat-exchanger in plain words> <flue-way in plain words>"),
    # a repeat spelt with a hyphen, in any clause but ours
    ("Your saddle is still with us: the tree needs a re-flock before it will sit level.",
     "jargon", "the tree needs a <re-flock in plain words> before it will sit level"),
]

CLEAN = [
    "Your kiln firing moved to Friday because our kiln's temperature sensor broke; we've "
    "ordered a new one.",
    "We're sorry: our delivery van broke down, so your wardrobe arrives on Thursday instead.",
    "Your piano is ready to collect; the tuner fitted new felts (the soft pads under the keys) "
    "at no charge.",
    "You ordered the blue teapot and got the green one: we're sorry, and the blue one goes out "
    "today.",
    "Sorry for the wait: we double-booked the rink, so your session moved to 14:00.",
    "Your bike is ready because we fitted the new chain on Tuesday.",
    "We're sorry the sign-up page was down until 10:00; it's working again.",
    "We re-glazed the window on Friday, and it's ready.",
    "We're sorry: the lavender oil you ordered is out of stock until Monday.",
]

test_round19_flagged, test_round19_left_alone = round_tests(FLAGGED, CLEAN)

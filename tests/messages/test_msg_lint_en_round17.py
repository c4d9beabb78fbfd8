"""English checks of the seventeenth round of issue 17 (h93): general forms, each tried on
wording no corpus uses, and the near misses each must leave alone. Customer blame: "since"/"as"
read as "because" before a clause of theirs left undone; their act done "without" the step it
needed as the cause; their act named in a gerund as "the usual cause"; a cleft that puts them in
focus ("It was your own ..."); a refusal to them called right; the rule they broke named in a
relative clause ("which the label says never to do"); their disregard of our notice conceded
("Despite our reminders, ..."). Vague: a neutral noun only "regarding your X" with nothing told
of it; a cause named by its department only ("for technical reasons"); what changes named only as
"differently". Non-apology: an empathy clause read to its end; their words passed on to the
team, or "We hear you", in place of sorry. Minimising: "only" past an adverb. Precision: "that's
on us" owns the fault; a passive after "can't" is no past act; a weather word that only names a
thing's kind ("the ice block") is no party; DJ, BBQ and CCTV are everyday words; "you had told
us ..." is no omission of theirs; "tops" bounds nothing before "instead of"; a first word with an
object pronoun after it ("Post it back ...") is an imperative, not a party."""

import pytest

from tests.support.lint_cases import assert_clean, assert_flagged_with_rewrite

CASES = [
    # blame_customer
    ("We couldn't fit the blind since you hadn't measured the window recess.",
     ("blame_customer", "Never blame the customer")),
    ("The kayak tipped after he paddled out without wearing the spray deck.",
     ("blame_customer", "We should have <the check we could have made>")),
    ("The hinge snapped; forcing the lid past its stop is the most common cause.",
     ("blame_customer", "We should have told you how to <look after it>")),
    ("It was your own alarm code that locked the studio, so we had to charge the call-out.",
     ("blame_customer", "We should have checked it with you")),
    ("The steward was quite right to refuse entry without the wristband.",
     ("blame_customer", "We're sorry you were turned away")),
    ("The varnish bubbled in the sun, which the tin clearly says not to do.",
     ("blame_customer", "We should have made the rule plain to you")),
    ("Despite three emails from us, the access form never came back.",
     ("blame_customer", "next time")),
    # vague
    ("There has been a development concerning your allotment plot that we'd like to share.",
     ("vague", "Say what went wrong")),
    ("For technical reasons, the quiz night is postponed.",
     ("vague", "Name the reason and what it means for them")),
    ("The Sunday market will operate slightly differently from next month.",
     ("vague", "Say what changes")),
    # non_apology
    ("We understand that a cancelled fitting just days before a wedding must be upsetting.",
     ("non_apology", "Say sorry for what we did and what it cost them")),
    ("We have forwarded your comments to our management for review.",
     ("non_apology", "Say sorry for what we did and what will change")),
    ("We hear you. The new parking rules will stay for now.",
     ("non_apology", "Say sorry for what we did instead")),
    # minimising
    ("The sprinkler ran for an hour, which only really reached the edge of the lawn.",
     ("minimising", "which reached the edge of the lawn")),
    # near misses that must stay clean
    ("Since you told us about the leak, we've replaced the tank at no charge.", None),
    ("Because you didn't receive the code, we've sent a new one by text.", None),
    ("The courier we use dropped your parcel; that's on us, and a new one goes out today.", None),
    ("The lettering on your sign can't be painted yet: the board is still damp, and we'll paint "
     "it on Monday.", None),
    ("Your sculpture wasn't ready because the ice block cracked overnight; we've refunded the "
     "carving fee.", None),
    ("The rain cover tore on the first night, and a new one is in the post to you.", None),
    ("Your seedlings came a week late, and you had told us you needed them for the school fair. "
     "We're sorry; the postage is refunded.", None),
    ("The bench arrived with two legs instead of four and a cracked top; we're sending a new one, "
     "tops and legs fitted.", None),
    ("We chipped your vase. Post it to us with the form we've emailed, and we'll repair it at our "
     "cost.", None),
    ("The DJ you booked is ill, so we've sent another DJ for the same price.", None),
    ("There has been a change to your class: it now starts at 18:30 in Studio 2.", None),
    ("We're sorry, and we've passed your comments on to the team that runs the café.", None),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_round17_form(text: str, expected: tuple[str, str] | None) -> None:
    if expected is None:
        assert_clean(text)
    else:
        assert_flagged_with_rewrite(text, *expected, or_in_message=True)

"""English ``vague`` precision of the twenty-sixth round of issue 17 (h156), from the good
sentences of the development sets (dev-27, dev-25, dev-22) that the rule of a promise with no
time, day or person (english/hedging.py ``vague_promise``) flagged, each by a sentence's
structure.

- A subject after a word of comparison (``compared_by`` in rules/en.yaml: "than") heads a
  yardstick, not a promise: "higher than we would usually expect" (dev-25). "We expect to have
  more news" and "Demand is higher than we expected, and we are working to get through it" are
  still flagged.
- An "-ing" word right after "and", with no "are/is/be" before it in the sentence, is a noun
  joined to the object of the verb before ("will add some extra safeguards and monitoring",
  dev-22), not "and [we are] monitoring": "We are aware of the problem and are investigating",
  "Our engineers are on site and working to restore service" and "We will be looking at it and
  monitoring the situation" are still flagged.
- Work that names what it does and the people it does it with ("working through communication
  with our customers affected by the delay", dev-27) is a plan one can check, as a named object
  already was; a vague object ("issues"), a pronoun ("with them") or people counted by no one
  (``uncounted``: "with some customers") is still flagged.
- "escalated" right before "with" and the party pressed, named by a pronoun for one told
  before ("and escalated with them", dev-22) or a determiner and a noun ("with the supplier"),
  tells an act done towards a named party, not news promised with no time (``object_pronouns``);
  "We have escalated your complaint" (dev-9, bad), "escalated it to the supplier", "escalated
  with urgency" and "with some colleagues" are still flagged.
- A purpose that promises an outcome for everyone ("to ensure none are left out of pocket",
  "to make sure no customer is ...": ``no_one`` and a people word) answers a manner said with
  no time ("on a case-by-case basis", ``manner_whens``) and work with no time (dev-25): one can
  check it. "Refunds will be looked at on a case-by-case basis" (dev-11, bad), "... to ensure
  fairness", "looking into ways to ensure this doesn't happen again" and "everything we can to
  ensure none are left out of pocket" are still flagged.

Each of the dev-22 and dev-25 sentences is also flagged by another check (jargon, reading ease,
sentence length): they are tested for ``vague`` alone."""

import pytest

from gateway.messages.lint import lint_text
from tests.support.lint_cases import FIELD, round_tests

_LATER = "and we will write again by 16:00 with what we have found."

FLAGGED = [
    # the shared "are" or "be" before "and" + "-ing": still the same progressive promise
    ("We are aware of the problem and are investigating.", "vague", _LATER),
    ("Our engineers are on site and working to restore service.", "vague", _LATER),
    ("We will be looking at it and monitoring the situation.", "vague", _LATER),
    ("We will add some extra safeguards and are monitoring the situation.", "vague", _LATER),
    # a promise of its own after a comparison, or "expect" as the promise itself
    ("Demand is higher than we expected, and we are working to get through it.", "vague", _LATER),
    ("Demand is higher than usual and we will update you.", "vague", _LATER),
    # work with people, but on a vague object, with a pronoun or with people nobody counted
    ("We are working through issues with our customers.", "vague", _LATER),
    ("We are still working through communication with them.", "vague", _LATER),
    ("We are working on changes with some customers.", "vague", _LATER),
    # escalated, but with no party, to one, with no one named, or with people nobody counted
    ("We have escalated your complaint.", "vague", "by 16:00 today"),
    ("We have escalated it to the supplier.", "vague", "by 16:00 today"),
    ("We escalated with urgency.", "vague", "by 16:00 today"),
    ("We have escalated this with some colleagues.", "vague", "by 16:00 today"),
    # case by case or work, but no outcome for everyone, or "everything we can"
    ("Refunds will be looked at on a case-by-case basis.", "vague", _LATER),
    ("We will look at refunds on a case-by-case basis to ensure fairness.", "vague", _LATER),
    ("We are looking into ways to ensure this doesn't happen again.", "vague", _LATER),
    ("We are doing everything we can to ensure none are left out of pocket.", "vague", _LATER),
    # bad development sentences (dev-19)
    ("We're currently working through some challenges with the tackle shop's online orders.",
     "vague", _LATER),
    ("Your saddle order has been caught up in something on our side, and we're working through "
     "it.", "vague", _LATER),
]

CLEAN = [
    # dev-27 (Cedar Creek Farmhouse, a plant nursery)
    "We got out almost all of the delayed orders last week, but we are still working through "
    "communication with our customers affected by the delay.",
    # dev-22 (an incident report)
    "We did what we could to work around the provider's issue, and escalated with them.",
    # dev-25 (NAB, a bank)
    "We are working with customers on a case-by-case basis to ensure none are left out of pocket "
    "as a direct result of this outage.",
    # written for this file
    "We will look at refunds case by case to make sure no customer is left out of pocket.",
    "We have escalated with the supplier.",
    "Demand for boxes is higher than we would usually expect.",
    "We will add extra safeguards and monitoring to reduce the chance of similar failures in "
    "future.",
]

NOT_VAGUE = [
    # dev-22 (an incident report; jargon flags "deployment")
    "With the help of the systems team we've identified some deficiencies in the deployment "
    "process, and will add some extra safeguards and monitoring to reduce the chance of similar "
    "failures in future.",
    # dev-25 (Cox & Cox, a shop; long and hard to read, but not vague)
    "The number of 'out of stock' lines on the website is higher than we would usually expect, "
    "but customers have the option to pre-order items to secure availability when stock is "
    "delivered or receive a notification when an item is back in stock.",
]

test_round26b_flagged, test_round26b_left_alone = round_tests(FLAGGED, CLEAN)


@pytest.mark.parametrize("sentence", NOT_VAGUE)
def test_round26b_not_vague(sentence: str) -> None:
    assert [f for f in lint_text(sentence, "en", FIELD) if f.code == "vague"] == []


ESCALATED = [
    ("We have escalated your complaint.",
     "We have escalated your complaint to Aisha, our complaints lead, who will reply by 16:00 "
     "today."),
    ("We have escalated it to the supplier.",
     "We have escalated it to the supplier, who will reply by 16:00 today."),
]


@pytest.mark.parametrize(("sentence", "rewrite"), ESCALATED)
def test_escalated_rewrite_names_whom_and_when(sentence: str, rewrite: str) -> None:
    """ "escalated" is a thing done: the rewrite says to whom and when they answer, not
    "We have escalated your complaint by 16:00 today", and it lints clean itself."""
    vague = [f for f in lint_text(sentence, "en", FIELD) if f.code == "vague"]
    assert [f.suggestion for f in vague] == [rewrite]
    assert lint_text(rewrite, "en", FIELD) == []

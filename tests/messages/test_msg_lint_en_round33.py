"""English checks of the thirty-third round of issue 17 (h194): fewer findings on plain, good
sentences, by what a sentence does, not by lists of its words.

- ``reading_ease`` (checks.py, readability.reading_ease_as_read, parse.written_names): a name
  the text writes with a capital inside a sentence ("Experian", "Loughborough") counts as two
  syllables at most, as a long everyday word does: a reader takes a name in as one thing and
  the writer has no everyday word for it. Long words few people use still sink the score.
- ``third_party_blame`` (english/blame.py, parse.after_said_that): a subject starts after the
  "that" of a verb and the one it tells ("tells us that a flight has been cancelled"): we are
  told, the party tells, and what follows is the clause's own subject. A party that fails inside
  the report is still blamed.

Sentences written for this file, in wording no corpus uses; every clean one was flagged on
main a420875."""

from tests.support.lint_cases import round_tests

FLAGGED = [
    # a name among long words few people use: still hard to read
    ("Owing to intermittent unavailability of interdependent authentication subsystems at our "
     "Northamptonshire facility, remediation necessitated reconfiguration, so your subscription "
     "renewal was postponed.",
     "reading_ease", "Use shorter sentences and everyday words."),
    # the report's own clause: a party failed in it
    ("The venue told us that the promoter had cancelled the show without warning.",
     "blame_others", "We had cancelled the show without warning."),
]

CLEAN = [
    # places named: long names, everyday sentence
    "Members in Warwickshire, Leicestershire and Northamptonshire can collect their "
    "Mediterranean hampers from our Loughborough warehouse between nine and five on Saturday.",
    # a party tells us of a thing done: the moment we act, no one blamed
    "As soon as the airline or travel agent tells us that a flight has been cancelled, we'll "
    "text you with your options.",
]

test_round33_flagged, test_round33_left_alone = round_tests(FLAGGED, CLEAN)

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
- ``cause_terms`` (english/rare.py, structural.py): a rare noun in a reason that names a person
  by a role (blame's agent nouns: "no chiropodist was free", "the upholsterer") is no trade
  word: the customer knows it is someone who does the work. A rare thing in the reason is
  still jargon.
- ``third_party_blame`` (english/blame.py): our own act given as the cause in an earlier clause
  of the sentence ("because we double-booked the hall, and the caterer changed your menu date")
  makes the party's act its part in what we did, as the same cause after it already did. An
  earlier clause of ours that is no cause ("we booked the hall, and the caterer lost your
  menu"), or one that tells what we learnt ("because we found out late"), still leaves it blame.
- ``minimising`` (english/minimise.py, lexicon ``left_with``): "only" and a count after a verb
  of what someone was left with ("the swimmers had only twenty minutes in the water") stresses
  the shortfall; it does not shrink the harm. "Only" before who was hit, how long it lasted, or
  a small word ("had only a short wait") still shrinks it.
- ``blame_customer`` (english/customer.py): a noun in "-ments" before "who/that" is a thing
  ("statements that were out of date"), not people named by what they do ("residents who
  ignored the notice", still blamed).

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
    # a rare thing, not a person, in the reason: still the trade's word
    ("Your eye test has moved to Friday at 10:00 because the phoropter needed cleaning on "
     "Tuesday.", "jargon", "<phoropter in plain words>"),
    # an earlier clause of ours that gives no cause of ours: the party still blamed
    ("We booked the hall for your party, and the caterer lost your menu.",
     "blame_others", "We lost your menu."),
    ("Because we found out late, the caterer lost your menu.",
     "blame_others", "We lost your menu."),
    # the harm's reach, its length, or a small word after "had only": still shrunk
    ("Only two customers received the wrong parcel.",
     "minimising", "Two customers received the wrong parcel."),
    ("The outage lasted only ten minutes.", "minimising", "The outage lasted ten minutes."),
    ("You had only a short wait on the phone, so there is nothing to refund.",
     "minimising", "<exactly how many or how long>"),
    # people picked out by what they did: still blamed
    ("Residents who ignored the parking notice had their cars moved.",
     "blame_customer", "We should have made the parking notice harder to miss."),
]

CLEAN = [
    # places named: long names, everyday sentence
    "Members in Warwickshire, Leicestershire and Northamptonshire can collect their "
    "Mediterranean hampers from our Loughborough warehouse between nine and five on Saturday.",
    # a party tells us of a thing done: the moment we act, no one blamed
    "As soon as the airline or travel agent tells us that a flight has been cancelled, we'll "
    "text you with your options.",
    # who was not free, named by the work they do
    "Your foot appointment has moved to Friday at 10:00 because no chiropodist was free on "
    "Tuesday.",
    "Your armchair will be ready on 3 May, not 26 April, because the upholsterer who covers it "
    "is off sick this week.",
    # our act given as the cause first; the party's act follows from it
    "Your booking moved to 3 June because we double-booked the hall, and the caterer changed "
    "your menu date to match.",
    # what they were left with, counted: the shortfall stressed
    "Because our boiler failed, the swimmers in the 7 am lane had only twenty minutes in the "
    "water.",
    # things that were wrong, not people
    "Our till printed statements that were out of date, so you saw the wrong balance; we have "
    "posted the right one.",
]

test_round33_flagged, test_round33_left_alone = round_tests(FLAGGED, CLEAN)

"""Round 28 recall by whole rules (h171, issue 17, en): two shapes the real development sets
(dev-22, dev-25, dev-27) missed in several sentences each, written here in new words.

- ``track_record`` (minimising): a harm answered with how often things go right, a large share
  ("98% of our parcels arrive …", "up 99.9% of the time", "most deliveries reach …") said in the
  present, or a habit of a fix ("usually fixes it"). Not a share of what happened then, a habit
  of a thing taking its usual time, or a record set against this case ("but", "yours").
- ``their_trigger`` (blame_customer): a harm told as what the customer's own act sets off, as a
  rule ("can happen when you press …", "result from customers choosing …"), or the act first with
  "as this causes …". Not a harm that happened while they did something, nor one set off by us.
"""

from tests.support.lint_cases import round_tests

_RECORD = "Drop the record and say what went wrong for them"
_TRIGGER = "Say what went wrong on our side and what we changed"

FLAGGED = [
    ("98% of our parcels arrive on the day we promise.", "minimising", _RECORD),
    ("Our booking site is up 99.9% of the time.", "minimising", _RECORD),
    ("Restarting the app usually fixes the problem.", "minimising", _RECORD),
    ("Most deliveries reach customers within two days.", "minimising", _RECORD),
    ("The vast majority of card payments succeed at the first attempt.", "minimising", _RECORD),
    ("Duplicate bookings can happen when you press the back button during checkout.",
     "blame_customer", _TRIGGER),
    ("Errors may occur if customers type their card number with spaces.", "blame_customer",
     _TRIGGER),
    ("Delays often result from customers choosing the wrong delivery slot.", "blame_customer",
     _TRIGGER),
    ("Please avoid submitting your form twice, as this causes duplicate orders.",
     "blame_customer", _TRIGGER),
]

CLEAN = [
    "Refunds usually reach your bank within five working days; yours was sent today.",
    "98% of our parcels arrived on time last week.",
    "We usually fix a fault like this within a day, but yours took a week, and that is on us.",
    "Nearly all parcels arrive within three days; yours is late, and we are refunding postage.",
    "The error happened when you were paying; it was a fault in our checkout.",
    "Delays can happen when our depot is short of drivers, and we are hiring more.",
    "If you see a duplicate charge, we will refund it the same day.",
    "Submitting your form takes two minutes, as this page saves as you go.",
]

test_flags_with_a_rewrite, test_leaves_near_misses_alone = round_tests(
    FLAGGED, CLEAN, field="text")

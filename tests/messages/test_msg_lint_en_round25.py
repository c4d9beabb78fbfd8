"""English precision of the twenty-fifth round of issue 17 (h144), from the false positives of
dev-27, dev-25 and dev-22 (real public text by other writers), each by a sentence's structure.

- ``unspecified_harm`` (english/unspecified.py): a "with" or "to" ties a placeholder harm to
  the things counted only beside them ("issues with some orders", "changes to some bookings");
  a "to" elsewhere in the sentence ("to apologise for ...", "a bug that caused some requests to
  our service to ...", "able to locate the source of the problem ... under certain loads") ties
  nothing, and the harm is told (or not a harm) there.
- vague "Unfortunately" (checks.py, english/hedging.py): followed by a clause whose subject is
  us or the act of ours just told ("this change contained a bug"), after a fronted time ("on
  Tuesday 13th February we had a failure"), with an active verb, it leads into what someone did;
  before a harm that befell no one ("your parcel has been delayed", "these tickets cannot be
  refunded", "there will be a delay") it is still a shrug.

The clean sentences are the development sentences these changes cleared; the flagged ones were
written for this file."""

from tests.support.lint_cases import round_tests

FLAGGED = [
    # the placeholder tied to the counted things: still neither which nor how many
    ("We are seeing issues with some orders placed on the app.", "vague",
     "<which ones, how many> orders"),
    ("A problem is affecting some of our customers.", "vague", "<which ones, how many>"),
    # "Unfortunately" before a harm with no one in it
    ("Unfortunately, your parcel has been delayed.", "vague", "Say what we are doing"),
    ("Unfortunately, these tickets cannot be refunded.", "vague", "Say what we are doing"),
    ("Unfortunately, there will be a delay to your order.", "vague", "Say what we are doing"),
]

CLEAN = [
    # dev-27 (toob's founder's letter)
    "I wanted to write to you to apologise for the disruption some of our customers have "
    "experienced over the last few weeks.",
    "Unfortunately, on Tuesday 13th February we had a failure in part of our core network.",
    # dev-25
    "We were able to locate the source of the problem on our end that was limiting our scaling "
    "under certain loads.",
    # dev-22
    "Unfortunately, this change contained a bug that caused some requests to our service to be "
    "handled incorrectly.",
]

test_round25_flagged, test_round25_left_alone = round_tests(FLAGGED, CLEAN)

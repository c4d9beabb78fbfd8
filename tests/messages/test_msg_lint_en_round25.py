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
- ``vague_promise`` (english/hedging.py): an effort "with" a party named by "the" and one word
  the lexicon does not know ("working very closely with the datacentre", adverbs passed over)
  names who the work is with; "with our partners" still names no one.
- vague "as soon as possible" (english/hedging.py, checks.py): in a sentence that tells an act
  of ours already done ("We increased the capacity of our team so that we could answer tickets
  as quickly as possible") it says how it was done; with "will" or "to" and a verb ("We have
  asked them to call you as soon as possible") it is still a promise with no time.
- vague "the matter" (checks.py): after "about", "on" or "regarding" it is the topic of a
  telling and points back ("has notified the ICO about the matter"); as the object of an act
  ("resolve the matter", "looking into the matter") it still stands in for the harm.
- ``placeholder_harm`` (english/unspecified.py): a placeholder we had, followed by "that" or
  "which" and what it did, with a count ("problems that affected both the prepaid and current
  account for around 30 minutes"), is told, as a placeholder subject with a count already was.
- ``agentless_passive`` (english/passive.py): a word floated off the subject between "have" and
  "been" ("which have all been cancelled", "have now been deleted") no longer becomes part of
  the subject: the passive is read from its "have", so a relative clause's passive on a harm we
  named is not the hiding kind, and "Your details have all been shared" still is.

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
    # effort with a party named by no one in particular
    ("We are working closely with our partners.", "vague", "we will write again by 16:00"),
    # a done act, then a promise still to come with no time
    ("We have asked them to call you as soon as possible.", "vague", "by 16:00 today"),
    ("We fixed the meter and will refund you as soon as possible.", "vague", "by 16:00 today"),
    # a placeholder whose clause counts nothing
    ("We had some difficulties that affected your booking.", "vague",
     "<what went wrong: what broke, for whom, for how long>"),
    # a floated "all" or "now" before "been": the passive still read
    ("Your details have all been shared.", "passive_evasion", "We have"),
    ("Your emails have now been deleted.", "passive_evasion", "We have"),
    # "the matter" as what we act on
    ("The caretaker resolved the matter.", "vague", "Say what we are doing"),
]

CLEAN = [
    # dev-27 (toob's founder's letter)
    "I wanted to write to you to apologise for the disruption some of our customers have "
    "experienced over the last few weeks.",
    "Unfortunately, on Tuesday 13th February we had a failure in part of our core network.",
    # dev-27 (Tagadab's incident report, Curve's blog)
    "We are working very closely with the datacentre to get more information on the exact cause "
    "of this power failure.",
    "The exact cause of this incident is still not fully understood and we realise that after "
    "two weeks, we should be able to provide you with a full report on the matter.",
    "We increased the capacity of our customer experience weekend team so that we could answer "
    "tickets as quickly as possible.",
    "Our billing system did in fact generate some spurious invoices, which have all been "
    "cancelled.",
    # dev-25
    "We were able to locate the source of the problem on our end that was limiting our scaling "
    "under certain loads.",
    "Last week, we experienced problems that affected both the prepaid and current account for "
    "around 30 minutes.",
    # dev-22
    "Unfortunately, this change contained a bug that caused some requests to our service to be "
    "handled incorrectly.",
]

test_round25_flagged, test_round25_left_alone = round_tests(FLAGGED, CLEAN)

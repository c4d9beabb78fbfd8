"""English precision of the twenty-first round of issue 17 (h117), from the false positives of
dev-21 (written before the linter was run on it), each by a clause's shape, not a word list.

- ``third_party_blame`` (english/blame.py): a party's act followed by a clause that gives our
  own act as its cause, with "we" as that clause's subject ("because we booked too many"), is
  no party blamed, whatever the party's verb; "because our supplier ..." still is.
- ``supplied_faulty`` (english/their_state.py): the supplying verb's own subject is "we"
  ("... because we gave it the wrong sort code"), so the words before it are no supplier.
- ``exposure`` (english/passive.py): data shown to others, with a later clause that gives our
  act as the cause ("after we changed a setting"); not "after we found it", which is no cause.
- ``agentless_passive``: a passive inside a relative clause of the subject, the main clause's
  modal and active verb after it ("Customers whose accounts were locked can sign in again");
  plain work (no failure verb, no harm) done at a place of ours ("scanned at our depot").
- ``minimising``: a small amount inside a gerund subject that a modal or a remedy verb follows
  ("running the tap for a few minutes will clear it"): what they can do, not the harm.
- ``reading_ease`` (checks.py) and ``long_sentences`` (english/length.py): a term explained
  in brackets, as the jargon and abbreviation checks ask, is read without its explanation
  (zh-CN's sentence length already reads a gloss as an aside).

After dev-21's second batch (recall, and one more false positive):

- ``third_party_blame``: a past participle after a noun and before "by", with a past verb
  later in the clause, is no verb of the clause ("a line owned by another operator took ...");
  what failed, held by someone else that way ("owned by", "run by"), is placed elsewhere.
- ``customer_condition``: a condition ("where", "if", "when") that the customer left something
  undone, with our refusal as the main clause ("Where customers did not keep their receipts, we
  are unable to offer a refund"); not where an offer follows ("but we can ...").
- ``_their_fault_as_cause``: "out of" is their fault only as "out of date" (or funds), not
  "out of stock".

Sentences written for this file, in wording no corpus uses."""

from tests.support.lint_cases import round_tests

FLAGGED = [
    # a party of ours as the cause is still a party
    ("The caterers ran out of food because our supplier let us down.", "blame_others",
     "We ran out of food"),
    # what we found is no cause
    ("Your address was visible to another customer for an hour after we found the fault.",
     "passive_evasion", "We made your address visible"),
    # the main clause is a passive of its own
    ("Guests whose rooms were double-booked were moved to another hotel.", "passive_evasion",
     "We double-booked"),
    # a failure at a place of ours is still hidden
    ("Your parcel was lost at our depot in Leeds.", "passive_evasion",
     "We lost your parcel at our depot in Leeds."),
    # the harm made small, beside a gerund task
    ("The outage only affected a few customers, and restarting the router fixes it.",
     "minimising", "Give the figure"),
    # what failed, held by someone else
    ("A power cut on a cable run by another network company left your street dark for six "
     "hours.", "blame_others", "We left your street dark for six hours."),
    # what they left undone, then what we refuse
    ("Where members did not cancel in time, we are unable to refund the class.",
     "blame_customer", "Say what we will do"),
    # out of date is still theirs
    ("We couldn't renew your permit because your photo card was out of date.",
     "blame_customer", "We should have checked"),
]

CLEAN = [
    "The caterers ran out of food because we booked too few portions for your party.",
    "The bank bounced your refund because we sent it with a missing reference; it goes out "
    "again today.",
    "Your address was visible to another customer for an hour after we mixed up two accounts; "
    "we have asked them to delete it.",
    "Members whose classes were cancelled can book a free class this week.",
    "Your parcel has been weighed at our depot in Crewe and goes out on tomorrow's van.",
    "Your bike has been serviced in our workshop and is ready to collect.",
    "Restarting your router for a few seconds will usually bring the connection back.",
    "We couldn't fit your blinds because the fabric you chose is out of stock; we'll call you "
    "today about another.",
    "Your son's annual review (the meeting where we look at the extra support he gets in "
    "class and agree what should change) will now take place on 14 June at 3pm.",
]

test_round21_flagged, test_round21_left_alone = round_tests(FLAGGED, CLEAN)

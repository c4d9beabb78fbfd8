"""English precision b of the twenty-seventh round of issue 17 (h164), from the good sentences
of dev-heldout26 (real notices by other writers) that the linter flagged, each by a sentence's
structure.

- ``abbreviation`` (abbreviations.py): capitals that open a sentence as the subject of a verb
  a company says of itself (``speaker_verbs``: assures, apologises, regrets ...) are the
  sender's own name ("TSTT assures customers ..."); after "our/the" and before a word for its
  people as one group (``own_groups``: family, community) too ("our MTN family"). Capitals
  inside a sentence before such a verb ("the ONT reminds you"), a term the glossary writes out
  ("ISP regrets ..."), or "family of" a kind of thing are still flagged.
- ``passive_evasion`` (english/passive.py): a thing of ours that "was (being) flagged/marked/
  listed ... as" something (``labelled_verbs``) bears a label others put on it, no act of ours
  hidden ("our website was being flagged as potentially insecure"); "your account was flagged
  as fraudulent" (our label on theirs), "our emails were being sent to the wrong people" (our
  act) and "our invoices were wrongly marked as paid" are still flagged.

The clean sentences are dev-heldout26's good ones these changes cleared, and one that holds its
"our MTN family" (that sentence itself stays flagged as non_apology); the flagged ones were
written for this file."""

from tests.support.lint_cases import round_tests

FLAGGED = [
    # capitals that name a device or a part, not the sender speaking
    ("Your ONT reminds you to restart it.", "abbreviation", 'what "ONT" stands for'),
    ("We restarted the ONT and it thanks you.", "abbreviation", 'what "ONT" stands for'),
    ("ISP failures kept you offline.", "abbreviation", "Internet provider failures"),
    # a trade term with plain words in the glossary is no name, whatever its verb
    ("ISP regrets the outage.", "abbreviation", "Internet provider regrets the outage."),
    ("Our SRE team assures customers it is fixed.", "abbreviation", "Our engineer team"),
    # a label we put on theirs, an act of ours, or a label we own as wrong
    ("Your account was flagged as fraudulent.", "passive_evasion", "We flagged"),
    ("Our emails were being sent to the wrong people.", "passive_evasion", "We"),
    ("Our invoices were wrongly marked as paid.", "passive_evasion", "We"),
    ("We moved our CRM family of tools.", "abbreviation", 'what "CRM" stands for'),
]

CLEAN = [
    "TSTT assures customers that repairs are underway and full service is expected to be "
    "restored later today.",
    "Thank you for staying with our MTN family.",
    "Many of you woke up Monday morning to discover that our website was being flagged as "
    "potentially insecure.",
]

test_round27b_flagged, test_round27b_left_alone = round_tests(FLAGGED, CLEAN)

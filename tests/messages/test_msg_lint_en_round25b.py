"""English precision of the twenty-fifth round of issue 17, second part (h150), from the
passive-voice false positives of dev-27 (real public text by other writers), each by a
sentence's structure.

- ``agentless_passive`` (english/passive.py): a passive that reports the remedy leaves out the
  mender, not the one at fault: the thing put back in service ("the water was turned back
  on"), a remedy noun of the lexicon as the subject of a verb that puts it in place ("Repair
  of the main was completed", "A replacement switch has been installed"), someone brought in
  "to (help) resolve" it, what went out taken back ("the email was recalled"), a harm traced
  "to" a thing of ours. "early" or "late" before a time ("early this afternoon") says when, not
  too early. A clause opened by "Once" is a time to come, like one opened by "When". The
  harm's own passive ("Your order was cancelled", "Mistakes were made", a remedy put on hold,
  cancelled or scratched) is still flagged.
- ``third_party_blame`` (english/blame.py): a body named by common words and no party noun
  ("Public Works", as a department signs itself) whose act is done "to address/fix/restore ..."
  in a sentence that puts no harm on the customer reports the remedy by its doer; with "you" or
  "your" in the sentence, or a party noun in the name ("Acme Couriers", "The supplier"), it is
  still blame.

The clean sentences are the development sentences these changes cleared, with near ones
written for this file; so are the flagged ones."""

import pytest

from gateway.messages.lint import lint_text
from tests.support.lint_cases import FIELD, round_tests

FLAGGED = [
    # the harm's own passive, whatever follows
    ("Mistakes were made.", "passive_evasion", "We made mistakes."),
    ("Some data was inadvertently made accessible.", "passive_evasion", "We made some data"),
    ("Your order was cancelled.", "passive_evasion", "We cancelled your order."),
    ("Once again your parcel was lost.", "passive_evasion", "We lost"),
    # a remedy whose own passive is the harm: put on hold, cancelled, sent wrong, taken back
    ("The repair was put on hold.", "passive_evasion", "We put the repair on hold."),
    ("Your replacement card was cancelled.", "passive_evasion", "We cancelled your replacement"),
    ("The replacement was scratched.", "passive_evasion", "We scratched the replacement."),
    ("A replacement part was sent to your old address.", "passive_evasion",
     "We sent a replacement part"),
    ("Your offer was recalled.", "passive_evasion", "We recalled your offer."),
    # a purpose that mends does not mend a harm done to them
    ("Your refund was delayed to fix the error.", "passive_evasion", "We delayed your refund"),
    # traced, but to nothing of ours
    ("The problem was traced to human error.", "passive_evasion", "We traced the problem"),
    # a body's act done to mend, but with a harm put on the customer or a party noun named
    ("Public Works has had to shut down your water to address a problem.", "blame_others",
     "We have had to shut down your water"),
    ("The supplier shut down the factory to fix a fault, so your order is late.", "blame_others",
     "We shut down the factory"),
    ("Acme Couriers shut the depot to repair the roof.", "blame_others", "We shut the depot"),
]

CLEAN = [
    # dev-27 (Barbados Water Authority)
    "Repair of the large-diameter main was completed early this afternoon but after the water "
    "was turned back on, another leak appeared on the main.",
    # dev-27 (a First Nation's public works)
    "Public Works has had to shut down water in the community to address an electrical problem "
    "at the water treatment plant.",
    # written for this file
    "The power was switched back on at 14:00.",
    "A new plumber has been sent to fix the leak.",
]

# cleared of passive_evasion, still flagged for another mistake (or by the learned check)
NO_PASSIVE = [
    # dev-27 (GoZen Host's sample incident, Isle of Wight Council, Cedar Creek Farmhouse, a
    # First Nation's public works)
    "The issue has been traced to a network switch failure in our EU datacenter.",
    "In line with the council's protocols the email was recalled 20 minutes after sending and a "
    "follow up email was also sent to all recipients asking them to delete the original email "
    "without opening it.",
    "Once these customers have been addressed, should be by the end of this weekend, I will "
    "start processing refunds for plants that did not meet our quality standards.",
    "An electrician has been invited to help resolve the problem.",
]

test_round25b_flagged, test_round25b_left_alone = round_tests(FLAGGED, CLEAN)


@pytest.mark.parametrize("sentence", NO_PASSIVE)
def test_round25b_remedy_passive_not_called_evasive(sentence: str) -> None:
    assert "passive_evasion" not in {f.code for f in lint_text(sentence, "en", FIELD)}

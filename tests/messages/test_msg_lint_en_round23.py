"""English checks of the twenty-third round of issue 17 (h129): fewer findings on real, plain
company text (dev-22's good sentences flagged), by what a clause says, not by sentence lists.

- ``reading_ease`` (checks.py, readability.reading_ease_as_read): a long word everyday English
  uses all the time (Zipf >= ``everyday_zipf``, shipped in ``common/en-everyday.txt``) is read
  as a short one. Flesch stands for "everyday words" by short words; on one sentence a few
  long words everyone knows ("apologise", "customers", "experienced") sank it below 50.
  Long words few people use still do.
- ``vague_promise`` (english/hedging.py): an effort verb whose object names a thing one can
  check ("reviewing our parcel locker reminder emails", "working on refunding every double
  payment") is a plan, not "reviewing the situation", "our processes", "the underlying cause".
- ``exposure`` (english/passive.py): the subject of "was visible / is available" starts at its
  own clause ("Our engineers restored it, and your addresses are available again"), and data
  "available again" is back, not shown to anyone.
- ``_their_duty`` (english/customer.py): no subject before "is responsible for" is no duty put
  on anyone (it read the sentence's last word as the subject, and gave a reversed span).

Sentences written for this file, in wording no corpus uses; every clean one was flagged on
main 87856db."""

import pytest

from gateway.messages.lint import lint_text
from gateway.messages.lint.rarity import COMMON_DIR, everyday_words, generate
from tests.support.lint_cases import assert_flagged_with_rewrite, round_tests

FLAGGED = [
    # long words few people use: still hard to read
    ("Owing to intermittent unavailability of interdependent authentication subsystems, "
     "remediation necessitated reconfiguration, so your subscription renewal was postponed "
     "until our reconciliation procedures concluded.",
     "reading_ease", "Use shorter sentences and everyday words."),
    # effort on nothing in particular: still a promise with no time
    ("We are reviewing the situation to make sure this does not happen again.",
     "vague", "and we will write again by 16:00 with what we have found"),
    ("We are reviewing our processes to make sure this does not happen again.",
     "vague", "and we will write again by 16:00 with what we have found"),
    ("Our team is looking into the underlying cause.",
     "vague", "and we will write again by 16:00 with what we have found"),
    ("We are taking the appropriate steps to improve.",
     "vague", "and we will write again by 16:00 with what we have found"),
    # data shown to others after a clause of ours: the rewrite is built from its own clause
    ("Our engineers restored the old version, and your saved addresses were visible to other "
     "shoppers for an hour.",
     "passive_evasion", "We made your saved addresses visible to other shoppers for an hour."),
]

CLEAN = [
    "We would like to apologise to every customer who experienced problems with the delivery "
    "of their furniture orders in January and February.",
    "We are reviewing our parcel locker reminder emails so that nobody misses a collection "
    "again.",
    "We're working on refunding every double payment and writing to each family affected.",
    "Our engineers restored the old version of the website, and your saved addresses are "
    "available again.",
]

test_round23_flagged, test_round23_left_alone = round_tests(FLAGGED, CLEAN)


def test_no_subject_before_responsible_puts_no_duty_on_anyone() -> None:
    found = lint_text("Are solely responsible for the delay, customers.", "en", "facts.impact")
    assert all(f.span[0] < f.span[1] for f in found)
    assert not [f for f in found if "answerable" in f.message]
    assert_flagged_with_rewrite(
        "Ultimately, the customer is solely responsible for making sure their address is "
        "correct.", "blame_customer", "We should have checked it with you")


def test_everyday_words_ship_with_the_linter() -> None:
    words = everyday_words("en")
    assert "customers" in words and "information" in words and "immediately" in words
    assert "reconciliation" not in words and "remediation" not in words
    header = (COMMON_DIR / "en-everyday.txt").read_text(encoding="utf-8").splitlines()[0]
    assert "Zipf >= 4.0" in header


def test_shipped_everyday_words_are_what_the_build_command_makes() -> None:
    pytest.importorskip("wordfreq")  # a build dependency (requirements-test.txt)
    shipped = (COMMON_DIR / "en-everyday.txt").read_text(encoding="utf-8")
    assert shipped == generate("en", everyday=True), (
        "common/en-everyday.txt is stale: python -m gateway.messages.lint.rarity build")

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
- Also: a small word in an instruction opened by "please" ("Please wait a few minutes") is how
  long to wait (english/minimise.py); "Unfortunately" right before us as the subject is our
  failing told (checks.py); "apologise to all of you" addresses the readers (rules/en.yaml);
  "that was our choice / decision" owns a party's failure (``owning``); a subject's head stops
  at a participle with its object ("the server hosting the forum", english/blame.py); "we
  cannot be held liable", "we accept no responsibility" deny what we should own (non_apology,
  rules/en.yaml); "feel free to reach out" asks the customer to make contact, no promise of
  ours (english/hedging.py); "if you were affected" in a sentence that apologises for nothing
  is a condition on what to do, not on an apology (checks.py); a diminisher opening what a
  checking verb's "that" asks for is what to check (english/minimise.py); a subject starts
  after a verb's "that" ("make sure that two payments were taken", parse.after_said_that).
- ``_their_duty`` (english/customer.py): no subject before "is responsible for" is no duty put
  on anyone (it read the sentence's last word as the subject, and gave a reversed span).

Sentences written for this file, in wording no corpus uses; every clean one was flagged on
main 87856db."""

import pytest

from gateway.messages.lint import lint_text
from gateway.messages.lint.rarity import COMMON_DIR, everyday_words
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
    # the harm's size judged for them, a fact with no one in it, a blanket apology, a party
    # blamed with no choice of ours owned: still flagged
    ("The outage lasted only a few minutes.",
     "minimising", "The outage lasted <exactly how many or how long> minutes."),
    ("Unfortunately, the courier has still not collected your return.",
     "blame_others", "If a partner was involved, we chose them"),
    ("We apologise to all our customers.", "non_apology", 'Say "We\'re sorry" without conditions'),
    ("The company hosting our booking page lost your reservation.",
     "blame_others", "We lost your reservation."),
    ("Some card payments were processed twice during the outage.",
     "passive_evasion", "We processed some card payments twice during the outage."),
    # our liability denied in place of owning it
    ("If you type the wrong flat number, we accept no responsibility for the lost parcel.",
     "non_apology", "Own it and say what we will do"),
    ("Someone will reach out.", "vague", "Aisha will reach out by 16:00 today."),
    ("We're sorry if you were affected by the outage.", "non_apology", "sorry"),
    # a passive inside what they are asked to check: the rewrite is built from that clause
    ("Please check your statement to make sure that two payments of £20 were taken.",
     "passive_evasion", "We took two payments of £20."),
    ("The firm that we hired lost your parcel.", "blame_others", "We lost your parcel."),
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
    # how long to wait, told as an instruction: not the harm made small
    "Please wait a few minutes and then refresh the page.",
    # "unfortunately" before our own failing: owned, not evasive
    "Unfortunately we sent your new card to your old address.",
    # an apology to the readers themselves
    "Right away, I want to apologise to all of you - Saturday's ticket sale was a mess, and we "
    "are fixing it.",
    # the customer asked to make contact: no promise of ours
    "If anything still looks wrong after Friday, feel free to reach out.",
    "We are responsible for the mistakes of the couriers we hire.",
    # a condition on what to do, with no apology to hang on it
    "If you were affected and your refund has not arrived by Friday, please call us.",
    # what to check for, and a bank asked to confirm it: no harm made small, no one blamed
    "Please ask your bank to confirm that only one payment of £20 left your account.",
    # a party's failure beside our choice owned
    "We ship every box with one courier and had no backup when their sorting hub closed; that "
    "was our decision, and your box now arrives on Friday.",
    # a participle after the head: the server is ours, no party hosts it
    "The server hosting our booking page stopped answering at 09:12, and we had it back by "
    "09:40.",
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
    # wordfreq, which write_common imports, is a build dependency (requirements-test.txt)
    generate = pytest.importorskip("gateway.messages.lint.write_common").generate
    shipped = (COMMON_DIR / "en-everyday.txt").read_text(encoding="utf-8")
    assert shipped == generate("en", everyday=True), (
        "common/en-everyday.txt is stale: python -m gateway.messages.lint.write_common")

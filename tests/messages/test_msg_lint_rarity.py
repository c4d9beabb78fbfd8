"""Jargon by word rarity (fifteenth round of issue 17, h59): a word everyday English seldom
uses ("encumbrance", "handoff", "attestation"), shaped like a trade's word, is jargon with a
rewrite that marks it for plain words; common words, words made of a common one, names,
words the text explains and the customer's own things are left alone. The list of common
words ships as ``gateway/messages/lint/common/en.txt``, built from wordfreq."""

import pytest

from gateway.messages.lint import lint_text
from gateway.messages.lint.english.rare import rare_words
from gateway.messages.lint.rarity import COMMON_DIR, WordList, common_words, threshold
from tests.support.lint_cases import assert_clean, assert_flagged_with_rewrite

FLAGGED = [
    ("We found an encumbrance on the title deeds, so your sale is on hold.",
     '"We found an <encumbrance in plain words> on the title deeds, so your sale is on hold."'),
    ("There was a handoff error between the two teams, so nobody called you.",
     '"There was a <handoff in plain words> error between the two teams, so nobody called you."'),
    ("Your card needs attestation before we can take the payment.",
     '"Your card needs <attestation in plain words> before we can take the payment."'),
    ("Your booking hit a concurrency conflict.",
     '"Your booking hit a <concurrency in plain words> conflict."'),
]


@pytest.mark.parametrize(("sentence", "rewrite"), FLAGGED)
def test_rare_trade_words_are_jargon_with_a_rewrite(sentence: str, rewrite: str) -> None:
    assert_flagged_with_rewrite(sentence, "jargon", rewrite)
    hits = rare_words(sentence)
    assert [h.code for h in hits] == ["jargon"]
    assert "everyday English seldom uses it" in hits[0].message
    assert hits[0].suggestion.startswith("Say what it is in everyday words, or explain it")


SPARED = [
    # common words, and rare words made of a common one
    "We are sorry we lost your parcel; we will refund you today.",
    "We rebooked your table and refunded the overcharge.",
    # rare words of a customer's own life, not of our trade
    "Our glazier will fit a new worktop on Monday.",
    "Drivers can set up autopay in the app.",
    "You can hire a kayak with a buoyancy aid from the boathouse.",
    # hard words that are no trade's things
    "The booking page has been temperamental all week; we are sorry.",
]


@pytest.mark.parametrize("sentence", SPARED)
def test_common_and_plain_words_are_spared(sentence: str) -> None:
    assert rare_words(sentence) == []
    assert not [f for f in lint_text(sentence, "en", "facts.impact") if f.code == "jargon"]


def test_names_explanations_and_the_customers_own_words_are_spared() -> None:
    assert rare_words("We have moved your party to the Handoff Rooms on King Street.") == []
    assert rare_words(
        "Your account moves at the cutover (the night we switch to the new system).") == []
    assert rare_words(
        "We checked the turbidity, that is how cloudy the water is, every hour.") == []
    assert rare_words("Our meter reader checked your attestation letter twice.") == []
    assert_clean("We found an encumbrance, that is a loan secured on the house, on the deeds.")
    assert_clean("We found an encumbrance (a loan secured on the house) on the deeds.")


def test_one_finding_per_sentence_marks_every_rare_word() -> None:
    hits = rare_words("A handoff and a concurrency fault held your order. We are sorry.")
    assert len(hits) == 1
    assert "<handoff in plain words>" in hits[0].suggestion
    assert "<concurrency in plain words>" in hits[0].suggestion


def test_word_list_finds_words_by_bisection() -> None:
    words = WordList(["apple", "banana", "cherry"])
    assert "banana" in words and "cherry" in words and "apple" in words
    assert "bananas" not in words and "a" not in words and "zebra" not in words
    assert "" not in words and len(words) == 3
    shipped = common_words("en")
    assert "parcel" in shipped and "refund" in shipped and "sortation" not in shipped


def test_shipped_common_words_are_what_the_build_command_makes() -> None:
    # wordfreq, which write_common imports, is a build dependency (requirements-test.txt)
    generate = pytest.importorskip("gateway.messages.lint.write_common").generate
    shipped = (COMMON_DIR / "en.txt").read_text(encoding="utf-8")
    assert shipped == generate("en"), (
        "common/en.txt is stale: python -m gateway.messages.lint.write_common")
    assert f"Zipf >= {threshold('en')}" in shipped.splitlines()[0]

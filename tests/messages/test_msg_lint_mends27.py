"""Mends of the twenty-seventh round's review (issue 17, h165).

- One failure-verb test (english/parse.py ``failure_lemma``) for minimise.py's "it is not
  uncommon for ... to fail" and framing.py's "occasionally ... will be missed": a failure verb
  that needs a particle ("taken", "mixed": "taken offline", "mixed up") is none.
- chinese/blame.py's slip of our own staff made good reads its posts from the lexicon
  (``staff_posts`` less ``shared_posts``): a post others have too ("外聘安保员") is ours only when
  we sent them, as before.
- english/passive.py's "We <verb> <subject>" rewrite is built only when the subject is a noun
  phrase (relative clause and all); a clause or a piece of one as the subject ("Failure to make
  any payment will result in your account", "It is regrettable that some orders", "have an
  outstanding balance") gets the advice instead of a rewrite that is no English.
- Two findings of one code on overlapping spans (two checks reading one mistake) are one
  (``lint.one_per_code``) where one suggestion already holds the other's rewrite: the one that
  holds it. Where they differ both stay (earlier rounds' tests pin either side), and findings
  of one code that do not overlap stay.
"""

import pytest

from gateway.messages.lint import Finding, lint_text, one_per_code
from gateway.messages.lint.english.parse import failure_lemma


@pytest.mark.parametrize(("verb", "lemma"), [
    ("fail", "fail"), ("missed", "miss"), ("cancelled", "cancel"), ("lost", "lose"),
    ("cut", "cut"), ("taken", None), ("mixed", None), ("fallen", None), ("updated", None),
])
def test_failure_lemma_needs_no_particle(verb: str, lemma: str | None) -> None:
    assert failure_lemma(verb) == lemma


@pytest.mark.parametrize(("sentence", "blamed"), [
    ("由于导购人员的疏忽，价格标错了，超市愿以10倍价格赔偿顾客。", False),
    ("由于外聘安保员的疏忽，您的车被刮了，超市愿赔偿您的损失。", True),
])
def test_our_staff_slip_made_good_reads_posts_from_the_lexicon(sentence: str, blamed: bool) -> None:
    codes = {f.code for f in lint_text(sentence, "zh-CN", "facts.impact")}
    assert ("blame_others" in codes) is blamed


PASSIVE_ADVICE = 'Name who did it: "We ...", not a passive with nobody in it.'


@pytest.mark.parametrize(("sentence", "clause"), [
    ("Failure to make any payment will result in your account being suspended.",
     "will result in"),
    ("It is regrettable that some orders were delayed.", "regrettable"),
    ("That your data was shared with a partner was not disclosed to you.", "that your data"),
    ("Heavy demand at the card network meant some payments were declined.", "meant"),
    ("Accounts that have not been used for a year and have an outstanding balance were "
     "suspended.", "have an outstanding"),
    ("As your order was placed after the cut-off, it missed the delivery.", "as your order"),
    ("The chat seems to have been hacked.", "seems to"),
    ("Your repair would not have been delayed if you had told us.", "would not"),
])
def test_a_clause_as_the_passive_subject_gets_advice_not_a_rewrite(sentence: str,
                                                                   clause: str) -> None:
    found = [f for f in lint_text(sentence, "en", "facts.impact") if f.code == "passive_evasion"]
    assert found, lint_text(sentence, "en", "facts.impact")
    assert all(clause not in (f.suggestion or "").lower() for f in found), found
    assert [f.suggestion for f in found] == [PASSIVE_ADVICE]


@pytest.mark.parametrize(("sentence", "rewrite"), [
    ("Your account was suspended.", "We suspended your account."),
    ("The parcel you ordered last week was lost.", "We lost the parcel you ordered last week."),
    ("Accounts that were not verified were suspended.",
     "We suspended accounts that were not verified."),
    ("The hedgehog you brought in was fed milk.", "We fed the hedgehog you brought in milk."),
    ("Orders placed between Monday and Wednesday were delayed.",
     "We delayed orders placed between Monday and Wednesday."),
])
def test_a_noun_phrase_as_the_passive_subject_is_still_rewritten(sentence: str,
                                                                 rewrite: str) -> None:
    found = [f for f in lint_text(sentence, "en", "facts.impact") if f.code == "passive_evasion"]
    assert [f.suggestion for f in found] == [rewrite]


@pytest.mark.parametrize(("sentence", "locale", "code", "kept"), [
    # "我们把您的订单取消了。" is held whole in the other's rewrite
    ("您的订单被取消了。", "zh-CN", "passive_evasion", "我们把您的订单取消了，这是我们的错。"),
    # "We shipped the wrong parts. ..." is quoted in "Say it as ours: ..."
    ("The supplier shipped the wrong parts.", "en", "blame_others",
     'Say it as ours: "We shipped the wrong parts."'),
    # two checks, one suggestion word for word
    ("If the late arrival of your meal kit spoiled your plans, then we are sorry about that.",
     "en", "non_apology", "We're sorry the late arrival of your meal kit spoiled your plans."),
])
def test_one_finding_of_a_code_where_one_suggestion_holds_the_other(
        sentence: str, locale: str, code: str, kept: str) -> None:
    found = [f for f in lint_text(sentence, locale, "facts.impact") if f.code == code]
    assert len(found) == 1, found
    assert kept in (found[0].suggestion or ""), found


def test_overlapping_findings_with_different_suggestions_are_both_kept() -> None:
    # the subject rewritten as ours, and the act done without telling us owned: each says more
    found = lint_text("The venue moved the concert to Sunday without telling us.", "en",
                      "facts.impact")
    assert [f.code for f in found] == ["blame_others", "blame_others"], found


def test_findings_of_one_code_that_do_not_overlap_are_all_kept() -> None:
    found = lint_text("Your order was cancelled. Your refund was delayed.", "en", "facts.impact")
    assert [(f.code, f.suggestion) for f in found] == [
        ("passive_evasion", "We cancelled your order."),
        ("passive_evasion", "We delayed your refund.")]


def test_one_per_code_keeps_the_suggestion_that_holds_the_other() -> None:
    short = Finding("blame_others", "warning", "a", "f", (0, 11), "We lost it. Then fix it.")
    held = Finding("blame_others", "warning", "b", "f", (4, 19),
                   'Say it as ours: "We lost it." Then fix it today.')
    other = Finding("vague", "warning", "c", "f", (0, 19), "We lost it. Then fix it.")
    stock = Finding("blame_others", "warning", "d", "f", (0, 19), "We're sorry. Say more.")
    assert one_per_code([short, held, other]) == [held, other]
    assert one_per_code([held, short]) == [held]
    # a lead of a stock word or two is no rewrite: both kept
    assert one_per_code([stock, held]) == [stock, held]

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
  (``lint.one_per_code``): the rewrite with no gap to fill, not repeating the words it flags,
  keeping more of the sentence's own words. Findings of one code that do not overlap stay.
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
    # both rewrite the 被 clause; the one kept does not still hold it ("我们把…被转到了…")
    ("您的投诉被转到了错误的部门。", "zh-CN", "passive_evasion",
     "我们把您的投诉转到了错误的部门。"),
    # the sentence with a time added, not an example sentence about a switch
    ("The team is working hard to get your order to you.", "en", "vague",
     "The team is working hard to get your order to you, and we will write again by 16:00"),
    # the rewrite of this sentence, not advice with gaps to fill
    ("Since you paid late, we had to add a fee.", "en", "blame_customer", "<"),
    ("The supplier shipped the wrong parts.", "en", "blame_others", "We shipped the wrong parts."),
])
def test_one_finding_of_a_code_where_two_overlap(sentence: str, locale: str, code: str,
                                                 kept: str) -> None:
    found = [f for f in lint_text(sentence, locale, "facts.impact") if f.code == code]
    assert len(found) == 1, found
    if kept == "<":
        assert "<" not in (found[0].suggestion or ""), found
    else:
        assert kept in (found[0].suggestion or ""), found


def test_findings_of_one_code_that_do_not_overlap_are_all_kept() -> None:
    found = lint_text("Your order was cancelled. Your refund was delayed.", "en", "facts.impact")
    assert [(f.code, f.suggestion) for f in found] == [
        ("passive_evasion", "We cancelled your order."),
        ("passive_evasion", "We delayed your refund.")]


def test_one_per_code_prefers_the_rewrite_then_keeps_order() -> None:
    text = "The courier lost it."
    advice = Finding("blame_others", "warning", "a", "f", (0, 11), "Say <who> did <what>.")
    rewrite = Finding("blame_others", "warning", "b", "f", (4, 19), "We lost it.")
    other = Finding("vague", "warning", "c", "f", (0, 19), "Say when.")
    assert one_per_code([advice, rewrite, other], text) == [rewrite, other]
    twin = Finding("blame_others", "warning", "d", "f", (0, 11), "We lost it.")
    assert one_per_code([twin, rewrite], text) == [twin]

"""Mends of the twenty-seventh round's review (issue 17, h165).

- One failure-verb test (english/parse.py ``failure_lemma``) for minimise.py's "it is not
  uncommon for ... to fail" and framing.py's "occasionally ... will be missed": a failure verb
  that needs a particle ("taken", "mixed": "taken offline", "mixed up") is none.
- chinese/blame.py's slip of our own staff made good reads its posts from the lexicon
  (``staff_posts`` less ``shared_posts``): a post others have too ("外聘安保员") is ours only when
  we sent them, as before.
"""

import pytest

from gateway.messages.lint import lint_text
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

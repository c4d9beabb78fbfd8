"""Mends of the twenty-seventh round's review (issue 17, h165).

- One failure-verb test (english/parse.py ``failure_lemma``) for minimise.py's "it is not
  uncommon for ... to fail" and framing.py's "occasionally ... will be missed": a failure verb
  that needs a particle ("taken", "mixed": "taken offline", "mixed up") is none.
"""

import pytest

from gateway.messages.lint.english.parse import failure_lemma


@pytest.mark.parametrize(("verb", "lemma"), [
    ("fail", "fail"), ("missed", "miss"), ("cancelled", "cancel"), ("lost", "lose"),
    ("cut", "cut"), ("taken", None), ("mixed", None), ("fallen", None), ("updated", None),
])
def test_failure_lemma_needs_no_particle(verb: str, lemma: str | None) -> None:
    assert failure_lemma(verb) == lemma

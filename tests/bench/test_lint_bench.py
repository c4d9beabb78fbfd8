"""The lint bench's first-seen texts: distinct, 2,000 characters, none of the repeated message."""

from __future__ import annotations

import pytest

from gateway.bench import lint as bench
from gateway.messages.lint import lint_text


@pytest.mark.parametrize("locale", ["en", "zh-CN"])
def test_first_seen_texts_are_distinct_and_leave_out_what_was_seen(locale):
    texts = bench.fresh_texts(locale)
    assert len(texts) >= 30 and len(set(texts)) == len(texts)
    assert all(len(text) == bench.SIZE for text in texts)
    first = texts[0][: texts[0].index("。" if locale == "zh-CN" else ". ") + 1]
    assert not any(first in text for text in bench.fresh_texts(locale, seen=texts[0]))


@pytest.mark.parametrize("locale", ["en", "zh-CN"])
def test_every_first_seen_text_lints(locale):
    """Each text ends where 2,000 characters do, mid-sentence: a rule reading past a sentence's
    last word raised IndexError here and stopped ``bench --lint`` ("it was down a bit")."""
    for text in bench.fresh_texts(locale):
        for finding in lint_text(text, locale, "text"):
            assert 0 <= finding.span[0] <= finding.span[1] <= len(text)


def test_without_the_corpus_the_templates_sentences_are_used(monkeypatch, tmp_path):
    monkeypatch.setattr(bench, "CORPUS_DIR", tmp_path / "absent")
    texts = bench.fresh_texts("en")
    assert texts and all(len(text) == bench.SIZE for text in texts)
    assert "sorry" in texts[0].lower()

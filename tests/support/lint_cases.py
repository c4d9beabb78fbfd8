"""The two assertions every lint round's tests make: a bad shape is flagged with a
rewrite built from the sentence, and a good near miss is left alone."""

from collections.abc import Callable, Sequence

import pytest

from gateway.messages.lint import lint_text

FIELD = "facts.impact"


def assert_flagged_with_rewrite(sentence: str, code: str, rewrite: str, locale: str = "en", *,
                                field: str = FIELD, or_in_message: bool = False) -> None:
    """`code` is found, every such finding has a suggestion, and one of them holds
    `rewrite` (or, with `or_in_message`, its message does: advice given as the message)."""
    findings = lint_text(sentence, locale, field)
    hits = [f for f in findings if f.code == code]
    assert hits, f"{code} missed: {sentence}: {findings}"
    assert all(h.suggestion for h in hits)
    assert any(rewrite in (h.suggestion or "") or (or_in_message and rewrite in h.message)
               for h in hits), [(h.message, h.suggestion) for h in hits]


def assert_clean(sentence: str, locale: str = "en", *, field: str = FIELD) -> None:
    assert lint_text(sentence, locale, field) == []


def round_tests(flagged: Sequence[tuple[str, str, str]], clean: Sequence[str],
                locale: str = "en", *, field: str = FIELD, or_in_message: bool = False
                ) -> tuple[Callable[..., None], Callable[..., None]]:
    """A round's two tests over its cases, for its module to name `test_…`: each
    (sentence, code, rewrite) is flagged with that rewrite, each clean sentence is
    left alone."""

    @pytest.mark.parametrize(("sentence", "code", "rewrite"), flagged)
    def flags(sentence: str, code: str, rewrite: str) -> None:
        assert_flagged_with_rewrite(sentence, code, rewrite, locale, field=field,
                                    or_in_message=or_in_message)

    @pytest.mark.parametrize("sentence", clean)
    def leaves_alone(sentence: str) -> None:
        assert_clean(sentence, locale, field=field)

    return flags, leaves_alone

"""The two assertions every lint round's tests make: a bad shape is flagged with a
rewrite built from the sentence, and a good near miss is left alone."""

from gateway.messages.lint import lint_text

FIELD = "facts.impact"


def assert_flagged_with_rewrite(sentence: str, code: str, rewrite: str, locale: str = "en", *,
                                or_in_message: bool = False) -> None:
    """`code` is found, every such finding has a suggestion, and one of them holds
    `rewrite` (or, with `or_in_message`, its message does: advice given as the message)."""
    findings = lint_text(sentence, locale, FIELD)
    hits = [f for f in findings if f.code == code]
    assert hits, f"{code} missed: {sentence}: {findings}"
    assert all(h.suggestion for h in hits)
    assert any(rewrite in (h.suggestion or "") or (or_in_message and rewrite in h.message)
               for h in hits), [(h.message, h.suggestion) for h in hits]


def assert_clean(sentence: str, locale: str = "en") -> None:
    assert lint_text(sentence, locale, FIELD) == []

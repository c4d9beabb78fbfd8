"""Property tests: texts made of the linter's own words, mutated (tests/support/lint_texts.py),
never make the linter, preview or the SMS counter crash, and every span lies in its text.

``LINT_FUZZ_EXAMPLES=5000`` runs more examples than the default (kept to a few seconds).
"""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gateway.messages.lint import lint_facts, lint_text
from gateway.messages.preview import preview
from gateway.messages.sms import sms_info
from tests.support.clock import iso_from_now
from tests.support.lint_texts import EXAMPLES, lint_texts


def _check(text: str, locale: str) -> None:
    for f in lint_text(text, locale, "facts.impact", public_url="https://x.example"):
        assert 0 <= f.span[0] <= f.span[1] <= len(text), (f.code, f.span, len(text))


_SETTINGS = settings(max_examples=EXAMPLES, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                            HealthCheck.filter_too_much])


@_SETTINGS
@given(lint_texts("en"))
@example("See http://[x now.")  # a link urllib cannot split: ValueError (Invalid IPv6 URL)
@example("Read https://a\u2100b/ now")  # "℀" NFKC-folds to "a/c" in the host: ValueError
@example("Our ſubstation failed.")  # a trade term with a letter that folds: KeyError (0954d09)
@example("It was down a bit")  # a softener ending the sentence: IndexError (bench --lint found it)
@example("We're sorry you didn't")  # "sorry you didn't" with no verb after it: IndexError
def test_lint_text_en_never_crashes_on_its_own_words(text):
    _check(text, "en")


@_SETTINGS
@given(lint_texts("zh-CN"))
# officialese joined words across a comma: a stock phrase not in the sentence, its span at -1
@example(".我们将全面压实主体责任，构建长效管控机制。。")
@example("见http://？")  # a host urllib refuses (NFKC folds "？" to "?"): ValueError
@example("若也不会错了人数。")  # a counterfactual in the last clause joined to none: IndexError
def test_lint_text_zh_never_crashes_on_its_own_words(text):
    _check(text, "zh-CN")


@settings(max_examples=max(EXAMPLES // 4, 10), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.fixed_dictionaries({}, optional={
    "what_happened": lint_texts("en"), "impact": lint_texts("zh-CN"),
    "actions_taken": lint_texts("en"), "customer_actions": st.lists(lint_texts("zh-CN"),
                                                                    max_size=2)}),
       st.one_of(st.none(), lint_texts("en")))
def test_lint_facts_never_crashes_on_its_own_words(facts, update):
    for f in lint_facts(facts, update):
        assert f.span[0] <= f.span[1]


def _facts(locale: str) -> st.SearchStrategy[dict[str, object]]:
    text = lint_texts(locale)
    return st.fixed_dictionaries({}, optional={
        "what_happened": text, "impact": text, "actions_taken": text,
        "customer_actions": st.lists(text, max_size=2),
        "compensation": st.fixed_dictionaries({"description": text}),
        "next_update_at": st.sampled_from([iso_from_now(days=1), "", "soon", "明天"])})


@settings(max_examples=max(EXAMPLES // 4, 10), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.sampled_from(["outage", "delivery_delay", "billing_error", "update"]),
       st.sampled_from(["email", "sms", "chat"]), st.sampled_from(["en", "zh-CN"]), st.data())
def test_preview_never_crashes_on_the_linters_words(kind, channel, locale, data):
    facts = data.draw(st.one_of(_facts(locale), _facts("zh-CN" if locale == "en" else "en"),
                                st.fixed_dictionaries({"en": _facts("en"),
                                                       "zh-CN": _facts("zh-CN")})))
    update = {"stage": "investigating", "message": data.draw(lint_texts(locale))}
    out = preview(kind, channel, locale, facts, update=update if kind == "update" else None)
    for f in out["lint"]:
        if f["field"] in ("subject", "text", "html"):
            assert 0 <= f["span"][0] <= f["span"][1] <= len(out[f["field"]] or "")
    if channel == "sms":
        assert out["sms"] == {k: v for k, v in sms_info(out["text"]).items() if k in out["sms"]}


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.one_of(lint_texts("en"), lint_texts("zh-CN")))
def test_sms_info_never_crashes_on_the_linters_words(text):
    info = sms_info(text)
    assert info["encoding"] in ("GSM-7", "UCS-2") and info["segments"] >= (1 if text else 0)

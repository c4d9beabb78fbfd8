"""Preview and catalogue, plus property tests: no input makes them crash."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gateway.messages import KINDS, UnknownTemplate
from gateway.messages.context import sample_facts
from gateway.messages.lint import lint_facts, lint_text
from gateway.messages.preview import catalogue, preview
from gateway.messages.sms import sms_info

# 11:00 UTC tomorrow: always ahead, and 20:00 in Tokyo as the customer test expects.
_TOMORROW_11_UTC = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%dT11:00:00Z")
FACTS = {"what_happened": "Our checkout stopped working.", "impact": "You could not pay.",
         "actions_taken": "We restarted it.", "next_update_at": _TOMORROW_11_UTC}


def test_preview_email_shape():
    out = preview("outage", "email", "en", FACTS, public_url="https://status.example.com")
    assert set(out) == {"subject", "text", "html", "lint", "readability"}
    assert out["readability"]["metric"] == "flesch_reading_ease"
    assert "https://status.example.com/m/preview" in out["text"]
    assert not [f for f in out["lint"] if f["severity"] == "error"]


def test_preview_sms_shape_and_lint():
    out = preview("outage", "sms", "en",
                  {**FACTS, "what_happened": "Due to our vendor, checkout failed."})
    assert set(out) == {"text", "lint", "sms", "readability"}
    assert out["sms"] == {"encoding": "GSM-7", "segments": 2}  # with the name and the order
    blame = [f for f in out["lint"] if f["code"] == "blame_others"]
    assert blame and out["text"][blame[0]["span"][0]:blame[0]["span"][1]] == "Due to our vendor"


@pytest.mark.parametrize("locale,sentence,rewrite", [
    ("en", "The courier company lost track of several packages.",
     "We lost track of several packages."),
    ("zh-CN", "都是银行处理太慢，退款才迟迟没到账。", "我们处理太慢，退款才迟迟没到账。"),
])
def test_preview_findings_carry_a_rewrite_of_the_sentence(locale, sentence, rewrite):
    out = preview("outage", "chat", locale, {**FACTS, "what_happened": sentence})
    blame = [f for f in out["lint"] if f["code"] == "blame_others"]
    assert blame and rewrite in blame[0]["suggestion"]
    start, end = blame[0]["span"]
    assert out["text"][start:end] in sentence


def test_preview_chat_zh_and_whatsapp():
    out = preview("delivery_delay", "whatsapp", "zh-CN", sample_facts("delivery_delay", "zh-CN"))
    assert set(out) == {"text", "lint", "readability"}
    assert out["readability"]["metric"] == "avg_sentence_chars"
    assert "我们很抱歉" in out["text"]


def test_preview_uses_given_customer():
    out = preview("billing_error", "email", "en", FACTS,
                  customer={"name": "<b>Ann</b>", "timezone": "Asia/Tokyo",
                            "attributes": {"order_id": "A-77"}})
    assert "&lt;b&gt;Ann&lt;/b&gt;" in out["html"] and "order A-77" in out["text"]
    assert "20:00 JST" in out["text"]


def test_preview_keyed_facts_fall_back_like_delivery():
    out = preview("outage", "sms", "zh-CN", {"en": FACTS})
    assert out["text"].startswith("Hi Mei Tan, we're sorry.")


def test_preview_missing_facts_are_lint_errors_not_crashes():
    out = preview("outage", "email", "en", {})
    assert any(f["code"] == "missing_element" for f in out["lint"])


@pytest.mark.parametrize("kind,channel,locale", [
    ("nope", "email", "en"), ("outage", "pigeon", "en"), ("outage", "email", "fr"),
    ("../../../etc/passwd", "email", "en"), ("outage", "email", "../../templates"),
    ("outage", "..", "en"), ("pages", "email", "en"),
])
def test_preview_refuses_unknown_names(kind, channel, locale):
    with pytest.raises(UnknownTemplate):
        preview(kind, channel, locale, FACTS)
    assert issubclass(UnknownTemplate, ValueError)


def test_catalogue_lists_every_template_with_status():
    entries = catalogue("https://status.example.com")
    paths = {e["path"] for e in entries}
    for kind in KINDS + ("update", "survey"):
        for channel in ("email", "sms", "chat"):
            for locale in ("en", "zh-CN"):
                assert f"{kind}/{channel}.{locale}.j2" in paths
    assert "pages/ack.zh-CN.j2" in paths
    for e in entries:
        assert e["exists"] and e["lint"]["status"] in ("ok", "warnings")
        assert set(e["lint"]) == {"status", "errors", "warnings"}


texts = st.text(max_size=400)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.sampled_from(["en", "zh-CN", "fr"]))
@example("Aa;", "en")  # a sentence ending in ";" with no sentence after it
@example("The parcel was lost by the courier;", "en")  # the same, in the third-party check
@example("Mistakes by the shipping agent meant your goods sat in", "en")  # a place word last
def test_lint_text_never_crashes(text, locale):
    for f in lint_text(text, locale, "facts.impact", public_url="https://x.example"):
        assert 0 <= f.span[0] <= f.span[1] <= len(text)


@settings(max_examples=150, deadline=None)
@given(texts)
def test_sms_info_never_crashes(text):
    info = sms_info(text)
    assert info["encoding"] in ("GSM-7", "UCS-2") and info["segments"] >= (1 if text else 0)


fact_values = st.one_of(st.none(), texts, st.integers(), st.lists(texts, max_size=3),
                        st.dictionaries(st.text(max_size=10), texts, max_size=3))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(KINDS), st.sampled_from(["email", "sms", "chat"]),
       st.sampled_from(["en", "zh-CN"]),
       st.dictionaries(st.sampled_from(["what_happened", "impact", "actions_taken", "started_at",
                                        "next_update_at", "customer_actions", "compensation",
                                        "extra"]), fact_values, max_size=8),
       st.one_of(st.none(), st.fixed_dictionaries({"name": st.one_of(st.none(), texts),
                                                   "timezone": texts})))
def test_preview_and_lint_facts_never_crash(kind, channel, locale, facts, customer):
    out = preview(kind, channel, locale, facts, customer=customer)
    assert isinstance(out["lint"], list)
    lint_facts(facts)


def test_a_trade_term_spelt_with_letters_that_fold_is_not_a_crash():
    """re's IGNORECASE matches "ſubstation" (long s) and "K" (Kelvin sign) as the plain term;
    the term's plain words are looked up by the case-folded match ("ſ" lowers to itself)."""
    from gateway.messages.lint.english.trade import _terms

    folds = str.maketrans({"s": "ſ", "k": "\u212a"})
    terms = [t for t in _terms()[1] if set(t) & {"s", "k"}]
    assert len(terms) > 20
    for term in terms:
        plain = {f.code for f in lint_text(f"Our {term} failed.", "en", "facts.impact")}
        folded = lint_text(f"Our {term.translate(folds)} failed.", "en", "facts.impact")
        assert {f.code for f in folded} <= plain, term
    [finding] = lint_text("Our ſubstation failed.", "en", "facts.impact")
    assert finding.code == "jargon" and "local power station" in finding.suggestion

"""Rendering: every shipped template, escaping, strictness, fallback, safety."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from gateway.messages import (
    KINDS,
    LOCALES,
    Renderer,
    RenderError,
    UnknownTemplate,
    build_context,
    get_renderer,
    render_message,
    sample_context,
)
from gateway.messages.lint_templates import lint_all_templates
from gateway.messages.render import PAGES, TEMPLATES_DIR
from gateway.vocabulary import UPDATE_STAGES

CHANNELS = ("email", "sms", "chat", "whatsapp")


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return get_renderer()


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_renders(renderer, kind, channel, locale):
    out = renderer.render(kind, channel, locale, sample_context(kind, locale))
    assert out.locale == locale and not out.fell_back
    assert out.template == f"{kind}/{'chat' if channel == 'whatsapp' else channel}.{locale}.j2"
    assert out.text and "sample-token" in out.text
    if channel == "email":
        assert out.subject and "\n" not in out.subject
        assert out.html.startswith("<!doctype html>")
    else:
        assert out.subject is None and out.html is None


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("stage", UPDATE_STAGES)
@pytest.mark.parametrize("channel", ("email", "sms", "chat"))
def test_every_update_stage_renders(renderer, stage, channel, locale):
    ctx = sample_context("billing_error", locale, stage=stage)
    out = renderer.render("update", channel, locale, ctx)
    assert ctx["update"]["message"] in out.text
    if stage == "no_news":
        assert ("No news yet" in out.text) or ("暂时还没有新进展" in out.text)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders(renderer, page, locale):
    ctx = sample_context("data_breach", locale, survey=True)
    ctx["page"] = {"channel": "sms"}
    out = renderer.render_page(page, locale, ctx)
    assert out.html.startswith("<!doctype html>") and out.subject
    assert ctx["contact"]["phone"] in out.html  # every page says how to reach a person


def test_pages_that_post(renderer):
    ctx = sample_context("outage", "en", survey=True)
    ack = renderer.render_page("ack", "en", ctx).html
    assert f'method="post" action="{ctx["links"]["ack_url"]}"' in ack and "I got it" in ack
    survey = renderer.render_page("survey", "en", ctx).html
    assert 'name="score"' in survey and 'name="comment"' in survey and 'value="5"' in survey


def test_not_found_page_needs_only_contact(renderer):
    out = renderer.render_page("not_found", "zh-CN", {"contact": {"phone": "400", "email": None,
                                                                  "hours": None}})
    assert "链接无效" in out.html and "400" in out.html


def test_shipped_templates_lint_clean():
    code, lines = lint_all_templates()
    assert code == 0, "\n".join(line for line in lines if line.startswith("ERROR"))


def test_html_escapes_customer_and_facts_but_text_does_not(renderer):
    ctx = sample_context("outage", "en")
    ctx["customer"]["name"] = "<script>alert(1)</script>"
    ctx["facts"]["impact"] = "Orders & payments <b>failed</b>."
    out = renderer.render("outage", "email", "en", ctx)
    assert "<script>" not in out.html and "&lt;script&gt;alert(1)&lt;/script&gt;" in out.html
    assert "Orders &amp; payments &lt;b&gt;" in out.html
    assert "Hi <script>alert(1)</script>," in out.text
    assert "Orders & payments <b>failed</b>." in out.text


def test_facts_are_data_not_template_code(renderer):
    ctx = sample_context("outage", "en")
    ctx["facts"]["what_happened"] = (
        "{{ config }} {% for x in range(3) %}X{% endfor %} {{ ''.__class__ }}")
    out = renderer.render("outage", "sms", "en", ctx)
    assert "{{ config }} {% for x in range(3) %}X{% endfor %} {{ ''.__class__ }}" in out.text


def test_subject_is_one_line_and_never_the_staff_title(renderer):
    ctx = sample_context("outage", "en")
    ctx["incident"]["title"] = "Down\r\nBcc: victim@example.com"
    for locale in ("en", "zh-CN"):
        out = renderer.render("outage", "email", locale, {**ctx, "customer": {
            **ctx["customer"], "locale": locale}})
        assert "\r" not in out.subject and "\n" not in out.subject
        assert "victim" not in out.subject and "Down" not in out.subject


def test_missing_variable_is_an_error_naming_it(renderer):
    ctx = sample_context("outage", "en")
    del ctx["contact"]
    with pytest.raises(RenderError, match="contact"):
        renderer.render("outage", "chat", "en", ctx)


def test_missing_nested_variable_names_it(renderer):
    ctx = sample_context("outage", "en")
    del ctx["facts"]["impact"]
    with pytest.raises(RenderError, match="impact"):
        renderer.render("outage", "sms", "en", ctx)


def test_locale_without_templates_falls_back_to_en(renderer):
    ctx = sample_context("outage", "en")
    out = renderer.render("outage", "email", "fr", ctx)
    assert out.locale == "en" and out.fell_back and out.template == "outage/email.en.j2"


def test_facts_without_the_customers_locale_use_en_facts_and_template(renderer):
    ctx = sample_context("outage", "zh-CN")
    out = render_message(renderer, "outage", "sms", customer=ctx["customer"],
                         incident=ctx["incident"],
                         facts={"en": sample_context("outage", "en")["facts"]},
                         links=ctx["links"], contact=ctx["contact"])
    assert out.locale == "en" and out.fell_back and "We're sorry" in out.text
    zh = render_message(renderer, "outage", "sms",
                        customer=ctx["customer"], incident=ctx["incident"],
                        facts={"en": {"what_happened": "x"}, "zh-CN": ctx["facts"]},
                        links=ctx["links"], contact=ctx["contact"])
    assert zh.locale == "zh-CN" and not zh.fell_back


@pytest.mark.parametrize("kind,channel,locale", [
    ("../../etc/passwd", "email", "en"), ("outage", "../sms", "en"), ("outage", "email", "../../x"),
    ("outage", "fax", "en"), ("_layouts", "email", "en"), ("outage", "email", "en/../../x"),
])
def test_unknown_or_unsafe_names_are_refused(renderer, kind, channel, locale):
    with pytest.raises(UnknownTemplate):
        renderer.render(kind, channel, locale, sample_context("outage", "en"))


def test_times_in_customer_timezone_and_locale(renderer):
    """The next update is said in the customer's own clock and calendar, whatever the season:
    the expected words come from the zone database, not from our formatting code."""
    at = (datetime.now(UTC) + timedelta(days=9)).replace(hour=13, minute=0, second=0,
                                                          microsecond=0)
    new_york, beijing = at.astimezone(ZoneInfo("America/New_York")), at.astimezone(
        ZoneInfo("Asia/Shanghai"))
    ctx = sample_context("outage", "en")
    ctx["customer"]["timezone"] = "America/New_York"
    ctx["facts"]["next_update_at"] = at.isoformat().replace("+00:00", "Z")
    assert (f"{new_york:%A} {new_york.day} {new_york:%B} at {new_york:%H:%M} "
            f"{new_york.tzname()}") in renderer.render("outage", "email", "en", ctx).text
    zh = sample_context("outage", "zh-CN")
    zh["facts"]["next_update_at"] = ctx["facts"]["next_update_at"]
    weekday = "一二三四五六日"[beijing.weekday()]
    assert (f"{beijing.month}月{beijing.day}日（星期{weekday}）{beijing:%H:%M}（北京时间）"
            in renderer.render("outage", "email", "zh-CN", zh).text)


@pytest.mark.parametrize("kind", KINDS)
def test_sample_dates_are_this_weeks_not_a_fixed_day(kind):
    """Previews and lint-templates show the sample as if it happened today: it began
    within the last few hours and its compensation and updates are still ahead."""
    now = datetime.now(UTC)
    ctx = sample_context(kind, "en", stage="investigating")
    started = datetime.fromisoformat(ctx["facts"]["started_at"])
    assert now - timedelta(hours=3) < started < now
    for later in (ctx["facts"]["next_update_at"], ctx["update"]["next_update_at"]):
        assert datetime.fromisoformat(later) > now
    if ctx["facts"].get("compensation"):
        assert date.fromisoformat(ctx["facts"]["compensation"]["when"]) > now.date()


def test_customer_details_and_compensation(renderer):
    ctx = sample_context("billing_error", "en")
    paid = date.fromisoformat(ctx["facts"]["compensation"]["when"])
    text = renderer.render("billing_error", "email", "en", ctx).text
    assert "order 58213" in text and "$10.00" in text
    assert f"{paid:%A} {paid.day} {paid:%B}" in text
    ctx["customer"]["attributes"] = {}
    ctx["facts"]["compensation"] = None
    text = renderer.render("billing_error", "email", "en", ctx).text
    assert "order 58213" not in text and "Making it right" not in text


def test_ack_link_only_when_ack_required(renderer):
    with_ack = sample_context("outage", "en", require_ack=True)
    without = sample_context("outage", "en", require_ack=False)
    assert "/a/sample-token" in renderer.render("outage", "email", "en", with_ack).text
    assert "/a/sample-token" not in renderer.render("outage", "email", "en", without).text
    assert "Reply OK" not in renderer.render("outage", "sms", "en", without).text


def test_build_context_fills_defaults():
    ctx = build_context(facts={"what_happened": "x", "impact": "y", "actions_taken": "z",
                               "contact": {"phone": "123"}},
                        incident={"kind": "outage"}, contact={"email": "a@b.c"})
    assert ctx["customer"]["name"] is None and ctx["customer"]["attributes"] == {}
    assert ctx["facts"]["customer_actions"] == [] and ctx["facts"]["compensation"] is None
    assert ctx["links"]["ack_url"] is None and ctx["update"] is None
    assert ctx["contact"] == {"phone": "123", "email": "a@b.c", "hours": None}
    get_renderer().render("outage", "email", "en", ctx)  # renders with nothing else given


def test_template_version_covers_parents(tmp_path):
    copy = tmp_path / "templates"
    shutil.copytree(TEMPLATES_DIR, copy)
    before = Renderer(copy).version("outage/email.en.j2")
    assert before == Renderer(copy).version("outage/email.en.j2") and len(before) == 12
    layout = Path(copy, "_layouts", "parts.en.j2")
    layout.write_text(layout.read_text() + "\n{# changed #}\n")
    assert Renderer(copy).version("outage/email.en.j2") != before

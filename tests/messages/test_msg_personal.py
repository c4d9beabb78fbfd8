"""SMS, WhatsApp and chat say what it means for THIS customer: their own reference
(order, account or amount) and their name where it fits, an SMS within its budget."""

from __future__ import annotations

import shutil

import pytest

from gateway.messages import KINDS, get_renderer, render_message, sample_context
from gateway.messages.batch_render import BatchRenderer
from gateway.messages.lint import lint_rendered
from gateway.messages.lint_templates import lint_all_templates
from gateway.messages.render import SMS_MAX_SEGMENTS, TEMPLATES_DIR, Renderer
from gateway.messages.sms import segment_count, sms_info
from tests.support.clock import iso_from_now

CHANNELS = ("sms", "whatsapp", "chat", "email")
FACTS = {"what_happened": "Our checkout stopped working between 09:10 and 10:05 UTC.",
         "impact": "You could not place orders during that time.",
         "actions_taken": "We undid the change that broke it.",
         "next_update_at": iso_from_now(hours=2)}
INCIDENT = {"id": 9, "kind": "outage", "severity": "high", "title": "Checkout down",
            "require_ack": True, "ack_within_minutes": 60}
LINKS = {"message_url": "https://status.example.com/m/tok", "ack_url": "https://status.example.com/a/tok",
         "unsubscribe_url": "https://status.example.com/u/tok", "survey_url": None}


def person(name: str | None = "Mei Tan", locale: str = "en", **attributes: str) -> dict:
    return {"external_id": "c1", "name": name, "locale": locale, "timezone": "Europe/Berlin",
            "attributes": attributes}


def render(channel: str, customer: dict, facts: dict = FACTS, **kw):
    return render_message(get_renderer(), kw.pop("kind", "outage"), channel, customer=customer,
                          incident={**INCIDENT, **kw.pop("incident", {})}, facts=facts,
                          links=LINKS, **kw)


@pytest.mark.parametrize("locale", ["en", "zh-CN"])
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("channel", CHANNELS)
def test_every_kind_and_channel_names_the_customer_and_their_order(channel, kind, locale):
    ctx = sample_context(kind, locale)
    out = get_renderer().render(kind, channel, locale, ctx)
    name = ctx["customer"]["name"]
    assert "58213" in out.text
    if channel == "sms":
        assert sms_info(out.text)["segments"] <= SMS_MAX_SEGMENTS
        assert name in out.text or "name" in out.left_out  # where it fits
    else:
        assert name in out.text
    assert not [f for f in lint_rendered(out, channel, locale, ctx) if f.severity == "error"]


@pytest.mark.parametrize("channel", CHANNELS)
def test_the_issue_sample_sms_carries_order_and_name(channel):
    out = render(channel, person(order_id="58213"))
    assert "This is about your order 58213." in out.text
    assert "Mei Tan" in out.text
    if channel == "sms":
        assert out.text.startswith("Hi Mei Tan, we're sorry. Our checkout stopped working")
        assert sms_info(out.text) == {**sms_info(out.text), "encoding": "GSM-7", "segments": 2}
        assert out.left_out == ()


@pytest.mark.parametrize("attributes,expected", [
    ({"account": "ACC-99120"}, "This is about your account ACC-99120."),
    ({"amount": "42.00", "currency": "USD"}, "The amount: 42.00 USD."),
    ({"order_id": "58213", "amount": "$42.00"}, "This is about your order 58213 ($42.00)."),
])
@pytest.mark.parametrize("channel", ["sms", "chat"])
def test_account_or_amount_when_there_is_no_order(channel, attributes, expected):
    out = render(channel, person(**attributes), kind="billing_error")
    if channel == "sms":
        assert expected in out.text
    else:  # chat and email carry every reference the customer has
        for value in attributes.values():
            assert value in out.text


def test_zh_sms_in_chinese_with_name_and_order():
    out = render("sms", person("李梅", "zh-CN", order_id="58213"),
                 {**FACTS, "what_happened": "我们的结账页面出了故障。", "impact": "您无法下单。"})
    assert out.text.startswith("李梅，很抱歉，我们的结账页面出了故障。"
                               "您无法下单。涉及您的订单：58213。")
    assert sms_info(out.text)["segments"] <= SMS_MAX_SEGMENTS


def test_no_reference_no_name_is_the_plain_general_sms():
    out = render("sms", person(None))
    assert out.text.startswith("We're sorry. Our checkout") and "This is about" not in out.text


@pytest.mark.parametrize("name,reference", [
    ("Maximiliane Alexandra von Hohenzollern-Sigmaringen", "ORD-2026-11-20-000058213-EU-WEST"),
    ("李梅", "58213"),  # a Chinese name switches an en SMS to UCS-2: half the room
    ("Zoë", "ORD-2026-11-20-000058213-EU-WEST-REPLACEMENT-SHIPMENT"),
])
def test_a_long_name_or_reference_never_pushes_the_sms_over_its_budget(name, reference):
    facts = {**FACTS, "what_happened": FACTS["what_happened"] + " Nobody could pay for an order.",
             "impact": FACTS["impact"] + " Orders you started are still in your cart."}
    general = render("sms", person(None), facts)
    assert sms_info(general.text)["segments"] == 2  # the general part alone fits
    out = render("sms", person(name, order_id=reference), facts)
    assert sms_info(out.text)["segments"] <= SMS_MAX_SEGMENTS
    assert reference in out.text  # the personal reference is never trimmed
    assert out.left_out  # the general part gave way
    assert "Our checkout stopped working between 09:10 and 10:05 UTC." in out.text
    assert "More: https://status.example.com/m/tok" in out.text and "Reply OK" in out.text
    assert not [f for f in lint_rendered(out, "sms", "en", _ctx(out, name, reference, facts))
                if f.severity == "error"]


def _ctx(out, name, reference, facts):
    from gateway.messages import build_context

    return build_context(customer=person(name, order_id=reference), incident=INCIDENT,
                         facts=facts, links=LINKS)


def test_fitting_gives_way_in_order_wording_name_sentences_impact():
    facts = {**FACTS, "impact": "You could not place orders. Carts were kept."}
    seen = []
    for extra in range(0, 200, 8):
        out = render("sms", person("Mei Tan", order_id="X" * (10 + extra)), facts)
        assert "X" * (10 + extra) in out.text
        seen.append(out.left_out)
        if sms_info(out.text)["segments"] > SMS_MAX_SEGMENTS:
            assert out.left_out[-1] == "general_impact"  # everything given, still over
    steps = ("short_wording", "name", "later_sentences", "general_impact")
    assert all(s == steps[:len(s)] for s in seen)
    assert () in seen and steps in seen


def test_a_long_sms_from_the_facts_alone_is_not_cut():
    facts = {**FACTS, "what_happened": "Our checkout stopped working. " * 12}
    out = render("sms", person("Mei Tan", order_id="58213"), facts)
    general = render("sms", person(None), facts)
    assert sms_info(out.text)["segments"] == sms_info(general.text)["segments"] > 2
    assert "58213" in out.text


@pytest.mark.parametrize("stage", ["investigating", "resolved", "no_news"])
def test_update_and_survey_sms_carry_the_reference(stage):
    update = {"stage": stage, "message": "We found the cause.", "seq": 1,
              "next_update_at": None if stage == "resolved" else iso_from_now(hours=3)}
    out = render("sms", person(order_id="58213"), update=update)
    assert "Update for Mei Tan:" in out.text and "order 58213" in out.text
    ctx = sample_context("outage", "zh-CN", survey=True)
    survey = get_renderer().render("survey", "sms", "zh-CN", ctx)
    assert "涉及您的订单：58213。" in survey.text and "李梅" in survey.text


def test_batch_renderer_fits_only_the_customers_who_need_it():
    batch = BatchRenderer(Renderer())
    names = ["Ada", "Maximiliane Alexandra von Hohenzollern-Sigmaringen", "李梅", "Tom"]
    facts = {**FACTS, "impact": FACTS["impact"] + " Orders you started are still in your cart."}
    for i, name in enumerate(names * 3):
        c = person(f"{name} {i}", order_id=f"ORD-{i:06d}-EU-WEST")
        fast = batch.render("outage", "sms", customer=c, incident=INCIDENT, facts=facts,
                            links=LINKS)
        assert fast == render("sms", c, facts)
        assert segment_count(fast.text) <= SMS_MAX_SEGMENTS and f"ORD-{i:06d}" in fast.text


def test_lint_missing_customer_reference_on_a_template_without_it(tmp_path):
    root = tmp_path / "templates"
    shutil.copytree(TEMPLATES_DIR, root)
    layout = root / "_layouts" / "sms.en.j2"
    layout.write_text(layout.read_text(encoding="utf-8").replace("{{ p.sms_reference() }}", ""),
                      encoding="utf-8")
    chat = root / "_layouts" / "chat.zh-CN.j2"
    chat.write_text(chat.read_text(encoding="utf-8").replace("{{ p.yours() }}", ""),
                    encoding="utf-8")
    code, lines = lint_all_templates(root)
    assert code == 1
    missing = [line for line in lines if "missing_element" in line and "own reference" in line]
    assert any("outage/sms.en.j2" in line for line in missing)
    assert any("billing_error/chat.zh-CN.j2" in line for line in missing)
    assert not any("sms.zh-CN" in line or "chat.en" in line for line in missing)
    renderer = Renderer(root)
    ctx = sample_context("outage", "en")
    out = renderer.render("outage", "sms", "en", ctx)
    missing = [f.message for f in lint_rendered(out, "sms", "en", ctx)
               if f.code == "missing_element"]
    assert missing == ["Missing the customer's own reference (their order, account or amount)"]
    # no reference on record: nothing to name, nothing missing
    ctx["customer"]["attributes"] = {}
    out = renderer.render("outage", "sms", "en", ctx)
    assert not [f for f in lint_rendered(out, "sms", "en", ctx) if f.code == "missing_element"]


def test_shipped_templates_lint_clean():
    code, lines = lint_all_templates()
    assert code == 0, [line for line in lines if line.startswith("ERROR")]
    assert lines[-1].endswith("0 errors, 0 warnings")

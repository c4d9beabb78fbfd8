"""One language per message: facts are in the language of their text, and a customer
whose locale differs gets the whole message in that language (recorded as fell_back)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from gateway.messages import get_renderer, render_message
from gateway.messages.context import facts_for, fallback_notes, message_locale
from gateway.messages.language import detect_language, facts_language, fallback_sentence
from gateway.messages.preview import preview
from tests.support.clock import iso_from_now

CORPUS = Path(__file__).parent / "corpus"
CJK = re.compile(r"[\u3400-\u9fff]")


def _sentences(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out: list[str] = []
    for section in ("bad", "good"):
        value = data.get(section) or []
        for items in (value.values() if isinstance(value, dict) else [value]):
            out += items or []
    return out


@pytest.mark.parametrize("corpus", ["", "holdout", "holdout2"])
@pytest.mark.parametrize("locale", ["en", "zh-CN"])
def test_every_real_sentence_of_the_lint_corpora_is_in_its_language(corpus, locale):
    sentences = _sentences(CORPUS / corpus / f"{locale}.yaml")
    assert len(sentences) >= 60
    wrong = [s for s in sentences if detect_language(s) != locale]
    assert wrong == []


@pytest.mark.parametrize("text,expected", [
    # short facts
    ("Fixed.", "en"), ("已修复", "zh-CN"), ("已修复。", "zh-CN"), ("We're sorry.", "en"),
    ("退款已到账", "zh-CN"), ("Refunded.", "en"),
    # a Chinese name inside English facts is still English
    ("We charged 李梅 twice for order 58213.", "en"),
    ("王小明's parcel left our warehouse late.", "en"),
    ("Our courier in 深圳 lost three parcels; we are sending new ones today.", "en"),
    # English names, products and codes inside Chinese facts are still Chinese
    ("您的iPhone订单已延误", "zh-CN"),
    ("Mei Tan 的订单晚到了两天。", "zh-CN"),
    ("订单 ORD-5821 已发货", "zh-CN"),
    ("我们的 App 在 09:10 到 10:05 之间无法登录。", "zh-CN"),
    ("Checkout 页面出了故障，大家都无法付款。", "zh-CN"),
    # nothing to tell by
    ("", None), ("58213", None), ("09:10-10:05 UTC", None),
])
def test_detection_on_short_and_mixed_text(text, expected):
    assert detect_language(text) == expected


def test_facts_language_reads_all_the_free_text():
    facts = {"what_happened": "We released a faulty change at 09:10 UTC.",
             "impact": "You could not pay.", "actions_taken": "We undid it.",
             "customer_actions": ["Place your order again."]}
    assert facts_language(facts) == "en"
    zh = {"what_happened": "我们的结账页面出了故障。", "impact": "您无法付款。",
          "actions_taken": "我们已撤回改动。"}
    assert facts_language(zh) == "zh-CN"
    assert facts_for(facts, "zh-CN")[1:] == ("en", True)
    assert facts_for(zh, "zh-CN")[1:] == ("zh-CN", False)
    assert facts_for(zh, "en")[1:] == ("zh-CN", True)
    assert facts_for({"en": facts, "zh-CN": zh}, "zh-CN")[1:] == ("zh-CN", False)
    assert facts_for({"en": facts}, "zh-CN")[1:] == ("en", True)


FACTS = {"what_happened": "We released a faulty change at 09:10 UTC. Checkout stopped working.",
         "impact": "You could not place orders until 10:05 UTC.",
         "actions_taken": "We undid the change at 10:05 UTC.",
         "next_update_at": iso_from_now(hours=2)}
LI = {"external_id": "li", "name": "李梅", "locale": "zh-CN", "timezone": "Asia/Shanghai",
      "attributes": {"order_id": "58213"}}
INCIDENT = {"id": 1, "kind": "outage", "severity": "high", "title": "Checkout down",
            "require_ack": True, "ack_within_minutes": 60}
LINKS = {"message_url": "https://s.example.com/m/t", "ack_url": "https://s.example.com/a/t",
         "unsubscribe_url": "https://s.example.com/u/t", "survey_url": None}


@pytest.mark.parametrize("channel", ["email", "sms", "whatsapp", "chat"])
def test_english_facts_to_a_chinese_customer_give_a_whole_english_message(channel):
    out = render_message(get_renderer(), "outage", channel, customer=LI, incident=INCIDENT,
                         facts=FACTS, links=LINKS)
    assert out.fell_back and out.locale == "en" and out.template.endswith(".en.j2")
    for part in (out.subject, out.text, out.html):
        if part:  # the only Chinese is her name; the times are in her zone
            assert CJK.findall(part.replace("李梅", "")) == [], part
    assert "We released a faulty change" in out.text and "58213" in out.text
    assert "很抱歉" not in out.text and "下次更新" not in out.text


def test_chinese_facts_to_an_english_customer_give_a_whole_chinese_message():
    zh = {"what_happened": "我们的结账页面出了故障。", "impact": "您无法付款。",
          "actions_taken": "我们已撤回改动。", "next_update_at": iso_from_now(hours=2)}
    mei = {**LI, "name": "Mei Tan", "locale": "en", "timezone": "Europe/London"}
    out = render_message(get_renderer(), "outage", "sms", customer=mei, incident=INCIDENT,
                         facts=zh, links=LINKS)
    assert out.fell_back and out.locale == "zh-CN"
    assert out.text.startswith("Mei Tan，很抱歉，我们的结账页面出了故障。")
    assert "We're sorry" not in out.text and "Next update" not in out.text


def test_an_update_in_one_language_is_never_put_into_another_languages_template():
    keyed = {"en": FACTS, "zh-CN": {"what_happened": "我们的结账页面出了故障。",
                                    "impact": "您无法付款。", "actions_taken": "我们已撤回改动。"}}
    update = {"stage": "identified", "message": "It was a change we made this morning.",
              "seq": 1, "next_update_at": iso_from_now(hours=3)}
    assert message_locale(keyed, "zh-CN", update["message"]) == ("en", True)
    for channel in ("sms", "email", "chat"):
        out = render_message(get_renderer(), "outage", channel, customer=LI, incident=INCIDENT,
                             facts=keyed, links=LINKS, update=update)
        assert out.fell_back and out.locale == "en"
        assert CJK.findall(out.text.replace("李梅", "")) == []
        assert "It was a change we made this morning." in out.text
    zh_update = {**update, "message": "是我们今天早上做的一次改动，我们正在撤回。"}
    out = render_message(get_renderer(), "outage", "chat", customer=LI, incident=INCIDENT,
                         facts=keyed, links=LINKS, update=zh_update)
    assert not out.fell_back and out.locale == "zh-CN" and "我们的结账页面出了故障" in out.text


def test_fallback_notes_say_who_gets_which_language():
    notes = fallback_notes(FACTS, {"zh-CN": 12, "en": 40, None: 3})
    assert notes == [{"locale": "zh-CN", "gets": "en", "customers": 12}]
    assert fallback_sentence(notes[0]) == \
        "12 customers will get English because there are no Chinese facts"
    assert fallback_sentence(notes[0], "zh-CN") == "12 位客户将收到英文消息，因为没有中文的事实。"
    assert fallback_notes({"en": FACTS, "zh-CN": FACTS}, {"zh-CN": 12}) == []


def test_preview_in_zh_cn_of_english_facts_is_english_and_says_so():
    out = preview("outage", "sms", "zh-CN", FACTS)
    assert out["text"].startswith("Hi Mei Tan, we're sorry. We released a faulty change")
    notes = [f for f in out["lint"] if f["code"] == "locale_fallback"]
    assert [f["message"] for f in notes] == [
        "Customers whose language is Chinese will get English because there are no Chinese facts"]
    assert notes[0]["severity"] == "warning"


@pytest.mark.parametrize("channel", ["sms", "chat", "email"])
def test_compensation_messages_never_carry_the_staff_title(channel):
    from gateway.messages import sample_context

    ctx = sample_context("outage", "zh-CN")
    ctx["incident"]["title"] = "Checkout down (INC-4411)"  # a staff label, in English
    ctx["facts"]["compensation"]["money"] = "¥30.00"
    out = get_renderer().render("compensation_paid", channel, "zh-CN", ctx)
    assert "Checkout" not in out.text and "INC-4411" not in out.text
    assert "我们的服务中断" in out.text  # what happened, in the customer's words


def test_complaint_feedback_is_in_the_language_staff_wrote_it_in(app):
    from types import SimpleNamespace

    from gateway.complaints import messages as complaint_messages
    from gateway.complaints import topics

    due = datetime.now(UTC) + timedelta(days=1)  # the contact promised by tomorrow
    complaint = SimpleNamespace(id=4, customer_id=1, topic=topics.OTHER, contact_due=due,
                                first_contact_due=due, status="resolved",
                                resolution="We found your refund and sent it again today.",
                                offer="a $10 credit")
    li = SimpleNamespace(external_id="li", name="李梅", locale="zh-CN", timezone="Asia/Shanghai",
                         attributes={})
    with app.app_context():
        out = complaint_messages.render(complaint, li, "chat", 2, "complaint_feedback")
        assert out.locale == "en" and "We found your refund" in out.text
        assert CJK.findall(out.text.replace("李梅", "")) == []
        complaint.resolution, complaint.offer = "我们找到了您的退款，今天已重新退回。", None
        out = complaint_messages.render(complaint, li, "chat", 2, "complaint_feedback")
        assert out.locale == "zh-CN" and "我们找到了您的退款" in out.text

"""Property tests (hypothesis) for what tests/messages does not cover yet:
SMS segment arithmetic, phone/email/timezone validation, and fact text that
always comes out of the renderer as the same text (escaped in HTML)."""

from __future__ import annotations

import math
import re

import phonenumbers
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from pydantic import ValidationError

from gateway.customers.service import CustomerIn
from gateway.messages.preview import preview
from gateway.messages.sms import GSM7_BASIC, GSM7_EXTENSION, segment_count, sms_info

FAST = settings(max_examples=200, deadline=None)
basic = st.text(alphabet=sorted(GSM7_BASIC), max_size=800)
gsm = st.text(alphabet=sorted(GSM7_BASIC | GSM7_EXTENSION), max_size=800)
bmp_only = st.text(alphabet=st.characters(min_codepoint=0x400, max_codepoint=0x4FF), min_size=1,
                   max_size=400)


@FAST
@given(basic)
def test_gsm7_basic_segments_are_ceil_of_153(text):
    info = sms_info(text)
    assert info["encoding"] == "GSM-7" and info["units"] == len(text)
    expected = 0 if not text else 1 if len(text) <= 160 else math.ceil(len(text) / 153)
    assert info["segments"] == expected


@FAST
@given(bmp_only)
def test_ucs2_segments_are_ceil_of_67(text):
    info = sms_info(text)
    assert info["encoding"] == "UCS-2"
    expected = 0 if not text else 1 if len(text) <= 70 else math.ceil(len(text) / 67)
    assert info["segments"] == expected


@FAST
@given(st.one_of(gsm, st.text(max_size=500)), st.text(max_size=40))
def test_segments_never_shrink_when_text_grows_and_always_hold_the_text(text, more):
    a, b = sms_info(text), sms_info(text + more)
    if a["encoding"] == b["encoding"]:
        assert b["segments"] >= a["segments"]
    per_part = {"GSM-7": 153, "UCS-2": 67}[b["encoding"]]
    single = {"GSM-7": 160, "UCS-2": 70}[b["encoding"]]
    capacity = single if b["segments"] <= 1 else b["segments"] * per_part
    assert b["units"] <= capacity


@FAST
@given(st.one_of(gsm, st.text(max_size=500),
                 st.text(alphabet=st.sampled_from("ab€😀中"), max_size=400)))
def test_the_send_paths_segment_count_agrees_with_sms_info(text):
    assert segment_count(text) == sms_info(text)["segments"]


REGIONS = sorted(phonenumbers.SUPPORTED_REGIONS)


@FAST
@given(st.sampled_from(REGIONS), st.sampled_from(["", " ", "-", "(0)"]))
def test_valid_phone_numbers_are_accepted_and_normalised_to_e164(region, noise):
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    assume(example is not None)
    e164 = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
    spaced = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    for raw in (e164, spaced.replace(" ", noise) if noise != "(0)" else spaced):
        try:
            customer = CustomerIn.model_validate({"phone": raw})
        except ValidationError:
            continue  # some separators are refused; never a crash
        assert customer.phone == e164
        assert CustomerIn.model_validate({"phone": customer.phone}).phone == e164


@FAST
@given(st.text(max_size=40))
def test_any_phone_text_is_refused_or_e164(raw):
    try:
        customer = CustomerIn.model_validate({"phone": raw, "whatsapp": raw})
    except ValidationError:
        return
    assert re.fullmatch(r"\+[1-9]\d{6,14}", customer.phone or "")


@FAST
@given(st.one_of(st.emails(), st.text(max_size=80),
                 st.builds(lambda a, b: f"{a}@{b}", st.text(max_size=20), st.text(max_size=20))))
def test_any_email_text_is_refused_or_a_plain_address(raw):
    try:
        customer = CustomerIn.model_validate({"email": raw})
    except ValidationError:
        return
    email = customer.email or ""
    assert "@" in email and not set("\r\n\x00<>,; ") & set(email)


@FAST
@given(st.one_of(st.text(max_size=40), st.sampled_from(
    ["../../etc/passwd", "/etc/localtime", "Europe/../Europe/Berlin", "UTC\x00", "",
     "europe/berlin", "Etc/GMT+14", "posix/Europe/Berlin", "Europe/Berlin "])))
def test_only_iana_timezones_are_accepted(raw):
    from zoneinfo import available_timezones

    try:
        customer = CustomerIn.model_validate({"timezone": raw})
    except ValidationError:
        return
    assert customer.timezone in available_timezones() | {"UTC"}


# Whitespace other than the space is folded by the text renderer (NBSP → space).
fact_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=(
    "Cc", "Cs", "Zl", "Zp", "Zs", "Cf")), min_size=1, max_size=120)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fact_text, st.sampled_from(["{{ config }}", "{% for x in y %}", "{#", "<b>", "&amp;",
                                   "}}", "{{", ""]))
def test_fact_text_is_rendered_as_itself(text, syntax):
    impact = f"{syntax}{text}{syntax}".strip()
    assume(impact and not re.search(r"\s{2,}", impact))
    facts = {"what_happened": "Checkout failed at 09:10.", "impact": impact,
             "actions_taken": "We rolled back at 09:40."}
    out = preview("outage", "email", "en", facts)
    assert impact in out["text"], (impact, out["text"])
    assert str(escape(impact)) in out["html"]
    # without name and order: a personal part would make a UCS-2 SMS give way (test_msg_personal)
    sms = preview("outage", "sms", "en", facts, customer={"name": None})
    assert impact in sms["text"]


@pytest.mark.parametrize("name", ["Zoë", "Øyvind", "李雷", "مريم", "O'Brien <b>", "{{ 7*7 }}"])
def test_customer_names_are_rendered_as_themselves(name):
    facts = {"what_happened": "Checkout failed at 09:10.", "impact": "You could not pay.",
             "actions_taken": "We rolled back at 09:40."}
    out = preview("outage", "email", "en", facts, customer={"name": name})
    if name in out["text"]:  # templates may greet without the name
        assert str(escape(name)) in out["html"]
        assert "49" not in out["text"]

"""The batch renderer gives every customer exactly what a full render gives,
while running Jinja only once or twice per shape."""

from __future__ import annotations

import shutil
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from gateway.messages.batch_render import MAX_SHAPES_PER_MESSAGE, BatchRenderer
from gateway.messages.render import TEMPLATES_DIR, Renderer, render_message
from gateway.messages.sms import segment_count
from tests.support.clock import iso_from_now

INCIDENT = {"id": 7, "kind": "outage", "severity": "high", "title": "Checkout down",
            "require_ack": True, "ack_within_minutes": 60}
FACTS = {"what_happened": "Our checkout stopped taking payments at 09:10.",
         "impact": "You could not pay for your order.",
         "actions_taken": "We rolled checkout back at 09:40.",
         "next_update_at": iso_from_now(hours=2)}
CONTACT = {"phone": "+15550001111", "email": "help@example.com"}


class CountingRenderer(Renderer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.calls = 0

    def render(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return super().render(*args, **kwargs)


def customer(i: int, name: str | None = None) -> dict[str, Any]:
    return {"external_id": f"cust-{i}", "name": name if name is not None else f"Ada {i}",
            "locale": "en", "timezone": "Europe/Paris", "attributes": {"order_id": f"O-{i}"}}


def links(i: int) -> dict[str, Any]:
    base = "https://status.example.com"
    return {"message_url": f"{base}/m/tok{i}", "ack_url": f"{base}/a/tok{i}",
            "unsubscribe_url": f"{base}/u/tok{i}", "survey_url": None}


def both(renderer: Renderer, batch: BatchRenderer, channel: str, c: dict[str, Any],
         lk: dict[str, Any]) -> tuple[Any, Any]:
    kwargs = {"customer": c, "incident": INCIDENT, "facts": FACTS, "links": lk,
              "contact": CONTACT}
    fast = batch.render("outage", channel, **kwargs)
    return fast, render_message(renderer, "outage", channel, **kwargs)


@pytest.mark.parametrize("channel", ["email", "sms", "chat"])
def test_every_customer_gets_the_full_render_with_one_shape_rendered_twice(channel):
    renderer, reference = CountingRenderer(), Renderer()
    batch = BatchRenderer(renderer)
    names = ["Ada", 'Tom & "Jerry" <b>', "Zoë Ørsted", "O'Brien", "李雷"]
    got = []
    for i in range(50):
        c = customer(i, f"{names[i % len(names)]} {i}")
        before = renderer.calls
        fast = batch.render("outage", channel, customer=c, incident=INCIDENT, facts=FACTS,
                            links=links(i), contact=CONTACT)
        full = render_message(reference, "outage", channel, customer=c, incident=INCIDENT,
                              facts=FACTS, links=links(i), contact=CONTACT)
        assert fast == full
        if not full.left_out:  # a name that pushes an SMS past its budget is fitted in full
            assert renderer.calls - before == (2 if i == 0 else 0)  # then joins, no Jinja
        got.append(fast)
    assert "cust-7" in got[7].text or "O-7" in got[7].text or "tok7" in got[7].text
    assert "O-7" in got[7].text  # the customer's own reference, on every channel
    if channel == "sms":  # "Zoë" and "李雷" switch the en SMS to UCS-2: fitted, the rest joined
        assert [bool(g.left_out) for g in got[:5]] == [False, False, True, False, True]
        assert all(segment_count(g.text) <= 2 for g in got)
    if channel == "email":
        assert "Tom &amp; &#34;Jerry&#34; &lt;b&gt; 1" in got[1].html and "<b>" not in got[1].html


@pytest.mark.parametrize("name", ["Ada\nLovelace", "Ada  Lovelace", " Ada", "zq1_ trick Q1ZQ"])
def test_values_a_template_could_normalise_are_rendered_in_full(name):
    renderer = CountingRenderer()
    batch = BatchRenderer(renderer)
    both(renderer, batch, "email", customer(0), links(0))  # caches the shape
    before = renderer.calls
    fast, full = both(renderer, batch, "email", customer(1, name), links(1))
    assert fast == full
    assert renderer.calls - before == 2  # the batch renderer rendered it in full, not by join


def test_a_template_that_transforms_a_value_falls_back_to_full_renders(tmp_path):
    shutil.copytree(TEMPLATES_DIR, tmp_path / "t")
    (tmp_path / "t" / "outage" / "sms.en.j2").write_text(
        "Sorry {{ customer.name|upper }}: {{ facts.what_happened }} {{ links.message_url }}")
    renderer = CountingRenderer(tmp_path / "t")
    batch = BatchRenderer(renderer)
    for i in range(3):
        fast, full = both(renderer, batch, "sms", customer(i), links(i))
        assert fast == full
        assert f"ADA {i}" in fast.text
    # first: real + sentinel + reference; then the sentinel check has failed: full + reference
    assert renderer.calls == 3 + 2 + 2


def test_shapes_are_kept_by_the_process_so_a_later_batch_runs_no_jinja():
    renderer = CountingRenderer()
    both(renderer, BatchRenderer(renderer), "email", customer(0), links(0))
    before = renderer.calls
    for i in range(1, 20):
        fast, full = both(renderer, BatchRenderer(renderer), "email", customer(i), links(i))
        assert fast == full
    assert renderer.calls - before == 19  # the reference renders alone


def test_an_edited_incident_is_not_served_from_the_shape_of_its_old_text():
    renderer = CountingRenderer()
    first = BatchRenderer(renderer).render("outage", "email", customer=customer(0),
                                           incident=INCIDENT, facts=FACTS, links=links(0),
                                           contact=CONTACT)
    edited = {**FACTS, "impact": "You could not pay for your order or see your basket."}
    again = BatchRenderer(renderer).render("outage", "email", customer=customer(1),
                                           incident=INCIDENT, facts=edited, links=links(1),
                                           contact=CONTACT)
    assert "see your basket" in again.text and "see your basket" not in first.text


def test_an_attribute_the_template_never_reads_does_not_split_customers_into_shapes():
    renderer = CountingRenderer()
    batch = BatchRenderer(renderer)
    for i in range(30):
        c = {**customer(i), "attributes": {"order_id": f"O-{i}", "score": i * 7.5,
                                           "segment": i}}
        fast, full = both(renderer, batch, "email", c, links(i))
        assert fast == full and f"O-{i}" in fast.text
    assert renderer.calls == 2 + 30  # one shape (real + sentinel), then the references alone


def test_a_number_the_template_shows_is_rendered_right_for_every_customer():
    """The shipped templates show `amount`: a number differs per customer, so it is
    part of the shape (a bounded number of them is kept); each copy is still exact."""
    renderer = CountingRenderer()
    batch = BatchRenderer(renderer)
    for i in range(40):
        c = {**customer(i), "attributes": {"order_id": f"O-{i}", "amount": 10 + i,
                                           "currency": "EUR"}}
        fast, full = both(renderer, batch, "email", c, links(i))
        assert fast == full and f"{10 + i} EUR" in fast.text
    kept = MAX_SHAPES_PER_MESSAGE  # learnt (real + sentinel); the rest: one full render each
    assert renderer.calls == 2 * kept + (40 - kept) + 40


def test_attributes_stored_in_another_order_get_their_own_values():
    renderer = CountingRenderer()
    batch = BatchRenderer(renderer)
    first = {**customer(1), "attributes": {"order_id": "O-1", "account": "acct-1"}}
    second = {**customer(2), "attributes": {"account": "acct-2", "order_id": "O-2"}}
    for c, i in ((first, 1), (second, 2)):
        fast, full = both(renderer, batch, "email", c, links(i))
        assert fast == full
        assert f"order O-{i}" in fast.text and f"account: acct-{i}" in fast.text


def test_a_template_that_reads_every_attribute_keys_its_shape_on_all_of_them(tmp_path):
    shutil.copytree(TEMPLATES_DIR, tmp_path / "t")
    (tmp_path / "t" / "outage" / "sms.en.j2").write_text(
        "Sorry {{ customer.name }}: {% for k, v in customer.attributes|dictsort %}{{ k }}={{ v }} "
        "{% endfor %}{{ links.message_url }}")
    renderer = CountingRenderer(tmp_path / "t")
    batch = BatchRenderer(renderer)
    for i, attributes in enumerate([{"a": "1"}, {"a": "2"}, {"a": "3", "b": 4}, {"b": 5}]):
        fast, full = both(renderer, batch, "sms", {**customer(i), "attributes": attributes},
                          links(i))
        assert fast == full
        assert all(f"{k}={v}" in fast.text for k, v in attributes.items())


def test_the_process_keeps_a_bounded_number_of_messages_least_recently_used_out():
    from gateway.messages import batch_render

    renderer = CountingRenderer()
    for n in range(batch_render.MAX_MESSAGES + 5):
        BatchRenderer(renderer).render("outage", "chat", customer=customer(n),
                                       incident={**INCIDENT, "id": n}, facts=FACTS,
                                       links=links(n), contact=CONTACT)
    kept = batch_render._PROCESS[renderer]
    assert len(kept) == batch_render.MAX_MESSAGES
    before = renderer.calls
    latest = batch_render.MAX_MESSAGES + 4
    BatchRenderer(renderer).render("outage", "chat", customer=customer(1000),
                                   incident={**INCIDENT, "id": 2}, facts=FACTS,
                                   links=links(1000), contact=CONTACT)
    assert renderer.calls - before == 2  # the third incident was evicted: learnt again
    before = renderer.calls
    BatchRenderer(renderer).render("outage", "chat", customer=customer(2000),
                                   incident={**INCIDENT, "id": latest}, facts=FACTS,
                                   links=links(2000), contact=CONTACT)
    assert renderer.calls == before  # the most recent one is still kept: no Jinja


def test_messages_rendered_only_in_full_take_no_place_among_the_kept_ones():
    """A customer whose values must be rendered in full (a newline in the name)
    teaches no shape, so their message does not push a learnt one out."""
    from gateway.messages import batch_render

    renderer = CountingRenderer()
    for n in range(batch_render.MAX_MESSAGES + 5):
        fast = BatchRenderer(renderer).render(
            "outage", "chat", customer=customer(n, name=f"Ada\n{n}"),
            incident={**INCIDENT, "id": n}, facts=FACTS, links=links(n), contact=CONTACT)
        assert fast == render_message(renderer, "outage", "chat",
                                      customer=customer(n, name=f"Ada\n{n}"),
                                      incident={**INCIDENT, "id": n}, facts=FACTS,
                                      links=links(n), contact=CONTACT)
    assert len(batch_render._PROCESS[renderer]) == 0


ZH_FACTS = {"en": FACTS, "zh-CN": {"what_happened": "我们的结账页面在 09:10 出了故障，无法付款。",
                                   "impact": "您无法为订单付款。",
                                   "actions_taken": "我们已撤回改动。",
                                   "next_update_at": FACTS["next_update_at"]}}
_WORD = st.text(st.sampled_from("abcXYZ09-'&<>éØ李雷€"), min_size=1, max_size=60).map(str.strip)


@given(names=st.lists(st.tuples(_WORD, _WORD, st.sampled_from(["en", "zh-CN"]),
                                st.booleans()), min_size=1, max_size=12))
@settings(max_examples=40)
def test_a_fitted_sms_is_the_full_renders_fit_level_for_level(names):
    """An SMS pushed past its budget by a long name or reference is fitted from
    each level's own shape: the same text and `left_out` as the full render."""
    renderer = Renderer()
    for i, (name, order, locale, account) in enumerate(names):
        c = {**customer(i, name or None), "locale": locale,
             "attributes": {"order_id": order or "O", "tier": "gold",
                            **({"account": order[::-1] or "A"} if account else {})}}
        kwargs = {"customer": c, "incident": INCIDENT, "facts": ZH_FACTS, "links": links(i),
                  "contact": CONTACT}
        assert (BatchRenderer(renderer).render("outage", "sms", **kwargs)
                == render_message(renderer, "outage", "sms", **kwargs))


def test_a_fitted_sms_of_a_known_shape_runs_no_jinja():
    renderer, reference = CountingRenderer(), Renderer()
    batch = BatchRenderer(renderer)
    for i in range(6):
        c = {**customer(i, f"Bartholomew-Maximilian {'X' * (10 * i)}"), "locale": "zh-CN"}
        kwargs = {"customer": c, "incident": INCIDENT, "facts": ZH_FACTS, "links": links(i),
                  "contact": CONTACT}
        before = renderer.calls
        fast = batch.render("outage", "sms", **kwargs)
        assert fast == render_message(reference, "outage", "sms", **kwargs)
        assert fast.left_out
        if i >= 2:  # the levels it needs were learnt by the first customers
            assert renderer.calls == before


@given(st.lists(st.text(st.sampled_from("qQzZ09٣_  ||aé李")) | st.text(
    st.sampled_from("qQzZ09 |a\x00\n\t\x7f\u2028\xa0")) | st.text(), max_size=5))
@example(["a ", "b"])
@example(["a", " b"])
@example(["x", "zQ1_"])
@example(["q12Zq"])
@example(["a\xa0"])
def test_the_quick_check_of_values_is_the_unsafe_pattern_on_each_value(values):
    """Values are checked joined, the regex run only when a cheap test cannot
    rule it out: the same answer as running it on each value."""
    from gateway.messages import batch_render

    unsafe = any(v != v.strip() or batch_render._UNSAFE.search(v) for v in values if v)
    named = [(("attr", str(i)), v) for i, v in enumerate(values)]
    assert (batch_render._values(named) is None) == unsafe


@given(st.lists(st.text(st.sampled_from("ab{}{{}}x0 "), max_size=6), min_size=1, max_size=5),
       st.lists(st.text(st.sampled_from("v{}0&<"), max_size=4), min_size=3, max_size=3))
def test_a_parts_copy_keeps_literal_braces_and_puts_each_value_in_its_slot(literals, values):
    """A part's copy is one `str.format` of its literals: braces in the template's own text
    (CSS, a code sample) stay as they are, and `{…}` in a value is not a field."""
    from gateway.messages.batch_render import _SENTINEL, _Part

    slots = [i % len(values) for i in range(len(literals) - 1)]
    text = literals[0] + "".join(_SENTINEL.format(slot) + literal
                                 for slot, literal in zip(slots, literals[1:], strict=True))
    part = _Part.cut(text, False, {i: i for i in range(len(values))})
    assert part is not None
    assert part.fill(values, values) == literals[0] + "".join(
        values[slot] + literal for slot, literal in zip(slots, literals[1:], strict=True))

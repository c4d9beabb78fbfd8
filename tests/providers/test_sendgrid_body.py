"""The Mail Send body's bytes are `json.dumps` of the body, whether the text and
HTML come escaped from the batch renderer's shapes (`json_forms`) or not."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from gateway.bench.fakes import FakeProviders
from gateway.messages.batch_render import BatchRenderer
from gateway.messages.render import Renderer
from gateway.providers import Outcome, create
from gateway.providers.base import OutboundMessage
from gateway.providers.sendgrid import BODY_CHUNK
from tests.messages.test_batch_render import CONTACT, FACTS, INCIDENT, customer, links
from tests.support.providers import settings_for

TRICKY = ['Tom "T" \\ Zoë', "😀 </script> <b>&amp;", "Ørsted \u2028 \ud800 x\udfff", "李雷"]
# Quotes, backslashes, control characters, non-ASCII, lone surrogates, emoji, markup.
VALUES = st.text(st.one_of(st.sampled_from('"\\/<>&\'\x00\x07\x1f\x7f\u2028\ud83d\ude00é😀'),
                           st.characters(codec=None)), min_size=1, max_size=20)


def _emails(renderer: BatchRenderer, names: list[str], orders: list[str]
            ) -> list[OutboundMessage]:
    out = []
    for i, (name, order) in enumerate(zip(names, orders, strict=True)):
        c = customer(i, name)
        c["attributes"]["order_id"] = order
        r = renderer.render("outage", "email", customer=c, incident=INCIDENT, facts=FACTS,
                            links=links(i), contact=CONTACT)
        out.append(OutboundMessage(
            delivery_id=i + 1, incident_id=7, channel="email", to=f"u{i}@example.com",
            subject=r.subject, text=r.text or "", html=r.html,
            headers={"List-Unsubscribe": f"<https://gw.example.com/u/{i}>"},
            ack_url=None, json_forms=r.json_forms))
    return out


def _provider() -> Any:
    return create("sendgrid", settings_for("http://127.0.0.1:9"))


def _check(provider: Any, batch: list[OutboundMessage]) -> bytes:
    for m in batch:
        for value in (m.text, m.html):
            if m.json_forms is not None and (dumped := m.json_forms.of(value)) is not None:
                assert dumped == json.dumps(value)
    encoded = provider._encoded(batch, False)
    got = b"".join(encoded)
    assert got == json.dumps(provider._body(batch, False)).encode("utf-8")
    assert encoded.length == len(got)
    return got


def test_values_that_json_escapes_take_the_shortcut_escaped() -> None:
    """A shape's copy carries its JSON; values with quotes, backslashes, non-ASCII,
    surrogates or markup are escaped in it (dropping that escape fails here)."""
    renderer = BatchRenderer(Renderer())
    provider = _provider()
    batch = _emails(renderer, ["Ada", "Bob", *TRICKY], ["O-1", "O-2", *TRICKY[::-1]])
    assert batch[0].json_forms is None  # the shape's first customer: rendered in full
    assert all(m.json_forms is not None for m in batch[1:])
    body = _check(provider, batch)
    sent = json.loads(body)["personalizations"]
    for m, p in zip(batch, sent, strict=True):
        assert p["substitutions"] == {"[%gw_text%]": m.text, "[%gw_html%]": m.html}
    for escaped in (b'Tom \\"T\\" \\\\ Zo\\u00eb', b"\\ud83d\\ude00 </script>", b"\\u2028 \\ud800",
                    b"&#34;T&#34; \\\\ Zo\\u00eb", b"&lt;/script&gt;"):
        assert escaped in body


def test_a_replaced_text_is_escaped_as_usual() -> None:
    renderer = BatchRenderer(Renderer())
    first, second = _emails(renderer, ["Ada", 'Bo "b"'], ["O-1", "O-2"])
    assert second.json_forms is not None
    changed = replace(second, text=second.text + ' "more"', html="<p>other</p>")
    assert changed.json_forms.of(changed.text) is None  # type: ignore[union-attr]
    body = _check(_provider(), [first, changed])
    assert json.loads(body)["personalizations"][1]["substitutions"] == {
        "[%gw_text%]": changed.text, "[%gw_html%]": "<p>other</p>"}


def test_a_value_holding_the_placeholder_falls_back_to_dumps() -> None:
    renderer = BatchRenderer(Renderer())
    batch = _emails(renderer, ["Ada", "Bob"], ["O-1", "O-2"])
    batch[1] = replace(batch[1], subject="\x00gw\x01")
    assert batch[1].json_forms is not None
    _check(_provider(), batch)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(VALUES, VALUES), min_size=1, max_size=6))
@example([(v, v) for v in TRICKY])
def test_body_bytes_are_json_dumps_of_the_body(values: list[tuple[str, str]]) -> None:
    renderer = BatchRenderer(Renderer())
    names = ["Ada", *[n for n, _ in values]]
    orders = ["O-1", *[o for _, o in values]]
    _check(_provider(), _emails(renderer, names, orders))


def test_shortcut_bodies_reach_the_provider_intact(fake: FakeProviders) -> None:
    """Over real HTTP through the SDK's request to the fake SendGrid."""
    renderer = BatchRenderer(Renderer())
    batch = _emails(renderer, ["Ada", "Bob", *TRICKY[:2], TRICKY[3]],
                    ["O-1", "O-2", "O-3", "O-4", "O-5"])
    assert sum(m.json_forms is not None for m in batch) == 4
    _assert_arrive_intact(fake, batch)


def test_a_body_of_many_chunks_reaches_the_provider_intact(fake: FakeProviders) -> None:
    """A body longer than a chunk (it is encoded a chunk at a time as it is written)
    arrives whole, non-ASCII values too, with its Content-Length."""
    renderer = BatchRenderer(Renderer())
    tricky = [*TRICKY[:2], TRICKY[3]]  # no lone surrogate: an email cannot carry one
    names = [tricky[i % len(tricky)] + f" {i}" for i in range(120)]
    batch = _emails(renderer, names, [f"O-{i}" for i in range(120)])
    encoded = create("sendgrid", settings_for(fake.url))._encoded(batch, False)
    assert encoded.length > 2 * BODY_CHUNK and len(list(encoded)) > 2
    _assert_arrive_intact(fake, batch)


def _assert_arrive_intact(fake: FakeProviders, batch: list) -> None:
    """Sent through the SDK's request to the fake SendGrid, each arrives as rendered."""
    provider = create("sendgrid", settings_for(fake.url))
    try:
        results = provider.send_batch(batch)
    finally:
        provider.close()
    assert [r.outcome for r in results] == [Outcome.ACCEPTED] * len(batch)
    for m in batch:
        [got] = fake.received(channel="email", to=m.to)
        assert (got.subject, got.text, got.html) == (m.subject, m.text, m.html)

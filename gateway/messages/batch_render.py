"""Render one message for many customers without running Jinja for each.

Customers of one batch mostly differ only in plain strings (name, ids,
attributes, link tokens). The template is rendered once per "shape" (locale,
timezone, which fields are present, non-string values) with a sentinel in
place of each such string, and each customer's copy is made by substituting
their values back (HTML-escaped in the HTML part).

This is verified, never assumed: the first customer of every shape is also
rendered in full and must match byte for byte, any sentinel a template
transformed (split, upper, truncate) is detected, and values with characters
that templates normalise (newlines, control characters, runs of spaces) are
always rendered in full. Anything doubtful falls back to the full render.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from markupsafe import escape

from .render import (
    SMS_MAX_SEGMENTS,
    TEMPLATE_CHANNEL,
    Rendered,
    Renderer,
    render_message,
)
from .sms import segment_count

_SENTINEL = "ZQ{0}_ Q{0}ZQ"  # has a space: splitting or truncating it shows
_FIND = re.compile(r"ZQ(\d+)_ Q\1ZQ")
_LEFTOVER = re.compile(r"zq\d+_|q\d+zq", re.IGNORECASE)
# What a template may normalise (control characters, runs of spaces) or mistake
# for a sentinel: values holding any of it are rendered in full.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f]|  |zq\d+_|q\d+zq", re.IGNORECASE)
_FALLBACK = object()


def _safe(value: str) -> bool:
    return value == value.strip() and not _UNSAFE.search(value)


def _split(customer: Mapping[str, Any], links: Mapping[str, Any],
           compensation: Mapping[str, Any] | None = None
           ) -> tuple[list[str], dict[str, Any], dict[str, Any], dict[str, Any] | None,
                      tuple[Any, ...]] | None:
    """(values, sentinel customer, sentinel links, sentinel compensation, shape) — or
    None when unsafe. A computed compensation's formatted amount (`money`) differs
    per customer, so it is a value too; its other fields are part of the shape."""
    values: list[str] = []

    def stand_in(value: Any) -> Any:
        if not isinstance(value, str) or not value:
            return value
        values.append(value)
        return _SENTINEL.format(len(values) - 1)

    attributes = customer.get("attributes") or {}
    fake_customer = {**customer, "name": stand_in(customer.get("name")),
                     "external_id": stand_in(customer.get("external_id")),
                     "attributes": {k: stand_in(v) for k, v in attributes.items()}}
    fake_links = {k: stand_in(v) for k, v in links.items()}
    fake_comp = None if compensation is None else {
        **compensation, "money": stand_in(compensation.get("money"))}
    if not all(_safe(v) for v in values):
        return None
    shape = (customer.get("locale"), customer.get("timezone"),
             customer.get("name") is None, customer.get("name") == "",
             tuple(sorted((k, v if not isinstance(v, str) else bool(v))
                          for k, v in attributes.items() if not isinstance(v, dict | list))),
             tuple(sorted(k for k, v in attributes.items() if isinstance(v, dict | list))),
             tuple(sorted((k, v is None) for k, v in links.items())),
             None if compensation is None else tuple(sorted(
                 (k, v) for k, v in compensation.items() if k != "money")))
    if any(isinstance(v, dict | list) for v in attributes.values()):
        return None  # nested attributes: render in full
    return values, fake_customer, fake_links, fake_comp, shape


@dataclass(frozen=True)
class _Part:
    """One rendered part (subject, text or HTML) cut at its sentinels."""

    literals: tuple[str, ...]  # one more than slots
    slots: tuple[int, ...]  # which value goes between literals[i] and literals[i + 1]
    html: bool

    @classmethod
    def cut(cls, text: str | None, html: bool) -> _Part | None:
        if text is None:
            return None
        pieces = _FIND.split(text)
        return cls(tuple(pieces[0::2]), tuple(int(i) for i in pieces[1::2]), html)

    def fill(self, values: list[str]) -> str:
        out = [self.literals[0]]
        for slot, literal in zip(self.slots, self.literals[1:], strict=True):
            value = values[slot]
            out.append(str(escape(value)) if self.html else value)
            out.append(literal)
        return "".join(out)


@dataclass(frozen=True)
class _Template:
    """A sentinel render, cut once so each customer's copy is a join."""

    rendered: Rendered
    subject: _Part | None
    text: _Part | None
    html: _Part | None

    @classmethod
    def of(cls, rendered: Rendered) -> _Template | None:
        parts = (rendered.subject, rendered.text, rendered.html)
        cut = [_Part.cut(p, html=i == 2) for i, p in enumerate(parts)]
        if any(c and any(_LEFTOVER.search(lit) for lit in c.literals) for c in cut):
            return None  # the template transformed a sentinel: it cannot be substituted
        return cls(rendered, *cut)

    def substitute(self, values: list[str]) -> Rendered:
        filled: dict[str, Any] = {
            name: part.fill(values) for name, part in
            (("subject", self.subject), ("text", self.text), ("html", self.html)) if part}
        return replace(self.rendered, **filled)


class BatchRenderer:
    """Per-shape cache of sentinel renders; one instance per batch of one incident message."""

    def __init__(self, renderer: Renderer) -> None:
        self.renderer = renderer
        self._shapes: dict[tuple[Any, ...], Any] = {}

    def render(self, kind: str, channel: str, *, customer: Mapping[str, Any],
               incident: Mapping[str, Any], facts: Mapping[str, Any], links: Mapping[str, Any],
               contact: Mapping[str, Any] | None = None,
               update: Mapping[str, Any] | None = None,
               compensation: Mapping[str, Any] | None = None) -> Rendered:
        def full(c: Mapping[str, Any], lk: Mapping[str, Any],
                 comp: Mapping[str, Any] | None, fit: bool = True) -> Rendered:
            return render_message(self.renderer, kind, channel, customer=dict(c),
                                  incident=dict(incident), facts=dict(facts), links=dict(lk),
                                  contact=dict(contact) if contact else None,
                                  update=dict(update) if update else None,
                                  compensation=dict(comp) if comp else None, fit=fit)

        def fitted(out: Rendered) -> Rendered:
            """An SMS whose name or reference pushes it past its budget is fitted in a full
            render (that depends on their lengths); the rest keep the shared copy."""
            if sms and segment_count(out.text or "") > SMS_MAX_SEGMENTS:
                return full(customer, links, compensation)
            return out

        sms = TEMPLATE_CHANNEL.get(channel) == "sms"
        split = _split(customer, links, compensation)
        if split is None:
            return full(customer, links, compensation)
        values, fake_customer, fake_links, fake_comp, shape = split
        key = (kind, channel, incident.get("id"), repr(update), shape)
        template = self._shapes.get(key)
        if template is None:
            real = full(customer, links, compensation, fit=False)
            candidate = _Template.of(full(fake_customer, fake_links, fake_comp, fit=False))
            ok = candidate is not None and candidate.substitute(values) == real
            self._shapes[key] = candidate if ok else _FALLBACK
            return fitted(real)
        if template is _FALLBACK:
            return full(customer, links, compensation)
        return fitted(template.substitute(values))

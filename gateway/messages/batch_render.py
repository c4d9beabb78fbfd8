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
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from markupsafe import escape

from .render import Rendered, Renderer, render_message

_SENTINEL = "ZQ{0}_ Q{0}ZQ"  # has a space: splitting or truncating it shows
_FIND = re.compile(r"ZQ(\d+)_ Q\1ZQ")
_LEFTOVER = re.compile(r"zq\d+_|q\d+zq", re.IGNORECASE)
_SAFE = re.compile(r"^[^\x00-\x1f\x7f]*$")
_FALLBACK = object()


def _safe(value: str) -> bool:
    return (bool(_SAFE.match(value)) and value == value.strip() and "  " not in value
            and not _LEFTOVER.search(value))


def _split(customer: Mapping[str, Any], links: Mapping[str, Any]
           ) -> tuple[list[str], dict[str, Any], dict[str, Any], tuple[Any, ...]] | None:
    """(values, sentinel customer, sentinel links, shape) — or None when unsafe."""
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
    if not all(_safe(v) for v in values):
        return None
    shape = (customer.get("locale"), customer.get("timezone"),
             customer.get("name") is None, customer.get("name") == "",
             tuple(sorted((k, v if not isinstance(v, str) else bool(v))
                          for k, v in attributes.items() if not isinstance(v, dict | list))),
             tuple(sorted(k for k, v in attributes.items() if isinstance(v, dict | list))),
             tuple(sorted((k, v is None) for k, v in links.items())))
    if any(isinstance(v, dict | list) for v in attributes.values()):
        return None  # nested attributes: render in full
    return values, fake_customer, fake_links, shape


def _fill(text: str | None, values: list[str], html: bool) -> str | None:
    if text is None:
        return None
    sub: Callable[[re.Match[str]], str] = (
        (lambda m: str(escape(values[int(m.group(1))]))) if html
        else (lambda m: values[int(m.group(1))]))
    return _FIND.sub(sub, text)


def _substitute(template: Rendered, values: list[str]) -> Rendered | None:
    out = replace(template, subject=_fill(template.subject, values, False),
                  text=_fill(template.text, values, False), html=_fill(template.html, values, True))
    if any(part and _LEFTOVER.search(part) for part in (out.subject, out.text, out.html)):
        return None
    return out


class BatchRenderer:
    """Per-shape cache of sentinel renders; one instance per batch of one incident message."""

    def __init__(self, renderer: Renderer) -> None:
        self.renderer = renderer
        self._shapes: dict[tuple[Any, ...], Any] = {}

    def render(self, kind: str, channel: str, *, customer: Mapping[str, Any],
               incident: Mapping[str, Any], facts: Mapping[str, Any], links: Mapping[str, Any],
               contact: Mapping[str, Any] | None = None,
               update: Mapping[str, Any] | None = None) -> Rendered:
        def full(c: Mapping[str, Any], lk: Mapping[str, Any]) -> Rendered:
            return render_message(self.renderer, kind, channel, customer=dict(c),
                                  incident=dict(incident), facts=dict(facts), links=dict(lk),
                                  contact=dict(contact) if contact else None,
                                  update=dict(update) if update else None)

        split = _split(customer, links)
        if split is None:
            return full(customer, links)
        values, fake_customer, fake_links, shape = split
        key = (kind, channel, incident.get("id"), repr(update), shape)
        template = self._shapes.get(key)
        if template is None:
            real = full(customer, links)
            candidate = full(fake_customer, fake_links)
            self._shapes[key] = candidate if _substitute(candidate, values) == real else _FALLBACK
            return real
        if template is _FALLBACK:
            return full(customer, links)
        return _substitute(template, values) or full(customer, links)

"""Render one message for many customers without running Jinja for each.

Customers mostly differ only in plain strings (name, ids, attributes, link
tokens). The template is rendered once per "shape" (locale, timezone, which
fields are present, non-string values) with a sentinel in place of each such
string, and each customer's copy is made by substituting their values back
(HTML-escaped in the HTML part). Shapes are kept per process (per renderer,
least recently used first out), and a shape counts only the attributes the
template read: an attribute it never reads (a number that differs for every
customer, say) does not make every customer a shape of their own.

This is verified, never assumed: the first customer of every shape is also
rendered in full and must match byte for byte, any sentinel a template
transformed (split, upper, truncate) is detected, and values with characters
that templates normalise (newlines, control characters, runs of spaces) are
always rendered in full. Anything doubtful falls back to the full render.
"""

from __future__ import annotations

import re
import weakref
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from json.encoder import encode_basestring_ascii
from typing import Any

from markupsafe import escape

from .render import (
    SMS_MAX_SEGMENTS,
    TEMPLATE_CHANNEL,
    JsonForms,
    Rendered,
    Renderer,
    fit_sms,
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
_NESTED = (dict, list)  # attribute values that are rendered in full
# What HTML escaping changes (markupsafe: & < > ' "): values without any are their
# own escape, and a message's values are tested at once.
_SPECIAL = re.compile(r"[&<>'\"]")
_MISSING = ("missing",)
# Kept per renderer and process (a shape is a few kB; workers stay small): messages
# (incident, channel, locale, …), shapes of each, and sets of attributes read.
MAX_MESSAGES, MAX_SHAPES_PER_MESSAGE, MAX_READ_SETS = 128, 8, 4



def _safe(value: str) -> bool:
    return value == value.strip() and not _UNSAFE.search(value)


def _plainly_safe(joined: str) -> bool:
    """Every value in `joined` ("|" between them) is `_safe`, told without the regex
    (a tenth of its time): printable, so its only whitespace is " "; no two spaces,
    no space at a value's edge, no "zq" (both sentinel patterns hold one). False
    settles nothing: the values are then checked one by one."""
    return (joined.isprintable() and "zq" not in joined.lower() and "  " not in joined
            and " |" not in joined and "| " not in joined
            and joined[:1] != " " and joined[-1:] != " ")


def _shape_of(value: Any) -> Any:
    """What the rendering may depend on: a string's presence (its text is
    substituted), any other value as it is."""
    if isinstance(value, str):
        return bool(value)
    return (type(value).__name__, value)


Source = tuple[str, ...]  # where a value comes from: ("name",), ("attr", key), ("link", key) …


def _in_order(name: Any, external_id: Any, attributes: Iterable[Any], links: Iterable[Any],
              money: Any) -> list[Any]:
    """The one order of substitutable values (a sentinel's number is its place here),
    for the values and for their sources alike."""
    return [name, external_id, *attributes, *links, money]


def _raw(customer: Mapping[str, Any], keys: tuple[str, ...], links: Mapping[str, Any],
         compensation: Mapping[str, Any] | None) -> list[Any]:
    attributes = customer.get("attributes") or {}
    return _in_order(customer.get("name"), customer.get("external_id"),
                     [attributes.get(k) for k in keys], links.values(),
                     None if compensation is None else compensation.get("money"))


def _named(customer: Mapping[str, Any], keys: tuple[str, ...], links: Mapping[str, Any],
           compensation: Mapping[str, Any] | None) -> list[tuple[Source, Any]]:
    """The values that may be substituted, in sentinel order, with where they come from."""
    sources = _in_order(("name",), ("external_id",), [("attr", k) for k in keys],
                        [("link", k) for k in links], ("money",))
    return list(zip(sources, _raw(customer, keys, links, compensation), strict=True))


def _all_safe(values: list[str]) -> bool:
    return _plainly_safe("|".join(values)) or all(_safe(v) for v in values)


def _values_only(customer: Mapping[str, Any], keys: tuple[str, ...], links: Mapping[str, Any],
                 compensation: Mapping[str, Any] | None) -> tuple[list[str], str] | None:
    """`_values(_named(...))[1]` (None when that is None), without the sources, and
    the values joined by "|" (which `_Template.substitute` tests again): a known
    shape's copy needs only the values, and this runs for every message."""
    attributes = customer.get("attributes") or {}
    values = [v for v in (customer.get("name"), customer.get("external_id"),
                          *[attributes.get(k) for k in keys], *links.values(),
                          None if compensation is None else compensation.get("money"))
              if isinstance(v, str) and v]
    joined = "|".join(values)
    if _plainly_safe(joined) or all(_safe(v) for v in values):
        return values, joined
    return None


def _values(named: list[tuple[Source, Any]]) -> tuple[list[Source], list[str]] | None:
    """The strings substituted (and their sources), or None when one is unsafe."""
    kept = [(source, v) for source, v in named if isinstance(v, str) and v]
    values = [v for _, v in kept]
    return ([source for source, _ in kept], values) if _all_safe(values) else None


class _Reading(Mapping[str, Any]):
    """Customer attributes that note which keys a template reads; reading them
    all (iterating, counting) notes that (`used` None). Read-only: templates
    cannot change a customer's attributes through it."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = data
        self.used: set[str] | None = set()

    def __getitem__(self, key: str) -> Any:  # also .get(), `in`, attribute-style access
        if self.used is not None:
            self.used.add(key)
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        self.used = None
        return iter(self._data)

    def __len__(self) -> int:
        self.used = None
        return len(self._data)


def _stand_ins(customer: Mapping[str, Any], links: Mapping[str, Any],
               compensation: Mapping[str, Any] | None, sources: list[Source]
               ) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any] | None, _Reading]:
    """The customer, links and compensation with sentinel `i` in place of the
    value from `sources[i]`."""
    number = {source: _SENTINEL.format(i) for i, source in enumerate(sources)}
    attributes = customer.get("attributes") or {}
    reading = _Reading({k: number.get(("attr", k), v) for k, v in attributes.items()})
    fake_customer = {**customer, "name": number.get(("name",), customer.get("name")),
                     "external_id": number.get(("external_id",), customer.get("external_id")),
                     "attributes": reading}
    fake_links = {k: number.get(("link", k), v) for k, v in links.items()}
    fake_comp = None if compensation is None else {
        **compensation, "money": number.get(("money",), compensation.get("money"))}
    return fake_customer, fake_links, fake_comp, reading


@dataclass(frozen=True)
class _Part:
    """One rendered part (subject, text or HTML) cut at its sentinels."""

    literals: tuple[str, ...]
    html: bool
    # (slot, the literal after it) pairs after the first literal, so a copy is one join:
    # a `str.format` pattern scans its whole text for braces on every copy (a 2.6 kB
    # email's three parts: 5.9 us by format, 1.4 us by join).
    rest: tuple[tuple[int, str], ...]
    # The same pairs with the literals JSON-escaped as `json.dumps` escapes them
    # (ensure_ascii: one character at a time, so escaping the pieces is escaping their join).
    json_first: str
    json_rest: tuple[tuple[int, str], ...]

    @classmethod
    def cut(cls, text: str | None, html: bool, renumber: dict[int, int]) -> _Part | None:
        if text is None:
            return None
        pieces = _FIND.split(text)
        literals = tuple(pieces[0::2])
        slots = [renumber[int(i)] for i in pieces[1::2]]
        json_literals = [_json_escape(literal) for literal in literals]
        return cls(literals, html, tuple(zip(slots, literals[1:], strict=True)),
                   json_literals[0], tuple(zip(slots, json_literals[1:], strict=True)))

    def fill(self, values: list[str], escaped: list[str]) -> str:
        """The literals with the values (`escaped`'s in HTML) in their slots."""
        return _join(self.literals[0], self.rest, escaped if self.html else values)

    def fill_json(self, values: list[str]) -> str:
        """`json.dumps` of `fill`, given the values already JSON-escaped (HTML-escaped
        first in HTML)."""
        return f'"{_join(self.json_first, self.json_rest, values)}"'


def _join(first: str, rest: tuple[tuple[int, str], ...], values: list[str]) -> str:
    out = [first]
    for slot, literal in rest:
        out += (values[slot], literal)
    return "".join(out)


def _json_escaped(values: list[str], joined: str | None = None) -> list[str]:
    """The values as `json.dumps` writes them inside a string's quotes (`joined`: the
    values joined by "|", when the caller has it)."""
    if joined is None:
        joined = "|".join(values)
    if joined.isascii() and joined.isprintable() and '"' not in joined and "\\" not in joined:
        return values  # nothing json.dumps escapes: its own escape
    return [_json_escape(v) for v in values]


def _json_escape(value: str) -> str:
    return encode_basestring_ascii(value)[1:-1]


@dataclass(frozen=True)
class _Template:
    """A sentinel render, cut once so each customer's copy is a join."""

    rendered: Rendered
    subject: _Part | None
    text: _Part | None
    html: _Part | None

    @classmethod
    def of(cls, rendered: Rendered, renumber: dict[int, int]) -> _Template | None:
        """`renumber` maps a sentinel's number to its value's place in the values
        of the attributes read; any other sentinel in the output fails the cut."""
        parts = (rendered.subject, rendered.text, rendered.html)
        try:
            cut = [_Part.cut(p, i == 2, renumber) for i, p in enumerate(parts)]
        except KeyError:
            return None
        if any(c and any(_LEFTOVER.search(lit) for lit in c.literals) for c in cut):
            return None  # the template transformed a sentinel: it cannot be substituted
        return cls(replace(rendered, subject=None, text=None, html=None), *cut)  # kept once

    def substitute(self, values: list[str], json: bool = False,
                   joined: str | None = None) -> Rendered:
        """This shape's copy with `values`; with `json` (an email), also its text's
        and HTML's `json.dumps`, made from the pre-escaped literals. `joined`: the
        values joined by "|", when the caller has it."""
        escaped = values
        if joined is None and (self.html or json):
            joined = "|".join(values)
        if self.html and _SPECIAL.search(joined):  # type: ignore[arg-type]  # set above
            escaped = [str(escape(v)) for v in values]
        r = self.rendered
        text = self.text.fill(values, escaped) if self.text else None
        html = self.html.fill(values, escaped) if self.html else None
        forms = None
        if json:
            in_text = _json_escaped(values, joined)
            in_html = in_text if escaped is values else _json_escaped(escaped)
            forms = JsonForms(text, self.text.fill_json(in_text) if self.text else None,
                              html, self.html.fill_json(in_html) if self.html else None)
        return Rendered(self.subject.fill(values, escaped) if self.subject else None,
                        text, html, r.template, r.template_version, r.locale, r.fell_back,
                        r.left_out, forms)


@dataclass
class _ReadSet:
    """Shapes of one message whose renders read the same attributes (`used`,
    None: all of them), by the shape of those attributes."""

    used: tuple[str, ...] | None
    templates: dict[tuple[Any, ...], Any]
    # An SMS's other fit levels, learnt when a customer of the shape needs them:
    # (shape, level, personal) -> _Template or _FALLBACK.
    levels: dict[tuple[Any, int, bool], Any] = field(default_factory=dict)

    def key(self, attributes: Mapping[str, Any]) -> tuple[tuple[str, ...], tuple[Any, ...]]:
        keys = tuple(sorted(attributes)) if self.used is None else self.used
        shape = tuple([_shape_of(attributes.get(k, _MISSING)) for k in keys])
        return keys, (shape if self.used is not None else (keys, shape))


_PROCESS: weakref.WeakKeyDictionary[Renderer, OrderedDict[Any, list[_ReadSet]]] = (
    weakref.WeakKeyDictionary())


def forget_shapes() -> None:
    """Drop every kept shape: for a process whose templates or renderer change
    under it (tests that replace `Renderer.render`)."""
    _PROCESS.clear()


class BatchRenderer:
    """Renders through the process's shape cache for `renderer`; one instance per
    batch (an incident's content is read once per batch)."""

    def __init__(self, renderer: Renderer) -> None:
        self.renderer = renderer
        self._shapes = _PROCESS.setdefault(renderer, OrderedDict())
        self._contents: dict[Any, str] = {}
        # What a caller's messages of the batch share (render_delivery: per incident).
        self.per_batch: dict[Any, Any] = {}

    def _content(self, incident: Mapping[str, Any], facts: Mapping[str, Any],
                 contact: Mapping[str, Any] | None) -> str:
        """What of the message is the same for every customer, as a cache key."""
        key = incident.get("id")
        if key not in self._contents:
            self._contents[key] = repr((sorted(incident.items()), facts, contact))
        return self._contents[key]

    def render(self, kind: str, channel: str, *, customer: Mapping[str, Any],
               incident: Mapping[str, Any], facts: Mapping[str, Any], links: Mapping[str, Any],
               contact: Mapping[str, Any] | None = None,
               update: Mapping[str, Any] | None = None,
               compensation: Mapping[str, Any] | None = None) -> Rendered:
        """The message for one customer: a known shape's copy when there is one
        (the common case, taken here without the closures and fitting of
        `_render`), else `_render`."""
        attributes = customer.get("attributes") or {}
        if attributes and any([isinstance(v, _NESTED) for v in attributes.values()]):
            read_sets = None  # nested attributes: `_render` renders in full
        else:
            name, external_id = customer.get("name"), customer.get("external_id")
            read_sets = self._shapes.get(base := (
                kind, channel, self._content(incident, facts, contact), repr(update),
                customer.get("locale"), customer.get("timezone"),
                bool(name) if isinstance(name, str) else _shape_of(name),
                bool(external_id) if isinstance(external_id, str) else _shape_of(external_id),
                tuple([(k, bool(v) if isinstance(v, str) else _shape_of(v))
                       for k, v in links.items()]),
                None if compensation is None else tuple(sorted(
                    (k, _shape_of(v) if k == "money" else v) for k, v in compensation.items()))))
        if read_sets is not None:
            for read_set in read_sets:
                keys, shape = read_set.key(attributes)
                template = read_set.templates.get(shape)
                if template is None:
                    continue
                if template is _FALLBACK:
                    break
                got = _values_only(customer, keys, links, compensation)
                if got is None:
                    break
                sms = TEMPLATE_CHANNEL.get(channel) == "sms"
                out = template.substitute(got[0], json=TEMPLATE_CHANNEL.get(channel) == "email",
                                          joined=got[1])
                if sms and segment_count(out.text or "") > SMS_MAX_SEGMENTS:
                    break  # fitted by `_render`, from the same shape
                self._shapes.move_to_end(base)
                return out
        return self._render(kind, channel, customer=customer, incident=incident, facts=facts,
                            links=links, contact=contact, update=update,
                            compensation=compensation)

    def _render(self, kind: str, channel: str, *, customer: Mapping[str, Any],
                incident: Mapping[str, Any], facts: Mapping[str, Any], links: Mapping[str, Any],
                contact: Mapping[str, Any] | None = None,
                update: Mapping[str, Any] | None = None,
                compensation: Mapping[str, Any] | None = None) -> Rendered:
        def full(c: Mapping[str, Any], lk: Mapping[str, Any],
                 comp: Mapping[str, Any] | None, fit: bool = True,
                 level: tuple[int, bool] | None = None) -> Rendered:
            return render_message(self.renderer, kind, channel, customer=dict(c),
                                  incident=dict(incident), facts=dict(facts), links=dict(lk),
                                  contact=dict(contact) if contact else None,
                                  update=dict(update) if update else None,
                                  compensation=dict(comp) if comp else None, fit=fit,
                                  sms_level=level)

        def fitted(out: Rendered,
                   where: tuple[_ReadSet, tuple[str, ...], Any, list[str]] | None = None
                   ) -> Rendered:
            """An SMS whose name or reference pushes it past its budget is fitted by the
            renderer's rule (that depends on their lengths), each fit level substituted
            into the level's own shape (`where`: the read set, keys, shape and values of
            `out`) or, without one, rendered in full; the rest keep the shared copy."""
            if not sms or segment_count(out.text or "") <= SMS_MAX_SEGMENTS:
                return out

            def at(level: int, personal: bool) -> str:
                if where is not None:
                    read_set, keys, shape, values = where
                    if (shape, level, personal) not in read_set.levels:
                        template, text = self._learn_level(customer, links, compensation, keys,
                                                           read_set.used is None, full,
                                                           (level, personal))
                        read_set.levels[(shape, level, personal)] = template
                        return text
                    template = read_set.levels[(shape, level, personal)]
                    if template is not _FALLBACK:
                        return template.substitute(values).text or ""
                return full(customer, links, compensation, level=(level, personal)).text or ""

            text, left_out = fit_sms(out.text or "", at)
            return replace(out, text=text, left_out=left_out)

        sms = TEMPLATE_CHANNEL.get(channel) == "sms"
        email = TEMPLATE_CHANNEL.get(channel) == "email"
        attributes = customer.get("attributes") or {}
        if any([isinstance(v, _NESTED) for v in attributes.values()]):
            return full(customer, links, compensation)  # nested attributes: render in full
        base = (kind, channel, self._content(incident, facts, contact), repr(update),
                customer.get("locale"), customer.get("timezone"),
                _shape_of(customer.get("name")), _shape_of(customer.get("external_id")),
                tuple([(k, bool(v) if isinstance(v, str) else _shape_of(v))
                       for k, v in links.items()]),
                None if compensation is None else tuple(sorted(
                    (k, _shape_of(v) if k == "money" else v) for k, v in compensation.items())))
        read_sets = self._shapes.get(base)
        if read_sets is not None:
            self._shapes.move_to_end(base)
            for read_set in read_sets:
                keys, shape = read_set.key(attributes)
                template = read_set.templates.get(shape)
                if template is None:
                    continue
                got = _values_only(customer, keys, links, compensation)
                if template is _FALLBACK or got is None:
                    return full(customer, links, compensation)
                values = got[0]
                return fitted(template.substitute(values, json=email, joined=got[1]),
                              (read_set, keys, shape, values))
        return self._learn(base, customer, links, compensation, full, fitted)

    @staticmethod
    def _learn_level(customer: Mapping[str, Any], links: Mapping[str, Any],
                     compensation: Mapping[str, Any] | None, keys: tuple[str, ...],
                     reads_all: bool, full: Any, level: tuple[int, bool]) -> tuple[Any, str]:
        """An SMS fit level of a known shape (`keys`: the attributes its level 0 read),
        checked as `_learn` checks a shape; returns (_Template or _FALLBACK, the text).
        A level that reads an attribute level 0 did not is rendered in full."""
        real = full(customer, links, compensation, level=level).text or ""
        attributes = customer.get("attributes") or {}
        split = _values(_named(customer, tuple(sorted(attributes)), links, compensation))
        kept = _values(_named(customer, keys, links, compensation))
        if split is None or kept is None:
            return _FALLBACK, real
        sources = split[0]
        fake_customer, fake_links, fake_comp, reading = _stand_ins(customer, links,
                                                                   compensation, sources)
        try:
            sentinel = full(fake_customer, fake_links, fake_comp, level=level)
        except Exception:  # noqa: BLE001 - the real render worked: the sentinels did not
            return _FALLBACK, real
        if not reads_all and (reading.used is None or not reading.used <= set(keys)):
            return _FALLBACK, real
        renumber = {i: kept[0].index(s) for i, s in enumerate(sources) if s in kept[0]}
        candidate = _Template.of(sentinel, renumber)
        if candidate is None or candidate.substitute(kept[1]).text != real:
            return _FALLBACK, real
        return candidate, real

    def _learn(self, base: tuple[Any, ...], customer: Mapping[str, Any],
               links: Mapping[str, Any], compensation: Mapping[str, Any] | None,
               full: Any, fitted: Any) -> Rendered:
        """A new shape: render in full and with sentinels; keep the sentinel render
        when substituting this customer's values gives the full render exactly."""
        attributes = customer.get("attributes") or {}
        split = _values(_named(customer, tuple(sorted(attributes)), links, compensation))
        real = full(customer, links, compensation, fit=False)
        read_sets = self._shapes.get(base, [])
        if split is None or sum(len(r.templates) for r in read_sets) >= MAX_SHAPES_PER_MESSAGE:
            return fitted(real)  # unsafe values, or a value read that differs for everyone
        sources, _ = split
        fake_customer, fake_links, fake_comp, reading = _stand_ins(customer, links,
                                                                   compensation, sources)
        try:
            sentinel = full(fake_customer, fake_links, fake_comp, fit=False)
        except Exception:  # noqa: BLE001 - the real render worked: the sentinels did not
            sentinel, reading.used = None, None
        read_set = _ReadSet(None if reading.used is None else tuple(sorted(reading.used)), {})
        keys, shape = read_set.key(attributes)
        kept = _values(_named(customer, keys, links, compensation))
        candidate = None
        if sentinel is not None and kept is not None:
            # Sentinel numbers (over every attribute) -> places among the values read.
            renumber = {i: kept[0].index(s) for i, s in enumerate(sources) if s in kept[0]}
            candidate = _Template.of(sentinel, renumber)
        ok = candidate is not None and kept is not None and candidate.substitute(kept[1]) == real
        for known in read_sets:
            if known.used == read_set.used:
                read_set = known
                break
        else:
            if len(read_sets) >= MAX_READ_SETS:
                return fitted(real)
            read_sets.append(read_set)
        read_set.templates[shape] = candidate if ok else _FALLBACK
        self._shapes[base] = read_sets  # kept only once it holds a shape
        while len(self._shapes) > MAX_MESSAGES:
            self._shapes.popitem(last=False)
        return fitted(real, (read_set, keys, shape, kept[1]) if ok and kept else None)

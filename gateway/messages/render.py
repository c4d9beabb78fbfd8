"""Render templates into what a customer receives.

Two sandboxed environments share one loader: HTML parts (email ``html``,
customer pages) autoescape, plain-text parts (subject, email text, SMS,
chat) do not — text bodies must not show ``&amp;``. Both use StrictUndefined
so a missing variable fails loudly instead of sending a blank. Templates are
compiled once per :class:`Renderer` (``auto_reload`` off) and reused.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, UndefinedError, meta
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from gateway.frozen import quick_init
from gateway.messages.context import (
    DEFAULT_LOCALE,
    build_context,
    facts_for,
    message_locale,
)
from gateway.messages.formatting import FILTERS
from gateway.messages.sms import segment_count
from gateway.vocabulary import KINDS, TEMPLATES_DIR

COMPLAINT_FAMILIES = ("complaint_ack", "complaint_feedback", "complaint_survey")
COMPENSATION_FAMILIES = ("compensation_paid", "compensation_overdue")
FAMILIES = KINDS + ("update", "survey") + COMPLAINT_FAMILIES + COMPENSATION_FAMILIES
# Which template a channel uses (WhatsApp reads like chat), and those templates.
TEMPLATE_CHANNEL = {"email": "email", "sms": "sms", "chat": "chat", "whatsapp": "chat"}
MESSAGE_CHANNELS = tuple(dict.fromkeys(TEMPLATE_CHANNEL.values()))  # email, sms, chat
PAGES = ("message", "ack", "ack_done", "survey", "survey_thanks", "unsubscribe",
         "unsubscribe_done", "not_found")
_PAGES_WITH_MESSAGE = ("message", "ack")
_LOCALE_NAME = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_MISSING_NAME = re.compile(r"'([^']+)'(?: is undefined)?$")
SMS_MAX_SEGMENTS = 2  # SPEC: an SMS is one or two segments
# What each fit level of an SMS leaves out (cumulative; templates read `fit.level`, see
# templates/_layouts/parts.*.j2). The customer's own reference is never left out.
SMS_FIT_STEPS = ("short_wording", "name", "later_sentences", "general_impact")


def fit_sms(text: str, at: Callable[[int, bool], str]) -> tuple[str, tuple[str, ...]]:
    """The SMS `text` (fit level 0) fitted into its budget, and what it left out;
    `at(level, personal)` renders the SMS at another fit level. One rule for the
    renderer and the batch renderer (which renders the levels by substitution)."""
    if segment_count(text) <= SMS_MAX_SEGMENTS:
        return text, ()
    budget = max(SMS_MAX_SEGMENTS, segment_count(at(0, False)))
    left_out: list[str] = []
    for level, step in enumerate(SMS_FIT_STEPS, start=1):
        if segment_count(text) <= budget:
            break
        fitted = at(level, True)
        if fitted != text:
            text = fitted
            left_out.append(step)
    return text, tuple(left_out)


class RenderError(Exception):
    """A template could not be rendered (missing variable, syntax, sandbox)."""


class UnknownTemplate(ValueError):
    """No such kind, channel, page or locale (or an unsafe name)."""


@quick_init
@dataclass(frozen=True)
class Rendered:
    subject: str | None
    text: str | None
    html: str | None
    template: str
    template_version: str
    locale: str
    fell_back: bool
    # An SMS fitted into its segment budget: what it left out (SMS_FIT_STEPS), else ().
    left_out: tuple[str, ...] = ()
    # An email copied from a shape: its text and HTML as `json.dumps` writes them.
    json_forms: JsonForms | None = field(default=None, compare=False, repr=False)


@quick_init
@dataclass(frozen=True)
class JsonForms:
    """`json.dumps(text)` and `json.dumps(html)` of one message, made from a shape's
    pre-escaped literals (the SendGrid body need not escape ~2.5 kB per email).
    They stand for these very string objects: `of` answers only for them (`is`),
    so a text replaced on the way (an SMS fitted, a copy) is escaped as usual."""

    text: str | None
    text_json: str | None
    html: str | None
    html_json: str | None

    def of(self, value: str | None) -> str | None:
        if value is None:
            return None
        if value is self.text:
            return self.text_json
        return self.html_json if value is self.html else None


def _env(loader: FileSystemLoader, autoescape: bool) -> SandboxedEnvironment:
    env = SandboxedEnvironment(loader=loader, autoescape=autoescape, undefined=StrictUndefined,
                               trim_blocks=True, lstrip_blocks=True, auto_reload=False,
                               keep_trailing_newline=False)
    env.filters.update(FILTERS)
    return env


def _clean_text(text: str) -> str:
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def _one_line(text: str) -> str:
    """Collapse all whitespace; subjects must never carry CR/LF (header injection)."""
    return " ".join(text.split())


def check_locale(locale: str) -> str:
    if not isinstance(locale, str) or not _LOCALE_NAME.match(locale):
        raise UnknownTemplate(f"unknown locale: {locale!r}")
    return locale


class Renderer:
    """All templates of one directory, compiled once."""

    def __init__(self, templates_dir: str | os.PathLike[str] = TEMPLATES_DIR) -> None:
        self.templates_dir = Path(templates_dir).resolve()
        loader = FileSystemLoader(str(self.templates_dir))
        self._text_env = _env(loader, autoescape=False)
        self._html_env = _env(loader, autoescape=True)
        self._versions: dict[str, str] = {}
        self._exists: dict[str, bool] = {}

    # -- locating ---------------------------------------------------------
    def _has(self, name: str) -> bool:
        if name not in self._exists:
            self._exists[name] = (self.templates_dir / name).is_file()
        return self._exists[name]

    def locate(self, family: str, channel: str, locale: str) -> tuple[str, str, bool]:
        """(relative path, locale used, fell back to en) for a message template."""
        if family not in FAMILIES:
            raise UnknownTemplate(f"unknown kind: {family!r}")
        if channel not in TEMPLATE_CHANNEL:
            raise UnknownTemplate(f"unknown channel: {channel!r}")
        return self._in_locale(f"{family}/{TEMPLATE_CHANNEL[channel]}", locale,
                               f"no template for {family}/{channel}")

    def locate_page(self, page: str, locale: str) -> tuple[str, str, bool]:
        if page not in PAGES:
            raise UnknownTemplate(f"unknown page: {page!r}")
        return self._in_locale(f"pages/{page}", locale, f"no template for page {page}")

    def _in_locale(self, stem: str, locale: str, missing: str) -> tuple[str, str, bool]:
        """`<stem>.<locale>.j2`, else the default locale's (fell back), else UnknownTemplate."""
        check_locale(locale)
        for loc, fell_back in ((locale, False), (DEFAULT_LOCALE, locale != DEFAULT_LOCALE)):
            name = f"{stem}.{loc}.j2"
            if self._has(name):
                return name, loc, fell_back
        raise UnknownTemplate(missing)

    def locales(self) -> list[str]:
        """Locales that have templates (en first)."""
        found = {p.name.split(".")[1] for p in self.templates_dir.glob("*/*.*.j2")
                 if not p.parent.name.startswith("_")}
        return sorted(found, key=lambda loc: (loc != DEFAULT_LOCALE, loc))

    def warm_up(self) -> int:
        """Compile every template now (a worker does this at start, so the first
        message of an incident does not pay for compiling)."""
        names = [p.relative_to(self.templates_dir).as_posix()
                 for p in sorted(self.templates_dir.glob("*/*.j2"))]
        for name in names:
            self._text_env.get_template(name)
            self._html_env.get_template(name)
            self.version(name)
        return len(names)

    # -- rendering --------------------------------------------------------
    def version(self, name: str) -> str:
        """Short hash of the template and every template it extends, includes or imports."""
        if name not in self._versions:
            digest = hashlib.sha256()
            seen: set[str] = set()
            todo = [name]
            while todo:
                current = todo.pop()
                if current in seen:
                    continue
                seen.add(current)
                source = (self.templates_dir / current).read_text(encoding="utf-8")
                digest.update(current.encode() + b"\0" + source.encode())
                refs = meta.find_referenced_templates(self._text_env.parse(source))
                todo.extend(sorted(r for r in refs if r))
            self._versions[name] = digest.hexdigest()[:12]
        return self._versions[name]

    def _run(self, env: SandboxedEnvironment, name: str, context: dict[str, Any]) -> str:
        try:
            return env.get_template(name).render(context)
        except UndefinedError as exc:
            found = _MISSING_NAME.search(exc.message or "")
            var = found.group(1) if found else "?"
            raise RenderError(f"{name}: missing variable {var!r} ({exc.message})") from exc
        except TemplateError as exc:
            raise RenderError(f"{name}: {exc}") from exc

    def _sms_at(self, name: str, ctx: dict[str, Any], level: int, personal: bool = True) -> str:
        return _one_line(self._run(self._text_env, name, {
            **ctx, "part": "body", "fit": {"level": level, "personal": personal}}))

    def _sms(self, name: str, ctx: dict[str, Any], fit: bool) -> tuple[str, tuple[str, ...]]:
        """The SMS, with the customer's name and reference, within its segment budget.

        The budget is two segments, or what the general part (the message
        without name and reference) already needs, when that is more (a long
        SMS is the facts' lint warning, not something to cut here). When the
        personal part would push it past that, the general part gives way, one
        step at a time (SMS_FIT_STEPS); the reference stays. ``fit=False``
        renders level 0 only (the batch renderer checks the budget itself).
        """
        text = self._sms_at(name, ctx, 0)
        if not fit:
            return text, ()
        return fit_sms(text, lambda level, personal: self._sms_at(name, ctx, level, personal))

    def render(self, kind: str, channel: str, locale: str, context: dict[str, Any], *,
               fit: bool = True, sms_level: tuple[int, bool] | None = None) -> Rendered:
        """Render one message. ``kind`` may also be ``update`` or ``survey``.

        An SMS is fitted into its segment budget (see :meth:`_sms`); ``fit=False``
        skips that (the batch renderer fits only the customers who need it), and
        ``sms_level`` (level, personal) renders one fit level as it is (the batch
        renderer learns each level's shape from it)."""
        name, loc, fell_back = self.locate(kind, channel, locale)
        ctx = {**context, "locale": loc}
        subject = html = None
        if TEMPLATE_CHANNEL[channel] == "email":
            subject = _one_line(self._run(self._text_env, name, {**ctx, "part": "subject"}))
            text = _clean_text(self._run(self._text_env, name, {**ctx, "part": "text"}))
            html = self._run(self._html_env, name, {**ctx, "part": "html"}).strip()
        elif TEMPLATE_CHANNEL[channel] == "sms":
            text, left_out = (self._sms(name, ctx, fit) if sms_level is None
                              else (self._sms_at(name, ctx, *sms_level), ()))
            return Rendered(None, text, None, name, self.version(name), loc, fell_back, left_out)
        else:
            text = _clean_text(self._run(self._text_env, name, {**ctx, "part": "body"}))
        return Rendered(subject, text, html, name, self.version(name), loc, fell_back)

    def render_page(self, page: str, locale: str, context: dict[str, Any]) -> Rendered:
        """Render a customer page; the message and ack pages embed the email body."""
        name, loc, fell_back = self.locate_page(page, locale)
        ctx = {"page": {}, **context, "locale": loc, "part": "page"}
        if page in _PAGES_WITH_MESSAGE:
            kind = "update" if context.get("update") else context["incident"]["kind"]
            body_name, _, _ = self.locate(kind, "email", loc)
            body = self._run(self._html_env, body_name, {**ctx, "part": "body"})
            ctx["message_html"] = Markup(body)
        html = self._run(self._html_env, name, ctx).strip()
        title = re.search(r"<title>(.*?)</title>", html, re.S)
        return Rendered(_one_line(title.group(1)) if title else None, None, html, name,
                        self.version(name), loc, fell_back)


_RENDERERS: dict[Path, Renderer] = {}


def get_renderer(templates_dir: str | os.PathLike[str] = TEMPLATES_DIR) -> Renderer:
    """The shared Renderer for a templates directory (compiled templates are kept)."""
    key = Path(templates_dir).resolve()
    if key not in _RENDERERS:
        _RENDERERS[key] = Renderer(key)
    return _RENDERERS[key]


def render_message(
    renderer: Renderer,
    kind: str,
    channel: str,
    *,
    customer: dict[str, Any],
    incident: dict[str, Any],
    facts: dict[str, Any],
    links: dict[str, Any],
    contact: dict[str, Any] | None = None,
    update: dict[str, Any] | None = None,
    compensation: dict[str, Any] | None = None,
    fit: bool = True,
    sms_level: tuple[int, bool] | None = None,
) -> Rendered:
    """Render for one customer, the whole message in one language.

    Facts keyed by locale: the customer's, else en facts in the en template.
    One facts object: in the language of its text, so a customer whose locale
    differs gets the whole message (template included) in that language. An
    update's own text decides the same way (:func:`message_locale`).
    ``Rendered.fell_back`` records any fallback (facts, language or template).
    """
    locale = str(customer.get("locale") or DEFAULT_LOCALE)
    used, facts_fell_back = message_locale(facts, locale, (update or {}).get("message"))
    chosen, _, _ = facts_for(facts, used)
    locale = used
    context = build_context(customer=customer, incident=incident, facts=chosen, links=links,
                            contact=contact, update=update, compensation=compensation)
    family = kind if update is None else "update"
    out = (renderer.render(family, channel, locale, context) if fit and sms_level is None
           else renderer.render(family, channel, locale, context, fit=False, sms_level=sms_level))
    if facts_fell_back and not out.fell_back:
        out = replace(out, fell_back=True)
    return out

"""What a comms person sees before sending: the rendered message and what is wrong with it.

:func:`preview` answers ``POST /v1/templates/preview``; :func:`catalogue`
answers ``GET /v1/templates``. Names are checked against the known kinds,
channels, pages and locales before any file is touched, so a name like
``../../etc/passwd`` is an :class:`UnknownTemplate`, never a path.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from gateway.messages.context import (
    build_context,
    facts_for,
    message_locale,
    sample_context,
)
from gateway.messages.lint import checks, lint_rendered, summarise
from gateway.messages.lint_templates import MESSAGE_CHANNELS, run_case, template_cases
from gateway.messages.readability import readability
from gateway.messages.render import (
    TEMPLATE_CHANNEL,
    TEMPLATES_DIR,
    UnknownTemplate,
    check_locale,
    get_renderer,
)
from gateway.messages.sms import sms_info
from gateway.vocabulary import KINDS, UPDATE_STAGES

DEFAULT_PUBLIC_URL = "http://127.0.0.1:8080"


def _check_names(kind: str, channel: str, locale: str, locales: list[str]) -> None:
    if kind not in KINDS + ("update", "survey"):
        raise UnknownTemplate(f"unknown kind: {kind!r}")
    if channel not in TEMPLATE_CHANNEL:
        raise UnknownTemplate(f"unknown channel: {channel!r}")
    check_locale(locale)
    if locale not in locales:
        raise UnknownTemplate(f"no templates for locale {locale!r}; known: {', '.join(locales)}")


def preview(
    kind: str,
    channel: str,
    locale: str,
    facts: Mapping[str, Any],
    customer: Mapping[str, Any] | None = None,
    public_url: str = DEFAULT_PUBLIC_URL,
    *,
    incident: Mapping[str, Any] | None = None,
    update: Mapping[str, Any] | None = None,
    contact: Mapping[str, Any] | None = None,
    compensation: Mapping[str, Any] | None = None,
    templates_dir: str | os.PathLike[str] = TEMPLATES_DIR,
) -> dict[str, Any]:
    """Render ``kind``/``channel``/``locale`` with these facts, as the customer would get it.

    Facts keyed by locale follow delivery: a locale without facts gets the
    en facts in the en template. ``customer`` defaults to a sample customer;
    ``incident`` may set ``title``, ``require_ack`` (default false) and
    ``ack_within_minutes``; kind ``update`` takes ``update`` (stage, message, ...).
    Returns ``subject``/``text``/``html`` (email) or ``text``, ``lint``,
    ``sms`` (SMS only) and ``readability``.
    """
    renderer = get_renderer(templates_dir)
    _check_names(kind, channel, locale, renderer.locales())
    if not isinstance(facts, Mapping):
        raise ValueError("facts must be an object")
    render_locale, fell_back = message_locale(facts, locale, (update or {}).get("message"))
    chosen, _, _ = facts_for(facts, render_locale)
    sample = sample_context(kind if kind in KINDS else "outage", render_locale)
    person = dict(customer) if customer else dict(sample["customer"])
    person["locale"] = locale
    inc = {"id": "preview", "kind": kind if kind in KINDS else "outage",
           "title": chosen.get("title") or sample["incident"]["title"],
           "require_ack": False, "ack_within_minutes": 60, **(incident or {})}
    base = public_url.rstrip("/")
    stage_update = None
    if kind == "update":
        stage_update = {"stage": "investigating", **(update or {})}
        if stage_update["stage"] not in UPDATE_STAGES:
            raise ValueError(f"unknown stage: {stage_update['stage']!r}")
    context = build_context(
        customer=person, incident=inc, facts=chosen, contact=contact, update=stage_update,
        compensation=compensation,
        links={"message_url": f"{base}/m/preview", "ack_url": f"{base}/a/preview",
               "unsubscribe_url": f"{base}/u/preview",
               "survey_url": f"{base}/s/preview" if kind == "survey" else None})
    rendered = renderer.render(kind, channel, render_locale, context)
    findings = lint_rendered(rendered, channel, rendered.locale, context, base)
    findings += checks.compensation_when(context["facts"], "facts.")
    if fell_back:  # the whole message is in another language: say so before sending
        findings += checks.locale_fallback([{"locale": locale, "gets": rendered.locale,
                                             "customers": None}])
    out: dict[str, Any] = {}
    if TEMPLATE_CHANNEL[channel] == "email":
        out.update(subject=rendered.subject, text=rendered.text, html=rendered.html)
    else:
        out["text"] = rendered.text
    out["lint"] = [f.as_dict() for f in findings]
    if TEMPLATE_CHANNEL[channel] == "sms":
        info = sms_info(rendered.text or "")
        out["sms"] = {"encoding": info["encoding"], "segments": info["segments"]}
    out["readability"] = readability(rendered.text or "", rendered.locale)
    return out


@lru_cache(maxsize=8)
def _catalogue(public_url: str, templates_dir: str) -> tuple[dict[str, Any], ...]:
    renderer = get_renderer(templates_dir)
    entries: dict[str, dict[str, Any]] = {}
    problems: dict[str, int] = {}
    for case in template_cases(renderer):
        path, findings, problem = run_case(renderer, case, public_url)
        if case.family == "pages":
            path = f"pages/{case.channel}.{case.locale}.j2"
            meta = {"kind": "page", "channel": "web", "page": case.channel}
        else:
            path = f"{case.family}/{case.channel}.{case.locale}.j2"
            meta = {"kind": case.family, "channel": case.channel}
        entry = entries.setdefault(path, {**meta, "locale": case.locale, "path": path,
                                          "findings": []})
        entry["findings"] += findings
        problems[path] = problems.get(path, 0) + (1 if problem else 0)
    out = []
    for path, entry in entries.items():
        lint = summarise(entry.pop("findings"))
        if problems[path]:
            lint = {"status": "errors", "errors": lint["errors"] + problems[path],
                    "warnings": lint["warnings"]}
        out.append({**entry, "exists": (renderer.templates_dir / path).is_file(), "lint": lint})
    return tuple(out)


def catalogue(public_url: str = DEFAULT_PUBLIC_URL,
              templates_dir: str | os.PathLike[str] = TEMPLATES_DIR) -> list[dict[str, Any]]:
    """Every template (kind × channel × locale, updates, survey, pages) with its lint status.

    Computed once per public URL: templates are compiled once and do not
    change while the process runs.
    """
    return copy.deepcopy(list(_catalogue(public_url.rstrip("/"), str(templates_dir))))


__all__ = ["DEFAULT_PUBLIC_URL", "MESSAGE_CHANNELS", "UnknownTemplate", "catalogue", "preview"]

"""Rendered messages for the console: what customers would get, with the
linter's findings marked in place (each finding's `span` indexes its field)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask import current_app
from markupsafe import Markup, escape

from ..messages.preview import MESSAGE_CHANNELS, UnknownTemplate, preview
from ..messages.render import RenderError
from ..messages.sms import sms_info
from ..vocabulary import LOCALES
from .wording import PARTS, by_field


def highlight(text: str | None, findings: Iterable[Mapping[str, Any]], field: str,
              prefix: str = "f") -> Markup:
    """`text` escaped, with each finding on `field` wrapped in a numbered <mark>.

    Overlapping spans keep the first; the number matches the findings list
    (`number` is set on each finding by :func:`number_findings`)."""
    text = text or ""
    marks = sorted((f for f in findings if f.get("field") == field and f.get("span")),
                   key=lambda f: (f["span"][0], -f["span"][1]))
    out, pos = [], 0
    for finding in marks:
        start, end = int(finding["span"][0]), int(finding["span"][1])
        if start < pos or end > len(text) or end <= start:
            continue
        out.append(escape(text[pos:start]))
        severity = "error" if finding.get("severity") == "error" else "warning"
        number = finding.get("number", "")
        out.append(Markup(
            '<mark class="lint lint-{sev}" id="{prefix}-mark-{n}" title="{msg}" '
            'aria-describedby="{prefix}-finding-{n}">{body}<sup aria-hidden="true">{n}</sup>'
            '</mark>').format(sev=severity, prefix=prefix, n=number, msg=finding.get("message", ""),
                              body=text[start:end]))
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def number_findings(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Errors first, then warnings; each gets its number for the marks."""
    ordered = sorted(findings, key=lambda f: (f.get("severity") != "error",
                                              f.get("field", ""), (f.get("span") or [0])[0]))
    return [{**f, "number": i} for i, f in enumerate(ordered, start=1)]


def render_one(kind: str, channel: str, locale: str, facts: Mapping[str, Any],
               customer: Mapping[str, Any] | None = None,
               incident: Mapping[str, Any] | None = None, prefix: str = "") -> dict[str, Any]:
    """One rendered message, ready for the `_message.html` partial."""
    config = current_app.config["GATEWAY"]
    try:
        out = preview(kind, channel, locale, facts, customer, config.public_url,
                      incident=dict(incident or {}),
                      contact={"phone": config.support_phone, "email": config.support_email})
    except (UnknownTemplate, RenderError, ValueError) as exc:
        return {"channel": channel, "locale": locale, "error": str(exc)}
    raw = [dict(f) for f in out.get("lint", [])]
    parts = {part: out.get(part) or "" for part in PARTS}
    findings = number_findings(by_field(raw, parts, facts))
    numbers = {f["group"]: f["number"] for f in findings}
    for f in raw:  # each mark carries the number of the finding it belongs to
        f["number"] = numbers[f["group"]]
    prefix = f"{prefix}{channel}-{locale}"
    result: dict[str, Any] = {
        "channel": channel, "locale": locale, "kind": kind, "lint": findings, "prefix": prefix,
        "text": out.get("text") or "", "readability": out.get("readability"),
        "text_marked": highlight(out.get("text"), raw, "text", prefix),
        "errors": sum(f["severity"] == "error" for f in findings),
        "warnings": sum(f["severity"] != "error" for f in findings),
    }
    if out.get("subject") is not None:
        result["subject"] = out["subject"]
        result["subject_marked"] = highlight(out["subject"], raw, "subject", prefix)
        result["html"] = out.get("html") or ""
    if channel == "sms":
        result["sms"] = sms_info(out.get("text") or "")
    return result


def render_grid(kind: str, facts: Mapping[str, Any], *, channels: Iterable[str] = MESSAGE_CHANNELS,
                locales: Iterable[str] = LOCALES, customer: Mapping[str, Any] | None = None,
                incident: Mapping[str, Any] | None = None, prefix: str = ""
                ) -> list[dict[str, Any]]:
    """Rows of channels, each with one rendered message per locale (side by side)."""
    rows = []
    for channel in channels:
        rows.append({"channel": channel,
                     "cells": [render_one(kind, channel, locale, facts, customer, incident, prefix)
                               for locale in locales]})
    return rows

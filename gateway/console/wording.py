"""What the console says about problems, in the words of the person who typed the text.

The API speaks in field paths and validator messages (`facts.what_happened`,
"String should have at least 1 character"); staff see the name of the box they
typed in and a plain sentence, in their language. Lint findings on a rendered
message are traced back to the fact they came from, so one sentence gives one
finding per field, not one per email part (subject, text, HTML).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pydantic import ValidationError

from ..messages.lint.checks import ELEMENT_LABELS
from . import i18n
from .blueprint import bp, lang
from .forms import FACT_FIELDS, form_field

T = Callable[..., str]
_ELEMENT_BY_LABEL = {label: key for key, label in ELEMENT_LABELS.items()}
_QUOTE = re.compile(r'"(.*)"\s*$', re.S)
PARTS = ("subject", "text", "html")  # parts of a rendered message, never a field anyone typed in


def field_label(path: str, t: T) -> str:
    """`facts.zh-CN.impact` → "What it means for the customer (中文)"; `subject` → "Subject"."""
    name = form_field(path) if path else ""
    zh = name.startswith("zh_")
    base = name[3:] if zh else name
    known = {"subject": "subject", "text": "lint_in_template", "html": "lint_in_template",
             "": "lint_in_template", "message": "update_message", "facts": "facts",
             "audience": "audience", "body": "form"}
    key = known.get(base, base)
    label = t(key)
    if label == key:  # no translation: an engineer's name, keep it recognisable
        label = base.replace("_", " ")
    return f"{label} (中文)" if zh else label


def finding_text(finding: Mapping[str, Any], t: T) -> str:
    """A lint finding as a sentence a comms person would say."""
    code = str(finding.get("code", ""))
    message = str(finding.get("message", ""))
    values: dict[str, Any] = {"quote": finding.get("quote") or ""}
    if not values["quote"] and (match := _QUOTE.search(message)):
        values["quote"] = match.group(1)
    if code == "missing_element":
        element = _ELEMENT_BY_LABEL.get(message.removeprefix("Missing "), "")
        values["what"] = t("element_" + element) if element else message
    if code == "sms_segments" and (match := re.search(r"(\d+) segments", message)):
        values["n"] = match.group(1)
    text = t("lint_" + code, **values)
    return message if text == "lint_" + code else text


def finding_fix(finding: Mapping[str, Any], t: T) -> str | None:
    """What to do instead: the rule's own suggestion for a phrase, plain words otherwise."""
    if finding.get("code") in ("missing_element", "sms_segments"):
        return None  # the sentence itself says what to add or cut
    fix = t("lint_fix_" + str(finding.get("code", "")))
    return fix if not fix.startswith("lint_fix_") else finding.get("suggestion")


def error_text(detail: Mapping[str, Any], t: T) -> str:
    """A validation problem in plain words (`type` and `ctx` come from `plain_errors`)."""
    kind = detail.get("type")
    ctx = detail.get("ctx") or {}
    message = str(detail.get("message", ""))
    if kind in ("missing", "string_too_short") and ctx.get("min_length", 1) <= 1:
        return t("err_required")
    if kind in ("string_too_long", "too_long"):
        return t("err_too_long", n=ctx.get("max_length", ""))
    if kind and kind.startswith(("datetime", "timezone", "date_")):
        return t("err_datetime")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return t("err_number")
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        return t("err_range")
    if kind in ("literal_error", "enum"):
        return t("err_choose")
    if kind == "string_pattern_mismatch":
        field = form_field(str(detail.get("field", "")))
        return t("err_pattern_" + field) if field in ("comp_amount", "comp_currency") \
            else t("err_format")
    if "needs a criterion" in message:
        return t("err_audience_empty")
    if "cannot be combined" in message:
        return t("err_audience_mixed")
    return message.removeprefix("Value error, ")


def plain_errors(exc: ValidationError, prefix: str = "") -> list[dict[str, Any]]:
    """pydantic errors with their `type` and `ctx` kept, for `error_text`."""
    out = []
    for item in exc.errors(include_url=False):
        path = ".".join(str(part) for part in item["loc"])
        out.append({"field": f"{prefix}{path}" if path else (prefix.rstrip(".") or "body"),
                    "message": item["msg"], "type": item["type"],
                    "ctx": {k: v for k, v in (item.get("ctx") or {}).items()
                            if isinstance(v, (int, str))}})
    return out


def _fact_texts(facts: Mapping[str, Any], prefix: str = "facts") -> Iterable[tuple[str, str]]:
    """Every text a person typed into the facts, with its path."""
    keyed = all(isinstance(v, Mapping) for v in facts.values()) and bool(facts)
    if keyed:
        for locale, sub in facts.items():
            yield from _fact_texts(sub, f"{prefix}.{locale}")
        return
    for name in FACT_FIELDS:
        if isinstance(facts.get(name), str):
            yield f"{prefix}.{name}", facts[name]
    for i, action in enumerate(facts.get("customer_actions") or []):
        if isinstance(action, str):
            yield f"{prefix}.customer_actions.{i}", action
    comp = facts.get("compensation")
    if isinstance(comp, Mapping) and isinstance(comp.get("description"), str):
        yield f"{prefix}.compensation.description", comp["description"]


def by_field(findings: list[dict[str, Any]], parts: Mapping[str, str],
             facts: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Findings on a rendered message, one per (rule, field typed in, phrase).

    A finding on text that came from a fact names that fact's field; the same
    phrase found in the subject, the text and the HTML part is one finding. What
    the template itself says (or lacks) is one finding per rule and message.
    Each raw finding keeps its span for the marks and gets its group's `group` key.
    """
    texts = list(_fact_texts(facts))
    groups: dict[tuple[str, str, str], dict[str, Any]] = {}
    for raw in findings:
        start, end = (raw.get("span") or [0, 0])[:2]
        quote = html.unescape(parts.get(str(raw.get("field")), "")[start:end]) if end > start \
            else ""
        source = next((path for path, text in texts if quote and quote in text), None)
        if source is None and raw.get("field") not in PARTS:
            source = str(raw.get("field"))
        key = (str(raw.get("code")), source or "", quote or str(raw.get("message")))
        raw["group"] = key
        if key not in groups:
            groups[key] = {**raw, "field": source or "", "quote": quote, "span": None}
    return list(groups.values())


def _in_staff_language(fn: Callable[[Any, T], Any]) -> Callable[[Any], Any]:
    return lambda value: fn(value, i18n.translator(lang()))


for _name, _fn in (("field_label", field_label), ("finding_text", finding_text),
                   ("finding_fix", finding_fix), ("error_text", error_text)):
    bp.add_app_template_global(_in_staff_language(_fn), _name)

"""Form fields ⇄ the API's JSON bodies.

The console builds exactly the body a system would POST to `/v1/incidents`
(so the same validation, lint and approval rules apply) and maps the
validation details' field paths back to the form's inputs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from ..errors import validation_details
from ..incidents.audience import Audience, audience_now, other_kinds
from ..vocabulary import CHANNELS
from .format import read_utc

FACT_FIELDS = ("what_happened", "impact", "actions_taken")
ZH = "zh-CN"


def _text(form: Mapping[str, Any], name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def _words(value: str) -> list[str]:
    return [w for w in re.split(r"[\s,;]+", value) if w]


def parse_when(value: str) -> str | None:
    """A datetime-local value (read as UTC) or an ISO time → ISO 8601 UTC; bad input
    passes through unchanged so validation names the field."""
    value = value.strip()
    if not value:
        return None
    parsed = read_utc(value)
    return value if parsed is None else parsed.isoformat().replace("+00:00", "Z")


def local_input(value: datetime | str | None) -> str:
    """A UTC time as a datetime-local input value."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        parsed = read_utc(value)
        if parsed is None:
            return ""
        value = parsed
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M")


def checked(form: Mapping[str, Any], name: str) -> bool:
    return str(form.get(name, "")).lower() in ("1", "on", "true", "yes")


def facts_from(form: Mapping[str, Any]) -> dict[str, Any]:
    """The facts object: one for every locale, or keyed by locale when the
    zh-CN texts are filled in (times and compensation shared)."""
    en: dict[str, Any] = {name: _text(form, name) for name in FACT_FIELDS}
    actions = _lines(_text(form, "customer_actions"))
    if actions:
        en["customer_actions"] = actions
    for name in ("started_at", "next_update_at"):
        when = parse_when(_text(form, name))
        if when:
            en[name] = when
    comp = {"description": _text(form, "comp_description"), "amount": _text(form, "comp_amount"),
            "currency": _text(form, "comp_currency").upper(), "when": _text(form, "comp_when")}
    policy = {"policy": _text(form, "comp_policy"),
              "impact_hours": _text(form, "comp_impact_hours"),
              "description": comp["description"]}
    if policy["policy"]:  # a policy computes each customer's amount and date
        en["compensation"] = {k: v for k, v in policy.items() if v}
    elif any(comp.values()):
        en["compensation"] = {k: v for k, v in comp.items() if v or k in ("description", "when")}
    zh_texts = {name: _text(form, f"zh_{name}") for name in FACT_FIELDS}
    zh_actions = _lines(_text(form, "zh_customer_actions"))
    if not any(zh_texts.values()) and not zh_actions:
        return en
    zh: dict[str, Any] = {k: v for k, v in en.items() if k not in FACT_FIELDS
                          and k != "customer_actions"}
    zh.update(zh_texts)
    if zh_actions:
        zh["customer_actions"] = zh_actions
    zh_comp = _text(form, "zh_comp_description")
    if zh_comp and "compensation" in zh:
        zh["compensation"] = {**zh["compensation"], "description": zh_comp}
    return {"en": en, ZH: zh}


def _scalar(value: str) -> Any:
    if value.lower() in ("true", "false"):
        return value.lower() == "true"
    if re.fullmatch(r"-?\d{1,15}", value):
        return int(value)
    if re.fullmatch(r"-?\d+\.\d+", value):
        return float(value)
    return value


# The form's audience choice → the domain's kind of audience it stands for.
MODE_KIND = {"ids": "customer_ids", "tags": "criteria", "all": "all"}
KIND_MODE = {kind: mode for mode, kind in MODE_KIND.items()}


def audience_mode(form: Mapping[str, Any]) -> str:
    mode = _text(form, "audience_mode")
    return mode if mode in MODE_KIND else "ids"


def audience_from(form: Mapping[str, Any]) -> dict[str, Any]:
    """Every audience input that holds a value, whichever kind is chosen, so
    `stray_audience` can refuse values the person can no longer see."""
    out: dict[str, Any] = {}
    if audience_mode(form) == "all":
        out["all"] = True
    ids = _words(_text(form, "customer_ids"))
    if ids or audience_mode(form) == "ids":
        out["customer_ids"] = ids
    tags_any = [t.strip() for t in _text(form, "tags_any").split(",") if t.strip()]
    tags_all = [t.strip() for t in _text(form, "tags_all").split(",") if t.strip()]
    attributes = {}
    for line in _lines(_text(form, "attributes")):
        key, _, value = line.partition("=")
        if key.strip():
            attributes[key.strip()] = _scalar(value.strip())
    if tags_any:
        out["tags_any"] = tags_any
    if tags_all:
        out["tags_all"] = tags_all
    if attributes:
        out["attributes"] = attributes
    return out


def stray_audience(form: Mapping[str, Any], audience: Mapping[str, Any]) -> list[str]:
    """Form modes (`ids`, `tags`) whose inputs hold values although another was chosen."""
    chosen = MODE_KIND[audience_mode(form)]
    return [KIND_MODE[kind] for kind in other_kinds(audience, chosen)]


def incident_body(form: Mapping[str, Any]) -> dict[str, Any]:
    """The `POST /v1/incidents` body this form describes."""
    channels = form.getlist("channels") if hasattr(form, "getlist") else form.get("channels")
    if isinstance(channels, str):
        channels = [channels]
    body: dict[str, Any] = {
        "kind": _text(form, "kind"),
        "severity": _text(form, "severity"),
        "title": _text(form, "title"),
        "facts": facts_from(form),
        "audience": audience_from(form),
        "require_ack": checked(form, "require_ack"),
        "channels": [c for c in (channels or CHANNELS) if c in CHANNELS] or list(CHANNELS),
        "auto_no_news": checked(form, "auto_no_news"),
    }
    minutes = _text(form, "ack_within_minutes")
    if minutes:
        body["ack_within_minutes"] = int(minutes) if minutes.isdigit() else minutes
    warning = _text(form, "warning_id")  # composed from an early warning's draft
    if warning:
        body["warning_id"] = int(warning) if warning.isdigit() else warning
    return body


_FIELD_MAP = {"compensation": "comp"}


def form_field(path: str) -> str:
    """A validation detail's field path → the form input it belongs to."""
    parts = re.sub(r"\[\d+\]", "", path).split(".")
    if parts[0] == "facts":
        parts = parts[1:]
        zh = bool(parts) and parts[0] == ZH
        if parts and parts[0] in ("en", ZH):
            parts = parts[1:]
        if not parts:
            return "facts"
        if parts[0] == "compensation":
            name = "comp_" + (parts[1] if len(parts) > 1 else "description")
        else:
            name = parts[0]
        return f"zh_{name}" if zh and name in (*FACT_FIELDS, "customer_actions",
                                                "comp_description") else name
    if parts[0] == "audience":
        return "audience"
    return parts[0]


def errors_by_field(details: list[dict[str, Any]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for detail in details:
        out.setdefault(form_field(str(detail.get("field", ""))), []).append(
            str(detail.get("message", "")))
    return out


def audience_size(raw: Mapping[str, Any]) -> dict[str, Any]:
    """How many live customers this audience matches now (no snapshot taken)."""
    return audience_reach(raw)[0]


def audience_reach(raw: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str | None, int]]:
    """`audience_size`, and the same customers by locale (from the same lookup)."""
    try:
        audience = Audience.model_validate(raw)
    except ValidationError as exc:
        return {"size": None, "unknown": [], "errors": validation_details(exc, "audience.")}, {}
    by_locale, unknown = audience_now(audience)
    return {"size": sum(by_locale.values()), "unknown": unknown, "errors": []}, by_locale


def preview_facts(body: Mapping[str, Any]) -> dict[str, Any]:
    """Facts good enough to render: required texts filled with a visible placeholder."""
    facts = body.get("facts") or {}
    if ZH in facts or "en" in facts:
        return {loc: _placeholders(f) for loc, f in facts.items()}
    return _placeholders(facts)


def _placeholders(facts: Mapping[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in facts.items() if v not in ("", None, [])}
    for name in FACT_FIELDS:
        out.setdefault(name, f"[{name.replace('_', ' ')}]")
    comp = out.get("compensation")
    if isinstance(comp, dict) and not comp.get("description"):
        out.pop("compensation")
    return out


def form_from_facts(facts: Mapping[str, Any]) -> dict[str, str]:
    """The form inputs that describe these facts (single, or keyed by locale)."""
    keyed = "en" in facts and isinstance(facts.get("en"), dict)
    en = facts["en"] if keyed else facts
    out: dict[str, str] = {name: str(en.get(name, "")) for name in FACT_FIELDS}
    out["customer_actions"] = "\n".join(en.get("customer_actions") or [])
    out["started_at"] = local_input(en.get("started_at"))
    out["next_update_at"] = local_input(en.get("next_update_at"))
    comp = en.get("compensation") or {}
    for key in ("description", "amount", "currency", "when", "policy", "impact_hours"):
        out[f"comp_{key}"] = str(comp.get(key) or "")
    zh = facts.get(ZH) if keyed else None
    if isinstance(zh, dict):
        for name in FACT_FIELDS:
            out[f"zh_{name}"] = str(zh.get(name, ""))
        out["zh_customer_actions"] = "\n".join(zh.get("customer_actions") or [])
        out["zh_comp_description"] = str((zh.get("compensation") or {}).get("description") or "")
    return out


def _scalar_text(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def form_from_audience(audience: Mapping[str, Any]) -> dict[str, str]:
    """The audience inputs that describe a stored audience (the inverse of `audience_from`)."""
    if audience.get("all"):
        return {"audience_mode": "all"}
    if audience.get("customer_ids"):
        return {"audience_mode": "ids", "customer_ids": "\n".join(audience["customer_ids"])}
    attributes = audience.get("attributes") or {}
    return {"audience_mode": "tags",
            "tags_any": ", ".join(audience.get("tags_any") or []),
            "tags_all": ", ".join(audience.get("tags_all") or []),
            "attributes": "\n".join(f"{k}={_scalar_text(v)}" for k, v in attributes.items())}


def form_from_incident(incident: Any) -> dict[str, Any]:
    """Every compose input, filled in from a stored incident (to edit it)."""
    return {
        **form_from_facts(incident.facts), **form_from_audience(incident.audience or {}),
        "kind": incident.kind, "severity": incident.severity, "title": incident.title,
        "channels": list(incident.channels or CHANNELS),
        "require_ack": "1" if incident.require_ack else "",
        "ack_within_minutes": str(incident.ack_within_minutes),
        "auto_no_news": "1" if incident.auto_no_news else "",
    }


def customer_from(form: Mapping[str, Any]) -> dict[str, Any] | None:
    """The preview's sample customer, or None for the built-in sample."""
    name = _text(form, "cust_name")
    tz = _text(form, "cust_timezone")
    attributes = {}
    for line in _lines(_text(form, "cust_attributes")):
        key, _, value = line.partition("=")
        if key.strip():
            attributes[key.strip()] = value.strip()
    if not (name or tz or attributes):
        return None
    customer: dict[str, Any] = {"external_id": "sample", "name": name or None,
                                "timezone": tz or "UTC", "attributes": attributes}
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(customer["timezone"])
    except Exception:  # an unknown zone previews in UTC rather than failing
        customer["timezone"] = "UTC"
    return customer

"""The product's shared vocabulary: channels, locales, incident kinds, update
stages, where the templates are, and the validated field types (pydantic)
every schema uses. Defined here once."""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import phonenumbers
from pydantic import AfterValidator, AwareDatetime, BeforeValidator, Field, StringConstraints

Channel = Literal["email", "sms", "whatsapp", "chat"]
CHANNELS: tuple[Channel, ...] = get_args(Channel)
LOCALES = ("en", "zh-CN")  # the languages of the product: templates, pages, console
Kind = Literal["outage", "degraded_service", "data_breach", "delivery_delay",
               "billing_error", "maintenance", "product_defect"]
KINDS: tuple[Kind, ...] = get_args(Kind)
Severity = Literal["critical", "high", "medium", "low"]
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
Stage = Literal["investigating", "identified", "monitoring", "resolved"]  # what an update says
STAGES: tuple[Stage, ...] = get_args(Stage)
UpdateStage = Literal[Stage, "no_news"]  # ... and the update the gateway sends itself
UPDATE_STAGES: tuple[UpdateStage, ...] = get_args(UpdateStage)
# Computed here, not taken from config: config loads the providers, which use CHANNELS.
TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


@cache
def shipped_locales(templates_dir: Path = TEMPLATES_DIR) -> frozenset[str]:
    """Locales with templates: adding `templates/*/*.<locale>.j2` adds a locale."""
    found = {p.name.split(".")[1] for p in templates_dir.glob("*/*.*.j2")}
    return frozenset(found | {"en"})


def _e164(value: str) -> str:
    if not value.startswith("+"):
        raise ValueError("must be in E.164 form, starting with + and the country code")
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"not a phone number: {exc}") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValueError("not a valid phone number for its country")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _timezone(value: str) -> str:
    if value not in _zones():
        raise ValueError("unknown IANA timezone, e.g. 'Europe/Berlin'")
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError("unknown IANA timezone") from exc
    return value


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones() | {"UTC"})


def _locale(value: str) -> str:
    known = shipped_locales()
    if value not in known:
        raise ValueError(f"unknown locale; known: {', '.join(sorted(known))}")
    return value


# Bidi embeddings, overrides and isolates (U+202A-202E, U+2066-2069) reorder
# what follows them: in a name they can make "exe.txt" read as "txt.exe". The
# marks real right-to-left text may need (U+200E, U+200F) stay allowed.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _no_control(value: str) -> str:
    if any(ord(c) < 32 and c not in "\t\n" for c in value) or "\x7f" in value:
        raise ValueError("contains control characters")
    if not _BIDI_CONTROLS.isdisjoint(value):
        raise ValueError("contains bidirectional override characters")
    return value


def bad_string(value: Any, path: str = "") -> str | None:
    """Path of the first string (or key) in a JSON value holding a NUL or an
    unpaired surrogate, which no database column and no UTF-8 encoder takes."""
    stack = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            if "\x00" in item or not item.isascii() and _has_surrogate(item):
                return where
        elif isinstance(item, dict):
            for key, sub in item.items():
                sub_path = f"{where}.{key}" if where else str(key)
                if isinstance(key, str) and bad_string(key) is not None:
                    return sub_path
                stack.append((sub, sub_path))
        elif isinstance(item, list):
            stack.extend((sub, f"{where}[{i}]") for i, sub in enumerate(item))
    return None


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _clean_json(value: Any) -> Any:
    where = bad_string(value)
    if where is not None:
        raise ValueError(f"{where or 'a value'} holds a NUL character or an unpaired surrogate")
    return value


def unique_list(value: list[Any]) -> list[Any]:
    if len(set(value)) != len(value):
        raise ValueError("items must be unique")
    return value


# JSON Schema patterns (ECMA 262 and Python's re read them alike) that say in
# /openapi.json what the validators below enforce. SPACE is what pydantic's
# whitespace stripping removes (Unicode White_Space); CONTROL is what
# `_no_control` refuses.
CONTROL = r"\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069"
SPACE = r"\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
NO_CONTROL = f"^[^{CONTROL}]*$"
NOT_BLANK = f"^[^{CONTROL}]*[^{CONTROL}{SPACE}][^{CONTROL}]*$"
RESERVED_EXTERNAL_IDS = ("bulk",)  # `/v1/customers/bulk` is the import, not a customer
EXTERNAL_ID_PATTERN = r"^[A-Za-z0-9._:@-]+$"
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")


def _not_reserved(value: str) -> str:
    if value in RESERVED_EXTERNAL_IDS:
        raise ValueError(f"'{value}' is reserved")
    return value


def _rfc3339(value: Any) -> Any:
    """Only RFC 3339 date-times (what `format: date-time` promises), not the
    Unix timestamps and other shapes pydantic would also take."""
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not RFC3339.fullmatch(value):
        raise ValueError("must be an RFC 3339 date-time with an offset, e.g. 2026-11-20T16:00:00Z")
    return datetime.fromisoformat(value.upper())


def _schema(**extra: Any) -> Any:
    return Field(json_schema_extra=extra)


Phone = Annotated[str, StringConstraints(max_length=32), AfterValidator(_e164),
                  _schema(format="phone")]
def _member_names(values: list[str]) -> list[str]:
    """Names for client generators' enum members ("Etc/GMT+1" → "Etc_GMT_PLUS_1"):
    without them "GMT+0", "GMT-0" and "GMT0" would collide."""
    return [re.sub(r"\W", "_", v.replace("+", "_PLUS_").replace("-", "_MINUS_")) for v in values]


Timezone = Annotated[str, StringConstraints(max_length=64), AfterValidator(_timezone),
                     _schema(enum=sorted(_zones()), **{"x-enum-varnames": _member_names(
                         sorted(_zones()))})]
Locale = Annotated[str, StringConstraints(max_length=20), AfterValidator(_locale),
                   _schema(enum=sorted(shipped_locales()))]
CleanText = Annotated[str, AfterValidator(_no_control), _schema(pattern=NO_CONTROL)]
# Text that must say something: stripped, then at least one character.
NonBlankText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1),
                         AfterValidator(_no_control), _schema(pattern=NOT_BLANK)]
ShortText = Annotated[NonBlankText, StringConstraints(max_length=200)]
ExternalId = Annotated[
    str, StringConstraints(min_length=1, max_length=200, pattern=EXTERNAL_ID_PATTERN),
    AfterValidator(_not_reserved), _schema(**{"not": {"enum": list(RESERVED_EXTERNAL_IDS)}}),
]
Tag = Annotated[NonBlankText, StringConstraints(max_length=100)]
JsonObject = Annotated[dict[str, Any], AfterValidator(_clean_json)]
Channels = Annotated[list[Channel], Field(max_length=4), AfterValidator(unique_list),
                     _schema(uniqueItems=True)]
DateTime = Annotated[AwareDatetime, BeforeValidator(_rfc3339)]


def whole(value: Any) -> Any:
    """`5.0` as `5` (before an integer's validation; JSON Schema counts it as one)."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


# A JSON integer, `5.0` included (JSON Schema counts it as one), in strict bodies.
Int = Annotated[int, BeforeValidator(whole)]
# A row id in a body. The bounds come before the validator: `Field(ge=…)` on an
# `Int | None` would put pydantic's own `ge`/`le` keys (not JSON Schema) into
# /openapi.json, where nobody reads them.
Id = Annotated[int, Field(ge=1, le=2**63 - 1), BeforeValidator(whole)]

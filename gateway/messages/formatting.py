"""Jinja filters: times in the customer's timezone and locale, money with Babel.

Filters read ``customer.timezone`` and the template's ``locale`` from the
render context, so a template just writes ``{{ facts.next_update_at|when }}``.
A value that is not an ISO time is shown as given: a preview with odd input
must still render.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime
from babel.numbers import format_currency
from jinja2 import pass_context
from jinja2.runtime import Context

_CHINA_ZONES = {"Asia/Shanghai", "Asia/Chongqing", "Asia/Harbin", "Asia/Urumqi", "PRC"}


@lru_cache(maxsize=64)
def babel_locale(locale: str) -> Locale:
    try:
        return Locale.parse(locale.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en")


@lru_cache(maxsize=256)
def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        return ZoneInfo("UTC")


def _parse(value: str) -> datetime | date | None:
    text = value.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        return None


def _settings(ctx: Context) -> tuple[ZoneInfo, str]:
    customer = ctx.get("customer") or {}
    tz_name = customer.get("timezone") if isinstance(customer, dict) else None
    return _zone(str(tz_name or "UTC")), str(ctx.get("locale") or "en")


def _zone_label(moment: datetime, zone: ZoneInfo, locale: str) -> str:
    if locale.startswith("zh") and zone.key in _CHINA_ZONES:
        return "北京时间"
    abbr = moment.tzname() or "UTC"
    return f"UTC{abbr}" if abbr[0] in "+-" else abbr


_PATTERNS = {  # (long, short) per language
    "zh": ("M月d日（EEEE）HH:mm", "M月d日 HH:mm"),
    "en": ("EEEE d MMMM 'at' HH:mm", "EEE d MMM, HH:mm"),
}


def format_when(moment: datetime, zone: ZoneInfo, locale: str, short: bool = False) -> str:
    """'Friday 20 November at 09:10 GMT' / '11月20日（星期五）17:10（北京时间）'.

    ``short`` ('Fri 20 Nov, 09:10 GMT') is for SMS, where every character counts.
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(zone)
    label = _zone_label(local, zone, locale)
    is_zh = locale.startswith("zh")
    pattern = _PATTERNS["zh" if is_zh else "en"][short]
    text = format_datetime(local, pattern, locale=babel_locale(locale))
    return text + (f"（{label}）" if is_zh else f" {label}")


@lru_cache(maxsize=4096)
def _when_cached(value: str, zone_name: str, locale: str, short: bool) -> str:
    """Every customer of an incident shares its times: format each once per tz+locale."""
    parsed = _parse(value)
    if isinstance(parsed, datetime):
        return format_when(parsed, _zone(zone_name), locale, short)
    if isinstance(parsed, date):
        return _day_cached(value, zone_name, locale)
    return value


def when_text(value: str, zone_name: str, locale: str, short: bool = False) -> str:
    """What the `when` (or `when_short`) filter shows for an ISO time (the linter checks for it)."""
    return _when_cached(value, zone_name, locale, short)


@lru_cache(maxsize=4096)
def _day_cached(value: str, zone_name: str, locale: str) -> str:
    parsed = _parse(value)
    if isinstance(parsed, datetime):
        aware = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        parsed = aware.astimezone(_zone(zone_name)).date()
    if not isinstance(parsed, date):
        return value
    pattern = "M月d日（EEEE）" if locale.startswith("zh") else "EEEE d MMMM"
    return format_date(parsed, pattern, locale=babel_locale(locale))


def _when(ctx: Context, value: Any, short: bool) -> str:
    if value is None:
        return ""
    zone, locale = _settings(ctx)
    return _when_cached(str(value), zone.key, locale, short)


@pass_context
def when(ctx: Context, value: Any) -> str:
    """Date and time in the customer's timezone and the template's locale."""
    return _when(ctx, value, short=False)


@pass_context
def when_short(ctx: Context, value: Any) -> str:
    """The same, abbreviated for SMS."""
    return _when(ctx, value, short=True)


def day_text(value: str, zone_name: str, locale: str) -> str:
    """A date as the `day` filter shows it ('Friday 27 November' / '11月27日（星期五）')."""
    return _day_cached(value, zone_name, locale)


@pass_context
def day(ctx: Context, value: Any) -> str:
    """A date alone ('Friday 27 November' / '11月27日（星期五）')."""
    if value is None:
        return ""
    zone, locale = _settings(ctx)
    return _day_cached(
        value.isoformat() if isinstance(value, date) else str(value), zone.key, locale
    )


@lru_cache(maxsize=1024)
def _money_cached(amount: str, currency: str, locale: str) -> str:
    try:
        return format_currency(Decimal(amount), currency.upper(), locale=babel_locale(locale))
    except (InvalidOperation, ValueError, KeyError):
        return f"{amount} {currency}"


def money_text(amount: str, currency: str, locale: str) -> str:
    """An amount in ``locale``'s format ('$12.40', 'US$12.40', '¥12.40')."""
    return _money_cached(amount, currency, locale)


@pass_context
def money(ctx: Context, amount: Any, currency: Any) -> str:
    """'$10.00' / '¥10.00'; empty when there is no amount or currency."""
    if amount in (None, "") or not currency:
        return ""
    return _money_cached(str(amount), str(currency), _settings(ctx)[1])


# A sentence ends at . ! ? followed by a space (so "$42.00" and "09:10" do not end one),
# or at a Chinese full stop, exclamation or question mark.
_SENTENCE_END = re.compile(r"[.!?](?=\s)|[。！？]")


def first_sentence(value: Any) -> str:
    """The first whole sentence of a text (all of it when it has one sentence).

    A fitted SMS keeps the first sentence of a fact and leaves the rest to the
    full message page: whole sentences only, never a word cut off."""
    text = "" if value is None else str(value)
    found = _SENTENCE_END.search(text)
    return text[:found.end()].strip() if found and text[found.end():].strip() else text


FILTERS = {"when": when, "when_short": when_short, "day": day, "money": money,
           "first_sentence": first_sentence}

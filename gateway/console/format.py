"""Small display helpers shared by console views and templates."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


def read_utc(value: str) -> datetime | None:
    """An ISO 8601 time (`Z` allowed) in UTC, one without an offset read as UTC;
    None when it is not one. The console's inputs, filters and stored times all
    read times this way."""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def when(value: Any) -> str:
    """A time as staff read it: `2026-11-20 09:10 UTC` (empty for none)."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        parsed = read_utc(value)
        if parsed is None:
            return value
        value = parsed
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return str(value)


def seconds(value: float | None) -> str:
    """A duration for people: 42 s, 3 min 5 s, 2 h 10 min."""
    if value is None:
        return "—"
    value = float(value)
    if value < 60:
        return f"{value:.0f} s" if value >= 10 else f"{value:.1f} s"
    minutes, secs = divmod(int(round(value)), 60)
    if minutes < 60:
        return f"{minutes} min {secs} s" if secs else f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"

"""Times relative to now: tests never use fixed dates (a fixed date rots, and
promised times must lie ahead at intake)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from gateway.store.db import utcnow

DAYTIME = range(10, 16)  # local hours far from quiet hours (21:00–08:00), even an hour later
NIGHT = range(0, 6)


def iso_from_now(**delta: float) -> str:
    """An ISO 8601 UTC time relative to now, e.g. iso_from_now(days=-3)."""
    return (datetime.now(UTC) + timedelta(**delta)).isoformat(timespec="seconds").replace(
        "+00:00", "Z")


def later(minutes: float = 0, hours: float = 0) -> datetime:
    return utcnow() + timedelta(minutes=minutes, hours=hours)


def zone_where_hour_is(hours: range) -> str:
    """A timezone whose local hour is in `hours` now: tests about quiet hours
    must not depend on when the suite runs (a UTC customer is asleep at 23:00 UTC)."""
    now = datetime.now(UTC)
    for offset in range(-12, 15):
        zone = f"Etc/GMT{-offset:+d}" if offset else "UTC"
        if now.astimezone(ZoneInfo(zone)).hour in hours:
            return zone
    raise AssertionError(f"no timezone has a local hour in {hours}")

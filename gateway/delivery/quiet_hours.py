"""Quiet hours: low and medium messages wait for 08:00–21:00 local time."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

START, END = time(8, 0), time(21, 0)
QUIET_SEVERITIES = frozenset({"low", "medium"})


def release_at(severity: str, timezone: str, now: datetime) -> datetime | None:
    """When a message may go, or None when it may go now."""
    if severity not in QUIET_SEVERITIES:
        return None
    local = now.astimezone(ZoneInfo(timezone))
    if START <= local.time() < END:
        return None
    day = local.date() if local.time() < START else local.date() + timedelta(days=1)
    return datetime.combine(day, START, tzinfo=local.tzinfo).astimezone(now.tzinfo)

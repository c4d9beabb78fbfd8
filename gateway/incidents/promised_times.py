"""Times we promise customers must lie ahead when the promise is made.

One rule for every door a promise comes through (SPEC, Incidents): intake,
edit and update refuse a `next_update_at` or a compensation `when` that is
already past (422 naming the field); approval refuses an incident whose
`next_update_at` passed while it waited (409 `next_update_required`) unless
the approver gives a new one, and one whose compensation date passed
(409 `compensation_date_passed`: only an edit can change what we give).
Otherwise the first notice would be followed within seconds by "no news yet",
or promise a refund "by Friday 27 November" on 2 December.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

from ..errors import Conflict, ValidationFailed
from ..store.db import utcnow
from ..vocabulary import shipped_locales


def _keyed(facts: dict[str, Any]) -> bool:
    locales = shipped_locales()
    return bool(facts) and all(key in locales and isinstance(v, dict) for key, v in facts.items())


def _by_locale(facts: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(field prefix, facts) for a single facts object or one keyed by locale."""
    if _keyed(facts):
        for locale, value in facts.items():
            yield f"facts.{locale}.", value
    else:
        yield "facts.", facts


def _when(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def compensation_day(value: Any) -> date | None:
    """The day a compensation `when` names, or None for plain words ("within 5 days")."""
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def next_update_passed(facts: dict[str, Any], now: datetime) -> list[str]:
    """Field paths of `next_update_at` values that are not ahead of `now`."""
    out = []
    for prefix, one in _by_locale(facts):
        due = _when(one.get("next_update_at"))
        if due is not None and due <= now:
            out.append(f"{prefix}next_update_at")
    return out


def compensation_passed(facts: dict[str, Any], now: datetime) -> list[str]:
    """Field paths of compensation dates before today (UTC); today itself is still ahead."""
    out = []
    for prefix, one in _by_locale(facts):
        comp = one.get("compensation")
        day = compensation_day(comp.get("when")) if isinstance(comp, dict) else None
        if day is not None and day < now.date():
            out.append(f"{prefix}compensation.when")
    return out


def require_ahead(facts: dict[str, Any], now: datetime | None = None) -> None:
    """Intake, edit (and the console's compose check): 422 naming each past promise."""
    now = now or utcnow()
    details = [{"field": f, "message": "must be in the future: this promised update time "
                f"has already passed (now {now:%Y-%m-%d %H:%M} UTC)"}
               for f in next_update_passed(facts, now)]
    details += [{"field": f, "message": "must be today or later: this compensation date "
                 f"has already passed (today is {now:%Y-%m-%d} UTC)"}
                for f in compensation_passed(facts, now)]
    if details:
        raise ValidationFailed("A promised time has already passed; promise one that lies "
                               "ahead.", details)


def require_next_update_ahead(due: datetime | None, now: datetime | None = None,
                              field: str = "next_update_at") -> None:
    """Updates (and a new time given at approval): 422 when `due` is not ahead."""
    now = now or utcnow()
    if due is not None and due <= now:
        raise ValidationFailed("The next update time has already passed.", [
            {"field": field, "message": "must be in the future"}])


def check_at_approval(facts: dict[str, Any], new_next_update: datetime | None,
                      now: datetime) -> None:
    """Approval: what passed while the incident waited (409), unless a new time is given."""
    require_next_update_ahead(new_next_update, now)
    if new_next_update is None and next_update_passed(facts, now):
        raise Conflict("The promised next update time passed while this incident waited for "
                       "approval; approve with a new `next_update_at`.",
                       code="next_update_required")
    if compensation_passed(facts, now):
        raise Conflict("The compensation date passed while this incident waited for "
                       "approval; edit the incident to promise a new date.",
                       code="compensation_date_passed")


def with_next_update(facts: dict[str, Any], due: datetime) -> dict[str, Any]:
    """The facts with `next_update_at` replaced in every locale."""
    value = due.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if not _keyed(facts):
        return {**facts, "next_update_at": value}
    return {loc: {**one, "next_update_at": value} for loc, one in facts.items()}

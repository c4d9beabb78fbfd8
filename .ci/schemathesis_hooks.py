"""schemathesis hooks (`.ci/schemathesis` loads them through SCHEMATHESIS_HOOKS).

/openapi.json says in words (its `info.description`) the few rules JSON
Schema cannot express. These hooks make generated requests follow exactly
those rules, so every other rule is still checked against the schema, and
teach schemathesis to send NDJSON.
"""

from __future__ import annotations

import json
import string
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import schemathesis
from hypothesis import strategies as st
from schemathesis.generation.modes import GenerationMode

# Valid numbers for their countries (phonenumbers' example numbers).
PHONES = ["+12015550123", "+441212345678", "+4930123456", "+861012345678", "+81312345678",
          "+917410410123", "+551123456789", "+33123456789"]
LABEL = st.text(alphabet=string.ascii_lowercase + string.digits, min_size=1, max_size=10)
LOCAL = st.text(alphabet=string.ascii_letters + string.digits + "!#$%&'*+-/=?^_`{|}~",
                min_size=1, max_size=10)
PUBLIC_HOSTS = ["93.184.216.34", "8.8.8.8", "1.1.1.1", "[2606:4700:4700::1111]"]

schemathesis.openapi.format("phone", st.sampled_from(PHONES))
schemathesis.openapi.format("email", st.builds("{}@{}.{}".format, LOCAL, LABEL,
                                               st.sampled_from(["com", "org", "net"])))
schemathesis.openapi.format("https-url", st.builds(
    "https://{}/{}".format, st.sampled_from(PUBLIC_HOSTS),
    st.text(alphabet=string.ascii_letters + string.digits + "-_/", max_size=30)))


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx: Any, value: Any) -> bytes:
    rows = value if isinstance(value, list) else [value]
    return "\n".join(json.dumps(row) for row in rows).encode()


def _in_the_past(value: Any) -> bool:
    try:
        return isinstance(value, str) and datetime.fromisoformat(value) <= datetime.now(UTC)
    except ValueError:
        return False


def _promises_ahead(value: Any) -> Any:
    """Every `next_update_at` in the past moves a day ahead (promises lie ahead)."""
    if isinstance(value, dict):
        return {key: (datetime.now(UTC) + timedelta(days=1)).isoformat()
                if key == "next_update_at" and _in_the_past(sub) else _promises_ahead(sub)
                for key, sub in value.items()}
    if isinstance(value, list):
        return [_promises_ahead(item) for item in value]
    return value


# Times that must lie in a window around now (the API's description of each
# field says so): operation path suffix → field → (earliest, latest) from now.
WINDOWS: dict[str, dict[str, tuple[timedelta, timedelta]]] = {
    "/v1/signals": {"at": (-timedelta(days=89), timedelta(minutes=4))},
    "/v1/complaints": {"received_at": (-timedelta(days=365), timedelta(0))},
    "/compensation/payments": {"paid_at": (-timedelta(days=3650), timedelta(0))},
}


def _one_policy(value: Any) -> Any:
    """Facts keyed by locale: every locale gets `en`'s compensation (or none) when
    one names a policy (every locale names the same policy and impact)."""
    if isinstance(value, dict):
        facts = value.get("facts")
        if (isinstance(facts, dict) and isinstance(facts.get("en"), dict)
                and all(isinstance(f, dict) for f in facts.values())
                and any(isinstance(f.get("compensation"), dict)
                        and "policy" in f["compensation"] for f in facts.values())):
            en = facts["en"].get("compensation")
            value = {**value, "facts": {
                locale: ({**f, "compensation": en} if en is not None else
                         {k: v for k, v in f.items() if k != "compensation"})
                for locale, f in facts.items()}}
        return {key: _one_policy(sub) for key, sub in value.items()}
    if isinstance(value, list):
        return [_one_policy(item) for item in value]
    return value


def _within(value: Any, fields: dict[str, tuple[timedelta, timedelta]]) -> Any:
    """Every time in `fields` outside its window becomes a minute ago."""
    if isinstance(value, dict):
        now = datetime.now(UTC)
        out = {}
        for key, sub in value.items():
            when = _instant(sub) if key in fields else None
            if when is not None and not now + fields[key][0] <= when <= now + fields[key][1]:
                sub = (now - timedelta(minutes=1)).isoformat()
            out[key] = _within(sub, fields)
        return out
    if isinstance(value, list):
        return [_within(item, fields) for item in value]
    return value


@schemathesis.hook
def map_case(ctx: Any, case: Any) -> Any:
    if case.meta is None or case.meta.generation.mode != GenerationMode.POSITIVE:
        return case
    path = case.operation.path
    if isinstance(case.body, (dict, list)):
        case.body = _one_policy(_promises_ahead(case.body))
        for suffix, fields in WINDOWS.items():
            if path.endswith(suffix) and case.method.upper() == "POST":
                case.body = _within(case.body, fields)
    if path == "/v1/compensation-policies/{name}" and isinstance(case.body, dict):
        low, high = case.body.get("min"), case.body.get("max")
        if isinstance(low, str) and isinstance(high, str) and Decimal(low) > Decimal(high):
            case.body["min"], case.body["max"] = high, low  # `min` is not above `max`
    if case.query and case.operation.path.endswith("/deliveries"):
        case.query.pop("cursor", None)  # only a `next_cursor` the listing returned
    if case.query and case.operation.path == "/v1/audit":
        since, until = _instant(case.query.get("since")), _instant(case.query.get("until"))
        if since and until and since > until:  # `since` is not after `until`
            case.query["since"], case.query["until"] = case.query["until"], case.query["since"]
    return case


def _instant(value: Any) -> datetime | None:
    """A `since`/`until` value as the API reads it (a date is its midnight, UTC)."""
    try:
        parsed = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
    if parsed is not None and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed

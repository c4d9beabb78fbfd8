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


@schemathesis.hook
def map_case(ctx: Any, case: Any) -> Any:
    if case.meta is None or case.meta.generation.mode != GenerationMode.POSITIVE:
        return case
    if isinstance(case.body, (dict, list)):
        case.body = _promises_ahead(case.body)
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

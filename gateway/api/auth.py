"""Bearer API keys with roles; which role may do what is the access area's
table (`gateway.access`), where `admin` may do everything.

Failed authentication is rate limited per client address by
`access.auth_failures` (shared with the console's sign-in): past the limit
every attempt from that address, right key or wrong, gets 429 with
Retry-After until the minute is over.
"""

from __future__ import annotations

from dataclasses import dataclass

import redis
from flask import current_app, g, request

from .. import access
from ..access import auth_failures, keys
from ..errors import Forbidden, TooManyRequests, Unauthorized


@dataclass(frozen=True)
class Caller:
    key_id: int
    name: str
    role: str


def _bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def _conn() -> redis.Redis:
    return current_app.extensions["gateway.redis"]  # type: ignore[no-any-return]


def _check_failures() -> None:
    """Refuse an address over its failed-attempt limit (shared with the console)."""
    if auth_failures.over_limit(_conn(), request.remote_addr,
                                current_app.config["GATEWAY"].auth_failures_per_minute):
        raise TooManyRequests("Too many failed authentication attempts from this address; "
                              "retry later.", retry_after=auth_failures.retry_after(),
                              code="too_many_failed_attempts")


def _record_failure() -> None:
    auth_failures.record_failure(_conn(), request.remote_addr)


def authenticate() -> Caller:
    """Find the caller's key by its hash; compare in constant time."""
    _check_failures()
    token = _bearer_token()
    if token is None:
        raise Unauthorized("Missing bearer API key.")
    row = keys.find(token)
    if row is None:
        _record_failure()
        raise Unauthorized("Unknown API key.")
    if row.revoked_at is not None:
        _record_failure()
        raise Unauthorized("This API key was revoked.")
    return Caller(key_id=row.id, name=row.name, role=row.role)


def require(action: str) -> Caller:
    """The caller, if its role may do `action`; else 403 naming who may."""
    caller = authenticate()
    if not access.may(caller.role, action):
        roles = access.roles_for(action)
        raise Forbidden(
            f"The role '{caller.role}' may not do this; allowed: {', '.join(roles + ('admin',))}."
        )
    g.caller = caller
    return caller


def current_caller() -> Caller:
    caller: Caller = g.caller
    return caller

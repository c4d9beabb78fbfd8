"""Bearer API keys with roles; which role may do what is the access area's
table (`gateway.access`), where `admin` may do everything.

Failed authentication is rate limited per client address by
`access.auth_failures` (shared with the console's sign-in): past the limit
every attempt from that address, right key or wrong, gets 429 with
Retry-After until the minute is over.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, g, request

from ..access import service as access


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


def authenticate() -> Caller:
    """The caller whose live key this request bears; every wrong key counts towards
    the address's limit (shared with the console's sign-in)."""
    row = access.authenticate(_bearer_token(), conn=current_app.extensions["gateway.redis"],
                              address=request.remote_addr,
                              limit=current_app.config["GATEWAY"].auth_failures_per_minute)
    return Caller(key_id=row.id, name=row.name, role=row.role)


def require(action: str) -> Caller:
    """The caller, if its role may do `action`; else 403 naming who may."""
    caller = authenticate()
    access.check(caller.role, action)
    g.caller = caller
    return caller


def current_caller() -> Caller:
    caller: Caller = g.caller
    return caller

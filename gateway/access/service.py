"""The access area's entry point for the API, the console and the CLI: the one
role check (`check`), how a presented API key is authenticated under the
sign-in limit (`authenticate`, the same for a bearer header and the console's
sign-in form), and API keys. Idempotency keys are `access.idempotency`."""

from __future__ import annotations

import redis

from ..errors import Unauthorized
from . import keys
from .auth_failures import record_failure, refuse_over_limit
from .keys import any_keys, create_key, live, revoke_key
from .models import ApiKey
from .policy import ROLES, STAFF_ROLES, check, may, roles_for, staff_may


def authenticate(token: str | None, *, conn: redis.Redis, address: str | None,
                 limit: int) -> ApiKey:
    """The live key `token` is. An address past `limit` failures this minute is
    refused first (TooManyRequests), whatever it presents; a wrong key counts as
    a failure, a missing one (None) does not (Unauthorized either way)."""
    refuse_over_limit(conn, address, limit)
    if token is None:
        raise Unauthorized("Missing bearer API key.")
    try:
        return keys.authenticate(token)
    except Unauthorized:
        record_failure(conn, address)
        raise


__all__ = [
    "ROLES",
    "STAFF_ROLES",
    "ApiKey",
    "any_keys",
    "authenticate",
    "check",
    "create_key",
    "live",
    "may",
    "revoke_key",
    "roles_for",
    "staff_may",
]

"""One brake on guessing API keys, shared by the API and the console's sign-in.

Only failures count: a counter per client address and minute in Redis. Past
`AUTH_FAILURES_PER_MINUTE` failures, every attempt from that address (right key
or wrong) is refused until the minute ends, whether it came as a bearer key or
through the sign-in form. A successful sign-in never counts, so a team behind
one office address is not locked out by signing in. Fails open when Redis is
unreachable: the keys themselves are the protection, this is a brake.
"""

from __future__ import annotations

import logging
import time

import redis

from ..errors import TooManyRequests

log = logging.getLogger(__name__)
WINDOW_SECONDS = 60


def _window_key(address: str | None) -> str:
    return f"gateway:auth-failures:{address or '-'}:{int(time.time() // WINDOW_SECONDS)}"


def retry_after() -> int:
    """Seconds until the current window ends."""
    return WINDOW_SECONDS - int(time.time() % WINDOW_SECONDS)


def over_limit(conn: redis.Redis, address: str | None, limit: int) -> bool:
    try:
        failures = conn.get(_window_key(address))
    except redis.exceptions.RedisError:
        log.warning("auth failure counter unavailable (redis)")
        return False
    return failures is not None and int(failures) >= limit


def refuse_over_limit(conn: redis.Redis, address: str | None, limit: int) -> None:
    """TooManyRequests, with the seconds left in the window, for an address past its limit."""
    if over_limit(conn, address, limit):
        raise TooManyRequests("Too many failed authentication attempts from this address; "
                              "retry later.", retry_after=retry_after(),
                              code="too_many_failed_attempts")


def record_failure(conn: redis.Redis, address: str | None) -> None:
    key = _window_key(address)
    try:
        with conn.pipeline() as pipe:
            pipe.incr(key)
            pipe.expire(key, WINDOW_SECONDS * 2)
            pipe.execute()
    except redis.exceptions.RedisError:
        log.warning("auth failure counter unavailable (redis)")

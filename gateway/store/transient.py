"""Transient errors, and the one in-process retry of a step that met one (tenacity).

A database connection dropped or killed, a serialization failure or deadlock,
SQLite's "database is locked", Redis unreachable: each may pass
if the same step runs again a moment later. `retry_transient` runs it again,
a few times (ATTEMPTS in all) after short jittered waits, logging each retry
and rolling the session back in between. Any other error is raised at once:
an IntegrityError or a bad statement fails the same way however often it runs.

This is for blinks. What has to wait longer stays a row in the database and
the scheduler takes it up again: a deferred delivery's next attempt, an
expired lease's rows, a staff alert's next try. Nothing that reaches a
provider is retried here (a repeated request may be a duplicate message).

The gateway's Redis clients (`store/redis.connect`, made from a URL) have no
retry of redis-py's own: a connection dropped while idle is replaced when next
taken from the pool, but a command that meets a dropped connection or a
stopped server raises. A Redis timeout is not retried: it has already waited
the client's socket timeout (30 s), no blink, and three of them would hold a
worker's heartbeat or the scheduler's lock a minute and a half.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

import redis
from sqlalchemy.exc import InterfaceError, OperationalError
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from .db import db

log = logging.getLogger(__name__)

T = TypeVar("T")

ATTEMPTS = 3  # in all, the first included
# Waits of 0.1 s, then 0.2 s, each plus up to 0.1 s of jitter: two workers that met the
# same deadlock do not meet again; a step gives up within a second of its last failure.
WAIT = wait_exponential_jitter(multiplier=0.1, max=1.0, jitter=0.1)
# PostgreSQL's SQLSTATEs that a second try may not meet: serialization failure,
# deadlock, the server (or an administrator) ending the session, not yet accepting
# connections; and class 08, connection exceptions.
PG_TRANSIENT = frozenset({"40001", "40P01", "57P01", "57P02", "57P03"})
SQLITE_BUSY = ("database is locked", "database table is locked", "database is busy")


def is_transient(exc: BaseException) -> bool:
    """Whether running the same step again may succeed."""
    if isinstance(exc, redis.exceptions.ConnectionError):
        return True
    if not isinstance(exc, (OperationalError, InterfaceError)):
        return False
    if exc.connection_invalidated:  # SQLAlchemy saw the connection lost and dropped it
        return True
    code = getattr(exc.orig, "sqlstate", None)  # psycopg
    if code:
        return code in PG_TRANSIENT or code.startswith("08")
    return any(busy in str(exc.orig) for busy in SQLITE_BUSY)


# The policy, once: ATTEMPTS in all, WAIT between them, only transient errors, the last
# error raised as it came. Each call runs a copy with its own `before_sleep` (what it
# logs, whether it rolls the session back): `Retrying.copy`, tenacity's way to change
# some arguments. The copy is the call's own, so a step that itself retries another
# step shares no per-thread state (statistics, iteration) with it.
RETRYING = Retrying(stop=stop_after_attempt(ATTEMPTS), wait=WAIT,
                    retry=retry_if_exception(is_transient), reraise=True)


def retry_transient(step: Callable[[], T], what: str, *, session: bool = True) -> T:
    """`step()`, run again on a transient error (`is_transient`), ATTEMPTS times in
    all; the last error is raised as it came.

    With `session` the step writes through the app's session and owns its
    transaction: the session is rolled back before each retry. A step called
    inside a transaction already open is run once, not retried: a rollback would
    take back what the caller did before it too, and the step's retry would
    commit without it (the outbox provider's rows wait, uncommitted, for the
    send job's outcome write: they are its send). Without `session` the step
    ends its own transactions (`engine.begin()`) or uses Redis alone."""
    if session and db.session().in_transaction():
        return step()
    return RETRYING.copy(before_sleep=_before_retry(what, session))(step)


def _before_retry(what: str, session: bool) -> Callable[[RetryCallState], None]:
    def before(state: RetryCallState) -> None:
        failed = state.outcome.exception() if state.outcome else None
        wait = state.next_action.sleep if state.next_action else 0.0
        log.warning("%s met a transient error (%s: %s); retry %d of %d in %.2f s", what,
                    type(failed).__name__, str(failed).splitlines()[0] if failed else "",
                    state.attempt_number, ATTEMPTS - 1, wait)
        if session:
            db.session.rollback()
    return before

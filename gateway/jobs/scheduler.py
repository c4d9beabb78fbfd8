"""The scheduler: periodic sweeps that make the database, not Redis, decide
what still has to happen.

Only one scheduler acts at a time (a Redis lock with a TTL); a second one
waits, so running two is safe, and a restarted one just carries on.

A sweep that meets a transient error (a dropped connection, a deadlock, a
locked SQLite file, Redis away for a moment) is run again within its tick
(`gateway/store/transient.py`) before it counts as failed. That is safe
because every sweep is already made to run again: a failed one runs next tick
anyway, so the retry only comes sooner and without the logged failure.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask
from redis.lock import Lock

from ..access import idempotency
from ..store.db import db
from ..store.transient import retry_transient
from .stopping import StopRequest
from .sweeps import SWEEPS

log = logging.getLogger(__name__)
LEADER_LOCK = "gateway:scheduler:leader"


@dataclass
class Scheduler:
    app: Flask
    interval: float = 2.0
    sweeps: list[tuple[str, float, Callable[[], Any]]] = field(default_factory=list)
    _last_run: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.sweeps:
            self.sweeps = [*SWEEPS, ("purge_idempotency", 3600.0, idempotency.purge_expired)]

    def tick(self, now: float | None = None) -> list[str]:
        """Run every sweep that is due; returns their names."""
        now = time.monotonic() if now is None else now
        ran = []
        for name, every, sweep in self.sweeps:
            if now - self._last_run.get(name, float("-inf")) < every:
                continue
            with self.app.app_context():
                try:
                    retry_transient(sweep, f"sweep {name}")
                except Exception:  # noqa: BLE001 - one failing sweep must not stop the others
                    log.exception("sweep %s failed; it runs again next tick", name)
                    db.session.rollback()
                finally:
                    db.session.remove()
            self._last_run[name] = now
            ran.append(name)
        return ran


def _lead(lock: Lock) -> bool:
    """Keep the leader lock, or take it when free. Safe to repeat: extending is
    conditioned on our token, and a take that landed but whose answer was lost
    reads as not taken, so this round waits and the next one extends."""
    return bool(lock.owned() and lock.extend(lock.timeout or 10.0, replace_ttl=True)
                or lock.acquire())


def run_forever(app: Flask, interval: float = 2.0) -> None:
    scheduler = Scheduler(app, interval)
    connection = app.extensions["gateway.redis"]
    stop = StopRequest()
    lock = Lock(connection, LEADER_LOCK, timeout=max(10.0, interval * 5), blocking=False)
    while not stop.requested:
        try:
            leader = retry_transient(lambda: _lead(lock), "scheduler leader lock", session=False)
            if leader:
                scheduler.tick()
        except Exception:  # noqa: BLE001 - Redis restarts must not kill the scheduler
            log.exception("scheduler tick failed; retrying")
        time.sleep(interval)
    try:
        if lock.owned():
            lock.release()
    except Exception:  # noqa: BLE001 - best effort at exit
        pass

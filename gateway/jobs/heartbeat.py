"""The lease heartbeat of a send job (gateway/delivery/leases.py holds the lease)."""

from __future__ import annotations

import logging
import threading
import time

from .. import queues
from ..delivery import service as delivery
from ..store.db import db
from ..store.transient import retry_transient

log = logging.getLogger(__name__)


class Heartbeat:
    """Keeps the job's lease alive while the provider is slow: every third of
    the lease, `lease_until` moves on for the rows the job still holds. It
    stops with the job, or once a carried job's last answers are written
    (gateway/jobs/send.py); it dies with a killed worker, so the lease runs out;
    and it gives up after JOB_TIMEOUT: a job overrunning that long is stuck."""

    def __init__(self, holder: str, ids: list[int], seconds: float) -> None:
        self.holder, self.ids, self.seconds = holder, ids, seconds
        self.engine = db.engine
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name="lease-heartbeat", daemon=True)
        self.started = time.monotonic()
        self.beats = 0

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        """Stop beating (the lease then runs out unless the rows moved on)."""
        self.stopped.set()
        self.thread.join(timeout=5)

    def _run(self) -> None:
        every = max(self.seconds / 3, 0.05)
        while not self.stopped.wait(every):
            if time.monotonic() - self.started > queues.JOB_TIMEOUT:
                log.warning("lease heartbeat of %s stops: job overran %ss", self.holder,
                            queues.JOB_TIMEOUT)
                return
            try:
                retry_transient(self._beat, f"lease heartbeat of {self.holder}", session=False)
                self.beats += 1
            except Exception:  # a missed beat is retried; the lease has slack for two
                log.exception("lease heartbeat of %s failed", self.holder)

    def _beat(self) -> None:
        """One beat in its own transaction: repeated after a transient error, it
        only moves `lease_until` on again for the rows the holder still has."""
        with self.engine.begin() as connection:
            delivery.heartbeat(connection, self.holder, self.ids, self.seconds)

"""The RQ worker process: a non-forking worker with the app loaded once.

Forking per job costs ~10 ms here and throws away warm provider clients, so
jobs run in the worker process itself, each inside an app context with a
fresh database session.
"""

from __future__ import annotations

import gc
import logging
import time
from typing import Any

from flask import Flask
from redis.client import Pipeline
from rq import Queue, SimpleWorker
from rq.job import Job

from .. import logs
from ..delivery import providers
from ..messages.render import get_renderer
from ..queues import QUEUES
from ..store.db import db
from ..store.transient import retry_transient
from ..vocabulary import CHANNELS
from . import dispatch, send, send_flights  # noqa: F401  (dispatch, send: the functions RQ runs)
from .batches import SEND_JOB

log = logging.getLogger(__name__)

HEARTBEAT_EVERY = 10.0  # seconds: how stale the worker's own liveness key may be
FULL_COLLECTION_EVERY = 10  # jobs (settle_heap)


class GatewayWorker(SimpleWorker):
    """SimpleWorker that runs each job inside the Flask app context."""

    app: Flask
    _alive_until = 0.0  # monotonic time until which the worker's key is known to live
    _jobs_run = 0

    def heartbeat(self, timeout: int | None = None, pipeline: Pipeline | None = None) -> None:
        """RQ's worker heartbeat (the worker's key and executions key live
        `worker_ttl + 60` s more), in one round trip instead of three, and skipped
        while our last one made it live that long but for HEARTBEAT_EVERY s: RQ
        beats before and after each dequeue and after each job, 9 Redis round
        trips a job. A heartbeat inside RQ's own pipeline (a job's start) is kept.

        Retried on a transient Redis error (`gateway/store/transient.py`): RQ
        calls this after each job and after each dequeue outside its own
        reconnect loop, and there an error ends the worker ("found an unhandled
        exception, quitting"). Repeating it only writes the same key and TTLs."""
        if pipeline is not None:
            super().heartbeat(timeout, pipeline=pipeline)
            return
        ttl = timeout or self.worker_ttl + 60
        at = time.monotonic()
        if self._alive_until >= at + ttl - HEARTBEAT_EVERY:
            return
        retry_transient(lambda: self._beat(timeout), "worker heartbeat", session=False)
        self._alive_until = at + ttl

    def _beat(self, timeout: int | None) -> None:
        with self.connection.pipeline(transaction=False) as beat:
            super().heartbeat(timeout, pipeline=beat)
            beat.execute()

    def execute_job(self, job: Job, queue: Queue) -> Any:
        """Each job in an app context; a full collection after every
        FULL_COLLECTION_EVERY jobs (`settle_heap`)."""
        with self.app.app_context(), logs.bind(job=(job.func_name or "").rsplit(".", 1)[-1]):
            try:
                if job.func_name != SEND_JOB:
                    send_flights.settle_carried()
                return super().execute_job(job, queue)
            finally:
                db.session.remove()
                self._collect()

    def _collect(self) -> None:
        self._jobs_run += 1
        if self._jobs_run % FULL_COLLECTION_EVERY == 0:
            gc.collect()

    def dequeue_job_and_maintain_ttl(self, timeout: int | None, max_idle_time: int | None = None
                                     ) -> tuple[Job, Queue] | None:
        """A send job's carried answers (gateway/jobs/send_flights.py) are written
        before the worker waits for a job: no other job would take them. A job
        already waiting is taken first, without blocking (a length read first
        could see a job another worker then takes, and block with answers
        unwritten)."""
        if send_flights.carrying():
            got = super().dequeue_job_and_maintain_ttl(None, max_idle_time)
            if got is not None:
                return got
            self._settle()
        return super().dequeue_job_and_maintain_ttl(timeout, max_idle_time)

    def work(self, *args: Any, **kwargs: Any) -> bool:
        send_flights.keep_flights(True)
        try:
            return bool(super().work(*args, **kwargs))
        finally:
            self._settle()  # a worker that stops writes what it carries
            send_flights.keep_flights(False)

    def _settle(self) -> None:
        with self.app.app_context():
            try:
                send_flights.settle_carried()
            finally:
                db.session.remove()


def warm_up(app: Flask) -> None:
    """Per-process setup before the first job: compiled templates, SDK imports,
    provider clients and connections. Done per job it adds ~0.3 s to the
    first message of an incident.

    The job modules are imported with this module, before any job: RQ imports
    a job's function by its dotted name when the job runs, so otherwise a
    worker's first expansion and first send job import them (and the send
    path's modules behind them: ~0.1 s of CPU a worker), before their first
    message and, imported after `settle_heap`, outside the frozen heap that
    collections skip."""
    get_renderer().warm_up()
    config = app.config["GATEWAY"]
    with app.app_context():
        for channel in CHANNELS:
            for name in config.providers_for(channel):
                try:
                    providers.get(name)
                except ValueError as exc:  # misconfigured: the send job reports it per message
                    log.warning("provider %s not ready: %s", name, exc)


def settle_heap() -> None:
    """After warm-up: keep the garbage collector off what start-up loaded.

    Modules, compiled templates and SDK clients live as long as the process;
    frozen, no collection walks them again. A send batch allocates objects by
    the hundred thousand, nearly all freed by reference counting, so young
    collections run every 10,000 allocations instead of 700. Measured on
    `bench --customers 20000`: the workers' collections took 1.6 s of CPU
    before, 0.9 s with the freeze, 0.35 s with both (of ~16 s).

    With these thresholds a full collection would come about every 800 send
    jobs, so the worker runs one after every FULL_COLLECTION_EVERY jobs
    (`GatewayWorker.execute_job`): cycles that outlive a young collection (the
    SDKs' connections and request openers, Jinja's macros) otherwise pile up in
    the oldest generation, and a worker's resident memory crept ~1.5 MB a
    hundred jobs (docs/benchmark-history.md). One after every job took ~8 ms of
    CPU a job (~7 % of a worker's), hence every tenth."""
    gc.freeze()
    gc.set_threshold(10_000, 20, 20)


def make_worker(app: Flask, queues: list[str] | None = None) -> GatewayWorker:
    connection = app.extensions["gateway.redis"]
    names = queues or list(QUEUES)
    worker = GatewayWorker([Queue(n, connection=connection) for n in names],
                           connection=connection)
    worker.app = app
    return worker

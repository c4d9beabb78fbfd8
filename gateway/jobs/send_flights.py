"""A worker's send jobs share one `Answers`, and a job's last answers are
carried into the worker's next send job (`Carry`)."""

from __future__ import annotations

import logging
import time

from .. import metrics
from ..profiling import step
from ..providers._aio import Answers, Tagged
from ..providers.base import OutboundMessage, Outcome, SendResult
from ..providers.guards import CircuitBreaker
from ..store.db import db, utcnow
from .send_batch_load import Work
from .send_outcomes import Outcomes, accept, retry_later

log = logging.getLogger(__name__)

LINGER = 0.005  # seconds a group of answers waits for more before it is written


class Flights:
    """A job's requests through one provider that have started and whose
    outcome is not written yet. Their answers come, tagged with this object,
    into the worker's one `Answers` (`Carry`); `record` decides them."""

    def __init__(self, outcomes: Outcomes, provider_name: str, chain: tuple[str, ...],
                 breaker: CircuitBreaker, size: int, carry: Carry) -> None:
        self.outcomes, self.provider_name, self.chain = outcomes, provider_name, chain
        self.breaker, self.size, self.carry = breaker, size, carry
        self.group = max(1, size // 2)  # rendered, started and written in groups of this many
        self.by_id: dict[int, Work] = {}
        self.started_at: dict[int, float] = {}
        self.unrecorded = 0  # started, outcome not written yet: at most `size` with the carried
        self.tried = self.failed = 0  # answers since the breaker last heard, and the retryable
        self.again: list[tuple[Work, SendResult]] = []  # quick-retry candidates
        self.carried = False

    @property
    def sink(self) -> Tagged[Flights, SendResult]:
        """Where the provider puts this job's answers: made for each request and kept
        by the provider until its answers come, never by this object. Kept here, it
        made a cycle (flights → sink → flights) that held the job's `Outcomes`,
        lease heartbeat and breaker until a full collection, which a worker runs
        seldom (`settle_heap`): resident memory crept (docs/benchmark-history.md)."""
        return Tagged(self.carry.answers, self)

    def start(self, batch: list[Work]) -> list[OutboundMessage]:
        now = time.perf_counter()
        for work in batch:
            self.by_id[work.delivery.id] = work
            self.started_at[work.delivery.id] = now
        self.unrecorded += len(batch)
        return [w.message for w in batch if w.message is not None]

    def record(self, got: list[SendResult]) -> bool:
        """Decide the outcomes of `got` (the caller writes them). Returns whether
        the breaker just heard of a group that failed whole."""
        outcomes = self.outcomes
        outcomes.now = utcnow()
        done = time.perf_counter()
        metrics.provider_seconds(outcomes.channel, self.provider_name,
                                 max(done - self.started_at.pop(r.delivery_id) for r in got))
        failed = self.failed
        for result in got:
            work = self.by_id.pop(result.delivery_id)
            work.attempts += 1
            if result.outcome is Outcome.ACCEPTED:
                accept(work, result, self.provider_name, outcomes)
            elif result.outcome is Outcome.PERMANENT:
                outcomes.finish(work, "failed", (result.error or "rejected by provider")[:500])
            elif result.ambiguous:  # may have gone: never resent blind inside the job
                retry_later(work, result, self.chain, work.attempts, outcomes)
            else:
                self.again.append((work, result))
                failed += 1
                continue
            work.message = work.rendered = None  # recorded: a job's texts do not pile up
        self.tried += len(got)
        self.failed = failed
        last = self.unrecorded == len(got)
        whole = False
        if self.tried >= self.group or last:
            self.breaker.record(ok=self.failed < self.tried)
            whole = self.failed == self.tried
            self.tried = self.failed = 0
        if self.carried and last:  # its job has ended: no quick retry, the scheduler's
            for work, result in self.again:
                retry_later(work, result, self.chain, work.attempts, outcomes)
            self.again = []
        return whole


class Carry:
    """A worker's send jobs share one `Answers`. A job whose every message
    has started ends there: its flights are carried, still under its lease and
    heartbeat, and the worker's next send job, of any channel, takes their
    answers with its own and writes them in the same commits (an audit record
    each), while it claims, loads and renders. A request starts only while
    fewer than a window of its channel's messages, the carried included, are
    started and unrecorded in the worker, so the duplicate bound stays a
    window per worker and channel. Before a job's first request through a
    provider, that provider's carried flights are written (its breaker hears
    them first); the worker writes all before it waits for a job, runs
    another kind or stops (gateway/jobs/worker.py). Outside a worker nothing is
    carried."""

    def __init__(self, keeps: bool) -> None:
        self.keeps = keeps
        self.answers: Answers[tuple[Flights, SendResult]] = Answers()
        self.flights: list[Flights] = []  # ended jobs', each with answers still to come

    def unrecorded(self, channel: str | None = None) -> int:
        return sum(f.unrecorded for f in self.flights
                   if channel is None or f.outcomes.channel == channel)

    def may_keep(self, flights: Flights) -> bool:
        """Carry `flights` (every message started, answers to come) past its job's
        end: only in a worker, and not after a retryable answer (the job retries
        those itself)."""
        if not (self.keeps and flights.unrecorded and not flights.again):
            return False
        flights.carried = True
        self.flights.append(flights)
        return True

    def holds(self, holder: str) -> bool:
        return any(f.outcomes.holder == holder for f in self.flights)

    def take(self, own: Flights | None, wanted: int) -> bool:
        """Wait for answers (one at least, up to `wanted`), decide and write them
        in one commit with what `own`'s job has decided. Returns whether
        `own`'s breaker just heard of a group that failed whole. Answers of a
        job that died are dropped: its lease runs out."""
        got = self.answers.take(wanted, LINGER)
        by_flights: dict[Flights, list[SendResult]] = {}
        for flights, result in got:
            if flights is own or flights.carried and flights in self.flights:
                by_flights.setdefault(flights, []).append(result)
        whole = False
        try:
            for flights, results in by_flights.items():
                if flights.record(results) and flights is own:
                    whole = True
            others = {id(f.outcomes): f.outcomes for f in by_flights if f is not own}
            if own is not None:
                own.outcomes.flush(*others.values())
            elif others:
                first, *rest = others.values()
                first.flush(*rest)
        except BaseException:
            self.abandon()
            raise
        for flights, results in by_flights.items():
            flights.unrecorded -= len(results)
            if flights.carried and not flights.unrecorded:
                self._ended(flights)
        return whole

    def settle(self, provider_name: str | None = None) -> None:
        """Write the carried flights through `provider_name` (all when None)
        once their answers have come."""
        while any(provider_name in (None, f.provider_name) for f in self.flights):
            self.take(None, self.unrecorded())

    def abandon(self) -> None:
        """Give up the carried flights (a write failed): their leases run out
        and the sweeper re-queues their rows."""
        for flights in list(self.flights):
            log.warning("carried answers of %s given up: the lease will run out",
                        flights.outcomes.holder)
            self._ended(flights)

    def _ended(self, flights: Flights) -> None:
        self.flights.remove(flights)
        if not self.holds(flights.outcomes.holder) and flights.outcomes.heartbeat is not None:
            flights.outcomes.heartbeat.stop()


_worker_carry: Carry | None = None


def for_job() -> Carry:
    """The worker's carry while it works; outside a worker, a job's own, which keeps nothing."""
    return _worker_carry or Carry(keeps=False)


def keep_flights(keep: bool) -> None:
    """While a worker works: carry a send job's last answers into its next job (`Carry`)."""
    global _worker_carry
    _worker_carry = Carry(keeps=True) if keep else None


def carrying() -> bool:
    return _worker_carry is not None and bool(_worker_carry.flights)


def settle_carried() -> None:
    """Write every carried answer (the worker waits for no job, runs another kind or stops)."""
    if _worker_carry is None:
        return
    try:
        with step("provider"):
            _worker_carry.settle()
    except Exception:  # given up (`Carry.abandon`): their leases run out, the sweeper re-queues
        log.exception("writing carried answers failed")
        db.session.rollback()

"""Sending: a batch of deliveries of one channel, through that channel's
ordered provider list, with retries, failover and a per-batch audit record.

A batch is claimed (`queued` → `sending`) under a lease in its own commit
before any provider call (gateway/delivery); a heartbeat keeps the lease while
the provider is slow. Requests go out through a sliding window while the next
messages are rendered, and outcomes are written in groups as the answers come,
conditioned on the lease. A worker killed mid-batch leaves `sending` rows
whose lease runs out; the sweeper then re-queues them. Only the window's
started but unrecorded messages can be sent twice (README: Delivery guarantees).
With SEND_CONTINUE_SECONDS set, a job takes on its incident's next queued rows of
its channel while its window drains, claimed the same way under the same lease,
instead of ending. In a worker, a job ends once every message has started: its
last answers are carried into the worker's next send job (`_Carry`).
"""

from __future__ import annotations

import hashlib
import logging
import random
import threading
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from rq import Queue

from .. import metrics, profiling, queues
from ..compensation import customer_terms
from ..complaints import messages as complaint_messages
from ..customers.suppressions import address_hash, contact_of, suppressed_hashes
from ..delivery import policy, providers
from ..delivery import service as delivery
from ..incidents.models import Incident
from ..messages.batch_render import BatchRenderer
from ..messages.render import Rendered, RenderError, get_renderer
from ..messages.threading import thread_headers
from ..profiling import publish, step
from ..providers._aio import Answers, Tagged
from ..providers.base import OutboundMessage, Outcome, SendResult
from ..providers.guards import CircuitBreaker, RateLimiter
from ..store.db import commit_and_begin_read_only, db, utcnow
from .batches import COMPLAINT_SEVERITY, batch_size, enqueue_batches
from .heartbeat import Heartbeat
from .render_delivery import OWN_FAMILY, render_delivery
from .send_batch_load import LOAD_DELIVERY, Work, load, updates_for

log = logging.getLogger(__name__)

# Messages of a job started and not yet recorded, at most, where one request
# carries many (SendGrid): the duplicate bound of such a provider.
REQUEST_WINDOW = 500
MAX_ATTEMPTS = 5  # per provider, the first included (SPEC)
IN_JOB_CALLS = 2  # quick retries inside the job; longer waits go to the scheduler
QUICK_RETRY_MAX_WAIT = 2.0
BACKOFF_BASE, BACKOFF_CAP = 2.0, 300.0
LINGER = 0.005  # seconds a group of answers waits for more before it is written
# While its window drains, a send job takes on its incident's next queued rows of
# its channel (claimed like its own) instead of ending, so the window stays fed
# across what were job ends; for at most SEND_CONTINUE_SECONDS from its start (0,
# off, by default: docs/benchmark-history.md) and this many batches, and not while a more
# urgent queue has jobs waiting.
CONTINUE_BATCHES = 10


def backoff(attempt: int, retry_after: float | None = None) -> float:
    """Exponential backoff with jitter, never shorter than Retry-After."""
    wait = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** max(attempt - 1, 0)) * random.uniform(0.5, 1.0)
    return max(wait, retry_after or 0.0)


def on_queued(incident: Incident, pairs: list[tuple[int, str]]) -> None:
    enqueue_batches(incident.severity, pairs)


@dataclass
class Outcomes:
    """What one send job decided and has not written yet; `flush` writes it
    (after each provider wave), conditioned on the job's lease."""

    holder: str
    claimed_at: datetime
    channel: str
    now: datetime
    possibly: dict[int, tuple[datetime, str]] = field(default_factory=dict)
    sent: list[delivery.SentRow] = field(default_factory=list)
    final: list[delivery.FinalRow] = field(default_factory=list)  # failed / suppressed
    retry: list[delivery.RetryRow] = field(default_factory=list)  # deferred or failed over
    requeue: list[tuple[int, str]] = field(default_factory=list)
    severity_of: dict[int, str] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)
    heartbeat: Heartbeat | None = None  # the job's lease's, stopped once all is written

    def finish(self, work: Work, status: str, reason: str) -> None:
        self.final.append(delivery.FinalRow(work.delivery.id, status, reason))

    def flush(self, *others: Outcomes) -> None:
        """Write what is decided so far, with `others`' (carried jobs', each
        under its own lease: one commit, an audit record each), then enqueue
        failed-over rows; rows whose lease was lost are left alone."""
        todo = [o for o in (self, *others) if o.sent or o.final or o.retry]
        if not todo:
            return
        with step("write"):
            written = [(o, o._write()) for o in todo]
            db.session.commit()
        for o, (moved, events) in written:
            o._written(moved, events)

    def _write(self) -> tuple[dict[str, list[int]], list[dict[str, Any]]]:
        journal = delivery.Journal("worker", held=True)  # the outcomes' rows alone
        moved = delivery.record_outcomes(self.holder, journal, self.now, sent=self.sent,
                                         final=self.final, retry=self.retry,
                                         claimed_at=self.claimed_at)
        events = list(journal.events)
        journal.write()
        return moved, events

    def _written(self, moved: dict[str, list[int]], events: list[dict[str, Any]]) -> None:
        metrics.delivery_events(self.channel, events)
        for kind in ("sent", "final", "retry"):
            self.counts[kind] += len(moved[kind])
            self.counts[f"lost_{kind}"] += len(getattr(self, kind)) - len(moved[kind])
        retried = set(moved["retry"])
        failed_over: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for delivery_id, ch in self.requeue:
            if delivery_id in retried:
                failed_over[self.severity_of.get(delivery_id, COMPLAINT_SEVERITY)].append(
                    (delivery_id, ch))
        for severity, pairs in failed_over.items():
            enqueue_batches(severity, pairs)
        self.sent, self.final, self.retry, self.requeue = [], [], [], []


def _incident_headers(work: Work, links: dict[str, str | None], host: str) -> dict[str, str]:
    assert work.incident is not None
    thread = f"<incident-{work.incident.id}.customer-{work.customer.id}"
    message = work.delivery.message
    own = f"{thread}@{host}>" if message == 0 else f"{thread}.m{message}@{host}>"
    headers = thread_headers(work.delivery.channel, own, f"{thread}@{host}>")
    if not headers:
        return headers
    return {"List-Unsubscribe": f"<{links['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click", **headers}


class _Prep:
    """A batch's lookups (contacts' opt-outs, updates, compensation terms), made
    once in the load's read transaction, and its rendering, which needs no
    database: the job renders in chunks while earlier chunks are in flight."""

    def __init__(self, works: list[Work], outcomes: Outcomes) -> None:
        config = current_app.config["GATEWAY"]
        self.outcomes = outcomes
        self.host = config.public_url.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0]
        self.updates = updates_for(works)
        hashes = {(w.delivery.channel, address_hash(w.delivery.channel, a))
                  for w in works if (a := contact_of(w.customer, w.delivery.channel))}
        self.suppressed = suppressed_hashes(hashes)
        self.owed = customer_terms.entries_for(
            (w.incident.id, w.customer.id) for w in works
            if w.incident is not None and customer_terms.uses_policy(w.incident.facts))
        self.renderer = BatchRenderer(get_renderer())
        # Loaded, then out of the session: a later commit does not expire them, nor a
        # later batch's load (which expunges all) detach them half-loaded.
        db.session.expunge_all()

    def admit(self, works: list[Work]) -> list[Work]:
        """The works opt-outs and contact let go; the others are finished here."""
        admitted = []
        for work in works:
            d, c, inc = work.delivery, work.customer, work.incident
            decision = policy.may_send(c, d.channel, self.suppressed,
                                       kind=inc.kind if inc else None,
                                       severity=inc.severity if inc else None)
            if not decision.send:
                self.outcomes.finish(work, "suppressed", decision.reason or "opted_out")
            else:
                admitted.append(work)
        return admitted

    def render(self, work: Work) -> bool:
        """Render `work.message`; a message that cannot be rendered is finished as
        failed (False)."""
        d, c, inc = work.delivery, work.customer, work.incident
        address = contact_of(c, d.channel)
        assert address is not None
        try:
            if work.complaint is not None:
                work.rendered = complaint_messages.render(work.complaint, c, d.channel, d.message,
                                                          d.purpose)
                headers = complaint_messages.thread_of(work.complaint, d.channel, d.message,
                                                      self.host)
                links: dict[str, str | None] = {"ack_url": None}
            else:
                assert inc is not None
                update_row = (None if d.purpose in OWN_FAMILY
                              else self.updates.get((inc.id, d.message)))
                work.rendered, links = render_delivery(self.renderer, inc, c, d.channel,
                                                       d.message, d.purpose, update_row,
                                                       self.owed.get((inc.id, c.id)))
                headers = _incident_headers(work, links, self.host)
        except (RenderError, ValueError) as exc:
            self.outcomes.finish(work, "failed", f"render_error: {exc}"[:500])
            return False
        r = work.rendered
        work.message = OutboundMessage(
            delivery_id=d.id, incident_id=inc.id if inc else None, channel=d.channel, to=address,
            subject=r.subject, text=r.text or "", html=r.html,
            headers=headers, ack_url=links["ack_url"],
            json_forms=r.json_forms)
        return True


def _prepare(works: list[Work], outcomes: Outcomes) -> list[Work]:
    """Check contact and opt-out, render all; what cannot go is finished here."""
    prep = _Prep(works, outcomes)
    return [w for w in prep.admit(works) if prep.render(w)]


def _content_hash(r: Rendered) -> str:
    return hashlib.sha256("\x1e".join([r.subject or "", r.text or "", r.html or ""]).encode()
                          ).hexdigest()


def _accept(work: Work, result: SendResult, provider: str, outcomes: Outcomes,
            **detail: Any) -> None:
    r = work.rendered
    assert r is not None
    d = work.delivery
    if d.id in outcomes.possibly and not detail.get("recovered"):
        cause = outcomes.possibly[d.id][1]
        detail["possible_duplicate"] = cause  # sent again: the earlier attempt may have gone
        metrics.possible_duplicates(d.channel, provider, cause, recovered=False)
    # SPEC: a message in another language than the customer's is recorded as `fell_back`
    language = {"fell_back": True, "locale": r.locale} if r.fell_back else {}
    outcomes.sent.append(delivery.SentRow(
        d.id, provider, result.provider_message_id, r.template, r.template_version,
        _content_hash(r), {**language, **detail}))


def _retry_later(work: Work, result: SendResult, chain: tuple[str, ...], attempts: int,
                 outcomes: Outcomes) -> None:
    """Defer with backoff; after MAX_ATTEMPTS fail over to the next provider."""
    provider = chain[min(work.provider_index, len(chain) - 1)]
    d = work.delivery
    possibly = result.ambiguous or d.id in outcomes.possibly
    if attempts >= MAX_ATTEMPTS or result.error == "circuit_open":
        if work.provider_index + 1 < len(chain):
            nxt = chain[work.provider_index + 1]
            outcomes.retry.append(delivery.RetryRow(
                d.id, "queued", nxt, 0, None, None, possibly_sent=result.ambiguous,
                detail={"provider": provider, "to": nxt, "error": result.error}))
            outcomes.requeue.append((d.id, d.channel))
            return
        if attempts >= MAX_ATTEMPTS:
            outcomes.finish(work, "failed", f"retries_exhausted: {result.error}"[:500])
            return
    wait = backoff(attempts, result.retry_after)
    outcomes.retry.append(delivery.RetryRow(
        d.id, "deferred", provider, attempts, "retry", outcomes.now + timedelta(seconds=wait),
        possibly_sent=result.ambiguous,
        detail={"reason": "retry", "provider": provider, "error": result.error,
                "retry_in": round(wait, 3), "possibly_sent": True if possibly else None}))


def window(provider: Any, channel: str) -> int:
    """The most messages of one job whose request has started and whose outcome
    is not yet written: what a SIGKILL can leave sent but unrecorded, the
    duplicate bound (README: Delivery guarantees). Twilio and chat: one request
    per message, PROVIDER_CONCURRENCY of them; SendGrid: one batch (its
    requests carry up to half of one each); outbox: local, one batch."""
    if getattr(provider, "name", "") in ("twilio", "webhook"):
        return max(1, providers.settings().concurrency)
    return min(batch_size(channel), REQUEST_WINDOW)


def _recover(provider: Any, provider_name: str, chain: tuple[str, ...], works: list[Work],
             outcomes: Outcomes) -> list[Work]:
    """Before sending again what may already have gone: ask the provider (Twilio lists
    Messages by To and DateSent); found ones are recorded as sent with their sid and
    not sent twice, a failed lookup defers. Returns the works to send."""
    maybe = [w for w in works if w.delivery.id in outcomes.possibly and w.message]
    finder = getattr(provider, "find_sent", None)
    if not maybe or finder is None:
        return works
    found = finder([(w.message, outcomes.possibly[w.delivery.id][0]) for w in maybe])
    keep = {w.delivery.id for w in works} - {w.delivery.id for w in maybe}
    for work in maybe:
        d = work.delivery
        if d.id not in found:  # the lookup itself failed: do not guess
            work.attempts += 1
            _retry_later(work, SendResult(d.id, Outcome.RETRYABLE,
                                          error=f"{provider_name} lookup failed"),
                         chain, work.attempts, outcomes)
        elif (sid := found[d.id]) is not None:
            cause = outcomes.possibly[d.id][1]
            metrics.possible_duplicates(d.channel, provider_name, cause, recovered=True)
            _accept(work, SendResult(d.id, Outcome.ACCEPTED, provider_message_id=sid),
                    provider_name, outcomes, recovered=cause)
        else:
            keep.add(d.id)
    return [w for w in works if w.delivery.id in keep]


More = Callable[[], tuple[list[Work], "_Prep | None"]]


def _rate_limited(works: list[Work], limiter: RateLimiter, provider_name: str,
                  outcomes: Outcomes) -> list[Work]:
    """The works the provider's rate limit lets go now; the others are deferred."""
    granted = limiter.take(len(works))
    release = outcomes.now + timedelta(seconds=limiter.wait_for(len(works) - granted))
    for work in works[granted:]:
        outcomes.retry.append(delivery.RetryRow(
            work.delivery.id, "deferred", provider_name, work.attempts, "rate_limit", release,
            detail={"reason": "rate_limit", "provider": provider_name}))
    return works[:granted]


def _send_with(provider_name: str, chain: tuple[str, ...], works: list[Work],
               outcomes: Outcomes, prep: _Prep, carry: _Carry, more: More | None = None,
               may_carry: bool = False) -> None:
    # The breaker and the window hear the provider's carried answers before this job's first
    # request through it.
    carry.settle(provider_name)
    conn = queues.connection()
    breaker = CircuitBreaker(conn, provider_name)
    if not breaker.allows():
        for work in works:
            _retry_later(work, SendResult(work.delivery.id, Outcome.RETRYABLE, error="circuit_open",
                                          retry_after=breaker.reopens_in()),
                         chain, work.attempts, outcomes)
        return
    limiter = RateLimiter(conn, provider_name, providers.rate_limit(provider_name))
    pending = _rate_limited(works, limiter, provider_name, outcomes)
    try:
        provider = providers.get(provider_name)
    except ValueError as exc:  # misconfigured (e.g. missing credentials): count as a failed call
        for work in pending:
            work.attempts += 1
            _retry_later(work, SendResult(work.delivery.id, Outcome.RETRYABLE,
                                          error=f"provider_unavailable: {exc}"),
                         chain, work.attempts, outcomes)
        return
    # What may have gone already is rendered first: the provider is asked by its text.
    with step("render"):
        pending = [w for w in pending if w.delivery.id not in outcomes.possibly
                   or w.message is not None or prep.render(w)]
    pending = _recover(provider, provider_name, chain, pending, outcomes)
    limited: More | None = None
    if more is not None:
        def limited() -> tuple[list[Work], _Prep | None]:
            got, by = more()
            return _rate_limited(got, limiter, provider_name, outcomes), by
    for call in range(IN_JOB_CALLS):
        size = window(provider, outcomes.channel)
        flights = _Flights(outcomes, provider_name, chain, breaker, size, carry)
        again = _stream(provider, flights, pending, prep, limited if call == 0 else None,
                        may_carry)
        if not again:
            return
        wait = max((r.retry_after or 0.0 for _, r in again), default=0.0) or backoff(call + 1) / 4
        last = call == IN_JOB_CALLS - 1 or wait > QUICK_RETRY_MAX_WAIT or not breaker.allows()
        if last or any(w.attempts >= MAX_ATTEMPTS for w, _ in again):
            for work, result in again:
                _retry_later(work, result, chain, work.attempts, outcomes)
            outcomes.flush()
            return
        time.sleep(wait)
        pending = [w for w, _ in again]


class _Flights:
    """A job's requests through one provider that have started and whose
    outcome is not written yet. Their answers come, tagged with this object,
    into the worker's one `Answers` (`_Carry`); `record` decides them."""

    def __init__(self, outcomes: Outcomes, provider_name: str, chain: tuple[str, ...],
                 breaker: CircuitBreaker, size: int, carry: _Carry) -> None:
        self.outcomes, self.provider_name, self.chain = outcomes, provider_name, chain
        self.breaker, self.size, self.carry = breaker, size, carry
        self.group = max(1, size // 2)  # rendered, started and written in groups of this many
        self.sink: Tagged[_Flights, SendResult] = Tagged(carry.answers, self)
        self.by_id: dict[int, Work] = {}
        self.started_at: dict[int, float] = {}
        self.unrecorded = 0  # started, outcome not written yet: at most `size` with the carried
        self.tried = self.failed = 0  # answers since the breaker last heard, and the retryable
        self.again: list[tuple[Work, SendResult]] = []  # quick-retry candidates
        self.carried = False

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
                _accept(work, result, self.provider_name, outcomes)
            elif result.outcome is Outcome.PERMANENT:
                outcomes.finish(work, "failed", (result.error or "rejected by provider")[:500])
            elif result.ambiguous:  # may have gone: never resent blind inside the job
                _retry_later(work, result, self.chain, work.attempts, outcomes)
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
                _retry_later(work, result, self.chain, work.attempts, outcomes)
            self.again = []
        return whole


class _Carry:
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
        self.answers: Answers[tuple[_Flights, SendResult]] = Answers()
        self.flights: list[_Flights] = []  # ended jobs', each with answers still to come

    def unrecorded(self, channel: str | None = None) -> int:
        return sum(f.unrecorded for f in self.flights
                   if channel is None or f.outcomes.channel == channel)

    def may_keep(self, flights: _Flights) -> bool:
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

    def take(self, own: _Flights | None, wanted: int) -> bool:
        """Wait for answers (one at least, up to `wanted`), decide and write them
        in one commit with what `own`'s job has decided. Returns whether
        `own`'s breaker just heard of a group that failed whole. Answers of a
        job that died are dropped: its lease runs out."""
        got = self.answers.take(wanted, LINGER)
        by_flights: dict[_Flights, list[SendResult]] = {}
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

    def _ended(self, flights: _Flights) -> None:
        self.flights.remove(flights)
        if not self.holds(flights.outcomes.holder) and flights.outcomes.heartbeat is not None:
            flights.outcomes.heartbeat.stop()


_worker_carry: _Carry | None = None


def keep_flights(keep: bool) -> None:
    """While a worker works: carry a send job's last answers into its next job (`_Carry`)."""
    global _worker_carry
    _worker_carry = _Carry(keeps=True) if keep else None


def carrying() -> bool:
    return _worker_carry is not None and bool(_worker_carry.flights)


def settle_carried() -> None:
    """Write every carried answer (the worker waits for no job, runs another kind or stops)."""
    if _worker_carry is None:
        return
    try:
        _worker_carry.settle()
    except Exception:  # given up (`_Carry.abandon`): their leases run out, the sweeper re-queues
        log.exception("writing carried answers failed")
        db.session.rollback()


def _io_cpu(provider: Any) -> dict[int, float]:
    """CPU seconds so far of each thread the provider's requests run on, other than
    this one (its event loop's, SendGrid's pool's)."""
    me = threading.get_ident()
    out = {}
    for ident in getattr(provider, "io_threads", list)():
        if ident == me:
            continue
        try:
            out[ident] = time.clock_gettime(time.pthread_getcpuclockid(ident))
        except (OSError, AttributeError):
            continue
    return out


def _stream(provider: Any, own: _Flights, works: list[Work], prep: _Prep,
            more: More | None = None, may_carry: bool = False) -> list[tuple[Work, SendResult]]:
    """Send `works` through a sliding window and record each outcome in groups
    as the answers come, while later requests are in flight and the next
    messages are rendered. A request starts only while fewer than
    `window(...)` messages of the channel are started and unrecorded in the
    worker, so a SIGKILL leaves at most that many sent but unrecorded. When
    less than a window of messages is left to start, `more()` (claimed,
    loaded, admitted works and their _Prep) is asked for the next ones while
    the window's requests are in flight; an empty answer ends that. With
    `may_carry`, once every message has started the rest is carried (`_Carry`).
    Returns the quick-retry candidates (answered retryable and surely not
    taken), which are not recorded."""
    outcomes, carry, size, group = own.outcomes, own.carry, own.size, own.group
    channel = outcomes.channel
    starter = getattr(provider, "start_batch", None)
    # (work, its batch's _Prep), popped from the end
    to_render = [(w, prep) for w in works if w.message is None][::-1]
    ready = deque(w for w in works if w.message is not None)
    io_cpu = _io_cpu(provider) if profiling.ENABLED else {}
    gauge = profiling.Window() if profiling.ENABLED else None
    outcomes.flush()  # what is decided so far is on disk before the first request leaves
    while to_render or ready or own.unrecorded or more is not None:
        room = size - own.unrecorded - carry.unrecorded(channel)
        if ready and room > 0:
            batch = [ready.popleft() for _ in range(min(room, len(ready)))]
            messages = own.start(batch)
            if gauge:
                gauge.set(own.unrecorded)
            outcomes.now = utcnow()
            with step("provider"):
                if starter is not None:
                    starter(messages, own.sink)
                else:  # the outbox: local, answered at once
                    own.sink.put_all(provider.send_batch(messages))
        # Less than a window left to start: take on more while requests are in flight
        # (never before the job's first request leaves), or when nothing else is left.
        if (more is not None and len(to_render) + len(ready) < size
                and (own.unrecorded or not (to_render or ready))):
            fresh, by = more()
            if by is None:  # nothing more to take on
                more = None
            else:
                to_render[:0] = [(w, by) for w in reversed(fresh) if w.message is None]
                ready.extend(w for w in fresh if w.message is not None)
        waiting = own.unrecorded + carry.unrecorded()
        if to_render and len(ready) < group and (not waiting or carry.answers.ready() < group):
            with step("render"):  # one group ahead
                for _ in range(min(group, len(to_render))):
                    work, by = to_render.pop()
                    if by.render(work):
                        ready.append(work)
            continue
        if (may_carry and starter is not None and not (to_render or ready or more)
                and carry.may_keep(own)):
            break
        if not waiting:
            continue
        with step("provider"):
            whole = carry.take(own, min(group, waiting))
        if whole and (to_render or ready) and not own.breaker.allows():
            # The circuit opened: what has not left waits for its probe.
            for work in [*ready, *(w for w, _ in to_render[::-1])]:
                _retry_later(work, SendResult(work.delivery.id, Outcome.RETRYABLE,
                                              error="circuit_open",
                                              retry_after=own.breaker.reopens_in()),
                             own.chain, work.attempts, outcomes)
            ready.clear()
            to_render.clear()
            more = None
            outcomes.flush()
        if gauge:
            gauge.set(own.unrecorded)
    if profiling.ENABLED:
        profiling.add("provider", sum(cpu - io_cpu.get(ident, 0.0)
                                      for ident, cpu in _io_cpu(provider).items()), 0.0)
    return own.again


def send_batch(channel: str, delivery_ids: list[int]) -> dict[str, int]:
    """RQ job: send one batch under a lease; returns counts for the logs.

    Outcomes are written in groups as the answers come, and a request starts
    only while fewer than `window(...)` messages are started and unrecorded, so
    a worker killed mid-batch leaves at most that many sent but unrecorded."""
    started = profiling.job_started()
    holder = delivery.new_holder()
    seconds = delivery.lease_seconds()
    claimed_at = utcnow()
    with step("claim"):  # the claim returns every column the batch needs
        rows = sorted(delivery.claim_rows(delivery_ids, holder, seconds, now=claimed_at,
                                          columns=LOAD_DELIVERY), key=lambda r: int(r.id))
        claimed = [int(r.id) for r in rows]
    if not claimed:
        profiling.job_ended(started)
        publish(queues.connection())
        return {"claimed": 0}
    heartbeat = Heartbeat(holder, claimed, seconds)  # `claimed` grows as the job takes on rows
    heartbeat.start()
    carry = _worker_carry or _Carry(keeps=False)
    try:
        outcomes = _send_claimed(channel, rows, claimed_at, claimed, carry, heartbeat)
    finally:
        if not carry.holds(holder):
            heartbeat.stop()
    profiling.job_ended(started)
    publish(queues.connection(), len(claimed))
    lost = sum(n for k, n in outcomes.counts.items() if k.startswith("lost_"))
    return {"claimed": len(claimed), "sent": outcomes.counts["sent"],
            "final": outcomes.counts["final"], "retry": outcomes.counts["retry"], "lost": lost}


def _send_claimed(channel: str, rows: list[Any], claimed_at: datetime, claimed: list[int],
                  carry: _Carry, heartbeat: Heartbeat) -> Outcomes:
    """Load, admit and send the claimed rows; what is left in flight at the
    end may be carried (`_Carry`) and written later under the job's lease."""
    with step("load"):
        commit_and_begin_read_only()  # loading and rendering neither wait for nor block writers
        works = load(rows, channel)
        possibly = {int(r.id): (r.possibly_sent_at, str(r.possibly_sent_cause or "ambiguous"))
                    for r in rows if r.possibly_sent_at is not None}
        outcomes = Outcomes(heartbeat.holder, claimed_at, channel, utcnow(), possibly=possibly,
                            heartbeat=heartbeat)
        outcomes.severity_of = {w.delivery.id: w.incident.severity if w.incident
                                else COMPLAINT_SEVERITY for w in works}
    with step("render"):
        prep = _Prep(works, outcomes)
        admitted = prep.admit(works)  # rendered later, in chunks, while others are in flight
    with step("load"):
        db.session.commit()  # end the read transaction: never hold a lock across provider I/O
    chain = current_app.config["GATEWAY"].providers_for(channel)
    by_provider: dict[int, list[Work]] = defaultdict(list)
    for work in admitted:
        by_provider[work.provider_index].append(work)
    more = _continuation(rows, channel, heartbeat.holder, heartbeat.seconds, claimed, outcomes)
    last = max(by_provider, default=0)
    for index, group in sorted(by_provider.items()):
        _send_with(chain[index], chain, group, outcomes, prep, carry,
                   more if index == 0 else None, may_carry=index == last)
    outcomes.flush()
    return outcomes


def _continuation(rows: list[Any], channel: str, holder: str, seconds: float,
                  claimed: list[int], outcomes: Outcomes) -> More | None:
    """What a job of one incident's rows takes on while its window drains
    (`_stream`): that incident's next queued rows of the channel after the
    job's own (`delivery.claim_next`), a batch at a time, claimed under the
    job's lease and heartbeat and loaded and admitted like its own, for at
    most SEND_CONTINUE_SECONDS from the job's start and CONTINUE_BATCHES batches,
    and not while a more urgent queue has jobs waiting. None for a job of
    complaint messages or of several incidents."""
    budget = current_app.config["GATEWAY"].send_continue_seconds
    incidents = {r.incident_id for r in rows}
    if budget <= 0 or len(incidents) != 1 or None in incidents:
        return None
    incident_id = int(next(iter(incidents)))
    size = batch_size(channel)
    deadline = time.monotonic() + budget
    state = {"after": max(claimed), "batches": 0}
    urgent: list[str] | None = None

    def more() -> tuple[list[Work], _Prep | None]:
        nonlocal urgent
        if time.monotonic() > deadline or state["batches"] >= CONTINUE_BATCHES:
            return [], None
        if urgent is None:
            severity = outcomes.severity_of.get(claimed[0], COMPLAINT_SEVERITY)
            mine = queues.QUEUES.index(queues.queue_name(severity))
            urgent = [Queue.redis_queue_namespace_prefix + name for name in queues.QUEUES[:mine]]
        if urgent:
            pipe = queues.connection().pipeline(transaction=False)
            for key in urgent:
                pipe.llen(key)
            if any(pipe.execute()):
                return [], None
        with step("claim"):
            got = sorted(delivery.claim_next(incident_id, channel, state["after"], size, holder,
                                             seconds, columns=LOAD_DELIVERY),
                         key=lambda r: int(r.id))
        if not got:
            return [], None
        state["batches"] += 1
        state["after"] = int(got[-1].id)
        claimed.extend(int(r.id) for r in got)  # the heartbeat's ids too
        with step("load"):
            commit_and_begin_read_only()
            works = load(got, channel)
            outcomes.severity_of.update((w.delivery.id, w.incident.severity if w.incident
                                         else COMPLAINT_SEVERITY) for w in works)
        with step("render"):
            prep = _Prep(works, outcomes)
            admitted = prep.admit(works)
        with step("load"):
            db.session.commit()
        return admitted, prep

    return more


def record_events(events: list[dict[str, Any]], incident_id: int | None) -> None:
    """A send job's events and their audit record (gateway/delivery writes them)."""
    delivery.record_events(events, incident_id, "worker")

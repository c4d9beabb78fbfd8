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
last answers are carried into the worker's next send job (send_flights.py).
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict, deque
from collections.abc import Callable
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
from ..delivery.batching import batch_size
from ..incidents.models import Incident
from ..intake.render_delivery import OWN_FAMILY, render_delivery
from ..messages.batch_render import BatchRenderer
from ..messages.render import RenderError, get_renderer
from ..messages.threading import thread_headers
from ..profiling import publish, step
from ..providers.base import OutboundMessage, Outcome, SendResult
from ..providers.guards import CircuitBreaker, RateLimiter
from ..store.db import commit_and_begin_read_only, db, utcnow
from ..store.transient import retry_transient
from . import send_flights
from .batches import COMPLAINT_SEVERITY, enqueue_batches
from .heartbeat import Heartbeat
from .send_batch_load import LOAD_DELIVERY, Work, load, updates_for
from .send_flights import Carry, Flights
from .send_outcomes import MAX_ATTEMPTS, Outcomes, accept, backoff, retry_later

log = logging.getLogger(__name__)

# Messages of a job started and not yet recorded, at most, where one request
# carries many (SendGrid): the duplicate bound of such a provider.
REQUEST_WINDOW = 500
IN_JOB_CALLS = 2  # quick retries inside the job; longer waits go to the scheduler
QUICK_RETRY_MAX_WAIT = 2.0
# While its window drains, a send job takes on its incident's next queued rows of
# its channel (claimed like its own) instead of ending, so the window stays fed
# across what were job ends; for at most SEND_CONTINUE_SECONDS from its start (0,
# off, by default: docs/benchmark-history.md) and this many batches, and not while a more
# urgent queue has jobs waiting.
CONTINUE_BATCHES = 10


def on_queued(incident: Incident, pairs: list[tuple[int, str]]) -> None:
    enqueue_batches(incident.severity, pairs)


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
            retry_later(work, SendResult(d.id, Outcome.RETRYABLE,
                                          error=f"{provider_name} lookup failed"),
                         chain, work.attempts, outcomes)
        elif (sid := found[d.id]) is not None:
            cause = outcomes.possibly[d.id][1]
            metrics.possible_duplicates(d.channel, provider_name, cause, recovered=True)
            accept(work, SendResult(d.id, Outcome.ACCEPTED, provider_message_id=sid),
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
               outcomes: Outcomes, prep: _Prep, carry: Carry, more: More | None = None,
               may_carry: bool = False) -> None:
    # The breaker and the window hear the provider's carried answers before this job's first
    # request through it; waiting for and recording them is `provider`'s, as in `_stream`.
    with step("provider"):
        carry.settle(provider_name)
    conn = queues.connection()
    breaker = CircuitBreaker(conn, provider_name)
    if not breaker.allows():
        for work in works:
            retry_later(work, SendResult(work.delivery.id, Outcome.RETRYABLE, error="circuit_open",
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
            retry_later(work, SendResult(work.delivery.id, Outcome.RETRYABLE,
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
        flights = Flights(outcomes, provider_name, chain, breaker, size, carry)
        again = _stream(provider, flights, pending, prep, limited if call == 0 else None,
                        may_carry)
        if not again:
            return
        wait = max((r.retry_after or 0.0 for _, r in again), default=0.0) or backoff(call + 1) / 4
        last = call == IN_JOB_CALLS - 1 or wait > QUICK_RETRY_MAX_WAIT or not breaker.allows()
        if last or any(w.attempts >= MAX_ATTEMPTS for w, _ in again):
            for work, result in again:
                retry_later(work, result, chain, work.attempts, outcomes)
            outcomes.flush()
            return
        time.sleep(wait)
        pending = [w for w, _ in again]


def _stream(provider: Any, own: Flights, works: list[Work], prep: _Prep,
            more: More | None = None, may_carry: bool = False) -> list[tuple[Work, SendResult]]:
    """Send `works` through a sliding window and record each outcome in groups
    as the answers come, while later requests are in flight and the next
    messages are rendered. A request starts only while fewer than
    `window(...)` messages of the channel are started and unrecorded in the
    worker, so a SIGKILL leaves at most that many sent but unrecorded. When
    less than a window of messages is left to start, `more()` (claimed,
    loaded, admitted works and their _Prep) is asked for the next ones while
    the window's requests are in flight; an empty answer ends that. With
    `may_carry`, once every message has started the rest is carried (`Carry`).
    Returns the quick-retry candidates (answered retryable and surely not
    taken), which are not recorded."""
    outcomes, carry, size, group = own.outcomes, own.carry, own.size, own.group
    channel = outcomes.channel
    starter = getattr(provider, "start_batch", None)
    # (work, its batch's _Prep), popped from the end
    to_render = [(w, prep) for w in works if w.message is None][::-1]
    ready = deque(w for w in works if w.message is not None)
    io_threads = getattr(provider, "io_threads", list)  # where its requests run
    if profiling.ENABLED:
        profiling.watch_threads("provider", io_threads())
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
                retry_later(work, SendResult(work.delivery.id, Outcome.RETRYABLE,
                                              error="circuit_open",
                                              retry_after=own.breaker.reopens_in()),
                             own.chain, work.attempts, outcomes)
            ready.clear()
            to_render.clear()
            more = None
            outcomes.flush()
        if gauge:
            gauge.set(own.unrecorded)
    if profiling.ENABLED:  # SendGrid's threads started for this window's requests
        profiling.watch_threads("provider", io_threads(), started=True)
    return own.again


def send_batch(channel: str, delivery_ids: list[int]) -> dict[str, int]:
    """RQ job: send one batch under a lease; returns counts for the logs.

    Outcomes are written in groups as the answers come, and a request starts
    only while fewer than `window(...)` messages are started and unrecorded, so
    a worker killed mid-batch leaves at most that many sent but unrecorded.

    The claim is retried on a transient error (`gateway/store/transient.py`):
    nothing is sent before it, and it moves only `queued` rows, so a repeat
    never takes a row twice. Were its commit to land with its answer lost, the
    repeat claims nothing and the rows wait for their lease to run out, like a
    killed worker's. Provider requests are never repeated here: their retries
    are the job's quick retry and deferred rows (`_send_with`)."""
    started = profiling.job_started()
    holder = delivery.new_holder()
    seconds = delivery.lease_seconds()
    claimed_at = utcnow()
    with step("claim"):  # the claim returns every column the batch needs
        rows = sorted(retry_transient(lambda: delivery.claim_rows(
            delivery_ids, holder, seconds, now=claimed_at, columns=LOAD_DELIVERY), "claim"),
            key=lambda r: int(r.id))
        claimed = [int(r.id) for r in rows]
    if not claimed:
        profiling.job_ended(started)
        publish(queues.connection())
        return {"claimed": 0}
    heartbeat = Heartbeat(holder, claimed, seconds)  # `claimed` grows as the job takes on rows
    heartbeat.start()
    carry = send_flights.for_job()
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
                  carry: Carry, heartbeat: Heartbeat) -> Outcomes:
    """Load, admit and send the claimed rows; what is left in flight at the
    end may be carried (`Carry`) and written later under the job's lease."""
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
            got = sorted(retry_transient(lambda: delivery.claim_next(
                incident_id, channel, state["after"], size, holder, seconds,
                columns=LOAD_DELIVERY), "claim of more rows"), key=lambda r: int(r.id))
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

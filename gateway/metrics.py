"""Prometheus metrics, counted across every process.

prometheus-client runs in multiprocess mode: each process (API workers, RQ
workers, scheduler) writes its counters to mmapped files in
`PROMETHEUS_MULTIPROC_DIR` (default `instance/prometheus/`), and `/metrics`
sums them (`gateway/api/metrics.py`). Figures that live elsewhere (queue depth and circuit state in
Redis, audit chain length in the database) are read at scrape time.

The recording helpers are no-ops until `init_app` ran, so the areas can
call them unconditionally.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask

from .config import metrics_dir, share_metrics_dir

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)

@dataclass(frozen=True)
class _Metrics:
    messages: Any
    provider_latency: Any
    retries: Any
    failovers: Any
    webhook_rejections: Any
    audit_anchor_head: Any
    audit_verified_records: Any
    possible_duplicates: Any


_metrics: _Metrics | None = None


def reset_multiproc_dir(instance_path: Path | str) -> None:
    """Empty the directory before a supervisor starts its children (`up`):
    files of processes from an earlier run would otherwise be summed in."""
    directory = metrics_dir(instance_path)
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True, exist_ok=True)


def _create() -> _Metrics:
    from prometheus_client import Counter, Gauge, Histogram, values

    # The value class is chosen when prometheus_client is imported; make sure
    # it is the mmapped one even if something imported it before the env var.
    if not getattr(values.ValueClass, "_multiprocess", False):
        values.ValueClass = values.MultiProcessValue()
    return _Metrics(
        messages=Counter("gateway_messages", "Delivery status changes, by channel, provider "
                         "and the status reached", ["channel", "provider", "status"]),
        provider_latency=Histogram("gateway_provider_call_seconds",
                                   "Duration of one provider send call (a whole batch)",
                                   ["channel", "provider"], buckets=LATENCY_BUCKETS),
        retries=Counter("gateway_retries", "Deliveries deferred for a retry after a provider "
                        "error", ["channel", "provider"]),
        failovers=Counter("gateway_failovers", "Deliveries handed to the next provider",
                          ["channel", "from_provider", "to_provider"]),
        webhook_rejections=Counter("gateway_webhook_rejections", "Inbound webhooks refused "
                                   "(bad signature, stale timestamp, bad body)",
                                   ["source", "reason"]),
        audit_anchor_head=Gauge("gateway_audit_anchor_head_id", "Audit record id of the last "
                                "anchored chain head", multiprocess_mode="mostrecent"),
        audit_verified_records=Gauge("gateway_audit_verified_records", "Records in the audit "
                                     "chain at the last successful verify",
                                     multiprocess_mode="mostrecent"),
        possible_duplicates=Counter(
            "gateway_possible_duplicates", "Messages sent again although an earlier attempt "
            "may have reached the provider: cause=crash (the holder's lease ran out) or "
            "ambiguous (a timeout or lost connection); recovered=1 when a provider lookup "
            "found the earlier message and nothing was sent again",
            ["channel", "provider", "cause", "recovered"]),
    )


def init_app(app: Flask) -> None:
    """Point this process at the shared directory and create the metrics once
    per process. `/metrics` itself is served by `api/metrics.py`."""
    global _metrics
    directory = metrics_dir(app.config["GATEWAY"].instance_path)
    directory.mkdir(parents=True, exist_ok=True)
    share_metrics_dir(directory)
    if _metrics is None:
        _metrics = _create()


# -- recording helpers -------------------------------------------------------

@contextmanager
def provider_call(channel: str, provider: str) -> Iterator[None]:
    """Time one provider call (errors included: a timeout is latency too)."""
    start = time.perf_counter()
    try:
        yield
    finally:
        if _metrics is not None:
            _metrics.provider_latency.labels(channel, provider).observe(time.perf_counter() - start)


def provider_seconds(channel: str, provider: str, seconds: float) -> None:
    """Record one group of provider answers' latency (the slowest request's)."""
    if _metrics is not None:
        _metrics.provider_latency.labels(channel, provider).observe(seconds)


def delivery_events(channel: str, events: Iterable[dict[str, Any]]) -> None:
    """Count one batch's delivery events: status reached, retries, failovers."""
    if _metrics is None:
        return
    counts: dict[tuple[str, str, str], int] = {}
    for event in events:
        detail = event.get("detail") or {}
        status, provider = event["status"], str(detail.get("provider") or "none")
        if status == "failover":
            _metrics.failovers.labels(channel, provider, str(detail.get("to") or "none")).inc()
            continue
        if status == "deferred" and detail.get("reason") == "retry":
            _metrics.retries.labels(channel, provider).inc()
        key = (channel, provider, status)
        counts[key] = counts.get(key, 0) + 1
    for (ch, provider, status), n in counts.items():
        _metrics.messages.labels(ch, provider, status).inc(n)


def possible_duplicates(channel: str, provider: str, cause: str, recovered: bool,
                        n: int = 1) -> None:
    if _metrics is not None and n:
        _metrics.possible_duplicates.labels(channel, provider, cause, str(int(recovered))).inc(n)


def webhook_rejected(source: str, reason: str) -> None:
    """For webhook views: `source` e.g. `sendgrid`, `twilio`; `reason` e.g.
    `bad_signature`, `stale_timestamp`, `bad_body`."""
    if _metrics is not None:
        _metrics.webhook_rejections.labels(source, reason).inc()


def audit_anchored(head_id: int, records: int) -> None:
    if _metrics is not None:
        _metrics.audit_anchor_head.set(head_id)


def audit_verified(records: int) -> None:
    if _metrics is not None:
        _metrics.audit_verified_records.set(records)


# -- scrape ------------------------------------------------------------------

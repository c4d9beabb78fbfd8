"""`GET /metrics`: the Prometheus scrape endpoint over every process's counters.

The HTTP side of `gateway.metrics`, with the figures read at scrape time (queue
depth, circuit state, chain length); kept apart so that workers, which only
record, never load the API layer.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from typing import Any

from flask import Blueprint, Flask, Response, current_app, request

from ..audit import chain
from ..errors import Unauthorized
from ..providers.guards import CircuitBreaker
from ..queues import QUEUES
from ..vocabulary import CHANNELS
from .routing import endpoint

bp = Blueprint("metrics", __name__)


def _check_token() -> None:
    token = current_app.config["GATEWAY"].metrics_token
    if not token:
        return
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(),
                                                             token.encode()):
        raise Unauthorized("/metrics needs 'Authorization: Bearer <METRICS_TOKEN>'.")


@endpoint(bp, "/metrics", "GET", summary="Prometheus metrics (Bearer METRICS_TOKEN when set)",
          action=None, responses={200: "Prometheus text format", 401: "Missing or wrong token"},
          produces="text/plain")
def metrics_view() -> Any:
    from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
    from prometheus_client.multiprocess import MultiProcessCollector

    _check_token()
    registry = CollectorRegistry()
    MultiProcessCollector(registry)
    registry.register(LiveCollector(current_app._get_current_object()))  # type: ignore[attr-defined]
    return Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)


class LiveCollector:
    """Figures read at scrape time: queue depth, circuit state, chain length."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def collect(self) -> Iterator[Any]:
        from prometheus_client.core import GaugeMetricFamily
        from rq import Queue

        conn = self.app.extensions["gateway.redis"]
        depth = GaugeMetricFamily("gateway_queue_depth", "Jobs waiting per RQ queue",
                                  labels=["queue"])
        for name in QUEUES:
            depth.add_metric([name], Queue(name, connection=conn).count)
        yield depth

        config = self.app.config["GATEWAY"]
        circuit = GaugeMetricFamily("gateway_circuit_open", "1 while a provider's circuit "
                                    "breaker is open (calls skipped), else 0",
                                    labels=["provider"])
        providers = sorted({p for ch in CHANNELS
                            for p in config.providers_for(ch)})
        for provider in providers:
            state = CircuitBreaker(conn, provider).state()
            circuit.add_metric([provider], 1.0 if state == "open" else 0.0)
        yield circuit

        yield GaugeMetricFamily("gateway_audit_chain_length", "Records in the audit chain",
                                value=float(chain.length()))

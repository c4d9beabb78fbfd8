"""`GET /metrics`: the Prometheus scrape endpoint over every process's counters.

The HTTP side of `gateway.metrics`, kept apart so that workers, which only
record, never load the API layer.
"""

from __future__ import annotations

import hmac
from typing import Any

from flask import Blueprint, Response, current_app, request

from ..errors import Unauthorized
from ..metrics import LiveCollector
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

"""Liveness and readiness probes."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from ..queues import connection
from ..store.db import ping
from .routing import endpoint

bp = Blueprint("health", __name__)


@endpoint(bp, "/healthz", "GET", summary="The process is up", action=None)
def healthz() -> Any:
    return {"ok": True}


@endpoint(bp, "/readyz", "GET", summary="Database and Redis are reachable (else 503)",
          action=None, responses={200: None, 503: "Not ready"})
def readyz() -> Any:
    checks: dict[str, str] = {}
    try:
        ping()
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means not ready
        checks["database"] = f"error: {type(exc).__name__}"
    try:
        connection().ping()
        checks["redis"] = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means not ready
        checks["redis"] = f"error: {type(exc).__name__}"
    ready = all(v == "ok" for v in checks.values())
    return {"ready": ready, "checks": checks}, 200 if ready else 503

"""Queues by priority, so a critical incident never waits behind a low one."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

import redis
from flask import current_app
from rq import Queue

# Workers listen in this order: the first non-empty queue wins.
QUEUES = ("critical", "high", "default", "low")
_BY_SEVERITY = {"critical": "critical", "high": "high", "medium": "default", "low": "low"}
JOB_TIMEOUT = 600


def queue_name(severity: str) -> str:
    return _BY_SEVERITY[severity]


def connection() -> redis.Redis:
    conn: redis.Redis = current_app.extensions["gateway.redis"]
    return conn


def enqueue(severity: str, func: Callable[..., Any] | str, *args: Any, at_front: bool = False,
            job_id: str | None = None) -> None:
    """`func` a job function or its dotted name (RQ stores the name either way)."""
    queue = Queue(queue_name(severity), connection=connection())
    options: dict[str, Any] = {"job_timeout": JOB_TIMEOUT, "result_ttl": 0,
                               "failure_ttl": 7 * 86400, "at_front": at_front, "job_id": job_id}
    if isinstance(func, str):  # rq types the reference as one or the other, not either
        queue.enqueue(func, *args, **options)
    else:
        queue.enqueue(func, *args, **options)


def send_job_id(channel: str, ids: Sequence[int]) -> str:
    """A send job's RQ id names the span of delivery ids it covers, so the
    forgotten-rows sweep can tell a waiting row from a lost one without
    reading the jobs."""
    return f"send_{channel}_{min(ids)}_{max(ids)}_{uuid.uuid4().hex[:12]}"


def parse_send_job_id(value: str) -> tuple[str, int, int] | None:
    parts = value.split("_")
    if len(parts) != 5 or parts[0] != "send":
        return None
    try:
        return parts[1], int(parts[2]), int(parts[3])
    except ValueError:
        return None

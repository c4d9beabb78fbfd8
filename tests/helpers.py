"""Helpers for tests: auth headers, draining queues, making customers."""

from __future__ import annotations

import os
import queue
import socket
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import IO, Any
from zoneinfo import ZoneInfo

from flask import Flask
from flask.testing import FlaskClient

from gateway.config import Config

# What the gateway reads from the environment for providers, webhooks and sending.
ENV_FIELDS = ("providers", "sendgrid_webhook_public_key", "rate_limits",
              "delivery_lease_seconds", "send_batch_size", "log_level")


def reread_env(app: Flask) -> None:
    """What a restart does: the app's Config takes the environment again.

    The gateway reads the environment once, at startup (gateway/config.py);
    tests set provider variables with monkeypatch after the app exists."""
    config = app.config["GATEWAY"]
    fresh = Config.from_env({**os.environ, "GATEWAY_INSTANCE_PATH": str(config.instance_path)})
    app.config["GATEWAY"] = replace(config, **{name: getattr(fresh, name) for name in ENV_FIELDS})


def iso_from_now(**delta: float) -> str:
    """An ISO 8601 UTC time relative to now (tests never use fixed dates:
    promised times must lie ahead at intake)."""
    return (datetime.now(UTC) + timedelta(**delta)).isoformat(timespec="seconds").replace(
        "+00:00", "Z")


# The facts of a sample outage: lint-clean, so incidents go out without approval.
FACTS = {
    "what_happened": "Our checkout stopped taking payments at 09:10.",
    "started_at": iso_from_now(hours=-1),
    "impact": "You could not pay for your order.",
    "actions_taken": "We switched checkout back to the previous version at 09:40.",
    "next_update_at": iso_from_now(days=1),
}


def auth(key: str, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}", **headers}


def run_worker(app: Flask) -> None:
    """Drain every queue with a real RQ worker in this process."""
    from gateway.jobs.worker import make_worker

    make_worker(app).work(burst=True, logging_level="WARNING")


def put_customer(client: FlaskClient, key: str, external_id: str, **fields: Any) -> Any:
    body = {"email": f"{external_id}@example.com", "timezone": "Europe/Berlin", **fields}
    response = client.put(f"/v1/customers/{external_id}", json=body, headers=auth(key))
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def follow(stream: IO[str]) -> queue.Queue[str]:
    """A child's output, line by line, read in the background."""
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        for line in iter(stream.readline, ""):
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    return lines


def wait_for_line(lines: queue.Queue[str], prefix: str, timeout: float = 90) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            continue
        if line.startswith(prefix):
            return line.strip()
    raise AssertionError(f"the gateway never printed a line starting with {prefix!r}")


DAYTIME = range(10, 16)  # local hours far from quiet hours (21:00–08:00), even an hour later
NIGHT = range(0, 6)


def zone_where_hour_is(hours: range) -> str:
    """A timezone whose local hour is in `hours` now: tests about quiet hours
    must not depend on when the suite runs (a UTC customer is asleep at 23:00 UTC)."""
    now = datetime.now(UTC)
    for offset in range(-12, 15):
        zone = f"Etc/GMT{-offset:+d}" if offset else "UTC"
        if now.astimezone(ZoneInfo(zone)).hour in hours:
            return zone
    raise AssertionError(f"no timezone has a local hour in {hours}")

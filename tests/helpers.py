"""Helpers for tests: auth headers, draining queues, making customers."""

from __future__ import annotations

import queue
import socket
import threading
import time
from typing import IO, Any

from flask import Flask
from flask.testing import FlaskClient


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

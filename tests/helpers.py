"""Helpers for tests: auth headers, draining queues, making customers."""

from __future__ import annotations

from typing import Any

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

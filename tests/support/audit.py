"""The audit tests' setup: a dispatched incident, rows changed the way an
attacker with database access would, no anchors left from another test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import text

from gateway.reports.verify import anchors_path
from gateway.store.db import db
from tests.support.api import auth, incident_body, put_customer
from tests.support.pipeline import run_worker


def dispatch(app: Flask, client: Any, keys: dict[str, str], customers: int = 5,
             idem: str = "k1", **overrides: Any) -> int:
    """Customers, an incident, and a real RQ worker run through the outbox."""
    for i in range(customers):
        put_customer(client, keys["system"], f"c{i}", phone=f"+4915112345{i:03d}")
    r = client.post("/v1/incidents", json=incident_body(**overrides),
                    headers=auth(keys["system"], **{"Idempotency-Key": idem}))
    assert r.status_code == 202, r.get_json()
    run_worker(app)
    return int(r.get_json()["id"])


def tamper(sql: str, **params: Any) -> None:
    """Change rows as an attacker with database access would: on PostgreSQL
    the append-only trigger is switched off first (as superuser)."""
    db.session.rollback()  # the session's read transaction holds SQLite's write lock
    postgres = db.engine.dialect.name == "postgresql"
    with db.engine.begin() as conn:
        if postgres:
            conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER ALL"))
        conn.execute(text(sql), params)
        if postgres:
            conn.execute(text("ALTER TABLE audit_log ENABLE TRIGGER ALL"))


@pytest.fixture(autouse=True)
def _no_stale_anchors(app: Flask) -> Iterator[None]:
    with app.app_context():
        path = anchors_path()
    path.unlink(missing_ok=True)
    yield
    path.unlink(missing_ok=True)


@pytest.fixture
def dispatched(app: Flask, client: Any, keys: dict[str, str]) -> int:
    return dispatch(app, client, keys)

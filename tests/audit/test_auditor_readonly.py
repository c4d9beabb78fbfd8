"""An auditor key changes nothing anywhere: every write route in the app
(enumerated from the URL map, so routes added later are covered too) is
refused and leaves every table as it was."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from gateway.api.routing import registry
from gateway.store.db import db
from tests.support.api import auth
from tests.support.audit import dispatch

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
SIGN_IN = re.compile(r"^/console/(login|sign-?in)")  # exchanging a key for a session


def snapshot():
    counts = {}
    for table in db.metadata.sorted_tables:
        counts[table.name] = db.session.execute(select(func.count()).select_from(table)).scalar()
    db.session.rollback()
    return counts


def write_routes(app):
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) & WRITE_METHODS):
            yield rule, method


def test_no_write_operation_admits_the_auditor_role():
    writes = [op for op in registry.operations if op.method != "get"]
    assert writes
    for op in writes:
        assert op.roles is None or "auditor" not in op.roles, f"{op.method} {op.path}"


def test_every_write_endpoint_refuses_an_auditor_key(app, client, keys):
    incident = dispatch(app, client, keys, customers=2)
    with app.app_context():
        before = snapshot()
    tried = []
    for rule, method in write_routes(app):
        values = {}
        for arg in rule.arguments:
            converter = rule._converters[arg].__class__.__name__  # noqa: SLF001
            values[arg] = incident if "Integer" in converter else "c0"
        path = rule.build(values, append_unknown=False)[1]
        headers = auth(keys["auditor"], **{"Idempotency-Key": f"ro-{len(tried)}"})
        bodies = {"json": {"reason": "x", "stage": "resolved", "message": "All fixed.",
                           "email": "x@example.com"}}
        r = client.open(path, method=method, headers=headers, **bodies)
        tried.append((method, path, r.status_code))
        if SIGN_IN.match(path):
            continue
        if path.startswith("/v1/webhooks/"):  # no signature (or not even the form it signs)
            assert r.status_code in (403, 415), (method, path, r.status_code, r.get_json())
        elif path.startswith("/v1/"):
            assert r.status_code == 403, (method, path, r.status_code, r.get_json())
        else:  # customer pages (token invalid), console (no session or CSRF token)
            assert r.status_code in (302, 303, 400, 401, 403, 404, 415), (
                method, path, r.status_code)
    with app.app_context():
        assert snapshot() == before, tried
    assert {("POST", "/v1/incidents"), ("PUT", "/v1/customers/c0"),
            ("DELETE", "/v1/customers/c0")} <= {(m, p) for m, p, _ in tried}
    assert any(p.endswith("/approve") for _, p, _ in tried)
    assert any(p.endswith("/cancel") for _, p, _ in tried)
    assert any(p.endswith("/updates") for _, p, _ in tried)


@pytest.mark.parametrize("role", ["auditor"])
def test_auditor_can_read_what_it_needs(client, keys, role, dispatched):
    for path in ("/v1/audit", "/v1/audit/verify", f"/v1/incidents/{dispatched}",
                 f"/v1/incidents/{dispatched}/deliveries", f"/v1/incidents/{dispatched}/report",
                 f"/v1/incidents/{dispatched}/deliveries.csv",
                 f"/v1/incidents/{dispatched}/deliveries.ndjson"):
        assert client.get(path, headers=auth(keys[role])).status_code == 200, path

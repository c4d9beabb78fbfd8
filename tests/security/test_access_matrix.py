"""Access: every endpoint in `registry.operations` × every role × no key /
unknown key / revoked key, against the SPEC's role table; the failed-auth
rate limit."""

from __future__ import annotations

import itertools

import pytest

from gateway.api.routing import registry
from tests.support.api import auth

ROLES = ("system", "comms", "approver", "auditor", "admin")
BREACH = {"what_happened": "A report was readable by others.",
          "impact": "Your email address was visible.",
          "actions_taken": "We closed access at 10:00."}
EVERY = {"system", "comms", "approver", "auditor"}
# SPEC.md, "HTTP API": roles besides admin; None = public (webhooks check signatures).
SPEC_ROLES: dict[tuple[str, str], set[str] | None] = {
    ("put", "/v1/customers/{external_id}"): {"system"},
    ("delete", "/v1/customers/{external_id}"): {"system"},
    ("post", "/v1/customers/bulk"): {"system"},
    ("get", "/v1/customers/{external_id}"): {"system", "comms"},
    ("post", "/v1/incidents"): {"system", "comms"},
    ("post", "/v1/incidents/{id}/updates"): {"system", "comms"},
    ("post", "/v1/incidents/{id}/cancel"): {"system", "comms"},
    ("post", "/v1/incidents/{id}/approve"): {"approver"},
    ("post", "/v1/incidents/{id}/reject"): {"approver"},
    ("get", "/v1/incidents/{id}"): EVERY,
    ("get", "/v1/incidents/{id}/deliveries"): EVERY,
    ("get", "/v1/incidents/{id}/report"): EVERY,
    ("post", "/v1/templates/preview"): {"comms"},
    ("get", "/v1/templates"): {"comms", "approver", "auditor"},
    ("get", "/v1/audit"): {"auditor"},
    ("get", "/v1/audit/verify"): {"auditor"},
    ("get", "/v1/incidents/{id}/deliveries.csv"): {"auditor"},
    ("get", "/v1/incidents/{id}/deliveries.ndjson"): {"auditor"},
    ("post", "/v1/complaints"): {"system", "comms"},
    ("get", "/v1/complaints"): {"system", "comms", "auditor"},
    ("get", "/v1/complaints/report"): {"system", "comms", "auditor"},
    ("get", "/v1/complaints/{id}"): {"system", "comms", "auditor"},
    ("get", "/v1/customers/{external_id}/history"): {"system", "comms", "auditor"},
    ("post", "/v1/complaints/{id}/assign"): {"comms"},
    ("post", "/v1/complaints/{id}/contact"): {"comms"},
    ("post", "/v1/complaints/{id}/resolve"): {"comms"},
    ("post", "/v1/complaints/{id}/topic"): {"comms"},
    ("put", "/v1/compensation-policies/{name}"): {"admin"},  # admin only
    ("get", "/v1/incidents/{id}/compensation"): {"system", "auditor"},
    ("get", "/v1/incidents/{id}/compensation.csv"): {"system", "auditor"},
    ("get", "/v1/incidents/{id}/compensation.ndjson"): {"system", "auditor"},
    ("post", "/v1/incidents/{id}/compensation/payments"): {"system"},
    ("post", "/v1/signals"): {"system"},
    ("put", "/v1/signal-rules/{topic}"): {"comms"},
    ("get", "/v1/signal-rules"): {"comms", "auditor"},
    ("get", "/v1/signal-rules/{topic}"): {"comms", "auditor"},
    ("get", "/v1/warnings"): {"comms", "auditor"},
    ("get", "/v1/warnings/{id}"): {"comms", "auditor"},
    ("get", "/healthz"): None,
    ("get", "/readyz"): None,
    ("get", "/metrics"): None,
    ("get", "/openapi.json"): None,
    ("post", "/v1/webhooks/sendgrid"): None,
    ("post", "/v1/webhooks/twilio/status"): None,
    ("post", "/v1/webhooks/twilio/inbound"): None,
}
# Endpoints the SPEC's table leaves open, with the roles the team chose.
BEYOND_SPEC: dict[tuple[str, str], set[str] | None] = {
    ("put", "/v1/incidents/{id}"): {"system", "comms"},  # edit while pending approval
    ("post", "/v1/webhooks/chat/inbound"): None,  # a customer's chat reply, signed
    ("get", "/v1/compensation-policies/{name}"): {"comms", "approver", "auditor"},  # read-only
}


def _declared() -> dict[tuple[str, str], set[str] | None]:
    return {(op.method, op.path): (set(op.roles) if op.roles is not None else None)
            for op in registry.operations}


def _guarded() -> list[tuple[str, str]]:
    from gateway.api import blueprints

    blueprints()  # the registry fills as the blueprints load
    table = {**SPEC_ROLES, **BEYOND_SPEC}
    return sorted(k for k in {*SPEC_ROLES, *(set(BEYOND_SPEC) & set(_declared()))}
                  if table[k] is not None)
_addresses = (f"10.9.{a}.{b}" for a, b in itertools.product(range(256), range(1, 255)))


def test_every_endpoint_is_in_the_role_table_and_matches_it(app):
    declared = _declared()
    table = {**SPEC_ROLES, **BEYOND_SPEC}
    assert set(SPEC_ROLES) <= set(declared), set(SPEC_ROLES) - set(declared)
    assert set(declared) <= set(table), f"add to the role table: {set(declared) - set(table)}"
    assert {k: table[k] for k in declared} == declared


def _url(path: str, incident_id: int) -> str:
    return (path.replace("{external_id}", "c1").replace("{id}", str(incident_id))
            .replace("{topic}", "orders.late"))


def _call(client, method: str, path: str, headers: dict[str, str] | None = None):
    """Each call from its own address, so the failed-auth brake stays out of it."""
    response = client.open(path, method=method.upper(), json={}, headers=headers or {},
                           environ_base={"REMOTE_ADDR": next(_addresses)})
    response.get_data()  # streamed exports: finish them before the next request
    return response


@pytest.fixture
def incident_id(app, client, keys) -> int:
    client.put("/v1/customers/c1", json={"email": "c1@example.com"}, headers=auth(keys["system"]))
    r = client.post("/v1/incidents", headers=auth(keys["system2"], **{"Idempotency-Key": "m1"}),
                    json={"kind": "data_breach", "severity": "high", "title": "Data exposed",
                          "facts": BREACH,
                          "audience": {"all": True}})
    assert r.status_code == 202, r.get_json()
    return int(r.get_json()["id"])


@pytest.mark.parametrize("method, path", _guarded())
def test_role_matrix(app, client, keys, incident_id, method, path):
    from gateway.access.keys import create_key, revoke_key

    allowed = {**SPEC_ROLES, **BEYOND_SPEC}[(method, path)]
    assert allowed is not None
    url = _url(path, incident_id)
    for role in ROLES:
        r = _call(client, method, url, auth(keys[role]))
        assert r.status_code != 500, (role, r.get_data(as_text=True))
        if role == "admin" or role in allowed:
            assert r.status_code not in (401, 403), (role, r.get_json())
        else:
            assert r.status_code == 403, (role, r.status_code)
            assert r.get_json()["error"]["code"] == "forbidden"
    with app.app_context():
        revoked = create_key(sorted(allowed)[0], "revoked-one")
        revoke_key("revoked-one")
    for headers in ({}, auth("gw_" + "x" * 43), {"Authorization": "Basic abc"},
                    auth(keys["system"][:-1] + ("A" if keys["system"][-1] != "A" else "B")),
                    auth(revoked)):
        r = _call(client, method, url, headers)
        assert r.status_code == 401, (headers, r.status_code)
        assert r.get_json()["error"]["code"] == "unauthorized"


def test_failed_authentication_is_rate_limited_per_address(app, client, keys):
    limit = app.config["GATEWAY"].auth_failures_per_minute
    attacker = {"REMOTE_ADDR": "203.0.113.7"}
    for _ in range(3):  # no key at all is not guessing: not counted
        assert client.get("/v1/templates", environ_base=attacker).status_code == 401
    for i in range(limit):
        r = client.get("/v1/templates", headers=auth(f"gw_guess{i}"), environ_base=attacker)
        assert r.status_code == 401, i
    r = client.get("/v1/templates", headers=auth("gw_guess-more"), environ_base=attacker)
    assert r.status_code == 429
    assert r.get_json()["error"]["code"] == "too_many_failed_attempts"
    assert 1 <= int(r.headers["Retry-After"]) <= 60
    # Even the right key waits, from that address: guessing cannot go on.
    r = client.get("/v1/templates", headers=auth(keys["comms"]), environ_base=attacker)
    assert r.status_code == 429
    other = {"REMOTE_ADDR": "198.51.100.8"}
    assert client.get("/v1/templates", headers=auth(keys["comms"]),
                      environ_base=other).status_code == 200


def test_approval_by_the_creating_key_is_forbidden(client, keys, incident_id):
    from gateway.access.keys import create_key

    r = client.post(f"/v1/incidents/{incident_id}/approve", json={},
                    headers=auth(keys["system2"]))
    assert r.status_code == 403  # system2 created it; and it is not an approver
    with client.application.app_context():
        approver = create_key("approver", "approver-creator")
    client.put("/v1/customers/c2", json={"email": "c2@example.com"}, headers=auth(keys["system"]))
    r = client.post("/v1/incidents", headers=auth(keys["admin"], **{"Idempotency-Key": "m2"}),
                    json={"kind": "data_breach", "severity": "high", "title": "Data exposed",
                          "facts": BREACH,
                          "audience": {"all": True}})
    own = r.get_json()["id"]
    assert client.post(f"/v1/incidents/{own}/approve", json={},
                       headers=auth(keys["admin"])).status_code == 403
    assert approver  # a different approver key may
    assert client.post(f"/v1/incidents/{own}/approve", json={},
                       headers=auth(approver)).status_code == 200

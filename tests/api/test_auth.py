"""Role boundaries: 401 for no/unknown/revoked keys, 403 for the wrong role."""

from __future__ import annotations

import pytest

from tests.support.api import auth

# (method, path, roles allowed besides admin)
ENDPOINTS = [
    ("PUT", "/v1/customers/x1", {"system"}),
    ("DELETE", "/v1/customers/x1", {"system"}),
    ("POST", "/v1/customers/bulk", {"system"}),
    ("GET", "/v1/customers/x1", {"system", "comms"}),
    ("POST", "/v1/incidents", {"system", "comms"}),
    ("GET", "/v1/incidents/1", {"system", "comms", "approver", "auditor"}),
    ("POST", "/v1/incidents/1/approve", {"approver"}),
    ("POST", "/v1/incidents/1/reject", {"approver"}),
    ("POST", "/v1/incidents/1/cancel", {"system", "comms"}),
]
ROLES = ("system", "comms", "approver", "auditor", "admin")


@pytest.mark.parametrize("method, path, allowed", ENDPOINTS)
def test_role_matrix(client, keys, method, path, allowed):
    for role in ROLES:
        r = client.open(path, method=method, headers=auth(keys[role]), json={})
        if role in allowed or role == "admin":
            assert r.status_code not in (401, 403), (role, r.get_json())
        else:
            assert r.status_code == 403, (role, r.status_code)
            assert r.get_json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize("method, path, allowed", ENDPOINTS)
def test_missing_unknown_and_revoked_keys_are_401(app, client, keys, method, path, allowed):
    assert client.open(path, method=method, json={}).status_code == 401
    assert client.open(path, method=method, json={},
                       headers=auth("gw_not-a-real-key")).status_code == 401
    assert client.open(path, method=method, json={},
                       headers={"Authorization": "Basic abc"}).status_code == 401
    from gateway.access.keys import revoke_key
    with app.app_context():
        revoke_key("test-system")
        revoke_key("test-approver")
    revoked = keys["system"] if "system" in allowed else keys["approver"]
    r = client.open(path, method=method, json={}, headers=auth(revoked))
    assert r.status_code == 401


def test_keys_are_stored_only_as_hashes(app, keys):
    from gateway.access.models import ApiKey
    from gateway.store.db import db
    with app.app_context():
        stored = {k.key_hash for k in db.session.query(ApiKey)}
    assert not stored & set(keys.values())
    assert all(len(h) == 64 for h in stored)

"""The access area: one table says which role may do what, and both the API's
endpoints and the console's pages and actions ask it."""

from __future__ import annotations

import pytest

from gateway import access
from gateway.api.routing import registry
from gateway.console.session import ACTIONS as CONSOLE_ACTIONS
from gateway.console.session import PAGES as CONSOLE_PAGES
from gateway.console.session import Staff
from tests.support.api import FACTS, auth, put_customer
from tests.support.console import console_client

# The console's own role tables as they stood before the access area (admin aside):
# moving them must not change who may open what.
CONSOLE_BEFORE: dict[str, tuple[str, ...]] = {
    "templates": ("comms",),
    "compose": ("comms",),
    "approvals": ("approver",),
    "incidents": ("comms", "approver", "auditor"),
    "audit": ("auditor",),
    "complaints": ("comms", "auditor"),
    "customers": ("comms", "auditor"),
    "signals": ("comms", "auditor"),
    "edit": ("comms",),
    "post_update": ("comms",),
    "cancel": ("comms",),
    "handle_reply": ("comms",),
    "export": ("auditor",),
    "handle_complaint": ("comms",),
}
CONSOLE_NAMES = {**CONSOLE_PAGES, **CONSOLE_ACTIONS}


@pytest.fixture
def operations(app):
    from gateway.api import blueprints

    blueprints()  # the registry fills as the blueprints load
    return registry.operations


def test_roles_and_staff_roles():
    from gateway.access import keys

    assert keys.ROLES is access.ROLES  # the key CLI checks roles against the same list
    assert access.STAFF_ROLES == ("comms", "approver", "auditor", "admin")


def test_admin_may_everything_and_unknown_actions_fail_loudly():
    assert all(access.may("admin", action) for action in access.ACTIONS)
    with pytest.raises(KeyError):
        access.may("admin", "no.such.action")
    assert not any(access.staff_may("system", action) for action in access.ACTIONS)


def test_every_guarded_operation_names_an_action_of_the_table(operations):
    guarded = [op for op in operations if op.action is not None]
    assert len(guarded) > 30
    for op in guarded:
        assert op.action in access.ACTIONS, (op.method, op.path, op.action)
        assert op.roles == access.ACTIONS[op.action]
    public = {(op.method, op.path) for op in operations if op.action is None}
    assert all(p.startswith(("/v1/webhooks/", "/healthz", "/readyz", "/metrics", "/openapi"))
               for _, p in public), public


def test_every_action_is_used_by_the_api_or_the_console(operations):
    used = {op.action for op in operations} | set(CONSOLE_NAMES.values())
    assert set(access.ACTIONS) <= used, set(access.ACTIONS) - used


def test_a_misspelt_action_is_refused_when_the_endpoint_is_declared():
    from flask import Blueprint

    from gateway.api.routing import endpoint

    with pytest.raises(KeyError):
        endpoint(Blueprint("x", __name__), "/x", "GET", summary="x", action="incident.create")


@pytest.mark.parametrize("role", access.ROLES)
@pytest.mark.parametrize("name", sorted(CONSOLE_BEFORE))
def test_the_console_decides_as_the_access_table_and_as_before(role, name):
    expected = role == "admin" or role in CONSOLE_BEFORE[name]
    if role in access.STAFF_ROLES:
        assert Staff(1, "x", role).may(name) is expected
    assert access.staff_may(role, CONSOLE_NAMES[name]) is (expected and role != "system")
    staff_roles = tuple(r for r in access.roles_for(CONSOLE_NAMES[name])
                        if r in access.STAFF_ROLES)
    assert staff_roles == CONSOLE_BEFORE[name]


def test_every_console_page_and_action_is_known():
    assert set(CONSOLE_NAMES) == set(CONSOLE_BEFORE)
    with pytest.raises(KeyError):
        Staff(1, "x", "admin").may("no_such_page")


def test_openapi_states_the_tables_roles(client, operations):
    spec = client.get("/openapi.json").get_json()
    for op in operations:
        stated = spec["paths"][op.path][op.method].get("x-roles")
        expected = None if op.action is None else [*access.roles_for(op.action), "admin"]
        assert stated == expected, (op.method, op.path)


def test_the_api_asks_the_table(client, keys):
    put_customer(client, keys["system"], "c1")
    body = {"kind": "outage", "severity": "high", "title": "Checkout down", "facts": FACTS,
            "audience": {"customer_ids": ["c1"]}, "channels": ["email"]}
    r = client.post("/v1/incidents", json=body,
                    headers=auth(keys["auditor"], **{"Idempotency-Key": "a1"}))
    assert r.status_code == 403
    assert r.get_json()["error"]["message"] == \
        "The role 'auditor' may not do this; allowed: system, comms, admin."
    r = client.post("/v1/incidents", json=body,
                    headers=auth(keys["admin"], **{"Idempotency-Key": "a2"}))
    assert r.status_code == 202, r.get_json()
    incident = r.get_json()["id"]
    r = client.get(f"/v1/incidents/{incident}/deliveries.csv", headers=auth(keys["comms"]))
    assert r.get_json()["error"]["message"] == \
        "The role 'comms' may not do this; allowed: auditor, admin."
    assert client.get(f"/v1/incidents/{incident}/deliveries.csv",
                      headers=auth(keys["auditor"])).status_code == 200


def test_the_console_asks_the_table(app, keys):
    c, _ = console_client(app, keys["auditor"])
    assert c.get("/console/compose").status_code == 403  # incidents.create: system, comms
    assert c.get("/console/audit").status_code == 200  # audit.read: auditor

"""Policies over HTTP, previews and the console before sending, roles, hostile input."""

from __future__ import annotations

from sqlalchemy import func, select

from gateway.compensation.models import CompensationPolicy, IncidentCompensation
from gateway.incidents.models import Incident
from gateway.store.db import db
from tests.support.api import auth
from tests.support.compensation import EN, PERCENT, customer, post_incident, put_policy
from tests.support.console import console_client


def _count(app, model) -> int:
    with app.app_context():
        n = db.session.execute(select(func.count()).select_from(model)).scalar_one()
        db.session.remove()
        return int(n)


def test_policies_are_versioned_and_only_admins_define_them(app, client, keys):
    first = put_policy(client, keys)
    assert (first["name"], first["version"]) == ("outage-credit", 1)
    assert first["definition"]["percent_per_hour"] == "2.5"
    for role in ("system", "comms", "approver", "auditor"):
        r = client.put("/v1/compensation-policies/outage-credit", json=PERCENT,
                       headers=auth(keys[role]))
        assert r.status_code == 403, role
    got = client.get("/v1/compensation-policies/outage-credit", headers=auth(keys["comms"]))
    assert got.status_code == 200 and got.get_json()["version"] == 1
    assert client.get("/v1/compensation-policies/nope",
                      headers=auth(keys["comms"])).status_code == 404
    assert client.put("/v1/compensation-policies/outage-credit",
                      json=PERCENT).status_code == 401


def test_hostile_policies_and_names_are_refused_and_store_nothing(app, client, keys):
    bodies = [
        {**PERCENT, "percent_per_hour": "1e400"},
        {**PERCENT, "max": "99999999999"},
        {**PERCENT, "min": "10", "max": "1"},
        {**PERCENT, "eligible": {"tags_any": ["\u202eevil"]}},
        {**PERCENT, "eligible": {"attributes": {"plan": {"$ne": 1}}}},
        {**PERCENT, "type": "lottery"},
        [PERCENT],
        "fixed",
    ]
    for body in bodies:
        r = client.put("/v1/compensation-policies/p", json=body, headers=auth(keys["admin"]))
        assert r.status_code == 422, (body, r.get_json())
        assert r.get_json()["error"]["details"]
    for name in ("a b", "x" * 101, "..%2F..%2Fetc", "<script>"):
        r = client.put(f"/v1/compensation-policies/{name}", json=PERCENT,
                       headers=auth(keys["admin"]))
        assert r.status_code in (404, 422), name  # 404: the router never matched the path
    r = client.put("/v1/compensation-policies/p", data=b"\xff\xfe", headers=auth(
        keys["admin"], **{"Content-Type": "application/json"}))
    assert r.status_code == 400
    assert _count(app, CompensationPolicy) == 0


def test_incidents_that_misname_a_policy_are_refused(app, client, keys):
    put_policy(client, keys)
    customer(client, keys, "a")
    for compensation, status, field in [  # a name that names nothing; a state conflict
            ({"policy": "nope", "impact_hours": 1}, 404, "facts.compensation.policy"),
            ({"policy": "outage-credit"}, 409, "facts.compensation.impact_hours")]:
        r = post_incident(client, keys, compensation)
        assert r.status_code == status, (compensation, r.get_json())
        assert [d["field"] for d in r.get_json()["error"]["details"]] == [field]
    cases = [
        ({"policy": "outage-credit", "impact_hours": -1},
         "facts.en.compensation.policy.impact_hours"),
        ({"policy": "outage-credit", "impact_hours": 1, "amount": "10"},
         "facts.en.compensation.policy.amount"),
        ({"policy": "../x", "impact_hours": 1}, "facts.en.compensation.policy.policy"),
    ]
    for compensation, field in cases:
        r = post_incident(client, keys, compensation)
        assert r.status_code == 422, (compensation, r.get_json())
        fields = [d["field"] for d in r.get_json()["error"]["details"]]
        assert any(f.startswith(field) for f in fields), fields
    # Locales that disagree on the policy.
    r = client.post("/v1/incidents", json={
        "kind": "outage", "severity": "high", "title": "t", "audience": {"all": True},
        "facts": {"en": {**EN, "compensation": {"policy": "outage-credit", "impact_hours": 1}},
                  "zh-CN": {**EN, "compensation": {"policy": "outage-credit",
                                                   "impact_hours": 2}}}},
        headers=auth(keys["system"], **{"Idempotency-Key": "disagree"}))
    assert r.status_code == 422
    assert _count(app, Incident) == 0 and _count(app, IncidentCompensation) == 0


def test_ledger_roles(app, client, keys):
    put_policy(client, keys)
    customer(client, keys, "a")
    incident_id = post_incident(client, keys, {"policy": "outage-credit",
                                               "impact_hours": 1}).get_json()["id"]
    for path in ("", ".csv", ".ndjson"):
        url = f"/v1/incidents/{incident_id}/compensation{path}"
        for role in ("system", "auditor", "admin"):
            assert client.get(url, headers=auth(keys[role])).status_code == 200, (url, role)
        for role in ("comms", "approver"):
            assert client.get(url, headers=auth(keys[role])).status_code == 403, (url, role)
    pay = f"/v1/incidents/{incident_id}/compensation/payments"
    for role in ("comms", "approver", "auditor"):
        r = client.post(pay, json=[{"customer_id": "a"}],
                        headers=auth(keys[role], **{"Idempotency-Key": role}))
        assert r.status_code == 403, role
    bad = client.get(f"/v1/incidents/{incident_id}/compensation",
                     query_string={"status": "stolen"}, headers=auth(keys["auditor"]))
    assert bad.status_code == 422
    bad = client.get(f"/v1/incidents/{incident_id}/compensation",
                     query_string={"cursor": "1;DROP"}, headers=auth(keys["auditor"]))
    assert bad.status_code == 422
    assert client.get("/v1/incidents/999/compensation",
                      headers=auth(keys["auditor"])).status_code == 404


def test_preview_quotes_the_cost_and_shows_the_sample_customers_amount(app, client, keys):
    put_policy(client, keys)
    customer(client, keys, "a", attributes={"monthly_fee": "40", "currency": "USD"})
    customer(client, keys, "b", attributes={"monthly_fee": "80", "currency": "USD"},
             tags=["eu"])
    r = client.post("/v1/templates/preview", headers=auth(keys["comms"]), json={
        "kind": "outage", "channel": "email", "locale": "en",
        "facts": {**EN, "compensation": {"policy": "outage-credit", "impact_hours": 2}},
        "customer": {"name": "Sam", "attributes": {"monthly_fee": "60", "currency": "GBP"}},
        "audience": {"all": True}})
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["compensation"]["currencies"] == {"USD": {
        "customers": 2, "total": "6.00", "min": "2.00", "p50": "2.00", "p95": "4.00",
        "max": "4.00"}}
    assert "we will give you £3.00" in body["text"]
    assert [f for f in body["lint"] if f["severity"] == "error"] == []


def test_the_compose_page_shows_cost_and_distribution_before_sending(app, client, keys):
    put_policy(client, keys)
    customer(client, keys, "a", attributes={"monthly_fee": "40", "currency": "USD"})
    customer(client, keys, "b", attributes={"currency": "USD"})  # fallback 2.00
    c, token = console_client(app, keys["comms"])
    form = {"kind": "outage", "severity": "high", "title": "Checkout down",
            "what_happened": EN["what_happened"], "impact": EN["impact"],
            "actions_taken": EN["actions_taken"], "audience_mode": "ids",
            "customer_ids": "a b", "channels": ["email"], "auto_no_news": "1",
            "ack_within_minutes": "60", "comp_policy": "outage-credit",
            "comp_impact_hours": "4"}
    body = c.post("/console/compose/check.json", headers={"X-CSRF-Token": token},
                  data=form).get_json()
    summary = body["summary_html"]
    assert "6.00 USD" in summary  # 40 × 2.5 % × 4 h = 4.00, plus the 2.00 fallback
    assert "2 customers; each gets 2.00 to 4.00" in summary
    assert "Policy outage-credit, version 1" in summary
    created = c.post("/console/compose", data={**form, "idempotency_key": "k1",
                                                "csrf_token": token})
    assert created.status_code == 302
    with app.app_context():
        incident = db.session.execute(select(Incident)).scalar_one()
        assert incident.facts["compensation"] == {"policy": "outage-credit",
                                                  "impact_hours": "4"}
        db.session.remove()

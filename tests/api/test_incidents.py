"""Incident intake: validation, idempotency, approval rules, cancel."""

from __future__ import annotations

import threading

import pytest

from tests.support.api import FACTS, auth, incident_body, put_customer
from tests.support.clock import NIGHT, zone_where_hour_is
from tests.support.pipeline import run_worker


def post(client, key, body, idem="k1"):
    return client.post("/v1/incidents", json=body, headers=auth(key, **{"Idempotency-Key": idem}))



def test_post_creates_and_dispatches_with_queued_deliveries(app, client, keys, customers):
    r = post(client, keys["system"], incident_body())
    assert r.status_code == 202, r.get_json()
    body = r.get_json()
    assert body["status"] == "dispatching"
    assert body["audience_size"] == 5
    run_worker(app)
    state = client.get(f"/v1/incidents/{body['id']}", headers=auth(keys["auditor"])).get_json()
    assert sum(state["counts"]["email"].values()) == 5


def test_audience_by_ids_reports_unknown_ids(client, keys, customers):
    body = post(client, keys["system"],
                incident_body(audience={"customer_ids": ["c1", "c2", "ghost"]})).get_json()
    assert body["audience_size"] == 2
    assert body["unknown_customer_ids"] == ["ghost"]


@pytest.mark.parametrize("audience, size", [
    ({"tags_any": ["eu"]}, 3),
    ({"tags_all": ["eu"], "attributes": {"plan": "pro"}}, 1),
    ({"attributes": {"plan": "free"}}, 3),
    ({"tags_all": ["eu", "us"]}, 0),
    ({"tags_all": ["eu"] * 100}, 3),
])
def test_audience_by_tags_and_attributes(client, keys, customers, audience, size):
    assert post(client, keys["system"],
                incident_body(audience=audience)).get_json()["audience_size"] == size


def test_tags_all_needs_every_one_of_a_hundred_tags(client, keys, customers):
    many = [f"t{i}" for i in range(100)]
    put_customer(client, keys["system"], "many", tags=many)
    put_customer(client, keys["system"], "most", tags=many[:99])
    r = post(client, keys["system"], incident_body(audience={"tags_all": many}))
    assert r.get_json()["audience_size"] == 1
    r = post(client, keys["system"], incident_body(audience={"tags_all": many[:99]}), idem="k2")
    assert r.get_json()["audience_size"] == 2


@pytest.mark.parametrize("audience", [{}, {"customer_ids": []}, {"tags_any": []},
                                      {"all": True, "tags_any": ["eu"]}])
def test_audience_without_a_single_criterion_is_422(client, keys, audience):
    r = post(client, keys["system"], incident_body(audience=audience))
    assert r.status_code == 422
    assert r.get_json()["error"]["details"][0]["field"].startswith("audience")


def test_same_key_same_body_replays_the_original(client, keys, customers):
    first = post(client, keys["system"], incident_body())
    reordered = dict(reversed(list(incident_body().items())))
    again = post(client, keys["system"], reordered)
    assert again.status_code == 202
    assert again.get_json() == first.get_json()
    assert client.get(f"/v1/incidents/{first.get_json()['id'] + 1}",
                      headers=auth(keys["system"])).status_code == 404


def test_same_key_different_body_is_409(client, keys, customers):
    post(client, keys["system"], incident_body())
    r = post(client, keys["system"], incident_body(title="Something else"))
    assert r.status_code == 409
    assert r.get_json()["error"]["code"] == "idempotency_mismatch"


def test_keys_are_scoped_to_the_api_key(client, keys, customers):
    a = post(client, keys["system"], incident_body()).get_json()
    b = post(client, keys["system2"], incident_body()).get_json()
    assert a["id"] != b["id"]


def test_missing_idempotency_key_is_400(client, keys):
    r = client.post("/v1/incidents", json=incident_body(), headers=auth(keys["system"]))
    assert r.status_code == 400
    assert r.get_json()["error"]["code"] == "idempotency_key_required"


def test_concurrent_duplicates_create_one_incident(app, keys, customers):
    results = []

    def send():
        with app.test_client() as c:
            r = post(c, keys["system"], incident_body(), idem="race")
            results.append((r.status_code, r.get_json()))

    threads = [threading.Thread(target=send) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ok = [body for status, body in results if status == 202]
    assert ok and all(body["id"] == ok[0]["id"] for body in ok)
    assert all(status in (202, 409) for status, _ in results)
    from gateway.incidents.models import Incident
    from gateway.store.db import db
    with app.app_context():
        assert db.session.query(Incident).count() == 1


@pytest.mark.parametrize("change, field", [
    ({"kind": "meteor"}, "kind"),
    ({"severity": "urgent"}, "severity"),
    ({"facts": {"what_happened": "x"}}, "facts.impact"),
    ({"facts": {**FACTS, "impact": 5}}, "facts.impact"),
    ({"facts": {"en": FACTS, "zh-CN": {"what_happened": "x"}}}, "facts.zh-CN.impact"),
    ({"channels": ["fax"]}, "channels.0"),
    ({"ack_within_minutes": 0}, "ack_within_minutes"),
    ({"surprise": True}, "surprise"),
])
def test_invalid_incidents_are_422_naming_the_field(client, keys, change, field):
    r = post(client, keys["system"], incident_body(**change))
    assert r.status_code == 422, r.get_json()
    assert field in [d["field"] for d in r.get_json()["error"]["details"]]


def test_data_breach_needs_approval_and_creator_cannot_approve(app, client, keys, customers):
    body = post(client, keys["comms"], incident_body(kind="data_breach")).get_json()
    assert body["status"] == "pending_approval"
    assert "data_breach" in body["approval_reasons"]
    url = f"/v1/incidents/{body['id']}"
    assert client.post(f"{url}/approve", json={}, headers=auth(keys["comms"])).status_code == 403
    r = client.post(f"{url}/approve", json={"reason": "checked"}, headers=auth(keys["approver"]))
    assert r.status_code == 200
    assert r.get_json()["status"] == "dispatching"
    again = client.post(f"{url}/approve", json={}, headers=auth(keys["approver2"]))
    assert again.status_code == 409


def test_admin_that_created_cannot_approve_its_own(client, keys, customers):
    body = post(client, keys["admin"], incident_body(kind="data_breach")).get_json()
    r = client.post(f"/v1/incidents/{body['id']}/approve", json={}, headers=auth(keys["admin"]))
    assert r.status_code == 403


def test_large_audience_needs_approval(app, client, keys, customers):
    from dataclasses import replace
    app.config["GATEWAY"] = replace(app.config["GATEWAY"], approval_audience_threshold=3)
    body = post(client, keys["system"], incident_body()).get_json()
    assert body["approval_reasons"] == ["audience_over_threshold"]


def test_lint_errors_in_free_text_hold_the_incident(client, keys, customers):
    facts = {**FACTS, "what_happened": "Due to our vendor, checkout failed. "
             "We apologise for any inconvenience."}
    body = post(client, keys["system"], incident_body(facts=facts)).get_json()
    assert body["status"] == "pending_approval"
    assert "lint_errors" in body["approval_reasons"]
    assert any(f["field"].endswith("what_happened") and f["severity"] == "error"
               for f in body["lint"])


def test_reject_needs_a_reason_and_is_final(client, keys, customers):
    body = post(client, keys["system"], incident_body(kind="data_breach")).get_json()
    url = f"/v1/incidents/{body['id']}"
    assert client.post(f"{url}/reject", json={}, headers=auth(keys["approver"])).status_code == 422
    r = client.post(f"{url}/reject", json={"reason": "wrong facts"}, headers=auth(keys["approver"]))
    assert r.get_json()["status"] == "rejected"
    assert client.post(f"{url}/cancel", headers=auth(keys["system"])).status_code == 409


def test_cancel_before_expansion_sends_nothing(app, client, keys, customers):
    body = post(client, keys["system"], incident_body()).get_json()
    r = client.post(f"/v1/incidents/{body['id']}/cancel", headers=auth(keys["system"]))
    assert r.status_code == 200
    assert r.get_json()["status"] == "canceled"
    run_worker(app)
    state = client.get(f"/v1/incidents/{body['id']}", headers=auth(keys["system"])).get_json()
    # The POST wrote the first chunk itself (gateway/intake/expansion.py): canceled, none sent.
    assert state["counts"] == {"email": {"canceled": 5}}
    assert client.post(f"/v1/incidents/{body['id']}/cancel",
                       headers=auth(keys["system"])).status_code == 409


def test_cancel_stops_quiet_hours_deliveries(app, client, keys):
    put_customer(client, keys["system"], "night", timezone=zone_where_hour_is(NIGHT))
    body = post(client, keys["system"], incident_body(severity="low",
                                                 audience={"customer_ids": ["night"]})).get_json()
    run_worker(app)
    state = client.get(f"/v1/incidents/{body['id']}", headers=auth(keys["system"])).get_json()
    assert state["counts"] == {"email": {"deferred": 1}}
    r = client.post(f"/v1/incidents/{body['id']}/cancel", headers=auth(keys["system"]))
    assert r.get_json()["counts"] == {"email": {"canceled": 1}}


def test_attributes_of_other_types_never_break_or_match_a_number(client, keys):
    """On PostgreSQL `{"attributes": {"n": 0.0}}` cast every customer's `n` to a
    float: one customer with `"n": "abc"` made POST /v1/incidents a 500
    (schemathesis, stateful phase). Numbers match by value, strings that are
    numbers too (the console stores what staff type); nothing else matches."""
    values = {"s": "abc", "big": "1e400", "t": True, "five": 5.0, "five_text": "5", "zero": 0,
              "none": None, "list": [1], "neg": -2.5}
    for name, value in values.items():
        put_customer(client, keys["system"], name, attributes={"n": value, "flag": value})
    for attribute, size in [({"n": 0.0}, 1), ({"n": 5}, 2), ({"n": 5.0}, 2), ({"n": -2.5}, 1),
                            ({"n": 10**30}, 0), ({"n": "abc"}, 1), ({"flag": True}, 1),
                            ({"flag": False}, None)]:
        r = post(client, keys["system"], incident_body(audience={"attributes": attribute}),
                 idem=repr(attribute).replace(" ", ""))
        assert r.status_code == 202, (attribute, r.get_json())
        if size is not None:
            assert r.get_json()["audience_size"] == size, attribute

"""/openapi.json says what the API enforces, and the API does what it says:
ids beyond 64 bits, the reserved `bulk`, empty query values, media types,
strict JSON types, the audience rule, and the links clients follow.
(`.ci/schemathesis` checks the whole document against a running gateway.)"""

from __future__ import annotations

import jsonschema_rs  # schemathesis's validator
import pytest

from tests.helpers import FACTS, auth, put_customer


def _spec(client):
    return client.get("/openapi.json").get_json()


def _incident(**fields):
    return {"kind": "outage", "severity": "high", "title": "Checkout down", "facts": FACTS,
            "audience": {"all": True}, **fields}


@pytest.mark.parametrize("method", ["GET", "PUT", "POST", "DELETE"])
def test_an_id_beyond_64_bits_is_404_for_every_method(client, keys, method):
    r = client.open("/v1/incidents/9223372036854775808", method=method, json=_incident(),
                    headers=auth(keys["admin"]))
    assert r.status_code == 404, r.get_data(as_text=True)


def test_bulk_path_allows_only_post(client, keys):
    assert set(client.options("/v1/customers/bulk").headers["Allow"].split(", ")) == {
        "POST", "OPTIONS"}
    r = client.get("/v1/customers/bulk", headers=auth(keys["system"]))
    assert r.status_code == 405 and set(r.headers["Allow"].split(", ")) == {"POST", "OPTIONS"}
    r = client.post("/v1/customers/bulk", json=[{"external_id": "bulk"}, {"external_id": "b2"}],
                    headers=auth(keys["system"]))
    assert r.get_json()["stored"] == 1 and r.get_json()["errors"][0]["external_id"] == "bulk"


def test_empty_query_values_count_as_absent(client, keys):
    r = client.get("/v1/audit?limit=&cursor=&incident=&action=&since=",
                   headers=auth(keys["auditor"]))
    assert r.status_code == 200, r.get_json()
    assert client.get("/v1/audit?limit=0", headers=auth(keys["auditor"])).status_code == 422


def test_a_body_in_another_media_type_is_415(client, keys):
    r = client.put("/v1/customers/c1", data='{"name": "Ann"}',
                   headers=auth(keys["system"], **{"Content-Type": "text/plain"}))
    assert r.status_code == 415 and r.get_json()["error"]["code"] == "unsupported_media_type"
    assert client.get("/v1/customers/c1", headers=auth(keys["system"])).status_code == 404
    r = client.put("/v1/customers/c1", data='{"name": "Ann"}', headers=auth(keys["system"]))
    assert r.status_code == 200  # no Content-Type: read as JSON


@pytest.mark.parametrize("fields", [{"require_ack": 0}, {"ack_within_minutes": "5"},
                                    {"facts": {**FACTS, "started_at": 1700000000}},
                                    {"audience": {"all": False, "tags_any": []}},
                                    {"title": " \n "}])
def test_json_types_and_rules_are_as_strict_as_the_schema(client, keys, fields):
    body = _incident(**fields)
    schema = _spec(client)
    ref = {"$ref": "#/components/schemas/IncidentIn", "components": schema["components"]}
    validator = jsonschema_rs.validator_for(ref, validate_formats=True)
    assert validator.is_valid(_incident()) and not validator.is_valid(body)
    r = client.post("/v1/incidents", json=body,
                    headers=auth(keys["system"], **{"Idempotency-Key": repr(fields)[:200]}))
    assert r.status_code == 422, r.get_json()


def test_a_whole_float_is_an_integer_as_in_json_schema(client, keys):
    put_customer(client, keys["system"], "c1")
    r = client.post("/v1/incidents", json=_incident(ack_within_minutes=30.0),
                    headers=auth(keys["system"], **{"Idempotency-Key": "float"}))
    assert r.status_code == 202, r.get_json()


def test_links_lead_from_created_ids_to_the_operations_that_use_them(client):
    paths = _spec(client)["paths"]
    links = paths["/v1/incidents"]["post"]["responses"]["202"]["links"]
    assert {"get_incident", "edit_incident", "approve_incident", "post_update",
            "incident_report"} <= set(links)
    assert links["get_incident"]["parameters"] == {"id": "$response.body#/id"}
    links = paths["/v1/customers/{external_id}"]["put"]["responses"]["200"]["links"]
    assert set(links) >= {"get_customer", "delete_customer"}


def test_every_operation_documents_its_error_statuses(client):
    for path, methods in _spec(client)["paths"].items():
        for method, op in methods.items():
            statuses = set(op["responses"])
            assert "503" in statuses, (method, path)
            if "security" in op:
                assert {"401", "403", "429"} <= statuses, (method, path)
            if "requestBody" in op and "security" in op:
                assert {"400", "413", "415"} <= statuses, (method, path)

"""/openapi.json says what the API enforces, and the API does what it says:
ids beyond 64 bits, the reserved `bulk`, empty query values, media types,
strict JSON types, the audience rule, and the links clients follow.
(`.ci/schemathesis` checks the whole document against a running gateway.)"""

from __future__ import annotations

from hashlib import sha1 as _sha1
from urllib.parse import quote

import jsonschema_rs  # schemathesis's validator
import pytest

from tests.support.api import FACTS, auth, put_customer


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


# -- the endpoints that landed after the first schemathesis run (complaints,
# early warning, compensation): each case is one schemathesis found, where the
# schema allowed what the API refused, or documented another status or media type.

def sha1(text):
    return _sha1(text.encode()).hexdigest()


PYDANTIC_ONLY = {"ge", "le", "gt", "lt", "min_length", "max_length", "multiple_of",
                 "max_digits", "decimal_places", "strict", "allow_inf_nan"}


def _keywords(node, where=""):
    if isinstance(node, dict):
        for key, sub in node.items():
            if not where.endswith("/properties"):
                yield where, key
            yield from _keywords(sub, f"{where}/{key}")
    elif isinstance(node, list):
        for i, sub in enumerate(node):
            yield from _keywords(sub, f"{where}/{i}")


def test_no_pydantic_constraint_leaks_into_the_schema_unread(client):
    """`Field(ge=1)` on an `Int | None` once became `"ge": 1` in /openapi.json, a key
    JSON Schema does not have: `threshold: 0` was schema-valid and refused."""
    leaks = [(where, key) for where, key in _keywords(_spec(client)) if key in PYDANTIC_ONLY]
    assert leaks == []


def _body_validator(spec, path, method, media="application/json"):
    schema = spec["paths"][path][method]["requestBody"]["content"][media]["schema"]
    return jsonschema_rs.validator_for({**schema, "components": spec["components"]},
                                       validate_formats=True)


POLICY = {"type": "fixed", "amount": "5.00", "currency": "EUR", "pay_within_days": 30}
RULE_PATH = "/v1/signal-rules/{topic}"
POLICY_PATH = "/v1/compensation-policies/{name}"
PAYMENTS_PATH = "/v1/incidents/{id}/compensation/payments"


@pytest.mark.parametrize("path, method, url, role, body", [
    # Refused by both: what the schema now says.
    ("/v1/complaints/{id}/topic", "post", "/v1/complaints/1/topic", "comms", {"topic": ""}),
    ("/v1/complaints", "post", "/v1/complaints", "system",
     {"customer_id": "c1", "channel": "web", "text": "x", "topic": "made_up"}),
    (RULE_PATH, "put", "/v1/signal-rules/orders.late", "comms", {"threshold": 0}),
    (RULE_PATH, "put", "/v1/signal-rules/orders.late", "comms", {"mode": "threshold"}),
    (RULE_PATH, "put", "/v1/signal-rules/orders.late", "comms", {"draft": {"send_now": True}}),
    ("/v1/signals", "post", "/v1/signals", "system", []),
    ("/v1/signals", "post", "/v1/signals", "system", {"topic": "complaints.late_delivery"}),
    ("/v1/signals", "post", "/v1/signals", "system", [{"topic": "replies"}]),
    (POLICY_PATH, "put", "/v1/compensation-policies/p", "admin", {**POLICY, "amount": None}),
    (POLICY_PATH, "put", "/v1/compensation-policies/p", "admin",
     {**POLICY, "fallback_amount": "0.00"}),
    (POLICY_PATH, "put", "/v1/compensation-policies/p", "admin",
     {**POLICY, "missing_attribute": "hold", "type": "refund_attribute", "amount": None,
      "attribute": "fee", "fallback_amount": "1"}),
    (POLICY_PATH, "put", "/v1/compensation-policies/p", "admin", {**POLICY, "currency": "XYZ"}),
    (POLICY_PATH, "put", "/v1/compensation-policies/p", "admin", {**POLICY, "round_to": "0.00"}),
    (POLICY_PATH, "put", "/v1/compensation-policies/p", "admin",
     {**POLICY, "amount": "1000000000.01"}),
    (PAYMENTS_PATH, "post", "/v1/incidents/1/compensation/payments", "system", [{}]),
    (PAYMENTS_PATH, "post", "/v1/incidents/1/compensation/payments", "system",
     [{"id": None, "customer_id": None}]),
    (PAYMENTS_PATH, "post", "/v1/incidents/1/compensation/payments", "system",
     [{"id": 1, "reference": " "}]),
    ("/v1/incidents", "post", "/v1/incidents", "system",
     _incident(facts={**FACTS, "compensation": {"policy": "p", "impact_hours": "1e2"}})),
    ("/v1/incidents", "post", "/v1/incidents", "system",
     _incident(facts={**FACTS, "compensation": {"policy": "p", "impact_hours": "10000.5"}})),
    # Accepted by both (the API answers 2xx, or 404/409 for what the ids name).
    (RULE_PATH, "put", "/v1/signal-rules/orders.late", "comms", {"threshold": 1}),
    (RULE_PATH, "put", "/v1/signal-rules/orders.late", "comms",
     {"mode": "threshold", "threshold": 5, "draft": {"kind": "outage"}}),
    ("/v1/signals", "post", "/v1/signals", "system", [{"topic": "orders.late", "count": 2.0}]),
    (POLICY_PATH, "put", "/v1/compensation-policies/p", "admin", POLICY),
    (POLICY_PATH, "put", "/v1/compensation-policies/p", "admin",
     {**POLICY, "type": "refund_attribute", "amount": None, "attribute": "fee",
      "missing_attribute": "skip", "fallback_amount": "1000000000", "round_to": "0.0001"}),
    (PAYMENTS_PATH, "post", "/v1/incidents/1/compensation/payments", "system",
     [{"id": 1, "reference": " ref "}, {"customer_id": "c1"}]),
    ("/v1/incidents/{id}", "put", "/v1/incidents/1", "system",
     _incident(warning_id=1895636518.0)),
    ("/v1/incidents", "post", "/v1/incidents", "system", _incident(warning_id=2**63 - 2)),
    ("/v1/incidents", "post", "/v1/incidents", "system",
     _incident(facts={**FACTS, "compensation": {"policy": "p", "impact_hours": 2.5}})),
    ("/v1/complaints", "post", "/v1/complaints", "system",
     {"customer_id": "c1", "channel": "web", "text": "x", "incident_id": 2**63 - 2}),
])
def test_the_schema_and_the_api_agree_on_these_bodies(client, keys, path, method, url, role,
                                                      body):
    valid = _body_validator(_spec(client), path, method).is_valid(body)
    r = client.open(url, method=method.upper(), json=body,
                    headers=auth(keys[role], **{"Idempotency-Key": sha1(repr(body))}))
    assert (r.status_code != 422) == valid, (valid, r.status_code, r.get_json())
    assert r.status_code < 500


def test_an_id_in_a_body_that_names_nothing_is_404_naming_it(client, keys):
    """`warning_id: 9223372036854775806` was a 422: the body is valid, what it names
    is missing, as `/v1/warnings/9223372036854775806` is (404)."""
    r = client.post("/v1/incidents", json=_incident(warning_id=2**63 - 2),
                    headers=auth(keys["system"], **{"Idempotency-Key": "ghost-warning"}))
    assert r.status_code == 404
    assert r.get_json()["error"]["details"] == [{"field": "warning_id",
                                                 "message": f"no warning {2**63 - 2}"}]
    assert client.get("/v1/incidents/1", headers=auth(keys["system"])).status_code == 404
    r = client.post("/v1/incidents", json=_incident(
        facts={**FACTS, "compensation": {"policy": "nothing-here", "impact_hours": 1}}),
        headers=auth(keys["system"], **{"Idempotency-Key": "ghost-policy"}))
    assert r.status_code == 404
    assert r.get_json()["error"]["details"][0]["field"] == "facts.compensation.policy"
    responses = _spec(client)["paths"]["/v1/incidents"]["post"]["responses"]
    assert "404" in responses and "409" in responses


@pytest.mark.parametrize("path, url, role", [
    (POLICY_PATH, "/v1/compensation-policies/", "admin"),
    (RULE_PATH, "/v1/signal-rules/", "comms"),
])
def test_path_parameters_say_what_the_api_takes(client, keys, path, url, role):
    """A 200-character policy name was schema-valid and refused (422)."""
    spec = _spec(client)
    for method in ("get", "put"):
        [param] = spec["paths"][path][method]["parameters"]
        validator = jsonschema_rs.validator_for(param["schema"])
        assert param["schema"]["maxLength"] == 100 and "pattern" in param["schema"]
        for value in ("0" * 200, "a b", "A" * 3 if role == "comms" else "a/b"):
            assert not validator.is_valid(value)
            r = client.open(url + quote(value, safe=""), method=method.upper(),
                            json=POLICY if role == "admin" else {}, headers=auth(keys[role]))
            assert r.status_code in (404, 422), (value, r.status_code)
            if r.status_code == 422:
                assert r.get_json()["error"]["details"][0]["field"] == param["name"]
        assert validator.is_valid("x" * 100)
        r = client.open(url + "x" * 100, method=method.upper(),
                        json=POLICY if role == "admin" else {}, headers=auth(keys[role]))
        assert r.status_code in (200, 404), r.get_json()


@pytest.mark.parametrize("suffix, media", [(".csv", "text/csv"),
                                           (".ndjson", "application/x-ndjson")])
def test_exports_document_the_media_type_they_send(client, keys, suffix, media):
    """The ledger exports answered text/csv and NDJSON, documented as JSON."""
    put_customer(client, keys["system"], "c1")
    incident = client.post("/v1/incidents", json=_incident(),
                           headers=auth(keys["system"], **{"Idempotency-Key": suffix}))
    url = f"/v1/incidents/{incident.get_json()['id']}/compensation{suffix}"
    r = client.get(url, headers=auth(keys["auditor"]))
    assert r.status_code == 200 and r.mimetype == media
    op = _spec(client)["paths"]["/v1/incidents/{id}/compensation" + suffix]["get"]
    assert list(op["responses"]["200"]["content"]) == [media]
    assert "requestBody" not in op


def test_a_response_media_type_declared_as_a_request_one_is_refused():
    from flask import Blueprint

    from gateway.api.routing import endpoint

    with pytest.raises(TypeError, match="produces"):
        endpoint(Blueprint("x", __name__), "/x", "GET", summary="x", action=None,
                 content_types=("text/csv",))


def test_every_operation_documents_414_as_the_http_server_sends_it(client):
    """gunicorn refuses a request line over 4094 bytes with an HTML 414 before the
    app runs (a long `?owner=` on GET /v1/complaints found it)."""
    for path, methods in _spec(client)["paths"].items():
        for method, op in methods.items():
            assert list(op["responses"]["414"]["content"]) == ["text/html"], (method, path)

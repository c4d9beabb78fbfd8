"""Bad input gets a precise 4xx in the SPEC's shape; nothing is written."""

from __future__ import annotations

import pytest

from tests.support.api import auth


def error_of(response):
    body = response.get_json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    return body["error"]


@pytest.mark.parametrize("data, code", [
    (b"{not json", "invalid_json"),
    (b"", "invalid_json"),
    (b"\xff\xfe{}", "invalid_json"),
    (b'{"a": NaN}', "invalid_json"),
    (b"[" * 100 + b"]" * 100, "invalid_json"),
    (b"[1, 2]", "validation_error"),
])
def test_malformed_bodies(client, keys, data, code):
    r = client.put("/v1/customers/x", data=data, headers=auth(keys["system"],
                   **{"Content-Type": "application/json"}))
    assert r.status_code in (400, 422)
    assert error_of(r)["code"] == code
    assert client.get("/v1/customers/x", headers=auth(keys["system"])).status_code == 404


def test_oversize_body_is_413_before_parsing(client, keys):
    big = b'{"name": "' + b"a" * (2 * 1024 * 1024) + b'"}'
    r = client.put("/v1/customers/x", data=big, headers=auth(keys["system"],
                   **{"Content-Type": "application/json"}))
    assert r.status_code == 413
    assert error_of(r)["code"] == "payload_too_large"


def test_unknown_route_and_method_are_json(client, keys):
    assert error_of(client.get("/v1/nothing"))["code"] == "not_found"
    r = client.patch("/v1/customers/x", headers=auth(keys["system"]))
    assert r.status_code == 405
    assert error_of(r)["code"] == "method_not_allowed"


def test_bad_incident_id_is_404(client, keys):
    assert client.get("/v1/incidents/abc", headers=auth(keys["system"])).status_code == 404
    assert client.get("/v1/incidents/99999", headers=auth(keys["system"])).status_code == 404


def test_nul_bytes_in_names_are_refused(client, keys):
    r = client.put("/v1/customers/x", json={"name": "a\x00b"}, headers=auth(keys["system"]))
    assert r.status_code == 422


def test_health_and_readiness(client):
    assert client.get("/healthz").get_json() == {"ok": True}
    r = client.get("/readyz")
    assert r.status_code == 200
    assert r.get_json()["checks"] == {"database": "ok", "redis": "ok"}


def test_openapi_describes_every_endpoint_with_spec_names(client):
    spec = client.get("/openapi.json").get_json()
    paths = spec["paths"]
    for path in ("/v1/customers/{external_id}", "/v1/customers/bulk", "/v1/incidents",
                 "/v1/incidents/{id}", "/v1/incidents/{id}/approve"):
        assert path in paths
    put = paths["/v1/customers/{external_id}"]["put"]
    assert put["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "CustomerIn")

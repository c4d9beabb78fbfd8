"""schemathesis against `/openapi.json`: every endpoint, every role (and no
key), generated inputs; no 500, and every response is one the description
promises (status, content type, body schema). Examples per endpoint are
bounded (SCHEMATHESIS_MAX_EXAMPLES, default 12) to keep this to minutes."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.support.api import BRIEF_OUTAGE, auth, put_customer

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "12"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


@pytest.fixture
def api_schema(app, keys):
    client = app.test_client()
    put_customer(client, keys["system"], "c1")
    r = client.post("/v1/incidents", headers=auth(keys["system2"], **{"Idempotency-Key": "st"}),
                    json={"kind": "outage", "severity": "high", "title": "Checkout down",
                          "facts": BRIEF_OUTAGE,
                          "audience": {"all": True}})
    assert r.status_code == 202
    return schemathesis.openapi.from_wsgi("/openapi.json", app)


def _operations() -> list[str]:
    from gateway.api import blueprints
    from gateway.api.routing import registry

    blueprints()  # loading them fills the registry
    return sorted({f"{op.method.upper()} {op.path}" for op in registry.operations})


@pytest.mark.slow
@pytest.mark.parametrize("label", _operations())
def test_openapi_conformance_for_every_role(api_schema, keys, label):
    method, path = label.split(" ", 1)
    operation = api_schema[path][method]

    @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def run(case):
        for role in (None, "system", "comms", "approver", "auditor", "admin"):
            headers = dict(case.headers or {})
            if role is not None:
                headers.update(auth(keys[role]))
            else:
                headers.pop("Authorization", None)
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS)

    run()

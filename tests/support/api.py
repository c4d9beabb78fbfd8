"""Talking to the API the way clients do: auth headers, customers, incidents."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask.testing import FlaskClient

from tests.support.clock import iso_from_now

# The facts of a sample outage: lint-clean, so incidents go out without approval.
OUTAGE = {
    "what_happened": "Our checkout stopped taking payments at 09:10.",
    "impact": "You could not pay for your order.",
    "actions_taken": "We switched checkout back to the previous version at 09:40.",
    "next_update_at": iso_from_now(hours=2),
}
# The shortest facts that pass the rules.
BRIEF_OUTAGE = {"what_happened": "Checkout failed at 09:10.", "impact": "You could not pay.",
                "actions_taken": "We rolled back at 09:40."}
# The sample outage, with when it started and the next update a day ahead.
FACTS = {**OUTAGE, "started_at": iso_from_now(hours=-1), "next_update_at": iso_from_now(days=1)}


def auth(key: str, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}", **headers}


def incident_body(**overrides: Any) -> dict[str, Any]:
    """An incident about the sample outage, to everyone, by email and SMS."""
    body = {"kind": "outage", "severity": "high", "title": "Checkout unavailable",
            "facts": FACTS, "audience": {"all": True}, "channels": ["email", "sms"]}
    body.update(overrides)
    return body


def put_customer(client: FlaskClient, key: str, external_id: str, **fields: Any) -> Any:
    body = {"email": f"{external_id}@example.com", "timezone": "Europe/Berlin", **fields}
    response = client.put(f"/v1/customers/{external_id}", json=body, headers=auth(key))
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def put_tagged_customers(client: FlaskClient, key: str, numbers: Iterable[int]) -> None:
    """Customers c<n>: tagged eu below c3 and us from c3 on, on plan free (even n) or pro."""
    for n in numbers:
        put_customer(client, key, f"c{n}", tags=["eu"] if n < 3 else ["us"],
                     attributes={"plan": "pro" if n % 2 else "free"})

"""What the API does to compensation, each step committed: define a policy, and
confirm payments once per Idempotency-Key (with the "paid" messages to send once
committed)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..access import Actor, idempotency
from ..incidents import queries as incident_queries
from ..store.db import unit_of_work
from . import payments, policy_versions
from .schemas import PolicyIn


def define_policy(name: str, body: PolicyIn, who: Actor) -> dict[str, Any]:
    """A new version of the policy, unless it equals the latest."""
    with unit_of_work():
        return policy_versions.put_policy(name, body, actor=who.name, actor_role=who.role)


def pay(incident_id: int, confirmed: Sequence[Any], data: Any, key: str, who: Actor
        ) -> tuple[idempotency.Replay, str, list[tuple[int, str]]]:
    """The answer to this key, the incident's severity and the messages to send
    (only for the request that recorded the payments)."""
    incident = incident_queries.get(incident_id)
    enqueue: list[tuple[int, str]] = []

    def work() -> tuple[int, dict[str, Any]]:
        result, pairs = payments.record_payments(incident, confirmed, actor=who.name,
                                                 actor_role=who.role)
        enqueue.extend(pairs)
        return 200, result

    with unit_of_work():
        replay = idempotency.run_once(
            who.key_id, f"POST /v1/incidents/{incident_id}/compensation/payments", key, data,
            work)
    return replay, incident.severity, enqueue

"""Compensation API: policies (admin), an incident's ledger and its exports, payments.

Thin views over `gateway.compensation`.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, g, request
from pydantic import Field, RootModel

from ..access import idempotency
from ..compensation import actions, ledger, policy_versions, schemas
from ..incidents import queries as incident_queries
from ..incidents.schemas import PolicyName
from ..jobs.batches import enqueue_batches
from .auth import current_caller
from .downloads import streamed
from .routing import endpoint

bp = Blueprint("compensation", __name__, url_prefix="/v1")

NAME = {"name": PolicyName}


class PaymentsIn(RootModel[list[schemas.Payment]]):
    root: list[schemas.Payment] = Field(min_length=1, max_length=10_000)


@endpoint(bp, "/compensation-policies/<name>", "PUT", summary="Define a compensation policy "
          "(a new version when it changed)", action="compensation.policy.write",
          body=schemas.PolicyIn,
          responses={200: schemas.PolicyOut, 409: "Changed concurrently", 422: "Invalid policy"},
          path=NAME, description=schemas.POLICY_RULES)
def put_policy(name: str, body: schemas.PolicyIn) -> Any:
    return actions.define_policy(name, body, current_caller())


@endpoint(bp, "/compensation-policies/<name>", "GET", summary="The latest version of a "
          "compensation policy", action="compensation.policy.read",
          responses={200: schemas.PolicyOut, 404: "No such policy", 422: "Invalid policy name"},
          path=NAME)
def get_policy(name: str) -> Any:
    return policy_versions.get_policy(name)


@endpoint(bp, "/incidents/<int:id>/compensation", "GET", summary="The incident's compensation "
          "ledger, filtered, cursor-paginated", action="compensation.read",
          query=schemas.LedgerQuery,
          responses={200: schemas.LedgerPage, 404: "No such incident"})
def list_ledger(id: int, query: schemas.LedgerQuery) -> Any:
    incident_queries.get(id)
    after = int(query.cursor) if query.cursor else None
    items, last = ledger.ledger_page(id, after, query.limit, query.status)
    return {"items": items, "next_cursor": str(last) if last else None}


def _export(incident_id: int, query: schemas.LedgerFilter, fmt: str) -> Response:
    incident_queries.get(incident_id)  # 404 before the stream starts
    return streamed(ledger.iter_ledger(incident_id, query.status), fmt,
                    f"incident-{incident_id}-compensation", ledger.LEDGER_FIELDS)


@endpoint(bp, "/incidents/<int:id>/compensation.csv", "GET", summary="The compensation ledger "
          "as CSV (streamed, formula-safe)", action="compensation.read", query=schemas.LedgerFilter,
          responses={200: "text/csv, one row per ledger entry", 404: "No such incident"},
          produces="text/csv")
def export_ledger_csv(id: int, query: schemas.LedgerFilter) -> Any:
    return _export(id, query, "csv")


@endpoint(bp, "/incidents/<int:id>/compensation.ndjson", "GET", summary="The compensation "
          "ledger as NDJSON (streamed)", action="compensation.read", query=schemas.LedgerFilter,
          responses={200: "application/x-ndjson, one object per ledger entry",
                     404: "No such incident"},
          produces="application/x-ndjson")
def export_ledger_ndjson(id: int, query: schemas.LedgerFilter) -> Any:
    return _export(id, query, "ndjson")


@endpoint(bp, "/incidents/<int:id>/compensation/payments", "POST", summary="Confirm payments "
          "(bulk, idempotent); each paid customer is told", action="compensation.pay",
          body=PaymentsIn,
          headers=("Idempotency-Key",),
          responses={200: schemas.PaymentsResult, 404: "No such incident",
                     409: "Idempotency conflict", 422: "Invalid payments"})
def record_payments(id: int, body: PaymentsIn) -> Any:
    key = idempotency.check_key(request.headers.get("Idempotency-Key"))
    replay, severity, enqueue = actions.pay(id, body.root, g.json_body, key, current_caller())
    if enqueue:  # only the request that recorded them, after its commit
        enqueue_batches(severity, enqueue)
    return replay.body, replay.status

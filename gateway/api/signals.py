"""Early-warning API: signals in, rules, warnings (thin over `gateway.signals`)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from ..signals import rules, service, warning_records
from ..signals.schemas import (
    Accepted,
    RuleIn,
    RuleList,
    RuleOut,
    SignalsIn,
    TopicName,
    WarningList,
    WarningOut,
    WarningQuery,
)
from .auth import current_caller
from .routing import endpoint

bp = Blueprint("signals", __name__, url_prefix="/v1")
MAX_LIMIT = 200
TOPIC = {"topic": TopicName}  # a topic in the path: checked (422) and in /openapi.json


@endpoint(bp, "/signals", "POST", summary="Record signals (one or an array), counted per topic "
          "per 5-minute bucket", action="signals.post", body=SignalsIn, responses={202: Accepted})
def post_signals(body: SignalsIn) -> Any:
    return {"accepted": service.ingest(body.items(), single=not isinstance(body.root, list))}, 202


@endpoint(bp, "/signal-rules/<topic>", "PUT", summary="Set a topic's rule (a new version, audited)",
          action="signals.rules.write", body=RuleIn, path=TOPIC,
          responses={200: RuleOut, 409: "Changed at the same time (rule_changed)"})
def put_rule(topic: str, body: RuleIn) -> Any:
    caller = current_caller()
    return rules.put_rule(topic, body, actor=caller.name, actor_role=caller.role)


@endpoint(bp, "/signal-rules", "GET", summary="Rules in force, and the defaults per topic family",
          action="signals.read", responses={200: RuleList})
def list_rules() -> Any:
    return rules.list_rules()


@endpoint(bp, "/signal-rules/<topic>", "GET", summary="A topic's rule in force, with its versions",
          action="signals.read", responses={200: RuleOut}, path=TOPIC)
def get_rule(topic: str) -> Any:
    return {**rules.get_rule(topic), "history": rules.rule_history(topic)}


@endpoint(bp, "/warnings", "GET", summary="Warnings, newest first",
          action="signals.read", query=WarningQuery, responses={200: WarningList})
def list_warnings(query: WarningQuery) -> Any:
    limit = min(int(query.limit or 50), MAX_LIMIT) or 1
    rows, cursor = warning_records.list_warnings(query.status, query.topic,
                                                 int(query.cursor) if query.cursor else None, limit)
    return {"warnings": [warning_records.warning_dict(w) for w in rows],
            "next_cursor": str(cursor) if cursor is not None else None}


@endpoint(bp, "/warnings/<int:id>", "GET", summary="One warning: figures, draft, timeline",
          action="signals.read", responses={200: WarningOut})
def get_warning(id: int) -> Any:
    return warning_records.warning_dict(warning_records.get_warning(id))

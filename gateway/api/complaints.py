"""Complaints API: intake (idempotent), the queue, one complaint with its timeline,
staff actions and the report. Thin: the rules are in `gateway.complaints`."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, request

from ..access import idempotency
from ..complaints import actions, queries, service
from ..complaints import schemas as s
from ..complaints.steps import Settings
from ..jobs import complaints as complaint_jobs
from ..store.db import utcnow
from .auth import current_caller
from .routing import endpoint

bp = Blueprint("complaints", __name__, url_prefix="/v1/complaints")


def _out(c: Any, timeline: bool = True) -> dict[str, Any]:
    external_id = service.external_id_of(c.customer_id)
    return queries.complaint_dict(c, external_id, Settings.from_config(), utcnow(),
                                  timeline=timeline)


@endpoint(bp, "", "POST", summary="Receive a complaint; the customer hears from us within seconds",
          action="complaints.create", body=s.ComplaintIn, headers=("Idempotency-Key",),
          responses={202: s.ComplaintCreated, 409: "Idempotency conflict",
                     404: "`customer_id` or `incident_id` names nothing (the details name "
                          "the field)"})
def create_complaint(body: s.ComplaintIn) -> Any:
    key = idempotency.check_key(request.headers.get("Idempotency-Key"))
    replay, queued = actions.receive(body, g.json_body, key, current_caller())
    complaint_jobs.enqueue(queued)  # only the request that created it sends the acknowledgement
    return replay.body, replay.status


@endpoint(bp, "", "GET", summary="The complaints queue (most urgent contact first)",
          action="complaints.read", query=s.ListQuery, responses={200: s.ComplaintPage})
def list_complaints(query: s.ListQuery) -> Any:
    overdue = None if query.overdue is None else query.overdue == "true"
    rows, next_cursor = queries.listing(status=query.status, topic=query.topic,
                                        owner=query.owner, overdue=overdue,
                                        offset=query.cursor or 0, limit=query.limit)
    now, settings = utcnow(), Settings.from_config()
    return {"items": [queries.complaint_dict(c, e, settings, now) for c, e in rows],
            "next_cursor": next_cursor}


@endpoint(bp, "/report", "GET", summary="First-contact and resolution times, breaches, topics",
          action="complaints.read", query=s.ReportQuery, responses={200: s.Report})
def complaints_report(query: s.ReportQuery) -> Any:
    return queries.report(query.since, query.until)


@endpoint(bp, "/<int:id>", "GET", summary="One complaint with its timeline",
          action="complaints.read", responses={200: s.ComplaintOut, 404: "No such complaint"})
def get_complaint(id: int) -> Any:
    return _out(service.get(id))


@endpoint(bp, "/<int:id>/assign", "POST", summary="Give the complaint an owner",
          action="complaints.act", body=s.AssignIn,
          responses={200: s.ComplaintOut, 404: "No such complaint", 409: "Closed"})
def assign_complaint(id: int, body: s.AssignIn) -> Any:
    return _act(id, body)


@endpoint(bp, "/<int:id>/contact", "POST", summary="Record a contact with the customer",
          action="complaints.act", body=s.ContactIn,
          responses={200: s.ComplaintOut, 404: "No such complaint", 409: "Resolved or closed"})
def contact_complaint(id: int, body: s.ContactIn) -> Any:
    return _act(id, body)


@endpoint(bp, "/<int:id>/resolve", "POST",
          summary="Record the resolution; the customer gets it, then the survey",
          action="complaints.act", body=s.ResolveIn,
          responses={200: s.ComplaintOut, 404: "No such complaint",
                     409: "Not in progress", 422: "Breaks the writing rules"})
def resolve_complaint(id: int, body: s.ResolveIn) -> Any:
    return _act(id, body)


@endpoint(bp, "/<int:id>/topic", "POST", summary="Correct the topic (kept over the rules)",
          action="complaints.act", body=s.TopicIn,
          responses={200: s.ComplaintOut, 404: "No such complaint"})
def correct_topic(id: int, body: s.TopicIn) -> Any:
    return _act(id, body)


def _act(id: int, body: service.StaffAction) -> Any:
    c, pairs = actions.take(id, body, current_caller())
    complaint_jobs.enqueue(pairs)  # after the commit
    return _out(c)

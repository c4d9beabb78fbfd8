"""Complaints: the queue (most urgent contact first, SLA clock visible), one
complaint's timeline and actions, and the customer record with its search.
Thin: every rule is in `gateway.complaints`."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from pydantic import ValidationError

from ..complaints import actions, queries, record, schemas, service, steps, topics
from ..errors import GatewayError, NotFound, validation_details
from ..intake.render_delivery import render_delivery
from ..jobs import complaints as complaint_jobs
from ..store.db import utcnow
from . import i18n
from .blueprint import bp, lang
from .session import page, require

PER_PAGE = 50


def _topic_labels() -> dict[str, str]:
    return {name: topics.label(name, lang()) for name in topics.names()}


@bp.route("/complaints")
@page("complaints")
def complaints() -> Any:
    status = request.args.get("status", "")
    topic = request.args.get("topic", "")
    owner = request.args.get("owner", "").strip()[:100]
    start = request.args.get("start", "")
    rows, more = queries.listing(
        status=status if status in steps.STATUSES else None,
        topic=topic if topic in topics.names() else None, owner=owner or None,
        offset=int(start) if start.isdigit() else 0, limit=PER_PAGE)
    now, settings = utcnow(), steps.Settings.from_config()
    items = [queries.complaint_dict(c, e, settings, now) for c, e in rows]
    for item, (c, _) in zip(items, rows, strict=True):
        item["minutes_left"] = _minutes_left(c, now)
    return render_template("console/complaints.html", items=items, statuses=steps.STATUSES,
                           status=status, topic=topic, owner=owner, topic_labels=_topic_labels(),
                           next_start=more)


def _minutes_left(c: Any, now: Any) -> int | None:
    """The SLA clock: minutes until a person must contact them (negative: late)."""
    if c.status not in steps.WAITING_FOR_CONTACT or c.contact_due is None:
        return None
    return int((c.contact_due - now).total_seconds() // 60)


def _complaint_or_404(id: int) -> Any:
    try:
        return service.get(id)
    except NotFound:
        abort(404)


@bp.route("/complaints/<int:id>")
@page("complaints")
def complaint(id: int) -> Any:
    c = _complaint_or_404(id)
    now = utcnow()
    item = queries.complaint_dict(c, service.external_id_of(c.customer_id),
                                  steps.Settings.from_config(), now, timeline=True)
    return render_template("console/complaint.html", c=item, topic_labels=_topic_labels(),
                           minutes_left=_minutes_left(c, now),
                           moves=sorted(steps.MOVES.get(c.status, ())))


Action = (type[schemas.AssignIn] | type[schemas.ContactIn] | type[schemas.ResolveIn]
          | type[schemas.TopicIn])
ACTIONS: dict[str, Action] = {"assign": schemas.AssignIn, "contact": schemas.ContactIn,
                              "resolve": schemas.ResolveIn, "topic": schemas.TopicIn}


@bp.route("/complaints/<int:id>/<action>", methods=["POST"])
@page("complaints")
def complaint_action(id: int, action: str) -> Any:
    staff = require("handle_complaint")
    if action not in ACTIONS:
        abort(404)
    c = _complaint_or_404(id)
    form = {k: v for k, v in request.form.items() if k != "csrf_token" and (v.strip() or
                                                                             k == "note")}
    try:
        body = ACTIONS[action].model_validate(form)
        _, pairs = actions.take(c.id, body, staff)
        complaint_jobs.enqueue(pairs)  # after the commit
        flash(i18n.translator(lang())("complaint_done"), "success")
    except ValidationError as exc:
        flash("; ".join(f"{d['field']}: {d['message']}" for d in validation_details(exc)),
              "error")
    except GatewayError as exc:
        details = "; ".join(f"{d.get('field')}: {d.get('message')}" for d in exc.details)
        flash(f"{exc.message} {details}".strip(), "error")
    return redirect(url_for("console.complaint", id=id))


@bp.route("/customers")
@page("customers")
def customers() -> Any:
    q = request.args.get("q", "").strip()[:320]
    found = record.search(q) if q else []
    if len(found) == 1:
        return redirect(url_for("console.customer", external_id=found[0].external_id))
    return render_template("console/customers.html", q=q, found=found)


@bp.route("/customers/<external_id>")
@page("customers")
def customer(external_id: str) -> Any:
    person = service.live_customer(external_id)
    if person is None:
        abort(404)
    return render_template("console/customer.html", r=record.history(person, render_delivery),
                           topic_labels=_topic_labels())

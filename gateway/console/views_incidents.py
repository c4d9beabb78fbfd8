"""Incidents: the list, and one incident's live progress, report, updates,
unreached customers, replies that need a person, and survey results."""

from __future__ import annotations

import uuid
from typing import Any

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from pydantic import ValidationError

from ..access import idempotency
from ..delivery import states
from ..errors import Conflict, GatewayError
from ..incidents import queries
from ..incidents import service as incident_service
from ..incidents.models import Incident
from ..intake import actions, service
from ..jobs.batches import enqueue_batches
from ..reports import service as reports
from ..store.db import utcnow
from ..vocabulary import STAGES
from . import forms, i18n
from .blueprint import bp, lang
from .format import percent, seconds
from .session import page, require
from .views_approvals import approval_window
from .wording import plain_errors

STATUSES = ("pending_approval", "dispatching", "dispatched", "resolved", "canceled", "rejected")
DELIVERY_STATUSES = states.DISPLAY_ORDER
PER_PAGE = 50
LIVE_SECONDS = 3


@bp.route("/incidents")
@page("incidents")
def incidents() -> Any:
    status = request.args.get("status", "")
    q = request.args.get("q", "").strip()[:100]
    before = request.args.get("before", "")
    rows = queries.newest(PER_PAGE + 1, status=status if status in STATUSES else None, search=q,
                          before=int(before) if before.isdigit() else None)
    more = len(rows) > PER_PAGE
    rows = rows[:PER_PAGE]
    by_status = queries.count_by_status()
    return render_template("console/incidents.html", rows=rows, statuses=STATUSES,
                           status=status, q=q, by_status=by_status,
                           next_before=rows[-1].id if more and rows else None)


def live_state(incident: Incident) -> dict[str, Any]:
    """Counts by channel × status (first notices), totals and headline figures."""
    counts = service.counts(incident.id)
    channels = sorted(counts)
    used = [s for s in DELIVERY_STATUSES if any(counts[c].get(s) for c in channels)]
    totals = {s: sum(counts[c].get(s, 0) for c in channels) for s in used}
    total = sum(totals.values())
    done = sum(totals.get(s, 0) for s in states.SENT_OR_BETTER)
    missed = sum(totals.get(s, 0) for s in ("failed", "bounced", "suppressed", "canceled"))
    acked = queries.acked(incident.id)
    pending = sum(totals.get(s, 0) for s in states.PENDING)
    return {"counts": counts, "channels": channels, "statuses": used, "totals": totals,
            # every first notice has an outcome: only then is "everyone was reached" true
            "finished": bool(total) and not pending and incident.status in ("dispatched",
                                                                            "resolved"),
            "total": total, "reached": done, "missed": missed, "acked": acked,
            "progress": round(100 * (done + missed) / total) if total else 0,
            "status": incident.status, "audience_size": incident.audience_size}


def _page_data(incident: Incident) -> dict[str, Any]:
    rep = reports.incident_report(incident)
    updates = queries.updates_of(incident.id)
    unreached = queries.unreached_of(incident.id, 200)
    replies = queries.replies_to(incident.id, 200)
    comments = queries.survey_comments(incident.id, 50)
    return {"report": rep, "updates": updates, "unreached": unreached, "replies": replies,
            "comments": comments}


def _update_form(incident: Incident) -> dict[str, Any]:
    return {"stage": incident.stage if incident.stage in STAGES[:-1] else "investigating",
            "message": "", "next_update_at": forms.local_input(incident.next_update_at),
            "idempotency_key": str(uuid.uuid4())}


def _render_incident(incident: Incident, update_form: dict[str, Any] | None = None,
                     update_errors: list[dict[str, Any]] | None = None, status: int = 200) -> Any:
    return render_template(
        "console/incident.html", incident=incident, live=live_state(incident),
        **_page_data(incident), update_form=update_form or _update_form(incident),
        update_errors=update_errors or [], stages=STAGES, live_seconds=LIVE_SECONDS,
        approval=approval_window(incident), can_cancel=service.can_cancel(incident),
        seconds=seconds, percent=percent, now=utcnow()), status


@bp.route("/incidents/<int:id>")
@page("incidents")
def incident(id: int) -> Any:
    return _render_incident(queries.get(id))


@bp.route("/incidents/<int:id>/live.json")
@page("incidents")
def incident_live(id: int) -> Any:
    incident = queries.get(id)
    state = live_state(incident)
    html = render_template("console/_live.html", live=state, incident=incident)
    return jsonify({**{k: state[k] for k in ("status", "total", "reached", "missed", "acked",
                                             "progress", "counts")}, "html": html})


@bp.route("/incidents/<int:id>/updates", methods=["POST"])
@page("incidents")
def incident_post_update(id: int) -> Any:
    staff = require("post_update")
    t = i18n.translator(lang())
    incident = queries.get(id)
    form = {k: request.form.get(k, "") for k in ("stage", "message", "next_update_at",
                                                   "idempotency_key")}
    data: dict[str, Any] = {"stage": form["stage"], "message": form["message"].strip()}
    if form["stage"] != "resolved" and form["next_update_at"].strip():
        data["next_update_at"] = forms.parse_when(form["next_update_at"])
    try:
        body = incident_service.UpdateIn.model_validate(data)
        key = idempotency.check_key(form["idempotency_key"])
    except ValidationError as exc:
        return _render_incident(incident, form, plain_errors(exc), 422)
    except GatewayError as exc:
        return _render_incident(incident, form, exc.details, exc.status)
    try:
        sent = actions.post_update(id, body, body.model_dump(mode="json"), key, staff,
                                   current_app.config["GATEWAY"])
    except Conflict as exc:
        message = t("already_submitted") if exc.code == "idempotency_mismatch" else exc.message
        return _render_incident(incident, form, [{"field": "", "message": message}], 409)
    except GatewayError as exc:
        return _render_incident(incident, form,
                                exc.details or [{"field": "", "message": exc.message}], exc.status)
    if sent.batches:  # only the request that posted it sends (after commit)
        enqueue_batches(sent.severity, sent.batches)
    flash(t("update_posted", n=sent.replay.body.get("recipients", 0)), "success")
    return redirect(url_for("console.incident", id=id) + "#updates")


@bp.route("/incidents/<int:id>/cancel", methods=["POST"])
@page("incidents")
def incident_cancel(id: int) -> Any:
    staff = require("cancel")
    t = i18n.translator(lang())
    queries.get(id)
    try:
        _, stopped = actions.cancel(id, staff)
    except GatewayError as exc:
        flash(exc.message, "error")
        return redirect(url_for("console.incident", id=id))
    flash(t("canceled_now", n=stopped), "info")
    return redirect(url_for("console.incident", id=id))


@bp.route("/incidents/<int:id>/replies/<int:reply_id>/handled", methods=["POST"])
@page("incidents")
def incident_reply_handled(id: int, reply_id: int) -> Any:
    staff = require("handle_reply")
    if not actions.reply_handled(id, reply_id, staff):
        abort(404)
    return redirect(url_for("console.incident", id=id) + "#replies")

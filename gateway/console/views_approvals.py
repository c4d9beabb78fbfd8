"""Approvals: pending incidents with what customers would get; approve or reject.

Four eyes and expiry are the intake's rules (`intake.service.approve`): no key
that created or edited an incident may decide on it, and a draft pending longer
than `APPROVAL_TTL_MINUTES` since its creation or latest edit can no longer be
approved (only edited, which restarts the clock, or rejected). The console shows
both before anyone clicks, and each approve form carries the version the
approver read, so an edit made meanwhile is never approved unseen.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from pydantic import ValidationError

from ..errors import GatewayError
from ..incidents import promised_times, queries
from ..incidents.models import Incident
from ..incidents.schemas import DecisionIn, RejectIn
from ..intake import actions, service
from ..jobs import dispatch
from ..store.db import utcnow
from ..vocabulary import LOCALES
from . import forms, i18n
from .blueprint import bp, lang
from .previews import highlight, number_findings, render_grid
from .session import current_staff, page
from .views_compose import _value_at

MAX_REASON = 2000


def ttl_minutes() -> int:
    return int(current_app.config["GATEWAY"].approval_ttl_minutes)


def approval_window(incident: Incident) -> dict[str, datetime | bool] | None:
    """Until when a pending incident can be approved, and whether that has passed."""
    if incident.status != "pending_approval":
        return None
    minutes = ttl_minutes()
    return {"expires_at": service.approval_expires_at(incident, minutes),
            "expired": service.approval_expired(incident, minutes)}


def _facts_view(incident: Incident, findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each free-text fact with its lint marks, in reading order."""
    facts = incident.facts
    keyed = isinstance(facts.get("en"), dict)
    rows = []
    for locale, values in (facts.items() if keyed else [(None, facts)]):
        for name in ("what_happened", "impact", "actions_taken"):
            path = f"facts.{locale}.{name}" if locale else f"facts.{name}"
            text = _value_at({"facts": facts}, path)
            rows.append({"name": name, "locale": locale, "path": path,
                         "marked": highlight(text, findings, path, f"a{incident.id}")})
        for i, action in enumerate(values.get("customer_actions") or []):
            path = (f"facts.{locale}.customer_actions.{i}" if locale
                    else f"facts.customer_actions.{i}")
            rows.append({"name": "customer_actions", "locale": locale, "path": path,
                         "marked": highlight(action, findings, path, f"a{incident.id}")})
    return rows


@bp.route("/approvals")
@page("approvals")
def approvals() -> Any:
    staff = current_staff()
    pending = queries.pending_approval()
    cards = []
    for incident in pending:
        findings = number_findings(list(incident.lint or []))
        window = approval_window(incident) or {}
        cards.append({
            "incident": incident, "findings": findings, "facts": _facts_view(incident, findings),
            "expired": window["expired"], "expires_at": window["expires_at"],
            "own": staff is not None and staff.key_id in service.authors(incident),
            "version": service.version_of(incident),
            "next_update_passed": bool(promised_times.next_update_passed(incident.facts,
                                                                         utcnow())),
            "grid": render_grid(incident.kind, incident.facts, channels=("email", "sms"),
                                incident={"title": incident.title,
                                          "require_ack": incident.require_ack,
                                          "ack_within_minutes": incident.ack_within_minutes},
                                prefix=f"a{incident.id}-"),
        })
    decided = queries.recently_decided(10)
    return render_template("console/approvals.html", cards=cards, decided=decided,
                           ttl_minutes=ttl_minutes(),
                           locales=LOCALES)


def _decide(id: int, approve: bool) -> Any:
    staff = current_staff()
    assert staff is not None
    t = i18n.translator(lang())
    back = url_for("console.approvals") + f"#incident-{id}"
    reason = (request.form.get("reason") or "").strip()[:MAX_REASON] or None
    version = request.form.get("version") or None  # what the approver read
    next_update = forms.parse_when(request.form.get("next_update_at") or "")
    if queries.find(id) is None:
        flash(t("incident_not_found", id=id), "error")
        return redirect(url_for("console.approvals"))
    if not approve:
        try:
            body = RejectIn(reason=reason or "")
        except ValidationError:
            flash(t("reject_needs_reason"), "error")
            return redirect(back)
    try:
        if approve:
            new_due = DecisionIn(next_update_at=next_update).next_update_at
            approved = actions.approve(id, reason, staff, current_app.config["GATEWAY"],
                                       version=version, next_update_at=new_due)
        else:
            actions.reject(id, body.reason, staff, version=version)
    except ValidationError:  # a next update time that is not a time
        flash(t("next_update_not_ahead", id=id), "error")
        return redirect(back)
    except GatewayError as exc:
        messages = {"self_approval": t("self_approval_refused"),
                    "approval_expired": t("approval_expired", id=id, minutes=ttl_minutes()),
                    "next_update_required": t("next_update_required", id=id),
                    "validation_error": t("next_update_not_ahead", id=id),
                    "compensation_date_passed": t("compensation_date_passed", id=id)}
        if exc.code == "incident_changed":
            messages["incident_changed"] = t("changed_since_read", id=id,
                                             who=queries.get(id).edited_by)
        flash(messages.get(exc.code, exc.message), "error")
        return redirect(back)
    if approve:
        if approved.dispatch is not None:
            dispatch.start(approved.dispatch)
        flash(t("approved_now", id=id, n=approved.incident.audience_size), "success")
        return redirect(url_for("console.incident", id=id))
    flash(t("rejected_now", id=id), "info")
    return redirect(url_for("console.approvals"))


@bp.route("/approvals/<int:id>/approve", methods=["POST"])
@page("approvals")
def approvals_approve(id: int) -> Any:
    return _decide(id, True)


@bp.route("/approvals/<int:id>/reject", methods=["POST"])
@page("approvals")
def approvals_reject(id: int) -> Any:
    return _decide(id, False)

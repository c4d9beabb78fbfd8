"""Approvals: pending incidents with what customers would get; approve or reject.

Four eyes is the domain's rule (the creating key cannot decide); the console
adds an expiry: a draft pending longer than `APPROVAL_TTL_MINUTES` can no
longer be approved here (only rejected), so a stale draft cannot go out by
accident.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from pydantic import ValidationError
from sqlalchemy import select

from ..domain import incidents as service
from ..errors import GatewayError
from ..jobs import dispatch
from ..store.db import db, utcnow
from ..store.models import Incident
from . import i18n
from .blueprint import bp, lang
from .previews import highlight, number_findings, render_grid
from .session import current_staff, page
from .views_compose import _value_at

MAX_REASON = 2000


def ttl() -> timedelta:
    return timedelta(minutes=int(current_app.config["CONSOLE_APPROVAL_TTL_MINUTES"]))


def expired(incident: Incident) -> bool:
    return incident.created_at + ttl() < utcnow()


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
    pending = db.session.execute(select(Incident).where(Incident.status == "pending_approval")
                                 .order_by(Incident.created_at)).scalars().all()
    cards = []
    for incident in pending:
        findings = number_findings(list(incident.lint or []))
        cards.append({
            "incident": incident, "findings": findings, "facts": _facts_view(incident, findings),
            "expired": expired(incident), "expires_at": incident.created_at + ttl(),
            "own": staff is not None and incident.created_by_key_id == staff.key_id,
            "grid": render_grid(incident.kind, incident.facts, channels=("email", "sms"),
                                incident={"title": incident.title,
                                          "require_ack": incident.require_ack,
                                          "ack_within_minutes": incident.ack_within_minutes},
                                prefix=f"a{incident.id}-"),
        })
    decided = db.session.execute(
        select(Incident).where(Incident.decided_at.is_not(None))
        .order_by(Incident.decided_at.desc()).limit(10)).scalars().all()
    return render_template("console/approvals.html", cards=cards, decided=decided,
                           ttl_minutes=int(current_app.config["CONSOLE_APPROVAL_TTL_MINUTES"]),
                           locales=("en", "zh-CN"))


def _decide(id: int, approve: bool) -> Any:
    staff = current_staff()
    assert staff is not None
    t = i18n.translator(lang())
    reason = (request.form.get("reason") or "").strip()[:MAX_REASON] or None
    incident = db.session.get(Incident, id)
    if incident is None:
        flash(t("incident_not_found", id=id), "error")
        return redirect(url_for("console.approvals"))
    try:
        if approve:
            if incident.status == "pending_approval" and expired(incident):
                flash(t("approval_expired", id=id), "error")
                return redirect(url_for("console.approvals") + f"#incident-{id}")
            service.approve(incident, reason, key_id=staff.key_id, actor=staff.name,
                            actor_role=staff.role)
        else:
            if not reason:
                flash(t("reject_needs_reason"), "error")
                return redirect(url_for("console.approvals") + f"#incident-{id}")
            try:
                body = service.RejectIn(reason=reason)
            except ValidationError:
                flash(t("reject_needs_reason"), "error")
                return redirect(url_for("console.approvals") + f"#incident-{id}")
            service.reject(incident, body.reason, key_id=staff.key_id, actor=staff.name,
                           actor_role=staff.role)
    except GatewayError as exc:
        db.session.rollback()
        key = "self_approval_refused" if exc.code == "self_approval" else None
        flash(t(key) if key else exc.message, "error")
        return redirect(url_for("console.approvals") + f"#incident-{id}")
    db.session.commit()
    if approve:
        dispatch.start(incident.id)
        flash(t("approved_now", id=id, n=incident.audience_size), "success")
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

"""Compose: write an incident by hand, see who it reaches and how it reads, send it.

Submitting builds the exact `POST /v1/incidents` body and runs it through the
same domain functions and idempotency record as the API (the key comes from
a hidden form field, so a double click or a resubmitted form never creates a
second incident). Whether it needs approval is the SPEC's rule, decided there.

Editing a pending incident reuses the same form, pre-filled, and submits it to
the domain's `edit` (as `PUT /v1/incidents/{id}` does): lint runs again, the
audience is re-snapshotted and approval starts over. The form carries the
version it was opened at, so an edit never silently overwrites someone else's.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from flask import current_app, flash, jsonify, redirect, render_template, request, url_for
from pydantic import ValidationError

from ..access import idempotency
from ..compensation import service as compensation
from ..errors import Conflict, GatewayError
from ..incidents import queries
from ..incidents.audience import Audience
from ..incidents.models import Incident
from ..intake import actions, service
from ..jobs import dispatch
from ..messages.context import fallback_notes
from ..messages.intake_lint import facts_findings
from ..messages.language import fallback_sentence
from ..signals import warning_records as signal_warnings
from ..vocabulary import CHANNELS, KINDS, LOCALES, SEVERITIES
from . import forms, i18n
from .blueprint import bp, lang
from .previews import highlight, number_findings, render_grid
from .session import current_staff, page
from .wording import error_text, plain_errors


def _value_at(body: dict[str, Any], path: str) -> Any:
    value: Any = body
    for part in path.split("."):
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value


def field_lint(body: dict[str, Any], findings: list[dict[str, Any]]) -> dict[str, str]:
    """Per form input: its text with the findings marked, and what to do instead."""
    by_path: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for finding in findings:
        by_path[str(finding.get("field", ""))].append(finding)
    parts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for path, items in by_path.items():
        value = _value_at(body, path)
        marked = highlight(value, items, path, "c") if isinstance(value, str) else None
        parts[forms.form_field(path)].append({"path": path, "marked": marked, "findings": items})
    return {name: render_template("console/_field_lint.html", items=items)
            for name, items in parts.items()}


def _defaults() -> dict[str, Any]:
    return {"kind": "outage", "severity": "high", "channels": list(CHANNELS),
            "auto_no_news": "1", "ack_within_minutes": "60", "audience_mode": "ids",
            "idempotency_key": str(uuid.uuid4())}


def _form_values(source: Any) -> dict[str, Any]:
    values = {k: v for k, v in source.items()}
    values["channels"] = source.getlist("channels") if hasattr(source, "getlist") else []
    return values


def stray_audience_errors(form: Any, body: dict[str, Any]) -> list[dict[str, Any]]:
    """Refuse audience values typed for a kind of audience other than the chosen one."""
    stray = forms.stray_audience(form, body.get("audience") or {})
    if not stray:
        return []
    t = i18n.translator(lang())
    return [{"field": "audience", "message": t(
        "audience_stray", chosen=t("audience_" + forms.audience_mode(form)),
        other=", ".join(t("audience_" + mode) for mode in stray))}]


def _facts_prefix(exc: GatewayError) -> str:
    """`facts.` or `facts.<locale>.`: where the failing facts object sits."""
    field = str((exc.details or [{}])[0].get("field", "facts."))
    parts = field.split(".")
    return "facts." + (f"{parts[1]}." if len(parts) > 2 and parts[1] in ("en", forms.ZH) else "")


def validate(body: dict[str, Any], form: Any) -> tuple[service.IncidentIn | None,
                                                       list[dict[str, Any]]]:
    """The body as the API would parse it, or every problem at once (fields and facts)."""
    errors = stray_audience_errors(form, body)
    parsed = None
    try:
        parsed = service.IncidentIn.model_validate(body)
    except ValidationError as exc:
        errors += [d for d in plain_errors(exc)
                   if not (errors and d["field"].startswith("audience"))]
    try:
        service.parse_facts(body.get("facts") or {})
    except GatewayError as exc:
        cause = exc.__cause__
        details = (plain_errors(cause, _facts_prefix(exc)) if isinstance(cause, ValidationError)
                   else exc.details)
        errors += [d for d in details if d not in errors] or [
            {"field": "facts", "message": exc.message}]
    return (parsed if not errors else None), errors


def check(body: dict[str, Any], form: Any) -> dict[str, Any]:
    """What the staff member sees while typing: validity, lint, audience, approval."""
    lint: list[dict[str, Any]] = []
    parsed, errors = validate(body, form)
    if parsed is not None:
        lint = number_findings(facts_findings(service.parse_facts(parsed.facts)))
    if not lint and body.get("facts"):
        try:  # lint what there is, even while other fields are still missing
            lint = number_findings(facts_findings(forms.preview_facts(body)))
            lint = [f for f in lint if _value_at(body, str(f.get("field"))) is not None]
        except Exception:  # noqa: BLE001 - a half-typed form must never break the page
            lint = []
    stray = [e for e in errors if e["field"] == "audience"]
    audience: dict[str, Any]
    audience, by_locale = (({"size": None, "unknown": [], "errors": stray}, {}) if stray
                           else forms.audience_reach(body.get("audience") or {}))
    config = current_app.config["GATEWAY"]
    quote = _quote(body) if audience["size"] is not None else None
    reasons = service.approval_reasons(body.get("kind", ""), audience["size"] or 0, lint,
                                       config.approval_audience_threshold, quote,
                                       config.approval_compensation_threshold)
    languages = _languages(body, by_locale) if audience["size"] else []
    facts_ok = not any(str(e.get("field", "")).startswith("facts") for e in errors)
    # Only claims that are true now: "clean" once the facts are complete, "what
    # happens next" once the whole form is (an empty form is neither).
    return {"errors": errors, "lint": lint, "audience": audience, "approval_reasons": reasons,
            "compensation": quote, "facts_ok": facts_ok, "complete": parsed is not None,
            "languages": languages}


def _languages(body: dict[str, Any], by_locale: dict[str | None, int]) -> list[str]:
    """Before sending: "12 customers will get English because there are no Chinese facts"
    (a message is in one language; those customers get all of it in the facts' language).
    `by_locale`: the audience's customers by locale, as `forms.audience_reach` found them."""
    try:
        facts = forms.preview_facts(body)
        notes = fallback_notes(facts, by_locale)
    except (ValidationError, GatewayError):
        return []
    return [fallback_sentence(note, lang()) for note in notes]


def _quote(body: dict[str, Any]) -> dict[str, Any] | None:
    """The compensation policy's total cost and distribution over the audience, if any."""
    try:
        audience = Audience.model_validate(body.get("audience") or {})
        quote, _ = compensation.preview(body.get("facts") or {}, audience, None, "en")
    except (ValidationError, GatewayError):
        return None  # shown as a field error by `validate` or at submit
    return quote


def _checked(body: dict[str, Any], form: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The compose check (`check`) and the preview grid of email and SMS, as the page and
    its live check (check.json) both show them."""
    state = check(body, form)
    grid = render_grid(body.get("kind") or "outage", forms.preview_facts(body),
                       channels=("email", "sms"),
                       incident={"require_ack": body["require_ack"],
                                 **({"title": body["title"]} if body["title"] else {})},
                       prefix="compose-")
    return state, grid


def _render(form: dict[str, Any], status: int = 200, *, errors: list[dict[str, Any]] | None = None,
            problem: str | None = None, dry_run: Incident | None = None,
            editing: Incident | None = None) -> Any:
    body = forms.incident_body(_multi(form))
    state, grid = _checked(body, form)
    t = i18n.translator(lang())
    shown_errors = errors if errors is not None else []
    return render_template(
        "console/compose.html", form=form, kinds=KINDS, severities=SEVERITIES, channels=CHANNELS,
        errors=forms.errors_by_field([{**e, "message": error_text(e, t)} for e in shown_errors]),
        error_list=shown_errors, problem=problem,
        state=state, field_lint=field_lint(body, state["lint"]), grid=grid,
        locales=LOCALES, dry_run=dry_run, editing=editing, lint_claims=state["facts_ok"],
        stray_audience=forms.stray_audience(form, body["audience"])), status


class _Multi(dict):  # type: ignore[type-arg]
    def getlist(self, key: str) -> list[Any]:
        value = self.get(key, [])
        return value if isinstance(value, list) else [value]


def _multi(form: dict[str, Any]) -> _Multi:
    return _Multi(form)


@bp.route("/compose")
@page("compose")
def compose() -> Any:
    form = _defaults()
    source = request.args.get("from_incident", "")
    if source.isdigit() and (incident := queries.find(int(source))) is not None:
        form.update(forms.form_from_facts(incident.facts))
        form.update(kind=incident.kind, severity=incident.severity, title=incident.title,
                    channels=list(incident.channels))
    warning_id = request.args.get("from_warning", "")
    if warning_id.isdigit() and (draft := signal_warnings.draft_of(int(warning_id))) is not None:
        form.update(forms.form_from_facts(draft.get("facts") or {}),
                    **forms.form_from_audience(draft.get("audience") or {}),
                    kind=draft.get("kind", "degraded_service"),
                    severity=draft.get("severity", "high"), title=draft.get("title", ""),
                    warning_id=warning_id)
    return _render(form)


@bp.route("/compose/check.json", methods=["POST"])
@page("compose")
def compose_check() -> Any:
    body = forms.incident_body(request.form)
    state, grid = _checked(body, request.form)
    t = i18n.translator(lang())
    return jsonify({
        "audience": state["audience"],
        "approval_reasons": state["approval_reasons"],
        "summary_html": render_template("console/_compose_summary.html", state=state),
        "field_lint": field_lint(body, state["lint"]),
        "preview_html": render_template("console/_grid.html", grid=grid, locales=LOCALES,
                                        lint_claims=state["facts_ok"]),
        "errors": state["errors"],
        "lint_errors": sum(f["severity"] == "error" for f in state["lint"]),
        "message": t("checked"),
    })


@bp.route("/compose", methods=["POST"])
@page("compose")
def compose_submit() -> Any:
    staff = current_staff()
    assert staff is not None
    t = i18n.translator(lang())
    form = _form_values(request.form)
    body = forms.incident_body(request.form)
    dry = request.form.get("action") == "dry_run"
    if dry:
        me = request.form.get("dry_run_customer", "").strip()
        if not me:
            return _render(form, 422, errors=[{"field": "dry_run_customer",
                                               "message": t("dry_run_needs_customer")}])
        if forms.audience_size({"customer_ids": [me]})["size"] != 1:
            return _render(form, 422, errors=[{"field": "dry_run_customer",
                                               "message": t("dry_run_unknown", id=me)}])
        body["audience"] = {"customer_ids": [me]}
        body["title"] = f"[{t('dry_run_tag')}] {body['title']}"[:200]
    parsed, errors = validate(body, {"audience_mode": "ids"} if dry else request.form)
    if parsed is None:
        return _render(form, 422, errors=errors)
    try:
        key = idempotency.check_key(request.form.get("idempotency_key"))
    except GatewayError as exc:
        return _render(form, 422, errors=exc.details or [{"field": "", "message": exc.message}])
    if dry:
        key = f"{key}:dry:{idempotency.request_hash(body)[:16]}"
    try:
        intake = actions.create(parsed, body, key, staff, current_app.config["GATEWAY"])
    except Conflict as exc:
        message = t("already_submitted") if exc.code == "idempotency_mismatch" else exc.message
        return _render(form, 409, problem=message)
    except GatewayError as exc:
        return _render(form, exc.status, errors=exc.details, problem=exc.message)
    if intake.dispatch is not None:  # only the request that created it dispatches
        dispatch.start(intake.dispatch)
    incident = queries.get(int(intake.replay.body["id"]))
    if dry:
        return _render(form, dry_run=incident)
    if incident.status == "pending_approval":
        reasons = ", ".join(t("reason_" + r) for r in incident.approval_reasons)
        flash(t("sent_for_approval", reasons=reasons), "info")
    else:
        flash(t("dispatching_now", n=incident.audience_size), "success")
    return redirect(url_for("console.incident", id=incident.id))



def _pending_or_redirect(incident: Incident) -> Any:
    if incident.status == "pending_approval":
        return None
    t = i18n.translator(lang())
    flash(t("edit_not_pending", id=incident.id, status=t("status_" + incident.status)), "error")
    return redirect(url_for("console.incident", id=incident.id))


@bp.route("/incidents/<int:id>/edit")
@page("edit")
def incident_edit(id: int) -> Any:
    incident = queries.get(id)
    if (away := _pending_or_redirect(incident)) is not None:
        return away
    form = {**forms.form_from_incident(incident), "version": service.version_of(incident)}
    return _render(form, editing=incident)


@bp.route("/incidents/<int:id>/edit", methods=["POST"])
@page("edit")
def incident_edit_submit(id: int) -> Any:
    staff = current_staff()
    assert staff is not None
    t = i18n.translator(lang())
    incident = queries.get(id)
    form = _form_values(request.form)
    body = forms.incident_body(request.form)
    parsed, errors = validate(body, request.form)
    if parsed is None:
        return _render(form, 422, errors=errors, editing=incident)
    try:
        edited = actions.edit(id, parsed, staff, current_app.config["GATEWAY"],
                              version=request.form.get("version") or "")
    except GatewayError as exc:
        incident = queries.get(id)
        if exc.code == "incident_changed":
            return _edited_meanwhile(incident, parsed, form)
        if exc.code == "not_pending_approval":
            return _pending_or_redirect(incident)
        return _render(form, exc.status, errors=exc.details, problem=exc.message,
                       editing=incident)
    if edited.dispatch is not None:  # the edit removed every reason to wait
        dispatch.start(edited.dispatch)
        flash(t("edited_dispatching", n=edited.incident.audience_size), "success")
    else:
        reasons = ", ".join(t("reason_" + r) for r in edited.incident.approval_reasons)
        flash(t("edited_pending", reasons=reasons), "info")
    return redirect(url_for("console.incident", id=id))


def _edited_meanwhile(incident: Incident, parsed: service.IncidentIn, form: dict[str, Any]) -> Any:
    """The form was opened at an older version: our own resubmitted form goes to
    the incident; someone else's edit is shown, never overwritten."""
    staff = current_staff()
    assert staff is not None
    if (incident.edited_by_key_id == staff.key_id
            and service.content_of(parsed) == service.content_of_incident(incident)):
        return redirect(url_for("console.incident", id=incident.id))  # a resubmitted form
    if (away := _pending_or_redirect(incident)) is not None:
        return away
    t = i18n.translator(lang())
    return _render(form, 409, problem=t("edit_conflict", who=incident.edited_by
                                        or incident.created_by), editing=incident)

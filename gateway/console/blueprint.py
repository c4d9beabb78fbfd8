"""The console blueprint and what every console template gets."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, request, session

from ..incidents.queries import count_with_status
from ..signals.charts import open_warning_count
from . import i18n
from .format import when
from .session import PAGES, csrf_token, current_staff

bp = Blueprint("console", __name__, url_prefix="/console", template_folder="templates",
               static_folder="static", static_url_path="/static")

NAV = ("templates", "compose", "approvals", "incidents", "complaints", "customers", "signals",
       "audit")

# Nothing in the console loads from anywhere but the gateway itself; email
# previews run in a sandboxed srcdoc iframe that inherits this policy.
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
       "script-src 'self'; frame-src 'self'; frame-ancestors 'none'; form-action 'self'; "
       "base-uri 'none'; object-src 'none'")


def lang() -> str:
    chosen = session.get("lang")
    if chosen in i18n.LANGS:
        return str(chosen)
    return request.accept_languages.best_match(i18n.LANGS, default="en") or "en"


@bp.app_template_filter("when")
def _when(value: Any) -> str:
    return when(value)


def base_context() -> dict[str, Any]:
    """What every console page needs; also used for error pages outside the blueprint."""
    staff = current_staff()
    code = lang()
    nav = [name for name in NAV if staff is not None and staff.may(name)]
    pending = 0
    if "approvals" in nav:  # a count beside "Approvals" so waiting drafts are noticed
        pending = count_with_status("pending_approval")
    warnings_open = 0
    if "signals" in nav:  # open early warnings are an alert on every page
        warnings_open = open_warning_count()
    return {"t": i18n.translator(code), "lang": code, "langs": i18n.LANGS, "staff": staff,
            "csrf_token": csrf_token, "nav": nav, "pages": PAGES, "pending_count": pending,
            "warnings_open": warnings_open}


bp.context_processor(base_context)


@bp.after_request
def _headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if response.mimetype in ("text/html", "application/json"):
        response.headers["Cache-Control"] = "no-store"
    return response

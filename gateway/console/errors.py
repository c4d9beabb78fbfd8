"""HTML error pages for console paths (the JSON API keeps its JSON errors)."""

from __future__ import annotations

from flask import Response, redirect, render_template, request, url_for

from . import i18n
from .blueprint import base_context, lang


def is_console_request() -> bool:
    return request.path == "/console" or request.path.startswith("/console/")


def wants_json() -> bool:
    return request.path.endswith(".json") or request.is_json or (
        request.accept_mimetypes.best == "application/json")


def error_page(status: int, detail: str | None = None) -> Response:
    """Render the console's error page for `status` (JSON for the console's fetch endpoints)."""
    from flask import jsonify

    if status == 401 and not wants_json() and request.method == "GET":
        return redirect(url_for("console.signin"))  # type: ignore[return-value]
    t = i18n.translator(lang())
    key = {400: "error_400", 401: "error_401", 403: "error_403", 404: "error_404",
           405: "error_405", 413: "error_413", 503: "error_503"}.get(status, "error_500")
    message = t("error_csrf") if detail == "csrf" else t(key)
    if wants_json():
        response = jsonify({"error": {"code": f"http_{status}", "message": message}})
    else:
        response = Response(render_template("console/error.html", **base_context(),
                                            status=status, message=message),
                            mimetype="text/html")
    response.status_code = status
    return response

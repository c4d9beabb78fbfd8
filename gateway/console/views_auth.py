"""Sign in, sign out, language, and the console's home (the first page a role may open)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import abort, g, redirect, render_template, request, session, url_for

from ..access import service as access
from ..errors import TooManyRequests, Unauthorized
from . import i18n
from .blueprint import NAV, bp, lang
from .session import check_csrf, current_staff, sign_in, sign_out


def safe_next(target: str | None) -> str | None:
    """Only a console path of this site (no scheme, host or `//`)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/console/") \
            or target.startswith("//") or "\\" in target:
        return None
    return target


def _home_for(role_may: Any) -> str:
    for name in NAV:
        if role_may(name):
            return url_for(f"console.{name}")
    return url_for("console.signin")


def _limiter() -> tuple[Any, int]:
    from flask import current_app

    return (current_app.extensions["gateway.redis"],
            current_app.config["GATEWAY"].auth_failures_per_minute)


@bp.route("/")
def home() -> Any:
    staff = current_staff()
    if staff is None:
        return redirect(url_for("console.signin"))
    return redirect(_home_for(staff.may))


@bp.route("/signin", methods=["GET", "POST"])
def signin() -> Any:
    t = i18n.translator(lang())
    nxt = safe_next(request.values.get("next"))
    if request.method == "GET":
        if current_staff() is not None:
            return redirect(nxt or url_for("console.home"))
        return render_template("console/signin.html", next=nxt)
    check_csrf()
    conn, limit = _limiter()  # the API's limiter: only failed keys count
    try:
        row = access.authenticate(request.form.get("api_key", ""), conn=conn,
                                  address=request.remote_addr, limit=limit)
    except TooManyRequests as exc:
        return render_template("console/signin.html", next=nxt, error=t("signin_throttled")), \
            429, {"Retry-After": str(exc.retry_after)}
    except Unauthorized:
        return render_template("console/signin.html", next=nxt, error=t("signin_failed")), 401
    if row.role not in access.STAFF_ROLES:
        return render_template("console/signin.html", next=nxt, error=t("signin_system_key")), 403
    sign_in(row)
    g.pop("staff", None)
    me = current_staff()
    if nxt and me is not None:
        page = nxt.split("/")[2].split("?")[0] if len(nxt.split("/")) > 2 else ""
        if page in NAV and not me.may(page):
            nxt = None
    return redirect(nxt or _home_for(me.may if me else (lambda _: False)))


@bp.route("/signout", methods=["POST"])
def signout() -> Any:
    check_csrf()
    sign_out()
    return redirect(url_for("console.signin"))


@bp.route("/language", methods=["POST"])
def set_language() -> Any:
    check_csrf()
    chosen = request.form.get("lang")
    if chosen not in i18n.LANGS:
        abort(400)
    session["lang"] = chosen
    return redirect(safe_next(request.form.get("next")) or url_for("console.home"))

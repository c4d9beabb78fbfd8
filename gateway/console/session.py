"""Console sign-in: an API key exchanged for a signed session cookie.

The cookie (Flask's session, signed with GATEWAY_SECRET_KEY) holds the key's
id, name and role, a CSRF token and the staff member's language; never the
key itself. Every request re-reads the key row, so revoking a key signs its
holder out of the console at once.
"""

from __future__ import annotations

import functools
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import abort, g, redirect, request, session, url_for

from ..access import service as access
from ..errors import Forbidden

# Each console page and action is an action of the access table; a page is open
# to the staff roles among that action's roles. Navigation is built from PAGES.
PAGES: dict[str, str] = {
    "templates": "templates.preview",  # the template grid and its live preview
    "compose": "incidents.create",
    "approvals": "incidents.approve",
    "incidents": "incidents.read",
    "audit": "audit.read",
    "complaints": "complaints.read",
    "customers": "customers.history",
    "signals": "signals.read",  # early warning: charts, warnings and their drafts
}
# Actions on an incident or complaint page.
ACTIONS: dict[str, str] = {
    "edit": "incidents.edit",  # a pending incident: re-lints it and restarts approval
    "post_update": "incidents.update",
    "cancel": "incidents.cancel",
    "handle_reply": "replies.handle",
    "export": "deliveries.export",
    "handle_complaint": "complaints.act",  # assign, contact, resolve, correct the topic
}


@dataclass(frozen=True)
class Staff:
    key_id: int
    name: str
    role: str

    def may(self, page: str) -> bool:
        """May this staff member open `page` (or do the console action `page`)?
        KeyError for a name that is neither."""
        return access.staff_may(self.role, action_of(page))


def action_of(name: str) -> str:
    """The access table's action behind a console page or action."""
    return PAGES.get(name) or ACTIONS[name]


def csrf_token() -> str:
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return str(token)


def check_csrf() -> None:
    """Every state-changing console request carries the session's token,
    as a form field or (fetch) the X-CSRF-Token header."""
    sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
    expected = session.get("csrf") or ""
    if not expected or not hmac.compare_digest(str(sent), str(expected)):
        abort(400, description="csrf")


def sign_in(row: access.ApiKey) -> None:
    lang = session.get("lang")
    session.clear()  # a fresh session (and CSRF token) at every sign-in
    session.permanent = True
    session.update(key_id=row.id, name=row.name, role=row.role,
                   csrf=secrets.token_urlsafe(32))
    if lang:
        session["lang"] = lang


def sign_out() -> None:
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def current_staff() -> Staff | None:
    """The signed-in staff member, re-checked against the key table."""
    if "staff" in g:
        return g.staff  # type: ignore[no-any-return]
    staff = None
    key_id = session.get("key_id")
    if isinstance(key_id, int):
        row = access.live(key_id)
        if row is not None and row.role in access.STAFF_ROLES:
            staff = Staff(row.id, row.name, row.role)
        else:
            sign_out()
    g.staff = staff
    return staff


def page(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Guard a console view: signed in (else to sign-in), allowed for the role
    (else 403), and a valid CSRF token on every POST."""

    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def view(**kwargs: Any) -> Any:
            staff = current_staff()
            if staff is None:
                if request.method != "GET" or request.path.endswith(".json"):
                    abort(401)
                return redirect(url_for("console.signin", next=request.full_path.rstrip("?")))
            if request.method == "POST":
                check_csrf()
            require(name)
            return fn(**kwargs)

        return view

    return decorate


def require(name: str) -> Staff:
    """The signed-in staff member, if the access area's check lets their role
    do the console page or action `name`; else the console's 403."""
    staff = current_staff()
    if staff is None:
        abort(403)
    try:
        access.check(staff.role, action_of(name), console=True)
    except Forbidden:
        abort(403)
    return staff

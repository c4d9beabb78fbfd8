"""The staff web console: server-rendered pages under `/console/`.

Comms staff preview templates and compose incidents, approvers decide,
everyone watches incidents, auditors search and verify — signed in with
their API key, exchanged for a session cookie. Views call the same domain
functions as the JSON API, so the console can do nothing the API forbids.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask

from .blueprint import bp


def init_app(app: Flask) -> None:
    # Here, not at the top: importing any gateway.console module (the API's error
    # handlers import console.errors) would otherwise register every view.
    from . import (  # noqa: F401  (each module registers its views on the blueprint)
        views_approvals,
        views_audit,
        views_auth,
        views_complaints,
        views_compose,
        views_incidents,
        views_signals,
        views_templates,
    )
    config = app.config["GATEWAY"]
    app.config.update(
        SESSION_COOKIE_NAME="gateway_console",
        SESSION_COOKIE_PATH="/console",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=config.public_url.startswith("https://"),
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
    )
    app.register_blueprint(bp)

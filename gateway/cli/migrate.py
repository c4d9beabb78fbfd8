"""Schema upgrades through Alembic (Flask-Migrate).

Flask-Migrate (with Alembic, ~11 MB resident) is loaded only here, not in
every API and worker process. New revisions, from the project root:
`flask --app "gateway.cli.migrate:dev_app()" db revision --autogenerate -m "..."`.
"""

from __future__ import annotations

from flask import Flask

from .. import create_app
from ..config import PROJECT_ROOT
from ..store.db import db


def register(app: Flask) -> None:
    """Attach Flask-Migrate (needed by `upgrade`, `downgrade` and `flask db`)."""
    from flask_migrate import Migrate

    if "migrate" not in app.extensions:
        Migrate(app, db, directory=str(PROJECT_ROOT / "migrations"))


def migrate(app: Flask) -> None:
    from flask_migrate import upgrade

    register(app)
    with app.app_context():
        upgrade()


def dev_app() -> Flask:
    """The app for Flask-Migrate's own `flask db` commands."""
    app = create_app()
    register(app)
    return app

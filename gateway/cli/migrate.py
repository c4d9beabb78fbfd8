"""Schema upgrades through Alembic (Flask-Migrate)."""

from __future__ import annotations

from flask import Flask
from flask_migrate import upgrade


def migrate(app: Flask) -> None:
    with app.app_context():
        upgrade()

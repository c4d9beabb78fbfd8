"""WSGI entry point for any server: `gunicorn wsgi:app`."""

from gateway import create_app
from gateway.messages.lint import warm_up

app = create_app()
warm_up()  # each server process loads the linter at start, not in its first POST

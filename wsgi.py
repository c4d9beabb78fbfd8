"""WSGI entry point for any server: `gunicorn wsgi:app`."""

from gateway import create_app

app = create_app()

"""Helpers for console tests: sign in through the form, read the CSRF token."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

BASE = "https://gateway.example.com"  # the test config's public URL: cookies are Secure


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html) or \
        re.search(r'<meta name="csrf-token" content="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def sign_in(client: FlaskClient, key: str) -> str:
    """Sign in with `key`; returns the session's CSRF token."""
    page = client.get("/console/signin")
    token = csrf_of(page.get_data(as_text=True))
    response = client.post("/console/signin", data={"api_key": key, "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    home = client.get(response.headers["Location"])
    return csrf_of(home.get_data(as_text=True))


def console_client(app, key: str) -> tuple[FlaskClient, str]:
    client = app.test_client()
    client.environ_base["wsgi.url_scheme"] = "https"
    client.environ_base["HTTP_HOST"] = "gateway.example.com"
    return client, sign_in(client, key)

"""Bearer API keys with roles; `admin` may do everything."""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from flask import g, request
from sqlalchemy import select

from ..domain.keys import hash_key
from ..errors import Forbidden, Unauthorized
from ..store.db import db
from ..store.models import ApiKey



@dataclass(frozen=True)
class Caller:
    key_id: int
    name: str
    role: str


def _bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def authenticate() -> Caller:
    """Find the caller's key by its hash; compare in constant time."""
    token = _bearer_token()
    if token is None:
        raise Unauthorized("Missing bearer API key.")
    digest = hash_key(token)
    row = db.session.execute(select(ApiKey).where(ApiKey.key_hash == digest)).scalar_one_or_none()
    if row is None or not hmac.compare_digest(row.key_hash, digest):
        raise Unauthorized("Unknown API key.")
    if row.revoked_at is not None:
        raise Unauthorized("This API key was revoked.")
    return Caller(key_id=row.id, name=row.name, role=row.role)


def require(roles: tuple[str, ...]) -> Caller:
    caller = authenticate()
    if caller.role != "admin" and caller.role not in roles:
        raise Forbidden(
            f"The role '{caller.role}' may not do this; allowed: {', '.join(roles + ('admin',))}."
        )
    g.caller = caller
    return caller


def current_caller() -> Caller:
    caller: Caller = g.caller
    return caller

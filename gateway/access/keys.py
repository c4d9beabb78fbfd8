"""API keys: generated once, shown once, stored only as a hash."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy import select

from ..access import ROLES
from ..access.models import ApiKey
from ..audit import chain as audit
from ..errors import Conflict, NotFound, Unauthorized, ValidationFailed
from ..store.db import db, utcnow


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def find(raw: str) -> ApiKey | None:
    """The key row whose hash is this key's (revoked ones too: callers tell them
    apart), compared in constant time; None for anything that is not a key."""
    raw = raw.strip()
    if not raw or len(raw) > 200:
        return None
    digest = hash_key(raw)
    row = db.session.execute(select(ApiKey).where(ApiKey.key_hash == digest)).scalar_one_or_none()
    if row is None or not hmac.compare_digest(row.key_hash, digest):
        return None
    return row


def authenticate(raw: str) -> ApiKey:
    """The row of a live key (the API's bearer key, the console's sign-in);
    Unauthorized saying why not: unknown or revoked."""
    row = find(raw)
    if row is None:
        raise Unauthorized("Unknown API key.")
    if row.revoked_at is not None:
        raise Unauthorized("This API key was revoked.")
    return row


def live(key_id: int) -> ApiKey | None:
    """The key with this id unless it was revoked (a console session re-reads its key
    at every request, so revoking a key signs its holder out at once)."""
    row = db.session.get(ApiKey, key_id)
    return row if row is not None and row.revoked_at is None else None


def create_key(role: str, name: str, actor: str = "cli") -> str:
    if role not in ROLES:
        raise ValidationFailed(f"Unknown role '{role}'; roles: {', '.join(ROLES)}.")
    if not name or len(name) > 100:
        raise ValidationFailed("A key name is 1-100 characters.")
    if db.session.execute(select(ApiKey.id).where(ApiKey.name == name)).first():
        raise Conflict(f"A key named '{name}' exists already.")
    key = f"gw_{secrets.token_urlsafe(32)}"
    db.session.add(ApiKey(name=name, role=role, key_hash=hash_key(key)))
    audit.append("key.created", actor=actor, actor_role="admin", data={"name": name, "role": role})
    db.session.commit()
    return key


def revoke_key(name: str, actor: str = "cli") -> None:
    row = db.session.execute(select(ApiKey).where(ApiKey.name == name)).scalar_one_or_none()
    if row is None:
        raise NotFound(f"No key named '{name}'.")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        audit.append("key.revoked", actor=actor, actor_role="admin", data={"name": name})
    db.session.commit()


def any_keys() -> bool:
    return db.session.execute(select(ApiKey.id).limit(1)).first() is not None

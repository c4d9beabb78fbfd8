"""Stored policies: a PUT adds a version (never edits one), unless it equals
the latest."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..audit import chain as audit
from ..errors import Conflict, NotFound
from ..store.db import db
from .models import CompensationPolicy

if TYPE_CHECKING:  # the API's input model: a worker never loads the schemas (2.9 MB)
    from .schemas import PolicyIn


def put_policy(name: str, body: PolicyIn, *, actor: str, actor_role: str) -> dict[str, Any]:
    """Store a new version of `name` unless it equals the latest (then that one is returned)."""
    definition = body.model_dump(mode="json", exclude_none=True)
    latest = latest_version(name, lock=True)
    if latest is not None and latest.definition == definition:
        return policy_out(latest)
    row = CompensationPolicy(name=name, version=(latest.version + 1) if latest else 1,
                             definition=definition, created_by=actor)
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError as exc:  # a concurrent PUT took this version number first
        raise Conflict(f"Policy {name!r} was changed at the same time; read it and try again.",
                       code="policy_changed_concurrently") from exc
    audit.append("compensation.policy_saved", actor=actor, actor_role=actor_role,
                 data={"policy": name, "version": row.version, "definition": definition})
    return policy_out(row)


def latest_version(name: str, lock: bool = False) -> CompensationPolicy | None:
    query = (select(CompensationPolicy).where(CompensationPolicy.name == name)
             .order_by(CompensationPolicy.version.desc()).limit(1))
    return db.session.execute(query.with_for_update() if lock else query).scalar_one_or_none()


def get_policy(name: str) -> dict[str, Any]:
    row = latest_version(name)
    if row is None:
        raise NotFound(f"No compensation policy {name!r}.")
    return policy_out(row)


def policy_out(row: CompensationPolicy) -> dict[str, Any]:
    return {"name": row.name, "version": row.version, "definition": row.definition,
            "created_by": row.created_by, "created_at": row.created_at.isoformat()}

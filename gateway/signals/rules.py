"""Each topic's rule: versioned (a PUT adds a version, audited), with sensible
defaults per topic family when staff have set none."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, fields
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.exc import IntegrityError

from ..audit import chain as audit
from ..errors import Conflict, ValidationFailed
from ..exports import iso
from ..incidents.schemas import IncidentIn
from ..store.db import db
from .detect import Rule
from .models import SignalRule
from .schemas import RuleIn

# Sensible defaults per topic family (the first matching prefix wins);
# anything else gets `Rule()`: 2× the usual hour, at least 10, p ≤ 0.001.
DEFAULTS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("complaints.", {"min_count": 5}),
    ("survey.low", {"min_count": 5, "window_minutes": 120}),
    ("replies", {"min_count": 10}),
    ("provider.", {"min_count": 20, "window_minutes": 30}),
    ("channel.", {"min_count": 20}),
)


def default_rule(topic: str) -> Rule:
    for prefix, overrides in DEFAULTS:
        if topic.startswith(prefix):
            return Rule(**overrides)
    return Rule()


def current_rule_rows(topics: Iterable[str] | None = None) -> dict[str, SignalRule]:
    latest = select(SignalRule.topic, func.max(SignalRule.version).label("version")) \
        .group_by(SignalRule.topic)
    if topics is not None:
        latest = latest.where(SignalRule.topic.in_(list(topics)))
    sub = latest.subquery()
    rows = db.session.execute(select(SignalRule).join(sub, and_(
        SignalRule.topic == sub.c.topic, SignalRule.version == sub.c.version))).scalars()
    return {row.topic: row for row in rows}


def rule_from(row: SignalRule | None, topic: str) -> Rule:
    if row is None:
        return default_rule(topic)
    names = {f.name for f in fields(Rule)}
    return Rule(**{k: v for k, v in row.rule.items() if k in names})


def rule_dict(topic: str, row: SignalRule | None) -> dict[str, Any]:
    rule = rule_from(row, topic)
    return {"topic": topic, "version": row.version if row else 0, **asdict(rule),
            "draft": row.rule.get("draft") if row else None,
            "created_by": row.created_by if row else None,
            "created_at": iso(row.created_at) if row else None}


def put_rule(topic: str, body: RuleIn, *, actor: str, actor_role: str) -> dict[str, Any]:
    """A new version of the topic's rule, audited."""
    if body.draft is not None:
        _check_draft(body.draft)
    current = current_rule_rows([topic]).get(topic)
    version = (current.version if current else 0) + 1
    rule = body.model_dump(mode="json")
    row = SignalRule(topic=topic, version=version, rule=rule, created_by=actor)
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError as exc:  # another PUT of this topic won the race
        db.session.rollback()
        raise Conflict("The rule changed while this was being saved; send it again.",
                       code="rule_changed") from exc
    audit.append("signal_rule.put", actor=actor, actor_role=actor_role,
                 data={"topic": topic, "version": version, "rule": rule})
    db.session.commit()
    return rule_dict(topic, row)


def _check_draft(draft: dict[str, Any]) -> None:
    """A rule's draft must be a valid (possibly partial) incident body."""
    known = set(IncidentIn.model_fields)
    unknown = sorted(set(draft) - known)
    if unknown:
        raise ValidationFailed("The draft is not an incident body.", [
            {"field": f"draft.{name}", "message": "not a field of an incident"}
            for name in unknown])


def get_rule(topic: str) -> dict[str, Any]:
    return rule_dict(topic, current_rule_rows([topic]).get(topic))


def rule_history(topic: str) -> list[dict[str, Any]]:
    rows = db.session.execute(select(SignalRule).where(SignalRule.topic == topic)
                              .order_by(SignalRule.version.desc()).limit(100)).scalars()
    return [rule_dict(topic, row) for row in rows]


def list_rules() -> dict[str, Any]:
    rows = current_rule_rows()
    return {"rules": [rule_dict(t, rows[t]) for t in sorted(rows)],
            "defaults": {"*": asdict(Rule()),
                         **{prefix: asdict(Rule(**o)) for prefix, o in DEFAULTS}}}

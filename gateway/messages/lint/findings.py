"""The shape of a lint finding (SPEC "Lint")."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    field: str
    span: tuple[int, int]
    suggestion: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{code, severity, message, field, span: [start, end], suggestion}``."""
        out = asdict(self)
        out["span"] = list(self.span)
        return out


@dataclass(frozen=True)
class Hit:
    """What a structural check found: the span in the text, a message and the rewrite."""

    code: str
    span: tuple[int, int]
    message: str
    suggestion: str


def clause_finding(code: str, at: int, clause: str, message: str, suggestion: str) -> Hit:
    """The finding that flags the whole clause starting at `at`, for checks that return one."""
    return Hit(code, (at, at + len(clause)), message, suggestion)


def clause_hit(code: str, at: int, clause: str, message: str, suggestion: str) -> list[Hit]:
    """The one finding of a check that flags the whole clause starting at `at`."""
    return [clause_finding(code, at, clause, message, suggestion)]

"""Structured JSON logs: one object per line, with the incident and delivery
ids in context, contact data masked and API keys never written.

Masking happens in the formatter, on the final text (message, arguments,
extra fields and tracebacks), so a careless `log.info("sent to %s", phone)`
anywhere still cannot leak a phone number, an email address or a key.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Response, g, request

_context: ContextVar[dict[str, Any] | None] = ContextVar("gateway_log_context", default=None)

# Attributes every LogRecord has; anything else came in through `extra=`.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}

_EMAIL = re.compile(r"(?<![\w.+-])([\w.+-])[\w.+-]*@([\w-]+(?:\.[\w-]+)+)")
# E.164 and common written forms: +<country> then 6-14 more digits, spaces/dashes allowed.
_PHONE = re.compile(r"(?<![\w+])\+\d(?:[\s().-]?\d){6,14}(?!\d)")
_API_KEY = re.compile(r"\bgw_[A-Za-z0-9_-]{8,}")
_BEARER = re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{6,}")
_SECRET_FIELD = re.compile(r"(?i)(authorization|api[_-]?key|token|secret|password)")


def _mask_phone(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    return f"+{digits[:2]}{'*' * max(len(digits) - 4, 0)}{digits[-2:]}"


def mask(text: str) -> str:
    """Mask emails (`j***@example.com`), phone numbers (`+49*******67`),
    gateway API keys and bearer credentials."""
    text = _API_KEY.sub("gw_***", text)
    text = _BEARER.sub(lambda m: f"{m.group(1)} ***", text)
    text = _EMAIL.sub(lambda m: f"{m.group(1)}***@{m.group(2)}", text)
    return _PHONE.sub(_mask_phone, text)


def _clean(value: Any, key: str = "") -> Any:
    if key and _SECRET_FIELD.search(key):
        return "***"
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        return {str(k): _clean(v, str(k)) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_clean(v) for v in value]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return mask(str(value))


@contextmanager
def bind(**fields: Any) -> Iterator[None]:
    """Add fields (e.g. `incident_id`, `delivery_id`) to every log line in this block."""
    current = _context.get() or {}
    token = _context.set({**current, **{k: v for k, v in fields.items() if v is not None}})
    try:
        yield
    finally:
        _context.reset(token)


def context() -> dict[str, Any]:
    return dict(_context.get() or {})


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": mask(record.getMessage()),
        }
        entry.update(_clean(context()))
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = _clean(value, key)
        if record.exc_info:
            entry["exc"] = mask("".join(traceback.format_exception(*record.exc_info)))
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure(level: str | None = None) -> None:
    """JSON lines on stderr for the root logger, once per process."""
    root = logging.getLogger()
    if not any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        root.addHandler(handler)
    root.setLevel((level or "INFO").upper())
    # Alembic names each of its plugins at INFO whenever migrations run: noise on every start.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)


def init_app(app: Flask) -> None:
    """Per request: the incident id from the URL in context, and one access
    line naming the caller's key by name (the key itself is never logged)."""
    configure(app.config["GATEWAY"].log_level)
    access = logging.getLogger("gateway.access")

    @app.before_request
    def _bind_request() -> None:
        g.log_started = time.perf_counter()
        fields: dict[str, Any] = {}
        if request.headers.get("X-Request-Id"):
            fields["request_id"] = request.headers["X-Request-Id"][:100]
        view_args = request.view_args or {}
        if request.path.startswith("/v1/incidents/") and "id" in view_args:
            fields["incident_id"] = view_args["id"]
        g.log_token = _context.set({**(_context.get() or {}), **fields})

    @app.after_request
    def _access(response: Response) -> Response:
        caller = getattr(g, "caller", None)
        started = getattr(g, "log_started", None)
        access.info("%s %s %s", request.method, request.path, response.status_code, extra={
            "method": request.method, "path": request.path, "status": response.status_code,
            "caller": getattr(caller, "name", None), "role": getattr(caller, "role", None),
            "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
        })
        return response

    @app.teardown_request
    def _unbind(exc: BaseException | None) -> None:
        token = g.pop("log_token", None)
        if token is not None:
            try:
                _context.reset(token)
            except ValueError:  # set in another context (streamed response): nothing to undo
                pass

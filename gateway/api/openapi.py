"""`/openapi.json`, built from the endpoint declarations in `routing` and the
pydantic models that validate requests: what it says, the API enforces.

The few rules JSON Schema cannot say are in `API_RULES` (the document's
description) and, per operation, in its `description`."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint
from pydantic import BaseModel, TypeAdapter

from .. import MAX_ID
from ..access import idempotency
from ..vocabulary import ExternalId
from .routing import Operation, endpoint, registry

bp = Blueprint("openapi", __name__)

API_RULES = """\
Errors are `{"error": {"code", "message", "details": [{"field", "message"}]}}`.

Rules that hold for every operation:
- A method a path does not list → 405 with `Allow` naming the ones it does.
- A request body in a media type the operation does not list → 415 (no
  `Content-Type` is read as the first one listed). Bodies are UTF-8 JSON
  nested at most 32 levels (else 400) and at most 1 MiB (64 MiB for the bulk
  import; else 413).
- A request line (method, path and query string) longer than 4094 bytes → 414
  from the HTTP server, as an HTML page, before anything else is read.
- No string anywhere in a body, keys included, may hold a NUL character or an
  unpaired surrogate (422).
- An empty query value (`?status=`) counts as absent.
- A path parameter the operation's schema refuses → 422 naming it.
- An id in a body that names nothing (a customer, incident, warning or
  compensation policy) → 404 with `details` naming the field, as an id in the
  path does; 409 is for what exists but is in another state.
- After 30 failed authentications in a minute from one address (see
  AUTH_FAILURES_PER_MINUTE), every request from it gets 429 until the minute ends.
- Database or Redis unreachable → 503 with `Retry-After`; nothing was changed.

Rules said only in words (JSON Schema cannot say them):
- Promises lie ahead: an update's `next_update_at` is in the future.
- Times of what happened lie in a window around now: a signal's `at` within the
  last 90 days and at most 5 minutes ahead; a complaint's `received_at` not in
  the future and at most 366 days back; a payment's `paid_at` not in the future.
- A compensation policy's `min` is not larger than its `max`.
- Facts keyed by locale name the same compensation policy and impact in every
  locale (or none in all).
- `phone`/`whatsapp` (format `phone`): E.164 (`+` and the country code), a valid
  number for its country.
- `email`: an address email-validator accepts (no special-use or reserved domains).
- `chat_webhook_url` (format `https-url`): an https URL whose host resolves to
  public addresses only (any URL when CHAT_ALLOW_PRIVATE_URLS=1).
- `cursor`: only a `next_cursor` the same listing returned.
- `GET /v1/audit`: `since` is not after `until`.
- An update's `message` follows the writing rules (no blame, no non-apology) or → 422.
"""

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {
        "type": "object", "required": ["code", "message", "details"],
        "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                       "details": {"type": "array", "items": {"type": "object"}}},
    }},
}
RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before retrying",
                               "schema": {"type": "integer", "minimum": 0}}}
ERRORS = {
    400: "Malformed body (not UTF-8 JSON, empty, nested too deeply) or a bad header",
    401: "Missing, unknown or revoked API key",
    403: "This key's role may not do this",
    404: "No such resource",
    405: "`bulk` is reserved: `/v1/customers/bulk` is the import, which only takes POST",
    413: "Body too large",
    414: "Request line (method, path and query) longer than 4094 bytes (an HTML page from "
         "the HTTP server)",
    415: "Unsupported Content-Type",
    422: "Invalid input; `details` names each field",
    429: "Too many failed authentications from this address",
    503: "Database or Redis unreachable; nothing was changed",
}
HEADERS = {"Idempotency-Key": idempotency.KEY_SCHEMA}
PATH_PARAMS: dict[str, dict[str, Any]] = {
    "int": {"type": "integer", "minimum": 0, "maximum": MAX_ID},
    "external_id": {**TypeAdapter(ExternalId).json_schema(),
                    "description": "1–200 of `A-Z a-z 0-9 . _ : @ -`; `bulk` is reserved"},
}


def _model(model: type[BaseModel], components: dict[str, Any], mode: str) -> dict[str, Any]:
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}",
                                     mode=mode)  # type: ignore[arg-type]
    for name, sub in schema.pop("$defs", {}).items():
        components[name] = sub
    components[model.__name__] = schema
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def _not_null(schema: dict[str, Any]) -> dict[str, Any]:
    """A query parameter is absent or a string: drop the `null` of `X | None`."""
    options = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    if len(options) == 1:
        rest = {k: v for k, v in schema.items() if k != "anyOf"}
        return {**options[0], **rest}
    return schema


def _query_params(model: type[BaseModel]) -> list[dict[str, Any]]:
    properties = model.model_json_schema()["properties"]
    params = []
    for name, field in model.model_fields.items():
        schema = _not_null({k: v for k, v in properties[name].items()
                            if k not in ("title", "description")})
        param = {"name": name, "in": "query", "required": field.is_required(), "schema": schema}
        if field.description:
            param["description"] = field.description
        if not field.is_required():
            param["allowEmptyValue"] = True  # an empty value counts as absent
        params.append(param)
    return params


def _error(status: int, text: str | None = None) -> dict[str, Any]:
    content = ({"text/html": {"schema": {"type": "string"}}} if status == 414 else
               {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}})
    response: dict[str, Any] = {"description": text or ERRORS.get(status, "Error"),
                                "content": content}
    if status in (429, 503):
        response["headers"] = RETRY_AFTER
    return response


def _success(op: Operation, status: int, model: Any, components: dict[str, Any]) -> dict[str, Any]:
    if isinstance(model, type) and issubclass(model, BaseModel):
        return {"description": model.__name__,
                "content": {"application/json": {"schema": _model(model, components,
                                                                   "serialization")}}}
    response: dict[str, Any] = {"description": model or "OK"}
    if status != 204:
        schema = {"type": "object"} if op.produces == "application/json" else {"type": "string"}
        response["content"] = {op.produces: {"schema": schema}}
    return response


def _error_statuses(op: Operation) -> list[int]:
    statuses = [414, 503]
    if op.reads_body:
        statuses += [400, 413, 415] if op.checks_media_type else [400, 413]
    if (op.body is not None or op.query is not None or op.path_types
            or "external_id" in op.converters.values()):
        statuses.append(422)
    if op.headers:
        statuses.append(400)
    if op.roles is not None:
        statuses += [401, 403, 429]
    if op.converters:
        statuses.append(404)
    if "external_id" in op.converters.values():
        statuses.append(405)  # `/v1/customers/bulk` is the import
    return sorted(set(statuses))


def _path_schema(op: Operation, name: str) -> dict[str, Any]:
    if name in op.path_types:
        schema = TypeAdapter(op.path_types[name]).json_schema()
        return {k: v for k, v in schema.items() if k != "title"}
    return PATH_PARAMS.get(op.converters.get(name, ""), {"type": "string"})


def path_params(path: str) -> list[str]:
    return re.findall(r"{(\w+)}", path)


def _operation(op: Operation, operation_id: str, components: dict[str, Any]) -> dict[str, Any]:
    spec: dict[str, Any] = {"operationId": operation_id, "summary": op.summary,
                            "tags": [_tag(op.path)], "responses": {}}
    if op.description:
        spec["description"] = op.description
    params: list[dict[str, Any]] = [
        {"name": name, "in": "path", "required": True, "schema": _path_schema(op, name)}
        for name in path_params(op.path)]
    params += [{"name": h, "in": "header", "required": True,
                "schema": HEADERS.get(h, {"type": "string"})} for h in op.headers]
    if op.query is not None:
        params += _query_params(op.query)
    if params:
        spec["parameters"] = params
    if op.reads_body:
        schema = _model(op.body, components, "validation") if op.body else op.raw_body
        spec["requestBody"] = {"required": True,
                               "content": {ct: {"schema": schema} for ct in op.content_types}}
    for status, model in sorted(op.responses.items()):
        spec["responses"][str(status)] = (
            _error(status, model if isinstance(model, str) else None) if status >= 400
            else _success(op, status, model, components))
    for status in _error_statuses(op):
        spec["responses"].setdefault(str(status), _error(status))
    if op.roles is not None:
        spec["security"] = [{"bearer": []}]
        spec["x-roles"] = list(op.roles) + ["admin"]
    return spec


def _tag(path: str) -> str:
    parts = path.strip("/").split("/")
    return parts[1] if parts[0] == "v1" and len(parts) > 1 else "service"


def _links(op: Operation, ops: list[tuple[Operation, str]]) -> dict[str, Any]:
    """From `op`'s response to every operation under `{op.path}/{param}` that
    needs no other path parameter (e.g. POST /v1/incidents → /v1/incidents/{id}/…)."""
    links: dict[str, Any] = {}
    for param, expression in op.links.items():
        prefix = op.path if op.path.endswith(f"/{{{param}}}") else f"{op.path}/{{{param}}}"
        for target, operation_id in ops:
            if target is op or not (target.path == prefix or
                                    target.path.startswith(prefix + "/")):
                continue
            if set(path_params(target.path)) - set(op.links) - set(path_params(op.path)):
                continue
            values = {p: expression if p == param else f"$request.path.{p}"
                      for p in path_params(target.path)}
            links[operation_id] = {"operationId": operation_id, "parameters": values}
    return links


def _operation_ids(ops: list[Operation]) -> list[str]:
    """The view's name, unless two views share it."""
    names = [op.name for op in ops]
    return [op.name if names.count(op.name) == 1
            else f"{op.method}{re.sub(r'[^A-Za-z0-9]+', '_', op.path)}".rstrip("_")
            for op in ops]


def build() -> dict[str, Any]:
    components: dict[str, Any] = {"Error": ERROR}
    paths: dict[str, Any] = {}
    ops = list(zip(registry.operations, _operation_ids(registry.operations), strict=True))
    for op, operation_id in ops:
        spec = _operation(op, operation_id, components)
        links = _links(op, ops)
        if links:
            success = next(s for s in sorted(op.responses) if 200 <= s < 300)
            spec["responses"][str(success)]["links"] = links
        paths.setdefault(op.path, {})[op.method] = spec
    return {
        "openapi": "3.1.0",
        "info": {"title": "Notification gateway", "version": "1", "description": API_RULES},
        "paths": paths,
        "components": {"schemas": components,
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
    }


@endpoint(bp, "/openapi.json", "GET", summary="This API's OpenAPI description", action=None)
def openapi() -> Any:
    return build()

"""`/openapi.json`, built from the endpoint declarations in `routing`."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from pydantic import BaseModel

from .routing import Operation, endpoint, registry

bp = Blueprint("openapi", __name__)

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {
        "type": "object", "required": ["code", "message", "details"],
        "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                       "details": {"type": "array", "items": {"type": "object"}}},
    }},
}


def _schema(model: type[BaseModel], components: dict[str, Any]) -> dict[str, Any]:
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, sub in schema.pop("$defs", {}).items():
        components[name] = sub
    components[model.__name__] = schema
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def _operation(op: Operation, components: dict[str, Any]) -> dict[str, Any]:
    spec: dict[str, Any] = {"summary": op.summary, "operationId": f"{op.method}_{op.path}",
                            "responses": {}}
    params = [{"name": name, "in": "path", "required": True,
               "schema": {"type": "integer", "minimum": 0, "maximum": 2**63 - 1}
               if name == "id" else {"type": "string"}}
              for name in _path_params(op.path)]
    params += [{"name": h, "in": "header", "required": True, "schema": {"type": "string"}}
               for h in op.headers]
    if op.query is not None:
        for name, field in op.query.model_fields.items():
            params.append({"name": name, "in": "query", "required": field.is_required(),
                           "schema": {"type": "string"}})
    if params:
        spec["parameters"] = params
    if op.body is not None:
        ref = _schema(op.body, components)
        spec["requestBody"] = {"required": True,
                               "content": {ct: {"schema": ref} for ct in op.content_types}}
    for status, model in op.responses.items():
        if isinstance(model, type) and issubclass(model, BaseModel):
            content = {"application/json": {"schema": _schema(model, components)}}
            spec["responses"][str(status)] = {"description": model.__name__, "content": content}
        else:
            spec["responses"][str(status)] = {"description": model or "OK"}
    # Bodies (a model, or raw ones such as the bulk NDJSON) can be malformed,
    # too large or invalid; queries and path parameters can be invalid.
    has_body = op.body is not None or op.method in ("post", "put", "patch")
    errors = ["400", "413", "422"] if has_body else []
    if op.query is not None:
        errors.append("422")
    if op.roles is not None:
        spec["security"] = [{"bearer": []}]
        spec["x-roles"] = list(op.roles) + ["admin"]
        errors += ["401", "403", "429"]  # 429: too many failed authentications
    if "{" in op.path:
        errors += ["404", "422"]
    errors.append("503")  # database or Redis unreachable
    for status in errors:
        spec["responses"].setdefault(status, {
            "description": "Error", "content": {"application/json": {"schema": ERROR_SCHEMA}}})
    return spec


def _path_params(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("{")]


def build() -> dict[str, Any]:
    components: dict[str, Any] = {}
    paths: dict[str, Any] = {}
    for op in registry.operations:
        paths.setdefault(op.path, {})[op.method] = _operation(op, components)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Notification gateway", "version": "1"},
        "paths": paths,
        "components": {"schemas": components,
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
    }


@endpoint(bp, "/openapi.json", "GET", summary="This API's OpenAPI description", roles=None)
def openapi() -> Any:
    return build()

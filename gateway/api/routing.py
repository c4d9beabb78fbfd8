"""Declare each endpoint once: roles, body model and responses.

The same declaration guards the view (auth, strict JSON parsing, pydantic
validation) and feeds `/openapi.json`, so the two cannot drift apart.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, current_app, g, request
from pydantic import BaseModel, ValidationError

from ..domain.fields import bad_string
from ..errors import GatewayError, ValidationFailed, validation_details
from .auth import require

MAX_JSON_DEPTH = 32
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


@dataclass(frozen=True)
class Operation:
    """One endpoint. `content_types`: the media types its request body may have;
    `produces`: its success response's. `raw_body`: the JSON Schema of a body
    the view reads itself (bulk rows, webhooks). `links`: path parameter → where
    the response names it (an OpenAPI runtime expression); /openapi.json links
    the response to every operation under `{path}/{parameter}`. `converters`:
    path parameter → its URL converter (`int`, `external_id`, or `` for any)."""

    method: str
    path: str
    summary: str
    roles: tuple[str, ...] | None
    body: type[BaseModel] | None
    query: type[BaseModel] | None
    responses: dict[int, type[BaseModel] | str | None]
    headers: tuple[str, ...] = ()
    content_types: tuple[str, ...] = ("application/json",)
    name: str = ""
    description: str = ""
    raw_body: dict[str, Any] | None = None
    links: dict[str, str] = field(default_factory=dict)
    produces: str = "application/json"
    converters: dict[str, str] = field(default_factory=dict)

    @property
    def reads_body(self) -> bool:
        return self.body is not None or self.raw_body is not None

    @property
    def checks_media_type(self) -> bool:
        """Webhooks (public, raw bodies) check their signature first: unsigned is 403."""
        return self.body is not None or (self.raw_body is not None and self.roles is not None)


@dataclass
class Registry:
    operations: list[Operation] = field(default_factory=list)


registry = Registry()


def _depth(value: Any, limit: int) -> int:
    """Nesting depth, stopping once past `limit` (cheap on big flat bodies)."""
    stack = [(value, 1)]
    deepest = 0
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if deepest > limit:
            return deepest
        if isinstance(item, dict):
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, level + 1) for v in item)
    return deepest


def parse_json(raw: bytes) -> Any:
    """Strict JSON: UTF-8 only, no NaN, bounded nesting, precise 400s."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise GatewayError(f"Body is not valid UTF-8 (byte {exc.start}).", code="invalid_json") from exc
    if not text.strip():
        raise GatewayError("Body is empty; a JSON object is expected.", code="invalid_json")

    def _no_constants(name: str) -> Any:
        raise ValueError(f"{name} is not valid JSON")

    try:
        data = json.loads(text, parse_constant=_no_constants)
    except RecursionError as exc:
        raise GatewayError("JSON is nested too deeply.", code="invalid_json") from exc
    except ValueError as exc:
        raise GatewayError(f"Malformed JSON: {exc}", code="invalid_json") from exc
    if _depth(data, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        raise GatewayError(f"JSON is nested deeper than {MAX_JSON_DEPTH} levels.", code="invalid_json")
    if "\\u0000" in text or _SURROGATE_ESCAPE.search(text):  # only escapes can make them
        where = bad_string(data)
        if where is not None:
            raise ValidationFailed("The request is not valid.", [{
                "field": where,
                "message": "NUL characters and unpaired surrogates are not accepted"}])
    return data


def read_body(limit: int) -> bytes:
    length = request.content_length
    if length is not None and length > limit:
        raise GatewayError(f"Body is larger than {limit} bytes.", code="payload_too_large", status=413)
    raw = request.stream.read(limit + 1)
    if len(raw) > limit:
        raise GatewayError(f"Body is larger than {limit} bytes.", code="payload_too_large", status=413)
    return raw


def query_args() -> dict[str, str]:
    """The query string, an empty value counting as absent (`?status=&limit=`
    is what a form or a script with an unset variable sends)."""
    return {name: value for name, value in request.args.to_dict().items() if value != ""}


def check_media_type(accepted: tuple[str, ...]) -> None:
    """A body in a media type the endpoint does not read → 415 (a body without a
    Content-Type is read as the first one accepted)."""
    given = request.mimetype
    if given and given not in accepted:
        raise GatewayError(f"Content-Type '{given}' is not accepted here; send "
                           f"{' or '.join(accepted)}.", code="unsupported_media_type", status=415)


def parse_model(model: type[BaseModel], data: Any, prefix: str = "",
                strict: bool = False) -> Any:
    """`strict` for JSON bodies: `0` is not `false` and `"5"` is not `5`, as the
    schema says (query values are strings, so queries are read lax)."""
    try:
        return model.model_validate(data, strict=strict)
    except ValidationError as exc:
        raise ValidationFailed("The request is not valid.", validation_details(exc, prefix)) from exc


def endpoint(
    bp: Blueprint,
    rule: str,
    method: str,
    *,
    summary: str,
    roles: tuple[str, ...] | None,
    body: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    responses: dict[int, type[BaseModel] | str | None] | None = None,
    headers: tuple[str, ...] = (),
    content_types: tuple[str, ...] = ("application/json",),
    raw_body: dict[str, Any] | None = None,
    links: dict[str, str] | None = None,
    description: str = "",
    produces: str = "application/json",
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a view guarded by `roles` (None = public) and typed by models.
    `description`: the rules /openapi.json cannot say in JSON Schema."""

    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        full = (bp.url_prefix or "") + rule
        op = Operation(method.lower(), re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", full), summary,
                       roles, body, query, responses or {200: None}, headers, content_types,
                       fn.__name__, description, raw_body, links or {}, produces,
                       {name: conv for conv, name in re.findall(r"<(?:(\w+):)?(\w+)>", full)})

        @functools.wraps(fn)
        def view(**kwargs: Any) -> Any:
            if roles is not None:
                require(roles)
            if query is not None:
                kwargs["query"] = parse_model(query, query_args(), "query.")
            if op.checks_media_type:
                check_media_type(op.content_types)
            if body is not None:
                raw = read_body(current_app.config["GATEWAY"].max_json_bytes)
                g.json_body = parse_json(raw)
                kwargs["body"] = parse_model(body, g.json_body, strict=True)
            return fn(**kwargs)

        bp.add_url_rule(rule, endpoint=fn.__name__, view_func=view, methods=[method])
        registry.operations.append(op)
        return view

    return decorate

"""Declare each endpoint once: its action (who may call it), body model and responses.

The same declaration guards the view (auth, the guarded parser of `bodies.py`,
pydantic validation) and feeds `/openapi.json`, so the two cannot drift apart.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, current_app, g, request
from pydantic import BaseModel, TypeAdapter, ValidationError

from ..access.service import roles_for
from ..errors import GatewayError, ValidationFailed, validation_details
from .auth import require
from .bodies import parse_json, read_body


@dataclass(frozen=True)
class Operation:
    """One endpoint. `content_types`: the media types its request body may have;
    `produces`: its success response's. `raw_body`: the JSON Schema of a body
    the view reads itself (bulk rows, webhooks). `links`: path parameter → where
    the response names it (an OpenAPI runtime expression); /openapi.json links
    the response to every operation under `{path}/{parameter}`. `converters`:
    path parameter → its URL converter (`int`, `external_id`, or `` for any).
    `path_types`: path parameter → the type that validates it (422 naming it)
    and gives its schema. `action`: the access table's name for what the
    endpoint does (None = public); its roles come from there."""

    method: str
    path: str
    summary: str
    action: str | None
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
    path_types: dict[str, Any] = field(default_factory=dict)

    @property
    def roles(self) -> tuple[str, ...] | None:
        """Who may call it besides admin (None = public), from the access table."""
        return None if self.action is None else roles_for(self.action)

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
        raise ValidationFailed(
            "The request is not valid.", validation_details(exc, prefix)
        ) from exc


def parse_path(adapter: TypeAdapter[Any], name: str, value: str) -> Any:
    try:
        return adapter.validate_python(value, strict=True)
    except ValidationError as exc:
        raise ValidationFailed(f"The path's {name} is not valid.",
                               validation_details(exc, name)) from exc


def endpoint(
    bp: Blueprint,
    rule: str,
    method: str,
    *,
    summary: str,
    action: str | None,
    body: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    responses: dict[int, type[BaseModel] | str | None] | None = None,
    headers: tuple[str, ...] = (),
    content_types: tuple[str, ...] = ("application/json",),
    raw_body: dict[str, Any] | None = None,
    links: dict[str, str] | None = None,
    description: str = "",
    produces: str = "application/json",
    path: dict[str, Any] | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a view guarded by `action` (an entry of the access table; None =
    public) and typed by models.
    `description`: the rules /openapi.json cannot say in JSON Schema. `path`:
    path parameter → its type (e.g. an annotated `str` with a pattern), checked
    before the view runs (422 naming it) and stated in /openapi.json.
    `content_types` is what a request body may be; `produces` is the response's."""
    if content_types != ("application/json",) and body is None and raw_body is None:
        raise TypeError(f"{method} {rule}: content_types is for request bodies; "
                        "a response's media type is `produces`")
    if action is not None:
        roles_for(action)  # a misspelt action fails at import, not at the first request
    adapters = {name: TypeAdapter(kind) for name, kind in (path or {}).items()}

    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        full = (bp.url_prefix or "") + rule
        op = Operation(method.lower(), re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", full), summary,
                       action, body, query, responses or {200: None}, headers, content_types,
                       fn.__name__, description, raw_body, links or {}, produces,
                       {name: conv for conv, name in re.findall(r"<(?:(\w+):)?(\w+)>", full)},
                       dict(path or {}))
        if set(adapters) - set(op.converters):
            raise TypeError(f"{method} {full}: `path` names no parameter of the rule")

        @functools.wraps(fn)
        def view(**kwargs: Any) -> Any:
            if action is not None:
                require(action)
            for name, adapter in adapters.items():
                kwargs[name] = parse_path(adapter, name, kwargs[name])
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

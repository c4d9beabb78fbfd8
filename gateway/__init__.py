"""Multi-channel customer notification gateway.

`create_app` builds the Flask app; nothing runs at import time.
"""

from __future__ import annotations

import logging
from typing import Any

import redis
from flask import Flask, Response, jsonify, request
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import configure_mappers
from werkzeug.exceptions import HTTPException
from werkzeug.routing import BaseConverter, IntegerConverter

from . import logs, metrics, profiling
from .config import Config
from .errors import GatewayError
from .store.db import commit_and_begin_read_only, db, engine_options
from .store.redis import connect, start_embedded

log = logging.getLogger(__name__)


def _error(status: int, code: str, message: str, details: list[Any] | None = None) -> Response:
    response = jsonify({"error": {"code": code, "message": message, "details": details or []}})
    response.status_code = status
    return response


def register_error_handlers(app: Flask) -> None:
    """Every failure leaves as JSON in the SPEC's shape; no 500 for bad input,
    503 (not 500) when the database or Redis is unreachable."""
    # Here, not at the top: every `import gateway.…` runs this module, and workers
    # (create_app(http=False)) must not load the console.
    from .console.errors import error_page, is_console_request

    @app.errorhandler(GatewayError)
    def _gateway_error(exc: GatewayError) -> Response:
        db.session.rollback()
        if is_console_request():
            return error_page(exc.status, exc.message)
        response = _error(exc.status, exc.code, exc.message, exc.details)
        retry_after = getattr(exc, "retry_after", None)
        if retry_after is not None:
            response.headers["Retry-After"] = str(retry_after)
        return response

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response:
        db.session.rollback()
        if is_console_request():  # staff pages get HTML error pages, not JSON
            return error_page(exc.code or 400, exc.description)
        code = (exc.name or "error").lower().replace(" ", "_")
        response = _error(exc.code or 400, code, exc.description or exc.name)
        if exc.code == 405 and exc.valid_methods:  # type: ignore[attr-defined]
            response.headers["Allow"] = ", ".join(exc.valid_methods)  # type: ignore[attr-defined]
        return response

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def _db_down(exc: Exception) -> Response:
        db.session.rollback()
        log.warning("database unavailable: %s", type(exc).__name__)
        if is_console_request():
            return error_page(503)
        return _service_unavailable("database")

    @app.errorhandler(redis.exceptions.ConnectionError)
    @app.errorhandler(redis.exceptions.TimeoutError)
    def _redis_down(exc: Exception) -> Response:
        log.warning("redis unavailable: %s", type(exc).__name__)
        if is_console_request():
            return error_page(503)
        return _service_unavailable("redis")

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        db.session.rollback()
        log.exception("unhandled error on %s %s", request.method, request.path)
        if is_console_request():
            return error_page(500)
        return _error(500, "internal_error", "Something went wrong on our side; it was logged.")


def _service_unavailable(what: str) -> Response:
    response = _error(503, "service_unavailable",
                      f"The {what} is unreachable; nothing was changed. Retry shortly.")
    response.headers["Retry-After"] = "5"
    return response


MAX_ID = 2**63 - 1


def at_most(limit: int) -> str:
    """A regex for the decimal numbers 0..limit (leading zeros allowed)."""
    digits = str(limit)
    options = [rf"\d{{1,{len(digits) - 1}}}"] if len(digits) > 1 else []
    for i, d in enumerate(digits):
        if d != "0":
            rest = len(digits) - i - 1
            options.append(digits[:i] + f"[0-{int(d) - 1}]" + (rf"\d{{{rest}}}" if rest else ""))
    options.append(digits)
    return "0*(?:" + "|".join(options) + ")"


class IdIntegerConverter(IntegerConverter):
    """`<int:…>` in routes: ids are 64-bit, so a larger number matches no route
    (404, for every method: the bound is in the regex, so no other rule of the
    path turns it into a 405) instead of overflowing the database driver."""

    regex = at_most(MAX_ID)

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


class ExternalIdConverter(BaseConverter):
    """`<external_id:…>`: any path segment but the reserved words, so that
    `/v1/customers/bulk` is only the import (its Allow header says POST) and
    an id the API refuses still reaches the view for a precise 422."""

    regex = r"(?!(?:bulk)$)[^/]+"



def _register_http(app: Flask) -> None:
    """The API blueprints, the staff console and what only requests need."""
    # Here, not at the top: workers (http=False) never load the HTTP layer.
    from . import api, console
    from .api import bodies

    bodies.init_app(app)
    for blueprint in api.blueprints():
        app.register_blueprint(blueprint)
    console.init_app(app)
    register_error_handlers(app)

    @app.before_request
    def _reads_take_no_write_lock() -> None:
        if request.method in ("GET", "HEAD") and request.path.startswith(("/v1/", "/readyz")):
            commit_and_begin_read_only()


def create_app(config: Config | None = None, *, http: bool = True) -> Flask:
    """The app. `http=False` is for background processes (workers, scheduler):
    database, Redis, metrics and logs without the API and console, which would
    add ~12 MB resident to every worker."""
    config = config or Config.from_env()
    app = Flask(__name__, instance_path=str(config.instance_path))
    app.url_map.converters["int"] = IdIntegerConverter
    app.url_map.converters["external_id"] = ExternalIdConverter
    app.config.update(
        GATEWAY=config,
        SECRET_KEY=config.secret_key,
        SQLALCHEMY_DATABASE_URI=config.database_url,
        SQLALCHEMY_ENGINE_OPTIONS=engine_options(config.database_url),
        MAX_CONTENT_LENGTH=config.max_body_bytes,
        JSON_SORT_KEYS=False,
    )
    app.json.sort_keys = False  # type: ignore[attr-defined]
    db.init_app(app)  # Flask-Migrate is registered only where migrations run (cli/migrate.py)
    # Every area's models join the metadata. Here, not at the top: every
    # `import gateway.…` (the CLI's light commands too) would load all models.
    from . import tables  # noqa: F401

    # Now, not in a process's first query: an API worker's first POST paid ~100 ms for it.
    configure_mappers()

    redis_url = config.redis_url or start_embedded(config.instance_path)
    app.extensions["gateway.redis"] = connect(redis_url)

    profiling.ENABLED = config.profile
    metrics.init_app(app)
    logs.init_app(app)  # its request hooks run before the read-only one
    if http:
        _register_http(app)
    return app

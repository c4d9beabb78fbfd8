"""Domain errors: each maps to one precise 4xx in the SPEC's error shape."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError


class GatewayError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, details: list[dict[str, Any]] | None = None,
                 *, code: str | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []
        if code:
            self.code = code
        if status:
            self.status = status


class ValidationFailed(GatewayError):
    status = 422
    code = "validation_error"


class NotFound(GatewayError):
    status = 404
    code = "not_found"


class Conflict(GatewayError):
    status = 409
    code = "conflict"


class Unauthorized(GatewayError):
    status = 401
    code = "unauthorized"


class TooManyRequests(GatewayError):
    status = 429
    code = "too_many_requests"

    def __init__(self, message: str, retry_after: int, *, code: str | None = None) -> None:
        super().__init__(message, code=code)
        self.retry_after = retry_after


class Forbidden(GatewayError):
    status = 403
    code = "forbidden"


def validation_details(error: ValidationError, prefix: str = "") -> list[dict[str, Any]]:
    """pydantic errors as `details` entries, each naming the field path."""
    details = []
    for item in error.errors(include_url=False):
        path = ".".join(str(part) for part in item["loc"])
        field = f"{prefix}{path}" if path else (prefix.rstrip(".") or "body")
        details.append({"field": field, "message": item["msg"]})
    return details

"""Every request body the gateway reads goes through this one guarded parser.

A body is untrusted even when it is signed (a valid SendGrid signature says who
sent it, not that it is safe). The guards act while reading, before any value
is built: the size limit before the first byte is parsed; the nesting limit in
one linear scan of the raw bytes that stops at the first bracket past it (a
body of 100,000 nested arrays is refused after 33 bytes); strict UTF-8; no NUL;
numbers that are finite and of reasonable length (`1e999999`, `NaN` and
4,000-digit integers are refused). Each refusal is a 4xx in the error shape.

JSON bodies: `parse_json` (one document) and `iter_rows` (the bulk stream: one
JSON array or NDJSON, row by row, with the same guards per row). Form bodies
(Twilio, customer pages, the console) are checked by `guard_form` before
anything reads them.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from itertools import accumulate
from typing import IO, Any
from urllib.parse import parse_qsl

from flask import Flask, request

from ..customers.service import InvalidRow
from ..errors import GatewayError, ValidationFailed
from ..vocabulary import bad_string

MAX_DEPTH = 32
MAX_NUMBER_CHARS = 64  # "1e999999" is short but not finite; 4,000-digit integers are long
MAX_FORM_FIELDS = 200
MAX_FORM_NAME = 100
READ_CHUNK = 1 << 16
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

# A JSON string (to its closing quote, or to the end of what was read), an
# opening or closing bracket, or a comma. Possessive, so a token that starts at
# a quote always matches at once: the scan is linear even on hostile input.
_STRING_RE = rb'"[^"\\]*+(?:\\.?[^"\\]*+)*+"?'
_TOKEN = re.compile(_STRING_RE + rb'|[\[{]|[\]}]|,', re.S)
_STRING = re.compile(_STRING_RE, re.S)
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}
_QUOTE, _COMMA = ord('"'), ord(",")
_OPEN = frozenset(b"[{")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


class BodyRefused(GatewayError):
    """A body refused for its shape (too deep, too big, bad bytes or numbers),
    not for its meaning: the whole request is refused, even in a bulk stream."""

    status = 400
    code = "invalid_json"


def too_large(limit: int, what: str = "Body") -> BodyRefused:
    return BodyRefused(f"{what} is larger than {limit} bytes.", code="payload_too_large",
                       status=413)


def check_depth(raw: bytes, limit: int = MAX_DEPTH) -> None:
    """Refuse nesting deeper than `limit` before anything is parsed: strings are
    blanked, everything but brackets dropped, and the running depth taken in
    one pass at C speed (a megabyte of brackets takes milliseconds)."""
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return  # cannot be deeper than the number of brackets it has
    brackets = _STRING.sub(b"", raw).translate(None, _NOT_BRACKET)
    if max(accumulate(map(_STEP.__getitem__, brackets)), default=0) > limit:
        raise BodyRefused(f"JSON is nested deeper than {limit} levels.")


def _refuse_constant(name: str) -> Any:
    raise BodyRefused(f"{name} is not a JSON number; send a finite number.")


def _number(text: str) -> None:
    if len(text) > MAX_NUMBER_CHARS:
        raise BodyRefused(f"A number of {len(text)} characters; at most {MAX_NUMBER_CHARS}.")


def _float(text: str) -> float:
    _number(text)
    value = float(text)
    if not math.isfinite(value):
        raise BodyRefused(f"The number {text} is too large; send a finite number.")
    return value


def _int(text: str) -> int:
    _number(text)
    return int(text)


def _load(raw: bytes, what: str) -> tuple[Any, str]:
    if b"\x00" in raw:
        raise BodyRefused(f"{what} contains a NUL byte.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BodyRefused(f"{what} is not valid UTF-8 (byte {exc.start}).") from exc
    if not text.strip():
        raise GatewayError(f"{what} is empty; a JSON value is expected.", code="invalid_json")
    check_depth(raw)
    try:
        return json.loads(text, parse_constant=_refuse_constant, parse_float=_float,
                          parse_int=_int), text
    except RecursionError as exc:  # unreachable after check_depth; kept as a last line
        raise BodyRefused("JSON is nested too deeply.") from exc
    except ValueError as exc:
        raise GatewayError(f"Malformed JSON: {exc}", code="invalid_json") from exc


def _bad_escape(data: Any, text: str) -> list[dict[str, str]]:
    """A NUL or an unpaired surrogate written as an escape (only escapes can make them)."""
    if "\\u0000" in text or _SURROGATE_ESCAPE.search(text):
        where = bad_string(data)
        if where is not None:
            return [{"field": where,
                     "message": "NUL characters and unpaired surrogates are not accepted"}]
    return []


def parse_json(raw: bytes, what: str = "Body") -> Any:
    """One JSON document under every guard; precise 400s (422 for NUL or a lone
    surrogate written as an escape, naming the field)."""
    data, text = _load(raw, what)
    details = _bad_escape(data, text)
    if details:
        raise ValidationFailed("The request is not valid.", details)
    return data


def read_body(limit: int) -> bytes:
    """The raw body, refused (413) past `limit` before it is parsed: a
    Content-Length that lies low cannot smuggle more in, the stream is cut."""
    length = request.content_length
    if length is not None and length > limit:
        raise too_large(limit)
    raw = request.stream.read(limit + 1)
    if len(raw) > limit:
        raise too_large(limit)
    return raw


def require_type(allowed: tuple[str, ...]) -> None:
    if request.mimetype not in allowed:
        raise GatewayError(f"Content-Type {request.mimetype or '(none)'!r} is not accepted "
                           f"here; send {' or '.join(allowed)}.", code="unsupported_media_type",
                           status=415)


# -- the bulk stream ---------------------------------------------------------------------


def _row(raw: bytes, index: int) -> Any:
    """One row under the guards: a refused shape refuses the whole body; a NUL
    or lone surrogate written as an escape is that row's error."""
    data, text = _load(raw, f"Row {index}")
    details = _bad_escape(data, text)
    if details:
        ext = data.get("external_id") if isinstance(data, dict) else None
        return InvalidRow(details, ext if isinstance(ext, str) else None)
    return data


def iter_rows(stream: IO[bytes], max_row_bytes: int, *,
              empty_is_no_rows: bool = False) -> Iterator[Any]:
    """Rows of a bulk body: a JSON array (a row is an element) or NDJSON (a
    row is a line). In NDJSON a line that is not JSON is that row's error."""
    head = stream.read(64).lstrip()[:1]
    stream.seek(0)
    if not head and empty_is_no_rows:
        return iter(())
    if not head:
        raise GatewayError("Body is empty; send a JSON array or NDJSON rows.", code="invalid_json")
    return _array_rows(stream, max_row_bytes) if head == b"[" else _ndjson_rows(stream,
                                                                                max_row_bytes)


def _ndjson_rows(stream: IO[bytes], max_row_bytes: int) -> Iterator[Any]:
    index = 0
    while line := stream.readline(max_row_bytes + 1):
        if len(line) > max_row_bytes:
            raise too_large(max_row_bytes, f"Line {index + 1}")
        if not line.strip():
            continue
        try:
            yield _row(line, index)
        except BodyRefused:
            raise
        except GatewayError:
            yield InvalidRow([{"field": "row", "message": "line is not valid JSON"}])
        index += 1


def _array_rows(stream: IO[bytes], max_row_bytes: int) -> Iterator[Any]:
    """Split one JSON array into its elements as the bytes arrive (nothing else
    is held), enforcing the nesting limit as it goes; each element is then
    parsed by `parse_json`. A malformed array refuses the whole body."""
    buf, scan, depth, start, index = b"", 0, 0, 0, 0
    while True:
        chunk = stream.read(READ_CHUNK)
        eof = not chunk
        buf += chunk
        for match in _TOKEN.finditer(buf, scan):
            first = match.group()[0]
            if first == _QUOTE:
                if match.end() == len(buf) and not eof:  # may continue in the next chunk
                    scan = match.start()
                    break
            elif first in _OPEN:
                depth += 1
                if depth == 1:
                    start = match.end()
                elif depth > MAX_DEPTH + 1:
                    raise BodyRefused(f"Row {index} is nested deeper than {MAX_DEPTH} levels.")
            elif first == _COMMA:
                if depth == 1:
                    yield _element(buf[start:match.start()], index)
                    index, start = index + 1, match.end()
            else:
                depth -= 1
                if depth == 0:
                    last = buf[start:match.start()]
                    if last.strip() or index:
                        yield _element(last, index)
                    _only_whitespace(buf[match.end():], stream)
                    return
        else:
            scan = len(buf)
        if eof:
            raise GatewayError("Malformed JSON array: it is not closed.", code="invalid_json")
        cut = min(start, scan)
        buf, start, scan = buf[cut:], start - cut, scan - cut
        if len(buf) - start > max_row_bytes:
            raise too_large(max_row_bytes, f"Row {index}")


def _element(raw: bytes, index: int) -> Any:
    try:
        return _row(raw, index)
    except BodyRefused:
        raise
    except GatewayError as exc:
        raise GatewayError(f"Malformed JSON array at row {index}: {exc.message}",
                           code="invalid_json") from exc


def _only_whitespace(rest: bytes, stream: IO[bytes]) -> None:
    while True:
        if rest.strip():
            raise GatewayError("Malformed JSON array: data after its closing bracket.",
                               code="invalid_json")
        rest = stream.read(READ_CHUNK)
        if not rest:
            return


# -- form bodies -------------------------------------------------------------------------


def guard_form(limit: int) -> None:
    """Refuse a form body before anything reads it: past `limit` (413), more
    than MAX_FORM_FIELDS fields, a name longer than MAX_FORM_NAME, invalid
    UTF-8 (raw or percent-encoded) or a NUL in a name or value (400).
    Werkzeug would silently turn bad bytes into U+FFFD; this says so instead."""
    if request.content_length is not None and request.content_length > limit:
        raise too_large(limit)
    if request.mimetype == FORM_TYPES[0]:
        raw = read_body(limit)
        request._cached_data = raw  # noqa: SLF001 — request.form parses these bytes, once
        try:
            pairs = parse_qsl(raw.decode("utf-8"), keep_blank_values=True, encoding="utf-8",
                              errors="strict", max_num_fields=MAX_FORM_FIELDS)
        except UnicodeDecodeError as exc:
            raise GatewayError("The form is not valid UTF-8.", code="invalid_form") from exc
        except ValueError as exc:
            raise GatewayError(f"The form has more than {MAX_FORM_FIELDS} fields.",
                               code="invalid_form") from exc
    else:
        pairs = [*request.form.items(multi=True)]
        if len(pairs) > MAX_FORM_FIELDS:
            raise GatewayError(f"The form has more than {MAX_FORM_FIELDS} fields.",
                               code="invalid_form")
        if any("\ufffd" in k + v for k, v in pairs):  # how werkzeug shows bytes it could not read
            raise GatewayError("The form is not valid UTF-8.", code="invalid_form")
    for name, value in pairs:
        if len(name) > MAX_FORM_NAME:
            raise GatewayError(f"A form field name of {len(name)} characters; at most "
                               f"{MAX_FORM_NAME}.", code="invalid_form")
        if "\x00" in name or "\x00" in value:
            raise GatewayError(f"The form field {name.replace(chr(0), '')!r} contains a NUL "
                               "character.", code="invalid_form")


FORM_BLUEPRINTS = ("console", "pages")  # staff and customer pages post forms, never JSON


def init_app(app: Flask) -> None:
    """Guard every form body (Twilio's posts, the customer pages, the console)
    before any view or CSRF check reads it; the pages and console take forms only."""

    @app.before_request
    def _guard_form_bodies() -> None:
        if request.method not in ("POST", "PUT", "PATCH"):
            return
        if request.mimetype in FORM_TYPES:
            guard_form(app.config["GATEWAY"].max_json_bytes)
        elif request.blueprint in FORM_BLUEPRINTS and (request.content_length or request.mimetype):
            require_type(FORM_TYPES)

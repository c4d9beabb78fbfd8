"""A streamed CSV or NDJSON download (the API's and the console's exports).

Pages are read and written one at a time, so an export of millions of rows
holds one page in memory; the headers keep it out of caches and sniffers.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from flask import Response, stream_with_context

from ..reports import service as reports


def streamed(pages: Iterator[list[dict[str, Any]]], fmt: str, filename: str,
             fields: Sequence[str] = reports.DELIVERY_FIELDS) -> Response:
    """`fmt` is "csv" (formula-safe, `fields` in order) or "ndjson"."""
    if fmt == "csv":
        chunks, mimetype = reports.csv_chunks(pages, fields), "text/csv"
    else:
        chunks, mimetype = reports.ndjson_chunks(pages), "application/x-ndjson"
    response = Response(stream_with_context(chunks), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response

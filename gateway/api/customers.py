"""Customers API: upsert, read, erase, bulk import."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import IO, Any

from flask import Blueprint, current_app, request

from ..customers import service
from ..erasure import erase
from ..errors import GatewayError
from . import bodies
from .auth import current_caller
from .routing import endpoint

bp = Blueprint("customers", __name__, url_prefix="/v1/customers")
MAX_BULK_ROWS = 100_000
BULK_ROWS = {"description": (
    "A JSON array of rows, or NDJSON (one row per line; a body that does not start with `[` is "
    "read as NDJSON). Each row is a CustomerIn with its `external_id` (`BulkCustomerIn`); a row "
    "that is not valid is reported in `errors` and the others are stored, so any JSON is "
    f"accepted; an empty NDJSON body is no rows. At most {MAX_BULK_ROWS} rows.")}


def _allow_private() -> bool:
    return bool(current_app.config["GATEWAY"].chat_allow_private_urls)


@endpoint(bp, "/<external_id:external_id>", "PUT", summary="Create or replace a customer",
          action="customers.write", body=service.CustomerIn, responses={200: service.CustomerOut},
          links={"external_id": "$response.body#/external_id"})
def put_customer(external_id: str, body: service.CustomerIn) -> Any:
    customer = service.put_customer(external_id, body, _allow_private())
    return service.customer_dict(customer)


@endpoint(bp, "/<external_id:external_id>", "GET", summary="Read a customer",
          action="customers.read", responses={200: service.CustomerOut})
def get_customer(external_id: str) -> Any:
    return service.customer_dict(service.live_customer(external_id))


@endpoint(bp, "/<external_id:external_id>", "DELETE", summary="Erase a customer's personal data",
          action="customers.write", responses={204: None})
def delete_customer(external_id: str) -> Any:
    erase(external_id, current_caller())
    return "", 204


def _spool_body(limit: int) -> IO[bytes]:
    """Copy the body to a spooled file (memory up to 1 MiB, then disk)."""
    spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=1 << 20)  # noqa: SIM115
    total = 0
    while chunk := request.stream.read(1 << 16):
        total += len(chunk)
        if total > limit:
            raise bodies.too_large(limit)
        spool.write(chunk)
    spool.seek(0)
    return spool


def _rows(spool: IO[bytes]) -> Iterator[Any]:
    return bodies.iter_rows(spool, current_app.config["GATEWAY"].max_json_bytes,
                            empty_is_no_rows=request.mimetype == "application/x-ndjson")


@endpoint(bp, "/bulk", "POST", summary="Upsert many customers (JSON array or NDJSON)",
          action="customers.write", content_types=("application/json", "application/x-ndjson"),
          raw_body=BULK_ROWS, responses={200: service.BulkResult,
                                         413: f"Body too large, or over {MAX_BULK_ROWS} rows"})
def bulk_customers(**_: Any) -> Any:
    """Rows stream from a spooled copy of the body, each row under the guarded
    parser (`bodies.iter_rows`), twice: a first pass checks the body parses
    and holds at most MAX_BULK_ROWS rows (else 400/413 and nothing is
    stored); the second validates and stores in chunks. No pass materialises
    the rows as one list.
    """
    with _spool_body(current_app.config["GATEWAY"].max_body_bytes) as spool:
        count = sum(1 for _ in _rows(spool))
        if count > MAX_BULK_ROWS:
            raise GatewayError(f"{count} rows; at most {MAX_BULK_ROWS} per request. "
                               "Nothing was stored.", code="too_many_rows", status=413)
        spool.seek(0)
        return service.bulk_upsert(_rows(spool), _allow_private())

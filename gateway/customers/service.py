"""The customers area's service: the registry (validation, upsert of one or a
stream of rows, lookup, the API's shape). Erasure spans areas: `gateway.erasure`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict, EmailStr, Field, ValidationError
from sqlalchemy import Connection, delete, insert, select, update

from ..customers.models import Customer, CustomerTag
from ..errors import NotFound, ValidationFailed, validation_details
from ..schema_docs import described
from ..store.db import db, utcnow
from ..vocabulary import (
    CHANNELS,
    Channels,
    CleanText,
    ExternalId,
    JsonObject,
    Locale,
    Phone,
    Tag,
    Timezone,
)
from .suppressions import address_hash, opted_out_channels

CHUNK = 1000
MAX_ERRORS_REPORTED = 1000


@described("A customer as systems send it (PUT body; bulk rows add `external_id`).")
class CustomerIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    name: CleanText | None = Field(None, max_length=200)
    email: EmailStr | None = Field(None, max_length=320)
    phone: Phone | None = None
    whatsapp: Phone | None = None
    chat_webhook_url: str | None = Field(
        None, max_length=2000, json_schema_extra={"format": "https-url"},
        description="https, to a host that resolves to public addresses only (any URL when "
                    "CHAT_ALLOW_PRIVATE_URLS=1)")
    locale: Locale = "en"
    timezone: Timezone = "UTC"
    channels: Channels = Field(default_factory=list)
    tags: list[Tag] = Field(default_factory=list, max_length=100)
    attributes: JsonObject = Field(default_factory=dict, max_length=100)


class BulkCustomerIn(CustomerIn):
    external_id: ExternalId


class RowError(BaseModel):
    row: int
    external_id: str | None
    details: list[dict[str, Any]]


class BulkResult(BaseModel):
    received: int
    stored: int
    failed: int
    errors: list[RowError] = Field(description=f"The first {MAX_ERRORS_REPORTED} failed rows")
    errors_truncated: bool


class CustomerOut(BaseModel):
    external_id: str
    name: str | None
    email: str | None
    phone: str | None
    whatsapp: str | None
    chat_webhook_url: str | None
    locale: str
    timezone: str
    channels: list[str]
    tags: list[str]
    attributes: dict[str, Any]
    opted_out: list[str]
    created_at: str
    updated_at: str


class ExternalIdPath(BaseModel):
    external_id: ExternalId


def check_external_id(external_id: str) -> str:
    try:
        return ExternalIdPath(external_id=external_id).external_id
    except ValidationError as exc:
        raise ValidationFailed(
            "Invalid customer id.",
            [{"field": "external_id", "message": "1-200 characters of A-Z a-z 0-9 . _ : @ -"}],
        ) from exc


def check_chat_url(url: str | None, allow_private: bool) -> list[dict[str, str]]:
    """SSRF defence: refuse non-https and private targets unless allowed."""
    if url is None:
        return []
    # Here, not at the top: the webhook provider (its HTTP transport, httptools)
    # stays out of the API process until it is needed.
    from ..providers.webhook import is_url_allowed

    ok, reason = is_url_allowed(url, allow_private)
    return [] if ok else [{"field": "chat_webhook_url", "message": reason or "not allowed"}]


def lookup_hashes(email: str | None, phone: str | None) -> dict[str, str | None]:
    """The indexed hashes staff find a customer by (exact email or phone, no scan)."""
    return {"email_hash": address_hash("email", email) if email else None,
            "phone_hash": address_hash("sms", phone) if phone else None}


def _row_values(external_id: str, data: CustomerIn) -> dict[str, Any]:
    return {
        "external_id": external_id,
        "name": data.name,
        "email": data.email,
        "phone": data.phone,
        "whatsapp": data.whatsapp,
        "chat_webhook_url": data.chat_webhook_url,
        "locale": data.locale,
        "timezone": data.timezone,
        "channels": list(data.channels) or list(CHANNELS),
        "tags": list(dict.fromkeys(data.tags)),
        "attributes": data.attributes,
        **lookup_hashes(data.email, data.phone),
    }


def upsert_chunk(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Insert or replace a chunk of validated rows; returns external_id → id.

    PUT replaces the customer's fields; opt-outs live in `suppressions`, keyed
    by address, so re-sending a record never re-subscribes anyone.
    """
    latest = {row["external_id"]: row for row in rows}  # last row wins
    existing = dict(
        db.session.execute(
            select(Customer.external_id, Customer.id).where(
                Customer.external_id.in_(latest), Customer.erased_at.is_(None)
            )
        ).all()
    )
    now = utcnow()
    updates = [{**row, "id": existing[ext], "updated_at": now}
               for ext, row in latest.items() if ext in existing]
    inserts = [{**row, "created_at": now, "updated_at": now}
               for ext, row in latest.items() if ext not in existing]
    if updates:
        db.session.execute(update(Customer), updates)
    ids = dict(existing)
    if inserts:
        result = db.session.execute(
            insert(Customer).returning(Customer.external_id, Customer.id), inserts
        )
        ids.update(dict(result.all()))
    all_ids = list(ids.values())
    db.session.execute(delete(CustomerTag).where(CustomerTag.customer_id.in_(all_ids)))
    tag_rows = [{"customer_id": ids[ext], "tag": tag}
                for ext, row in latest.items() for tag in row["tags"]]
    if tag_rows:
        db.session.execute(insert(CustomerTag), tag_rows)
    return ids


def put_customer(external_id: str, data: CustomerIn, allow_private_urls: bool) -> Customer:
    external_id = check_external_id(external_id)
    problems = check_chat_url(data.chat_webhook_url, allow_private_urls)
    if problems:
        raise ValidationFailed("The request is not valid.", problems)
    ids = upsert_chunk([_row_values(external_id, data)])
    db.session.commit()
    return db.session.get_one(Customer, ids[external_id])


def bulk_upsert(rows: Iterable[Any], allow_private_urls: bool) -> dict[str, Any]:
    """Validate and store a stream of rows in chunks; report per-row errors.

    Memory stays bounded: one chunk of rows and at most MAX_ERRORS_REPORTED
    error entries are held at a time.
    """
    received = stored = failed = 0
    errors: list[dict[str, Any]] = []
    chunk: list[dict[str, Any]] = []

    def flush() -> None:
        nonlocal stored
        if chunk:
            upsert_chunk(chunk)
            stored += len(chunk)
            db.session.commit()
            chunk.clear()

    for index, raw in enumerate(rows):
        received += 1
        row: BulkCustomerIn | None = None
        if isinstance(raw, InvalidRow):
            details = raw.details
        else:
            try:
                row = BulkCustomerIn.model_validate(raw)
                details = check_chat_url(row.chat_webhook_url, allow_private_urls)
            except ValidationError as exc:
                details = validation_details(exc)
        if details or row is None:
            failed += 1
            if len(errors) < MAX_ERRORS_REPORTED:
                ext = (raw.external_id if isinstance(raw, InvalidRow)
                       else raw.get("external_id") if isinstance(raw, dict) else None)
                errors.append({"row": index, "external_id": ext if isinstance(ext, str) else None,
                               "details": details})
            continue
        chunk.append(_row_values(row.external_id, row))
        if len(chunk) >= CHUNK:
            flush()
    flush()
    return {"received": received, "stored": stored, "failed": failed,
            "errors": errors, "errors_truncated": failed > len(errors)}


def live_customer(external_id: str) -> Customer:
    external_id = check_external_id(external_id)
    customer = db.session.execute(
        select(Customer).where(Customer.external_id == external_id, Customer.erased_at.is_(None))
    ).scalar_one_or_none()
    if customer is None:
        raise NotFound(f"No customer '{external_id}'.")
    return customer


def customer_dict(customer: Customer) -> dict[str, Any]:
    return {
        "external_id": customer.external_id,
        "name": customer.name,
        "email": customer.email,
        "phone": customer.phone,
        "whatsapp": customer.whatsapp,
        "chat_webhook_url": customer.chat_webhook_url,
        "locale": customer.locale,
        "timezone": customer.timezone,
        "channels": customer.channels,
        "tags": customer.tags,
        "attributes": customer.attributes,
        "opted_out": opted_out_channels(customer),
        "created_at": customer.created_at.isoformat(),
        "updated_at": customer.updated_at.isoformat(),
    }


class InvalidRow:
    """A bulk row refused while reading it (`api/bodies.py`): its error details,
    and its external_id when the row could be read that far."""

    def __init__(self, details: list[dict[str, Any]], external_id: str | None = None) -> None:
        self.details = details
        self.external_id = external_id


CUSTOMERS = Customer.__table__


def external_ids(conn: Connection, customer_ids: set[int]) -> dict[int, str]:
    """Looked up per page by primary key: a join lets the planner pick a merge
    join that rescans customers from the start on every page."""
    if not customer_ids:
        return {}
    return dict(conn.execute(select(CUSTOMERS.c.id, CUSTOMERS.c.external_id)
                             .where(CUSTOMERS.c.id.in_(customer_ids))).all())

"""Delivery logs: pages for the API and streamed exports of any size.

Rows come in keyset pages ordered by `(customer_id, channel, message)`, the
columns of the deliveries unique index after `incident_id`, so every page is
an index range scan on both backends whatever the incident's size, and memory
stays constant: one page of deliveries plus their events at a time.

Exports read on their own connection: on PostgreSQL one REPEATABLE READ
transaction (a consistent snapshot that blocks no writer); on SQLite one
short transaction per page (its transactions take the write lock).
"""

from __future__ import annotations

import base64
import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, select, tuple_

from ..customers.service import external_ids
from ..delivery import states
from ..delivery.models import Delivery, DeliveryEvent
from ..exports import iso, stream_pages
from ..incidents.queries import get
from ..store.db import db

DELIVERIES = Delivery.__table__
EVENTS = DeliveryEvent.__table__

STATUSES = states.STATUSES
STATUS_TIMES = ("queued_at", "sending_at", "sent_at", "delivered_at", "failed_at", "acked_at")

# One row per delivery, same fields and order in the API, CSV and NDJSON.
FIELDS = ("id", "customer_id", "channel", "message", "purpose", "status", "provider",
          "provider_message_id", *STATUS_TIMES, "failure_reason", "deferred_reason",
          "next_attempt_at", "attempts", "template", "template_version", "content_hash",
          "events")
EXPORT_PAGE = 2000

Key = tuple[int, str, int]  # (customer_id, channel, message): the keyset position


MAX_CURSOR_CHARS = 200


def encode_cursor(key: Key) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(key)).encode()).decode().rstrip("=")


def decode_cursor(value: str) -> Key:
    """Raises ValueError for anything this module did not produce."""
    if len(value) > MAX_CURSOR_CHARS:  # ours are short; a long one could nest deeply
        raise ValueError("not a cursor returned by this endpoint")
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        customer_id, channel, message = json.loads(raw)
    except (ValueError, TypeError, RecursionError) as exc:
        raise ValueError("not a cursor returned by this endpoint") from exc
    if not (isinstance(customer_id, int) and isinstance(channel, str)
            and isinstance(message, int)):
        raise ValueError("not a cursor returned by this endpoint")
    return customer_id, channel, message


def _page_query(incident_id: int, after: Key | None, limit: int, status: str | None,
                channel: str | None) -> Any:
    d = DELIVERIES.c
    stmt = (select(DELIVERIES).where(d.incident_id == incident_id)
            .order_by(d.customer_id, d.channel, d.message).limit(limit))
    if after is not None:
        stmt = stmt.where(tuple_(d.customer_id, d.channel, d.message) > tuple_(*after))
    if status:
        stmt = stmt.where(d.status == status)
    if channel:
        stmt = stmt.where(d.channel == channel)
    return stmt


def _events_of(conn: Connection, ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    history: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if not ids:
        return history
    e = EVENTS.c
    for row in conn.execute(select(e.id, e.delivery_id, e.status, e.at, e.provider_event_id,
                                   e.detail)
                            .where(e.delivery_id.in_(ids)).order_by(e.delivery_id, e.id)):
        event: dict[str, Any] = {"id": row.id, "status": row.status, "at": iso(row.at)}
        if row.provider_event_id:
            event["provider_event_id"] = row.provider_event_id
        if row.detail:
            event["detail"] = row.detail
        history[row.delivery_id].append(event)
    return history


def _as_item(row: Any, external_id: str | None, events: list[dict[str, Any]]) -> dict[str, Any]:
    item = {
        "id": row.id, "customer_id": external_id, "channel": row.channel,
        "message": row.message, "purpose": row.purpose, "status": row.status,
        "provider": row.provider, "provider_message_id": row.provider_message_id,
    }
    for name in STATUS_TIMES:
        item[name] = iso(getattr(row, name))
    item.update(failure_reason=row.failure_reason, deferred_reason=row.deferred_reason,
                next_attempt_at=iso(row.next_attempt_at), attempts=row.attempts,
                template=row.template, template_version=row.template_version,
                content_hash=row.content_hash, events=events)
    return item


def read_page(conn: Connection, incident_id: int, after: Key | None, limit: int,
              status: str | None = None, channel: str | None = None
              ) -> tuple[list[dict[str, Any]], Key | None]:
    """Up to `limit` deliveries after `after`, with their histories, and the
    key to continue from (None when this was the last page)."""
    rows = conn.execute(_page_query(incident_id, after, limit + 1, status, channel)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    history = _events_of(conn, [r.id for r in rows])
    external = external_ids(conn, {r.customer_id for r in rows})
    items = [_as_item(r, external.get(r.customer_id), history.get(r.id, [])) for r in rows]
    last = rows[-1] if rows else None
    return items, ((last.customer_id, last.channel, last.message) if more and last else None)


def page(incident_id: int, after: Key | None, limit: int, status: str | None = None,
         channel: str | None = None) -> tuple[list[dict[str, Any]], Key | None]:
    """One page in the request's session (for the JSON list endpoint)."""
    return read_page(db.session.connection(), incident_id, after, limit, status, channel)


def iter_deliveries(incident_id: int, status: str | None = None, channel: str | None = None,
                    page_size: int = EXPORT_PAGE) -> Iterator[list[dict[str, Any]]]:
    """Every delivery of the incident, page by page, on a dedicated connection."""
    return stream_pages(lambda conn, after: read_page(conn, incident_id, after, page_size,
                                                      status, channel))


# -- formats -----------------------------------------------------------------

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value: Any) -> Any:
    """Neutralise spreadsheet formulas (OWASP CSV injection): a text cell that
    starts with = + - @ or a control character gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_row(item: dict[str, Any], fields: Sequence[str] = FIELDS) -> list[Any]:
    row = []
    for name in fields:
        value = item[name]
        if name == "events":
            value = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        row.append("" if value is None else safe_cell(value))
    return row


def csv_chunks(pages: Iterator[list[dict[str, Any]]], fields: Sequence[str] = FIELDS
               ) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(fields)
    for items in pages:
        for item in items:
            writer.writerow(csv_row(item, fields))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def ndjson_chunks(pages: Iterator[list[dict[str, Any]]]) -> Iterator[str]:
    for items in pages:
        yield "".join(json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n"
                      for item in items)


def export(incident_id: int, status: str | None, channel: str | None
           ) -> tuple[Iterator[list[dict[str, Any]]], str]:
    """An incident's deliveries as pages to stream, and the file's name (without
    its extension); 404 before the stream starts when there is no such incident."""
    get(incident_id)
    return iter_deliveries(incident_id, status, channel), f"incident-{incident_id}-deliveries"

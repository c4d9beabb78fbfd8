"""The reports area's entry point for the API, the console, the jobs and the
CLI: the audit trail as auditors search it, the chain's verification and its
anchors, an incident's delivery log (pages and streamed exports) and its report."""

from __future__ import annotations

from .audit_search import chain_page, newest_deliveries, newest_records
from .deliveries import FIELDS as DELIVERY_FIELDS
from .deliveries import csv_chunks, decode_cursor, encode_cursor, ndjson_chunks
from .deliveries import export as export_deliveries
from .deliveries import page as deliveries_page
from .incident import build as incident_report
from .verify import ANCHOR_EVERY_SECONDS, verify, write_anchor

__all__ = [
    "ANCHOR_EVERY_SECONDS",
    "DELIVERY_FIELDS",
    "chain_page",
    "csv_chunks",
    "decode_cursor",
    "deliveries_page",
    "encode_cursor",
    "export_deliveries",
    "incident_report",
    "ndjson_chunks",
    "newest_deliveries",
    "newest_records",
    "verify",
    "write_anchor",
]

"""Audit: search the audit trail and the delivery log, export, verify the chain.

Read-only (auditors and admins). Exports stream from the same delivery log
functions as `/v1/incidents/{id}/deliveries.csv|.ndjson`, authorised by the
console session instead of a bearer key.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import abort, render_template, request
from sqlalchemy import String, cast, select

from ..api.downloads import streamed
from ..audit.models import AuditRecord
from ..customers.models import Customer
from ..delivery.models import Delivery
from ..incidents.models import Incident
from ..reports import deliveries as delivery_log
from ..reports.verify import verify
from ..store.db import db
from ..vocabulary import CHANNELS
from .blueprint import bp
from .session import page, require
from .views_incidents import DELIVERY_STATUSES

ACTIONS = ("incident.created", "incident.approved", "incident.rejected", "incident.canceled",
           "incident.resolved", "update.posted", "update.no_news", "promise.due_soon",
           "promise.broken", "survey.sent", "key.created", "key.revoked", "customer.erased",
           "deliveries.batch")
LIMIT = 50


def _time(value: str) -> datetime | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _filters(args: Any) -> dict[str, Any]:
    incident = args.get("incident", "").strip().lstrip("#")
    return {
        "incident": int(incident) if incident.isdigit() else None,
        "customer": args.get("customer", "").strip()[:200],
        "action": args.get("action") if args.get("action") in ACTIONS else "",
        "status": args.get("status") if args.get("status") in DELIVERY_STATUSES else "",
        "channel": args.get("channel") if args.get("channel") in CHANNELS else "",
        "since": _time(args.get("since", "")),
        "until": _time(args.get("until", "")),
        "raw": {k: args.get(k, "") for k in ("incident", "customer", "action", "status",
                                              "channel", "since", "until")},
    }


def _audit_rows(f: dict[str, Any], after: int | None) -> tuple[list[AuditRecord], int | None]:
    stmt = select(AuditRecord).order_by(AuditRecord.id.desc()).limit(LIMIT + 1)
    if after is not None:
        stmt = stmt.where(AuditRecord.id < after)
    if f["incident"] is not None:
        stmt = stmt.where(AuditRecord.incident_id == f["incident"])
    if f["action"]:
        stmt = stmt.where(AuditRecord.action == f["action"])
    if f["customer"]:  # audit data names customers by external id only
        needle = f["customer"].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(cast(AuditRecord.data, String).like(f'%"{needle}"%', escape="\\"))
    if f["since"]:
        stmt = stmt.where(AuditRecord.at >= f["since"])
    if f["until"]:
        stmt = stmt.where(AuditRecord.at < f["until"])
    rows = list(db.session.execute(stmt).scalars())
    more = len(rows) > LIMIT
    rows = rows[:LIMIT]
    return rows, (rows[-1].id if more and rows else None)


def _deliveries(f: dict[str, Any]) -> list[Any] | None:
    """Deliveries matching the search; None until an incident or a customer is named."""
    if f["incident"] is None and not f["customer"]:
        return None
    stmt = (select(Delivery, Customer.external_id)
            .join(Customer, Customer.id == Delivery.customer_id)
            .order_by(Delivery.id.desc()).limit(LIMIT))
    if f["incident"] is not None:
        stmt = stmt.where(Delivery.incident_id == f["incident"])
    if f["customer"]:
        stmt = stmt.where(Customer.external_id == f["customer"])
    if f["status"]:
        stmt = stmt.where(Delivery.status == f["status"])
    if f["channel"]:
        stmt = stmt.where(Delivery.channel == f["channel"])
    if f["since"]:
        stmt = stmt.where(Delivery.queued_at >= f["since"])
    if f["until"]:
        stmt = stmt.where(Delivery.queued_at < f["until"])
    return list(db.session.execute(stmt).all())


def _render(verify_result: dict[str, Any] | None = None) -> Any:
    f = _filters(request.values)
    after = request.args.get("after", "")
    rows, next_after = _audit_rows(f, int(after) if after.isdigit() else None)
    incident = db.session.get(Incident, f["incident"]) if f["incident"] is not None else None
    return render_template("console/audit.html", f=f, rows=rows, next_after=next_after,
                           deliveries=_deliveries(f), incident=incident, actions=ACTIONS,
                           statuses=DELIVERY_STATUSES, channels=CHANNELS,
                           verify_result=verify_result,
                           raw_set={k: v for k, v in f["raw"].items() if v})


@bp.route("/audit")
@page("audit")
def audit() -> Any:
    return _render()


@bp.route("/audit/verify", methods=["POST"])
@page("audit")
def audit_verify() -> Any:
    """Walk the whole chain (the same check as `GET /v1/audit/verify`)."""
    return _render(verify())


@bp.route("/audit/incidents/<int:id>/deliveries.<fmt>")
@page("incidents")
def audit_export(id: int, fmt: str) -> Any:
    require("export")
    if fmt not in ("csv", "ndjson"):
        abort(404)
    if db.session.get(Incident, id) is None:
        abort(404)
    status = request.args.get("status") if request.args.get("status") in DELIVERY_STATUSES else None
    channel = request.args.get("channel") if request.args.get("channel") in CHANNELS else None
    return streamed(delivery_log.iter_deliveries(id, status, channel), fmt,
                    f"incident-{id}-deliveries")

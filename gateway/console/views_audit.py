"""Audit: search the audit trail and the delivery log, export, verify the chain.

Read-only (auditors and admins). Exports stream from the same delivery log
functions as `/v1/incidents/{id}/deliveries.csv|.ndjson`, authorised by the
console session instead of a bearer key.
"""

from __future__ import annotations

from typing import Any

from flask import abort, render_template, request

from ..api.downloads import streamed
from ..incidents import queries
from ..reports import service as reports
from ..vocabulary import CHANNELS
from .blueprint import bp
from .format import read_utc
from .session import page, require
from .views_incidents import DELIVERY_STATUSES

ACTIONS = ("incident.created", "incident.approved", "incident.rejected", "incident.canceled",
           "incident.resolved", "update.posted", "update.no_news", "promise.due_soon",
           "promise.broken", "survey.sent", "key.created", "key.revoked", "customer.erased",
           "deliveries.batch")
LIMIT = 50


def _filters(args: Any) -> dict[str, Any]:
    incident = args.get("incident", "").strip().lstrip("#")
    return {
        "incident": int(incident) if incident.isdigit() else None,
        "customer": args.get("customer", "").strip()[:200],
        "action": args.get("action") if args.get("action") in ACTIONS else "",
        "status": args.get("status") if args.get("status") in DELIVERY_STATUSES else "",
        "channel": args.get("channel") if args.get("channel") in CHANNELS else "",
        "since": read_utc((args.get("since") or "").strip()),
        "until": read_utc((args.get("until") or "").strip()),
        "raw": {k: args.get(k, "") for k in ("incident", "customer", "action", "status",
                                              "channel", "since", "until")},
    }


def _render(verify_result: dict[str, Any] | None = None) -> Any:
    f = _filters(request.values)
    after = request.args.get("after", "")
    rows, next_after = reports.newest_records(
        LIMIT, before=int(after) if after.isdigit() else None, incident=f["incident"],
        action=f["action"], customer=f["customer"], since=f["since"], until=f["until"])
    # deliveries only once an incident or a customer is named
    deliveries = (reports.newest_deliveries(
        LIMIT, incident=f["incident"], customer=f["customer"], status=f["status"],
        channel=f["channel"], since=f["since"], until=f["until"])
        if f["incident"] is not None or f["customer"] else None)
    incident = queries.find(f["incident"]) if f["incident"] is not None else None
    return render_template("console/audit.html", f=f, rows=rows, next_after=next_after,
                           deliveries=deliveries, incident=incident, actions=ACTIONS,
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
    return _render(reports.verify())


@bp.route("/audit/incidents/<int:id>/deliveries.<fmt>")
@page("incidents")
def audit_export(id: int, fmt: str) -> Any:
    require("export")
    if fmt not in ("csv", "ndjson"):
        abort(404)
    status = request.args.get("status") if request.args.get("status") in DELIVERY_STATUSES else None
    channel = request.args.get("channel") if request.args.get("channel") in CHANNELS else None
    pages, name = reports.export_deliveries(id, status, channel)
    return streamed(pages, fmt, name)

"""Provider callbacks: SendGrid events, Twilio status callbacks and inbound messages.

Each handler verifies the signature first (a bad or missing one → 403 and
nothing recorded), records the events in the inbox and answers at once; the
events are applied by a job (one per burst) and the scheduler's sweep, so a
burst of a thousand events a second costs one insert per request.
Secrets come from the environment (SENDGRID_WEBHOOK_PUBLIC_KEY,
TWILIO_AUTH_TOKEN); `Config.extra` may carry them too (tests).
"""

from __future__ import annotations

import json
import logging
import os
import time
from typing import Any
from xml.sax.saxutils import escape

from flask import Blueprint, Response, current_app, request

from .. import metrics
from ..domain import lifecycle, tracking
from ..errors import Forbidden, GatewayError
from ..jobs.lifecycle_sweeps import schedule_webhook_processing
from ..store.db import db
from .routing import endpoint, read_body

log = logging.getLogger(__name__)
bp = Blueprint("webhooks", __name__, url_prefix="/v1/webhooks")

MAX_SKEW_SECONDS = 600  # SPEC: a SendGrid timestamp more than 10 minutes from now → 403
MAX_WEBHOOK_BYTES = 8 * 1024 * 1024
TWILIO_FORM = {"type": "object", "additionalProperties": {"type": "string"}}


def _secret(name: str) -> str:
    extra = current_app.config["GATEWAY"].extra
    return str(extra.get(name) or os.environ.get(name) or "")


def _reject(message: str, reason: str = "bad_signature") -> Forbidden:
    log.warning("webhook rejected on %s: %s", request.path, message)
    metrics.webhook_rejected("sendgrid" if "sendgrid" in request.path else "twilio", reason)
    return Forbidden(message, code="invalid_signature")


def verify_sendgrid(raw: bytes, signature: str | None, timestamp: str | None,
                    public_key: str, now: float | None = None) -> None:
    """Raise Forbidden unless SendGrid signed exactly these bytes recently."""
    from sendgrid.helpers.eventwebhook import EventWebhook

    if not public_key:
        raise _reject("SendGrid event verification is not configured "
                      "(SENDGRID_WEBHOOK_PUBLIC_KEY).")
    if not signature or not timestamp:
        raise _reject("Missing SendGrid signature headers.")
    try:
        sent_at = int(timestamp)
    except ValueError as exc:
        raise _reject("Malformed SendGrid timestamp.") from exc
    if abs((time.time() if now is None else now) - sent_at) > MAX_SKEW_SECONDS:
        raise _reject("SendGrid timestamp is more than 10 minutes from now.",
                      "stale_timestamp")
    try:
        helper = EventWebhook()
        key = helper.convert_public_key_to_ecdsa(public_key)
        ok = helper.verify_signature(raw.decode("utf-8"), signature, timestamp, key)
    except (ValueError, TypeError, UnicodeDecodeError) as exc:  # bad base64, DER or UTF-8
        raise _reject("Invalid SendGrid signature.") from exc
    if not ok:
        raise _reject("Invalid SendGrid signature.")


def verify_twilio(path: str) -> dict[str, str]:
    """Check X-Twilio-Signature over the public URL and the form; returns the form."""
    from twilio.request_validator import RequestValidator

    token = _secret("TWILIO_AUTH_TOKEN")
    if not token:
        raise _reject("Twilio verification is not configured (TWILIO_AUTH_TOKEN).")
    signature = request.headers.get("X-Twilio-Signature", "")
    url = current_app.config["GATEWAY"].public_url + path
    if request.query_string:
        url += "?" + request.query_string.decode("latin-1")
    params = request.form.to_dict(flat=True)
    if not signature or not RequestValidator(token).validate(url, params, signature):
        raise _reject("Invalid Twilio signature.")
    return params


def _ok() -> Response:
    return Response(status=204)


@endpoint(bp, "/sendgrid", "POST", summary="SendGrid Event Webhook (ECDSA-signed)",
          roles=None, raw_body={"type": "array", "items": {"type": "object"}},
          responses={204: None, 403: "Bad signature or stale timestamp"})
def sendgrid_events() -> Any:
    raw = read_body(MAX_WEBHOOK_BYTES)
    verify_sendgrid(raw, request.headers.get("X-Twilio-Email-Event-Webhook-Signature"),
                    request.headers.get("X-Twilio-Email-Event-Webhook-Timestamp"),
                    _secret("SENDGRID_WEBHOOK_PUBLIC_KEY"))
    try:
        events = json.loads(raw)
    except ValueError as exc:
        raise GatewayError("Body is not JSON.", code="invalid_json") from exc
    if not isinstance(events, list):
        raise GatewayError("Expected a JSON array of events.", code="invalid_json")
    rows = tracking.sendgrid_rows(events)
    if rows:
        tracking.record_webhook_events(rows)
        db.session.commit()
        schedule_webhook_processing()
    return _ok()


@endpoint(bp, "/twilio/status", "POST", summary="Twilio message status callback",
          roles=None, responses={204: None, 403: "Bad signature"}, raw_body=TWILIO_FORM,
          content_types=("application/x-www-form-urlencoded",))
def twilio_status() -> Any:
    params = verify_twilio("/v1/webhooks/twilio/status")
    row = tracking.twilio_row(params)
    if row is not None:
        tracking.record_webhook_events([row])
        db.session.commit()
        schedule_webhook_processing()
    return _ok()


def twiml(message: str | None) -> Response:
    body = ("<Response/>" if not message
            else f"<Response><Message>{escape(message)}</Message></Response>")
    return Response('<?xml version="1.0" encoding="UTF-8"?>' + body, status=200,
                    mimetype="application/xml")


@endpoint(bp, "/twilio/inbound", "POST", summary="Inbound SMS/WhatsApp: STOP, ack words, replies",
          roles=None, responses={200: "TwiML reply", 403: "Bad signature"}, raw_body=TWILIO_FORM,
          content_types=("application/x-www-form-urlencoded",), produces="application/xml")
def twilio_inbound() -> Any:
    params = verify_twilio("/v1/webhooks/twilio/inbound")
    support_phone = current_app.config["GATEWAY"].support_phone
    result = lifecycle.handle_inbound(params, support_phone=support_phone)
    db.session.commit()
    return twiml(result.reply)

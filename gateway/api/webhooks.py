"""Provider callbacks: SendGrid events, Twilio status callbacks and inbound messages.

Each handler verifies the signature first (a bad or missing one → 403 and
nothing recorded), records the events in the inbox and answers at once; the
events are applied by a job (one per burst) and the scheduler's sweep, so a
burst of a thousand events a second costs one insert per request.
Secrets come from the Config, read from the environment at startup
(SENDGRID_WEBHOOK_PUBLIC_KEY, TWILIO_AUTH_TOKEN); `Config.extra` may carry
them too (tests).
"""

from __future__ import annotations

import logging
import time
from typing import Any
from xml.sax.saxutils import escape

from flask import Blueprint, Response, current_app, request
from pydantic import BaseModel, ConfigDict, Field

from .. import metrics
from ..complaints import answers
from ..complaints import service as complaints
from ..delivery import tracking
from ..errors import Forbidden, GatewayError, NotFound
from ..jobs import complaints as complaint_jobs
from ..jobs.lifecycle_sweeps import schedule_webhook_processing
from ..schema_docs import described
from ..vocabulary import ExternalId, Id, NonBlankText
from .bodies import parse_json, read_body
from .routing import endpoint, parse_model

log = logging.getLogger(__name__)
bp = Blueprint("webhooks", __name__, url_prefix="/v1/webhooks")

MAX_SKEW_SECONDS = 600  # SPEC: a SendGrid timestamp more than 10 minutes from now → 403
MAX_WEBHOOK_BYTES = 8 * 1024 * 1024
TWILIO_FORM = {"type": "object", "additionalProperties": {"type": "string"}}


def _secret(name: str) -> str:
    config = current_app.config["GATEWAY"]
    configured = {"TWILIO_AUTH_TOKEN": config.providers.twilio_auth_token,
                  "SENDGRID_WEBHOOK_PUBLIC_KEY": config.sendgrid_webhook_public_key}[name]
    return str(config.extra.get(name) or configured or "")


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
          action=None, raw_body={"type": "array", "items": {"type": "object"}},
          responses={204: None, 403: "Bad signature or stale timestamp"})
def sendgrid_events() -> Any:
    raw = read_body(MAX_WEBHOOK_BYTES)
    verify_sendgrid(raw, request.headers.get("X-Twilio-Email-Event-Webhook-Signature"),
                    request.headers.get("X-Twilio-Email-Event-Webhook-Timestamp"),
                    _secret("SENDGRID_WEBHOOK_PUBLIC_KEY"))
    events = parse_json(raw)  # signed is not safe: the same guards as every body
    if not isinstance(events, list):
        raise GatewayError("Expected a JSON array of events.", code="invalid_json")
    rows = tracking.sendgrid_rows(events)
    if rows:
        tracking.receive_webhook_events(rows)
        schedule_webhook_processing()
    return _ok()


@endpoint(bp, "/twilio/status", "POST", summary="Twilio message status callback",
          action=None, responses={204: None, 403: "Bad signature"}, raw_body=TWILIO_FORM,
          content_types=("application/x-www-form-urlencoded",))
def twilio_status() -> Any:
    params = verify_twilio("/v1/webhooks/twilio/status")
    row = tracking.twilio_row(params)
    if row is not None:
        tracking.receive_webhook_events([row])
        schedule_webhook_processing()
    return _ok()


def twiml(message: str | None) -> Response:
    body = ("<Response/>" if not message
            else f"<Response><Message>{escape(message)}</Message></Response>")
    return Response('<?xml version="1.0" encoding="UTF-8"?>' + body, status=200,
                    mimetype="application/xml")


@endpoint(bp, "/twilio/inbound", "POST", summary="Inbound SMS/WhatsApp: STOP, ack words, replies",
          action=None, responses={200: "TwiML reply", 403: "Bad signature"}, raw_body=TWILIO_FORM,
          content_types=("application/x-www-form-urlencoded",), produces="application/xml")
def twilio_inbound() -> Any:
    params = verify_twilio("/v1/webhooks/twilio/inbound")
    support_phone = current_app.config["GATEWAY"].support_phone
    result, complaint = answers.inbound_message(params, support_phone)
    if complaint is not None:
        complaint_jobs.enqueue(complaint.enqueue)  # the acknowledgement, by the same channel
    return twiml(result.reply)


@described("A customer's reply that came back through their chat integration.")
class ChatReply(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    customer_id: ExternalId
    text: NonBlankText = Field(max_length=4000)
    incident_id: Id | None = None


@endpoint(bp, "/chat/inbound", "POST",
          summary="A customer's chat reply (signed like our chat messages): opens a complaint",
          action=None, raw_body=ChatReply.model_json_schema(),
          responses={202: "Complaint opened or continued", 403: "Bad signature",
                     404: "Unknown customer"})
def chat_inbound() -> Any:
    # Here, not at the top: the webhook provider (its HTTP transport, httptools)
    # stays out of the API process until it is needed.
    from ..providers.webhook import SIGNATURE_HEADER, verify

    raw = read_body(current_app.config["GATEWAY"].max_json_bytes)
    header = request.headers.get(SIGNATURE_HEADER, "")
    if not verify(header, raw, current_app.config["GATEWAY"].chat_webhook_secret):
        metrics.webhook_rejected("chat", "bad_signature")
        raise Forbidden("Invalid chat signature.", code="invalid_signature")
    body = parse_model(ChatReply, parse_json(raw), strict=True)
    customer = complaints.live_customer(body.customer_id)
    if customer is None:
        raise NotFound("The reply names a customer that does not exist.",
                       [{"field": "customer_id", "message": "no such customer"}])
    incident_id = body.incident_id if body.incident_id is not None and \
        complaints.incident_exists(body.incident_id) else None
    outcome = answers.chat_reply(customer, body.text, incident_id)
    complaint_jobs.enqueue(outcome.enqueue)
    return {"complaint_id": outcome.complaint.id, "status": outcome.complaint.status}, 202

"""Callbacks as the providers sign them: Twilio status callbacks, SendGrid events.

Used by the fake server to call the gateway back, and by tests to post a
callback straight to the gateway's webhooks.
"""

from __future__ import annotations

import base64
import json
import secrets
import time
from collections.abc import Mapping
from typing import Any

import requests
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from twilio.request_validator import RequestValidator


class SendGridSigner:
    """Signs Event Webhook payloads the way SendGrid does (ECDSA P-256, SHA-256)."""

    def __init__(self, private_key: ec.EllipticCurvePrivateKey | None = None) -> None:
        self.private_key = private_key or ec.generate_private_key(ec.SECP256R1())
        der = self.private_key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        # The form SENDGRID_WEBHOOK_PUBLIC_KEY (and EventWebhook) expects.
        self.public_key = base64.b64encode(der).decode()

    def headers(self, payload: bytes, timestamp: int | None = None) -> dict[str, str]:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        sig = self.private_key.sign(ts.encode() + payload, ec.ECDSA(hashes.SHA256()))
        return {
            "Content-Type": "application/json",
            "X-Twilio-Email-Event-Webhook-Signature": base64.b64encode(sig).decode(),
            "X-Twilio-Email-Event-Webhook-Timestamp": ts,
        }


def twilio_status_params(
    *, sid: str, status: str, to: str, from_: str, account_sid: str, error_code: int | None = None
) -> dict[str, str]:
    """The form fields Twilio posts to a StatusCallback."""
    params = {
        "AccountSid": account_sid,
        "ApiVersion": "2010-04-01",
        "From": from_,
        "To": to,
        "MessageSid": sid,
        "SmsSid": sid,
        "MessageStatus": status,
        "SmsStatus": status,
    }
    if error_code is not None:
        params["ErrorCode"] = str(error_code)
    return params


def twilio_signature_headers(
    url: str, params: Mapping[str, str], auth_token: str
) -> dict[str, str]:
    return {"X-Twilio-Signature": RequestValidator(auth_token).compute_signature(url, dict(params))}


def sendgrid_event(
    event: str, *, email: str, message_id: str, custom_args: Mapping[str, Any], **extra: Any
) -> dict[str, Any]:
    """One SendGrid Event Webhook event; custom_args are top-level, as SendGrid sends them."""
    return {
        "email": email,
        "timestamp": int(time.time()),
        "event": event,
        "sg_event_id": secrets.token_urlsafe(16),
        "sg_message_id": message_id,
        "smtp-id": f"<{message_id}@fake.sendgrid.net>",
        **custom_args,
        **extra,
    }



def post_twilio_status(
    url: str, *, auth_token: str, sid: str, status: str, to: str, from_: str,
    account_sid: str, error_code: int | None = None,
) -> requests.Response:
    """Post one signed Twilio status callback (what Twilio would send) to `url`."""
    params = twilio_status_params(sid=sid, status=status, to=to, from_=from_,
                                  account_sid=account_sid, error_code=error_code)
    return requests.post(url, data=params,
                         headers=twilio_signature_headers(url, params, auth_token), timeout=10)


def post_sendgrid_events(
    url: str, events: list[dict[str, Any]], signer: SendGridSigner, timestamp: int | None = None
) -> requests.Response:
    """Post one signed SendGrid Event Webhook batch to `url`."""
    payload = json.dumps(events).encode()
    return requests.post(url, data=payload, headers=signer.headers(payload, timestamp), timeout=10)

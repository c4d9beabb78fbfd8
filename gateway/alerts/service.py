"""Tell staff something needs them, outside the console: a POST to
STAFF_ALERT_WEBHOOK signed exactly like chat messages (`X-Gateway-Signature`,
HMAC-SHA256 with CHAT_WEBHOOK_SECRET) and an email to each ONCALL_EMAILS
address through the configured email providers.

`raise_alert` only writes rows in the caller's transaction (so an alert exists
exactly when what it reports was committed); the scheduler's `send_due` sends
them, and a failed send is retried with backoff from its row.
"""

from __future__ import annotations

import json
import logging
import time
from datetime import datetime, timedelta
from typing import Any

import requests
from flask import current_app
from sqlalchemy import select

from ..providers.base import OutboundMessage, Outcome
from ..providers.webhook import SIGNATURE_HEADER, sign
from ..store.db import db, utcnow
from .models import StaffAlert

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
TIMEOUT_SECONDS = 10
BATCH = 50


def console_url(path: str) -> str:
    """The console page an alert sends staff to (`path` below /console/)."""
    return f"{current_app.config['GATEWAY'].public_url}/console/{path}"


def raise_alert(kind: str, ref: str, subject: str, text: str, payload: dict[str, Any]) -> int:
    """Queue the alert for the webhook and every on-call address; returns how many rows."""
    config = current_app.config["GATEWAY"]
    targets = (["webhook"] if config.staff_alert_webhook else []) + list(config.oncall_emails)
    for target in targets:
        db.session.add(StaffAlert(kind=kind, ref=ref, target=target, subject=subject, text=text,
                                  payload=payload))
    return len(targets)


def _post_webhook(alert: StaffAlert, url: str, secret: str) -> None:
    body = json.dumps({"kind": alert.kind, "ref": alert.ref, "subject": alert.subject,
                       "text": alert.text, **alert.payload}, separators=(",", ":")).encode()
    response = requests.post(url, data=body, timeout=TIMEOUT_SECONDS, allow_redirects=False,
                             headers={"Content-Type": "application/json",
                                      SIGNATURE_HEADER: sign(body, secret, int(time.time()))})
    response.raise_for_status()


def _email(alert: StaffAlert) -> None:
    # Here, not at the top: the provider clients stay out of the scheduler until an
    # email alert goes.
    from ..delivery import providers

    config = current_app.config["GATEWAY"]
    message = OutboundMessage(delivery_id=-alert.id, incident_id=0, channel="email",
                              to=alert.target, subject=alert.subject, text=alert.text, html=None,
                              headers={}, ack_url=None)
    errors = []
    for name in config.email_providers:  # failover as for customer email
        result = providers.get(name).send_batch([message])[0]
        if result.outcome is Outcome.ACCEPTED:
            return
        errors.append(f"{name}: {result.error}")
    raise RuntimeError("; ".join(errors))


def send_due(now: datetime | None = None) -> int:
    """Send pending alerts whose time has come; returns how many went out."""
    now = now or utcnow()
    config = current_app.config["GATEWAY"]
    due = db.session.execute(select(StaffAlert).where(
        StaffAlert.status == "pending", StaffAlert.next_try_at <= now)
        .order_by(StaffAlert.id).limit(BATCH)).scalars().all()
    sent = 0
    for alert in due:
        alert.attempts += 1
        try:
            if alert.target == "webhook":
                _post_webhook(alert, config.staff_alert_webhook, config.chat_webhook_secret)
            else:
                _email(alert)
        except Exception as exc:  # noqa: BLE001 - any failure is retried from the row
            alert.last_error = f"{type(exc).__name__}: {exc}"[:1000]
            if alert.attempts >= MAX_ATTEMPTS:
                alert.status = "failed"
                log.warning("staff alert %s to %s failed for good", alert.id, alert.target)
            else:
                alert.next_try_at = now + timedelta(seconds=10 * 2 ** (alert.attempts - 1))
        else:
            alert.status, alert.sent_at = "sent", now
            sent += 1
        db.session.commit()
    return sent

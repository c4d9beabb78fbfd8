"""The scheduler's complaint sweeps and the staff alert webhook (thin: the rules are in `service`).

Each sweep takes an optional `now` (tests move the clock), commits, and only
then enqueues what it created or posts what it found.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from datetime import datetime

import requests
from flask import current_app

from ..store.db import db, utcnow
from . import service

log = logging.getLogger(__name__)
ALERT_TIMEOUT_SECONDS = 5.0


def settings() -> service.Settings:
    config = current_app.config["GATEWAY"]
    return service.Settings(first_contact_minutes=config.complaint_first_contact_minutes,
                            followup_delay_hours=config.followup_delay_hours)


def enqueue(pairs: Sequence[tuple[int, str]]) -> None:
    """Send a complaint's messages at once: call after the commit."""
    from ..jobs.send import COMPLAINT_SEVERITY, enqueue_batches

    if pairs:
        enqueue_batches(COMPLAINT_SEVERITY, list(pairs))


def post_staff_alert(alert: service.Alert) -> bool:
    """POST one alert to STAFF_ALERT_WEBHOOK, signed like chat messages; True when taken."""
    from ..providers.webhook import SIGNATURE_HEADER, sign

    config = current_app.config["GATEWAY"]
    if not config.staff_alert_webhook:
        return True  # the console shows it; nowhere else to post
    link = f"{config.public_url}/console/complaints/{alert.complaint_id}"
    what = {"due_soon": "needs a person to contact the customer by",
            "overdue": "was due a contact with the customer at",
            "breached": "missed its first-contact time of"}[alert.kind]
    body = json.dumps({
        "text": f"Complaint {alert.complaint_id} ({alert.topic}, customer {alert.customer}, "
                f"owner {alert.owner or 'nobody'}) {what} {alert.due.isoformat()}: {link}",
        "kind": f"complaint.{alert.kind}", "complaint_id": alert.complaint_id,
        "customer_id": alert.customer, "topic": alert.topic, "owner": alert.owner,
        "due": alert.due.isoformat(), "url": link}).encode()
    try:
        response = requests.post(
            config.staff_alert_webhook, data=body, timeout=ALERT_TIMEOUT_SECONDS,
            headers={"Content-Type": "application/json",
                     SIGNATURE_HEADER: sign(body, config.chat_webhook_secret, int(time.time()))})
    except requests.RequestException as exc:
        log.warning("staff alert for complaint %s not posted: %s", alert.complaint_id, exc)
        return False
    if response.status_code >= 300:
        log.warning("staff alert for complaint %s refused: HTTP %s", alert.complaint_id,
                    response.status_code)
        return False
    return True


def acknowledge(now: datetime | None = None) -> int:
    moved = service.mark_acknowledged(now)
    db.session.commit()
    return moved


def watch_sla(now: datetime | None = None) -> int:
    """Flag complaints near `first_contact_due` and breaches, and alert staff."""
    alerts = service.sla_alerts(settings(), now)
    db.session.commit()
    posted = [a.complaint_id for a in alerts if post_staff_alert(a) and a.kind != "breached"]
    if posted:
        service.alert_posted(posted, now)
        db.session.commit()
    return len(alerts)


def surveys(now: datetime | None = None) -> int:
    pairs = service.send_due_surveys(settings(), now or utcnow())
    closed = service.close_unanswered(now)
    db.session.commit()
    enqueue(pairs)
    return len(pairs) + closed


COMPLAINT_SWEEPS = [
    ("complaints_acknowledged", 2.0, acknowledge),
    ("complaints_sla", 15.0, watch_sla),
    ("complaints_surveys", 30.0, surveys),
]

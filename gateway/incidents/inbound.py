"""Opt-outs, and SMS/WhatsApp messages customers send us: STOP, an
acknowledgement, or a reply a person must read."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import exists, func, select

from ..customers.models import Customer
from ..customers.suppressions import CONTACT_FIELD, contact_of, suppress
from ..delivery.models import Delivery, InboundMessage
from ..delivery.states import SENT_OR_BETTER
from ..delivery.tracking import insert_ignoring
from ..store.db import db, utcnow
from .acks import acknowledge
from .models import Incident

ACK_WORDS = frozenset({"OK", "1", "YES", "收到", "好的"})
# The SPEC's three, plus the other words carriers and Twilio treat as opt-out.
STOP_WORDS = frozenset({"STOP", "UNSUBSCRIBE", "退订", "STOPALL", "CANCEL", "END", "QUIT"})
REPLIES = {
    "en": {
        "stop_sms": "You will get no more text messages from us. To talk to a person, "
                    "call {phone}.",
        "stop_whatsapp": "You will get no more WhatsApp messages from us. To talk to a person, "
                         "call {phone}.",
        "ack": "Thank you. We know our message reached you, and we will keep you posted.",
    },
    "zh-CN": {
        "stop_sms": "您将不再收到我们的短信。如需人工帮助，请致电 {phone}。",
        "stop_whatsapp": "您将不再收到我们的 WhatsApp 消息。如需人工帮助，请致电 {phone}。",
        "ack": "谢谢您。我们已确认您收到了消息，之后会继续向您通报进展。",
    },
}


def unsubscribe(customer: Customer, channel: str) -> bool:
    """Opt the customer's address on `channel` out (every customer with it); True if new."""
    address = contact_of(customer, channel) if channel in CONTACT_FIELD else None
    return suppress(channel, address, "unsubscribe") if address else False


def normalise_reply(body: str) -> str:
    text = unicodedata.normalize("NFKC", body or "").strip()
    text = re.sub(r"[\s.!,;:?。！，？~]+$", "", text)
    return re.sub(r"^[\s\"'“”]+|[\s\"'“”]+$", "", text).upper()


@dataclass
class Inbound:
    kind: str  # stop | ack | reply | duplicate
    reply: str | None = None
    message_id: int | None = None  # the stored InboundMessage


def _customers_with(channel: str, number: str) -> list[Customer]:
    column = Customer.phone if channel == "sms" else Customer.whatsapp
    return list(db.session.execute(select(Customer).where(
        column == number, Customer.erased_at.is_(None)).order_by(Customer.id)).scalars())


def _latest_unacked(channel: str, number: str) -> Delivery | None:
    column = Customer.phone if channel == "sms" else Customer.whatsapp
    acked = Delivery.__table__.alias("acked")
    return db.session.execute(
        select(Delivery).join(Customer, Customer.id == Delivery.customer_id)
        .join(Incident, Incident.id == Delivery.incident_id)
        .where(column == number, Delivery.channel == channel, Incident.require_ack.is_(True),
               Incident.status.not_in(("canceled", "rejected")),
               Delivery.status.in_(("sending", "sent", "delivered")),
               ~exists().where(acked.c.incident_id == Delivery.incident_id,
                               acked.c.customer_id == Delivery.customer_id,
                               acked.c.acked_at.is_not(None)))
        .order_by(func.coalesce(Delivery.sent_at, Delivery.updated_at).desc(), Delivery.id.desc())
        .limit(1)).scalar_one_or_none()


def _latest_delivery(channel: str, number: str) -> Delivery | None:
    column = Customer.phone if channel == "sms" else Customer.whatsapp
    return db.session.execute(
        select(Delivery).join(Customer, Customer.id == Delivery.customer_id)
        .where(column == number, Delivery.channel == channel,
               Delivery.status.in_(SENT_OR_BETTER))
        .order_by(Delivery.id.desc()).limit(1)).scalar_one_or_none()


def handle_inbound(params: dict[str, str], *, support_phone: str,
                   now: datetime | None = None) -> Inbound:
    """A customer's SMS/WhatsApp message: STOP, an ack word, or a reply for a person."""
    now = now or utcnow()
    sid = params.get("MessageSid") or params.get("SmsSid") or ""
    sender = params.get("From", "")
    channel = "whatsapp" if sender.startswith("whatsapp:") else "sms"
    number = sender.removeprefix("whatsapp:").strip()
    body = (params.get("Body") or "")[:1600]
    if sid and db.session.execute(select(exists().where(
            InboundMessage.message_sid == sid))).scalar_one():
        return Inbound("duplicate")
    word = normalise_reply(body)
    customers = _customers_with(channel, number) if number else []
    locale = customers[0].locale if customers and customers[0].locale in REPLIES else "en"
    texts = REPLIES[locale]
    record: dict[str, Any] = {"message_sid": sid or f"nosid:{now.timestamp()}:{number}",
                              "channel": channel, "from_number": number or None, "body": body,
                              "received_at": now,
                              "customer_id": customers[0].id if customers else None}
    result: Inbound
    if word in STOP_WORDS and number:
        suppress(channel, number, "stop")
        record.update(kind="stop")
        result = Inbound("stop", texts[f"stop_{channel}"].format(phone=support_phone))
    elif (word in ACK_WORDS and number and (target := _latest_unacked(channel, number))
          and target.incident_id is not None):
        acknowledge(target.customer_id, target.incident_id, via=channel, channel=channel,
                    message=target.message, now=now)
        record.update(kind="ack", customer_id=target.customer_id,
                      incident_id=target.incident_id, delivery_id=target.id)
        result = Inbound("ack", texts["ack"])
    else:
        latest = _latest_delivery(channel, number) if number else None
        record.update(kind="reply", needs_person=True,
                      customer_id=latest.customer_id if latest else record["customer_id"],
                      incident_id=latest.incident_id if latest else None,
                      delivery_id=latest.id if latest else None)
        result = Inbound("reply")
    inserted = insert_ignoring(InboundMessage, [record], InboundMessage.id)
    if not inserted:
        return Inbound("duplicate")
    result.message_id = int(inserted[0])
    return result

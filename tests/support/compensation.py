"""The compensation tests' setup: a policy, customers, an incident under a
policy, the ledger and payments over the API, and the messages as sent."""

from __future__ import annotations

import itertools
import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from gateway.compensation import customer_terms
from gateway.customers.models import Customer
from gateway.delivery.models import Delivery, OutboxMessage
from gateway.incidents.models import Incident
from gateway.intake.render_delivery import render_delivery
from gateway.messages.batch_render import BatchRenderer
from gateway.messages.context import build_context
from gateway.messages.lint import lint_rendered
from gateway.messages.render import get_renderer
from gateway.store.db import db
from tests.support.api import OUTAGE, auth, put_customer
from tests.support.clock import DAYTIME, iso_from_now, zone_where_hour_is

_keys = itertools.count(1)
DAY_ZONE = zone_where_hour_is(DAYTIME)  # the customers' quiet hours never hold a message back

EN = OUTAGE
ZH = {
    "what_happened": "我们的结账系统在09:10停止收款。",
    "impact": "您无法为订单付款。",
    "actions_taken": "我们在09:40把结账系统换回了上一个版本。",
    "next_update_at": iso_from_now(hours=2),
}
PERCENT = {"type": "percent_of_attribute", "attribute": "monthly_fee", "percent_per_hour": "2.5",
           "min": "1.00", "max": "50.00", "pay_within_days": 5, "missing_attribute": "skip",
           "fallback_amount": "2.00"}


def put_policy(client: FlaskClient, keys: dict[str, str], name: str = "outage-credit",
               **body: Any) -> Any:
    r = client.put(f"/v1/compensation-policies/{name}", json=body or PERCENT,
                   headers=auth(keys["admin"]))
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def customer(client: FlaskClient, keys: dict[str, str], external_id: str, **fields: Any) -> None:
    fields.setdefault("timezone", DAY_ZONE)
    put_customer(client, keys["system"], external_id, **fields)


def facts(compensation: dict[str, Any], zh_description: str | None = None) -> dict[str, Any]:
    """Facts in en and zh-CN naming the same policy (each its own description, if any)."""
    zh = dict(compensation)
    if zh_description:
        zh["description"] = zh_description
    return {"en": {**EN, "compensation": compensation}, "zh-CN": {**ZH, "compensation": zh}}


def post_incident(client: FlaskClient, keys: dict[str, str], compensation: dict[str, Any],
                  key: str = "system", **body: Any) -> Any:
    payload = {"kind": "outage", "severity": "high", "title": "Checkout was down",
               "facts": facts(compensation), "audience": {"all": True}, "channels": ["email"],
               **body}
    return client.post("/v1/incidents", json=payload,
                       headers=auth(keys[key], **{"Idempotency-Key": f"comp-{next(_keys)}"}))


def ledger(client: FlaskClient, keys: dict[str, str], incident_id: int,
           **query: str) -> dict[str, dict[str, Any]]:
    r = client.get(f"/v1/incidents/{incident_id}/compensation", query_string=query,
                   headers=auth(keys["auditor"]))
    assert r.status_code == 200, r.get_json()
    return {item["customer_id"]: item for item in r.get_json()["items"]}


def pay(client: FlaskClient, keys: dict[str, str], incident_id: int,
        payments: list[dict[str, Any]], idempotency_key: str | None = None) -> Any:
    return client.post(f"/v1/incidents/{incident_id}/compensation/payments", json=payments,
                       headers=auth(keys["system"], **{
                           "Idempotency-Key": idempotency_key or f"pay-{next(_keys)}"}))


def sent(app: Flask, external_id: str, purpose: str = "notice") -> list[tuple[str, OutboxMessage]]:
    """(channel, message) the outbox provider "sent" to this customer for `purpose`."""
    with app.app_context():
        rows = db.session.execute(
            select(Delivery.channel, OutboxMessage)
            .join(Delivery, Delivery.id == OutboxMessage.delivery_id)
            .join(Customer, Customer.id == Delivery.customer_id)
            .where(Customer.external_id == external_id, Delivery.purpose == purpose)
            .order_by(OutboxMessage.id)).all()
        db.session.expunge_all()
        return [(str(channel), message) for channel, message in rows]


def lint_as_sent(app: Flask, incident_id: int, external_id: str, channel: str,
                 purpose: str = "notice") -> tuple[Any, list[Any]]:
    """Render this customer's message the way the send path does, and lint it.

    Returns (rendered, findings); callers also check it equals what was sent.
    """
    with app.app_context():
        config = app.config["GATEWAY"]
        incident = db.session.get_one(Incident, incident_id)
        c = db.session.execute(select(Customer).where(
            Customer.external_id == external_id, Customer.erased_at.is_(None))).scalar_one()
        delivery = db.session.execute(select(Delivery).where(
            Delivery.incident_id == incident_id, Delivery.customer_id == c.id,
            Delivery.channel == channel, Delivery.purpose == purpose)).scalars().first()
        assert delivery is not None
        entry = customer_terms.entry_of(incident_id, c.id)
        rendered, links = render_delivery(BatchRenderer(get_renderer()), incident, c, channel,
                                          delivery.message, purpose, None, entry)
        context = build_context(
            customer={"external_id": c.external_id, "name": c.name, "locale": rendered.locale,
                      "timezone": c.timezone, "attributes": c.attributes},
            incident={"id": incident.id, "kind": incident.kind, "title": incident.title,
                      "require_ack": incident.require_ack}, facts=incident.facts, links=links,
            contact={"phone": config.support_phone, "email": config.support_email},
            compensation=customer_terms.message_terms(entry, incident.facts, c.locale))
        findings = lint_rendered(rendered, channel, rendered.locale, context, config.public_url)
        db.session.remove()
        return rendered, [f for f in findings if not _not_under_test(f, rendered)]


def _not_under_test(finding: Any, rendered: Any) -> bool:
    """Jargon the linter finds in what this test does not write: the "UTC-06" label of the
    Etc/GMT zone picked so quiet hours never hold a message back, and capitals inside a
    random link token (e.g. "GFY" in /m/1.1.e0.XGFYab…)."""
    if finding.code != "jargon":
        return False
    if "UTC" in finding.message:
        return True
    text = getattr(rendered, finding.field) or ""
    return any(m.start() <= finding.span[0] < m.end() for m in re.finditer(r"https?://\S+", text))

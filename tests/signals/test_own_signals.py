"""The gateway's own signals: replies that need a person, low survey scores,
complaints per topic, provider failures and bounces per channel, counted per bucket from the
tables that record them (recounting is idempotent)."""

from __future__ import annotations

from sqlalchemy import update

from gateway.delivery.models import Delivery, InboundMessage
from gateway.incidents.models import SurveyResponse
from gateway.signals import service
from gateway.signals.models import SignalBucket, SignalCustomer
from gateway.store.db import db, utcnow
from tests.support.api import FACTS, auth, put_customer
from tests.support.pipeline import run_worker


def test_own_topics_are_counted_from_what_happened(app, client, keys):
    for c in ("c1", "c2", "c3", "c4"):
        put_customer(client, keys["system"], c)
    r = client.post("/v1/incidents", headers=auth(keys["system"], **{"Idempotency-Key": "o1"}),
                    json={"kind": "outage", "severity": "high", "title": "Checkout down",
                          "facts": FACTS, "audience": {"all": True}, "channels": ["email"]})
    assert r.status_code == 202, r.get_json()
    incident_id = r.get_json()["id"]
    run_worker(app)
    now = utcnow()
    with app.app_context():
        rows = db.session.query(Delivery).order_by(Delivery.customer_id).all()
        customer_ids = [d.customer_id for d in rows]  # c1, c2, c3, c4 (created in that order)
        db.session.execute(update(Delivery).where(Delivery.id.in_([rows[0].id, rows[1].id]))
                           .values(status="failed", failed_at=now, provider="sendgrid"))
        db.session.execute(update(Delivery).where(Delivery.id == rows[2].id)
                           .values(status="bounced", failed_at=now))
        for i, customer in enumerate(customer_ids[:3]):
            db.session.add(InboundMessage(message_sid=f"SM{i}", channel="sms", body="where is it",
                                          kind="reply", customer_id=customer, received_at=now))
        db.session.add(InboundMessage(message_sid="SMok", channel="sms", body="OK", kind="ack",
                                      customer_id=customer_ids[3], received_at=now))
        for customer, score in zip(customer_ids, (1, 2, 5, 4), strict=True):
            db.session.add(SurveyResponse(incident_id=incident_id, customer_id=customer,
                                          channel="email", score=score, created_at=now))
        db.session.commit()
    for i, text in enumerate(("I was charged twice for my order", "You billed twice, fix it",
                              "My parcel never arrived")):
        r = client.post("/v1/complaints", json={"customer_id": f"c{i + 1}", "channel": "web",
                                                "text": text},
                        headers=auth(keys["system"], **{"Idempotency-Key": f"cp{i}"}))
        assert r.status_code == 202, r.get_json()
    topics = [client.get(f"/v1/complaints/{n}", headers=auth(keys["comms"])).get_json()["topic"]
              for n in (1, 2, 3)]
    assert topics[0] == topics[1] == "charged_twice" and topics[2] != "charged_twice"
    with app.app_context():
        for _ in range(2):  # a second run recounts: the same figures
            service.collect_own(now)
            counts = {b.topic: b.count for b in db.session.query(SignalBucket)}
            assert counts == {"replies": 3, "survey.low": 2, "provider.sendgrid.failures": 2,
                              "channel.email.bounces": 1, "complaints.charged_twice": 2,
                              f"complaints.{topics[2]}": 1}
        behind = {(c.topic, c.customer_id) for c in db.session.query(SignalCustomer)}
        assert behind == {("replies", "c1"), ("replies", "c2"), ("replies", "c3"),
                          ("survey.low", "c1"), ("survey.low", "c2"),
                          ("complaints.charged_twice", "c1"), ("complaints.charged_twice", "c2"),
                          (f"complaints.{topics[2]}", "c3")}

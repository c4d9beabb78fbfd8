"""GET /v1/incidents/{id}/report: figures computed from the tables."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from gateway.delivery.models import Delivery
from gateway.incidents.models import Incident, SurveyResponse, UnreachedCustomer
from gateway.store.db import db
from tests.support.api import FACTS, auth
from tests.support.audit import dispatch


def test_report_after_a_dispatch(app, client, keys):
    incident = dispatch(app, client, keys, customers=4, require_ack=True)
    with app.app_context():
        inc = db.session.get(Incident, incident)
        created = inc.created_at
        ids = db.session.execute(select(Delivery.id, Delivery.customer_id)
                                 .order_by(Delivery.id)).all()
        # Shape a known outcome: sent after 10, 20, 30 and 40 seconds; delivered after
        # 1, 2 and 20 minutes; one failed.
        for (delivery_id, _), seconds in zip(ids, (10, 20, 30, 40), strict=True):
            db.session.execute(update(Delivery).where(Delivery.id == delivery_id).values(
                sent_at=created + timedelta(seconds=seconds)))
        for (delivery_id, _), minutes in zip(ids[:3], (1, 2, 20), strict=True):
            db.session.execute(update(Delivery).where(Delivery.id == delivery_id).values(
                status="delivered", delivered_at=created + timedelta(minutes=minutes)))
        db.session.execute(update(Delivery).where(Delivery.id == ids[0][0]).values(
            status="acked", acked_at=created + timedelta(minutes=3)))
        db.session.execute(update(Delivery).where(Delivery.id == ids[3][0]).values(
            status="failed", failure_reason="address_invalid", failed_at=created))
        db.session.add(UnreachedCustomer(incident_id=incident, customer_id=ids[3][1],
                                         reason="failed", channels_tried=["email"]))
        db.session.add(SurveyResponse(incident_id=incident, customer_id=ids[0][1],
                                      channel="email", score=4))
        db.session.commit()
    r = client.get(f"/v1/incidents/{incident}/report", headers=auth(keys["auditor"]))
    assert r.status_code == 200
    report = r.get_json()
    assert report["customers"] == 4 and report["first_notice_deliveries"] == 4
    assert report["post_to_first_send_seconds"] == 10.0
    assert report["post_to_last_send_seconds"] == 40.0
    delivered = report["post_to_delivered_seconds"]
    assert delivered["customers"] == 3
    assert delivered["p50"] == 120.0 and delivered["p95"] == 1200.0
    assert report["delivered_within_15_minutes"] == {"customers": 2, "of": 4, "share": 0.5}
    email = report["channels"]["email"]
    assert email["statuses"] == {"acked": 1, "delivered": 2, "failed": 1}
    assert email["reached"] == 3 and email["acked"] == 1 and email["ack_rate"] == round(1 / 3, 4)
    assert report["ack"]["customers_acked"] == 1 and report["ack"]["rate"] == 0.25
    assert report["failures_by_reason"] == {"address_invalid": 1}
    assert report["unreached"]["count"] == 1 and report["unreached"]["customer_ids"] == ["c3"]
    assert report["unreached"]["no_message_reached"]["customer_ids"] == ["c3"]
    assert report["survey"]["responses"] == 1 and report["survey"]["scores"]["4"] == 1
    assert report["survey"]["average_score"] == 4.0
    promises = report["promises"]
    assert promises["items"][0]["made_by_seq"] == 0
    assert promises["items"][0]["due_at"] == FACTS["next_update_at"]
    assert promises["kept"] + promises["broken"] + promises["open"] + promises["void"] == len(
        promises["items"])


def test_report_of_an_incident_waiting_for_approval_has_no_times(app, client, keys):
    incident = dispatch(app, client, keys, customers=2, kind="data_breach")
    report = client.get(f"/v1/incidents/{incident}/report", headers=auth(keys["comms"])).get_json()
    assert report["status"] == "pending_approval"
    assert report["post_to_first_send_seconds"] is None
    assert report["post_to_delivered_seconds"]["p50"] is None
    assert report["delivered_within_15_minutes"]["share"] is None

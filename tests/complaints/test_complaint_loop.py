"""The closed loop, end to end: an SMS reply → acknowledgement → first contact →
resolution → feedback → survey; a low score reopens, a good one closes.

Real parts: the Twilio SDK over HTTP to the fake provider, a real RQ worker,
signed inbound webhooks, the survey page; the clock is moved, never slept.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sqlalchemy import select

from gateway.delivery.models import Delivery
from gateway.jobs import complaints as jobs
from gateway.store.db import db
from tests.support.api import auth
from tests.support.clock import DAYTIME, later, zone_where_hour_is

PHONE = "+14155552671"


def get(h, complaint_id, role="comms"):
    r = h.client.get(f"/v1/complaints/{complaint_id}", headers=auth(h.keys[role]))
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def act(h, complaint_id, action, role="comms", **body):
    return h.client.post(f"/v1/complaints/{complaint_id}/{action}", json=body,
                         headers=auth(h.keys[role]))


def complaint_deliveries(h, complaint_id):
    with h.app.app_context():
        rows = db.session.execute(select(Delivery).where(
            Delivery.complaint_id == complaint_id).order_by(Delivery.message)).scalars().all()
        db.session.expunge_all()
        return rows


def sms_texts(fake):
    return [m.text for m in fake.received("sms", PHONE)]


def survey_path(text):
    url = re.search(r"https://gateway\.example\.com(/s/\S+)", text)
    assert url, text
    return urlsplit(url.group(0)).path


def answer_survey(h, text, score, comment=""):
    path = survey_path(text)
    page = h.client.get(path)
    assert page.status_code == 200 and 'name="score"' in page.get_data(as_text=True)
    return h.client.post(path, data={"score": str(score), "comment": comment})


def test_an_sms_reply_goes_round_the_whole_loop(h, fake):
    h.customer("mei", name="Mei", phone=PHONE, channels=["sms", "email"],
               timezone=zone_where_hour_is(DAYTIME))
    incident_id = h.incident(channels=["sms"])
    assert len(sms_texts(fake)) == 1  # the notice

    reply = h.inbound(PHONE, "My refund still has not arrived and I am really upset")
    assert reply.status_code == 200 and "<Message>" not in reply.get_data(as_text=True)
    listed = h.client.get("/v1/complaints", headers=auth(h.keys["comms"])).get_json()["items"]
    assert len(listed) == 1
    cid = listed[0]["id"]
    c = get(h, cid)
    assert (c["status"], c["topic"], c["incident_id"], c["customer_id"], c["channel"]) == (
        "received", "refund_not_received", incident_id, "mei", "sms")

    h.work()  # the acknowledgement goes out through the pipeline, by SMS
    ack = sms_texts(fake)[-1]
    assert "We're sorry" in ack and "A person will contact you by" in ack
    [ack_row] = complaint_deliveries(h, cid)
    assert (ack_row.purpose, ack_row.status, ack_row.provider, ack_row.incident_id) == (
        "complaint_ack", "sent", "twilio", None)
    h.call(jobs.acknowledge)
    assert get(h, cid)["status"] == "acknowledged"

    assert act(h, cid, "assign", owner="test-comms").status_code == 200
    contacted = act(h, cid, "contact", note="Called Mei; the refund was stuck in our system.")
    assert contacted.status_code == 200 and contacted.get_json()["status"] == "in_progress"
    assert contacted.get_json()["breached"] is False
    resolved = act(h, cid, "resolve",
                   resolution="We sent your refund of $42.00 again today. It reaches your card "
                              "within two days.",
                   offer="a $10 credit for your next order")
    assert resolved.status_code == 200 and resolved.get_json()["status"] == "resolved"
    h.work()
    feedback = sms_texts(fake)[-1]
    assert "We sent your refund of $42.00 again today." in feedback and "$10 credit" in feedback

    h.call(jobs.surveys, later(hours=71))
    assert len(sms_texts(fake)) == 3  # not yet: FOLLOWUP_DELAY_HOURS is 72
    h.call(jobs.surveys, later(hours=73))
    h.work()
    survey = sms_texts(fake)[-1]
    assert "Is it really fixed for you?" in survey

    low = answer_survey(h, survey, 2, "Still nothing on my card.")
    assert low.status_code == 200
    c = get(h, cid)
    assert c["status"] == "reopened" and c["contact_due"] is not None
    h.work()  # a person will contact them again: said at once
    assert "still not right" in sms_texts(fake)[-1]
    again = h.client.post(survey_path(survey), data={"score": "1"})  # the link answers once
    assert again.status_code == 200 and 'name="score"' not in again.get_data(as_text=True)
    assert get(h, cid)["status"] == "reopened"

    assert act(h, cid, "contact", note="Bank trace found the refund.").status_code == 200
    assert act(h, cid, "resolve", resolution="Your bank has the refund now. It shows on "
                                             "your card tomorrow.").status_code == 200
    h.work()
    h.call(jobs.surveys, later(hours=73))
    h.work()
    answer_survey(h, sms_texts(fake)[-1], 5)
    c = get(h, cid, role="auditor")
    assert c["status"] == "closed"
    assert [step["action"] for step in c["timeline"]] == [
        "received", "acknowledged", "assigned", "contacted", "resolved", "survey_sent",
        "reopened", "contacted", "resolved", "survey_sent", "closed"]
    assert [d.purpose for d in complaint_deliveries(h, cid)] == [
        "complaint_ack", "complaint_feedback", "complaint_survey", "complaint_ack",
        "complaint_feedback", "complaint_survey"]
    verify = h.client.get("/v1/audit/verify", headers=auth(h.keys["auditor"])).get_json()
    assert verify["ok"] is True
    audit = h.client.get("/v1/audit", headers=auth(h.keys["auditor"])).get_json()
    actions = [r["action"] for r in audit["items"] if r["action"].startswith("complaint.")]
    assert actions.count("complaint.reopened") == 1 and actions.count("complaint.closed") == 1

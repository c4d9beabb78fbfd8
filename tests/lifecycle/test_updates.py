"""Updates and resolution, promised updates (no_news), the follow-up survey."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from gateway.audit.models import AuditRecord
from gateway.delivery.models import OutboxMessage
from gateway.incidents.models import Followup, UpdatePromise
from gateway.jobs import lifecycle_sweeps as sweeps
from gateway.store.db import db
from tests.support.api import auth
from tests.support.clock import DAYTIME, NIGHT, iso_from_now, later, zone_where_hour_is

PHONE = "+14155552671"


def _audit(h, iid):
    return h.call(
        lambda: [
            r.action
            for r in db.session.execute(
                select(AuditRecord).where(AuditRecord.incident_id == iid).order_by(AuditRecord.id)
            ).scalars()
        ]
    )


def _outbox(h, delivery_id):
    return h.call(
        lambda: db.session.execute(
            select(OutboxMessage).where(OutboxMessage.delivery_id == delivery_id)
        ).scalar_one_or_none()
    )


def test_update_reaches_exactly_the_customers_in_provider_hands(h):
    ids = {
        name: h.customer(name, channels=["email"])
        for name in ("sending", "sent", "delivered", "acked", "queued", "deferred", "failed")
    }
    iid = h.incident(channels=["email"])
    for name, cid in ids.items():
        h.set(h.row(iid, cid, "email").id, status=name)
    r = h.update(iid, "identified", next_update_at=later(hours=2).isoformat())
    assert r.status_code == 202, r.get_json()
    body = r.get_json()
    assert body["stage"] == "identified" and body["recipients"] == 4 and body["message"] == 1
    rows = {d.customer_id: d for d in h.rows(iid, message=1)}
    assert set(rows) == {ids["sending"], ids["sent"], ids["delivered"], ids["acked"]}
    assert {d.purpose for d in rows.values()} == {"update"}
    # The one whose first message is still `sending` waits for it.
    assert rows[ids["sending"]].status == "deferred"
    assert rows[ids["sending"]].deferred_reason == "after_first"
    h.work()
    assert h.row(iid, ids["sent"], "email", 1).status == "sent"
    assert h.row(iid, ids["sending"], "email", 1).status == "deferred"
    h.set(h.row(iid, ids["sending"], "email").id, status="sent")
    assert h.call(sweeps.release_held_updates) == 1
    h.work()
    assert h.row(iid, ids["sending"], "email", 1).status == "sent"
    # Email threading: the update replies to the first message.
    first = _outbox(h, h.row(iid, ids["sent"], "email").id)
    upd = _outbox(h, h.row(iid, ids["sent"], "email", 1).id)
    assert upd.headers["In-Reply-To"] == first.headers["Message-ID"]
    assert "We found the cause" in upd.text
    assert "update.posted" in _audit(h, iid)


def test_sms_gets_only_resolved_email_gets_every_update(h):
    mail = h.customer("mail", channels=["email"])
    text = h.customer("text", phone=PHONE, channels=["sms"])
    iid = h.incident(channels=["email", "sms"])
    assert h.update(iid, "identified").get_json()["recipients"] == 1
    assert h.update(iid, "monitoring").get_json()["recipients"] == 1
    assert [d.customer_id for d in h.rows(iid, message=2)] == [mail]
    r = h.update(iid, "resolved", message="Everything works again. We checked every order.")
    assert r.get_json()["recipients"] == 2 and r.get_json()["message"] == 3
    assert {d.channel for d in h.rows(iid, message=3)} == {"email", "sms"}
    h.work()
    sms = _outbox(h, h.row(iid, text, "sms", 3).id)
    assert "Everything works again" in sms.text
    state = h.state(iid)
    assert state["status"] == "resolved" and state["resolved_at"]
    assert state["counts"] == {"email": {"sent": 1}, "sms": {"sent": 1}}  # first notices only
    assert {"update.posted", "incident.resolved"} <= set(_audit(h, iid))
    assert h.update(iid, "monitoring").status_code == 409


def test_update_goes_on_the_channel_that_reached_them(h):
    cid = h.customer("ann", phone=PHONE, channels=["email", "sms"])
    iid = h.incident(channels=["email", "sms"], require_ack=True, ack_within_minutes=5)
    h.set(h.row(iid, cid, "email").id, status="bounced")
    h.call(sweeps.escalate, later(minutes=1))
    h.work()
    r = h.update(iid, "resolved", message="Everything works again.")
    assert r.get_json()["recipients"] == 1
    assert [d.channel for d in h.rows(iid, message=1)] == ["sms"]


def test_deferred_first_notice_is_sent_with_the_latest_stage(h):
    cid = h.customer("ann", channels=["email"], timezone=zone_where_hour_is(NIGHT))
    iid = h.incident(channels=["email"], severity="low")
    first = h.row(iid, cid, "email")
    assert (first.status, first.deferred_reason) == ("deferred", "quiet_hours")
    r = h.update(iid, "monitoring", message="Checkout works again for everyone.")
    assert r.get_json()["recipients"] == 0
    h.set(first.id, next_attempt_at=later(minutes=-1))
    from gateway.jobs.sweeps import release_due

    assert h.call(release_due) == 1
    h.work()
    sent = _outbox(h, first.id)
    assert "Checkout works again for everyone" in sent.text
    assert "Message-ID" in sent.headers and "In-Reply-To" not in sent.headers
    assert h.rows(iid, message=1) == []


def test_update_idempotency_and_validation(h):
    h.customer("ann", channels=["email"])
    iid = h.incident(channels=["email"])
    first = h.update(iid, "identified", key="same")
    again = h.update(iid, "identified", key="same")
    assert again.status_code == 202 and again.get_json() == first.get_json()
    assert len(h.rows(iid, message=1)) == 1 and h.rows(iid, message=2) == []
    assert (
        h.update(iid, "monitoring", key="same").get_json()["error"]["code"]
        == "idempotency_mismatch"
    )
    no_key = h.client.post(
        f"/v1/incidents/{iid}/updates",
        json={"stage": "identified", "message": "x"},
        headers=auth(h.keys["system"]),
    )
    assert no_key.status_code == 400
    bad = h.update(iid, "fixed")
    assert bad.status_code == 422 and bad.get_json()["error"]["details"][0]["field"] == "stage"
    past = h.update(iid, "identified", next_update_at=iso_from_now(days=-1))
    assert past.status_code == 422
    blame = h.update(
        iid, "identified", message="This was due to our vendor. We apologise for any inconvenience."
    )
    assert blame.status_code == 422 and blame.get_json()["error"]["code"] == "validation_error"
    assert h.update(999999, "identified").status_code == 404
    wrong_role = h.client.post(
        f"/v1/incidents/{iid}/updates",
        json={"stage": "identified", "message": "x"},
        headers=auth(h.keys["auditor"], **{"Idempotency-Key": "z"}),
    )
    assert wrong_role.status_code == 403
    spec = h.client.get("/openapi.json").get_json()
    assert "/v1/incidents/{id}/updates" in spec["paths"]


def test_updates_to_pending_or_canceled_incidents_are_409(h):
    h.customer("ann", channels=["email"])
    iid = h.incident(kind="data_breach", channels=["email"])  # needs approval
    r = h.update(iid, "identified")
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "incident_not_active"


# -- promised updates -------------------------------------------------------------


def _promises(h, iid):
    return h.call(
        lambda: [
            (p.made_by_seq, p.status, p.warned_at is not None, p.no_news_seq)
            for p in db.session.execute(
                select(UpdatePromise)
                .where(UpdatePromise.incident_id == iid)
                .order_by(UpdatePromise.id)
            ).scalars()
        ]
    )


def _facts(due):
    return {
        "what_happened": "Our checkout stopped taking payments at 09:10.",
        "impact": "You could not pay for your order.",
        "actions_taken": "We switched checkout back to the previous version at 09:40.",
        "next_update_at": due.isoformat(),
    }


def test_missed_promise_sends_no_news_on_every_channel_and_warns_first(h):
    mail = h.customer("mail", channels=["email"])
    text = h.customer("text", phone=PHONE, channels=["sms"])
    due = later(hours=1)
    iid = h.incident(channels=["email", "sms"], facts=_facts(due))
    h.call(sweeps.promised_updates, later(minutes=10))
    assert _promises(h, iid) == [(0, "open", False, None)]
    h.call(sweeps.promised_updates, later(minutes=50))
    assert _promises(h, iid) == [(0, "open", True, None)]
    assert "promise.due_soon" in _audit(h, iid)
    assert h.call(sweeps.promised_updates, later(minutes=61)) == 2
    assert _promises(h, iid) == [(0, "broken", True, 1), (1, "open", False, None)]
    rows = h.rows(iid, message=1)
    assert {(d.customer_id, d.purpose) for d in rows} == {(mail, "no_news"), (text, "no_news")}
    h.work()
    sms = _outbox(h, h.row(iid, text, "sms", 1).id)
    assert sms is not None and sms.text
    assert "update.no_news" in _audit(h, iid)
    # The next promise is an hour later (the same rhythm): keeping it closes it as kept.
    h.call(sweeps.promised_updates, later(minutes=90))
    assert _promises(h, iid)[-1][1] == "open"
    h.update(iid, "identified", next_update_at=later(hours=3).isoformat())
    assert [p[1] for p in _promises(h, iid)] == ["broken", "kept", "open"]


def test_no_news_can_be_turned_off(h):
    h.customer("mail", channels=["email"])
    iid = h.incident(channels=["email"], facts=_facts(later(minutes=30)), auto_no_news=False)
    h.call(sweeps.promised_updates, later(minutes=1))
    assert h.call(sweeps.promised_updates, later(minutes=31)) == 0
    assert _promises(h, iid) == [(0, "broken", False, None)]
    assert h.rows(iid, message=1) == []


def test_update_on_time_keeps_the_promise(h):
    h.customer("mail", channels=["email"])
    iid = h.incident(channels=["email"], facts=_facts(later(hours=1)))
    h.call(sweeps.promised_updates, later(minutes=5))
    h.update(iid, "resolved", message="Everything works again.")
    assert _promises(h, iid) == [(0, "kept", False, None)]
    assert h.call(sweeps.promised_updates, later(hours=2)) == 0


# -- follow-up survey --------------------------------------------------------------


def test_survey_follows_resolution_after_the_delay(h):
    h.app.config["GATEWAY"] = replace(h.app.config["GATEWAY"], followup_delay_hours=0.5)
    mail = h.customer("mail", channels=["email"], timezone=zone_where_hour_is(DAYTIME))
    iid = h.incident(channels=["email"])
    h.update(iid, "resolved", message="Everything works again.")
    due = h.call(lambda: db.session.get_one(Followup, iid).due_at)
    assert abs((due - later(minutes=30)).total_seconds()) < 60
    assert h.call(sweeps.followup_surveys, later(minutes=20)) == 0
    h.call(sweeps.followup_surveys, later(minutes=31))
    rows = h.rows(iid, purpose="survey")
    assert [(d.customer_id, d.message) for d in rows] == [(mail, 2)]
    h.call(sweeps.followup_surveys, later(minutes=45))
    assert len(h.rows(iid, purpose="survey")) == 1
    assert rows[0].status == "queued"
    h.work()
    sent = _outbox(h, rows[0].id)
    assert "/s/" in sent.text and "Is it really fixed" in (sent.subject or "") + sent.text

"""Escalation with require_ack, on a clock the test moves; unreached customers."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import select

from gateway.incidents.models import UnreachedCustomer
from gateway.jobs import lifecycle_sweeps as sweeps
from gateway.store.db import db
from tests.support.clock import NIGHT, later, zone_where_hour_is

PHONE = "+14155552671"


def _unreached(h, iid):
    return h.call(
        lambda: {
            (u.customer_id, u.reason, tuple(u.channels_tried))
            for u in db.session.execute(
                select(UnreachedCustomer).where(UnreachedCustomer.incident_id == iid)
            ).scalars()
        }
    )


def _setup(h, **incident):
    cid = h.customer("ann", phone=PHONE, channels=["email", "sms"])
    iid = h.incident(require_ack=True, ack_within_minutes=30, channels=["email", "sms"], **incident)
    return cid, iid


def test_email_then_sms_after_the_deadline_then_unreached(h):
    cid, iid = _setup(h)
    assert h.row(iid, cid, "email").status == "sent"
    assert h.call(sweeps.escalate, later(minutes=29)) == 0
    assert h.rows(iid, channel="sms") == []
    assert h.call(sweeps.escalate, later(minutes=31)) == 1
    sms = h.row(iid, cid, "sms")
    assert (sms.purpose, sms.message, sms.status) == ("escalation", 0, "queued")
    assert h.events(sms.id)[0].detail == {
        "escalation": True,
        "escalated_from": "email",
        "reason": "no_ack",
    }
    assert h.call(sweeps.escalate, later(minutes=31)) == 0  # a second run creates nothing
    h.work()
    assert h.row(iid, cid, "sms").status == "sent"
    # counts include the escalation
    assert h.state(iid)["counts"] == {"email": {"sent": 1}, "sms": {"sent": 1}}
    # The SMS deadline runs from its own send time (just now).
    h.set(sms.id, sent_at=later(minutes=31))
    h.call(sweeps.escalate, later(minutes=45))
    assert _unreached(h, iid) == set()
    h.call(sweeps.escalate, later(minutes=62))
    assert _unreached(h, iid) == {(cid, "no_ack", ("email", "sms"))}


def test_ack_on_any_channel_stops_escalation_on_all(h):
    cid, iid = _setup(h)
    h.call(sweeps.escalate, later(minutes=31))
    sms = h.row(iid, cid, "sms")
    assert sms.status == "queued"
    h.client.post(f"/a/{h.token('a', cid, iid, 'email')}")  # the email link, clicked late
    assert h.row(iid, cid, "sms").status == "canceled"
    assert h.row(iid, cid, "email").status == "acked"
    h.work()
    assert h.row(iid, cid, "sms").status == "canceled"
    h.call(sweeps.escalate, later(minutes=120))
    assert _unreached(h, iid) == set()


def test_acked_customer_is_never_escalated(h):
    cid, iid = _setup(h)
    h.client.post(f"/a/{h.token('a', cid, iid)}")
    assert h.call(sweeps.escalate, later(hours=5)) == 0
    assert h.rows(iid, channel="sms") == []


def test_failed_or_bounced_first_channel_escalates_at_once(h):
    cid, iid = _setup(h)
    email = h.row(iid, cid, "email")
    h.set(email.id, status="bounced", failure_reason="bounce")
    assert h.call(sweeps.escalate, later(minutes=1)) == 1
    sms = h.row(iid, cid, "sms")
    assert h.events(sms.id)[0].detail["reason"] == "failed"
    h.set(sms.id, status="failed", failure_reason="twilio undelivered 30006")
    h.call(sweeps.escalate, later(minutes=2))
    assert _unreached(h, iid) == {(cid, "failed", ("email", "sms"))}


def test_opted_out_channel_is_skipped_for_the_next_one(h):
    h.customer("ann", phone=PHONE, whatsapp=PHONE, channels=["email", "sms", "whatsapp"])
    h.inbound(PHONE, "STOP")  # SMS opted out
    iid = h.incident(require_ack=True, ack_within_minutes=10, channels=["email", "sms", "whatsapp"])
    h.call(sweeps.escalate, later(minutes=11))
    assert [d.channel for d in h.rows(iid, purpose="escalation")] == ["whatsapp"]


def test_customer_without_usable_channel_is_unreached(h):
    cid = h.customer("nobody", email=None, channels=["sms"])  # no phone for sms
    iid = h.incident(require_ack=True, channels=["sms"])
    h.call(sweeps.escalate, later(minutes=1))
    assert _unreached(h, iid) == {(cid, "no_usable_channel", ())}


def test_without_require_ack_failures_are_listed_as_unreached(h):
    cid = h.customer("ann", channels=["email"])
    iid = h.incident(channels=["email"])
    h.set(h.row(iid, cid, "email").id, status="bounced")
    assert h.call(sweeps.escalate, later(minutes=1)) == 0
    assert _unreached(h, iid) == {(cid, "failed", ("email",))}
    assert h.rows(iid, purpose="escalation") == []


def test_escalation_waits_for_quiet_hours_on_low_severity(h):
    evening = zone_where_hour_is(range(20, 21))  # the email goes now; an hour later it is night
    cid = h.customer("ann", phone=PHONE, channels=["email", "sms"], timezone=evening)
    iid = h.incident(require_ack=True, ack_within_minutes=30, severity="low")
    assert h.row(iid, cid, "email").status == "sent"
    assert h.call(sweeps.escalate, later(minutes=61)) == 0  # created, but nothing to enqueue yet
    sms = h.row(iid, cid, "sms")
    assert (sms.status, sms.deferred_reason) == ("deferred", "quiet_hours")
    local = sms.next_attempt_at.astimezone(ZoneInfo(evening))
    assert (local.hour, local.minute) == (8, 0)


def test_escalation_ignores_quiet_hours_on_high_severity(h):
    cid = h.customer("ann", phone=PHONE, channels=["email", "sms"],
                     timezone=zone_where_hour_is(NIGHT))
    iid = h.incident(require_ack=True, ack_within_minutes=30, severity="high")
    h.call(sweeps.escalate, later(minutes=31))
    assert h.row(iid, cid, "sms").status == "queued"  # high: at once


def test_two_scheduler_runs_do_not_double_fire(h):
    cid, iid = _setup(h)
    now = later(minutes=31)
    assert h.call(sweeps.escalate, now) == 1
    assert h.call(sweeps.escalate, now) == 0
    assert len(h.rows(iid, channel="sms")) == 1

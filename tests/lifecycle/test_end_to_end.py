"""One incident's whole life against the fake SendGrid/Twilio server.

The gateway is served over real HTTP so the fake's signed callbacks (SendGrid
ECDSA events, Twilio status callbacks) reach it as they would in production.
Prints the timeline (run with -s to see it).
"""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select
from werkzeug.serving import make_server

from gateway.audit.models import AuditRecord
from gateway.bench.fakes import FakeProviders
from gateway.customers.models import Customer
from gateway.delivery.models import Delivery, DeliveryEvent, WebhookEvent
from gateway.incidents.models import SurveyResponse, UnreachedCustomer
from gateway.jobs import lifecycle_sweeps as sweeps
from gateway.store.db import db
from tests.support.clock import DAYTIME, later, zone_where_hour_is
from tests.support.fakes import PROVIDER_TIMEOUT, send_through

PHONES = {"bob": "+14155552672", "cat": "+14155552673", "ann": "+14155552671"}


@pytest.fixture
def served(h, monkeypatch):
    server = make_server("127.0.0.1", 0, h.app, threaded=True)
    public = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    with FakeProviders(
        sendgrid_event_url=f"{public}/v1/webhooks/sendgrid", signer=h.signer
    ) as fake:
        send_through(h.app, monkeypatch, fake.url, PROVIDER_TIMEOUT, public_url=public,
                     followup_delay_hours=0.5)
        fake.configure("sendgrid", callbacks=True, final_status={"bob@example.com": "bounce"})
        fake.configure("twilio", callbacks=True)
        yield fake
    server.shutdown()


def _wait_for_callbacks(h, count: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = h.call(
            lambda: db.session.execute(select(func.count()).select_from(WebhookEvent)).scalar_one()
        )
        if got >= count:
            return
        time.sleep(0.1)
    raise AssertionError(f"only {got} of {count} callbacks arrived")


def _status(h, iid, name, channel, message=0):
    return h.row(iid, h.customer_id(name), channel, message).status


def test_incident_whole_life(h, served):
    for name in ("ann", "bob", "cat"):
        h.customer(name, phone=PHONES[name], channels=["email", "sms"],
                   timezone=zone_where_hour_is(DAYTIME))
    t0 = time.monotonic()
    iid = h.incident(require_ack=True, ack_within_minutes=30, channels=["email", "sms"])
    assert len(served.received(channel="email")) == 3
    _wait_for_callbacks(h, 6)  # processed + delivered/bounce for each email
    h.work()  # the processing job
    assert _status(h, iid, "ann", "email") == "delivered"
    assert _status(h, iid, "cat", "email") == "delivered"
    assert _status(h, iid, "bob", "email") == "bounced"

    # ann acknowledges by link; the email she got carries it.
    ann_mail = served.received(channel="email", to="ann@example.com")[0]
    ack_url = next(w for w in ann_mail.text.split() if "/a/" in w)
    path = ack_url[ack_url.index("/a/") :].rstrip(".,)")
    assert h.client.get(path).status_code == 200
    assert h.client.post(path).status_code == 200
    assert ann_mail.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # bob's email bounced: SMS at once; he replies OK.
    assert h.call(sweeps.escalate, later(minutes=1)) == 1
    h.work()
    _wait_for_callbacks(h, 8)
    h.work()
    assert _status(h, iid, "bob", "sms") == "delivered"
    sms = served.received(channel="sms", to=PHONES["bob"])[0]
    assert "/m/" in sms.text
    assert "<Message>" in h.inbound(PHONES["bob"], "OK").get_data(as_text=True)
    assert _status(h, iid, "bob", "sms") == "acked"

    # cat never acknowledges: SMS after 30 minutes, unreached after the SMS deadline too.
    assert h.call(sweeps.escalate, later(minutes=31)) == 1
    h.work()
    _wait_for_callbacks(h, 10)
    h.work()
    assert _status(h, iid, "cat", "sms") == "delivered"
    h.call(sweeps.escalate, later(minutes=62))
    unreached = h.call(
        lambda: [
            (u.customer_id, u.reason)
            for u in db.session.execute(select(UnreachedCustomer)).scalars()
        ]
    )
    assert unreached == [(h.customer_id("cat"), "no_ack")]
    assert h.state(iid)["acked"] == 2

    # Updates: email gets every stage, SMS only the resolution.
    r = h.update(
        iid, "identified", message="It was a change we made this morning. We are undoing it now."
    )
    assert r.get_json()["recipients"] == 1  # ann (email); bob and cat were reached by SMS
    r = h.update(iid, "resolved", message="Everything works again. We checked every order.")
    assert r.get_json()["recipients"] == 3
    h.work()
    assert "Everything works again" in served.received(channel="sms", to=PHONES["cat"])[-1].text
    assert h.state(iid)["status"] == "resolved"

    # The follow-up survey, FOLLOWUP_DELAY_HOURS (0.5 here) later.
    assert h.call(sweeps.followup_surveys, later(minutes=20)) == 0
    h.call(sweeps.followup_surveys, later(minutes=31))
    h.work()
    survey_mail = served.received(channel="email", to="ann@example.com")[-1]
    survey_url = next(w for w in survey_mail.text.split() if "/s/" in w)
    spath = survey_url[survey_url.index("/s/") :].rstrip(".,)")
    assert (
        h.client.post(spath, data={"score": "4", "comment": "Works now, thanks."}).status_code
        == 200
    )
    assert h.call(lambda: db.session.execute(select(SurveyResponse.score)).scalar_one()) == 4

    timeline = _timeline(h, iid)
    print(f"\nincident {iid} timeline ({time.monotonic() - t0:.1f}s of real time):")
    for line in timeline:
        print("  " + line)
    joined = "\n".join(timeline)
    for expected in (
        "ann email notice sent",
        "ann email notice delivered",
        "ann email notice acked",
        "bob email notice bounced",
        "bob sms escalation acked",
        "cat sms escalation delivered",
        "incident.resolved",
        "survey.sent",
    ):
        assert expected in joined, expected


def _timeline(h, iid):
    def build():
        names = {
            int(i): str(e) for i, e in db.session.execute(select(Customer.id, Customer.external_id))
        }
        lines = []
        events = db.session.execute(
            select(DeliveryEvent, Delivery)
            .join(Delivery, Delivery.id == DeliveryEvent.delivery_id)
            .where(Delivery.incident_id == iid)
            .order_by(DeliveryEvent.id)
        ).all()
        for e, d in events:
            via = e.detail.get("event") or e.detail.get("via") or e.detail.get("reason") or ""
            lines.append(
                (
                    e.id,
                    f"{names[d.customer_id]} {d.channel} "
                    f"{d.purpose if d.message == 0 else d.purpose + ' #' + str(d.message)} "
                    f"{e.status} ({via})".replace(" ()", ""),
                )
            )
        for a in db.session.execute(
            select(AuditRecord).where(AuditRecord.incident_id == iid).order_by(AuditRecord.id)
        ).scalars():
            if a.action != "deliveries.batch":
                lines.append((10**9 + a.id, f"audit {a.action}"))
        return [text for _, text in lines]

    return h.call(build)

"""Customer pages (ack, message, survey, unsubscribe) and inbound SMS/WhatsApp."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from gateway.customers.models import Suppression
from gateway.delivery.models import InboundMessage
from gateway.store.db import db

PHONE = "+14155552671"


def _acked(h, iid):
    return h.state(iid)["acked"]


def test_get_ack_page_acknowledges_nothing_post_does_once(h):
    cid = h.customer("ann")
    iid = h.incident(channels=["email"], require_ack=True)
    token = h.token("a", cid, iid)
    page = h.client.get(f"/a/{token}")
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert "I got it" in html and "Our message to you" in html
    assert "Checkout unavailable" not in html  # the title is a staff label
    assert "help@example.com" in html or "call us" in html  # how to reach a person
    assert page.headers["Referrer-Policy"] == "no-referrer"
    for _ in range(3):  # link scanners prefetch
        h.client.get(f"/a/{token}")
    assert _acked(h, iid) == 0
    assert h.client.post(f"/a/{token}").status_code == 200
    assert h.client.post(f"/a/{token}").status_code == 200  # idempotent
    assert _acked(h, iid) == 1
    row = h.row(iid, cid, "email")
    assert row.status == "acked" and row.acked_at is not None
    assert [e.status for e in h.events(row.id)].count("acked") == 1
    assert h.state(iid)["counts"]["email"] == {"acked": 1}


@pytest.mark.parametrize("path", ["/a/", "/m/", "/s/", "/u/"])
def test_invalid_or_tampered_token_is_a_404_page(h, path):
    cid = h.customer("ann")
    iid = h.incident(channels=["email"])
    good = h.token(path[1], cid, iid)
    for bad in (
        "nonsense",
        good[:-2] + ("AA" if not good.endswith("AA") else "BB"),
        h.token("a" if path != "/a/" else "m", cid, iid),
    ):  # another kind's token
        r = h.client.get(path + bad)
        assert r.status_code == 404 and "not valid" in r.get_data(as_text=True)
        assert h.client.post(path + bad).status_code == (405 if path == "/m/" else 404)
    assert _acked(h, iid) == 0


def test_message_page_in_the_customers_locale(h):
    cid = h.customer("li", locale="zh-CN")
    iid = h.incident(
        channels=["email"],
        facts={
            "en": {
                "what_happened": "Our checkout stopped.",
                "impact": "You could not pay.",
                "actions_taken": "We fixed it at 09:40.",
            },
            "zh-CN": {
                "what_happened": "我们的结账页面出了故障。",
                "impact": "您无法付款。",
                "actions_taken": "我们在9点40分修好了。",
            },
        },
    )
    r = h.client.get(f"/m/{h.token('m', cid, iid)}")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert 'lang="zh-CN"' in html and "我们的结账页面出了故障" in html


def test_unsubscribe_confirm_then_post_opts_the_channel_out(h):
    cid = h.customer("ann")
    iid = h.incident(channels=["email"])
    token = h.token("u", cid, iid, "email")
    assert h.client.get(f"/u/{token}").status_code == 200
    assert h.call(lambda: db.session.execute(select(Suppression)).first()) is None
    r = h.client.post(f"/u/{token}", data={"List-Unsubscribe": "One-Click"})
    assert r.status_code == 200
    assert (
        h.call(lambda: db.session.execute(select(Suppression.reason)).scalar_one()) == "unsubscribe"
    )
    iid2 = h.incident(channels=["email"])
    assert h.row(iid2, cid, "email").status == "suppressed"
    # The email List-Unsubscribe headers point at this page.
    outbox = h.call(
        lambda: (
            db.session.execute(
                select(
                    __import__(
                        "gateway.delivery.models", fromlist=["OutboxMessage"]
                    ).OutboxMessage.headers
                )
            )
            .scalars()
            .first()
        )
    )
    assert outbox["List-Unsubscribe"].startswith("<https://gateway.example.com/u/")
    assert outbox["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_survey_records_one_answer(h):
    from gateway.incidents.models import SurveyResponse

    cid = h.customer("ann")
    iid = h.incident(channels=["email"])
    token = h.token("s", cid, iid)
    form = h.client.get(f"/s/{token}")
    assert form.status_code == 200 and 'name="score"' in form.get_data(as_text=True)
    bad = h.client.post(f"/s/{token}", data={"score": "9"})
    assert bad.status_code == 422
    ok = h.client.post(f"/s/{token}", data={"score": "2", "comment": "Still broken for me"})
    assert ok.status_code == 200 and "Thank you" in ok.get_data(as_text=True)
    again = h.client.post(f"/s/{token}", data={"score": "5"})
    assert again.status_code == 200
    answers = h.call(
        lambda: [(r.score, r.comment) for r in db.session.execute(select(SurveyResponse)).scalars()]
    )
    assert answers == [(2, "Still broken for me")]
    assert 'name="score"' not in h.client.get(f"/s/{token}").get_data(as_text=True)


# -- inbound ------------------------------------------------------------------------


def _sms_customer(h, ext="bob", **fields):
    return h.customer(ext, phone=PHONE, channels=["sms", "email"], **fields)


@pytest.mark.parametrize("word", ["OK", "ok.", "1", "Yes!", "收到", "好的"])
def test_sms_ack_words_acknowledge_the_latest_unacked_delivery(h, word):
    cid = _sms_customer(h)
    older = h.incident(channels=["sms"], require_ack=True)
    newer = h.incident(channels=["sms"], require_ack=True)
    r = h.inbound(PHONE, word)
    assert r.status_code == 200 and r.mimetype == "application/xml"
    assert "<Message>" in r.get_data(as_text=True)
    assert h.row(newer, cid, "sms").status == "acked"
    assert h.row(older, cid, "sms").status == "sent"
    h.inbound(PHONE, word)  # the next OK acknowledges the older one
    assert h.row(older, cid, "sms").status == "acked"


def test_whatsapp_ack(h):
    cid = h.customer("wa", whatsapp=PHONE, channels=["whatsapp"])
    iid = h.incident(channels=["whatsapp"], require_ack=True)
    assert h.inbound(f"whatsapp:{PHONE}", "收到").status_code == 200
    assert h.row(iid, cid, "whatsapp").status == "acked"
    kinds = h.call(lambda: [m.kind for m in db.session.execute(select(InboundMessage)).scalars()])
    assert kinds == ["ack"]


def test_stop_opts_the_number_out_for_every_customer_with_it(h):
    a = _sms_customer(h, "a")
    b = _sms_customer(h, "b", locale="zh-CN")
    r = h.inbound(PHONE, "STOP")
    body = r.get_data(as_text=True)
    assert r.status_code == 200 and body.count("<Message>") == 1
    assert "no more text messages" in body
    iid = h.incident(channels=["sms", "email"])
    # Opted out of SMS only: both are still reached by email.
    assert h.row(iid, a, "email").status == "sent" and h.row(iid, b, "email").status == "sent"
    assert {d.status for d in h.rows(iid, channel="sms")} == {"suppressed"}
    # Re-sending the customer record does not re-subscribe.
    _sms_customer(h, "a")
    iid2 = h.incident(channels=["sms"])
    assert h.row(iid2, a, "sms").status == "suppressed"


def test_whatsapp_stop_only_affects_whatsapp(h):
    cid = h.customer("wa", phone=PHONE, whatsapp=PHONE, channels=["whatsapp", "sms"])
    h.inbound(f"whatsapp:{PHONE}", "退订")
    iid = h.incident(channels=["whatsapp", "sms"])
    assert h.row(iid, cid, "sms").status == "sent"


def test_anything_else_is_stored_for_a_person(h):
    cid = _sms_customer(h)
    iid = h.incident(channels=["sms"])
    r = h.inbound(PHONE, "My order 58213 still shows as unpaid, can someone call me?", sid="SMx1")
    assert r.status_code == 200 and "<Message>" not in r.get_data(as_text=True)
    h.inbound(PHONE, "My order 58213 still shows as unpaid, can someone call me?", sid="SMx1")
    rows = h.call(
        lambda: [
            (m.kind, m.needs_person, m.customer_id, m.incident_id)
            for m in db.session.execute(select(InboundMessage)).scalars()
        ]
    )
    assert rows == [("reply", True, cid, iid)]
    # "OK" with nothing waiting for an ack is a reply too, not an error.
    h.inbound(PHONE, "OK")
    assert h.row(iid, cid, "sms").status == "sent"


def test_inbound_bad_signature_is_403_and_nothing_happens(h):
    _sms_customer(h)
    assert h.inbound(PHONE, "STOP", tamper=True).status_code == 403
    assert h.inbound(PHONE, "STOP", token="nope").status_code == 403
    assert h.call(lambda: db.session.execute(select(Suppression)).first()) is None
    assert h.call(lambda: db.session.execute(select(InboundMessage)).first()) is None

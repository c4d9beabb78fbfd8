"""Customer links cannot be forged or used for another customer, incident or
purpose; webhooks with bad signatures change nothing; secrets never appear in
logs, error bodies or exports."""

from __future__ import annotations

import json
import logging
import re
import time

import pytest
from sqlalchemy import func, select

from gateway.bench.fakes import (
    SendGridSigner,
    sendgrid_event,
    twilio_signature_headers,
    twilio_status_params,
)
from gateway.customers.models import Suppression
from gateway.delivery import tokens
from gateway.delivery.models import Delivery, InboundMessage, OutboxMessage, WebhookEvent
from gateway.incidents.models import SurveyResponse
from gateway.store.db import db
from tests.support.api import auth, put_customer
from tests.support.env import reread_env
from tests.support.pipeline import run_worker

FACTS = {"what_happened": "Checkout failed at 09:10.", "impact": "You could not pay.",
         "actions_taken": "We rolled back at 09:40."}
TWILIO_TOKEN = "links-test-twilio-token"
ACCOUNT = "AC" + "7" * 32


def _incident(client, keys, idem: str) -> int:
    r = client.post("/v1/incidents", headers=auth(keys["system"], **{"Idempotency-Key": idem}),
                    json={"kind": "outage", "severity": "high", "title": "Checkout down",
                          "facts": FACTS, "audience": {"all": True}, "require_ack": True,
                          "channels": ["email"]})
    assert r.status_code == 202, r.get_json()
    return int(r.get_json()["id"])


@pytest.fixture
def sent(app, client, keys):
    """Two customers, two incidents, every message in the outbox; the links in them."""
    put_customer(client, keys["system"], "ann", email="ann@example.com")
    put_customer(client, keys["system"], "bob", email="bob@example.com")
    incidents = [_incident(client, keys, "l1"), _incident(client, keys, "l2")]
    run_worker(app)
    links: dict[tuple[str, int], dict[str, str]] = {}
    with app.app_context():
        for m in db.session.query(OutboxMessage):
            d = db.session.get_one(Delivery, m.delivery_id)
            who = m.to.split("@")[0]
            found = dict(re.findall(r"https://gateway\.example\.com/([maus])/([\w.\-]+)", m.text))
            links[(who, d.incident_id)] = found
    assert set(links) == {(w, i) for w in ("ann", "bob") for i in incidents}
    return incidents, links


def _acked(app) -> set[tuple[str, int]]:
    from gateway.customers.models import Customer

    with app.app_context():
        rows = db.session.execute(select(Customer.external_id, Delivery.incident_id).join(
            Customer, Customer.id == Delivery.customer_id).where(Delivery.status == "acked"))
        return {(str(a), int(b)) for a, b in rows}


def test_ack_links_act_for_their_own_customer_and_incident_only(app, client, sent):
    (one, two), links = sent
    token = links[("ann", one)]["a"]
    assert client.get(f"/a/{token}").status_code == 200
    assert _acked(app) == set()  # a GET (link scanner) acknowledges nothing
    assert client.post(f"/a/{token}").status_code == 200
    assert client.post(f"/a/{token}").status_code == 200  # idempotent
    assert _acked(app) == {("ann", one)}


def test_forged_tampered_and_cross_purpose_tokens_are_404(app, client, sent):
    (one, two), links = sent
    ann = links[("ann", one)]
    secret = app.config["GATEWAY"].secret_key
    payload, _, signature = ann["a"].rpartition(".")
    other = tokens.read(secret, "a", links[("bob", two)]["a"])
    assert other is not None
    forged = [
        f"{payload[:-1]}{'1' if payload[-1] != '1' else '2'}.{signature}",  # edited payload
        f"{payload}.{signature[:-2]}AA",  # edited signature
        tokens.make("not-our-secret", "a", other),  # signed with another key
        ann["u"], ann["m"],  # another purpose's token
        "", "a" * 300, "../../etc/passwd", "%00",
    ]
    for token in forged:
        for page in ("a", "s"):
            r = client.post(f"/{page}/{token}", data={"score": "5"})
            assert r.status_code == 404, (page, token, r.status_code)
    assert client.post(f"/u/{ann['a']}").status_code == 404
    assert _acked(app) == set()
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(Suppression)).scalar_one() == 0


def test_a_survey_link_answers_once_for_its_own_customer(app, client, sent):
    (one, _), _ = sent
    with app.app_context():
        ann = db.session.execute(select(Delivery.customer_id).where(
            Delivery.incident_id == one)).scalars().first()
    token = tokens.make(app.config["GATEWAY"].secret_key, "s",
                        tokens.LinkToken(ann, one, "email", 0))
    assert client.post(f"/s/{token}", data={"score": "2", "comment": "late"}).status_code == 200
    assert client.post(f"/s/{token}", data={"score": "5", "comment": "again"}).status_code == 200
    with app.app_context():
        answers = db.session.execute(select(SurveyResponse.score)).scalars().all()
    assert answers == [2]


def _counts(app) -> dict[str, int]:
    with app.app_context():
        return {model.__name__: db.session.execute(
            select(func.count()).select_from(model)).scalar_one()
            for model in (WebhookEvent, InboundMessage, Suppression)} | {
            "statuses": json.dumps(sorted(tuple(r) for r in db.session.execute(
                select(Delivery.id, Delivery.status))))}


def test_webhooks_with_bad_signatures_change_nothing(app, client, sent, monkeypatch):
    good, evil = SendGridSigner(), SendGridSigner()
    monkeypatch.setenv("SENDGRID_WEBHOOK_PUBLIC_KEY", good.public_key)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", TWILIO_TOKEN)
    reread_env(app)
    before = _counts(app)
    events = json.dumps([sendgrid_event("bounce", email="ann@example.com", message_id="m1",
                                        custom_args={"delivery_id": "1"})]).encode()
    stale = good.headers(events, timestamp=int(time.time()) - 3600)
    blank = {**good.headers(events), "X-Twilio-Email-Event-Webhook-Signature": ""}
    for headers in (evil.headers(events), stale, {}, blank):
        r = client.post("/v1/webhooks/sendgrid", data=events, headers=headers)
        assert r.status_code == 403
    tampered = good.headers(events)
    r = client.post("/v1/webhooks/sendgrid", data=events.replace(b"bounce", b"dropped"),
                    headers=tampered)
    assert r.status_code == 403
    base = app.config["GATEWAY"].public_url
    for path, params in (
        ("/v1/webhooks/twilio/status", twilio_status_params(
            sid="SM" + "1" * 32, status="failed", to="+14155552671", from_="+15005550006",
            account_sid=ACCOUNT, error_code=21610)),
        ("/v1/webhooks/twilio/inbound", {"AccountSid": ACCOUNT, "MessageSid": "SM" + "2" * 32,
                                         "From": "+14155552671", "To": "+15005550006",
                                         "Body": "STOP"}),
    ):
        for headers in (twilio_signature_headers(base + path, params, "wrong-token"),
                        twilio_signature_headers("https://evil.example.com" + path, params,
                                                 TWILIO_TOKEN), {}):
            assert client.post(path, data=params, headers=headers).status_code == 403
        altered = {**params, "Body": "OK"} if "Body" in params else {**params, "To": "+1999"}
        headers = twilio_signature_headers(base + path, params, TWILIO_TOKEN)
        assert client.post(path, data=altered, headers=headers).status_code == 403
    assert _counts(app) == before


def test_secrets_never_reach_logs_errors_or_exports(app, client, keys, sent, caplog, capsys):
    """Every key, the link secret and the provider secrets: grep everything said."""
    config = app.config["GATEWAY"]
    secrets = [*keys.values(), config.secret_key, config.chat_webhook_secret, TWILIO_TOKEN]
    caplog.set_level(logging.DEBUG)
    bodies: list[str] = []
    (one, _), _ = sent
    for key in keys.values():
        for path in ("/v1/templates", f"/v1/incidents/{one}", "/v1/audit",
                     f"/v1/incidents/{one}/deliveries", f"/v1/incidents/{one}/deliveries.csv",
                     f"/v1/incidents/{one}/deliveries.ndjson", f"/v1/incidents/{one}/report",
                     "/v1/audit/verify", "/metrics", "/openapi.json"):
            bodies.append(client.get(path, headers=auth(key)).get_data(as_text=True))
        bodies.append(client.post("/v1/incidents", headers=auth(key), json={"x": key})
                      .get_data(as_text=True))  # the key echoed back in a body? never
        bodies.append(client.get("/v1/templates", headers=auth(key + "x"),
                                 environ_base={"REMOTE_ADDR": "10.1.1.1"}).get_data(as_text=True))
    bodies.append(client.get("/v1/templates", headers={"Authorization": f"Basic {keys['admin']}"})
                  .get_data(as_text=True))
    with app.app_context():
        outbox = [json.dumps([m.text, m.html, m.subject, m.headers], default=str)
                  for m in db.session.query(OutboxMessage)]
    said = "\n".join([*bodies, *outbox, caplog.text, *(capsys.readouterr())])
    leaked = [s[:6] + "…" for s in secrets if s and s in said]
    assert not leaked, leaked

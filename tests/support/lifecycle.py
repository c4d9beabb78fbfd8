"""The lifecycle tests' harness (customers, incidents, signed callbacks, the
rows behind them) and its fixtures, shared with the complaint tests."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from gateway.bench.fakes import FakeProviders, SendGridSigner, twilio_signature_headers
from gateway.delivery import tokens
from gateway.delivery.models import Delivery, DeliveryEvent
from gateway.incidents.models import Incident
from gateway.store.db import db
from tests.support.api import FACTS as SAMPLE_FACTS
from tests.support.api import auth, incident_body, put_customer
from tests.support.clock import iso_from_now
from tests.support.env import reread_env
from tests.support.fakes import ACCOUNT_SID, PROVIDER_TIMEOUT, TWILIO_TOKEN, fake_providers
from tests.support.pipeline import run_worker

# The sample outage, its next update far enough ahead that no promise falls due unasked.
FACTS = {**SAMPLE_FACTS, "next_update_at": iso_from_now(days=30)}
_idem = itertools.count(1)


@dataclass
class Harness:
    app: Flask
    client: FlaskClient
    keys: dict[str, str]
    signer: SendGridSigner
    sid_seq: itertools.count = field(default_factory=lambda: itertools.count(1))

    # -- setup -----------------------------------------------------------------------
    def customer(self, external_id: str, **fields: Any) -> int:
        fields.setdefault("phone", None)
        body = put_customer(
            self.client,
            self.keys["system"],
            external_id,
            **{k: v for k, v in fields.items() if v is not None},
        )
        return int(body["id"]) if "id" in body else self.customer_id(external_id)

    def customer_id(self, external_id: str) -> int:
        from gateway.customers.models import Customer

        with self.app.app_context():
            return int(
                db.session.execute(
                    select(Customer.id).where(
                        Customer.external_id == external_id, Customer.erased_at.is_(None)
                    )
                ).scalar_one()
            )

    def incident(self, send: bool = True, **overrides: Any) -> int:
        r = self.client.post(
            "/v1/incidents",
            json=incident_body(**{"facts": FACTS, **overrides}),
            headers=auth(self.keys["system"], **{"Idempotency-Key": f"i{next(_idem)}"}),
        )
        assert r.status_code == 202, r.get_json()
        if send:
            run_worker(self.app)
        return int(r.get_json()["id"])

    def update(
        self,
        incident_id: int,
        stage: str,
        message: str = "We found the cause and are fixing it.",
        key: str | None = None,
        **extra: Any,
    ) -> Any:
        return self.client.post(
            f"/v1/incidents/{incident_id}/updates",
            json={"stage": stage, "message": message, **extra},
            headers=auth(self.keys["system"], **{"Idempotency-Key": key or f"u{next(_idem)}"}),
        )

    def work(self) -> None:
        run_worker(self.app)

    # -- database --------------------------------------------------------------------
    def rows(self, incident_id: int, **where: Any) -> list[Delivery]:
        with self.app.app_context():
            query = select(Delivery).where(Delivery.incident_id == incident_id)
            for name, value in where.items():
                query = query.where(getattr(Delivery, name) == value)
            rows = list(db.session.execute(query.order_by(Delivery.id)).scalars())
            db.session.expunge_all()
            return rows

    def row(self, incident_id: int, customer_id: int, channel: str, message: int = 0) -> Delivery:
        found = [
            d
            for d in self.rows(
                incident_id, customer_id=customer_id, channel=channel, message=message
            )
        ]
        assert len(found) == 1, found
        return found[0]

    def set(self, delivery_id: int, **values: Any) -> None:
        with self.app.app_context():
            db.session.execute(update(Delivery).where(Delivery.id == delivery_id).values(**values))
            db.session.commit()

    def events(self, delivery_id: int) -> list[DeliveryEvent]:
        with self.app.app_context():
            rows = list(
                db.session.execute(
                    select(DeliveryEvent)
                    .where(DeliveryEvent.delivery_id == delivery_id)
                    .order_by(DeliveryEvent.id)
                ).scalars()
            )
            db.session.expunge_all()
            return rows

    def state(self, incident_id: int) -> dict[str, Any]:
        r = self.client.get(f"/v1/incidents/{incident_id}", headers=auth(self.keys["auditor"]))
        assert r.status_code == 200
        return dict(r.get_json())

    def incident_row(self, incident_id: int) -> Incident:
        with self.app.app_context():
            row = db.session.get_one(Incident, incident_id)
            db.session.expunge(row)
            return row

    def call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """Run fn inside an app context (sweeps, domain functions)."""
        with self.app.app_context():
            try:
                return fn(*args, **kwargs)
            finally:
                db.session.remove()

    # -- links ------------------------------------------------------------------------
    def token(
        self,
        kind: str,
        customer_id: int,
        incident_id: int,
        channel: str = "email",
        message: int = 0,
    ) -> str:
        secret = self.app.config["GATEWAY"].secret_key
        return tokens.make(
            secret, kind, tokens.LinkToken(customer_id, incident_id, channel, message)
        )

    # -- provider callbacks ----------------------------------------------------------
    def sendgrid(
        self,
        events: list[dict[str, Any]],
        *,
        timestamp: int | None = None,
        signer: SendGridSigner | None = None,
        tamper: bool = False,
    ) -> Any:
        payload = json.dumps(events).encode()
        headers = (signer or self.signer).headers(payload, timestamp)
        if tamper:
            payload = payload.replace(b"delivered", b"bounce")
        return self.client.post("/v1/webhooks/sendgrid", data=payload, headers=headers)

    def twilio(
        self, path: str, params: dict[str, str], token: str = TWILIO_TOKEN, tamper: bool = False
    ) -> Any:
        url = self.app.config["GATEWAY"].public_url + path
        headers = twilio_signature_headers(url, params, token)
        data = dict(params)
        if tamper:
            data["Body" if "Body" in data else "MessageStatus"] = "tampered"
        return self.client.post(path, data=data, headers=headers)

    def twilio_status(
        self,
        sid: str,
        status: str,
        to: str = "+14155552671",
        error_code: int | None = None,
        **kw: Any,
    ) -> Any:
        params = {
            "AccountSid": ACCOUNT_SID,
            "MessageSid": sid,
            "SmsSid": sid,
            "MessageStatus": status,
            "SmsStatus": status,
            "To": to,
            "From": "+15005550006",
        }
        if error_code is not None:
            params["ErrorCode"] = str(error_code)
        return self.twilio("/v1/webhooks/twilio/status", params, **kw)

    def inbound(self, sender: str, body: str, sid: str | None = None, **kw: Any) -> Any:
        params = {
            "AccountSid": ACCOUNT_SID,
            "MessageSid": sid or f"SMin{next(self.sid_seq):030d}",
            "From": sender,
            "To": "+15005550006",
            "Body": body,
            "NumMedia": "0",
        }
        return self.twilio("/v1/webhooks/twilio/inbound", params, **kw)

    def process(self, now: datetime | None = None) -> int:
        from gateway.delivery.tracking import process_pending

        return int(self.call(process_pending, now))


@pytest.fixture(scope="session")
def signer() -> SendGridSigner:
    return SendGridSigner()  # a real P-256 key made for this run


@pytest.fixture
def h(app: Flask, client: FlaskClient, keys: dict[str, str], signer: SendGridSigner,
      monkeypatch: pytest.MonkeyPatch) -> Harness:
    monkeypatch.setenv("SENDGRID_WEBHOOK_PUBLIC_KEY", signer.public_key)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", TWILIO_TOKEN)
    reread_env(app)
    return Harness(app, client, keys, signer)


@pytest.fixture
def fake(h: Harness, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeProviders]:
    """The fake provider server behind the harness's app (a generous provider timeout)."""
    with fake_providers(h.app, monkeypatch, PROVIDER_TIMEOUT) as server:
        yield server

"""A send batch reads its incident as a plain row: the messages it makes are
the ones the ORM instance makes."""

from __future__ import annotations

from dataclasses import replace

from flask import Flask
from sqlalchemy import select

from gateway.customers.models import Customer
from gateway.delivery.models import Delivery
from gateway.incidents.models import Incident
from gateway.jobs.send import Outcomes, _prepare
from gateway.jobs.send_batch_load import LOAD_CUSTOMER, LOAD_DELIVERY, load
from gateway.store.db import db, utcnow
from tests.support.delivery import make_incident


def test_plain_incident_renders_as_the_orm_instance(app: Flask) -> None:
    with app.app_context():
        for channel in ("email", "sms"):
            incident_id, ids = make_incident(3, channel=channel)
            db.session.execute(Incident.__table__.update().where(Incident.id == incident_id)
                               .values(require_ack=True, ack_within_minutes=30))
            db.session.commit()
            rows = db.session.execute(select(*LOAD_DELIVERY).where(Delivery.id.in_(ids))).all()
            works = load(rows, channel)
            orm = db.session.get_one(Incident, incident_id)
            assert all(getattr(works[0].incident, k) == getattr(orm, k)
                       for k in works[0].incident._fields)  # type: ignore[union-attr]
            made = []
            for incident in (works[0].incident, orm):
                again = [replace(w, incident=incident) for w in works]
                outcomes = Outcomes("h", utcnow(), channel, utcnow())
                ready = _prepare(again, outcomes)
                assert not outcomes.final
                made.append([(w.message, w.rendered) for w in ready])
            assert made[0] == made[1] and len(made[0]) == 3
            db.session.remove()


def test_a_batch_loads_its_customers_as_a_select_reads_them(app: Flask) -> None:
    """Read by fixed SQL on the driver, each customer's fields (JSON attributes,
    missing contact fields) are what a SELECT through SQLAlchemy gives back."""
    with app.app_context():
        incident_id, ids = make_incident(4, channel="email")
        customer_ids = db.session.execute(select(Delivery.customer_id).where(
            Delivery.id.in_(ids)).order_by(Delivery.id)).scalars().all()
        attributes = [{"plan": "gold", "seats": 12, "ratio": 0.5, "trial": False},
                      {"nested": {"a": [1, "b", None]}, "name": "Zoë 東京"}, {}, {"n": None}]
        for customer_id, attrs in zip(customer_ids, attributes, strict=True):
            db.session.execute(Customer.__table__.update().where(Customer.id == customer_id)
                               .values(attributes=attrs, phone=None, name=None))
        db.session.commit()
        rows = db.session.execute(select(*LOAD_DELIVERY).where(Delivery.id.in_(ids))).all()
        works = load(rows, "email")
        expected = {r.id: r for r in db.session.execute(
            select(*LOAD_CUSTOMER).where(Customer.id.in_(customer_ids)))}
        assert len(works) == 4
        for work in works:
            customer = work.customer
            assert customer._fields == tuple(c.name for c in LOAD_CUSTOMER)  # type: ignore[attr-defined]
            assert tuple(customer) == tuple(expected[customer.id])  # type: ignore[arg-type]
        assert [w.customer.attributes for w in works] == attributes
        db.session.remove()

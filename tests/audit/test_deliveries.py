"""Delivery list, streamed CSV / NDJSON exports: content matches the
database, cursor paging, filters, formula-injection safety, roles."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import select, update

from gateway.customers.models import Customer
from gateway.delivery.models import Delivery, DeliveryEvent
from gateway.reports import deliveries as delivery_log
from gateway.store.db import db
from tests.support.api import auth
from tests.support.audit import dispatch


def db_rows(app, incident_id):
    """The expected export, straight from the tables."""
    with app.app_context():
        rows = db.session.execute(
            select(Delivery, Customer.external_id)
            .join(Customer, Customer.id == Delivery.customer_id)
            .where(Delivery.incident_id == incident_id).order_by(Delivery.id)).all()
        events = db.session.execute(
            select(DeliveryEvent).order_by(DeliveryEvent.id)).scalars().all()
        history = {}
        for e in events:
            history.setdefault(e.delivery_id, []).append((e.id, e.status))
        out = {}
        for d, external_id in rows:
            out[d.id] = {"customer_id": external_id, "channel": d.channel, "message": d.message,
                         "purpose": d.purpose, "status": d.status, "provider": d.provider,
                         "provider_message_id": d.provider_message_id,
                         "sent_at": delivery_log.iso(d.sent_at),
                         "queued_at": delivery_log.iso(d.queued_at),
                         "template": d.template, "template_version": d.template_version,
                         "content_hash": d.content_hash, "failure_reason": d.failure_reason,
                         "events": history.get(d.id, [])}
        return out


def ndjson(client, key, incident_id, query=""):
    r = client.get(f"/v1/incidents/{incident_id}/deliveries.ndjson{query}", headers=auth(key))
    assert r.status_code == 200, r.data[:300]
    assert r.mimetype == "application/x-ndjson" and r.is_streamed
    return [json.loads(line) for line in r.data.decode().splitlines()]


def test_ndjson_export_matches_the_database(app, client, keys, dispatched):
    expected = db_rows(app, dispatched)
    got = ndjson(client, keys["auditor"], dispatched)
    assert len(got) == len(expected) == 5
    for item in got:
        want = expected[item["id"]]
        for name, value in want.items():
            if name == "events":
                assert [(e["id"], e["status"]) for e in item["events"]] == value
            else:
                assert item[name] == value, name
        assert item["status"] == "sent" and item["provider"] == "outbox"
        assert item["provider_message_id"] == f"outbox-{item['id']}"
        assert item["template"] and item["template_version"] and len(item["content_hash"]) == 64
        assert item["sent_at"] and item["sending_at"] and item["queued_at"]
    assert list(got[0]) == list(delivery_log.FIELDS)


def test_csv_export_matches_the_database(app, client, keys, dispatched):
    r = client.get(f"/v1/incidents/{dispatched}/deliveries.csv", headers=auth(keys["admin"]))
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert f"incident-{dispatched}-deliveries.csv" in r.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(r.data.decode())))
    expected = db_rows(app, dispatched)
    assert len(rows) == len(expected)
    for row in rows:
        want = expected[int(row["id"])]
        assert row["customer_id"] == want["customer_id"]
        assert row["channel"] == want["channel"] and row["status"] == want["status"]
        assert row["provider_message_id"] == want["provider_message_id"]
        assert row["sent_at"] == want["sent_at"] and row["content_hash"] == want["content_hash"]
        assert row["acked_at"] == "" and row["failure_reason"] == ""
        assert [(e["id"], e["status"]) for e in json.loads(row["events"])] == want["events"]


def test_exports_page_through_more_rows_than_a_page(app, client, keys, monkeypatch):
    incident = dispatch(app, client, keys, customers=7)
    monkeypatch.setattr(delivery_log, "EXPORT_PAGE", 2)
    monkeypatch.setattr(delivery_log.iter_deliveries, "__defaults__", (None, None, 2))
    got = ndjson(client, keys["auditor"], incident)
    assert len(got) == 7 and len({g["id"] for g in got}) == 7
    r = client.get(f"/v1/incidents/{incident}/deliveries.csv", headers=auth(keys["auditor"]))
    lines = r.data.decode().splitlines()
    assert len(lines) == 8 and lines[0].startswith("id,customer_id,")


def test_export_filters(app, client, keys, dispatched):
    with app.app_context():
        first = db.session.execute(select(Delivery.id).order_by(Delivery.id)).scalars().first()
        db.session.execute(update(Delivery).where(Delivery.id == first)
                           .values(status="failed", failure_reason="address_invalid"))
        db.session.commit()
    failed = ndjson(client, keys["auditor"], dispatched, "?status=failed")
    assert [g["id"] for g in failed] == [first]
    assert ndjson(client, keys["auditor"], dispatched, "?channel=sms") == []
    r = client.get(f"/v1/incidents/{dispatched}/deliveries.csv?status=lost",
                   headers=auth(keys["auditor"]))
    assert r.status_code == 422 and r.get_json()["error"]["details"][0]["field"] == "query.status"


@pytest.mark.parametrize("evil", ["=HYPERLINK(\"http://x\")", "+1+2", "-2+3", "@SUM(A1)",
                                  "\t=1", "\r=1"])
def test_csv_cells_cannot_start_a_formula(app, client, keys, dispatched, evil):
    with app.app_context():
        db.session.execute(update(Customer).where(Customer.external_id == "c2")
                           .values(external_id=evil))
        db.session.execute(update(Delivery).values(failure_reason=evil, provider_message_id=evil))
        db.session.commit()
    r = client.get(f"/v1/incidents/{dispatched}/deliveries.csv", headers=auth(keys["auditor"]))
    rows = list(csv.DictReader(io.StringIO(r.data.decode(), newline="")))
    assert any(row["customer_id"] == "'" + evil for row in rows)
    for row in rows:
        assert row["failure_reason"] == "'" + evil
        assert row["provider_message_id"] == "'" + evil
        for value in row.values():
            assert not value.startswith(delivery_log.FORMULA_PREFIXES)
    # NDJSON is data for programs: values are exact there.
    assert {g["failure_reason"] for g in ndjson(client, keys["auditor"], dispatched)} == {evil}


def test_list_pages_with_cursor_and_filters(app, client, keys):
    incident = dispatch(app, client, keys, customers=7)
    seen, cursor = [], None
    while True:
        q = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        r = client.get(f"/v1/incidents/{incident}/deliveries", query_string=q,
                       headers=auth(keys["comms"]))
        assert r.status_code == 200
        body = r.get_json()
        assert len(body["items"]) <= 3
        seen += body["items"]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert len(seen) == 7 and len({s["id"] for s in seen}) == 7
    item = seen[0]
    for field in ("id", "customer_id", "channel", "message", "status", "provider",
                  "provider_message_id", "queued_at", "sent_at", "delivered_at", "acked_at",
                  "failure_reason", "events"):
        assert field in item
    assert item["events"][-1]["status"] == "sent"
    only = client.get(f"/v1/incidents/{incident}/deliveries?channel=email&status=sent",
                      headers=auth(keys["system"])).get_json()["items"]
    assert len(only) == 7


@pytest.mark.parametrize("query, field", [("cursor=%%%", "query.cursor"),
                                          ("cursor=WzEsMl0", "query.cursor"),
                                          ("limit=1001", "query.limit"),
                                          ("channel=fax", "query.channel")])
def test_list_rejects_bad_queries(client, keys, dispatched, query, field):
    r = client.get(f"/v1/incidents/{dispatched}/deliveries?{query}", headers=auth(keys["comms"]))
    assert r.status_code == 422
    assert r.get_json()["error"]["details"][0]["field"] == field


@pytest.mark.parametrize("suffix", ["", ".csv", ".ndjson", "/../report"])
def test_unknown_incident_is_404(client, keys, suffix):
    path = (f"/v1/incidents/999/deliveries{suffix}" if suffix != "/../report"
            else "/v1/incidents/999/report")
    assert client.get(path, headers=auth(keys["admin"])).status_code == 404


@pytest.mark.parametrize("suffix", [".csv", ".ndjson"])
@pytest.mark.parametrize("role, status", [("system", 403), ("comms", 403), ("approver", 403),
                                          ("auditor", 200), ("admin", 200)])
def test_exports_are_for_auditors(client, keys, dispatched, suffix, role, status):
    r = client.get(f"/v1/incidents/{dispatched}/deliveries{suffix}", headers=auth(keys[role]))
    assert r.status_code == status


@pytest.mark.parametrize("role", ["system", "comms", "approver", "auditor", "admin"])
def test_list_and_report_are_for_every_role(client, keys, dispatched, role):
    assert client.get(f"/v1/incidents/{dispatched}/deliveries",
                      headers=auth(keys[role])).status_code == 200
    assert client.get(f"/v1/incidents/{dispatched}/report",
                      headers=auth(keys[role])).status_code == 200


def test_erased_customer_rows_keep_their_external_id_only(app, client, keys, dispatched):
    client.delete("/v1/customers/c0", headers=auth(keys["system"]))
    body = client.get(f"/v1/incidents/{dispatched}/deliveries.ndjson",
                      headers=auth(keys["auditor"])).data.decode()
    assert '"customer_id":"c0"' in body
    assert "c0@example.com" not in body

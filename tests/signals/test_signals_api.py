"""The signals and rules API: aggregation per bucket, roles, versioned and
audited rules, and hostile input (every bad body is a precise 4xx and stores
nothing)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from gateway.audit.models import AuditRecord
from gateway.signals.buckets import bucket_of
from gateway.signals.models import SignalBucket, SignalCustomer, SignalRule, SignalTopic
from gateway.store.db import db, utcnow
from tests.support.api import auth

NAIVE_HOUR_AGO = (utcnow() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S")


def _rows(app, model) -> int:
    with app.app_context():
        return db.session.query(model).count()


def test_signals_are_counted_per_topic_per_bucket_not_per_event(app, client, keys):
    at = utcnow() - timedelta(minutes=20)
    events = [{"topic": "orders.unfulfilled", "at": at.isoformat(), "customer_id": f"c{i % 7}"}
              for i in range(500)] + [{"topic": "orders.unfulfilled", "count": 40}]
    r = client.post("/v1/signals", json=events, headers=auth(keys["system"]))
    assert r.status_code == 202 and r.get_json() == {"accepted": 501}
    r = client.post("/v1/signals", json={"topic": "orders.unfulfilled", "at": at.isoformat(),
                                         "source": "order-system"}, headers=auth(keys["system"]))
    assert r.status_code == 202 and r.get_json() == {"accepted": 1}
    with app.app_context():
        rows = {b.bucket: b.count for b in db.session.query(SignalBucket)}
        assert rows == {bucket_of(at): 501, bucket_of(utcnow()): 40}
        assert db.session.query(SignalCustomer).count() == 7
        topic = db.session.get(SignalTopic, "orders.unfulfilled")
        assert topic.source == "order-system" and topic.first_bucket == bucket_of(at)


@pytest.mark.parametrize("body, field", [
    ({"topic": "Orders Late"}, "topic"),
    ({"topic": ""}, "topic"),
    ({"topic": "x" * 101}, "topic"),
    ({"topic": "a", "count": 0}, "count"),
    ({"topic": "a", "count": -5}, "count"),
    ({"topic": "a", "count": 10**9}, "count"),
    ({"topic": "a", "count": "many"}, "count"),
    ({"topic": "a", "at": "2026-13-01T00:00:00Z"}, "at"),
    ({"topic": "a", "at": NAIVE_HOUR_AGO}, "at"),  # no offset
    ({"topic": "a", "customer_id": "c 1"}, "customer_id"),
    ({"topic": "a", "customer_id": "c\u00001"}, "customer_id"),
    ({"topic": "a", "source": "<script>"}, "source"),
    ({"topic": "a", "extra": 1}, "extra"),
    ({"topic": "replies"}, "topic"),  # the gateway's own topics
    ({"topic": "complaints.billing"}, "topic"),
    ({"topic": "provider.twilio.failures"}, "topic"),
])
def test_bad_signals_are_refused_precisely(app, client, keys, body, field):
    r = client.post("/v1/signals", json=body, headers=auth(keys["system"]))
    assert r.status_code == 422
    assert any(field in d["field"] for d in r.get_json()["error"]["details"])
    assert _rows(app, SignalBucket) == 0


@pytest.mark.parametrize("when", [timedelta(hours=1), timedelta(days=-91)])
def test_times_far_ahead_or_too_old_are_refused(app, client, keys, when):
    good = {"topic": "a"}
    bad = {"topic": "a", "at": (utcnow() + when).isoformat()}
    r = client.post("/v1/signals", json=[good, good, bad], headers=auth(keys["system"]))
    assert r.status_code == 422
    assert r.get_json()["error"]["details"][0]["field"] == "2.at"
    assert _rows(app, SignalBucket) == 0  # all or nothing


@pytest.mark.parametrize("raw, status", [
    (b"[]", 422), (b"[" + b"{\"topic\":\"a\"}," * 10_000 + b"{\"topic\":\"a\"}]", 422),
    (b"{\"topic\": \"a\"", 400), (b"\"a\"", 422), (b"[1, 2]", 422), (b"null", 422),
    (b"[" * 100 + b"]" * 100, 400), (b"{\"topic\": \"a\", \"count\": NaN}", 400),
])
def test_malformed_bodies(app, client, keys, raw, status):
    r = client.post("/v1/signals", data=raw,
                    headers=auth(keys["system"], **{"Content-Type": "application/json"}))
    assert r.status_code == status
    assert _rows(app, SignalBucket) == 0


def test_roles(client, keys):
    for role in ("comms", "approver", "auditor"):
        r = client.post("/v1/signals", json={"topic": "a"}, headers=auth(keys[role]))
        assert r.status_code == 403
    for role in ("system", "approver", "auditor"):
        r = client.put("/v1/signal-rules/a", json={}, headers=auth(keys[role]))
        assert r.status_code == 403
    for role in ("system", "approver"):
        assert client.get("/v1/warnings", headers=auth(keys[role])).status_code == 403
        assert client.get("/v1/signal-rules", headers=auth(keys[role])).status_code == 403
    assert client.get("/v1/warnings", headers=auth(keys["auditor"])).status_code == 200
    assert client.post("/v1/signals", json={"topic": "a"}).status_code == 401


def test_rules_are_versioned_and_audited(app, client, keys):
    r = client.get("/v1/signal-rules/complaints.billing", headers=auth(keys["comms"]))
    default = r.get_json()
    assert default["version"] == 0 and default["min_count"] == 5  # the family's default
    r = client.put("/v1/signal-rules/orders.late", headers=auth(keys["comms"]),
                   json={"ratio": 3.0, "min_count": 20})
    assert r.status_code == 200 and r.get_json()["version"] == 1
    r = client.put("/v1/signal-rules/orders.late", headers=auth(keys["admin"]),
                   json={"mode": "threshold", "threshold": 500,
                         "draft": {"kind": "delivery_delay", "audience": {"tags_any": ["eu"]}}})
    assert r.status_code == 200 and r.get_json()["version"] == 2
    r = client.get("/v1/signal-rules/orders.late", headers=auth(keys["auditor"]))
    body = r.get_json()
    assert body["mode"] == "threshold" and body["threshold"] == 500
    assert [h["version"] for h in body["history"]] == [2, 1]
    assert body["history"][1]["ratio"] == 3.0
    listed = client.get("/v1/signal-rules", headers=auth(keys["comms"])).get_json()
    assert [x["topic"] for x in listed["rules"]] == ["orders.late"]
    assert listed["defaults"]["*"]["ratio"] == 2.0
    with app.app_context():
        audits = db.session.query(AuditRecord).filter_by(action="signal_rule.put").all()
        assert [a.data["version"] for a in audits] == [1, 2]
        assert audits[0].actor == "test-comms"


@pytest.mark.parametrize("body, field", [
    ({"mode": "threshold"}, "body"),
    ({"ratio": 0.5}, "ratio"),
    ({"p_value": 0}, "p_value"),
    ({"window_minutes": 7}, "window_minutes"),
    ({"weeks": 0}, "weeks"),
    ({"weeks": 53}, "weeks"),
    ({"mode": "ewma"}, "mode"),
    ({"draft": {"kind": "outage", "send_now": True}}, "draft.send_now"),
    ({"draft": {"title": "a\u0000b"}}, "draft"),
    ({"cooldown": 5}, "cooldown"),
])
def test_bad_rules_are_refused(app, client, keys, body, field):
    r = client.put("/v1/signal-rules/orders.late", json=body, headers=auth(keys["comms"]))
    assert r.status_code == 422
    assert any(d["field"].startswith(field) for d in r.get_json()["error"]["details"])
    assert _rows(app, SignalRule) == 0


@pytest.mark.parametrize("path", ["/v1/signal-rules/Bad%20Topic", "/v1/signal-rules/" + "a" * 101])
def test_bad_topic_in_path(client, keys, path):
    for r in (client.get(path, headers=auth(keys["comms"])),
              client.put(path, json={}, headers=auth(keys["comms"]))):
        assert r.status_code == 422 and r.get_json()["error"]["details"][0]["field"] == "topic"


def test_unknown_warning_and_bad_queries(client, keys):
    assert client.get("/v1/warnings/999", headers=auth(keys["comms"])).status_code == 404
    for query in ({"status": "maybe"}, {"cursor": "x"}, {"limit": "-1"}, {"topic": "A B"}):
        r = client.get("/v1/warnings", query_string=query, headers=auth(keys["comms"]))
        assert r.status_code == 422, query
    r = client.post("/v1/incidents", headers=auth(keys["comms"], **{"Idempotency-Key": "w"}),
                    json={"kind": "outage", "severity": "high", "title": "t", "warning_id": 12345,
                          "facts": {"what_happened": "a", "impact": "b", "actions_taken": "c"},
                          "audience": {"all": True}})
    assert r.status_code == 404  # a warning_id naming nothing, as /v1/warnings/12345 is
    assert r.get_json()["error"]["details"] == [{"field": "warning_id",
                                                 "message": "no warning 12345"}]
    assert r.get_json()["error"]["details"][0]["field"] == "warning_id"

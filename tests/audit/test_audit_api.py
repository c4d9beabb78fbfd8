"""GET /v1/audit (filters, cursor) and GET /v1/audit/verify."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from tests.support.api import auth
from tests.support.audit import dispatch, tamper


def all_pages(client, key, **params):
    items, cursor = [], None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        r = client.get("/v1/audit", query_string=query, headers=auth(key))
        assert r.status_code == 200, r.get_json()
        body = r.get_json()
        items += body["items"]
        cursor = body["next_cursor"]
        if not cursor:
            return items


def test_pages_walk_the_whole_chain_in_order(client, keys, dispatched):
    items = all_pages(client, keys["auditor"], limit=3)
    assert [i["id"] for i in items] == sorted(i["id"] for i in items)
    assert len(items) == len({i["id"] for i in items})
    assert all(b["prev_hash"] == a["hash"] for a, b in zip(items, items[1:], strict=False))
    first = items[0]
    assert set(first) == {"id", "at", "actor", "actor_role", "action", "incident_id", "data",
                          "prev_hash", "hash"}
    assert first["at"].endswith("Z")
    verify = client.get("/v1/audit/verify", headers=auth(keys["auditor"])).get_json()
    assert verify == {"ok": True, "records": len(items)}


def test_filter_by_incident_and_action(app, client, keys, dispatched):
    other = dispatch(app, client, keys, customers=2, idem="k2")
    items = all_pages(client, keys["auditor"], incident=dispatched)
    assert items and {i["incident_id"] for i in items} == {dispatched}
    assert "incident.created" in {i["action"] for i in items}
    assert other != dispatched
    created = all_pages(client, keys["admin"], action="incident.created")
    assert {i["incident_id"] for i in created} == {dispatched, other}


def test_filter_by_time_window(client, keys, dispatched):
    items = all_pages(client, keys["auditor"])
    middle = datetime.fromisoformat(items[len(items) // 2]["at"])
    later = all_pages(client, keys["auditor"], since=middle.isoformat())
    earlier = all_pages(client, keys["auditor"], until=middle.isoformat())
    assert len(later) + len(earlier) == len(items)
    assert all(datetime.fromisoformat(i["at"]) >= middle for i in later)
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    assert all_pages(client, keys["auditor"], since=tomorrow) == []
    # An offset given with an unencoded "+" arrives as a space; still understood.
    since = (datetime.now(UTC) - timedelta(days=1)).astimezone(timezone(timedelta(hours=1)))
    r = client.get(f"/v1/audit?since={since.isoformat(timespec='seconds')}",
                   headers=auth(keys["auditor"]))
    assert r.status_code == 200 and len(r.get_json()["items"]) == min(100, len(items))


@pytest.mark.parametrize("query, field", [
    ("since=yesterday", "query.since"),
    ("until=2026-13-01", "query.until"),
    ("cursor=abc", "query.cursor"),
    ("incident=x", "query.incident"),
    ("limit=0", "query.limit"),
    ("limit=5000", "query.limit"),
    ("colour=red", "query.colour"),
])
def test_bad_query_is_422_naming_the_field(client, keys, query, field):
    r = client.get(f"/v1/audit?{query}", headers=auth(keys["auditor"]))
    assert r.status_code == 422
    assert r.get_json()["error"]["details"][0]["field"] == field


def test_since_after_until_is_422(client, keys):
    r = client.get("/v1/audit?since=2026-02-01&until=2026-01-01", headers=auth(keys["auditor"]))
    assert r.status_code == 422


def test_verify_endpoint_reports_the_broken_record(app, client, keys, dispatched):
    items = all_pages(client, keys["auditor"])
    with app.app_context():
        tamper("UPDATE audit_log SET incident_id = 999 WHERE id = :id", id=items[4]["id"])
    body = client.get("/v1/audit/verify", headers=auth(keys["auditor"])).get_json()
    assert body == {"ok": False, "records": len(items), "broken_at": items[4]["id"]}


@pytest.mark.parametrize("path", ["/v1/audit", "/v1/audit/verify"])
@pytest.mark.parametrize("role, status", [("system", 403), ("comms", 403), ("approver", 403),
                                          ("auditor", 200), ("admin", 200)])
def test_only_auditors_and_admins_read_the_audit_trail(client, keys, path, role, status):
    assert client.get(path, headers=auth(keys[role])).status_code == status


@pytest.mark.parametrize("path", ["/v1/audit", "/v1/audit/verify"])
def test_no_key_is_401(client, path):
    assert client.get(path).status_code == 401
    assert client.get(path, headers=auth("gw_not-a-key")).status_code == 401

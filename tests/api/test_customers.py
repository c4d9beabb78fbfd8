"""Customers API through Flask's test client against the real database."""

from __future__ import annotations

import json

from tests.support.api import auth, put_customer


def test_put_then_get_round_trips_normalised_fields(client, keys):
    body = {"name": "Mei Chen", "email": "Mei@Example.com", "phone": "+49 30 901820",
            "whatsapp": "+4915112345678", "locale": "zh-CN", "timezone": "Asia/Shanghai",
            "channels": ["sms", "email"], "tags": ["eu", "pro"], "attributes": {"plan": "pro"}}
    r = client.put("/v1/customers/c-1", json=body, headers=auth(keys["system"]))
    assert r.status_code == 200, r.get_json()
    got = client.get("/v1/customers/c-1", headers=auth(keys["comms"])).get_json()
    assert got["phone"] == "+4930901820"  # normalised to E.164
    assert got["channels"] == ["sms", "email"]
    assert got["tags"] == ["eu", "pro"]
    assert got["locale"] == "zh-CN"
    assert got["opted_out"] == []


def test_missing_channels_means_every_channel(client, keys):
    got = put_customer(client, keys["system"], "c-2")
    assert got["channels"] == ["email", "sms", "whatsapp", "chat"]


def test_bad_fields_are_422_with_the_field_path_and_nothing_stored(client, keys):
    body = {"email": "not-an-email", "phone": "12345", "timezone": "Mars/Base",
            "locale": "xx", "channels": ["pigeon"], "colour": "red"}
    r = client.put("/v1/customers/c-3", json=body, headers=auth(keys["system"]))
    assert r.status_code == 422
    fields = {d["field"] for d in r.get_json()["error"]["details"]}
    assert {"email", "phone", "timezone", "locale", "channels.0", "colour"} <= fields
    assert client.get("/v1/customers/c-3", headers=auth(keys["system"])).status_code == 404


def test_bad_external_id_is_rejected(client, keys):
    r = client.put("/v1/customers/a%20b", json={}, headers=auth(keys["system"]))
    assert r.status_code == 422
    assert r.get_json()["error"]["details"][0]["field"] == "external_id"


def test_chat_webhook_must_be_public_https_unless_allowed(app, client, keys):
    app.config["GATEWAY"] = app.config["GATEWAY"].__class__(
        **{**app.config["GATEWAY"].__dict__, "chat_allow_private_urls": False})
    for url in ("http://hooks.example.com/x", "https://127.0.0.1/hook", "https://10.1.2.3/h"):
        r = client.put("/v1/customers/c-4", json={"chat_webhook_url": url},
                       headers=auth(keys["system"]))
        assert r.status_code == 422, url
        assert r.get_json()["error"]["details"][0]["field"] == "chat_webhook_url"


def test_erasure_removes_contact_data_and_put_creates_a_fresh_customer(client, keys, app):
    put_customer(client, keys["system"], "c-5", name="Ann", phone="+14155550123")
    r = client.delete("/v1/customers/c-5", headers=auth(keys["system"]))
    assert r.status_code == 204
    assert client.get("/v1/customers/c-5", headers=auth(keys["system"])).status_code == 404
    assert client.delete("/v1/customers/c-5", headers=auth(keys["system"])).status_code == 404
    from gateway.customers.models import Customer
    from gateway.store.db import db
    with app.app_context():
        erased = db.session.query(Customer).filter_by(external_id="c-5").one()
        assert erased.erased_at is not None
        assert (erased.name, erased.email, erased.phone) == (None, None, None)
    fresh = put_customer(client, keys["system"], "c-5", name="Ann again")
    assert fresh["name"] == "Ann again"


def test_opt_outs_survive_upserts_and_erasure(client, keys, app):
    put_customer(client, keys["system"], "c-6", phone="+14155550124")
    from gateway.customers.suppressions import suppress
    from gateway.store.db import db
    with app.app_context():
        suppress("sms", "+14155550124", "stop")
        db.session.commit()
    again = put_customer(client, keys["system"], "c-6", phone="+14155550124")
    assert again["opted_out"] == ["sms"]
    client.delete("/v1/customers/c-6", headers=auth(keys["system"]))
    recreated = put_customer(client, keys["system"], "c-6b", phone="+14155550124")
    assert recreated["opted_out"] == ["sms"]


def test_bulk_json_array_stores_valid_rows_and_reports_bad_ones(client, keys):
    rows = [{"external_id": f"b{i}", "email": f"b{i}@example.com"} for i in range(2500)]
    rows[7] = {"external_id": "b7", "email": "broken"}
    rows[9] = {"email": "no-id@example.com"}
    r = client.post("/v1/customers/bulk", data=json.dumps(rows),
                    headers=auth(keys["system"], **{"Content-Type": "application/json"}))
    assert r.status_code == 200, r.get_json()
    result = r.get_json()
    assert (result["received"], result["stored"], result["failed"]) == (2500, 2498, 2)
    assert [e["row"] for e in result["errors"]] == [7, 9]
    assert result["errors"][0]["details"][0]["field"] == "email"
    assert client.get("/v1/customers/b2499", headers=auth(keys["system"])).status_code == 200
    assert client.get("/v1/customers/b7", headers=auth(keys["system"])).status_code == 404


def test_bulk_ndjson_with_a_broken_line(client, keys):
    body = "\n".join([json.dumps({"external_id": "n1", "email": "n1@example.com"}),
                      "{not json",
                      json.dumps({"external_id": "n2", "phone": "+14155550125"})])
    r = client.post("/v1/customers/bulk", data=body,
                    headers=auth(keys["system"], **{"Content-Type": "application/x-ndjson"}))
    result = r.get_json()
    assert (result["stored"], result["failed"]) == (2, 1)
    assert result["errors"][0]["row"] == 1


def test_bulk_malformed_array_is_400(client, keys):
    r = client.post("/v1/customers/bulk", data='[{"external_id": "x"',
                    headers=auth(keys["system"], **{"Content-Type": "application/json"}))
    assert r.status_code == 400
    assert r.get_json()["error"]["code"] == "invalid_json"


def test_bulk_of_100000_rows_in_one_request(client, keys):
    body = "\n".join(json.dumps({"external_id": f"m{i}", "email": f"m{i}@example.com",
                                 "tags": ["bulk"]}) for i in range(100_000))
    r = client.post("/v1/customers/bulk", data=body,
                    headers=auth(keys["system"], **{"Content-Type": "application/x-ndjson"}))
    assert r.get_json()["stored"] == 100_000
    too_many = body + "\n" + json.dumps({"external_id": "one-more"})
    r = client.post("/v1/customers/bulk", data=too_many,
                    headers=auth(keys["system"], **{"Content-Type": "application/x-ndjson"}))
    assert r.status_code == 413

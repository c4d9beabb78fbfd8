"""Bad input: oversize and deeply nested bodies, invalid UTF-8, NUL bytes and
lone surrogates, bidi overrides and confusables in names, template injection
in facts, path traversal in template names, CR/LF in subjects. Every one is a
precise 4xx or is rendered as inert text: never a 500, never a partial write."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace

import pytest

from gateway.api import routing
from gateway.messages.render import RenderError, UnknownTemplate, get_renderer
from tests.support.api import auth, put_customer
from tests.support.pipeline import run_worker

FACTS = {"what_happened": "Our checkout stopped taking payments at 09:10.",
         "impact": "You could not pay for your order.",
         "actions_taken": "We switched checkout back at 09:40."}


def _put(client, keys, external_id: str, raw: bytes, content_type: str = "application/json"):
    return client.put(f"/v1/customers/{external_id}", data=raw,
                      headers=auth(keys["system"], **{"Content-Type": content_type}))


def _code(r) -> str:
    return r.get_json()["error"]["code"]


def test_oversize_body_is_refused_before_parsing(app, client, keys, monkeypatch):
    app.config["GATEWAY"] = replace(app.config["GATEWAY"], max_json_bytes=1000)

    def never(raw: bytes):
        raise AssertionError("parsed an oversize body")

    monkeypatch.setattr(routing, "parse_json", never)
    body = json.dumps({"name": "x" * 2000}).encode()
    r = _put(client, keys, "big", body)
    assert r.status_code == 413 and _code(r) == "payload_too_large"
    # A Content-Length that lies low cannot smuggle more in: the stream is cut at the limit.
    r = client.put("/v1/customers/big", input_stream=__import__("io").BytesIO(body),
                   headers=auth(keys["system"], **{"Content-Type": "application/json"}),
                   environ_overrides={"CONTENT_LENGTH": "", "wsgi.input_terminated": True})
    assert r.status_code == 413


@pytest.mark.parametrize("raw", [
    b"[" * 40 + b"]" * 40,
    b"[" * 200_000 + b"]" * 200_000,
    b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
])
def test_deeply_nested_json_is_a_400(client, keys, raw):
    r = _put(client, keys, "deep", raw)
    assert r.status_code == 400 and _code(r) == "invalid_json"


@pytest.mark.parametrize("raw", [
    b'{"name": "\xff\xfe"}',
    b'{"name": "caf\xc3"}',
    b'\xef\xbb\xbf{"name": "bom"}',
    b'{"name": NaN}',
    b'{"name": "a"} trailing',
])
def test_invalid_utf8_and_not_json_is_a_400(client, keys, raw):
    r = _put(client, keys, "utf", raw)
    assert r.status_code == 400, r.get_json()


@pytest.mark.parametrize("field, value", [
    ("name", "Ann\u0000Smith"),
    ("name", "Ann\ud800"),  # a lone surrogate: not encodable, not storable
    ("tags", ["eu\u0000"]),
    ("attributes", {"order": "A\u0000B"}),
    ("attributes", {"order\u0000": "x"}),
    ("attributes", {"order": "\udfff"}),
])
def test_nul_bytes_and_lone_surrogates_are_refused(app, client, keys, field, value):
    body = json.dumps({"email": "ann@example.com", field: value}).encode()
    r = _put(client, keys, "nul", body)
    assert r.status_code == 422, (r.status_code, r.get_data(as_text=True))
    assert client.get("/v1/customers/nul", headers=auth(keys["system"])).status_code == 404


@pytest.mark.parametrize("content_type", ["application/json", "application/x-ndjson"])
def test_nul_and_surrogates_in_bulk_rows_are_row_errors(client, keys, content_type):
    rows = [{"external_id": "ok1", "email": "ok1@example.com"},
            {"external_id": "bad1", "name": "x\u0000y"},
            {"external_id": "bad2", "attributes": {"a": "x\u0000"}},
            {"external_id": "bad3", "attributes": {"a": "\ud83d"}}]
    data = (json.dumps(rows) if content_type == "application/json"
            else "\n".join(json.dumps(r) for r in rows))
    r = client.post("/v1/customers/bulk", data=data,
                    headers=auth(keys["system"], **{"Content-Type": content_type}))
    assert r.status_code in (200, 207, 422), r.get_data(as_text=True)
    body = r.get_json()
    # Both readers go through the same guarded parser: each bad row is its own error.
    assert body["stored"] == 1, body
    assert {e["external_id"] for e in body["errors"]} == {"bad1", "bad2", "bad3"}
    assert client.get("/v1/customers/bad3", headers=auth(keys["system"])).status_code == 404


def test_nul_in_incident_text_and_keys_is_refused(client, keys):
    put_customer(client, keys["system"], "c1")
    for facts in ({**FACTS, "impact": "You\u0000 could not pay."},
                  {**FACTS, "impact": "You could not pay \ud800."},
                  {**FACTS, "extra\u0000": "x"}):
        r = client.post("/v1/incidents", json={"kind": "outage", "severity": "high",
                                               "title": "Checkout down", "facts": facts,
                                               "audience": {"all": True}},
                        headers=auth(keys["system"], **{"Idempotency-Key": json.dumps(facts)[:60]}))
        assert r.status_code == 422, (r.status_code, r.get_data(as_text=True))
    r = client.get("/v1/customers/a%00b", headers=auth(keys["system"]))
    assert r.status_code in (404, 422)


BIDI = "\u202eexe.tnemyap\u202c"  # RIGHT-TO-LEFT OVERRIDE … POP


def test_bidi_overrides_in_names_are_refused(client, keys):
    for name in (f"Ann {BIDI}", "Ann\u2066x\u2069", "Ann\u202ax"):
        r = client.put("/v1/customers/rtl", json={"email": "a@example.com", "name": name},
                       headers=auth(keys["system"]))
        assert r.status_code == 422, name
        assert r.get_json()["error"]["details"][0]["field"] == "name"
    # Real right-to-left names (and the marks they may need) are welcome.
    for name in ("مريم", "שרה", "Ann\u200f"):
        assert client.put("/v1/customers/rtl", json={"email": "a@example.com", "name": name},
                          headers=auth(keys["system"])).status_code == 200


def test_hostile_names_render_as_text_in_html_sms_and_csv(app, client, keys):
    from gateway.delivery.models import OutboxMessage
    from gateway.store.db import db

    hostile = "Раypal <script>alert(1)</script> {{ 7*7 }} =HYPERLINK(\"x\")"  # Cyrillic Р, а
    put_customer(client, keys["system"], "h1", name=hostile, phone="+14155552671",
                 channels=["email", "sms"])
    r = client.post("/v1/incidents", json={"kind": "outage", "severity": "critical",
                                           "title": "Checkout down", "facts": FACTS,
                                           "audience": {"all": True}},
                    headers=auth(keys["system"], **{"Idempotency-Key": "hostile"}))
    incident_id = r.get_json()["id"]
    run_worker(app)
    with app.app_context():
        sent = db.session.query(OutboxMessage).all()
        db.session.expunge_all()
    assert {m.channel for m in sent} == {"email", "sms"}
    for m in sent:
        words = re.sub(r"https?://\S+", "", m.text or "")  # a link's signed token may hold "49"
        assert "49" not in words  # never evaluated
        if m.channel == "email":  # the SMS leaves the greeting out
            assert "{{ 7*7 }}" in words
        if m.html:
            assert "<script>alert(1)</script>" not in m.html
            assert "&lt;script&gt;" in m.html
    r = client.get(f"/v1/incidents/{incident_id}/deliveries.csv", headers=auth(keys["auditor"]))
    assert r.status_code == 200
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True), newline="")))
    assert sorted(row["channel"] for row in rows) == ["email", "sms"]  # not an empty export
    # The export names customers by id, never by name; hostile cells that do reach it are
    # tests/audit/test_deliveries.py::test_csv_cells_cannot_start_a_formula's subject.
    assert not [cell for row in rows for cell in row.values()
                if hostile in cell or cell.startswith(("=", "+", "@"))]


@pytest.mark.parametrize("text", [
    "{{ config }}", "{{ config.SECRET_KEY }}", "{% for x in range(3) %}LOOP{% endfor %}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}", "{# comment #}", "{{ customer.email }}",
])
def test_template_code_in_facts_is_text(client, keys, text):
    facts = {**FACTS, "what_happened": f"Checkout failed at 09:10. {text}"}
    r = client.post("/v1/templates/preview", headers=auth(keys["comms"]),
                    json={"kind": "outage", "channel": "email", "locale": "en", "facts": facts,
                          "customer": {"name": text, "attributes": {"plan": text}}})
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert text in body["text"]  # shown literally, never run
    assert "LOOPLOOP" not in body["text"] and "<class" not in body["text"]
    assert "SECRET" not in body["text"] or "config.SECRET_KEY" in body["text"]


@pytest.mark.parametrize("field, value", [
    ("kind", "../../../../etc/passwd"), ("kind", "outage/../../secret"),
    ("channel", "../email"), ("locale", "../../en"), ("locale", "en/../../x"),
    ("kind", "outage\u0000"),
])
def test_path_traversal_in_template_names_is_a_422(client, keys, field, value):
    body = {"kind": "outage", "channel": "email", "locale": "en", "facts": FACTS, field: value}
    r = client.post("/v1/templates/preview", headers=auth(keys["comms"]), json=body)
    assert r.status_code == 422, r.get_json()


@pytest.mark.parametrize("name", ["../../../etc/passwd", "/etc/passwd", "outage/../../wsgi.py",
                                  "pages/../../gateway/config"])
def test_the_renderer_itself_loads_nothing_outside_templates(name):
    renderer = get_renderer()
    with pytest.raises((RenderError, UnknownTemplate)):
        renderer.render(name, "email", "en", {})
    with pytest.raises((RenderError, UnknownTemplate)):
        renderer.render("outage", "email", name, {})
    with pytest.raises((RenderError, UnknownTemplate)):
        renderer.locate_page(name, "en")


@pytest.mark.parametrize("title", ["Checkout down\r\nBcc: evil@example.com",
                                   "Checkout down\nX-Injected: 1", "Checkout\rdown"])
def test_crlf_cannot_reach_an_email_subject(app, client, keys, title):
    from gateway.delivery.models import OutboxMessage
    from gateway.store.db import db

    put_customer(client, keys["system"], "c1")
    r = client.post("/v1/incidents", headers=auth(keys["system"], **{"Idempotency-Key": "crlf"}),
                    json={"kind": "outage", "severity": "high", "title": title, "facts": FACTS,
                          "audience": {"all": True}})
    assert r.status_code in (202, 422)
    if r.status_code == 202:  # accepted: the subject is folded onto one line
        run_worker(app)
        with app.app_context():
            subjects = [m.subject for m in db.session.query(OutboxMessage)]
        assert subjects and all("\r" not in s and "\n" not in s for s in subjects), subjects
    facts = {**FACTS, "what_happened": "Checkout failed.\r\nBcc: evil@example.com"}
    r = client.post("/v1/templates/preview", headers=auth(keys["comms"]),
                    json={"kind": "outage", "channel": "email", "locale": "en", "facts": facts})
    assert r.status_code in (200, 422)
    if r.status_code == 200:
        assert "\r" not in r.get_json()["subject"] and "\n" not in r.get_json()["subject"]


@pytest.mark.parametrize("path", ["/v1/incidents/{big}", "/v1/incidents/{big}/report",
                                  "/v1/incidents/{big}/deliveries", "/v1/incidents/{big}/approve",
                                  "/v1/incidents/{big}/cancel"])
def test_ids_beyond_64_bits_are_404_not_500(client, keys, path):
    url = path.format(big=2**64 + 1)
    method = "POST" if path.endswith(("approve", "cancel")) else "GET"
    r = client.open(url, method=method, json={}, headers=auth(keys["admin"]))
    assert r.status_code == 404, r.get_data(as_text=True)

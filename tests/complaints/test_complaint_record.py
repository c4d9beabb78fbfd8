"""The customer record (API and console) and the console's complaint pages."""

from __future__ import annotations

from tests.support.api import auth
from tests.support.console import console_client
from tests.support.lifecycle import FACTS

PHONE = "+14155552671"


def history(h, external_id, role="comms"):
    return h.client.get(f"/v1/customers/{external_id}/history", headers=auth(h.keys[role]))


def complain(h, text="My parcel has not arrived yet.", key="c1", customer="mei"):
    r = h.client.post("/v1/complaints", json={"customer_id": customer, "channel": "email",
                                               "text": text},
                      headers=auth(h.keys["system"], **{"Idempotency-Key": key}))
    assert r.status_code == 202, r.get_json()
    return r.get_json()["id"]


def test_history_of_a_customer_with_several_incidents(h):
    h.customer("mei", name="Mei Tan", phone=PHONE)
    first = h.incident(channels=["email"])
    late = {**FACTS, "what_happened": "Our warehouse sent orders two days late."}
    second = h.incident(channels=["email"], title="Orders were late", facts=late)
    cid = complain(h)
    h.work()
    h.inbound(PHONE, "Thanks, all good now")  # not an ack word: a reply for a person
    r = history(h, "mei")
    assert r.status_code == 200
    record = r.get_json()
    assert record["customer"]["external_id"] == "mei" and "email" not in record["customer"]
    assert [i["id"] for i in record["incidents"]] == [second, first]
    notice = record["incidents"][0]["deliveries"][0]
    assert notice["status"] == "sent" and notice["channel"] == "email"
    assert "Our warehouse sent orders two days late." in notice["text"]
    assert notice["text_as_sent"] is True  # re-rendered, byte for byte what went out
    assert "Our checkout stopped taking payments" in record["incidents"][1]["deliveries"][0]["text"]
    [complaint] = [c for c in record["complaints"] if c["id"] == cid]
    assert complaint["topic"] == "late_delivery"
    assert [s["action"] for s in complaint["timeline"]][0] == "received"
    assert complaint["deliveries"][0]["purpose"] == "complaint_ack"
    assert "will contact you by" in complaint["deliveries"][0]["text"]
    assert record["compensation"] == []
    assert history(h, "mei", "auditor").status_code == 200
    assert history(h, "mei", "approver").status_code == 403
    assert history(h, "nobody").status_code == 404
    h.client.delete("/v1/customers/mei", headers=auth(h.keys["system"]))
    assert history(h, "mei").status_code == 404


def test_console_finds_customers_by_exact_email_or_phone_only(h):
    h.customer("mei", name="Mei Tan", phone=PHONE)
    h.customer("bo", name="Bo")
    client, _ = console_client(h.app, h.keys["comms"])
    for term in ("mei", "MEI@example.com", PHONE):
        r = client.get("/console/customers", query_string={"q": term})
        assert r.status_code == 302 and r.headers["Location"].endswith("/console/customers/mei")
    partial = client.get("/console/customers", query_string={"q": "mei@example"})
    assert partial.status_code == 200 and "No customer matches exactly." in partial.get_data(
        as_text=True)
    page = client.get("/console/customers/mei")
    assert page.status_code == 200 and "Mei Tan" in page.get_data(as_text=True)
    h.client.delete("/v1/customers/mei", headers=auth(h.keys["system"]))
    assert client.get("/console/customers", query_string={"q": PHONE}).status_code == 200
    assert client.get("/console/customers/mei").status_code == 404


def test_console_queue_and_complaint_page_comms_act_auditor_reads(h):
    h.customer("mei", name="Mei Tan")
    h.customer("li", locale="zh-CN")
    cid = complain(h)
    other = complain(h, "我被扣了两次款", key="c2", customer="li")
    comms, token = console_client(h.app, h.keys["comms"])
    queue = comms.get("/console/complaints").get_data(as_text=True)
    assert f"#{cid}" in queue and f"#{other}" in queue and "min left" in queue
    only = comms.get("/console/complaints?topic=charged_twice").get_data(as_text=True)
    assert f"#{other}" in only and f"#{cid}<" not in only
    r = comms.post(f"/console/complaints/{cid}/contact",
                   data={"csrf_token": token, "note": "Called Mei about the parcel."})
    assert r.status_code == 302
    page = comms.get(f"/console/complaints/{cid}").get_data(as_text=True)
    assert "Called Mei about the parcel." in page and "In progress" in page
    r = comms.post(f"/console/complaints/{cid}/resolve",
                   data={"csrf_token": token, "resolution": "It was due to our vendor."})
    page = comms.get(r.headers["Location"]).get_data(as_text=True)
    assert "In progress" in page  # the blaming text was refused; nothing changed
    assert comms.post(f"/console/complaints/{cid}/contact", data={"note": "x"}).status_code == 400

    auditor, atoken = console_client(h.app, h.keys["auditor"])
    seen = auditor.get(f"/console/complaints/{cid}").get_data(as_text=True)
    assert "Called Mei about the parcel." in seen and "Record the contact" not in seen
    r = auditor.post(f"/console/complaints/{cid}/assign",
                     data={"csrf_token": atoken, "owner": "auditor"})
    assert r.status_code == 403
    approver, _ = console_client(h.app, h.keys["approver"])
    assert approver.get("/console/complaints").status_code == 403
    zh = comms.get("/console/complaints", headers={"Accept-Language": "zh-CN"})
    assert "投诉" in zh.get_data(as_text=True)

"""Promised times must lie ahead (SPEC, Incidents): intake, edit and update
refuse a past `next_update_at` or compensation date with 422 naming the field;
approving an incident whose next update time passed while it waited is 409
`next_update_required` unless the approver gives a new one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from gateway.incidents.models import Incident
from gateway.store.db import db
from tests.support.api import FACTS, auth, put_customer
from tests.support.clock import iso_from_now
from tests.support.console import console_client
from tests.support.processes import ROOT

YESTERDAY = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
TODAY = datetime.now(UTC).date().isoformat()


def _post(client, key, facts, kind="outage", idem="p-1"):
    return client.post("/v1/incidents", headers=auth(key, **{"Idempotency-Key": idem}),
                       json={"kind": kind, "severity": "high", "title": "Checkout down",
                             "facts": facts, "audience": {"customer_ids": ["c1"]}})


def _fields(r) -> set[str]:
    return {d["field"] for d in r.get_json()["error"]["details"]}


def _incidents(app) -> int:
    with app.app_context():
        return len(db.session.execute(select(Incident.id)).all())


COMP = {"description": "A credit for your next order", "amount": "10.00", "currency": "USD"}


@pytest.mark.parametrize("facts, field", [
    ({**FACTS, "next_update_at": iso_from_now(minutes=-1)}, "facts.next_update_at"),
    ({**FACTS, "compensation": {**COMP, "when": YESTERDAY}}, "facts.compensation.when"),
    ({"en": {**FACTS}, "zh-CN": {**FACTS, "next_update_at": iso_from_now(hours=-3)}},
     "facts.zh-CN.next_update_at"),
])
def test_intake_refuses_a_promise_already_broken(app, client, keys, facts, field):
    put_customer(client, keys["system"], "c1")
    r = _post(client, keys["system"], facts)
    assert r.status_code == 422, r.get_json()
    assert field in _fields(r)
    assert _incidents(app) == 0


@pytest.mark.parametrize("when", [TODAY, "within 5 working days"])
def test_today_and_plain_words_are_accepted_as_compensation_dates(client, keys, when):
    put_customer(client, keys["system"], "c1")
    r = _post(client, keys["system"], {**FACTS, "compensation": {**COMP, "when": when}})
    assert r.status_code == 202, r.get_json()


def test_edit_and_update_refuse_past_promises(client, keys):
    put_customer(client, keys["system"], "c1")
    r = _post(client, keys["system"], FACTS, kind="data_breach")  # waits for approval
    assert r.status_code == 202 and r.get_json()["status"] == "pending_approval"
    incident_id = r.get_json()["id"]
    body = {"kind": "data_breach", "severity": "high", "title": "Checkout down",
            "facts": {**FACTS, "next_update_at": iso_from_now(hours=-1)},
            "audience": {"customer_ids": ["c1"]}}
    r = client.put(f"/v1/incidents/{incident_id}", json=body, headers=auth(keys["system"]))
    assert r.status_code == 422 and "facts.next_update_at" in _fields(r)
    body["facts"] = {**FACTS, "compensation": {**COMP, "when": YESTERDAY}}
    r = client.put(f"/v1/incidents/{incident_id}", json=body, headers=auth(keys["system"]))
    assert r.status_code == 422 and "facts.compensation.when" in _fields(r)

    other = _post(client, keys["system"], FACTS, idem="p-2").get_json()["id"]  # dispatching
    r = client.post(f"/v1/incidents/{other}/updates",
                    headers=auth(keys["system"], **{"Idempotency-Key": "u-1"}),
                    json={"stage": "identified", "message": "We found the cause.",
                          "next_update_at": iso_from_now(minutes=-5)})
    assert r.status_code == 422 and _fields(r) == {"next_update_at"}


def _waited_past_its_promise(app, incident_id: int) -> None:
    """The approver comes back after the promised time: move it into the past."""
    with app.app_context():
        incident = db.session.get(Incident, incident_id)
        past = datetime.now(UTC) - timedelta(minutes=10)
        incident.facts = {**incident.facts, "next_update_at": past.isoformat()}
        incident.next_update_at = past
        db.session.commit()


def test_approving_after_the_promised_update_time_needs_a_new_one(app, client, keys):
    put_customer(client, keys["system"], "c1")
    incident_id = _post(client, keys["system"], FACTS, kind="data_breach").get_json()["id"]
    _waited_past_its_promise(app, incident_id)
    url = f"/v1/incidents/{incident_id}/approve"
    r = client.post(url, json={}, headers=auth(keys["approver"]))
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "next_update_required"
    r = client.post(url, json={"next_update_at": iso_from_now(minutes=-1)},
                    headers=auth(keys["approver"]))
    assert r.status_code == 422 and _fields(r) == {"next_update_at"}
    state = client.get(f"/v1/incidents/{incident_id}", headers=auth(keys["approver"])).get_json()
    assert state["status"] == "pending_approval"
    new = iso_from_now(hours=3)
    r = client.post(url, json={"next_update_at": new}, headers=auth(keys["approver"]))
    assert r.status_code == 200, r.get_json()
    state = r.get_json()
    assert state["status"] == "dispatching"
    assert state["facts"]["next_update_at"] == new
    assert datetime.fromisoformat(state["next_update_at"]) == datetime.fromisoformat(new)


def test_the_console_approval_form_asks_for_the_new_time(app, client, keys):
    put_customer(client, keys["system"], "c1")
    incident_id = _post(client, keys["system"], FACTS, kind="data_breach").get_json()["id"]
    _waited_past_its_promise(app, incident_id)
    console, csrf = console_client(app, keys["approver"])
    page = console.get("/console/approvals").get_data(as_text=True)
    assert f'id="approve-next-{incident_id}" name="next_update_at" type="datetime-local"' in page
    assert "has passed while this waited" in page
    url = f"/console/approvals/{incident_id}/approve"
    r = console.post(url, data={"csrf_token": csrf}, follow_redirects=True)
    assert "the promised next update time has passed" in r.get_data(as_text=True)
    ahead = (datetime.now(UTC) + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    r = console.post(url, data={"csrf_token": csrf, "next_update_at": ahead})
    assert r.status_code == 302
    with app.app_context():
        incident = db.session.get(Incident, incident_id)
        assert incident.status == "dispatching"
        assert incident.next_update_at > datetime.now(UTC)


def test_the_readme_tour_incident_is_accepted_whenever_it_runs(client, keys):
    """The tour's own shell lines (its `date -u -d …` times) make the body."""
    import re
    import subprocess

    readme = (ROOT / "README.md").read_text()
    tour = re.search(r"(NEXT=.*?require_ack\": true}')", readme, re.S)
    assert tour, "the README tour posts an incident with computed times"
    script = 'curl() { for a; do last=$a; done; printf "%s" "$last"; }\n' + tour.group(1)
    body = subprocess.run(["bash", "-c", script], capture_output=True, text=True,
                          check=True).stdout
    put_customer(client, keys["system"], "c1", name="Mei Tan",
                 attributes={"order_id": "58213"})
    r = client.post("/v1/incidents", data=body,
                    headers=auth(keys["admin"], **{"Idempotency-Key": "tour-1",
                                                   "Content-Type": "application/json"}))
    assert r.status_code == 202, r.get_json()

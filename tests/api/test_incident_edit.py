"""Editing a pending incident (`PUT /v1/incidents/{id}`) and approval expiry.

An edit replaces the content, re-runs lint, re-snapshots the audience and
starts approval over: the editing key becomes an author (four eyes) and the
approval clock restarts. Time is moved by rewriting `created_at`/`edited_at`
in the database, never by sleeping.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlalchemy import select, update

from gateway.audit.models import AuditRecord
from gateway.incidents.models import Incident, Recipient
from gateway.store.db import db, utcnow
from tests.support.api import FACTS, auth, incident_body
from tests.support.pipeline import run_worker

VENDOR = {**FACTS, "what_happened": "Due to our vendor, checkout stopped taking payments."}


def incident(**overrides):
    return incident_body(**{"audience": {"customer_ids": ["c0", "c1"]}, "channels": ["email"],
                            **overrides})


def post(client, key, body, idem="k1"):
    r = client.post("/v1/incidents", json=body, headers=auth(key, **{"Idempotency-Key": idem}))
    assert r.status_code == 202, r.get_json()
    return r.get_json()


def put(client, key, incident_id, body):
    return client.put(f"/v1/incidents/{incident_id}", json=body, headers=auth(key))


def approve(client, key, incident_id, **body):
    return client.post(f"/v1/incidents/{incident_id}/approve", json=body, headers=auth(key))


def recipients(app, incident_id) -> set[int]:
    with app.app_context():
        return set(db.session.execute(select(Recipient.customer_id).where(
            Recipient.incident_id == incident_id)).scalars())


def edits(app, incident_id) -> list[AuditRecord]:
    with app.app_context():
        return list(db.session.execute(select(AuditRecord).where(
            AuditRecord.incident_id == incident_id, AuditRecord.action == "incident.edited")
            .order_by(AuditRecord.id)).scalars())


def age(app, incident_id, minutes, *, edited: bool = False) -> None:
    """Pretend the incident was created (or last edited) `minutes` ago."""
    at = utcnow() - timedelta(minutes=minutes)
    with app.app_context():
        values = {"edited_at": at} if edited else {"created_at": at}
        db.session.execute(update(Incident).where(Incident.id == incident_id).values(**values))
        db.session.commit()



def test_edit_that_removes_the_lint_error_dispatches_at_once(app, client, keys, customers):
    created = post(client, keys["system"], incident(facts=VENDOR))
    assert created["status"] == "pending_approval"
    assert created["approval_reasons"] == ["lint_errors"]
    r = put(client, keys["comms"], created["id"], incident())
    assert r.status_code == 200, r.get_json()
    state = r.get_json()
    assert not [f for f in state["lint"] if f["severity"] == "error"]
    assert state["approval_reasons"] == [] and state["status"] == "dispatching"
    assert state["edited_by"] == "test-comms" and state["edited_at"]
    assert state["decided_by"] is None  # nobody approved: nothing needed approval
    [record] = edits(app, created["id"])
    assert record.actor == "test-comms" and record.actor_role == "comms"
    assert record.data["changed"] == ["facts"]
    assert record.data["lint_errors"]["before"] >= 1 and record.data["lint_errors"]["after"] == 0
    assert record.data["audience_size"] == {"before": 2, "after": 2}
    assert record.data["status"] == "dispatching"
    run_worker(app)  # the edit started the dispatch, as creation would have
    state = client.get(f"/v1/incidents/{created['id']}", headers=auth(keys["auditor"])).get_json()
    assert state["counts"] == {"email": {"sent": 2}}


def test_edit_that_still_needs_approval_stays_pending_with_new_reasons(app, client, keys,
                                                                        customers):
    created = post(client, keys["system"], incident(facts=VENDOR))
    r = put(client, keys["system"], created["id"], incident(kind="data_breach"))
    assert r.status_code == 200
    state = r.get_json()
    assert state["status"] == "pending_approval"
    assert state["approval_reasons"] == ["data_breach"]  # lint fixed, but a breach needs eyes
    assert state["kind"] == "data_breach"
    run_worker(app)
    assert client.get(f"/v1/incidents/{created['id']}",
                      headers=auth(keys["system"])).get_json()["counts"] == {}
    [record] = edits(app, created["id"])
    assert record.data["changed"] == ["kind", "facts"]
    assert record.data["approval_reasons"] == {"before": ["lint_errors"],
                                               "after": ["data_breach"]}


def test_edit_re_snapshots_the_audience(app, client, keys, customers):
    app.config["GATEWAY"] = replace(app.config["GATEWAY"], approval_audience_threshold=3)
    created = post(client, keys["comms"], incident(kind="data_breach"))
    before = recipients(app, created["id"])
    assert len(before) == 2
    r = put(client, keys["comms"], created["id"],
            incident(kind="data_breach", audience={"tags_any": ["eu", "us"]}))
    state = r.get_json()
    assert state["audience_size"] == 5 and state["unknown_customer_ids"] == []
    assert state["approval_reasons"] == ["audience_over_threshold", "data_breach"]
    assert state["audience"] == {"tags_any": ["eu", "us"]}
    after = recipients(app, created["id"])
    assert len(after) == 5 and before < after
    r = put(client, keys["comms"], created["id"],
            incident(kind="data_breach", audience={"customer_ids": ["c4", "ghost"]}))
    state = r.get_json()
    assert state["audience_size"] == 1 and state["unknown_customer_ids"] == ["ghost"]
    assert state["approval_reasons"] == ["data_breach"]
    assert len(recipients(app, created["id"])) == 1
    first, second = edits(app, created["id"])
    assert first.data["audience_size"] == {"before": 2, "after": 5}
    assert second.data["audience_size"] == {"before": 5, "after": 1}
    assert second.data["changed"] == ["audience"]
    # approval dispatches to the new snapshot
    assert approve(client, keys["approver"], created["id"]).status_code == 200
    run_worker(app)
    state = client.get(f"/v1/incidents/{created['id']}", headers=auth(keys["system"])).get_json()
    assert state["counts"] == {"email": {"sent": 1}}


def test_a_key_that_edited_cannot_approve(app, client, keys, customers):
    created = post(client, keys["system"], incident(kind="data_breach"))
    assert put(client, keys["admin"], created["id"],
               incident(kind="data_breach", title="Checkout down")).status_code == 200
    r = approve(client, keys["admin"], created["id"])
    assert r.status_code == 403 and r.get_json()["error"]["code"] == "self_approval"
    # a later edit by someone else does not make the earlier editor a neutral reviewer
    assert put(client, keys["comms"], created["id"],
               incident(kind="data_breach", title="Checkout was down")).status_code == 200
    assert approve(client, keys["admin"], created["id"]).status_code == 403
    r = client.post(f"/v1/incidents/{created['id']}/reject", json={"reason": "mine"},
                    headers=auth(keys["admin"]))
    assert r.status_code == 403
    r = approve(client, keys["approver"], created["id"], reason="Read the edited text.")
    assert r.status_code == 200 and r.get_json()["status"] == "dispatching"
    assert r.get_json()["title"] == "Checkout was down"


def test_edit_is_only_for_pending_incidents(app, client, keys, customers):
    sent = post(client, keys["system"], incident(), idem="a")
    assert sent["status"] == "dispatching"
    r = put(client, keys["system"], sent["id"], incident(title="Too late"))
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "not_pending_approval"
    pending = post(client, keys["system"], incident(kind="data_breach"), idem="b")
    client.post(f"/v1/incidents/{pending['id']}/reject", json={"reason": "no"},
                headers=auth(keys["approver"]))
    r = put(client, keys["system"], pending["id"], incident(kind="data_breach"))
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "not_pending_approval"
    assert put(client, keys["system"], 999_999, incident()).status_code == 404
    assert edits(app, sent["id"]) == [] and edits(app, pending["id"]) == []


def test_only_system_and_comms_edit_and_the_body_is_validated(app, client, keys, customers):
    created = post(client, keys["system"], incident(kind="data_breach"))
    for role in ("auditor", "approver"):
        r = put(client, keys[role], created["id"], incident(kind="data_breach", title="x"))
        assert r.status_code == 403, role
    assert client.put(f"/v1/incidents/{created['id']}", json=incident()).status_code == 401
    r = put(client, keys["comms"], created["id"], incident(audience={}))
    assert r.status_code == 422
    r = put(client, keys["comms"], created["id"], incident(facts={"impact": "x"}))
    assert r.status_code == 422
    with app.app_context():
        row = db.session.get(Incident, created["id"])
        assert row.title == "Checkout unavailable" and row.edited_at is None
    assert edits(app, created["id"]) == []
    assert "put" in client.get("/openapi.json").get_json()["paths"]["/v1/incidents/{id}"]


def test_stale_draft_cannot_be_approved_until_edited(app, client, keys, customers):
    created = post(client, keys["system"], incident(kind="data_breach"))
    age(app, created["id"], 61)
    r = approve(client, keys["approver"], created["id"])
    assert r.status_code == 409
    error = r.get_json()["error"]
    assert error["code"] == "approval_expired" and "edit it" in error["message"]
    state = client.get(f"/v1/incidents/{created['id']}", headers=auth(keys["system"])).get_json()
    assert state["status"] == "pending_approval"
    # an edit restarts the clock …
    assert put(client, keys["system"], created["id"], incident(kind="data_breach")).status_code \
        == 200
    assert approve(client, keys["approver"], created["id"]).status_code == 200


def test_expiry_counts_from_the_latest_edit(app, client, keys, customers):
    fresh = post(client, keys["system"], incident(kind="data_breach"), idem="a")
    stale = post(client, keys["system"], incident(kind="data_breach"), idem="b")
    for item in (fresh, stale):
        assert put(client, keys["system"], item["id"], incident(kind="data_breach")).status_code \
            == 200
        age(app, item["id"], 600)  # created long ago …
    age(app, fresh["id"], 59, edited=True)  # … but edited within the hour
    age(app, stale["id"], 61, edited=True)
    assert approve(client, keys["approver"], fresh["id"]).status_code == 200
    r = approve(client, keys["approver"], stale["id"])
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "approval_expired"
    # a stale draft can still be rejected
    r = client.post(f"/v1/incidents/{stale['id']}/reject",
                    json={"reason": "Too old; write it again."}, headers=auth(keys["approver"]))
    assert r.status_code == 200 and r.get_json()["status"] == "rejected"


def test_ttl_is_configurable(app, client, keys, customers):
    app.config["GATEWAY"] = replace(app.config["GATEWAY"], approval_ttl_minutes=5)
    created = post(client, keys["system"], incident(kind="data_breach"))
    age(app, created["id"], 6)
    assert approve(client, keys["approver"], created["id"]).status_code == 409
    app.config["GATEWAY"] = replace(app.config["GATEWAY"], approval_ttl_minutes=10)
    assert approve(client, keys["approver"], created["id"]).status_code == 200


def test_config_reads_approval_ttl_from_the_environment(tmp_path):
    from gateway.config import Config

    base = {"GATEWAY_INSTANCE_PATH": str(tmp_path)}
    assert Config.from_env(base).approval_ttl_minutes == 60
    assert Config.from_env({**base, "APPROVAL_TTL_MINUTES": "15"}).approval_ttl_minutes == 15


def test_a_decision_names_the_version_it_read(app, client, keys, customers):
    created = post(client, keys["system"], incident(kind="data_breach"))
    url = f"/v1/incidents/{created['id']}"
    read = client.get(url, headers=auth(keys["approver"])).get_json()["version"]
    state = put(client, keys["comms"], created["id"],
                incident(kind="data_breach", title="Changed meanwhile")).get_json()
    assert state["version"] != read
    for action, body in (("approve", {}), ("reject", {"reason": "no"})):
        r = client.post(f"{url}/{action}", json={**body, "version": read},
                        headers=auth(keys["approver"]))
        assert r.status_code == 409 and r.get_json()["error"]["code"] == "incident_changed"
    r = client.post(f"{url}/approve", json={"version": state["version"]},
                    headers=auth(keys["approver"]))
    assert r.status_code == 200 and r.get_json()["title"] == "Changed meanwhile"


def test_concurrent_edit_and_approval_never_interleave(app, keys, customers):
    """An approval racing an edit either approves the old text (the edit then
    gets 409) or sees the edit (and, naming the version it read, gets 409)."""
    import threading

    client = app.test_client()
    created = post(client, keys["system"], incident(kind="data_breach"))
    url = f"/v1/incidents/{created['id']}"
    read = client.get(url, headers=auth(keys["approver"])).get_json()["version"]
    results: dict[str, int] = {}
    barrier = threading.Barrier(2)

    def edit() -> None:
        barrier.wait()
        results["edit"] = app.test_client().put(
            url, json=incident(kind="data_breach", title="Edited"),
            headers=auth(keys["comms"])).status_code

    def decide() -> None:
        barrier.wait()
        results["approve"] = app.test_client().post(
            f"{url}/approve", json={"version": read}, headers=auth(keys["approver"])).status_code

    threads = [threading.Thread(target=edit), threading.Thread(target=decide)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results.values()) == [200, 409], results
    state = client.get(url, headers=auth(keys["auditor"])).get_json()
    if results["approve"] == 200:
        assert state["status"] == "dispatching" and state["title"] == "Checkout unavailable"
        assert state["edited_at"] is None
    else:
        assert state["status"] == "pending_approval" and state["title"] == "Edited"

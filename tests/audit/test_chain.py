"""The audit chain: integrity under concurrent writers, and tamper detection
(records, delivery events, truncation) with `broken_at` at the right record."""

from __future__ import annotations

import json
import logging
import multiprocessing
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from sqlalchemy import func, select, text

from gateway.audit import chain as audit
from gateway.audit.models import AuditRecord
from gateway.cli import main as cli_main
from gateway.delivery.models import Delivery, DeliveryEvent
from gateway.jobs.send import record_events
from gateway.jobs.sweeps import SWEEPS
from gateway.reports.verify import read_anchors, verify, write_anchor
from gateway.store.db import db, utcnow
from tests.support.api import auth
from tests.support.audit import tamper
from tests.support.audit_writers import write


def records() -> list:
    """Plain rows (not ORM objects, which a rollback would expire)."""
    table = AuditRecord.__table__
    return list(db.session.execute(select(table).order_by(table.c.id)).all())


def batch_ids() -> list[int]:
    return [r.id for r in records() if r.action == "deliveries.batch"]


def test_a_real_dispatch_verifies_and_every_event_is_covered(app, dispatched):
    with app.app_context():
        result = verify()
        assert result == {"ok": True, "records": len(records())}
        batches = [r for r in records() if r.action == "deliveries.batch"]
        assert batches and sum(r.data["events"] for r in batches) == db.session.execute(
            select(func.count()).select_from(DeliveryEvent)).scalar()
        assert {r.action for r in records()} >= {"key.created", "incident.created",
                                                 "deliveries.batch"}


def test_chain_stays_linear_under_concurrent_threads(app, dispatched):
    with app.app_context():
        ids = list(db.session.execute(select(Delivery.id)).scalars())
        before = len(records())
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            with app.app_context():
                for i in range(10):
                    audit.append("test.write", actor=f"t{n}", actor_role="system", data={"i": i})
                    db.session.commit()
                    record_events([{"delivery_id": d, "status": "delivered", "at": utcnow(),
                                    "detail": {"t": n, "i": i}} for d in ids], dispatched)
                    db.session.commit()
                db.session.remove()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with app.app_context():
        rows = records()
        assert len(rows) == before + 6 * 10 * 2
        assert len({r.prev_hash for r in rows}) == len(rows)  # no fork: every hash used once
        assert verify() == {"ok": True, "records": len(rows)}


def test_chain_stays_linear_with_two_writer_processes(app, config, dispatched):
    with app.app_context():
        ids = list(db.session.execute(select(Delivery.id)).scalars())
        before = len(records())
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Event()
    procs = [ctx.Process(target=write, args=(config.database_url, config.redis_url,
                                             str(config.instance_path), f"p{n}", ids, dispatched,
                                             15, start)) for n in range(2)]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    with app.app_context():
        rows = records()
        assert len(rows) == before + 2 * 15 * 2
        assert {r.actor for r in rows} >= {"p0", "p1"}
        assert len({r.prev_hash for r in rows}) == len(rows)
        assert verify() == {"ok": True, "records": len(rows)}
    for n in range(2):
        Path(config.instance_path, f"done-p{n}").unlink()


def test_batch_records_and_other_records_chain_within_one_transaction(app, dispatched):
    """A batch record (fixed SQL on the driver) between two records the ORM wrote,
    all in one transaction: each links to the one before, and verify re-hashes
    every field as read back, the batch's events included."""
    with app.app_context():
        ids = list(db.session.execute(select(Delivery.id).order_by(Delivery.id)).scalars())
        before = records()
        audit.append("test.before", actor="t", actor_role="system", data={"n": 1})
        record_events([{"delivery_id": d, "status": "delivered", "at": utcnow(),
                        "detail": {"note": "é", "n": 2}} for d in ids], dispatched)
        audit.append("test.after", actor="t", actor_role="system", data={"n": 3})
        db.session.commit()
        added = records()[len(before):]
        assert [r.action for r in added] == ["test.before", "deliveries.batch", "test.after"]
        assert [r.prev_hash for r in added] == [before[-1].hash, added[0].hash, added[1].hash]
        batch = added[1]
        assert (batch.actor, batch.actor_role, batch.incident_id) == ("worker", "system",
                                                                      dispatched)
        assert batch.data["events"] == len(ids)
        assert batch.data["last_event_id"] - batch.data["first_event_id"] + 1 == len(ids)
        assert verify() == {"ok": True, "records": len(before) + 3}


def test_edited_record_is_pointed_at(app, dispatched):
    with app.app_context():
        target = records()[2]
        tamper("UPDATE audit_log SET actor = 'mallory' WHERE id = :id", id=target.id)
        assert verify()["broken_at"] == target.id


def test_edited_record_with_recomputed_hash_breaks_the_next_link(app, dispatched):
    with app.app_context():
        rows = records()
        target, after = rows[2], rows[3]
        new_hash = audit.record_hash(target.prev_hash, target.at, "mallory", target.actor_role,
                                     target.action, target.incident_id, target.data)
        tamper("UPDATE audit_log SET actor = 'mallory', hash = :h WHERE id = :id",
               h=new_hash, id=target.id)
        assert verify() == {"ok": False, "records": len(rows), "broken_at": after.id}


def test_deleted_record_breaks_the_chain_at_its_successor(app, dispatched):
    with app.app_context():
        rows = records()
        tamper("DELETE FROM audit_log WHERE id = :id", id=rows[3].id)
        assert verify() == {"ok": False, "records": len(rows) - 1, "broken_at": rows[4].id}


def test_reordered_records_are_detected(app, dispatched):
    with app.app_context():
        rows = records()
        columns = ("at", "actor", "actor_role", "action", "incident_id", "data", "prev_hash",
                   "hash")
        a, b = ({c: getattr(r, c) for c in columns} | {"id": r.id} for r in rows[1:3])
        for row in (a, b):
            row["data"] = json.dumps(row["data"])
        # Swap the contents of two records (ids stay): their order changed.
        tamper("UPDATE audit_log SET hash = 'x' || substr(hash, 2) WHERE id IN (:a, :b)",
               a=a["id"], b=b["id"])
        sets = ", ".join(f"{c} = :{c}" for c in columns)
        for src, dst in ((a, b), (b, a)):
            tamper(f"UPDATE audit_log SET {sets} WHERE id = :target",
                   target=dst["id"], **{c: src[c] for c in columns})
        assert verify()["broken_at"] == a["id"]


def test_truncate_then_append_is_caught_by_the_anchor(app, dispatched):
    with app.app_context():
        for i in range(3):  # records after the last batch: cutting them leaves no event uncovered
            audit.append("test.tail", actor="t", actor_role="admin", data={"i": i})
            db.session.commit()
        rows = records()
        anchor = write_anchor()
        assert anchor["id"] == rows[-1].id
        assert read_anchors(rows[0].hash) == {rows[-1].id: rows[-1].hash}
        cut = rows[-3].id
        tamper("DELETE FROM audit_log WHERE id >= :id", id=cut)
        # Without anchors the shortened chain is self-consistent: that is why they exist.
        assert verify(anchors={})["ok"] is True
        audit.append("test.after_cut", actor="mallory", actor_role="admin")
        db.session.commit()
        assert verify(anchors={})["ok"] is True
        result = verify()
        assert result["ok"] is False and result["broken_at"] == rows[-1].id


def test_truncated_tail_without_append_is_caught_by_the_anchor(app, dispatched):
    with app.app_context():
        audit.append("test.tail", actor="t", actor_role="admin")
        db.session.commit()
        rows = records()
        write_anchor()
        tamper("DELETE FROM audit_log WHERE id = :id", id=rows[-1].id)
        assert verify(anchors={})["ok"] is True
        assert verify()["broken_at"] == rows[-1].id


def test_anchor_is_a_scheduler_sweep_and_writes_a_metric_and_a_log_line(app, dispatched, caplog):
    sweep = {name: fn for name, _every, fn in SWEEPS}["anchor_audit_chain"]
    every = {name: every for name, every, _fn in SWEEPS}["anchor_audit_chain"]
    assert every == 86_400
    # Alembic's fileConfig (run by the migrate fixture) disables loggers that existed then.
    logging.getLogger("gateway.audit").disabled = False
    with app.app_context(), caplog.at_level("INFO", logger="gateway.audit"):
        anchor = sweep()
        assert any(getattr(r, "audit_anchor", None) == anchor for r in caplog.records)
        assert verify()["ok"] is True


def test_edited_delivery_event_points_at_the_batch_record_covering_it(app, dispatched):
    with app.app_context():
        batch = [r for r in records() if r.action == "deliveries.batch"][-1]
        event_id = batch.data["first_event_id"]
        db.session.rollback()
        tamper("UPDATE delivery_events SET status = 'delivered' WHERE id = :id", id=event_id)
        assert verify()["broken_at"] == batch.id


def test_deleted_delivery_event_points_at_its_batch(app, dispatched):
    with app.app_context():
        batch = [r for r in records() if r.action == "deliveries.batch"][0]
        tamper("DELETE FROM delivery_events WHERE id = :id", id=batch.data["last_event_id"])
        assert verify()["broken_at"] == batch.id


def test_inserted_delivery_event_is_not_covered(app, dispatched):
    with app.app_context():
        last_batch = batch_ids()[-1]
        delivery_id = db.session.execute(select(Delivery.id).limit(1)).scalar()
        db.session.rollback()
        tamper("INSERT INTO delivery_events (delivery_id, status, at, detail) "
               "VALUES (:d, 'acked', :at, '{}')", d=delivery_id, at=utcnow())
        assert verify()["broken_at"] == last_batch


def test_erasure_keeps_the_chain_valid_and_holds_no_contact_data(app, client, keys, dispatched):
    r = client.delete("/v1/customers/c1", headers=auth(keys["system"]))
    assert r.status_code in (200, 204)
    with app.app_context():
        assert verify()["ok"] is True
        erased = [x for x in records() if x.action == "customer.erased"]
        assert erased and erased[0].data.get("external_id") == "c1"
        blob = " ".join(str(x.data) for x in records())
        assert "@example.com" not in blob and "+49151" not in blob


def test_cli_audit_verify_exit_codes(app, dispatched, capsys, monkeypatch, config):
    monkeypatch.setattr("gateway.cli._app", lambda: app)
    assert cli_main(["audit", "verify"]) == 0
    assert '"ok": true' in capsys.readouterr().out
    with app.app_context():
        target = records()[1]
        tamper("UPDATE audit_log SET action = 'nothing' WHERE id = :id", id=target.id)
    assert cli_main(["audit", "verify"]) == 1
    assert f'"broken_at": {target.id}' in capsys.readouterr().out


def test_application_cannot_update_audit_rows_on_postgres(app, dispatched):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("the append-only trigger is PostgreSQL's")
        with pytest.raises(Exception, match="append-only|audit"):
            with db.engine.begin() as conn:
                conn.execute(text("UPDATE audit_log SET actor = 'x'"))


def _digest_as_first_written(events):
    """The digest's definition: `canonical` of each event in id order, a newline after each."""
    import hashlib

    from gateway.audit.chain import canonical, iso_utc

    digest = hashlib.sha256()
    for event_id, delivery_id, status, at, provider_event_id, detail in sorted(events):
        digest.update(canonical([event_id, delivery_id, status, iso_utc(at), provider_event_id,
                                 detail]))
        digest.update(b"\n")
    return digest.hexdigest()


_JSON_LIKE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text()
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8)


@given(st.lists(st.tuples(
    st.integers(0, 10**12), st.text(), st.datetimes(timezones=st.sampled_from([None, UTC])),
    st.none() | st.text(),
    st.dictionaries(st.text(), st.none() | st.booleans() | st.integers() | st.text(), max_size=4)
    | st.dictionaries(st.text(), _JSON_LIKE, max_size=4)), max_size=6,
    unique_by=lambda e: e[0]), st.integers(1, 10**9))
@example([(2, "sent", datetime.now(UTC), None, {"z": "é", "a": 1, "m": None}),
          (1, "sending", datetime.now(), "pe-1", {"holder": True, "x": 1.5})], 7)
@example([(1, "sending", datetime.now(UTC), None, {"holder": True}),
          (2, "sending", datetime.now(UTC), None, {"holder": 1}),
          (3, "sending", datetime.now(UTC), None, {"holder": 1}),
          (4, "sent", datetime.now(UTC), None, {"x": 0.0}),
          (5, "sent", datetime.now(UTC), None, {"x": -0.0}),
          (6, "sent", datetime.now(UTC), None, {"b": "1", "a": None}),
          (7, "sent", datetime.now(UTC), None, {"a": None, "b": "1"})], 7)
def test_the_events_digest_is_the_same_bytes_as_its_definition(rows, delivery_id):
    """Written out field by field for speed, it must hash exactly what verify re-hashes:
    any text, times with and without a zone, nested and non-ASCII details, and a
    batch's equal details written once (`True` and `1`, `0.0` and `-0.0` are equal
    in Python, not in JSON)."""
    from gateway.audit.chain import events_digest

    events = [(event_id, delivery_id, status, at, pe, detail)
              for event_id, status, at, pe, detail in rows]
    assert events_digest(events) == _digest_as_first_written(events)

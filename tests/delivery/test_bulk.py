"""Rows written and read back through one bound parameter (gateway/delivery/bulk.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import hypothesis
import pytest
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError

from gateway.audit.chain import events_digest
from gateway.delivery import bulk, journal
from gateway.delivery.journal import EVENT_COLUMNS, EVENTS
from gateway.store.db import db, utcnow
from tests.support.delivery import events, make_incident
from tests.support.servers import uses_postgresql


def late_evening() -> datetime:
    """Yesterday 23:59:58.123456 at UTC+2: a time with microseconds and an offset other than
    UTC's, relative to now (a fixed date rots)."""
    plus_two = timezone(timedelta(hours=2))
    day = (utcnow() - timedelta(days=1)).astimezone(plus_two)
    return day.replace(hour=23, minute=59, second=58, microsecond=123456)


def test_rows_read_back_equal_what_was_written_and_share_no_json_objects(app):
    with app.app_context():
        _, ids = make_incident(2)
        at = utcnow()
        detail = {"holder": "w1", "note": "same text twice"}
        written = [[ids[0], "sending", at, None, detail], [ids[1], "sending", at, None, detail]]
        source = bulk.rows_source(EVENT_COLUMNS, written)
        names = ", ".join(c.name for c in EVENT_COLUMNS)
        values = ", ".join(source.expr[c.name] for c in EVENT_COLUMNS)
        stored = bulk.returning(
            f"INSERT INTO delivery_events ({names}) SELECT {values} FROM {source.sql} WHERE true",
            (EVENTS.c.id, *EVENT_COLUMNS), source.params)
        db.session.commit()
        assert [list(row[1:]) for row in stored] == written
        first, second = stored[0][5], stored[1][5]
        first["note"] = "changed by one reader"
        assert second == detail  # the other row's detail is its own object


def _written(insert, rows, stored_sql):
    """What an event writer returned, what the table then holds and the audit
    digest of what it returned; the writes are rolled back."""
    returned = [(int(r[0]), int(r[1]), str(r[2]), r[3], r[4], r[5]) for r in insert(rows)]
    stored = db.session.execute(text(stored_sql)).all()
    db.session.rollback()
    return returned, stored, events_digest(returned)


@pytest.mark.skipif(not uses_postgresql(), reason="COPY is PostgreSQL's (DATABASE_URL)")
def test_events_copied_read_back_as_the_insert_wrote_them_with_the_same_digest(app):
    """The send path COPYs its events on PostgreSQL: the same ids, times, JSON text
    and audit digest as the INSERT … RETURNING it replaces."""
    with app.app_context():
        _, ids = make_incident(3)
        at = late_evening()
        rows = [{"delivery_id": ids[0], "status": "sending", "at": at, "provider_event_id": None,
                 "detail": {"holder": "host:1:ab", "note": "wé ☃ \t\\N \"q\"\r\n", "n": 1.5}},
                {"delivery_id": ids[1], "status": "deferred", "at": at, "provider_event_id": None,
                 "detail": {"retry_in": 0.1 + 0.2, "when": at, "pair": (1, None), "ok": True,
                            "nested": {"a": [1, {"b": None}]}}},
                {"delivery_id": ids[2], "status": "sent", "at": at, "provider_event_id": None,
                 "detail": {}}]
        sequence = "pg_get_serial_sequence('delivery_events', 'id')"
        start = db.session.execute(text(f"SELECT nextval({sequence})")).scalar_one()
        db.session.commit()

        stored = ("SELECT id, delivery_id, status, at, provider_event_id, detail::text "
                  "FROM delivery_events ORDER BY id")

        def written(insert):
            db.session.execute(text(f"SELECT setval({sequence}, :v)"), {"v": start})
            return _written(insert, rows, stored)

        by_insert = written(lambda r: journal._insert_rows(r, False))
        by_copy = written(journal._copy_events)
        assert [r[0] for r in by_copy[1]] == list(range(start + 1, start + 4))
        assert by_copy == by_insert


@pytest.mark.skipif(uses_postgresql(), reason="the fixed INSERT is SQLite's")
def test_events_inserted_on_the_driver_read_back_as_returning_gave_them_with_the_same_digest(app):
    """The send path inserts its events on SQLite by a fixed statement without
    RETURNING: the same ids, stored values and audit digest as the INSERT …
    RETURNING through SQLAlchemy."""
    with app.app_context():
        _, ids = make_incident(3)
        at = late_evening()
        rows = [{"delivery_id": ids[0], "status": "sending", "at": at, "provider_event_id": None,
                 "detail": {"holder": "host:1:ab", "note": "wé ☃ \t\\N \"q\"\r\n", "n": 1.5}},
                {"delivery_id": ids[1], "status": "deferred", "at": utcnow(),
                 "provider_event_id": None,
                 "detail": {"retry_in": 0.1 + 0.2, "pair": (1, None), "ok": True,
                            "nested": {"a": [1, {"b": None}]}, "big": 2 ** 62}},
                {"delivery_id": ids[2], "status": "sent", "at": at, "provider_event_id": None,
                 "detail": {}}]
        db.session.execute(text("INSERT INTO delivery_events (delivery_id, status, at, detail) "
                                "VALUES (:d, 'queued', :at, '{}')"),
                           {"d": ids[0], "at": (utcnow() - timedelta(days=2)).strftime(
                               "%Y-%m-%d %H:%M:%S.%f")})
        db.session.commit()

        stored = ("SELECT id, delivery_id, status, at, provider_event_id, detail, typeof(detail) "
                  "FROM delivery_events ORDER BY id")
        by_insert = _written(lambda r: journal._insert_rows(r, False), rows, stored)
        by_driver = _written(journal._insert_sqlite, rows, stored)
        assert [r[0] for r in by_driver[0]] == [by_driver[1][0][0] + i for i in (1, 2, 3)]
        assert by_driver == by_insert
        assert by_driver[0][0][5] is not rows[0]["detail"]


@pytest.mark.skipif(not uses_postgresql(), reason="COPY is PostgreSQL's (DATABASE_URL)")
def test_copy_errors_are_sqlalchemys_and_a_lost_connection_is_replaced(app):
    """The COPY runs on psycopg's own connection; its errors still come as
    SQLAlchemy's (the API answers OperationalError with 503) and a connection
    the server dropped is not handed out again."""
    with app.app_context():
        _, ids = make_incident(1)
        event = {"delivery_id": ids[0], "status": "sending", "at": utcnow(),
                 "provider_event_id": None, "detail": {}}
        with pytest.raises(IntegrityError):  # no such delivery
            journal._copy_events([{**event, "delivery_id": ids[0] + 1000}])
        db.session.rollback()

        pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with db.engine.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        with pytest.raises(OperationalError) as lost:
            journal._copy_events([event])
        assert lost.value.connection_invalidated
        db.session.rollback()
        assert len(journal._copy_events([event])) == 1
        db.session.commit()


@pytest.mark.skipif(not uses_postgresql(), reason="COPY is PostgreSQL's (DATABASE_URL)")
def test_held_events_are_copied_without_their_key_check_and_only_the_copy_is(app):
    """A send job's events (`Journal.held`: rows its own UPDATE … RETURNING holds) are
    COPYed as a replica applies rows, with no foreign key check; the setting is back
    to `origin` for the rest of the transaction and after a failed COPY, and the key
    still refuses an unheld event of a missing delivery and the deletion of a
    delivery that has events."""
    role = "SELECT current_setting('session_replication_role')"
    with app.app_context():
        superuser = db.session.execute(text("SELECT current_setting('is_superuser')")).scalar()
        if superuser != "on":
            pytest.skip("the test database's role may not set session_replication_role")
        _, ids = make_incident(1)
        event = {"delivery_id": ids[0], "status": "sending", "at": utcnow(),
                 "provider_event_id": None, "detail": {"holder": "h"}}
        copied = journal._copy_events([event], held=True)
        assert db.session.execute(text(role)).scalar() == "origin"
        db.session.commit()
        stored = db.session.execute(text("SELECT id, delivery_id FROM delivery_events "
                                          "WHERE id = :i"), {"i": copied[0][0]}).all()
        assert stored == [(copied[0][0], ids[0])]
        # What the skipped check would have refused goes in: hence only for held rows.
        missing = journal._copy_events([{**event, "delivery_id": ids[0] + 1000}], held=True)
        assert db.session.execute(text(role)).scalar() == "origin"
        db.session.rollback()
        assert db.session.execute(text("SELECT count(*) FROM delivery_events WHERE id = :i"),
                                  {"i": missing[0][0]}).scalar() == 0
        with pytest.raises(IntegrityError):  # unheld: checked
            journal._copy_events([{**event, "delivery_id": ids[0] + 1000}])
        db.session.rollback()
        sequence = "pg_get_serial_sequence('delivery_events', 'id')"
        taken = text(f"SELECT setval({sequence}, :v, false)")  # the next id: v
        db.session.execute(taken, {"v": copied[0][0]})  # not undone by a rollback
        with pytest.raises(IntegrityError):  # an id taken: the COPY fails in replica mode
            journal._copy_events([event], held=True)
        db.session.rollback()
        db.session.execute(taken, {"v": missing[0][0] + 1})
        assert db.session.execute(text(role)).scalar() == "origin"
        with pytest.raises(IntegrityError):  # the delivery has events
            db.session.execute(text("DELETE FROM deliveries WHERE id = :i"), {"i": ids[0]})
        db.session.rollback()


def test_a_claim_on_the_driver_changes_and_returns_what_the_core_update_did(app):
    """`claim_rows` runs a fixed UPDATE on the driver: the same rows claimed, the
    same columns written, the same values returned (times as a Core statement
    reads them) and the same events as the Core UPDATE … RETURNING (`_claim`)."""
    from sqlalchemy import select, update

    from gateway.delivery import leases
    from gateway.delivery.models import Delivery
    from gateway.jobs.send_batch_load import LOAD_DELIVERY

    with app.app_context():
        at = late_evening()
        now = utcnow()
        runs = []
        for claim in (lambda ids: leases._claim(Delivery.id.in_(ids), "host:1:a", 60.0, now,
                                                LOAD_DELIVERY),
                      lambda ids: leases.claim_rows(ids, "host:1:a", 60.0, now, LOAD_DELIVERY)):
            _, ids = make_incident(4)
            db.session.execute(update(Delivery).where(Delivery.id == ids[1])
                               .values(possibly_sent_at=at, possibly_sent_cause="ambiguous",
                                       attempts=2, provider="twilio", updated_at=now))
            db.session.execute(update(Delivery).where(Delivery.id == ids[3])
                               .values(status="sent", updated_at=now))  # not queued: not claimed
            db.session.commit()
            got = claim([ids[2], ids[0], ids[1], ids[3], ids[0]])
            place = {i: n for n, i in enumerate(ids)}
            stored = db.session.execute(select(Delivery).where(Delivery.id.in_(ids))
                                        .order_by(Delivery.id)).scalars().all()
            runs.append((
                sorted((place[r.id], [(k, v) for k, v in zip(r._fields, r, strict=True)
                                      if k not in ("id", "incident_id", "customer_id")])
                       for r in got),
                [(place[d.id], d.status, d.sending_at, d.updated_at, d.lease_holder,
                  d.lease_until, d.possibly_sent_at) for d in stored],
                [(place[e.delivery_id], e.status, e.detail) for e in events(ids)]))
            assert {type(r.id) for r in got} == {int}
            db.session.rollback()
        assert runs[0] == runs[1]
        assert [r[0] for r in runs[1][0]] == [0, 1, 2]


def core_outcomes(holder, journal_, now, *, sent=(), final=(), retry=(), claimed_at=None):
    """The reference for `record_outcomes`: each outcome by the guarded Core UPDATE … RETURNING
    of `journal.move`, one row at a time, and a sent row that a provider event moved first
    by the Core UPDATE that wrote its provider data before the fixed statements."""
    from sqlalchemy import func, select, update

    from gateway.delivery import leases, states
    from gateway.delivery.models import Delivery

    def mine(delivery_id):
        return (Delivery.id == delivery_id) & (Delivery.lease_holder == holder)

    moved = {"sent": [], "final": [], "retry": []}
    for s in sent:
        data = {"provider": s.provider, "provider_message_id": s.provider_message_id,
                "template": s.template, "template_version": s.template_version,
                "content_hash": s.content_hash}
        if journal.move(mine(s.delivery_id), states.SENT, {
                **data, "sent_at": now, "attempts": 0, "deferred_reason": None,
                "next_attempt_at": None, "lease_until": None, "possibly_sent_at": None,
                "possibly_sent_cause": None}, journal_, now,
                detail={"provider": s.provider, "provider_message_id": s.provider_message_id,
                        **s.detail}):
            moved["sent"].append(s.delivery_id)
            continue
        db.session.execute(update(Delivery).where(
            mine(s.delivery_id), Delivery.status != states.QUEUED,
            Delivery.status != states.DEFERRED).values(
                **data, sent_at=func.coalesce(Delivery.sent_at, now)))
        if db.session.execute(select(Delivery.id).where(mine(s.delivery_id), Delivery.status.in_(
                states.SENT_OR_BETTER + (states.FAILED, states.BOUNCED)))).first():
            moved["sent"].append(s.delivery_id)
    for f in final:
        moved["final"] += [r[0] for r in journal.move(
            mine(f.delivery_id), f.status,
            {"failure_reason": f.reason, "failed_at": now, "lease_until": None},
            journal_, now, detail={"reason": f.reason})]
    for r in retry:
        moved["retry"] += [row[0] for row in journal.move(mine(r.delivery_id), r.status, {
            "provider": r.provider, "attempts": r.attempts, "deferred_reason": r.reason,
            "next_attempt_at": r.next_attempt_at,
            "possibly_sent_at": (claimed_at or now) if r.possibly_sent else None,
            "possibly_sent_cause": "ambiguous" if r.possibly_sent else None,
            "lease_until": None, "lease_holder": None}, journal_, now,
            event_status="failover" if r.status == states.QUEUED else r.status,
            detail=r.detail)]
    for kind, given in (("sent", sent), ("final", final), ("retry", retry)):
        leases._lost(kind, (row.delivery_id for row in given), moved[kind], holder)
    return moved


def test_outcomes_on_the_driver_change_and_return_what_the_core_updates_did(app, caplog):
    """`record_outcomes` writes each kind by one fixed UPDATE on the driver: the same
    rows moved, the same columns and values written, the same events and the same
    rows reported lost as the guarded Core UPDATEs (one `move` a row), for sent,
    retried (deferred, failed over, with detail) and final (failed, suppressed) rows,
    rows another holder took, rows a provider event moved first, and rows whose
    status may not move."""
    import logging
    import re

    from sqlalchemy import select, update

    from gateway.delivery import leases
    from gateway.delivery.models import Delivery
    from gateway.reports.verify import verify

    awkward = 'render_error: {"a", b} \\ NULL ☃\n\t' + "x" * 300
    with app.app_context():
        now, at, claimed_at = utcnow(), late_evening(), late_evening() - timedelta(seconds=5)
        runs = []
        for record in (core_outcomes, leases.record_outcomes):
            _, ids = make_incident(17)
            place = {i: n for n, i in enumerate(ids)}
            holder = "host:1:a"
            db.session.execute(update(Delivery).where(Delivery.id.in_(ids[:15] + ids[16:])).values(
                status="sending", lease_holder=holder, lease_until=now, sending_at=now))
            db.session.execute(update(Delivery).where(Delivery.id.in_([ids[0], ids[2], ids[7]]))
                               .values(possibly_sent_at=at, possibly_sent_cause="crash",
                                       attempts=2, deferred_reason="rate_limited",
                                       next_attempt_at=at))
            # Another holder's (the sweeper released them and another job claimed them).
            db.session.execute(update(Delivery).where(Delivery.id.in_([ids[9], ids[13]]))
                               .values(lease_holder="host:2:b"))
            # Ours still, but a provider event came first.
            for n, status in ((10, "delivered"), (11, "failed"), (12, "sent"), (14, "acked"),
                              (16, "suppressed")):
                db.session.execute(update(Delivery).where(Delivery.id == ids[n]).values(
                    status=status, sent_at=at if n == 12 else None))
            db.session.execute(update(Delivery).where(Delivery.id.in_(ids)).values(
                queued_at=now, updated_at=now))
            db.session.commit()
            journal_ = journal.Journal("worker")
            caplog.clear()
            with caplog.at_level(logging.WARNING, logger="gateway.delivery.leases"):
                moved = record(holder, journal_, now, claimed_at=claimed_at, sent=[
                    leases.SentRow(ids[0], "twilio", "SM0", "incident.v1", "3", "h" * 64,
                                   {"segments": 2, "none": None}),
                    leases.SentRow(ids[1], "twilio", None),
                    leases.SentRow(ids[9], "twilio", "SM9"),  # another holder's: lost
                    leases.SentRow(ids[10], "twilio", "SM10"),  # delivered first: moved
                    leases.SentRow(ids[12], "twilio", "SM12", "incident.v1"),  # sent first
                    leases.SentRow(ids[15], "twilio", "SM15"),  # never claimed: lost
                    leases.SentRow(ids[16], "twilio", "SM16")],  # suppressed: data, lost
                    retry=[
                    leases.RetryRow(ids[2], "deferred", "twilio", 3, "retry", at, True,
                                    {"retry_in": 0.1 + 0.2, "error": "timeout ☃"}),
                    leases.RetryRow(ids[3], "queued", "sendgrid", 1, None, None),
                    leases.RetryRow(ids[7], "deferred", "twilio", 1, "quiet_hours",
                                    now + timedelta(hours=7)),
                    leases.RetryRow(ids[11], "deferred", "twilio", 1, "retry", at),  # failed
                    leases.RetryRow(ids[13], "queued", "twilio", 1, None, None)],  # lost
                    final=[
                    leases.FinalRow(ids[4], "failed", awkward),
                    leases.FinalRow(ids[5], "suppressed", "opted_out"),
                    leases.FinalRow(ids[6], "failed", "retries_exhausted: 503"),
                    leases.FinalRow(ids[14], "failed", "too late"),  # acked first: lost
                    leases.FinalRow(ids[11], "failed", "twice")])  # failed already: lost
            journal_.write()
            db.session.commit()
            lost = sorted((m[1], int(m[2])) for m in (
                re.match(r"late (\w+) write ignored: .* holds (\d+) deliveries", r.getMessage())
                for r in caplog.records) if m)
            stored = db.session.execute(select(Delivery).where(Delivery.id.in_(ids))
                                        .order_by(Delivery.id)).scalars().all()
            columns = [c.name for c in Delivery.__table__.columns
                       if c.name not in ("id", "incident_id", "customer_id", "updated_at")]
            runs.append((
                {kind: sorted(place[i] for i in got) for kind, got in moved.items()},
                [(place[d.id], [(c, getattr(d, c)) for c in columns], d.updated_at > now)
                 for d in stored],
                sorted((place[e.delivery_id], e.status, e.detail) for e in events(ids)),
                lost))
        assert runs[1] == runs[0]
        assert runs[1][0] == {"sent": [0, 1, 10, 12], "final": [4, 5, 6], "retry": [2, 3, 7]}
        assert runs[1][3] == [("final", 2), ("retry", 2), ("sent", 3)]
        assert [(p, changed) for p, _, changed in runs[1][1]] == [
            (n, n in (0, 1, 2, 3, 4, 5, 6, 7, 10, 12, 16)) for n in range(17)]
        assert verify()["ok"]


@hypothesis.given(st.dictionaries(
    st.text(max_size=12),
    st.none() | st.booleans() | st.integers() | st.text(max_size=30)
    | st.floats(allow_nan=True) | st.lists(st.integers(), max_size=2)
    | st.datetimes(timezones=st.just(UTC)), max_size=4))
def test_event_details_are_written_as_json_dumps_writes_them(detail):
    """The COPY's detail text (journal._detail_text: flat details written out) is
    `json.dumps(detail, default=bulk.json_value)`, the text the INSERT carried."""
    import json

    assert journal._detail_text(detail) == json.dumps(detail, default=bulk.json_value)


def test_an_expansion_chunk_inserts_new_rows_skips_existing_ones_and_keeps_its_keys(app):
    """`insert_expansion` (on PostgreSQL a plain INSERT in a savepoint, again with `ON
    CONFLICT DO NOTHING` when a row exists, and where the role may, the chunk's incident
    and customers locked instead of a key check a row): a re-run returns only the rows
    it added and leaves the others as they were; a chunk naming a missing customer is
    refused whole; afterwards the transaction checks its keys again."""
    from sqlalchemy import select

    from gateway.delivery import service
    from gateway.delivery.models import Delivery

    with app.app_context():
        incident_id, ids = make_incident(3, channel="email")
        customers = db.session.execute(select(Delivery.customer_id).where(
            Delivery.id.in_(ids)).order_by(Delivery.id)).scalars().all()
        now = utcnow()
        shared = {"incident_id": incident_id, "message": 0, "purpose": "notice",
                  "queued_at": now, "updated_at": now, "attempts": 0}

        def row(customer: int, channel: str) -> tuple:
            return (customer, channel, "queued", None, None, None, None)

        first = service.insert_expansion(shared, [row(c, "sms") for c in customers[:2]])
        assert [(c, ch, st) for _, c, ch, st in first] == [(c, "sms", "queued")
                                                          for c in customers[:2]]
        db.session.commit()
        again = service.insert_expansion(shared, [row(c, "sms") for c in customers])
        assert [(c, ch) for _, c, ch, _ in again] == [(customers[2], "sms")]
        db.session.commit()
        stored = db.session.execute(select(Delivery.id, Delivery.customer_id).where(
            Delivery.incident_id == incident_id, Delivery.channel == "sms")
            .order_by(Delivery.id)).all()
        assert stored == [(i, c) for i, c, _, _ in first + again]

        missing = max(customers) + 1000
        with pytest.raises(IntegrityError):
            service.insert_expansion(shared, [row(customers[0], "chat"), row(missing, "chat")])
        db.session.rollback()
        assert db.session.execute(select(Delivery.id).where(
            Delivery.incident_id == incident_id, Delivery.channel == "chat")).all() == []
        if uses_postgresql():
            service.insert_expansion(shared, [row(customers[0], "chat")])
            role = "SELECT current_setting('session_replication_role')"
            assert db.session.execute(text(role)).scalar() == "origin"
            with pytest.raises(IntegrityError):  # later statements are checked
                db.session.execute(text(
                    "INSERT INTO deliveries (incident_id, customer_id, channel, message, "
                    "purpose, status, attempts, updated_at) VALUES (:i, :c, 'chat', 1, "
                    "'notice', 'queued', 0, now())"), {"i": incident_id, "c": missing})
            db.session.rollback()

"""Rows written and read back through one bound parameter (gateway/delivery/bulk.py)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
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

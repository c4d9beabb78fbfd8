"""Rows written and read back through one bound parameter (gateway/delivery/bulk.py)."""

from __future__ import annotations

from gateway.delivery import bulk
from gateway.delivery.journal import EVENT_COLUMNS, EVENTS
from gateway.store.db import db, utcnow
from tests.support.delivery import make_incident


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

"""A send job takes on its incident's next queued rows while its window drains
(gateway/jobs/send.py, `delivery.claim_next`): claimed under the job's one
lease with an event each, only rows of its incident and channel that are
queued for their first provider with nothing possibly sent, and not while a
more urgent queue waits. The rows' own jobs then find nothing to claim."""

from __future__ import annotations

from dataclasses import replace

from flask import Flask
from sqlalchemy import update

from gateway import queues
from gateway.delivery.models import Delivery
from gateway.jobs.send import send_batch
from gateway.reports.verify import verify
from gateway.store.db import db, utcnow
from tests.support.delivery import events, make_incident, rows


def _tune(app: Flask, **changes: object) -> None:
    app.config["GATEWAY"] = replace(app.config["GATEWAY"], **changes)


def _holders(ids: list[int]) -> set[str]:
    """The lease holders that claimed these rows (their `sending` events)."""
    return {e.detail["holder"] for e in events(ids) if e.status == "sending"}


def test_a_job_takes_on_its_incidents_next_rows_under_its_lease(app):
    _tune(app, send_batch_size=10, send_continue_seconds=600.0)  # not the time bound here
    with app.app_context():
        _, ids = make_incident(45)
        _, other = make_incident(5)  # another incident's rows: not this job's to take
        # possibly sent (looked up before a resend), and one with a provider already
        # (a retry or failover): their own jobs send them
        maybe, failed_over = ids[30], ids[31]
        db.session.execute(update(Delivery).where(Delivery.id == maybe)
                           .values(possibly_sent_at=utcnow(), possibly_sent_cause="ambiguous"))
        db.session.execute(update(Delivery).where(Delivery.id == failed_over)
                           .values(provider="outbox"))
        db.session.commit()
        got = send_batch("sms", ids[:10])
        taken = [i for i in ids if i not in (maybe, failed_over)]
        assert got["claimed"] == got["sent"] == len(taken)  # its own 10 and the 33 after them
        after = rows(ids + other)
        assert {i for i in after if after[i].status == "sent"} == set(taken)
        assert after[maybe].status == after[failed_over].status == "queued"
        assert {after[i].status for i in other} == {"queued"}
        assert len(_holders(taken)) == 1  # one lease, one claim event per row
        assert [e.status for e in events(taken)].count("sending") == len(taken)
        # The jobs of the taken rows find nothing left to claim.
        assert send_batch("sms", ids[10:20]) == {"claimed": 0}
        assert verify()["ok"]
        db.session.remove()


def test_at_most_ten_batches_more(app):
    _tune(app, send_batch_size=2, send_continue_seconds=600.0)
    with app.app_context():
        _, ids = make_incident(40)
        assert send_batch("sms", ids[:2])["sent"] == 2 + 10 * 2
        db.session.remove()


def test_no_more_while_a_more_urgent_queue_waits_or_when_turned_off(app):
    _tune(app, send_batch_size=10, send_continue_seconds=600.0)
    with app.app_context():
        _, ids = make_incident(30, severity="medium")  # the default queue
        queues.enqueue("high", print, "a more urgent job")  # waiting; not run here
        assert send_batch("sms", ids[:10])["sent"] == 10
        _tune(app, send_continue_seconds=0.0)
        app.extensions["gateway.redis"].flushdb()
        assert send_batch("sms", ids[10:20])["sent"] == 10
        assert {r.status for r in rows(ids[20:]).values()} == {"queued"}
        db.session.remove()

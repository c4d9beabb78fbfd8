"""The delivery state machine has one owner (gateway/delivery): guarded moves,
lease-conditioned outcomes, one event per change, an audit chain that verifies."""

from __future__ import annotations

import logging
from datetime import timedelta

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from sqlalchemy import select, update

from gateway.delivery import service as delivery
from gateway.delivery import states, tracking
from gateway.delivery.models import Delivery, DeliveryEvent
from gateway.incidents import service as incident_service
from gateway.jobs import sweeps
from gateway.reports.verify import verify
from gateway.store.db import db, utcnow
from tests.support.delivery import events, make_incident, rows


def test_late_write_after_lease_loss_changes_nothing(app, caplog):
    with app.app_context():
        _, ids = make_incident(4)
        a = delivery.new_holder()
        assert delivery.claim(ids, a, 60) == ids
        # A's heartbeat stopped (paused process, partition): its lease runs out,
        # the sweeper takes the rows back and B claims them.
        db.session.execute(update(Delivery).values(lease_until=utcnow() - timedelta(seconds=1)))
        db.session.commit()
        assert sweeps.release_expired() == 4
        b = delivery.new_holder()
        assert delivery.claim(ids[:2], b, 60) == ids[:2]
        before, history = rows(ids), events(ids)
        journal = delivery.Journal("worker")
        with caplog.at_level(logging.WARNING, logger="gateway.delivery.service"):
            moved = delivery.record_outcomes(
                a, journal, utcnow(),
                sent=[delivery.SentRow(ids[0], "twilio", "SMlate")],
                final=[delivery.FinalRow(ids[1], "failed", "late")],
                retry=[delivery.RetryRow(ids[2], "deferred", "twilio", 1, "retry", utcnow())])
            journal.write()
            db.session.commit()
        assert moved == {"sent": [], "final": [], "retry": []}
        assert rows(ids) == before  # nothing changed: status, holder, provider id
        assert events(ids) == history  # and no event was written
        assert "late sent write ignored" in caplog.text
        assert "late final write ignored" in caplog.text
        # B, the holder, still writes.
        journal = delivery.Journal("worker")
        moved = delivery.record_outcomes(b, journal, utcnow(),
                                         sent=[delivery.SentRow(ids[0], "twilio", "SMb")])
        journal.write()
        db.session.commit()
        assert moved["sent"] == [ids[0]] and rows(ids)[ids[0]].status == "sent"
        assert [e.status for e in events([ids[0]])][-1] == "sent"
        assert verify()["ok"]


def test_every_move_in_the_table_is_a_spec_move():
    forward = [states.QUEUED, states.SENDING, states.SENT, states.DELIVERED, states.ACKED]
    for source, target in states.MOVES:
        if source in states.RANK and target in states.RANK and target != states.QUEUED \
                and target != states.DEFERRED:
            assert states.RANK[target] > states.RANK[source], (source, target)
        if target in states.FAILURES:
            assert source in states.BEFORE_DELIVERED
    assert not states.may_move(states.DELIVERED, states.FAILED)
    assert not states.may_move(states.ACKED, states.SENT)
    assert all(s in states.STATUSES for s in forward)


# -- the property test -------------------------------------------------------------------

N = 6


class DeliveryMachine(RuleBasedStateMachine):
    """Random interleavings of claims, outcomes (by live and stale holders), provider
    callbacks, acks, lease expiry, releases and cancels on a few deliveries."""

    app = None  # set by the test

    @initialize()
    def setup(self):
        self.ctx = self.app.app_context()
        self.ctx.push()
        self.incident_id, self.ids = make_incident(N, channel="email")
        self.holders: list[str] = []
        self.seen = self._snapshot()
        self.event_count = self._event_counts()
        self.webhook_seq = 0

    def teardown(self):
        if getattr(self, "ctx", None) is not None:
            assert verify()["ok"]
            db.session.remove()
            self.ctx.pop()

    def _snapshot(self) -> dict[int, str]:
        return dict(db.session.execute(select(Delivery.id, Delivery.status)
                                       .where(Delivery.id.in_(self.ids))).all())

    def _event_counts(self) -> dict[int, list[tuple[str, dict]]]:
        out: dict[int, list[tuple[str, dict]]] = {i: [] for i in self.ids}
        for _, delivery_id, status, detail in events(self.ids):
            out[delivery_id].append((status, detail))
        return out

    @staticmethod
    def _changes(history: list[tuple[str, dict]]) -> list[str]:
        """The status each change event records (history-only provider events aside)."""
        out = []
        for status, detail in history:
            if "applied" in detail:  # a provider event: a change only when applied
                if detail["applied"]:
                    out.append(status)
            elif status == "failover":
                out.append(states.QUEUED)
            elif status in states.STATUSES:
                out.append(status)
        return out

    ids_strategy = st.lists(st.integers(0, N - 1), min_size=1, max_size=N, unique=True)

    @rule(pick=ids_strategy)
    def claim(self, pick):
        holder = delivery.new_holder()
        self.holders.append(holder)
        delivery.claim([self.ids[i] for i in pick], holder, 60)

    @rule(pick=ids_strategy, which=st.integers(0, 10), kind=st.sampled_from(
        ["sent", "failed", "suppressed", "deferred", "failover"]))
    def outcome(self, pick, which, kind):
        if not self.holders:
            return
        holder = self.holders[which % len(self.holders)]  # often a stale one
        ids = [self.ids[i] for i in pick]
        now = utcnow()
        journal = delivery.Journal("worker")
        if kind == "sent":
            delivery.record_outcomes(holder, journal, now, sent=[
                delivery.SentRow(i, "sendgrid", f"pm{i}") for i in ids])
        elif kind in ("failed", "suppressed"):
            delivery.record_outcomes(holder, journal, now, final=[
                delivery.FinalRow(i, kind, "x") for i in ids])
        else:
            delivery.record_outcomes(holder, journal, now, retry=[delivery.RetryRow(
                i, "deferred" if kind == "deferred" else "queued", "sendgrid", 1,
                "retry" if kind == "deferred" else None, now if kind == "deferred" else None,
                possibly_sent=kind == "deferred") for i in ids])
        journal.write()
        db.session.commit()

    @rule(pick=ids_strategy, event=st.sampled_from(
        ["processed", "delivered", "bounce", "dropped", "deferred", "open"]))
    def provider_callback(self, pick, event):
        rows_ = []
        for i in pick:
            self.webhook_seq += 1
            rows_.append({"provider": "sendgrid", "event_key": f"sg:{self.webhook_seq}",
                          "event": event, "delivery_id": self.ids[i],
                          "provider_message_id": None,
                          "payload": {"event": event, "sg_event_id": str(self.webhook_seq)}})
        tracking.record_webhook_events(rows_)
        db.session.commit()
        tracking.process_pending()

    @rule(i=st.integers(0, N - 1))
    def ack(self, i):
        customer_id = db.session.execute(select(Delivery.customer_id).where(
            Delivery.id == self.ids[i])).scalar_one()
        incident_service.acknowledge(customer_id, self.incident_id, via="link")
        db.session.commit()

    @rule()
    def leases_expire(self):
        db.session.execute(update(Delivery).where(Delivery.id.in_(self.ids),
                                                  Delivery.status == "sending")
                           .values(lease_until=utcnow() - timedelta(seconds=1)))
        db.session.commit()
        sweeps.release_expired()

    @rule()
    def retries_due(self):
        db.session.execute(update(Delivery).where(Delivery.id.in_(self.ids),
                                                  Delivery.status == "deferred")
                           .values(next_attempt_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
        sweeps.release_due()

    @rule(pick=ids_strategy)
    def cancel(self, pick):
        delivery.cancel(Delivery.id.in_([self.ids[i] for i in pick]), "test")
        db.session.commit()

    @invariant()
    def moves_are_allowed_and_each_has_one_event(self):
        if not hasattr(self, "ids"):
            return
        db.session.commit()
        now_status = self._snapshot()
        counts = self._event_counts()
        for i in self.ids:
            before, after = self.seen[i], now_status[i]
            new = self._changes(counts[i])[len(self._changes(self.event_count[i])):]
            if before == after:
                assert new == [], (i, before, new)
            else:
                assert states.may_move(before, after), (before, after)
                assert new == [after], (i, before, after, new)
        self.seen, self.event_count = now_status, counts
        assert db.session.execute(select(DeliveryEvent.id).where(
            DeliveryEvent.delivery_id.in_(self.ids), DeliveryEvent.status == "")).first() is None


def test_random_interleavings_keep_the_state_machine(app):
    DeliveryMachine.app = app
    machine = DeliveryMachine.TestCase
    machine.settings = settings(max_examples=25, stateful_step_count=25, deadline=None,
                                suppress_health_check=list(HealthCheck))
    machine().runTest()

"""An incident that goes out at once is counted at intake and its audience snapshot
is written by expansion, chunk by chunk (`Incident.snapshot_pending`): the first
message leaves before a big audience is copied. These tests pin what that must
not change: the 202's `audience_size` is what is sent, nobody created after the
POST or erased before their turn is messaged, an update posted while expansion
runs still reaches everyone, and a re-run after a crash adds nothing twice.

The POST writes the first chunk itself; the rest of expansion is driven in this
process (`expand` with its per-chunk callback) so a test can act between two
chunks; sending goes through a real RQ worker and the
real SDKs to the fake provider server.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from typing import Any

from flask import Flask
from rq import Queue
from sqlalchemy import func, select, update

from gateway.bench.fakes import FakeProviders
from gateway.customers.models import Customer
from gateway.delivery.models import Delivery, DeliveryEvent
from gateway.incidents.models import Incident, Recipient
from gateway.intake.expansion import FIRST_CHUNK, expand
from gateway.jobs.send import on_queued
from gateway.queues import QUEUES
from gateway.store.db import db
from tests.support.api import FACTS, auth
from tests.support.pipeline import drain, run_worker

CUSTOMERS = 300  # chunks of 50 (written by the POST), 200 and 50 (by expansion)
SECOND = FIRST_CHUNK * 4  # expansion's first chunk


def add_customers(client, keys, names: list[str], **fields: Any) -> None:
    rows = "\n".join(json.dumps({"external_id": name, "email": f"{name}@example.com",
                                 "channels": ["email"], **fields}) for name in names)
    r = client.post("/v1/customers/bulk", data=rows, headers=auth(
        keys["system"], **{"Content-Type": "application/x-ndjson"}))
    assert r.get_json()["stored"] == len(names), r.get_json()


def post_incident(client, keys, audience: dict[str, Any] | None = None, idem: str = "k") -> dict:
    r = client.post("/v1/incidents", headers=auth(keys["system"], **{"Idempotency-Key": idem}),
                    json={"kind": "outage", "severity": "high", "title": "Checkout unavailable",
                          "facts": FACTS, "audience": audience or {"all": True},
                          "channels": ["email"]})
    assert r.status_code == 202, r.get_json()
    body: dict = r.get_json()
    return body


def take_expansion_jobs(app: Flask) -> None:
    """The POST queued the expansion for a worker: the test runs it instead."""
    connection = app.extensions["gateway.redis"]
    for name in QUEUES:
        for job in Queue(name, connection=connection).jobs:
            if (job.func_name or "").endswith("run_expansion"):
                job.delete()


def run_expansion(app: Flask, incident_id: int,
                  between: Callable[[int], None] | None = None) -> int:
    """Expand in this process; `between(n)` runs after chunk n (1, 2, …) is committed
    and queued, before the next is read."""
    take_expansion_jobs(app)
    chunks = [0]

    def queued(incident: Incident, pairs: list[tuple[int, str]]) -> None:
        on_queued(incident, pairs)
        chunks[0] += 1
        if between:
            between(chunks[0])

    with app.app_context():
        created = expand(incident_id, on_queued=queued)
        db.session.remove()
    return created


def first_notices(app: Flask, incident_id: int) -> dict[str, Counter[str]]:
    """external id → statuses of their first notices."""
    with app.app_context():
        rows = db.session.execute(
            select(Customer.external_id, Delivery.status).join(
                Delivery, Delivery.customer_id == Customer.id)
            .where(Delivery.incident_id == incident_id, Delivery.message == 0)).all()
        db.session.remove()
    out: dict[str, Counter[str]] = {}
    for external_id, status in rows:
        out.setdefault(external_id, Counter())[status] += 1
    return out


def emailed_once_or_counted(app: Flask, fake: FakeProviders, incident_id: int,
                            wanted: set[str]) -> None:
    """What a user checks: everyone in `wanted` got the email, nobody else did, and
    every second copy is one the gateway counted. A call that timed out (a loaded
    machine) may have been taken all the same; its rows are sent again, marked
    `possible_duplicate` (README: Ambiguous outcomes), so exact counts only hold
    when no call timed out."""
    got = Counter(m.to.removesuffix("@example.com") for m in fake.received(channel="email"))
    assert set(got) == wanted, (sorted(wanted - set(got))[:5], sorted(set(got) - wanted)[:5])
    with app.app_context():
        sent = db.session.execute(select(DeliveryEvent.detail).join(
            Delivery, Delivery.id == DeliveryEvent.delivery_id).where(
            Delivery.incident_id == incident_id, DeliveryEvent.status == "sent")).scalars()
        counted = sum(1 for detail in sent if detail.get("possible_duplicate"))
        db.session.remove()
    duplicates = sum(n - 1 for n in got.values())
    assert duplicates <= counted, (duplicates, counted)


def snapshot_of(app: Flask, incident_id: int) -> tuple[set[str], bool]:
    with app.app_context():
        names = set(db.session.execute(
            select(Customer.external_id).join(Recipient, Recipient.customer_id == Customer.id)
            .where(Recipient.incident_id == incident_id)).scalars())
        pending = db.session.get_one(Incident, incident_id).snapshot_pending
        db.session.remove()
    return names, pending


def names(n: int, prefix: str = "s") -> list[str]:
    return [f"{prefix}{i:03d}" for i in range(n)]


def test_the_202_counts_what_is_sent_and_the_snapshot_is_written_by_expansion(
        app, client, keys, fake):
    add_customers(client, keys, names(CUSTOMERS))
    add_customers(client, keys, ["gone"])
    assert client.delete("/v1/customers/gone", headers=auth(keys["system"])).status_code == 204
    body = post_incident(client, keys)
    assert body["status"] == "dispatching" and body["audience_size"] == CUSTOMERS
    # the POST wrote the first chunk, not the whole snapshot, and queued its send job
    # ahead of the expansion job
    assert snapshot_of(app, body["id"]) == (set(names(CUSTOMERS)[:FIRST_CHUNK]), True)
    jobs = Queue("high", connection=app.extensions["gateway.redis"]).jobs
    assert [(job.func_name or "").rsplit(".", 1)[-1] for job in jobs] == [
        "send_batch", "run_expansion"]
    assert len(jobs[0].args[1]) == FIRST_CHUNK
    drain(app)
    sent = first_notices(app, body["id"])
    assert set(sent) == set(names(CUSTOMERS))
    assert all(statuses == {"sent": 1} for statuses in sent.values())
    emailed_once_or_counted(app, fake, body["id"], set(names(body["audience_size"])))
    assert snapshot_of(app, body["id"]) == (set(names(CUSTOMERS)), False)


def test_criteria_are_counted_and_expanded_alike(app, client, keys, fake):
    add_customers(client, keys, names(CUSTOMERS), tags=["eu"])
    add_customers(client, keys, names(40, "u"), tags=["us"])
    add_customers(client, keys, names(30, "p"), tags=["eu"], attributes={"plan": "pro"})
    body = post_incident(client, keys, {"tags_any": ["eu"]})
    assert body["audience_size"] == CUSTOMERS + 30
    pro = post_incident(client, keys, {"tags_all": ["eu"], "attributes": {"plan": "pro"}},
                        idem="k2")
    assert pro["audience_size"] == 30
    drain(app)
    assert set(first_notices(app, body["id"])) == set(names(CUSTOMERS)) | set(names(30, "p"))
    assert set(first_notices(app, pro["id"])) == set(names(30, "p"))


def test_a_customer_created_after_the_post_gets_nothing(app, client, keys, fake):
    add_customers(client, keys, names(CUSTOMERS))
    body = post_incident(client, keys)
    add_customers(client, keys, ["before-expansion"])

    def between(chunk: int) -> None:
        if chunk == 1:
            with app.app_context():
                add_customers(client, keys, ["during-expansion"])

    run_expansion(app, body["id"], between)
    drain(app)
    sent = first_notices(app, body["id"])
    assert set(sent) == set(names(CUSTOMERS))
    assert len(sent) == body["audience_size"]
    assert not fake.received(to="before-expansion@example.com")
    assert not fake.received(to="during-expansion@example.com")


def test_a_customer_erased_mid_expansion_gets_nothing(app, client, keys, fake):
    """Erased before their chunk: no delivery at all, and not in the snapshot. Erased
    after their chunk was queued, before it was sent: the send finds no address."""
    add_customers(client, keys, names(CUSTOMERS))
    body = post_incident(client, keys)
    later = names(CUSTOMERS)[FIRST_CHUNK + SECOND + 10]
    queued_already = names(CUSTOMERS)[FIRST_CHUNK + 3]

    def between(chunk: int) -> None:
        if chunk == 1:
            with app.app_context():
                for name in (later, queued_already):
                    r = client.delete(f"/v1/customers/{name}", headers=auth(keys["system"]))
                    assert r.status_code == 204

    run_expansion(app, body["id"], between)
    drain(app)
    sent = first_notices(app, body["id"])
    assert later not in sent
    assert sent[queued_already] == {"suppressed": 1}
    assert len(sent) == body["audience_size"] - 1
    emailed_once_or_counted(app, fake, body["id"],
                            set(names(CUSTOMERS)) - {later, queued_already})
    snapshot, pending = snapshot_of(app, body["id"])
    assert later not in snapshot and queued_already in snapshot and not pending


def test_an_update_posted_mid_expansion_reaches_everyone(app, client, keys, fake):
    """Those whose first notice had left get the update as a message of its own;
    everyone expanded later gets a first notice carrying it."""
    add_customers(client, keys, names(CUSTOMERS))
    body = post_incident(client, keys)
    posted: list[dict] = []

    def between(chunk: int) -> None:
        if chunk == 1:
            run_worker(app)  # the first chunk is sent
            with app.app_context():
                r = client.post(f"/v1/incidents/{body['id']}/updates",
                                json={"stage": "identified",
                                      "message": "We found the faulty payment server."},
                                headers=auth(keys["comms"], **{"Idempotency-Key": "u1"}))
                assert r.status_code == 202, r.get_json()
                posted.append(r.get_json())

    run_expansion(app, body["id"], between)
    drain(app)
    assert posted[0]["recipients"] == FIRST_CHUNK + SECOND
    first_chunk = set(names(CUSTOMERS)[:FIRST_CHUNK + SECOND])
    for name in names(CUSTOMERS):
        got = fake.received(channel="email", to=f"{name}@example.com")
        carrying = [m for m in got if "faulty payment server" in (m.text or "")]
        if name in first_chunk:
            assert len(got) == 2 and len(carrying) == 1, name  # the notice, then the update
        else:
            assert len(got) == 1 and len(carrying) == 1, name  # the notice, updated
    with app.app_context():
        updates = db.session.execute(select(func.count()).select_from(Delivery).where(
            Delivery.incident_id == body["id"], Delivery.message == 1)).scalar_one()
        db.session.remove()
    assert updates == FIRST_CHUNK + SECOND


def test_expansion_re_run_after_a_crash_part_way_adds_nothing_twice(app, client, keys, fake):
    add_customers(client, keys, names(CUSTOMERS))
    body = post_incident(client, keys)

    class Crash(Exception):
        pass

    def between(chunk: int) -> None:
        if chunk == 1:
            raise Crash  # the worker dies after the first chunk's commit

    try:
        run_expansion(app, body["id"], between)
    except Crash:
        pass
    snapshot, pending = snapshot_of(app, body["id"])
    assert len(snapshot) == FIRST_CHUNK + SECOND and pending
    assert run_expansion(app, body["id"]) == CUSTOMERS - FIRST_CHUNK - SECOND
    assert run_expansion(app, body["id"]) == 0  # expanded: nothing left
    with app.app_context():  # the sweeper's re-run of a finished expansion, forced
        db.session.execute(update(Incident).where(Incident.id == body["id"]).values(
            expanded_at=None, snapshot_pending=True, expanded_through=None))
        db.session.commit()
        db.session.remove()
    assert run_expansion(app, body["id"]) == 0
    drain(app)
    sent = first_notices(app, body["id"])
    assert len(sent) == CUSTOMERS and all(s == {"sent": 1} for s in sent.values())
    emailed_once_or_counted(app, fake, body["id"], set(names(CUSTOMERS)))
    assert snapshot_of(app, body["id"]) == (set(names(CUSTOMERS)), False)


def test_a_held_incident_keeps_its_whole_snapshot_from_intake(app, client, keys, fake):
    """Approval dispatches to the audience as it was when the incident was posted."""
    add_customers(client, keys, names(20), tags=["eu"])
    r = client.post("/v1/incidents", headers=auth(keys["system"], **{"Idempotency-Key": "h"}),
                    json={"kind": "data_breach", "severity": "high", "title": "Data exposed",
                          "facts": FACTS, "audience": {"tags_any": ["eu"]},
                          "channels": ["email"]})
    body = r.get_json()
    assert body["status"] == "pending_approval" and body["audience_size"] == 20
    assert snapshot_of(app, body["id"]) == (set(names(20)), False)
    add_customers(client, keys, ["late"], tags=["eu"])
    with app.app_context():  # tagged out after the POST: still in the approved audience
        add_customers(client, keys, [names(20)[0]], tags=["us"])
    r = client.post(f"/v1/incidents/{body['id']}/approve", json={},
                    headers=auth(keys["approver"]))
    assert r.status_code == 200, r.get_json()
    drain(app)
    assert set(first_notices(app, body["id"])) == set(names(20))


def test_the_render_check_samples_every_locale_counted_at_intake(app, client, keys):
    """The first HEAD customers give most locales their sample; a locale first met
    after them is looked up on its own. Erased customers are never sampled."""
    from gateway.intake import render_check

    add_customers(client, keys, names(render_check.HEAD + 30), locale="en")
    add_customers(client, keys, ["erased-zh", "late-zh"], locale="zh-CN")
    assert client.delete("/v1/customers/erased-zh", headers=auth(keys["system"])).status_code \
        == 204
    body = post_incident(client, keys)
    with app.app_context():
        incident = db.session.get_one(Incident, body["id"])
        assert incident.snapshot_pending and incident.audience_locales == {
            "en": render_check.HEAD + 30, "zh-CN": 1}
        sampled = render_check.sample(incident)
        db.session.remove()
    assert {locale: len(rows) for locale, rows in sampled.items()} == {
        "en": render_check.SAMPLE_PER_LOCALE, "zh-CN": 1}
    assert [row.external_id for row in sampled["zh-CN"]] == ["late-zh"]
    assert [row.external_id for row in sampled["en"]] == names(render_check.SAMPLE_PER_LOCALE)


def test_the_intake_count_reads_only_the_live_locale_index(app, client, keys):
    """The grouped COUNT the 202 waits for can be answered from the partial index
    of live customers by locale, without reading the table or sorting the audience
    (on a large, vacuumed table the planners choose it; here PostgreSQL is made to,
    as its planner prefers a scan of a table this small). Erased customers are not
    in it, and the count still leaves them out."""
    from sqlalchemy import text

    from gateway.incidents.audience import Audience, count_criteria, locale_counts

    add_customers(client, keys, names(12), locale="en")
    add_customers(client, keys, ["zh-1", "zh-2", "zh-gone"], locale="zh-CN")
    assert client.delete("/v1/customers/zh-gone", headers=auth(keys["system"])).status_code \
        == 204
    with app.app_context():
        through, counts = count_criteria(Audience(all=True))
        assert counts == {"en": 12, "zh-CN": 2}
        sql = str(locale_counts(Audience(all=True), through).compile(
            db.engine, compile_kwargs={"literal_binds": True}))
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("SET LOCAL enable_seqscan = off"))
            plan = "\n".join(db.session.execute(text(f"EXPLAIN {sql}")).scalars())
            assert "Index Only Scan using ix_customers_live_locale" in plan, plan
            assert "Sort" not in plan, plan
        else:
            plan = "\n".join(row[-1] for row in db.session.execute(
                text(f"EXPLAIN QUERY PLAN {sql}")))
            assert "USING INDEX ix_customers_live_locale" in plan, plan
            assert "TEMP B-TREE" not in plan, plan
        db.session.remove()

"""Live customers by locale kept by the database (`customer_locale_deltas`, written by
triggers on `customers`): the intake answers an `all` audience from them, so they
must equal a real COUNT after whatever happened to the customers, on both backends."""

from __future__ import annotations

import html
import json
import random
import re
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select, text

from gateway.customers.models import Customer, LocaleDelta
from gateway.delivery.models import Delivery
from gateway.incidents.audience import (
    Audience,
    count_criteria,
    fold_locale_deltas,
)
from gateway.incidents.models import Incident
from gateway.intake.expansion import expand
from gateway.messages.context import fallback_notes
from gateway.messages.intake_lint import language_findings
from gateway.messages.language import fallback_sentence
from gateway.store.db import db
from tests.pipeline.test_snapshot_in_chunks import take_expansion_jobs
from tests.support.api import FACTS, OUTAGE, auth
from tests.support.console import console_client

LOCALES = ["en", "zh-CN"]  # what the API takes; raw SQL below writes others too
EVERYONE = Audience(all=True)
COMPOSE_FACTS = {k: v for k, v in OUTAGE.items() if k != "next_update_at"}  # English only


def counted(app: Flask) -> tuple[tuple[int, dict[str | None, int]], tuple[int, dict[Any, int]]]:
    """(what the intake reads for `all`, the horizon and a real grouped COUNT)."""
    with app.app_context():
        kept = count_criteria(EVERYONE)
        through = int(db.session.execute(select(func.max(Customer.id))).scalar_one() or 0)
        real = dict(db.session.execute(
            select(Customer.locale, func.count()).where(Customer.erased_at.is_(None))
            .group_by(Customer.locale)).all())
        db.session.remove()
    return kept, (through, real)


def bulk(client, keys, rows: list[tuple[str, str]]) -> None:
    body = "\n".join(json.dumps({"external_id": name, "email": f"{name}@example.com",
                                 "locale": locale, "channels": ["email"]})
                     for name, locale in rows)
    r = client.post("/v1/customers/bulk", data=body, headers=auth(
        keys["system"], **{"Content-Type": "application/x-ndjson"}))
    assert r.get_json()["stored"] == len(rows), r.get_json()


def sql(app: Flask, statement: str, **params: Any) -> None:
    with app.app_context():
        db.session.execute(text(statement), params)
        db.session.commit()
        db.session.remove()


def post_all(client, keys, idem: str) -> dict[str, Any]:
    r = client.post("/v1/incidents", headers=auth(keys["system"], **{"Idempotency-Key": idem}),
                    json={"kind": "outage", "severity": "high", "title": "Checkout unavailable",
                          "facts": FACTS, "audience": {"all": True}, "channels": ["email"]})
    assert r.status_code == 202, r.get_json()
    body: dict[str, Any] = r.get_json()
    return body


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kept_counts_equal_a_count_after_any_sequence(app, client, keys, seed):
    rng = random.Random(seed)
    names = [f"r{i}" for i in range(40)]

    def live() -> list[str]:
        with app.app_context():
            found = list(db.session.execute(select(Customer.external_id).where(
                Customer.erased_at.is_(None)).order_by(Customer.id)).scalars())
            db.session.remove()
        return found

    for step in range(30):
        action = rng.choice(["put", "bulk", "bulk", "erase", "delete", "relocale", "revive",
                             "fold"])
        if action == "put":  # a new customer, or a locale change of a live one
            name = rng.choice(names)
            r = client.put(f"/v1/customers/{name}", json={
                "email": f"{name}@example.com", "locale": rng.choice(LOCALES)},
                headers=auth(keys["system"]))
            assert r.status_code == 200
        elif action == "bulk":  # new and existing ones, a name twice (the last row wins)
            rows = [(rng.choice(names), rng.choice(LOCALES)) for _ in range(rng.randint(1, 25))]
            bulk(client, keys, rows)
        elif action == "erase" and live():
            r = client.delete(f"/v1/customers/{rng.choice(live())}", headers=auth(keys["system"]))
            assert r.status_code == 204
        elif action == "delete":  # rows deleted outright (as `bench.export` cleans up)
            sql(app, "DELETE FROM customers WHERE id % 5 = :k", k=rng.randint(0, 4))
        elif action == "relocale":  # one statement moving many customers, erased ones too
            sql(app, "UPDATE customers SET locale = :to WHERE id % 3 = :k",
                to=rng.choice([*LOCALES, "fr"]), k=rng.randint(0, 2))
        elif action == "revive":  # an erased row made live again, where no live twin is
            sql(app, "UPDATE customers SET erased_at = NULL WHERE id IN (SELECT min(c.id) FROM "
                "customers c WHERE c.erased_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
                "customers t WHERE t.external_id = c.external_id AND t.erased_at IS NULL))")
        elif action == "fold":
            with app.app_context():
                fold_locale_deltas()
                db.session.remove()
        kept, real = counted(app)
        assert kept == real, (step, action)
    with app.app_context():
        fold_locale_deltas()
        rows = db.session.execute(select(LocaleDelta.locale, func.count())
                                  .group_by(LocaleDelta.locale)).all()
        db.session.remove()
    assert all(n == 1 for _locale, n in rows)  # folded: one row a locale
    kept, real = counted(app)
    assert kept == real


def test_a_fold_beside_an_open_import_loses_nothing(app, client, keys):
    """A transaction's deltas not yet committed when the fold runs are left for the next."""
    bulk(client, keys, [(f"a{i}", "en") for i in range(5)])
    with app.app_context():
        with db.engine.connect() as other:
            other.execute(text(
                "INSERT INTO customers (external_id, locale, timezone, channels, tags, "
                "attributes, created_at, updated_at) VALUES ('open-1', 'zh-CN', 'UTC', '[]', "
                "'[]', '{}', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
            if db.engine.dialect.name == "postgresql":  # SQLite: the open writer holds the lock
                fold_locale_deltas()
            other.commit()
        fold_locale_deltas()
        db.session.remove()
    kept, real = counted(app)
    assert kept == real and kept[1] == {"en": 5, "zh-CN": 1}


def test_the_202_counts_an_import_just_made_and_expansion_plans_as_many(app, client, keys):
    """Right after a bulk import (nothing folded), with customers erased and moved
    between locales: the 202's size and locales are the COUNT's, and expansion plans
    one message for each."""
    bulk(client, keys, [(f"b{i:03d}", LOCALES[i % 2]) for i in range(260)])
    for name in ("b001", "b002", "b100"):
        assert client.delete(f"/v1/customers/{name}", headers=auth(keys["system"])).status_code \
            == 204
    bulk(client, keys, [(f"b{i:03d}", "zh-CN") for i in range(10, 20)])
    body = post_all(client, keys, "k1")
    kept, (_through, real) = counted(app)
    assert body["audience_size"] == sum(real.values()) == 257
    with app.app_context():
        take_expansion_jobs(app)
        expand(body["id"])
        planned = db.session.execute(select(func.count()).select_from(Delivery).where(
            Delivery.incident_id == body["id"], Delivery.message == 0)).scalar_one()
        locales = db.session.get_one(Incident, body["id"]).audience_locales
        db.session.remove()
    assert planned == body["audience_size"]
    assert locales == real == kept[1]
    bulk(client, keys, [(f"n{i}", "en") for i in range(7)])
    assert post_all(client, keys, "k2")["audience_size"] == 264


def fallbacks_a_count_gives(app: Flask) -> tuple[list[str], tuple[str, list[str]]]:
    """(the preview's `locale_fallback` messages, the console's size and sentences) that
    a real grouped COUNT of the live customers gives for English-only facts."""
    _kept, (_through, real) = counted(app)
    with app.app_context():
        findings = [f["message"] for f in language_findings(FACTS, real)]
    return findings, (f"{sum(real.values()):,}",
                      [fallback_sentence(note) for note in fallback_notes(COMPOSE_FACTS, real)])


def previewed(client, keys) -> list[str]:
    r = client.post("/v1/templates/preview", headers=auth(keys["comms"]), json={
        "kind": "outage", "channel": "email", "locale": "en", "facts": FACTS,
        "audience": {"all": True}})
    assert r.status_code == 200, r.get_json()
    return [f["message"] for f in r.get_json()["lint"] if f["code"] == "locale_fallback"]


def composed(console, **audience: str) -> tuple[str, list[str]]:
    """The compose page's audience size and the sentences of its language block for an
    `all` audience (or the `audience` form fields given)."""
    c, token = console
    summary = c.post("/console/compose/check.json", headers={"X-CSRF-Token": token}, data={
        "kind": "outage", "severity": "high", "title": "Checkout down", **COMPOSE_FACTS,
        **(audience or {"audience_mode": "all"}), "channels": ["email"]}
    ).get_json()["summary_html"]
    size = re.findall(r"<p class=\"summary-value\" data-audience-size>(.*?)</p>", summary)
    block = summary.split("data-language-fallback>")[1].split("</div>")[0] \
        if "data-language-fallback>" in summary else ""
    return size[0], [html.unescape(s)
                     for s in re.findall(r'<p class="small warn-text">(.*?)</p>', block)]


def test_previews_of_all_say_what_a_count_says_before_any_fold(app, client, keys):
    """Template previews and the compose page read an `all` audience's size and locales
    from the kept counts: after imports, locale changes and erasures (the deltas not
    folded) they name the customers a grouped COUNT finds, as the 202 does."""
    console = console_client(app, keys["comms"])

    def says_what_a_count_says() -> None:
        findings, page = fallbacks_a_count_gives(app)
        assert previewed(client, keys) == findings
        assert composed(console) == page

    bulk(client, keys, [(f"p{i:02d}", LOCALES[i % 2]) for i in range(40)])
    says_what_a_count_says()
    assert previewed(client, keys) == [
        "20 customers will get English because there are no Chinese facts"]
    for name in ("p00", "p02", "p04"):  # English to Chinese, one at a time
        r = client.put(f"/v1/customers/{name}", headers=auth(keys["system"]),
                       json={"email": f"{name}@example.com", "locale": "zh-CN"})
        assert r.status_code == 200
    says_what_a_count_says()
    for name in ("p01", "p03", "p05", "p06"):  # three Chinese, one English
        assert client.delete(f"/v1/customers/{name}", headers=auth(keys["system"])).status_code \
            == 204
    says_what_a_count_says()
    sql(app, "UPDATE customers SET locale = 'fr' WHERE id % 4 = 0")  # erased ones too
    says_what_a_count_says()
    bulk(client, keys, [(f"p{i:02d}", "zh-CN") for i in range(30, 45)])  # re-imports, new ones
    says_what_a_count_says()
    findings, page = fallbacks_a_count_gives(app)
    assert len(findings) == 2 and any("French" in f for f in findings)
    assert composed(console) == page
    assert [f["message"] for f in post_all(client, keys, "p1")["lint"]
            if f["code"] == "locale_fallback"] == previewed(client, keys)
    with app.app_context():
        fold_locale_deltas()
        db.session.remove()
    says_what_a_count_says()


def test_listed_ids_give_the_page_and_the_preview_their_customers_by_locale(app, client, keys):
    """An audience of listed ids: the compose page's size, unknown ids and language
    sentences and the preview's findings name the live customers listed, by the locale
    each has now; an erased or unknown id is nobody, an id listed twice one customer."""
    bulk(client, keys, [(f"q{i:02d}", LOCALES[i % 2]) for i in range(8)])
    for name in ("q00", "q01"):
        assert client.delete(f"/v1/customers/{name}", headers=auth(keys["system"])).status_code \
            == 204
    sql(app, "UPDATE customers SET locale = 'fr' WHERE external_id IN ('q02', 'q04')")
    ids = ["q07", "q00", "q01", "q02", "q03", "q04", "q05", "q06", "nobody", "q03"]
    live = {"en": 1, "fr": 2, "zh-CN": 3}  # q06; q02 and q04; q03, q05 and q07
    c, token = console_client(app, keys["comms"])
    checked = c.post("/console/compose/check.json", headers={"X-CSRF-Token": token}, data={
        "kind": "outage", "severity": "high", "title": "Checkout down", **COMPOSE_FACTS,
        "audience_mode": "ids", "customer_ids": " ".join(ids), "channels": ["email"]}).get_json()
    assert (checked["audience"]["size"], checked["audience"]["unknown"]) == (
        6, ["q00", "q01", "nobody"])
    assert composed((c, token), audience_mode="ids", customer_ids=" ".join(ids)) == (
        "6", [fallback_sentence(note) for note in fallback_notes(COMPOSE_FACTS, live)])
    r = client.post("/v1/templates/preview", headers=auth(keys["comms"]), json={
        "kind": "outage", "channel": "email", "locale": "en", "facts": FACTS,
        "audience": {"customer_ids": ids}})
    assert r.status_code == 200, r.get_json()
    said = [f["message"] for f in r.get_json()["lint"] if f["code"] == "locale_fallback"]
    with app.app_context():
        assert said == [f["message"] for f in language_findings(FACTS, live)]
    assert said == ["3 customers will get English because there are no Chinese facts",
                    "2 customers will get English because there are no French facts"]

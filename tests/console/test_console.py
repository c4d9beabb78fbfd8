"""The console through Flask's test client: sessions, CSRF, roles, and each
page doing its work through the domain functions."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from gateway.audit.models import AuditRecord
from gateway.console import i18n
from gateway.incidents.models import Incident, IncidentUpdate
from gateway.store.db import db
from tests.support.api import auth, put_customer
from tests.support.console import console_client, csrf_of
from tests.support.pipeline import run_worker
from tests.support.processes import ROOT

# Promised update times a week ahead, as the console's datetime-local inputs send them.
_AHEAD = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=7)
NEXT_UPDATE = _AHEAD.strftime("%Y-%m-%dT%H:%M")
LATER_UPDATE = (_AHEAD + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")

PAGES = ("/console/templates", "/console/templates/preview", "/console/compose",
         "/console/approvals", "/console/incidents", "/console/complaints",
         "/console/customers", "/console/audit", "/console/signals")

COMPOSE = {
    "kind": "outage", "severity": "high", "title": "Checkout down",
    "what_happened": "Our checkout stopped taking payments at 09:10 on 20 November.",
    "impact": "You could not pay for your order during that time.",
    "actions_taken": "We switched checkout back to the previous version at 09:40.",
    "audience_mode": "ids", "customer_ids": "c1 c2", "channels": ["email"],
    "auto_no_news": "1", "ack_within_minutes": "60",
}



def incident_count(app) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(Incident)).scalar_one()


# -- sessions -------------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES + ("/console/incidents/1", "/console/"))
def test_every_page_redirects_to_sign_in_without_a_session(client, path):
    r = client.get(path)
    assert r.status_code == 302
    assert "/console/signin" in r.headers["Location"]


def test_sign_in_sets_a_hardened_session_cookie(client, keys):
    page = client.get("/console/signin").get_data(as_text=True)
    r = client.post("/console/signin", data={"api_key": keys["comms"], "csrf_token": csrf_of(page)})
    cookie = r.headers["Set-Cookie"]
    assert cookie.startswith("gateway_console=")
    for flag in ("HttpOnly", "Secure", "SameSite=Lax", "Path=/console"):
        assert flag in cookie  # Secure: the test config's public URL is https
    assert keys["comms"] not in cookie  # the key itself is never in the cookie


def test_sign_in_refuses_unknown_revoked_and_system_keys(app, client, keys):
    from gateway.access.keys import revoke_key

    with app.app_context():
        revoke_key("test-approver2")
    for key, status in (("gw_nope", 401), (keys["approver2"], 401), (keys["system"], 403)):
        page = client.get("/console/signin").get_data(as_text=True)
        r = client.post("/console/signin", data={"api_key": key, "csrf_token": csrf_of(page)})
        assert r.status_code == status
        assert client.get("/console/incidents").status_code == 302


def test_a_revoked_key_is_signed_out_on_its_next_request(app, keys):
    from gateway.access.keys import revoke_key

    c, _ = console_client(app, keys["comms"])
    assert c.get("/console/incidents").status_code == 200
    with app.app_context():
        revoke_key("test-comms")
    r = c.get("/console/incidents")
    assert r.status_code == 302 and "/console/signin" in r.headers["Location"]


def test_sign_out_ends_the_session(app, keys):
    c, token = console_client(app, keys["auditor"])
    assert c.post("/console/signout", data={"csrf_token": token}).status_code == 302
    assert c.get("/console/audit").status_code == 302


def test_next_is_followed_only_within_the_console(app, client, keys):
    page = client.get("/console/signin").get_data(as_text=True)
    r = client.post("/console/signin", data={"api_key": keys["comms"], "csrf_token": csrf_of(page),
                                             "next": "//evil.example/console/x"})
    assert r.headers["Location"].startswith("/console/templates")
    c, _ = console_client(app, keys["comms"])
    c.post("/console/signout",
           data={"csrf_token": csrf_of(c.get("/console/compose").get_data(as_text=True))})
    page = c.get("/console/signin").get_data(as_text=True)
    r = c.post("/console/signin", data={"api_key": keys["comms"], "csrf_token": csrf_of(page),
                                        "next": "/console/compose"})
    assert r.headers["Location"] == "/console/compose"


# -- CSRF -------------------------------------------------------------------------------


def test_posts_without_the_csrf_token_are_refused(app, keys, three_customers):
    c, token = console_client(app, keys["comms"])
    r = c.post("/console/compose", data={**COMPOSE, "idempotency_key": "k1"})
    assert r.status_code == 400
    assert "text/html" in r.content_type and "form expired" in r.get_data(as_text=True)
    r = c.post("/console/compose",
               data={**COMPOSE, "idempotency_key": "k1", "csrf_token": "x" * 43})
    assert r.status_code == 400
    r = c.post("/console/compose/check.json", data=COMPOSE)
    assert r.status_code == 400
    assert incident_count(app) == 0
    r = c.post("/console/compose", data={**COMPOSE, "idempotency_key": "k1", "csrf_token": token})
    assert r.status_code == 302 and incident_count(app) == 1


def test_sign_in_itself_needs_the_csrf_token(client, keys):
    r = client.post("/console/signin", data={"api_key": keys["comms"]})
    assert r.status_code == 400


# -- roles ------------------------------------------------------------------------------

ALLOWED = {
    "comms": {"/console/templates", "/console/templates/preview", "/console/compose",
              "/console/incidents", "/console/complaints", "/console/customers",
              "/console/signals"},
    "approver": {"/console/approvals", "/console/incidents"},
    "auditor": {"/console/audit", "/console/incidents", "/console/complaints",
                "/console/customers", "/console/signals"},
    "admin": set(PAGES),
}


@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_each_role_reaches_its_pages_and_only_those(app, keys, role):
    c, _ = console_client(app, keys[role])
    for path in PAGES:
        expected = 200 if path in ALLOWED[role] else 403
        r = c.get(path)
        assert r.status_code == expected, (role, path, r.status_code)
    nav = c.get("/console/incidents").get_data(as_text=True)
    links = set(re.findall(r'<a href="(/console/[a-z]+)"\s*(?:aria-current|>)', nav))
    assert links == {p for p in ALLOWED[role] if p.count("/") == 2}


def test_a_comms_user_cannot_reach_audit_pages_or_exports(app, keys, three_customers):
    c, token = console_client(app, keys["comms"])
    c.post("/console/compose", data={**COMPOSE, "idempotency_key": "k", "csrf_token": token})
    assert c.get("/console/audit").status_code == 403
    assert c.post("/console/audit/verify", data={"csrf_token": token}).status_code == 403
    assert c.get("/console/audit/incidents/1/deliveries.csv").status_code == 403
    assert "Your role cannot open this page" in c.get("/console/audit").get_data(as_text=True)


# -- templates --------------------------------------------------------------------------


def test_preview_marks_lint_findings_in_place(app, keys):
    c, token = console_client(app, keys["comms"])
    r = c.get("/console/templates/preview", query_string={
        "kind": "outage", "channel": "sms", "locale": "en",
        "what_happened": "Due to our vendor, checkout stopped.", "impact": "You could not pay.",
        "actions_taken": "We fixed it at 09:40."})
    html = r.get_data(as_text=True)
    assert re.search(r'<mark class="lint lint-error"[^>]*>Due to our vendor<sup', html)
    assert "Blames someone else" in html and 'class="phone"' in html
    r = c.post("/console/templates/preview.json", headers={"X-CSRF-Token": token}, data={
        "kind": "outage", "channel": "email", "locale": "both",
        "what_happened": "We apologise for any inconvenience.", "impact": "x",
        "actions_taken": "y"})
    body = r.get_json()
    assert body["errors"] >= 1 and "lint-error" in body["html"]
    assert 'sandbox=""' in body["html"] and "srcdoc=" in body["html"]
    assert body["html"].count('class="message message-email"') == 2  # en and zh-CN


def test_preview_shows_the_rewrite_a_finding_suggests(app, keys):
    c, _ = console_client(app, keys["comms"])
    html = c.get("/console/templates/preview", query_string={
        "kind": "outage", "channel": "chat", "locale": "en",
        "what_happened": "The courier company lost track of several packages.",
        "impact": "Your parcel is late.", "actions_taken": "We found it at 09:40.",
    }).get_data(as_text=True)
    assert "We lost track of several packages." in html


def test_catalogue_lists_every_template_with_its_lint_status(app, keys):
    c, _ = console_client(app, keys["comms"])
    html = c.get("/console/templates").get_data(as_text=True)
    assert "Data breach" in html and html.count('class="badge badge-') >= 42


# -- compose ----------------------------------------------------------------------------


def test_compose_check_reports_audience_lint_and_approval(app, keys, three_customers):
    c, token = console_client(app, keys["comms"])
    r = c.post("/console/compose/check.json", headers={"X-CSRF-Token": token}, data={
        **COMPOSE, "kind": "data_breach", "customer_ids": "c1 c2 ghost",
        "what_happened": "A small number of customers saw an upstream 502."})
    body = r.get_json()
    assert body["audience"] == {"size": 2, "unknown": ["ghost"], "errors": []}
    assert "data_breach" in body["approval_reasons"]
    assert "<mark" in body["field_lint"]["what_happened"]
    r = c.post("/console/compose/check.json", headers={"X-CSRF-Token": token},
               data={**COMPOSE, "audience_mode": "tags", "tags_any": "eu", "customer_ids": ""})
    assert r.get_json()["audience"]["size"] == 2


def test_compose_submits_once_per_form_and_dispatches(app, keys, three_customers):
    c, token = console_client(app, keys["comms"])
    form = {**COMPOSE, "idempotency_key": "form-1", "csrf_token": token}
    first = c.post("/console/compose", data=form)
    again = c.post("/console/compose", data=form)  # a double click / resubmitted form
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]
    assert incident_count(app) == 1
    with app.app_context():
        incident = db.session.execute(select(Incident)).scalar_one()
        assert incident.status == "dispatching" and incident.audience_size == 2
        assert incident.created_by == "test-comms"
    changed = c.post("/console/compose", data={**form, "title": "Another title"})
    assert changed.status_code == 409 and incident_count(app) == 1
    run_worker(app)
    live = c.get(f"/console/incidents/{incident.id}/live.json").get_json()
    assert live["reached"] == 2 and live["counts"]["email"]["sent"] == 2


def test_compose_shows_field_errors_without_creating_anything(app, keys, three_customers):
    c, token = console_client(app, keys["comms"])
    r = c.post("/console/compose", data={**COMPOSE, "impact": "", "customer_ids": "",
                                         "idempotency_key": "x", "csrf_token": token})
    html = r.get_data(as_text=True)
    assert r.status_code == 422 and 'id="e-impact"' in html and 'id="e-audience"' in html
    assert incident_count(app) == 0


def test_data_breach_goes_to_approval_and_dry_run_reaches_one_customer(app, keys, three_customers):
    c, token = console_client(app, keys["comms"])
    r = c.post("/console/compose", data={**COMPOSE, "kind": "data_breach",
                                         "idempotency_key": "b1", "csrf_token": token})
    assert r.status_code == 302
    assert "waits for an approver" in c.get(r.headers["Location"]).get_data(as_text=True)
    r = c.post("/console/compose", data={**COMPOSE, "idempotency_key": "b2", "csrf_token": token,
                                         "action": "dry_run", "dry_run_customer": "c3"})
    assert r.status_code == 200 and "Dry run created" in r.get_data(as_text=True)
    with app.app_context():
        dry = db.session.execute(select(Incident).order_by(Incident.id.desc())).scalars().first()
        assert dry.audience == {"customer_ids": ["c3"]} and dry.audience_size == 1
        assert dry.title.startswith("[Dry run]")
    r = c.post("/console/compose", data={**COMPOSE, "idempotency_key": "b3", "csrf_token": token,
                                         "action": "dry_run", "dry_run_customer": "ghost"})
    assert r.status_code == 422 and incident_count(app) == 2


@pytest.mark.parametrize("mode, stray", [
    ("all", {"tags_any": "eu"}),                # "every customer", a tag left in a hidden input
    ("ids", {"attributes": "plan=pro"}),         # listed customers, an attribute left behind
    ("tags", {"tags_any": "eu", "customer_ids": "c1"}),
])
def test_audience_values_for_another_kind_are_refused(app, keys, three_customers, mode, stray):
    c, token = console_client(app, keys["comms"])
    form = {**COMPOSE, "audience_mode": mode, "customer_ids": "", **stray}
    r = c.post("/console/compose", data={**form, "idempotency_key": "stray", "csrf_token": token})
    html = r.get_data(as_text=True)
    assert r.status_code == 422 and incident_count(app) == 0
    assert 'id="e-audience"' in html and "still has values" in html
    # the stray inputs are shown again, so they can be cleared
    stray_group = "tags" if ("tags_any" in stray or "attributes" in stray) else "ids"
    assert re.search(rf'data-when="{stray_group}"[^>]*>', html).group(0).find("hidden") == -1
    live = c.post("/console/compose/check.json", headers={"X-CSRF-Token": token}, data=form)
    assert live.get_json()["audience"]["size"] is None


def test_the_api_refuses_an_audience_of_two_kinds(client, keys, three_customers):
    from tests.support.api import FACTS

    for audience in ({"all": True, "tags_any": ["eu"]}, {"customer_ids": ["c1"],
                                                         "attributes": {"plan": "pro"}}):
        r = client.post("/v1/incidents", headers={**auth(keys["system"]), "Idempotency-Key": "a"},
                        json={"kind": "outage", "severity": "high", "title": "t",
                              "facts": FACTS, "audience": audience})
        assert r.status_code == 422, r.get_json()
        assert r.get_json()["error"]["details"][0]["field"] == "audience"


def test_the_audience_choice_hides_the_other_inputs(app, keys):
    c, _ = console_client(app, keys["comms"])
    html = c.get("/console/compose").get_data(as_text=True)
    assert re.search(r'data-when="tags"[^>]*hidden', html)
    assert re.search(r'data-when="all"[^>]*hidden', html)
    assert not re.search(r'data-when="ids"[^>]*hidden', html)
    css = c.get("/console/static/console.css").get_data(as_text=True)
    assert "[hidden] { display: none !important; }" in css


# -- sign-in limits -----------------------------------------------------------------------


def test_successful_sign_ins_never_count_toward_the_lockout(app, client, keys, config):
    limit = config.auth_failures_per_minute
    for _ in range(limit + 5):
        page = client.get("/console/signin").get_data(as_text=True)
        r = client.post("/console/signin", data={"api_key": keys["comms"],
                                                 "csrf_token": csrf_of(page)})
        assert r.status_code == 302
        client.post("/console/signout", data={"csrf_token": csrf_of(
            client.get(r.headers["Location"]).get_data(as_text=True))})


def test_console_and_api_failures_share_one_limiter(app, keys, config):
    import dataclasses

    from gateway import create_app

    small = create_app(dataclasses.replace(config, auth_failures_per_minute=3))  # one quick window
    small.config["TESTING"] = True
    client = small.test_client()
    client.environ_base["REMOTE_ADDR"] = "198.51.100.21"
    for _ in range(2):
        page = client.get("/console/signin").get_data(as_text=True)
        r = client.post("/console/signin", data={"api_key": "gw_wrong",
                                                 "csrf_token": csrf_of(page)})
        assert r.status_code == 401
    assert client.get("/v1/customers/c1", headers=auth("gw_wrong")).status_code == 401
    # the limit is reached: now even the right key is refused, on both doors
    assert client.get("/v1/customers/c1", headers=auth(keys["comms"])).status_code == 429
    page = client.get("/console/signin").get_data(as_text=True)
    r = client.post("/console/signin", data={"api_key": keys["comms"],
                                             "csrf_token": csrf_of(page)})
    assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1
    assert "Wait a minute" in r.get_data(as_text=True)


# -- approvals --------------------------------------------------------------------------


def _pending(app, keys) -> int:
    c, token = console_client(app, keys["admin"])
    r = c.post("/console/compose", data={**COMPOSE, "kind": "data_breach",
                                         "idempotency_key": "p1", "csrf_token": token})
    return int(r.headers["Location"].rsplit("/", 1)[-1])


def test_approval_needs_a_second_person_and_is_audited(app, keys, three_customers):
    incident_id = _pending(app, keys)
    admin, admin_token = console_client(app, keys["admin"])
    page = admin.get("/console/approvals").get_data(as_text=True)
    assert "another approver must decide" in page
    r = admin.post(f"/console/approvals/{incident_id}/approve", data={"csrf_token": admin_token})
    assert r.status_code == 302
    with app.app_context():
        assert db.session.get(Incident, incident_id).status == "pending_approval"
    bob, token = console_client(app, keys["approver"])
    page = bob.get("/console/approvals").get_data(as_text=True)
    assert f'id="incident-{incident_id}"' in page and "message-email" in page
    r = bob.post(f"/console/approvals/{incident_id}/approve",
                 data={"csrf_token": token, "reason": "Wording checked."})
    assert r.headers["Location"] == f"/console/incidents/{incident_id}"
    with app.app_context():
        incident = db.session.get(Incident, incident_id)
        assert incident.status == "dispatching" and incident.decided_by == "test-approver"
        record = db.session.execute(select(AuditRecord).where(
            AuditRecord.action == "incident.approved")).scalar_one()
        assert record.actor == "test-approver" and record.data["reason"] == "Wording checked."


def test_reject_needs_a_reason(app, keys, three_customers):
    incident_id = _pending(app, keys)
    bob, token = console_client(app, keys["approver"])
    bob.post(f"/console/approvals/{incident_id}/reject", data={"csrf_token": token, "reason": " "})
    with app.app_context():
        assert db.session.get(Incident, incident_id).status == "pending_approval"
    bob.post(f"/console/approvals/{incident_id}/reject",
             data={"csrf_token": token, "reason": "Say when the refund arrives."})
    with app.app_context():
        incident = db.session.get(Incident, incident_id)
        assert incident.status == "rejected"
        assert incident.decision_reason == "Say when the refund arrives."


def _age(app, incident_id, minutes, column="created_at") -> None:
    """Move the incident's creation (or latest edit) `minutes` into the past."""
    from datetime import timedelta

    from sqlalchemy import update

    from gateway.store.db import utcnow

    with app.app_context():
        db.session.execute(update(Incident).where(Incident.id == incident_id).values(
            **{column: utcnow() - timedelta(minutes=minutes)}))
        db.session.commit()


def test_a_stale_draft_cannot_be_approved(app, keys, three_customers):
    incident_id = _pending(app, keys)
    _age(app, incident_id, 61)  # APPROVAL_TTL_MINUTES defaults to 60
    bob, token = console_client(app, keys["approver"])
    page = bob.get("/console/approvals").get_data(as_text=True)
    assert "expired" in page and "ask the author to edit it or submit it again" in page
    r = bob.post(f"/console/approvals/{incident_id}/approve", data={"csrf_token": token})
    shown = bob.get(r.headers["Location"]).get_data(as_text=True)
    assert "waited too long to be approved (more than 60 minutes" in shown
    assert "Ask the author to edit it" in shown
    with app.app_context():
        assert db.session.get(Incident, incident_id).status == "pending_approval"
    # the author sees why on the incident page, and an edit restarts the clock
    alice, alice_token = console_client(app, keys["comms"])
    page = alice.get(f"/console/incidents/{incident_id}").get_data(as_text=True)
    assert "Approval expired" in page and f"/console/incidents/{incident_id}/edit" in page
    form = alice.get(f"/console/incidents/{incident_id}/edit").get_data(as_text=True)
    alice.post(f"/console/incidents/{incident_id}/edit",
               data={**COMPOSE, "kind": "data_breach", "csrf_token": alice_token,
                     "version": _version(form)})
    r = bob.post(f"/console/approvals/{incident_id}/approve", data={"csrf_token": token})
    assert r.headers["Location"] == f"/console/incidents/{incident_id}"


def test_the_console_uses_the_configured_ttl(app, keys, three_customers):
    from dataclasses import replace

    app.config["GATEWAY"] = replace(app.config["GATEWAY"], approval_ttl_minutes=5)
    incident_id = _pending(app, keys)
    bob, token = console_client(app, keys["approver"])
    assert "approved for 5 minutes" in bob.get("/console/approvals").get_data(as_text=True)
    _age(app, incident_id, 6)
    r = bob.post(f"/console/approvals/{incident_id}/approve", data={"csrf_token": token})
    assert "more than 5 minutes" in bob.get(r.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Incident, incident_id).status == "pending_approval"


# -- editing a pending incident -----------------------------------------------------------

VENDOR = "Due to our vendor, our checkout stopped taking payments at 09:10 on 20 November."


def _version(html: str) -> str:
    match = re.search(r'name="version" value="([^"]+)"', html)
    assert match, "no version field on the edit form"
    return match.group(1)


def _edits(app, incident_id) -> list[AuditRecord]:
    with app.app_context():
        return list(db.session.execute(select(AuditRecord).where(
            AuditRecord.incident_id == incident_id, AuditRecord.action == "incident.edited")
        ).scalars())


def test_comms_edits_a_pending_incident_and_a_clean_edit_sends_it(app, keys, three_customers):
    c, token = console_client(app, keys["comms"])
    r = c.post("/console/compose", data={**COMPOSE, "what_happened": VENDOR,
                                         "idempotency_key": "e1", "csrf_token": token})
    incident_id = int(r.headers["Location"].rsplit("/", 1)[-1])
    page = c.get(r.headers["Location"]).get_data(as_text=True)
    assert "waits for an approver" in page
    assert f'href="/console/incidents/{incident_id}/edit"' in page
    form = c.get(f"/console/incidents/{incident_id}/edit").get_data(as_text=True)
    assert f"Edit incident #{incident_id}" in form
    assert f'action="/console/incidents/{incident_id}/edit"' in form
    assert "Due to our vendor" in form and "c1\nc2" in form  # pre-filled, ids one per line
    assert "Send dry run to me" not in form and "Save changes" in form
    r = c.post(f"/console/incidents/{incident_id}/edit",
               data={**COMPOSE, "csrf_token": token, "version": _version(form)})
    assert r.headers["Location"] == f"/console/incidents/{incident_id}"
    page = c.get(r.headers["Location"]).get_data(as_text=True)
    assert "Nothing needs approval any more" in page and "edited by test-comms" in page
    with app.app_context():
        incident = db.session.get(Incident, incident_id)
        assert incident.status == "dispatching" and incident.approval_reasons == []
        assert not [f for f in incident.lint if f["severity"] == "error"]
        assert incident.edited_by == "test-comms"
    [record] = _edits(app, incident_id)
    assert record.data["changed"] == ["facts"] and record.data["lint_errors"]["after"] == 0
    run_worker(app)
    live = c.get(f"/console/incidents/{incident_id}/live.json").get_json()
    assert live["counts"]["email"]["sent"] == 2


def test_an_edit_resets_approval_and_the_editor_cannot_approve(app, keys, three_customers):
    incident_id = _pending(app, keys)  # a data breach, written by test-admin
    alice, token = console_client(app, keys["comms"])
    form = alice.get(f"/console/incidents/{incident_id}/edit").get_data(as_text=True)
    r = alice.post(f"/console/incidents/{incident_id}/edit", data={
        **COMPOSE, "kind": "data_breach", "audience_mode": "tags", "tags_any": "eu, us",
        "customer_ids": "", "csrf_token": token, "version": _version(form)})
    assert "It waits for an approver again because" in \
        alice.get(r.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        incident = db.session.get(Incident, incident_id)
        assert incident.status == "pending_approval" and incident.audience_size == 3
        assert incident.approval_reasons == ["data_breach"]
    [record] = _edits(app, incident_id)
    assert record.data["audience_size"] == {"before": 2, "after": 3}
    # an admin who edits becomes an author too: they see the four-eyes notice and are refused
    admin, admin_token = console_client(app, keys["admin"])
    form = admin.get(f"/console/incidents/{incident_id}/edit").get_data(as_text=True)
    assert 'value="eu, us"' in form and 'value="tags" checked' in form
    admin.post(f"/console/incidents/{incident_id}/edit", data={
        **COMPOSE, "kind": "data_breach", "title": "Checkout was down",
        "csrf_token": admin_token, "version": _version(form)})
    page = admin.get("/console/approvals").get_data(as_text=True)
    assert "You created or edited this incident" in page and "edited by test-admin" in page
    r = admin.post(f"/console/approvals/{incident_id}/approve", data={"csrf_token": admin_token})
    assert "another approver must decide" in admin.get(r.headers["Location"]).get_data(
        as_text=True)
    bob, bob_token = console_client(app, keys["approver"])
    version = _version(bob.get("/console/approvals").get_data(as_text=True))
    r = bob.post(f"/console/approvals/{incident_id}/approve",
                 data={"csrf_token": bob_token, "version": version})
    assert r.headers["Location"] == f"/console/incidents/{incident_id}"
    with app.app_context():
        incident = db.session.get(Incident, incident_id)
        assert incident.status == "dispatching" and incident.title == "Checkout was down"


def test_an_approver_never_approves_a_version_they_did_not_read(app, keys, three_customers):
    incident_id = _pending(app, keys)
    bob, bob_token = console_client(app, keys["approver"])
    version = _version(bob.get("/console/approvals").get_data(as_text=True))
    alice, token = console_client(app, keys["comms"])
    form = alice.get(f"/console/incidents/{incident_id}/edit").get_data(as_text=True)
    alice.post(f"/console/incidents/{incident_id}/edit", data={
        **COMPOSE, "kind": "data_breach", "title": "Changed meanwhile", "csrf_token": token,
        "version": _version(form)})
    r = bob.post(f"/console/approvals/{incident_id}/approve",
                 data={"csrf_token": bob_token, "version": version})
    assert "was edited by test-comms after you opened this page" in \
        bob.get(r.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Incident, incident_id).status == "pending_approval"


def test_two_editors_never_overwrite_each_other(app, keys, three_customers):
    incident_id = _pending(app, keys)
    alice, token = console_client(app, keys["comms"])
    form = alice.get(f"/console/incidents/{incident_id}/edit").get_data(as_text=True)
    data = {**COMPOSE, "kind": "data_breach", "title": "Alice's title", "csrf_token": token,
            "version": _version(form)}
    first = alice.post(f"/console/incidents/{incident_id}/edit", data=data)
    again = alice.post(f"/console/incidents/{incident_id}/edit", data=data)  # a double click
    assert first.status_code == again.status_code == 302
    assert len(_edits(app, incident_id)) == 1
    admin, admin_token = console_client(app, keys["admin"])
    r = admin.post(f"/console/incidents/{incident_id}/edit", data={
        **data, "title": "Admin's title", "csrf_token": admin_token})  # opened before Alice saved
    assert r.status_code == 409 and "changed this incident after you opened it" in \
        r.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Incident, incident_id).title == "Alice's title"


def test_edit_shows_field_errors_and_is_refused_once_decided(app, keys, three_customers):
    incident_id = _pending(app, keys)
    alice, token = console_client(app, keys["comms"])
    version = _version(alice.get(f"/console/incidents/{incident_id}/edit").get_data(as_text=True))
    r = alice.post(f"/console/incidents/{incident_id}/edit", data={
        **COMPOSE, "impact": "", "csrf_token": token, "version": version})
    assert r.status_code == 422 and 'id="e-impact"' in r.get_data(as_text=True)
    assert alice.post(f"/console/incidents/{incident_id}/edit",
                      data={**COMPOSE, "version": version}).status_code == 400  # no CSRF token
    assert _edits(app, incident_id) == []
    bob, bob_token = console_client(app, keys["approver"])
    bob.post(f"/console/approvals/{incident_id}/reject",
             data={"csrf_token": bob_token, "reason": "Say when the refund arrives."})
    page = alice.get(f"/console/incidents/{incident_id}").get_data(as_text=True)
    assert f"/console/incidents/{incident_id}/edit" not in page
    r = alice.get(f"/console/incidents/{incident_id}/edit")
    assert r.headers["Location"] == f"/console/incidents/{incident_id}"
    assert "can no longer be edited: it is Rejected" in \
        alice.get(r.headers["Location"]).get_data(as_text=True)
    r = alice.post(f"/console/incidents/{incident_id}/edit",
                   data={**COMPOSE, "csrf_token": token, "version": version})
    assert r.status_code == 302 and _edits(app, incident_id) == []
    assert alice.get("/console/incidents/999999/edit").status_code == 404


@pytest.mark.parametrize("role", ["approver", "auditor"])
def test_only_comms_and_admin_may_edit(app, keys, three_customers, role):
    incident_id = _pending(app, keys)
    c, token = console_client(app, keys[role])
    page = c.get(f"/console/incidents/{incident_id}").get_data(as_text=True)
    assert f"/console/incidents/{incident_id}/edit" not in page
    assert c.get(f"/console/incidents/{incident_id}/edit").status_code == 403
    r = c.post(f"/console/incidents/{incident_id}/edit",
               data={**COMPOSE, "kind": "data_breach", "csrf_token": token, "version": "x"})
    assert r.status_code == 403 and _edits(app, incident_id) == []


def test_edit_form_round_trips_every_audience_and_both_languages(app):
    from types import SimpleNamespace

    from gateway.console import forms

    facts = {"en": {"what_happened": "a", "impact": "b", "actions_taken": "c",
                    "customer_actions": ["x", "y"], "next_update_at": f"{NEXT_UPDATE}:00Z",
                    "compensation": {"description": "credit", "amount": "10.00",
                                     "currency": "USD", "when": "soon"}},
             "zh-CN": {"what_happened": "甲", "impact": "乙", "actions_taken": "丙",
                       "customer_actions": ["丁"], "next_update_at": f"{NEXT_UPDATE}:00Z",
                       "compensation": {"description": "补偿", "amount": "10.00",
                                        "currency": "USD", "when": "soon"}}}
    for audience in ({"all": True}, {"customer_ids": ["c1", "c2"]},
                     {"tags_any": ["eu", "us"], "tags_all": ["pro"],
                      "attributes": {"plan": "pro", "seats": 3, "beta": True}}):
        stored = SimpleNamespace(kind="outage", severity="low", title="T", facts=facts,
                                 audience=audience, channels=["sms", "email"], require_ack=True,
                                 ack_within_minutes=30, auto_no_news=False)
        body = forms.incident_body(forms.form_from_incident(stored))
        assert body == {"kind": "outage", "severity": "low", "title": "T", "facts": facts,
                        "audience": audience, "channels": ["sms", "email"], "require_ack": True,
                        "ack_within_minutes": 30, "auto_no_news": False}


# -- incident page ----------------------------------------------------------------------


def test_incident_page_posts_updates_and_refuses_bad_wording(app, keys, three_customers):
    c, token = console_client(app, keys["comms"])
    r = c.post("/console/compose", data={**COMPOSE, "idempotency_key": "u0", "csrf_token": token,
                                         "next_update_at": NEXT_UPDATE})
    incident_id = int(r.headers["Location"].rsplit("/", 1)[-1])
    run_worker(app)
    page = c.get(f"/console/incidents/{incident_id}").get_data(as_text=True)
    assert f'value="{NEXT_UPDATE}"' in page  # pre-filled with the promised time
    assert "Customers to call" in page and "Follow-up survey" in page
    bad = c.post(f"/console/incidents/{incident_id}/updates", data={
        "csrf_token": token, "idempotency_key": "u1", "stage": "identified",
        "message": "We apologise for any inconvenience caused.",
        "next_update_at": LATER_UPDATE})
    shown = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "This is not a real apology" in shown
    assert "<code>message</code>" not in shown and "Message:" in shown
    good = {"csrf_token": token, "idempotency_key": "u2", "stage": "identified",
            "message": "We found the cause and fixed it.", "next_update_at": LATER_UPDATE}
    assert c.post(f"/console/incidents/{incident_id}/updates", data=good).status_code == 302
    assert c.post(f"/console/incidents/{incident_id}/updates", data=good).status_code == 302
    with app.app_context():
        updates = db.session.execute(select(IncidentUpdate)).scalars().all()
        assert [(u.seq, u.stage, u.recipients, u.created_by) for u in updates] == \
            [(1, "identified", 2, "test-comms")]
    approver, _ = console_client(app, keys["approver"])
    page = approver.get(f"/console/incidents/{incident_id}").get_data(as_text=True)
    assert "Post the next update" not in page  # read-only for approvers
    assert approver.post(f"/console/incidents/{incident_id}/updates",
                         data={**good, "csrf_token": csrf_of(page)}).status_code == 403


def test_missing_incident_is_an_html_404_and_the_api_stays_json(app, client, keys):
    c, _ = console_client(app, keys["comms"])
    r = c.get("/console/incidents/999")
    assert r.status_code == 404 and "text/html" in r.content_type
    r = c.get("/console/no-such-page")
    assert r.status_code == 404 and "text/html" in r.content_type
    r = client.get("/v1/incidents/999", headers=auth(keys["comms"]))
    assert r.status_code == 404 and r.get_json()["error"]["code"] == "not_found"


# -- audit ------------------------------------------------------------------------------


def test_auditor_searches_exports_and_verifies(app, keys, three_customers):
    comms, token = console_client(app, keys["comms"])
    r = comms.post("/console/compose", data={**COMPOSE, "idempotency_key": "a1",
                                             "csrf_token": token})
    incident_id = int(r.headers["Location"].rsplit("/", 1)[-1])
    run_worker(app)
    carol, ctoken = console_client(app, keys["auditor"])
    page = carol.get("/console/audit",
                     query_string={"incident": incident_id}).get_data(as_text=True)
    assert "incident.created" in page and "deliveries.csv" in page
    page = carol.get("/console/audit", query_string={"customer": "c1"}).get_data(as_text=True)
    assert page.count('class="dstatus') == 1
    csv_text = carol.get(f"/console/audit/incidents/{incident_id}/deliveries.csv").get_data(
        as_text=True)
    api_csv = carol.application.test_client().get(
        f"/v1/incidents/{incident_id}/deliveries.csv", headers=auth(keys["auditor"])).get_data(
        as_text=True)
    assert csv_text == api_csv and len(csv_text.strip().splitlines()) == 3
    ndjson = carol.get(f"/console/audit/incidents/{incident_id}/deliveries.ndjson")
    assert ndjson.mimetype == "application/x-ndjson"
    result = carol.post("/console/audit/verify", data={"csrf_token": ctoken}).get_data(as_text=True)
    assert "The chain is intact" in result


# -- languages --------------------------------------------------------------------------


def test_both_languages_have_every_string():
    # English says "1 error" apart (`<key>_one`); Chinese has no plural forms.
    assert {k for k in i18n.EN if not k.endswith("_one")} == set(i18n.ZH)
    assert {k.removesuffix("_one") for k in i18n.EN if k.endswith("_one")} <= set(i18n.EN)


def test_one_of_a_thing_is_said_in_the_singular():
    en, zh = i18n.translator("en"), i18n.translator("zh-CN")
    assert (en("n_errors", n=1), en("n_errors", n=2)) == ("1 error", "2 errors")
    assert en("approved_now", id=7, n=1) == "Approved incident #7. Sending to 1 customer."
    assert en("canceled_now", n=0) == "Canceled. 0 messages were stopped before sending."
    assert (zh("n_errors", n=1), zh("n_errors", n=3)) == ("1 个错误", "3 个错误")
    used = set()

    root = ROOT / "gateway" / "console"
    for path in [*root.glob("templates/console/*.html"), *root.glob("*.py")]:
        used |= set(re.findall(r"""\bt\(['"]([a-z0-9_]+)['"]""", path.read_text()))
    assert {k for k in used if not k.endswith("_")} - set(i18n.EN) == set()
    from gateway.access.keys import ROLES
    from gateway.console.views_incidents import DELIVERY_STATUSES, STAGES, STATUSES
    from gateway.vocabulary import CHANNELS, KINDS

    families = {"kind_": KINDS, "channel_": CHANNELS, "role_": ROLES, "stage_": STAGES,
                "status_": STATUSES, "dstatus_": DELIVERY_STATUSES,
                "severity_": ("critical", "high", "medium", "low", "error", "warning"),
                "reason_": ("lint_errors", "audience_over_threshold", "data_breach"),
                "unreached_": ("no_ack", "failed", "no_usable_channel"),
                "promise_": ("open", "kept", "broken", "void"), "lang_": i18n.LANGS}
    for prefix, values in families.items():
        assert {prefix + v for v in values} - set(i18n.EN) == set(), prefix


def test_staff_choose_their_language(app, keys):
    c, token = console_client(app, keys["auditor"])
    r = c.post("/console/language", data={"csrf_token": token, "lang": "zh-CN",
                                          "next": "/console/audit"})
    assert r.headers["Location"] == "/console/audit"
    html = c.get("/console/audit").get_data(as_text=True)
    assert '<html lang="zh-CN">' in html and "验证哈希链" in html


# -- statements true at the moment they are shown --------------------------------------------


def test_an_empty_compose_form_claims_nothing(app, keys):
    c, _ = console_client(app, keys["comms"])
    summary = c.get("/console/compose").get_data(as_text=True).split('id="compose-summary"')[1]
    summary = summary.split("</aside>")[0]
    assert "Clean" not in summary and "Sends at once" not in summary
    assert "Goes to an approver first" not in summary
    assert "Fill in every required field" in summary
    preview = c.get("/console/compose").get_data(as_text=True).split('id="compose-preview"')[1]
    assert "badge-ok" not in preview and "No findings" not in preview  # placeholders, not text


def test_a_just_approved_incident_says_only_what_is_true(app, keys, three_customers):
    incident_id = _pending(app, keys)
    bob, token = console_client(app, keys["approver"])
    bob.post(f"/console/approvals/{incident_id}/approve", data={"csrf_token": token})
    alice, _ = console_client(app, keys["comms"])
    page = alice.get(f"/console/incidents/{incident_id}").get_data(as_text=True)
    assert "Everyone was reached" not in page and "Nobody needs a call" not in page
    assert "once sending has finished" in page
    assert "Preparing messages" in page
    assert "Stop sending" in page  # nothing has gone out yet: stopping is still possible
    assert "includes" in page and "waiting for approval" in page
    run_worker(app)
    with app.app_context():
        from gateway.jobs.sweeps import finish_dispatches

        assert finish_dispatches() == 1
    page = alice.get(f"/console/incidents/{incident_id}").get_data(as_text=True)
    assert "Everyone was reached" in page
    assert "Stop sending" not in page  # every message is with a provider: nothing to stop


def test_findings_are_listed_once_per_field_typed_in(app, keys):
    c, _ = console_client(app, keys["comms"])
    html = c.get("/console/templates/preview", query_string={
        "kind": "outage", "channel": "email", "locale": "en",
        "what_happened": "Due to our vendor, checkout stopped at 09:10.",
        "impact": "You could not pay.", "actions_taken": "We fixed it at 09:40."}).get_data(
        as_text=True)
    email = html.split('class="message message-email"')[1]
    blame = re.findall(r'<li id="[^"]+-finding-\d+" class="finding finding-error">.*?</li>',
                       email, re.S)
    blame = [b for b in blame if "Due to our vendor" in b]
    assert len(blame) == 1, blame  # not once for the HTML part and again for the text part
    assert "What happened:" in blame[0] and "puts the blame on someone else" in blame[0]
    assert ">html<" not in email and ">text<" not in email
    # the mark in the plain text carries the same number as the listed finding
    number = re.search(r'-finding-(\d+)"', blame[0]).group(1)
    assert re.search(rf'<mark class="lint lint-error" id="[^"]+-mark-{number}"', email)


def test_compose_says_before_sending_who_gets_another_language(app, client, keys):
    for n, locale in ((1, "zh-CN"), (2, "zh-CN"), (3, "en")):
        put_customer(client, keys["system"], f"c{n}", locale=locale)
    c, token = console_client(app, keys["comms"])
    form = {**COMPOSE, "customer_ids": "c1 c2 c3"}  # English facts only
    body = c.post("/console/compose/check.json", headers={"X-CSRF-Token": token},
                  data=form).get_json()
    assert "2 customers will get English because there are no Chinese facts" \
        in body["summary_html"]
    assert "data-language-fallback" in body["summary_html"]
    html = c.get("/console/compose").get_data(as_text=True)
    assert "data-language-fallback" not in html  # no audience chosen yet: nothing to say
    c.post("/console/language", data={"csrf_token": token, "lang": "zh-CN", "next": "/console/"})
    body = c.post("/console/compose/check.json", headers={"X-CSRF-Token": token},
                  data=form).get_json()
    assert "2 位客户将收到英文消息，因为没有中文的事实。" in body["summary_html"]

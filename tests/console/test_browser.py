"""The console in a real browser (Debian's chromium, driven by Playwright)
against `python -m gateway up` on a free port, with keys made by the CLI.

One story, as staff live it: a comms person previews a template and sees a
lint finding marked, composes a data-breach notice (which needs approval), an
approver approves it, the counts rise live, the comms person posts an update,
and an auditor downloads the CSV and verifies the chain. Also: a form without
its CSRF token is refused, and a comms person cannot open the audit pages.
Screenshots of every page, at laptop and phone width, go to
`artifacts/screenshots/`.
"""

from __future__ import annotations

import csv
import io
import os
import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.support.browser import CHROMIUM, LAPTOP, PHONE, SHOTS, shoot, signed_in

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="/usr/bin/chromium is missing "
                              "(CI installs it: apt-get install chromium)"),
]

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


def test_sign_in_page_and_a_wrong_key(browser: Any, gateway: dict[str, Any]) -> None:
    context = browser.new_context(viewport=LAPTOP, base_url=gateway["base"])
    page = context.new_page()
    page.goto("/console/incidents")
    expect(page).to_have_url(re.compile(r"/console/signin\?next="))
    shoot(page, "01-sign-in")
    page.get_by_label("API key").fill("gw_not-a-real-key")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#signin-error")).to_be_visible()
    cookie = next(c for c in context.cookies() if c["name"] == "gateway_console")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["path"] == "/console"
    context.close()


def test_incident_from_preview_to_verified_audit(browser: Any, gateway: dict[str, Any]) -> None:
    # -- comms: catalogue, then a preview with a finding marked in place
    alice = signed_in(browser, gateway, "alice")
    expect(alice.get_by_role("heading", name="Templates", exact=True)).to_be_visible()
    shoot(alice, "02-templates-catalogue")
    alice.get_by_role("link", name="Preview with your own facts").click()
    expect(alice.locator(".message-email").first).to_be_visible()
    alice.get_by_label("What happened", exact=True).fill(
        "Due to our vendor, checkout stopped taking payments at 09:10.")
    marked = alice.locator("#preview-grid mark.lint-error").first
    expect(marked).to_contain_text("Due to our vendor")
    expect(alice.locator("#preview-grid .finding-error").first).to_contain_text(
        "puts the blame on someone else")
    expect(alice.locator("#preview-grid .message-sms .sms-facts")).to_have_count(2)
    shoot(alice, "03-template-preview")

    # -- comms cannot open approvals or audit
    for path in ("/console/audit", "/console/approvals"):
        response = alice.goto(path)
        assert response is not None and response.status == 403
    expect(alice.locator("h1")).to_contain_text("Your role cannot open this page")
    assert alice.locator(".sidenav a", has_text="Audit").count() == 0
    shoot(alice, "04-forbidden")

    # -- comms composes a data-breach notice: it needs a second pair of eyes
    alice.goto("/console/compose")
    alice.get_by_label("Kind").select_option("data_breach")
    alice.get_by_label("Title").fill("Email addresses seen by an outsider")
    alice.get_by_label("What happened", exact=True).fill(
        "On 20 November at 09:10 someone outside our company saw a list of customer email "
        "addresses for 40 minutes. This was our mistake.")
    alice.get_by_label("What it means for the customer", exact=True).fill(
        "Your email address was on that list. Your password and payment details were not.")
    alice.get_by_label("What we have done", exact=True).fill(
        "We closed the access at 09:50 and checked every other list.")
    promised = (datetime.now(UTC) + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    alice.get_by_label("Next update by (UTC)").fill(promised)
    alice.get_by_label("Customer IDs", exact=True).fill("c1 c2 c3 nobody")
    expect(alice.locator("[data-audience-size]")).to_have_text("3")
    expect(alice.locator("#compose-summary")).to_contain_text("Goes to an approver first")
    expect(alice.locator("#compose-summary")).to_contain_text(
        "No customer found for 1 ID: nobody")
    shoot(alice, "05-compose")
    alice.get_by_role("button", name="Submit incident").click()
    expect(alice.locator(".notice-info")).to_contain_text("waits for an approver")
    expect(alice.locator(".head-meta .status")).to_have_text("Waiting for approval")
    incident_url = alice.url
    incident_id = int(incident_url.rstrip("/").rsplit("/", 1)[-1])

    # -- the approver sees it rendered, and approves it
    bob = signed_in(browser, gateway, "bob")
    bob.goto("/console/approvals")
    card = bob.locator(f"#incident-{incident_id}")
    expect(card).to_contain_text("Email addresses seen by an outsider")
    expect(card.locator(".chip-data_breach")).to_be_visible()
    expect(card.locator(".message-email iframe[sandbox]").first).to_be_attached()
    shoot(bob, "06-approvals")
    card.get_by_label("Note (optional)").fill("Checked the wording with legal.")
    # read before anything can be sent: the send may finish before the next poll
    polls_before = alice.locator("#live").get_attribute("data-polls") or "0"
    bob.once("dialog", lambda dialog: dialog.accept())  # "Approve … and send it to 3 customers?"
    card.get_by_role("button", name="Approve and send").click()
    expect(bob.locator(".notice-success")).to_contain_text(f"Approved incident #{incident_id}")

    # -- the counts rise live on the comms person's open incident page (no reload)
    expect(alice.locator("#live [data-reached]")).to_have_text("3", timeout=60_000)
    assert int(alice.locator("#live").get_attribute("data-polls") or "0") > int(polls_before)
    expect(alice.locator("#live .counts-table")).to_contain_text("Email")
    alice.reload()
    shoot(alice, "07-incident-dispatched")

    # -- comms posts the next update, pre-filled with the promised time
    expect(alice.locator("#u-next")).to_have_value(promised)
    alice.get_by_label("Stage").select_option("identified")
    alice.get_by_label("Message", exact=True).fill(
        "We found how the list was exposed and closed that gap for good.")
    later = (datetime.now(UTC) + timedelta(hours=6)).strftime("%Y-%m-%dT%H:%M")
    alice.locator("#u-next").fill(later)
    alice.get_by_role("button", name="Post update").click()
    expect(alice.locator(".notice-success")).to_contain_text("Update posted to 3 customers")
    expect(alice.locator(".timeline")).to_contain_text("Cause found")
    shoot(alice, "08-incident-update-posted")

    # -- the auditor downloads the CSV and verifies the chain
    carol = signed_in(browser, gateway, "carol")
    carol.get_by_role("link", name="Audit").click()
    carol.get_by_label("Incident", exact=True).fill(str(incident_id))
    carol.get_by_role("button", name="Search").click()
    expect(carol.locator("#deliveries-h")).to_be_visible()
    with carol.expect_download() as info:
        carol.locator("#download-csv").click()
    download = info.value
    assert download.suggested_filename == f"incident-{incident_id}-deliveries.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text())))
    assert {r["customer_id"] for r in rows} == {"c1", "c2", "c3"}
    carol.get_by_role("button", name="Verify chain").click()
    expect(carol.locator("#verify-result")).to_contain_text("The chain is intact")
    shoot(carol, "09-audit")

    # -- the incident list, and the console in Chinese
    carol.goto("/console/incidents")
    expect(carol.locator(".incidents-table")).to_contain_text("Email addresses seen by an outsider")
    shoot(carol, "10-incidents")
    carol.get_by_role("button", name="中文").click()
    expect(carol.locator("h1")).to_have_text("事件")
    carol.goto(incident_url)
    shoot(carol, "11-incident-zh")
    for page in (alice, bob, carol):
        page.context.close()


def _incident_links(page: str) -> list[str]:
    return re.findall(r'class="row-link" href="([^"]+)"', page)


def test_a_form_without_its_csrf_token_is_refused(browser: Any, gateway: dict[str, Any]) -> None:
    alice = signed_in(browser, gateway, "alice")
    alice.goto("/console/compose")
    before = alice.request.get(f"{gateway['base']}/console/incidents").text()
    # A forged cross-site style request carries the cookie but not the token.
    forged = alice.request.post(f"{gateway['base']}/console/compose", form={
        "kind": "outage", "severity": "high", "title": "Forged",
        "what_happened": "x", "impact": "y", "actions_taken": "z",
        "audience_mode": "ids", "customer_ids": "c1", "idempotency_key": "forged-1"})
    assert forged.status == 400
    # The real form with its hidden token removed is refused too, with an HTML page.
    alice.evaluate("document.querySelector('#compose-form input[name=csrf_token]').remove()")
    alice.get_by_label("Title").fill("No token")
    alice.get_by_role("button", name="Submit incident").click()
    expect(alice.locator("h1")).to_contain_text("This form expired")
    shoot(alice, "12-csrf-refused")
    after = alice.request.get(f"{gateway['base']}/console/incidents").text()
    assert 'class="searchbar"' in before  # the incidents list, not a sign-in or error page
    assert "Forged" not in after and "No token" not in after
    assert _incident_links(after) == _incident_links(before)  # no incident was made
    alice.context.close()


def test_complaint_queue_and_page_in_the_browser(browser: Any, gateway: dict[str, Any]) -> None:
    """A complaint arrives; a comms person finds it at the top of the queue with its
    SLA clock, filters by topic, records the contact and resolves it; the page in 中文."""
    r = requests.post(f"{gateway['base']}/v1/complaints", timeout=10, json={
        "customer_id": "c1", "channel": "web",
        "text": "You charged me twice for order 58213 and nobody answers."},
        headers={"Authorization": f"Bearer {gateway['keys']['admin']}",
                 "Idempotency-Key": "browser-complaint-1"})
    assert r.status_code == 202, r.text
    cid = r.json()["id"]
    page = signed_in(browser, gateway, "alice")
    page.get_by_role("link", name="Complaints").click()
    row = page.locator("tr", has=page.get_by_role("link", name=f"#{cid}", exact=True))
    expect(row).to_contain_text("min left")
    expect(row).to_contain_text("Charged twice")
    page.get_by_label("Topic").select_option("late_delivery")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("link", name=f"#{cid}", exact=True)).to_have_count(0)
    page.get_by_label("Topic").select_option("charged_twice")
    page.get_by_role("button", name="Filter").click()
    shoot(page, "20-complaints-queue")
    page.get_by_role("link", name=f"#{cid}", exact=True).click()
    expect(page.locator("h1")).to_contain_text(re.compile("Received|Acknowledged"))
    page.get_by_label("What you and the customer said").fill("Called c1; refund on its way.")
    page.get_by_role("button", name="Record the contact").click()
    expect(page.locator("h1")).to_contain_text("In progress")
    expect(page.locator(".timeline")).to_contain_text("Contacted the customer")
    page.get_by_label("What we did (sent to the customer)").fill(
        "We refunded the second charge of $42.00 today.")
    page.get_by_role("button", name="Resolve and tell the customer").click()
    expect(page.locator("h1")).to_contain_text("Resolved")
    expect(page.locator(".timeline")).to_contain_text("Resolved, feedback sent")
    shoot(page, "21-complaint")
    page.get_by_role("button", name="中文").click()
    expect(page.locator("h1")).to_contain_text("已解决")
    page.get_by_role("link", name="c1").first.click()
    expect(page.locator("main")).to_contain_text("We refunded the second charge")
    shoot(page, "22-customer")


# -- the console as staff meet it: both widths, both languages --------------------------------

# Every element inside the viewport, or inside a scroll container that says it scrolls.
OVERFLOW_JS = """() => {
  const vw = document.documentElement.clientWidth;
  const scroller = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      const scrolls = s.overflowX === 'auto' || s.overflowX === 'scroll';
      if (scrolls && p.scrollWidth > p.clientWidth) return p;
    }
    return null;
  };
  const bad = [];
  const width = document.documentElement.scrollWidth;
  if (width > vw + 1) bad.push('page scrolls sideways: ' + width);
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('.visually-hidden, .skip, [hidden]')) continue;
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || (r.left >= -1 && r.right <= vw + 1)) continue;
    const box = scroller(el);
    const hint = box && box.previousElementSibling;
    if (box && box.dataset.scrolls === 'true' && hint && hint.classList.contains('scroll-hint')
        && hint.offsetHeight > 0 && box.getBoundingClientRect().right <= vw + 1) continue;
    bad.push(el.tagName.toLowerCase() + '.' + el.className + ' [' + Math.round(r.left) + ', '
             + Math.round(r.right) + '] ' + (el.textContent || '').trim().slice(0, 40));
  }
  for (const th of document.querySelectorAll('th')) {  // headers never one character per line
    const s = getComputedStyle(th);
    const tall = th.clientHeight - parseFloat(s.paddingTop) - parseFloat(s.paddingBottom);
    const words = th.textContent.trim().length > 1 && th.rowSpan === 1;
    if (words && th.offsetHeight && tall > 3.5 * parseFloat(s.fontSize))
      bad.push('squeezed header: ' + th.textContent.trim());
  }
  return bad.slice(0, 10);
}"""


def fits(page: Any, name: str, shots: str) -> None:
    """No horizontal overflow at phone and laptop width; a screenshot of each."""
    for label, viewport in (("phone", PHONE), ("laptop", LAPTOP)):
        page.set_viewport_size(viewport)
        page.wait_for_timeout(250)  # resize handlers mark scrolling tables
        bad = page.evaluate(OVERFLOW_JS)
        assert not bad, (name, label, bad)
        target = Path(shots)
        target.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(target / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(LAPTOP)


def _api_incident(gateway: dict[str, Any], key: str, kind: str, ids: list[str]) -> int:
    r = requests.post(f"{gateway['base']}/v1/incidents", timeout=30, json={
        "kind": kind, "severity": "high", "title": f"{kind} for the layout check",
        "facts": {"what_happened": "Our checkout stopped taking payments at 09:10.",
                  "impact": "You could not pay for your order during that time.",
                  "actions_taken": "We switched checkout back to the old version at 09:40.",
                  "next_update_at": (datetime.now(UTC) + timedelta(hours=4)).isoformat()},
        "audience": {"customer_ids": ids}, "channels": ["email", "sms"]},
        headers={"Authorization": f"Bearer {gateway['keys'][key]}",
                 "Idempotency-Key": f"layout-{kind}-{time.time_ns()}"})
    assert r.status_code == 202, r.text
    return int(r.json()["id"])


def test_every_page_fits_a_phone_and_a_laptop_in_both_languages(
        browser: Any, gateway: dict[str, Any]) -> None:
    shots = os.environ.get("CONSOLE_SCREENSHOTS_21", str(SHOTS / "layout"))
    sent = _api_incident(gateway, "admin", "outage", ["c1", "c2", "c3"])
    pending = _api_incident(gateway, "admin", "data_breach", ["c1", "c2", "ghost-7"])
    r = requests.post(f"{gateway['base']}/v1/complaints", timeout=10, json={
        "customer_id": "c3", "channel": "web", "text": "我的订单 58213 被扣了两次款，没人接电话。"},
        headers={"Authorization": f"Bearer {gateway['keys']['admin']}",
                 "Idempotency-Key": f"layout-complaint-{time.time_ns()}"})
    assert r.status_code == 202, r.text
    complaint = r.json()["id"]
    pages = {
        "alice": ["/console/templates", "/console/templates/preview?kind=outage",
                  "/console/compose", "/console/incidents", f"/console/incidents/{sent}",
                  f"/console/incidents/{pending}", "/console/complaints",
                  f"/console/complaints/{complaint}", "/console/customers",
                  "/console/customers/c3", "/console/signals"],
        "bob": ["/console/approvals"],
        "carol": [f"/console/audit?incident={sent}", "/console/audit"],
    }
    for who, paths in pages.items():
        page = signed_in(browser, gateway, who)
        for lang in ("en", "zh-CN"):
            if lang == "zh-CN":
                page.get_by_role("button", name="中文").click()
            for path in paths:
                page.goto(path)
                page.wait_for_load_state("networkidle")
                name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")
                fits(page, f"{name}-{lang}", shots)
        # the signed-in name and role stay visible on a phone
        page.set_viewport_size(PHONE)
        expect(page.locator(".who-name")).to_be_visible()
        expect(page.locator(".who .role")).to_be_visible()
        page.context.close()
    # The customer's own page (the link in their email) fits a phone too, and the
    # browser asks the gateway for nothing it does not have (no /favicon.ico 404).
    link = _message_link(gateway, "c1", sent)
    context = browser.new_context()
    page = context.new_page()
    missing: list[str] = []
    page.on("response", lambda response: missing.append(response.url)
            if response.status >= 400 else None)
    page.goto(link)
    page.wait_for_load_state("networkidle")
    expect(page.locator("h1")).to_be_visible()
    fits(page, "customer-message-page-en", shots)
    assert missing == []
    context.close()


def _message_link(gateway: dict[str, Any], customer: str, incident: int) -> str:
    """The /m/ link of the email the customer got (from their record), once it is sent."""
    headers = {"Authorization": f"Bearer {gateway['keys']['admin']}"}
    for _ in range(150):
        record = requests.get(f"{gateway['base']}/v1/customers/{customer}/history",
                              headers=headers, timeout=10).json()
        for item in record["incidents"]:
            for d in item["deliveries"] if item["id"] == incident else []:
                found = re.search(r"https?://\S+/m/\S+", d["text"] or "")
                if d["channel"] == "email" and found:
                    return found.group(0).rstrip(".)")
        time.sleep(0.2)
    raise AssertionError(f"no email with a message link reached {customer}")


def test_the_audience_form_shows_only_the_fields_that_count(
        browser: Any, gateway: dict[str, Any]) -> None:
    alice = signed_in(browser, gateway, "alice")
    alice.goto("/console/compose")
    tags = alice.get_by_label("Has any of these tags")
    ids = alice.get_by_label("Customer IDs", exact=True)
    expect(ids).to_be_visible()
    expect(tags).to_be_hidden()
    alice.get_by_label("Tags and attributes").check()
    expect(tags).to_be_visible()
    expect(ids).to_be_hidden()
    tags.fill("eu")
    alice.get_by_label("Every customer").check()
    expect(tags).to_be_hidden()
    expect(ids).to_be_hidden()
    # an empty form claims nothing about lint or sending
    summary = alice.locator("#compose-summary")
    expect(summary).not_to_contain_text("Clean")
    expect(summary).not_to_contain_text("Sends at once")
    alice.get_by_label("Title").fill("Checkout down")
    alice.get_by_label("What happened", exact=True).fill(
        "Our checkout stopped taking payments at 09:10.")
    alice.get_by_label("What it means for the customer", exact=True).fill(
        "You could not pay for your order.")
    alice.get_by_label("What we have done", exact=True).fill("We fixed it at 09:40.")
    alice.get_by_role("button", name="Submit incident").click()
    # the tag typed before switching to "every customer" is refused, and shown to clear
    expect(alice.locator("#e-audience")).to_contain_text("still has values")
    expect(alice.get_by_label("Has any of these tags")).to_be_visible()
    expect(alice.get_by_label("Has any of these tags")).to_have_value("eu")
    alice.context.close()


def test_a_finding_is_listed_once_for_the_field_typed_in(
        browser: Any, gateway: dict[str, Any]) -> None:
    alice = signed_in(browser, gateway, "alice")
    alice.goto("/console/templates/preview?kind=outage&channel=email&locale=en")
    alice.get_by_label("What happened", exact=True).fill(
        "Due to our vendor, checkout stopped taking payments at 09:10.")
    email = alice.locator("#preview-grid .message-email").first
    blame = email.locator(".finding", has_text="Due to our vendor")
    expect(blame).to_have_count(1)
    expect(blame).to_contain_text("What happened:")
    alice.context.close()


def test_successful_sign_ins_do_not_lock_anyone_out(gateway: dict[str, Any]) -> None:
    base = gateway["base"]
    for _ in range(35):  # more than AUTH_FAILURES_PER_MINUTE (30) sign-ins from one address
        s = requests.Session()
        page = s.get(f"{base}/console/signin", timeout=10).text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        r = s.post(f"{base}/console/signin", timeout=10, allow_redirects=False,
                   data={"api_key": gateway["keys"]["alice"], "csrf_token": token})
        assert r.status_code == 302, r.status_code


def test_approve_and_reject_ask_first(browser: Any, gateway: dict[str, Any]) -> None:
    pending = _api_incident(gateway, "admin", "data_breach", ["c1"])
    bob = signed_in(browser, gateway, "bob")
    bob.goto("/console/approvals")
    card = bob.locator(f"#incident-{pending}")
    card.get_by_label("Reason for rejecting").fill("Say when the next update comes.")
    bob.once("dialog", lambda dialog: dialog.dismiss())
    card.get_by_role("button", name="Reject").click()
    expect(card).to_be_visible()  # nothing was decided
    status = requests.get(f"{gateway['base']}/v1/incidents/{pending}", timeout=10, headers={
        "Authorization": f"Bearer {gateway['keys']['admin']}"}).json()["status"]
    assert status == "pending_approval"
    bob.context.close()

"""The early-warning pages in a real browser against `python -m gateway up`:
an order system posts four weeks of signals and then a burst, the running
scheduler opens a warning, and a comms person sees the chart with the warning
marked, opens the warning's figures and draft, and reads it in Chinese.
Screenshots go to `artifacts/screenshots/`."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

import pytest
import requests

from tests.support.browser import CHROMIUM, shoot, signed_in

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing"),
]
expect = pytest.importorskip("playwright.sync_api").expect


def _post_history(base: str, key: str) -> None:
    now = datetime.now(UTC)
    events = [{"topic": "orders.unfulfilled", "count": 4,
               "at": (now - timedelta(days=7 * k, minutes=m)).isoformat()}
              for k in range(0, 5) for m in range(65, 36 * 60, 5)]
    events += [{"topic": "orders.unfulfilled", "count": 4,
                "at": (now - timedelta(days=7 * k, minutes=m)).isoformat()}
               for k in range(1, 5) for m in range(-60, 65, 5)]
    events += [{"topic": "orders.unfulfilled", "count": 30, "customer_id": f"c{n}",
                "at": (now - timedelta(minutes=m)).isoformat()}
               for m in range(5, 60, 5) for n in (1, 2)]
    headers = {"Authorization": f"Bearer {key}"}
    for i in range(0, len(events), 10_000):
        r = requests.post(f"{base}/v1/signals", json=events[i:i + 10_000], headers=headers,
                          timeout=60)
        assert r.status_code == 202, r.text


def _wait_for_warning(base: str, key: str) -> int:
    """The scheduler judges topics once a minute."""
    deadline = time.monotonic() + 150
    while time.monotonic() < deadline:
        r = requests.get(f"{base}/v1/warnings?status=open", timeout=10,
                         headers={"Authorization": f"Bearer {key}"})
        if r.json()["warnings"]:
            return int(r.json()["warnings"][0]["id"])
        time.sleep(2)
    raise AssertionError("the scheduler opened no warning")


def test_signals_page_in_a_browser(gateway, browser):  # noqa: F811 - pytest fixtures
    admin = gateway["keys"]["admin"]
    _post_history(gateway["base"], admin)
    warning_id = _wait_for_warning(gateway["base"], admin)
    page = signed_in(browser, gateway, "alice")
    page.get_by_role("link", name=re.compile("Early warning")).first.click()
    expect(page.get_by_role("heading", name="Early warning", level=1)).to_be_visible()
    chart = page.get_by_role("img", name=re.compile("orders.unfulfilled"))
    expect(chart).to_be_visible()
    expect(chart.locator(".chart-warning")).to_have_count(1)
    expect(page.locator(".sidenav .count-warning")).to_have_text("1")
    shoot(page, "signals")
    page.get_by_role("link", name=f"open #{warning_id}").click()
    expect(page).to_have_url(re.compile(f"/console/warnings/{warning_id}$"))
    expect(page.locator("#draft-audience")).to_have_text("c1, c2")
    ratio = float(page.locator("#fig-ratio").inner_text().rstrip("×"))
    assert ratio >= 2
    expect(page.get_by_text("Nothing has been sent to customers.")).to_be_visible()
    shoot(page, "warning")
    page.goto("/console/signals")
    page.get_by_role("button", name="中文").click()
    expect(page.get_by_role("heading", name="预警", level=1)).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("orders.unfulfilled"))).to_be_visible()
    shoot(page, "signals-zh")
    page.context.close()

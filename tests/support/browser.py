"""The console in a real browser (Debian's chromium, driven by Playwright)
against `python -m gateway up`: the running gateway, the browser, screenshots."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.support.databases import fresh_schema
from tests.support.processes import ROOT, start_gateway

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(os.environ.get("CONSOLE_SCREENSHOTS", ROOT / "artifacts" / "screenshots"))
LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A running gateway (API, worker, scheduler) on embedded defaults or the CI's
    PostgreSQL + Redis, and one key per staff member made with the CLI."""
    tmp = tmp_path_factory.mktemp("console-e2e")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["GATEWAY_INSTANCE_PATH"] = str(tmp / "instance")
    with ExitStack() as stack:
        if os.environ.get("DATABASE_URL"):
            env["DATABASE_URL"] = stack.enter_context(
                fresh_schema(os.environ["DATABASE_URL"], "gw_console_"))
            env["REDIS_URL"] = os.environ.get("REDIS_URL", "")
        running = start_gateway(env)
        stack.callback(running.stop)
        base = running.base
        keys = {"admin": running.admin_key}
        for role, name in (("comms", "alice"), ("approver", "bob"), ("auditor", "carol")):
            out = subprocess.run([sys.executable, "-m", "gateway", "keys", "create", "--role", role,
                                  "--name", name], cwd=ROOT, env=env, capture_output=True,
                                 text=True, timeout=60, check=True)
            keys[name] = out.stdout.strip().splitlines()[-1]
        headers = {"Authorization": f"Bearer {running.admin_key}"}
        for n in (1, 2, 3):
            r = requests.put(f"{base}/v1/customers/c{n}", headers=headers, timeout=10, json={
                "name": f"Customer {n}", "email": f"c{n}@example.com", "phone": "+14155550100",
                "timezone": "Europe/Berlin", "locale": "zh-CN" if n == 3 else "en"})
            assert r.status_code == 200, r.text
        yield {"base": base, "keys": keys}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


def shoot(page: Any, name: str) -> None:
    """Whole-page screenshots at laptop and phone width. The viewport is made as tall
    as the page: Chromium does not paint off-screen (sandboxed) email frames."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for label, viewport in (("laptop", LAPTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.evaluate("window.scrollTo(0, 0)")
        height = min(int(page.evaluate("document.documentElement.scrollHeight")), 12_000)
        page.set_viewport_size({"width": viewport["width"],
                                "height": max(height, viewport["height"])})
        page.wait_for_timeout(700)  # email previews render in their own frames
        page.screenshot(path=str(SHOTS / f"{name}-{label}.png"))
    page.set_viewport_size(size)


def signed_in(browser: Any, gateway: dict[str, Any], who: str) -> Any:
    from playwright.sync_api import expect

    context = browser.new_context(viewport=LAPTOP, base_url=gateway["base"], accept_downloads=True,
                                  locale="en-GB")
    page = context.new_page()
    page.goto("/console/")
    expect(page).to_have_url(re.compile(r"/console/signin"))
    page.get_by_label("API key").fill(gateway["keys"][who])
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".who-name")).to_have_text(who)
    return page



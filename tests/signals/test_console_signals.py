"""The early-warning pages of the console: a server-drawn SVG chart per topic
with the warning marked, a warning page with its figures and draft, both
languages, and only the roles that may see them."""

from __future__ import annotations

import re
from datetime import timedelta

from gateway.signals import service
from gateway.signals.schemas import SignalIn
from gateway.store.db import utcnow
from tests.support.console import console_client

WEEK = timedelta(days=7)


def _warning(app) -> int:
    now = utcnow()
    topic = "orders.unfulfilled"
    items = [SignalIn(topic=topic, count=4, at=now - k * WEEK - timedelta(minutes=m))
             for k in range(0, 5) for m in range(60, 48 * 60, 5)]
    items += [SignalIn(topic=topic, count=4, at=now - k * WEEK - timedelta(minutes=m))
              for k in range(1, 5) for m in range(0, 60, 5)]
    items += [SignalIn(topic="orders.unfulfilled", count=30, at=now - timedelta(minutes=m),
                       customer_id=f"c{m}") for m in range(5, 45, 5)]
    with app.app_context():
        service.ingest(items, now=now)
        [opened] = service.evaluate(now).opened
    return opened


def test_signals_page_charts_each_topic_and_marks_the_warning(app, keys):
    warning_id = _warning(app)
    client, _ = console_client(app, keys["comms"])
    page = client.get("/console/signals")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    svg = re.search(r'<svg class="signal-chart".*?</svg>', html, re.S).group(0)
    assert "orders.unfulfilled" in svg  # its accessible title
    assert 'class="chart-band"' in svg and 'class="chart-observed"' in svg
    assert 'class="chart-warning"' in svg and f"#{warning_id} open" in svg
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert f'href="/console/warnings/{warning_id}"' in html
    assert re.search(r'class="count-pill count-warning"[^>]*>1<', html)  # the nav alert

    page = client.get(f"/console/warnings/{warning_id}").get_data(as_text=True)
    assert re.search(r'id="fig-observed">\d+<', page)
    assert re.search(r'id="fig-ratio">[\d.]+×<', page)
    audience = re.search(r'id="draft-audience">([^<]*)<', page).group(1)
    assert audience == "c10, c15, c20, c25, c30, c35, c40, c5"
    assert "Nothing has been sent to customers." in page


def test_pages_in_chinese(app, keys):
    warning_id = _warning(app)
    client, token = console_client(app, keys["auditor"])
    client.post("/console/language", data={"csrf_token": token, "lang": "zh-CN",
                                           "next": "/console/signals"})
    html = client.get("/console/signals").get_data(as_text=True)
    assert "<h1>预警</h1>" in html and "常见范围" in html
    page = client.get(f"/console/warnings/{warning_id}").get_data(as_text=True)
    assert "事件草稿" in page and "尚未向客户发送任何消息。" in page


def test_only_comms_auditors_and_admins_see_them(app, keys):
    warning_id = _warning(app)
    client, _ = console_client(app, keys["approver"])
    assert client.get("/console/signals").status_code == 403
    assert client.get(f"/console/warnings/{warning_id}").status_code == 403
    client, _ = console_client(app, keys["admin"])
    assert client.get("/console/warnings/999999").status_code == 404
    anonymous = app.test_client()
    r = anonymous.get("/console/signals", base_url="https://gateway.example.com")
    assert r.status_code == 302 and "/console/signin" in r.headers["Location"]


def test_compose_starts_from_the_draft_and_links_the_warning(app, keys):
    from gateway.console import forms

    warning_id = _warning(app)
    client, _ = console_client(app, keys["comms"])
    html = client.get(f"/console/compose?from_warning={warning_id}").get_data(as_text=True)
    assert f'name="warning_id" value="{warning_id}"' in html
    assert "Problems with orders unfulfilled" in html and "c15" in html
    body = forms.incident_body({"kind": "outage", "warning_id": str(warning_id)})
    assert body["warning_id"] == warning_id

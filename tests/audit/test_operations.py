"""/metrics after a real dispatch (multiprocess mode), METRICS_TOKEN, and
structured logs with masked contact data and no API keys, and a quiet migration."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from dataclasses import replace

from prometheus_client.parser import text_string_to_metric_families

from gateway import create_app, logs
from gateway.config import MULTIPROC_ENV, PROJECT_ROOT
from tests.support.api import auth
from tests.support.audit import dispatch


def scrape(client, **headers):
    r = client.get("/metrics", headers=headers)
    assert r.status_code == 200, r.data[:200]
    samples = {}
    for family in text_string_to_metric_families(r.data.decode()):
        for s in family.samples:
            samples[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return samples


def value(samples, name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_count_a_real_dispatch(app, client, keys, config):
    assert os.environ[MULTIPROC_ENV].startswith(str(config.instance_path))
    before = scrape(client)
    dispatch(app, client, keys, customers=3)
    after = scrape(client)
    sent = ("gateway_messages_total", {"channel": "email", "provider": "outbox", "status": "sent"})
    assert value(after, sent[0], **sent[1]) - value(before, sent[0], **sent[1]) == 3
    calls = {"channel": "email", "provider": "outbox"}
    assert value(after, "gateway_provider_call_seconds_count", **calls) > value(
        before, "gateway_provider_call_seconds_count", **calls)
    assert value(after, "gateway_queue_depth", queue="high") == 0
    assert ("gateway_circuit_open", (("provider", "outbox"),)) in after
    assert value(after, "gateway_audit_chain_length") >= 3
    # The metrics live in files shared by processes, not in this process only.
    assert any(f.endswith(".db") for f in os.listdir(os.environ[MULTIPROC_ENV]))


def test_metrics_token(config):
    app = create_app(replace(config, metrics_token="s3cret"))
    client = app.test_client()
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer s3cret"}).status_code == 200


def format_line(message, *args, **extra):
    record = logging.LogRecord("gateway.test", logging.INFO, __file__, 1, message, args, None)
    for k, v in extra.items():
        setattr(record, k, v)
    return json.loads(logs.JsonFormatter().format(record))


def test_logs_are_json_with_context_and_masked_contacts():
    with logs.bind(incident_id=7, delivery_id=42):
        line = format_line("sent to %s and %s", "jane.doe@example.com", "+491511234567",
                           phone="+44 7700 900123", headers={"Authorization": "Bearer gw_abc"})
    assert line["incident_id"] == 7 and line["delivery_id"] == 42
    assert line["level"] == "info" and line["logger"] == "gateway.test"
    assert "jane.doe" not in line["msg"] and "j***@example.com" in line["msg"]
    assert "1234567" not in line["msg"] and re.search(r"\+49\*+67", line["msg"])
    assert "7700 900123" not in line["phone"]
    assert line["headers"] == {"Authorization": "***"}


def test_api_keys_never_reach_the_log(app, client, keys, caplog):
    logging.getLogger("gateway.access").disabled = False  # alembic's fileConfig disabled it
    key = keys["comms"]
    with caplog.at_level("INFO"):
        client.get("/v1/incidents/1", headers=auth(key))
        client.get("/v1/templates", headers=auth(key, **{"X-Api-Key": key}))
    formatter = logs.JsonFormatter()
    lines = [formatter.format(r) for r in caplog.records]
    access = [json.loads(x) for x in lines if '"gateway.access"' in x]
    assert access and access[-1]["caller"] == "test-comms" and access[-1]["role"] == "comms"
    assert all(key not in x and key[3:] not in x for x in lines)
    assert logs.mask(f"key {key} leaked") == "key gw_*** leaked"
    assert logs.mask(f"Authorization: Bearer {key[3:]}") == "Authorization: Bearer ***"


def test_migrating_logs_its_steps_and_not_alembics_plugins(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'gateway.db'}"}
    run = subprocess.run([sys.executable, "-m", "gateway", "migrate"], cwd=PROJECT_ROOT, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Running upgrade" in run.stderr
    assert "setup plugin" not in run.stderr

"""Environment the gateway reads once at startup, re-read after a test changed it."""

from __future__ import annotations

import os
from dataclasses import replace

from flask import Flask

from gateway.config import Config

# What the gateway reads from the environment for providers, webhooks and sending.
ENV_FIELDS = ("providers", "sendgrid_webhook_public_key", "rate_limits",
              "delivery_lease_seconds", "send_batch_size", "log_level")


def reread_env(app: Flask) -> None:
    """What a restart does: the app's Config takes the environment again.

    The gateway reads the environment once, at startup (gateway/config.py);
    tests set provider variables with monkeypatch after the app exists."""
    config = app.config["GATEWAY"]
    fresh = Config.from_env({**os.environ, "GATEWAY_INSTANCE_PATH": str(config.instance_path)})
    app.config["GATEWAY"] = replace(config, **{name: getattr(fresh, name) for name in ENV_FIELDS})

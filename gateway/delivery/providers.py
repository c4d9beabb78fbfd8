"""Provider objects per worker process, built once and reused across jobs
(SDK clients, sessions and event loops are expensive to set up)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from flask import current_app

from ..config import Config
from ..providers.base import OutboundMessage, Provider, ProviderSettings, create
from ..store.db import db, dialect_insert
from .models import OutboxMessage

_providers: dict[tuple[str, str], Provider] = {}


def store_in_outbox(messages: Sequence[OutboundMessage]) -> None:
    """The outbox sink: rows in the job's transaction, committed with the status."""
    if not messages:
        return
    db.session.execute(dialect_insert(OutboxMessage).on_conflict_do_nothing(), [
        {"delivery_id": m.delivery_id, "channel": m.channel, "to": m.to, "subject": m.subject,
         "text": m.text, "html": m.html, "headers": dict(m.headers)} for m in messages
    ])


def _config() -> Config:
    config: Config = current_app.config["GATEWAY"]
    return config


def settings() -> ProviderSettings:
    config = _config()
    return replace(config.providers, public_url=config.public_url,
                   chat_webhook_secret=config.chat_webhook_secret,
                   chat_allow_private_urls=config.chat_allow_private_urls)


def get(name: str) -> Provider:
    current = settings()
    key = (name, repr(current))
    provider = _providers.get(key)
    if provider is None:
        provider = create(name, current, outbox_sink=store_in_outbox)
        _providers[key] = provider
    return provider


def rate_limit(name: str) -> float:
    """Messages/second for a provider: `<NAME>_RATE_LIMIT`, 0 (unlimited) by default."""
    return _config().rate_limit(name)


def close_all() -> None:
    """Release provider sessions and loops when the worker stops."""
    for provider in _providers.values():
        provider.close()
    _providers.clear()

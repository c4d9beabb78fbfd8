"""Providers: hand rendered messages to SendGrid, Twilio, chat webhooks or the outbox."""

from gateway.providers.base import (
    OutboundMessage,
    Outcome,
    Provider,
    ProviderSettings,
    SendResult,
    create,
)

__all__ = ["OutboundMessage", "Outcome", "Provider", "ProviderSettings", "SendResult", "create"]

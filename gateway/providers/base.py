"""The provider interface: hand a batch of rendered messages to one provider.

Every provider answers one `SendResult` per message, in order, and never
raises for a problem with one message, so the caller can record each
delivery's fate (accepted, retry later, fail now) without guessing.
"""

from __future__ import annotations

import email.utils
import enum
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

from gateway import vocabulary
from gateway.frozen import quick_init

if TYPE_CHECKING:
    from gateway.messages.render import JsonForms

CHANNELS: frozenset[str] = frozenset(vocabulary.CHANNELS)  # what a provider's `channels` draw from


@quick_init
@dataclass(frozen=True)
class OutboundMessage:
    """One rendered message for one recipient on one channel."""

    delivery_id: int
    incident_id: int | None  # None for a complaint's messages
    channel: str  # one of vocabulary.CHANNELS
    to: str  # email address, E.164 phone, or chat webhook URL
    subject: str | None
    text: str
    html: str | None
    headers: Mapping[str, str]  # Message-ID, In-Reply-To, List-Unsubscribe, ...
    ack_url: str | None
    # `json.dumps` of `text` and `html` when the renderer made it (gateway/messages).
    json_forms: JsonForms | None = field(default=None, compare=False, repr=False)


class Outcome(enum.Enum):
    ACCEPTED = "accepted"  # the provider took it: delivery becomes `sent`
    RETRYABLE = "retryable"  # provider trouble: retry with backoff, then fail over
    PERMANENT = "permanent"  # the message itself is refused: fail the delivery now


@quick_init
@dataclass(frozen=True)
class SendResult:
    delivery_id: int
    outcome: Outcome
    provider_message_id: str | None = None
    error: str | None = None
    retry_after: float | None = None  # seconds, from the provider's Retry-After
    # A timeout or a connection lost after the request left: the provider may
    # have taken the message (RETRYABLE only). The next attempt looks first
    # where the provider can be asked (Twilio), else counts a possible duplicate.
    ambiguous: bool = False


@runtime_checkable
class Provider(Protocol):
    """What the fan-out jobs call. Build one per configuration and reuse it."""

    name: ClassVar[str]
    channels: ClassVar[frozenset[str]]
    max_batch: ClassVar[int]  # messages per send_batch call worth giving at once

    def send_batch(self, messages: Sequence[OutboundMessage]) -> list[SendResult]:
        """One result per message, in order; never raises for per-message problems."""
        ...

    def close(self) -> None:
        """Release sockets and loops (end of worker)."""
        ...


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class ProviderSettings:
    """What providers need from the environment (names as in the SPEC)."""

    sendgrid_api_key: str = ""
    sendgrid_api_host: str = "https://api.sendgrid.com"
    email_from: str = ""
    twilio_account_sid: str = ""
    twilio_auth_token: str = ""
    twilio_from_number: str = ""
    twilio_whatsapp_from: str = ""
    twilio_api_base: str = "https://api.twilio.com"
    chat_webhook_secret: str = ""
    chat_allow_private_urls: bool = False
    public_url: str = "http://127.0.0.1:8080"
    timeout: float = 10.0  # seconds per provider call; the SDKs default to none
    concurrency: int = 256  # provider calls in flight per provider object (the send window)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> ProviderSettings:
        """Parsed from `env` (gateway/config.py passes the environment it read)."""
        d = cls()
        return cls(
            sendgrid_api_key=env.get("SENDGRID_API_KEY", d.sendgrid_api_key),
            sendgrid_api_host=env.get("SENDGRID_API_HOST") or d.sendgrid_api_host,
            email_from=env.get("EMAIL_FROM", d.email_from),
            twilio_account_sid=env.get("TWILIO_ACCOUNT_SID", d.twilio_account_sid),
            twilio_auth_token=env.get("TWILIO_AUTH_TOKEN", d.twilio_auth_token),
            twilio_from_number=env.get("TWILIO_FROM_NUMBER", d.twilio_from_number),
            twilio_whatsapp_from=env.get("TWILIO_WHATSAPP_FROM", d.twilio_whatsapp_from),
            twilio_api_base=env.get("TWILIO_API_BASE") or d.twilio_api_base,
            chat_webhook_secret=env.get("CHAT_WEBHOOK_SECRET", d.chat_webhook_secret),
            chat_allow_private_urls=_flag(env.get("CHAT_ALLOW_PRIVATE_URLS")),
            public_url=env.get("GATEWAY_PUBLIC_URL") or d.public_url,
            timeout=float(env.get("PROVIDER_TIMEOUT_SECONDS") or d.timeout),
            concurrency=int(env.get("PROVIDER_CONCURRENCY") or d.concurrency),
        )


OutboxSink = Callable[[Sequence[OutboundMessage]], None]
PROVIDER_NAMES = ("sendgrid", "twilio", "webhook", "outbox")  # what `create` builds


def create(
    name: str, settings: ProviderSettings, *, outbox_sink: OutboxSink | None = None
) -> Provider:
    """Build the provider called `name` (as listed in EMAIL_PROVIDERS etc.)."""
    # Imported here so a worker only loads the SDKs it is configured to use.
    if name == "sendgrid":
        from gateway.providers.sendgrid import SendGridProvider

        return SendGridProvider(settings)
    if name == "twilio":
        from gateway.providers.twilio import TwilioProvider

        return TwilioProvider(settings)
    if name == "webhook":
        from gateway.providers.webhook import WebhookProvider

        return WebhookProvider(settings)
    if name == "outbox":
        from gateway.providers.outbox import OutboxProvider

        if outbox_sink is None:
            raise ValueError("the outbox provider needs an outbox_sink")
        return OutboxProvider(outbox_sink)
    raise ValueError(f"unknown provider {name!r}")


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())

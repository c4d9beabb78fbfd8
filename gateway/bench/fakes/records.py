"""What the fake providers can be told to do (`Behaviour`) and what they record (`Received`)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

APIS = ("sendgrid", "twilio", "chat")
CHANNELS = {"sendgrid": ("email",), "twilio": ("sms", "whatsapp"), "chat": ("chat",)}


@dataclass
class Behaviour:
    """How one API (sendgrid, twilio or chat) answers right now."""

    latency_ms: float = 0.0
    error_rates: dict[int, float] = field(default_factory=dict)  # {429: 0.1, 500: 0.05}
    retry_after: float = 1.0  # seconds, sent with 429 and 503
    outage: bool = False  # every call answered 503
    hang: bool = False  # calls are not answered while this is on (client timeouts)
    # The message is accepted (recorded, it "went out") and only then answered,
    # this much later: set it above the client's timeout for a call that timed
    # out on our side although the provider took it. Hold (`hold_accepted`) to
    # keep every accepted call unanswered until released.
    late_answer_ms: float = 0.0
    hold_accepted: bool = False
    # Answer calls until this many of the API's messages are accepted; the call
    # that goes past it and every later one are held as with `hold_accepted`
    # (a provider that stops answering at a known point, whatever the speed).
    hold_after: int | None = None
    reject_auth: bool = False  # 401 (Twilio code 20003)
    # recipient -> Twilio error code (e.g. 21211); for SendGrid any value means
    # "400 naming that personalization's address".
    permanent: dict[str, int] = field(default_factory=dict)
    callbacks: bool = False  # post status callbacks / events for accepted messages
    callback_delay_ms: float = 0.0
    callback_retries: int = 0  # re-post a callback that timed out or got 5xx (as SendGrid does)
    silent: set[str] = field(default_factory=set)  # accepted, never called back
    # recipient -> final status: Twilio delivered|undelivered|failed,
    # SendGrid delivered|bounce|dropped|deferred|spamreport; default delivered.
    final_status: dict[str, str] = field(default_factory=dict)

    def update(self, **changes: Any) -> None:
        for key, value in changes.items():
            if key not in _BEHAVIOUR_FIELDS:
                raise ValueError(f"unknown behaviour {key!r}")
            if key == "error_rates":
                value = {int(k): float(v) for k, v in value.items()}
            elif key == "permanent":
                value = {str(k): int(v) for k, v in value.items()}
            elif key == "silent":
                value = set(value)
            setattr(self, key, value)

    def to_json(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["silent"] = sorted(self.silent)
        return d


_BEHAVIOUR_FIELDS = {f.name for f in dataclasses.fields(Behaviour)}


@dataclass(slots=True)
class Received:
    """What one recipient got, as the provider saw it."""

    api: str  # sendgrid | twilio | chat
    channel: str  # email | sms | whatsapp | chat
    to: str  # address, E.164 number (no "whatsapp:" prefix) or webhook URL
    sender: str | None
    subject: str | None
    text: str | None
    html: str | None
    headers: dict[str, str]
    custom_args: dict[str, Any]  # SendGrid custom_args, or the chat JSON body
    status_callback: str | None
    provider_message_id: str | None
    body: str | None = None  # raw request body (chat), to check signatures
    at: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

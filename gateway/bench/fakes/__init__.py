"""A local stand-in for SendGrid, Twilio and customers' chat webhooks.

One small asyncio HTTP/1.1 server that the real SDKs talk to (SendGrid v3 Mail Send, Twilio
Messages API), with behaviour switchable at run time (latency, error rates,
outages, hangs, permanent errors per recipient), a record of exactly what each
recipient got, and signed status callbacks (Twilio `RequestValidator`
signatures, ECDSA-signed SendGrid events) posted back to the gateway.

In tests::

    with FakeProviders() as fake:
        fake.configure("twilio", latency_ms=50, error_rates={429: 0.1})
        ...  # point TWILIO_API_BASE / SENDGRID_API_HOST at fake.url
        fake.received(channel="sms", to="+15005550006")

As a process: ``python -m gateway.testing.fake_providers --port 8025`` (the
SPEC's name for ``python -m gateway.bench.fakes``; benchmarks use
`fake_process`); it prints one JSON line with its URL and SendGrid public key,
and is steered with ``POST /_control`` (or `FakeProvidersClient`).
"""

from .client import FakeProvidersClient
from .process import fake_process
from .records import APIS, Behaviour, Received
from .server import FakeProviders
from .signing import (
    SendGridSigner,
    post_sendgrid_events,
    post_twilio_status,
    sendgrid_event,
    twilio_signature_headers,
    twilio_status_params,
)

__all__ = [
    "APIS",
    "Behaviour",
    "FakeProviders",
    "FakeProvidersClient",
    "Received",
    "SendGridSigner",
    "fake_process",
    "post_sendgrid_events",
    "post_twilio_status",
    "sendgrid_event",
    "twilio_signature_headers",
    "twilio_status_params",
]

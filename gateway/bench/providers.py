"""Provider micro-benchmark: our batch senders against a plain SDK loop.

`python -m gateway.bench.providers --latency-ms 50`. Without a URL it starts
the fake provider server in its own process, in count-only mode, so the
server does not share this process's CPU.
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

from twilio.rest import Client

from ..providers.base import OutboundMessage, ProviderSettings, create
from .fakes import FakeProvidersClient, fake_process
from .instance import ACCOUNT_SID


def _messages(channel: str, n: int) -> list[OutboundMessage]:
    return [
        OutboundMessage(
            delivery_id=i, incident_id=1, channel=channel,
            to=f"user{i}@example.com" if channel == "email" else f"+1555{i:07d}",
            subject="We're sorry: checkout was unavailable" if channel == "email" else None,
            text=f"We're sorry. This was our mistake. Checkout was down 09:10-09:40 UTC. Ref {i}.",
            html=(f"<p>We're sorry. This was our mistake. Ref {i}.</p>"
                  if channel == "email" else None),
            headers=({"List-Unsubscribe": f"<https://gw.example.com/u/{i}>"}
                     if channel == "email" else {}),
            ack_url=None,
        )
        for i in range(n)
    ]


def _rate(n: int, started: float) -> float:
    return round(n / (time.perf_counter() - started), 1)


def _batch_rate(name: str, settings: ProviderSettings, channel: str, total: int,
                warm: bool) -> float:
    """Messages/s through our provider `name`, in whole batches of about `total` messages."""
    provider = create(name, settings)
    try:
        batch = _messages(channel, provider.max_batch)
        if warm:
            provider.send_batch(batch[:10])  # warm the connection pool
        rounds = max(1, total // len(batch))
        started = time.perf_counter()
        for _ in range(rounds):
            provider.send_batch(batch)
        return _rate(rounds * len(batch), started)
    finally:
        provider.close()


def measure_provider_throughput(
    url: str | None = None,
    *,
    latency_ms: float = 0.0,
    sms: int = 5000,
    emails: int = 20000,
    sequential_seconds: float = 2.0,
    concurrency: int = 64,
) -> dict[str, Any]:
    """Messages/s for: a sequential Twilio SDK loop, our Twilio batches, our SendGrid batches."""
    if url is None:
        with fake_process() as (_proc, started_url):
            return measure_provider_throughput(
                started_url, latency_ms=latency_ms, sms=sms, emails=emails,
                sequential_seconds=sequential_seconds, concurrency=concurrency,
            )
    FakeProvidersClient(url).configure(latency_ms=latency_ms)
    settings = ProviderSettings(
        sendgrid_api_key="SG.bench", sendgrid_api_host=url, email_from="bench@example.com",
        twilio_account_sid=ACCOUNT_SID, twilio_auth_token="bench",
        twilio_from_number="+15005550006",
        twilio_api_base=url, timeout=30, concurrency=concurrency,
    )

    client = Client(ACCOUNT_SID, "bench")  # the plain blocking SDK, as its README shows
    client.api.base_url = url
    n_seq, started = 0, time.perf_counter()
    while time.perf_counter() - started < sequential_seconds:
        client.api.account.messages.create(
            to=f"+1555{n_seq:07d}", from_="+15005550006", body="We're sorry."
        )
        n_seq += 1
    sequential = _rate(n_seq, started)

    ours = _batch_rate("twilio", settings, "sms", sms, warm=True)
    email = _batch_rate("sendgrid", settings, "email", emails, warm=False)

    return {
        "latency_ms": latency_ms,
        "twilio_sdk_sequential_per_s": sequential,
        "twilio_provider_batch_per_s": ours,
        "twilio_speedup": round(ours / sequential, 1) if sequential else None,
        "sendgrid_recipients_per_s": email,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", help="a running fake provider server (default: start one)")
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--sms", type=int, default=5000)
    parser.add_argument("--emails", type=int, default=20000)
    args = parser.parse_args(argv)
    result = measure_provider_throughput(
        args.url, latency_ms=args.latency_ms, sms=args.sms, emails=args.emails
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()

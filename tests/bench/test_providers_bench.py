"""The provider micro-benchmark runs end to end (figures are reported, never asserted)."""

from __future__ import annotations

from gateway.bench.fakes import FakeProviders
from gateway.bench.providers import measure_provider_throughput


def test_measure_provider_throughput_runs() -> None:
    with FakeProviders(record="count") as fake:
        result = measure_provider_throughput(fake.url, sms=20, emails=50, sequential_seconds=0.05)
        counts = fake.stats()["counts"]
    assert set(result) == {
        "latency_ms", "twilio_sdk_sequential_per_s", "twilio_provider_batch_per_s",
        "twilio_speedup", "sendgrid_recipients_per_s",
    }
    assert counts["sms"] >= 500 and counts["email"] >= 4000  # whole batches were really sent

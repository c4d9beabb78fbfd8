"""Configuration: one object read from the environment (names fixed by SPEC.md).

The environment is read here only, once, when a process builds its `Config`
(`Config.from_env()` at startup); everything else takes its values from it.
Tests build their own `Config` with overrides instead of patching os.environ.
The only other touches of the environment are here too: the copy a supervisor
hands to its children (`environment`) and prometheus_client's directory.
"""

from __future__ import annotations

import os
import secrets
import sys
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from .providers.base import PROVIDER_NAMES, ProviderSettings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# How our supervisors (up, the benchmarks, the tests) start a worker: already under -OO, so
# it need not exec itself again (gateway/cli: without_docstrings).
WORKER_COMMAND = (sys.executable, "-OO", "-m", "gateway", "worker")
DEFAULT_INSTANCE = PROJECT_ROOT / "instance"
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"  # prometheus_client reads only this variable


def environment() -> dict[str, str]:
    """A copy of this process's environment, for a supervisor to hand on to the
    processes it starts (`up`, the benchmarks); settings come from `Config.from_env`."""
    return dict(os.environ)


def metrics_dir(instance_path: Path | str) -> Path:
    """Where this process's metrics files are: PROMETHEUS_MULTIPROC_DIR once
    set (see `share_metrics_dir`), else `instance/prometheus`."""
    return Path(os.environ.get(MULTIPROC_ENV) or Path(instance_path) / "prometheus")


def share_metrics_dir(directory: Path) -> None:
    """Name `directory` to prometheus_client, which reads only the environment,
    and to the processes this one starts; a directory already named stays."""
    os.environ.setdefault(MULTIPROC_ENV, str(directory))


def _secret_from_instance(instance: Path, name: str) -> str:
    """Read a generated secret from `instance/`, creating it on first use.

    Secrets never live in the repository: a fresh machine gets its own.
    """
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / name
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        value = secrets.token_urlsafe(48)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, value.encode())
        finally:
            os.close(fd)
        return value


def _providers(value: str | None) -> tuple[str, ...]:
    names = [p.strip() for p in (value or "outbox").split(",") if p.strip()]
    return tuple(names or ["outbox"])


@dataclass(frozen=True)
class Config:
    instance_path: Path = DEFAULT_INSTANCE
    database_url: str = ""
    redis_url: str | None = None
    public_url: str = "http://127.0.0.1:8080"
    secret_key: str = ""
    chat_webhook_secret: str = ""
    chat_allow_private_urls: bool = False
    email_providers: tuple[str, ...] = ("outbox",)
    sms_providers: tuple[str, ...] = ("outbox",)
    whatsapp_providers: tuple[str, ...] = ("outbox",)
    chat_providers: tuple[str, ...] = ("outbox",)
    approval_audience_threshold: int = 10_000
    approval_compensation_threshold: Decimal | None = None  # a total in any one currency
    approval_ttl_minutes: int = 60  # then a pending incident (since its last edit) expires
    followup_delay_hours: float = 72.0
    metrics_token: str | None = None
    auth_failures_per_minute: int = 30  # per client address; then 429 until the minute ends
    max_body_bytes: int = 64 * 1024 * 1024
    max_json_bytes: int = 1024 * 1024
    support_phone: str = "+1 800 555 0100"
    support_email: str = "help@example.com"
    complaint_first_contact_minutes: float = 15.0
    staff_alert_webhook: str | None = None
    oncall_emails: tuple[str, ...] = ()  # staff alerts by email
    # Provider credentials, hosts, timeout and concurrency (SENDGRID_*, TWILIO_*, ...).
    providers: ProviderSettings = field(default_factory=ProviderSettings)
    sendgrid_webhook_public_key: str = ""  # Event Webhook verification
    rate_limits: dict[str, float] = field(default_factory=dict)  # <NAME>_RATE_LIMIT, per name
    delivery_lease_seconds: float = 60.0
    send_batch_size: int | None = None  # None: per channel (delivery/batching.py BATCH_SIZE)
    # How long a send job may take on its incident's next rows (jobs/send.py); 0: never
    send_continue_seconds: float = 0.0
    profile: bool = False  # GATEWAY_PROFILE=1: time the send path's steps
    log_level: str = "INFO"
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: Any) -> Config:
        env = dict(os.environ if environ is None else environ)
        instance = Path(env.get("GATEWAY_INSTANCE_PATH", str(DEFAULT_INSTANCE)))
        config = cls(
            instance_path=instance,
            database_url=env.get("DATABASE_URL") or f"sqlite:///{instance / 'gateway.db'}",
            redis_url=env.get("REDIS_URL") or None,
            public_url=env.get("GATEWAY_PUBLIC_URL", "http://127.0.0.1:8080").rstrip("/"),
            secret_key=env.get("GATEWAY_SECRET_KEY")
            or _secret_from_instance(instance, "secret_key"),
            chat_webhook_secret=env.get("CHAT_WEBHOOK_SECRET")
            or _secret_from_instance(instance, "chat_webhook_secret"),
            chat_allow_private_urls=env.get("CHAT_ALLOW_PRIVATE_URLS", "0") == "1",
            email_providers=_providers(env.get("EMAIL_PROVIDERS")),
            sms_providers=_providers(env.get("SMS_PROVIDERS")),
            whatsapp_providers=_providers(env.get("WHATSAPP_PROVIDERS")),
            chat_providers=_providers(env.get("CHAT_PROVIDERS")),
            approval_audience_threshold=int(env.get("APPROVAL_AUDIENCE_THRESHOLD", "10000")),
            approval_compensation_threshold=Decimal(env["APPROVAL_COMPENSATION_THRESHOLD"])
            if env.get("APPROVAL_COMPENSATION_THRESHOLD") else None,
            approval_ttl_minutes=int(env.get("APPROVAL_TTL_MINUTES", "60")),
            followup_delay_hours=float(env.get("FOLLOWUP_DELAY_HOURS", "72")),
            metrics_token=env.get("METRICS_TOKEN") or None,
            auth_failures_per_minute=int(env.get("AUTH_FAILURES_PER_MINUTE", "30")),
            support_phone=env.get("SUPPORT_PHONE", cls.support_phone),
            support_email=env.get("SUPPORT_EMAIL", cls.support_email),
            complaint_first_contact_minutes=float(env.get("COMPLAINT_FIRST_CONTACT_MINUTES", "15")),
            staff_alert_webhook=env.get("STAFF_ALERT_WEBHOOK") or None,
            oncall_emails=tuple(a.strip() for a in env.get("ONCALL_EMAILS", "").split(",")
                                if a.strip()),
            providers=ProviderSettings.from_env(env),
            sendgrid_webhook_public_key=env.get("SENDGRID_WEBHOOK_PUBLIC_KEY") or "",
            rate_limits={name: float(env.get(f"{name.upper()}_RATE_LIMIT", "0") or 0)
                         for name in PROVIDER_NAMES},
            delivery_lease_seconds=float(env.get("DELIVERY_LEASE_SECONDS") or 60),
            send_batch_size=int(env["SEND_BATCH_SIZE"]) if env.get("SEND_BATCH_SIZE") else None,
            send_continue_seconds=float(env.get("SEND_CONTINUE_SECONDS") or 0),
            profile=env.get("GATEWAY_PROFILE") == "1",
            log_level=env.get("LOG_LEVEL") or "INFO",
        )
        return replace(config, **overrides)

    def providers_for(self, channel: str) -> tuple[str, ...]:
        return {
            "email": self.email_providers,
            "sms": self.sms_providers,
            "whatsapp": self.whatsapp_providers,
            "chat": self.chat_providers,
        }[channel]

    def rate_limit(self, provider: str) -> float:
        """Messages/second for a provider: `<NAME>_RATE_LIMIT`, 0 (unlimited) by default."""
        return self.rate_limits.get(provider.lower(), 0.0)

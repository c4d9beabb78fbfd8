"""Chat: a signed JSON POST to the customer's own webhook URL.

The URL is the customer's, so it is an SSRF risk: loopback, private,
link-local and other non-public targets are refused (unless
CHAT_ALLOW_PRIVATE_URLS=1), checked on the address actually connected to, so a
DNS answer that changes after the customer API's check is caught too.
Redirects are not followed for the same reason.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import ipaddress
import json
import socket
import time
from typing import ClassVar
from urllib.parse import urlsplit

from gateway.providers._aio import OwnedLoop
from gateway.providers._per_message import PerMessage
from gateway.providers.base import (
    OutboundMessage,
    Outcome,
    ProviderSettings,
    SendResult,
    parse_retry_after,
)
from gateway.providers.transport import HttpPool, InvalidURL, RefusedTarget

SIGNATURE_HEADER = "X-Gateway-Signature"
PER_HOST_MAX = 128  # calls in flight to one host per worker


def sign(body: bytes, secret: str, t: int) -> str:
    """The X-Gateway-Signature value: `t=<t>,v1=<hex HMAC-SHA256 of "<t>.<body>">`."""
    mac = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


def verify(
    header: str, body: bytes, secret: str, *, tolerance: float = 300, now: float | None = None
) -> bool:
    """Check a signature header as a receiver should (also rejects stale timestamps)."""
    fields = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        t = int(fields["t"])
    except (KeyError, ValueError):
        return False
    if abs((time.time() if now is None else now) - t) > tolerance:
        return False
    return hmac.compare_digest(sign(body, secret, t), f"t={t},v1={fields.get('v1', '')}")


def _non_public(address: str) -> str | None:
    """Why an IP address must not be a webhook target, or None when it is public."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return f"{address} is a loopback address"
    if ip.is_link_local:
        return f"{address} is a link-local address"
    if ip.is_private or not ip.is_global or ip.is_multicast:
        return f"{address} is a private or reserved address"
    return None


def is_url_allowed(url: str, allow_private: bool) -> tuple[bool, str | None]:
    """May we POST to this chat webhook URL? (ok, reason when not). Resolves the host."""
    reason = _refuse_literal(url, allow_private)
    if reason:
        return False, reason
    if allow_private:
        return True, None
    parts = urlsplit(url)
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        return False, f"cannot resolve {parts.hostname}: {e}"
    for info in infos:
        reason = _non_public(str(info[4][0]))
        if reason:
            return False, reason
    return True, None


class WebhookProvider(PerMessage[HttpPool]):
    name: ClassVar[str] = "webhook"
    channels: ClassVar[frozenset[str]] = frozenset({"chat"})
    max_batch: ClassVar[int] = 200
    raised_may_have_gone: ClassVar[bool] = False

    def __init__(self, settings: ProviderSettings) -> None:
        if not settings.chat_webhook_secret:
            raise ValueError("webhook needs CHAT_WEBHOOK_SECRET")
        self._settings = settings
        self._loop: OwnedLoop[HttpPool] = OwnedLoop(self._open, self._close)

    async def _open(self) -> HttpPool:
        s = self._settings
        return HttpPool(
            timeout=s.timeout,
            # One slow customer host must not take every slot: at most half of them.
            limit_per_host=max(1, min(s.concurrency // 2, PER_HOST_MAX)),
            check_address=None if s.chat_allow_private_urls else _non_public,
        )

    @staticmethod
    async def _close(pool: HttpPool) -> None:
        pool.close()

    async def _send(
        self, pool: HttpPool, bound: asyncio.Semaphore, m: OutboundMessage
    ) -> SendResult:
        refused = _refuse_literal(m.to, self._settings.chat_allow_private_urls)
        if refused:
            return SendResult(m.delivery_id, Outcome.PERMANENT,
                              error=f"webhook URL refused: {refused}")
        body = json.dumps(
            {"text": m.text, "incident_id": m.incident_id, "delivery_id": m.delivery_id,
             "ack_url": m.ack_url},
            ensure_ascii=False,
        ).encode()
        headers = {
            "Content-Type": "application/json",
            SIGNATURE_HEADER: sign(body, self._settings.chat_webhook_secret, int(time.time())),
        }
        async with bound:
            try:
                answer = await pool.request("POST", m.to, headers=headers, body=body)
            except TimeoutError:
                return SendResult(m.delivery_id, Outcome.RETRYABLE, error="webhook timeout")
            except RefusedTarget as e:
                return SendResult(m.delivery_id, Outcome.PERMANENT,
                                  error=f"webhook URL refused: {e}")
            except InvalidURL as e:
                return SendResult(m.delivery_id, Outcome.PERMANENT,
                                  error=f"webhook URL invalid: {e}")
            except OSError as e:  # ConnectError, ConnectionLost
                return SendResult(m.delivery_id, Outcome.RETRYABLE,
                                  error=f"webhook connection error: {e}")
        return _classify(m.delivery_id, answer.status, answer.headers.get("retry-after"))


def _refuse_literal(url: str, allow_private: bool) -> str | None:
    """Scheme and IP-literal checks (the resolver never sees IP literals)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as e:
        return f"invalid URL: {e}"
    if parts.scheme not in ("https", "http") or not host:
        return "URL must be https://host/..."
    if allow_private:
        return None
    if parts.scheme != "https":
        return "URL must use https"
    try:
        return _non_public(host)
    except ValueError:
        return None  # a host name: checked by the resolver when connecting


def _classify(delivery_id: int, status: int, retry_after: str | None) -> SendResult:
    if 200 <= status < 300:
        return SendResult(delivery_id, Outcome.ACCEPTED,
                          provider_message_id=f"webhook-{delivery_id}")
    error = f"webhook answered {status}"
    if status in (408, 429) or status >= 500:
        return SendResult(delivery_id, Outcome.RETRYABLE, error=error,
                          retry_after=parse_retry_after(retry_after))
    # 3xx (not followed) and other 4xx: the customer's endpoint refuses us (gone, bad token).
    return SendResult(delivery_id, Outcome.PERMANENT, error=error)

"""Shared provider guards in Redis: a circuit breaker and a rate limiter.

Both live in Redis so every worker process sees the same state: a provider
that keeps failing is skipped by all of them, and a provider's messages per
second are counted across all of them.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import redis

log = logging.getLogger(__name__)

FAILURES_TO_OPEN = 5  # consecutive failed batches
OPEN_SECONDS = 30.0

# Token bucket: refill `rate` tokens/s up to `burst`; take up to `n`; returns granted.
_TAKE = """
local key, rate, burst = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2])
local n, now = tonumber(ARGV[3]), tonumber(ARGV[4])
local state = redis.call('HMGET', key, 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local granted = math.min(n, math.floor(tokens))
tokens = tokens - granted
redis.call('HSET', key, 'tokens', tokens, 'at', now)
redis.call('EXPIRE', key, 3600)
return granted
"""


@dataclass
class CircuitBreaker:
    """Open after FAILURES_TO_OPEN consecutive failed batches; after
    OPEN_SECONDS let one probe batch through (half-open)."""

    connection: redis.Redis
    provider: str

    def _key(self, part: str) -> str:
        return f"gateway:circuit:{self.provider}:{part}"

    def allows(self) -> bool:
        """Closed unless Redis says open; without Redis it fails open (also
        asked between provider calls, where a raise would resend the batch)."""
        try:
            return not self.connection.exists(self._key("open"))
        except redis.exceptions.RedisError:
            log.warning("circuit breaker for %s unknown: redis unavailable", self.provider)
            return True

    def state(self) -> str:
        return "open" if self.connection.exists(self._key("open")) else "closed"

    def record(self, ok: bool) -> None:
        """Count a batch's result. Called after the provider calls and before
        the outcomes are written: a Redis blip here must not fail the job, or
        the batch the provider already accepted is sent again."""
        try:
            self._record(ok)
        except redis.exceptions.RedisError:
            log.warning("circuit breaker for %s not updated: redis unavailable", self.provider)

    def _record(self, ok: bool) -> None:
        if ok:
            self.connection.delete(self._key("failures"))
            return
        failures = int(self.connection.incr(self._key("failures")))
        self.connection.expire(self._key("failures"), 600)
        if failures >= FAILURES_TO_OPEN:
            # Expires by itself: the next batch after that is the probe.
            self.connection.set(self._key("open"), 1, px=int(OPEN_SECONDS * 1000))
            self.connection.set(self._key("failures"), FAILURES_TO_OPEN - 1, ex=600)

    def reopens_in(self) -> float:
        ttl = int(self.connection.pttl(self._key("open")))
        return max(ttl, 0) / 1000


@dataclass
class RateLimiter:
    connection: redis.Redis
    provider: str
    rate: float  # messages per second; 0 = unlimited

    def take(self, n: int) -> int:
        if self.rate <= 0 or n == 0:
            return n
        granted = self.connection.eval(_TAKE, 1, f"gateway:rate:{self.provider}",
                                       self.rate, max(self.rate, 1.0), n, time.time())
        return int(granted)  # type: ignore[arg-type]

    def wait_for(self, n: int) -> float:
        return n / self.rate if self.rate > 0 else 0.0

"""The worker's own liveness heartbeat: one round trip, and not again while fresh."""

from __future__ import annotations

import pytest
import redis
from flask import Flask

from gateway.jobs import worker as worker_module
from gateway.jobs.worker import make_worker


def test_worker_heartbeat_keeps_the_key_alive_without_repeating_itself(
        app: Flask, redis_conn: redis.Redis, monkeypatch: pytest.MonkeyPatch) -> None:
    w = make_worker(app)
    sent: list[int] = []
    original = redis.client.Pipeline.execute

    def counting(self: redis.client.Pipeline, *args: object, **kw: object) -> object:
        sent.append(len(self.command_stack))
        return original(self, *args, **kw)

    monkeypatch.setattr(redis.client.Pipeline, "execute", counting)
    clock = [1000.0]
    monkeypatch.setattr(worker_module.time, "monotonic", lambda: clock[0])
    w.heartbeat()
    assert sent == [3]  # hset and two expires, one round trip
    assert redis_conn.ttl(w.key) > w.worker_ttl
    assert redis_conn.hget(w.key, "last_heartbeat")
    clock[0] += worker_module.HEARTBEAT_EVERY - 1
    w.heartbeat()
    assert sent == [3]  # fresh: not sent again
    clock[0] += 2
    w.heartbeat()
    assert sent == [3, 3]
    w.heartbeat(timeout=w.worker_ttl + 600)  # asked for a longer life: sent
    assert sent == [3, 3, 3]
    with redis_conn.pipeline() as pipe:  # inside RQ's own pipeline: always written there
        w.heartbeat(30, pipeline=pipe)
        assert len(pipe.command_stack) == 3

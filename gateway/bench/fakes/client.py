"""Steer the fake provider server from another process, over its control API."""

from __future__ import annotations

from typing import Any

import requests

from .records import Received


class FakeProvidersClient:
    """Steer a fake running in another process, with the same methods."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self._http = requests.Session()
        self._http.trust_env = False

    def configure(self, api: str | None = None, **changes: Any) -> dict[str, Any]:
        if "silent" in changes:
            changes["silent"] = list(changes["silent"])
        resp = self._http.post(f"{self.url}/_control", json={"api": api, **changes}, timeout=10)
        resp.raise_for_status()
        return dict(resp.json())

    def control(self) -> dict[str, Any]:
        return dict(self._http.get(f"{self.url}/_control", timeout=10).json())

    @property
    def sendgrid_public_key(self) -> str:
        return str(self.control()["sendgrid_public_key"])

    def received(self, channel: str | None = None, to: str | None = None) -> list[Received]:
        params = {k: v for k, v in {"channel": channel, "to": to}.items() if v}
        rows = self._http.get(f"{self.url}/_received", params=params, timeout=60).json()
        return [Received(**row) for row in rows]

    def stats(self) -> dict[str, Any]:
        return dict(self._http.get(f"{self.url}/_stats", timeout=10).json())

    def reset(self) -> None:
        self._http.post(f"{self.url}/_reset", timeout=10).raise_for_status()

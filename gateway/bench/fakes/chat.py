"""The fake chat webhook: a customer's endpoint that records what it was posted."""

from __future__ import annotations

import json

from .core import FakeCore
from .records import Received
from .wire import Reply, Request


class ChatFake(FakeCore):
    async def _chat(self, request: Request) -> Reply:
        failure = await self._misbehave("chat", request)
        if failure is not None:
            status, retry_after = failure
            return self._answer("chat", status, {"error": f"fake error {status}"},
                                self._error_headers(retry_after))
        raw = request.body
        data = json.loads(raw)
        self._keep(
            Received(
                api="chat", channel="chat", to=self.url + request.path, sender=None, subject=None,
                text=data.get("text"), html=None, headers=dict(request.headers), custom_args=data,
                status_callback=None, provider_message_id=None, body=raw.decode(),
            )
        )
        await self._answer_late("chat", request)
        return self._answer("chat", 200, {"ok": True})

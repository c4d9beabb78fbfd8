"""The fake provider server: one asyncio HTTP/1.1 server for all three fake APIs,
run in a thread of its own (tests) or as its own process (`serve`)."""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

import aiohttp

from .chat import ChatFake
from .sendgrid import SendGridFake
from .twilio import TWILIO_PATH, TwilioFake
from .wire import Reply, Request, json_reply, serve_connection


class FakeProviders(SendGridFake, TwilioFake, ChatFake):
    """The server. Use as a context manager (in-process, own thread) or `serve()`."""

    # -- lifecycle ----------------------------------------------------------------

    async def start_async(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._session = aiohttp.ClientSession(trust_env=False)
        self._server = await asyncio.start_server(
            self._connection, self.host, self.port, backlog=1024
        )
        self.port = self._server.sockets[0].getsockname()[1]
        self._spawn(self._flush_events())

    async def stop_async(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._server is not None:
            self._server.close()
        if self._session is not None:
            await self._session.close()

    def start(self) -> FakeProviders:
        """Serve from a background thread (for tests)."""
        ready = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            try:
                loop.run_until_complete(self.start_async())
            except BaseException as e:  # surfaced to the caller of start()
                failure.append(e)
                ready.set()
                return
            ready.set()
            loop.run_forever()
            loop.run_until_complete(self.stop_async())
            loop.close()

        self._thread = threading.Thread(target=run, name="fake-providers", daemon=True)
        self._thread.start()
        ready.wait()
        if failure:
            raise failure[0]
        return self

    def stop(self) -> None:
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
            self._thread = None

    def __enter__(self) -> FakeProviders:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    async def serve(self) -> None:
        """Serve in the current loop until cancelled (process mode)."""
        await self.start_async()
        print(json.dumps({"url": self.url, "sendgrid_public_key": self.signer.public_key}),
              flush=True)
        try:
            await asyncio.Event().wait()
        finally:
            await self.stop_async()

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        try:
            await serve_connection(reader, writer, self._route)
        finally:
            if task is not None:
                self._tasks.discard(task)

    async def _route(self, r: Request) -> Reply:
        if r.method == "POST":
            if r.path == "/v3/mail/send":
                return await self._sendgrid(r)
            if m := TWILIO_PATH.fullmatch(r.path):
                return await self._twilio(r, m.group(1))
            if r.path.startswith("/chat/"):
                return await self._chat(r)
            if r.path == "/_control":
                return self._post_control(r)
            if r.path == "/_reset":
                self.reset()
                return json_reply(200, {"ok": True})
        elif r.method == "GET":
            if r.path == "/_control":
                return json_reply(200, self._control_state())
            if r.path == "/_received":
                rows = self.received(r.query.get("channel"), r.query.get("to"))
                return json_reply(200, [row.to_json() for row in rows])
            if r.path == "/_stats":
                return json_reply(200, self.stats())
            if m := TWILIO_PATH.fullmatch(r.path):
                return self._twilio_list(r, m.group(1))
        return json_reply(404, {"error": f"no route for {r.method} {r.path}"})

    # -- control API ---------------------------------------------------------------

    def _control_state(self) -> dict[str, Any]:
        return {
            "behaviour": {api: b.to_json() for api, b in self.behaviour.items()},
            "record": self.record,
            "sendgrid_event_url": self.sendgrid_event_url,
            "sendgrid_public_key": self.signer.public_key,
        }

    def _post_control(self, request: Request) -> Reply:
        """Body: {"api": "twilio"?, "record"?, "sendgrid_event_url"?, <behaviour fields>}."""
        try:
            changes = json.loads(request.body)
            if "record" in changes:
                self.record = changes.pop("record")
            if "sendgrid_event_url" in changes:
                self.sendgrid_event_url = changes.pop("sendgrid_event_url")
            self.configure(changes.pop("api", None), **changes)
        except (ValueError, TypeError, AttributeError) as e:
            return json_reply(400, {"error": str(e)})
        return json_reply(200, self._control_state())

"""A local stand-in for SendGrid, Twilio and customers' chat webhooks.

One small asyncio HTTP/1.1 server that the real SDKs talk to (SendGrid v3 Mail Send, Twilio
Messages API), with behaviour switchable at run time (latency, error rates,
outages, hangs, permanent errors per recipient), a record of exactly what each
recipient got, and signed status callbacks (Twilio `RequestValidator`
signatures, ECDSA-signed SendGrid events) posted back to the gateway.

In tests::

    with FakeProviders() as fake:
        fake.configure("twilio", latency_ms=50, error_rates={429: 0.1})
        ...  # point TWILIO_API_BASE / SENDGRID_API_HOST at fake.url
        fake.received(channel="sms", to="+15005550006")

As a process: ``python -m gateway.testing.fake_providers --port 8025``; it
prints one JSON line with its URL and SendGrid public key, and is steered with
``POST /_control`` (or `FakeProvidersClient`).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import dataclasses
import functools
import http
import itertools
import json
import random
import re
import secrets
import sys
import threading
import time
import traceback
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from email.utils import formatdate
from typing import Any
from urllib.parse import parse_qsl

import aiohttp
import requests
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from twilio.request_validator import RequestValidator

APIS = ("sendgrid", "twilio", "chat")


@dataclass
class Behaviour:
    """How one API (sendgrid, twilio or chat) answers right now."""

    latency_ms: float = 0.0
    error_rates: dict[int, float] = field(default_factory=dict)  # {429: 0.1, 500: 0.05}
    retry_after: float = 1.0  # seconds, sent with 429 and 503
    outage: bool = False  # every call answered 503
    hang: bool = False  # calls are not answered while this is on (client timeouts)
    # The message is accepted (recorded, it "went out") and only then answered,
    # this much later: set it above the client's timeout for a call that timed
    # out on our side although the provider took it. Hold (`hold_accepted`) to
    # keep every accepted call unanswered until released.
    late_answer_ms: float = 0.0
    hold_accepted: bool = False
    reject_auth: bool = False  # 401 (Twilio code 20003)
    # recipient -> Twilio error code (e.g. 21211); for SendGrid any value means
    # "400 naming that personalization's address".
    permanent: dict[str, int] = field(default_factory=dict)
    callbacks: bool = False  # post status callbacks / events for accepted messages
    callback_delay_ms: float = 0.0
    callback_retries: int = 0  # re-post a callback that timed out or got 5xx (as SendGrid does)
    silent: set[str] = field(default_factory=set)  # accepted, never called back
    # recipient -> final status: Twilio delivered|undelivered|failed,
    # SendGrid delivered|bounce|dropped|deferred|spamreport; default delivered.
    final_status: dict[str, str] = field(default_factory=dict)

    def update(self, **changes: Any) -> None:
        for key, value in changes.items():
            if key not in _BEHAVIOUR_FIELDS:
                raise ValueError(f"unknown behaviour {key!r}")
            if key == "error_rates":
                value = {int(k): float(v) for k, v in value.items()}
            elif key == "permanent":
                value = {str(k): int(v) for k, v in value.items()}
            elif key == "silent":
                value = set(value)
            setattr(self, key, value)

    def to_json(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["silent"] = sorted(self.silent)
        return d


_BEHAVIOUR_FIELDS = {f.name for f in dataclasses.fields(Behaviour)}


@dataclass(slots=True)
class Received:
    """What one recipient got, as the provider saw it."""

    api: str  # sendgrid | twilio | chat
    channel: str  # email | sms | whatsapp | chat
    to: str  # address, E.164 number (no "whatsapp:" prefix) or webhook URL
    sender: str | None
    subject: str | None
    text: str | None
    html: str | None
    headers: dict[str, str]
    custom_args: dict[str, Any]  # SendGrid custom_args, or the chat JSON body
    status_callback: str | None
    provider_message_id: str | None
    body: str | None = None  # raw request body (chat), to check signatures
    at: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


class SendGridSigner:
    """Signs Event Webhook payloads the way SendGrid does (ECDSA P-256, SHA-256)."""

    def __init__(self, private_key: ec.EllipticCurvePrivateKey | None = None) -> None:
        self.private_key = private_key or ec.generate_private_key(ec.SECP256R1())
        der = self.private_key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        # The form SENDGRID_WEBHOOK_PUBLIC_KEY (and EventWebhook) expects.
        self.public_key = base64.b64encode(der).decode()

    def headers(self, payload: bytes, timestamp: int | None = None) -> dict[str, str]:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        sig = self.private_key.sign(ts.encode() + payload, ec.ECDSA(hashes.SHA256()))
        return {
            "Content-Type": "application/json",
            "X-Twilio-Email-Event-Webhook-Signature": base64.b64encode(sig).decode(),
            "X-Twilio-Email-Event-Webhook-Timestamp": ts,
        }


def twilio_status_params(
    *, sid: str, status: str, to: str, from_: str, account_sid: str, error_code: int | None = None
) -> dict[str, str]:
    """The form fields Twilio posts to a StatusCallback."""
    params = {
        "AccountSid": account_sid,
        "ApiVersion": "2010-04-01",
        "From": from_,
        "To": to,
        "MessageSid": sid,
        "SmsSid": sid,
        "MessageStatus": status,
        "SmsStatus": status,
    }
    if error_code is not None:
        params["ErrorCode"] = str(error_code)
    return params


def twilio_signature_headers(
    url: str, params: Mapping[str, str], auth_token: str
) -> dict[str, str]:
    return {"X-Twilio-Signature": RequestValidator(auth_token).compute_signature(url, dict(params))}


def sendgrid_event(
    event: str, *, email: str, message_id: str, custom_args: Mapping[str, Any], **extra: Any
) -> dict[str, Any]:
    """One SendGrid Event Webhook event; custom_args are top-level, as SendGrid sends them."""
    return {
        "email": email,
        "timestamp": int(time.time()),
        "event": event,
        "sg_event_id": secrets.token_urlsafe(16),
        "sg_message_id": message_id,
        "smtp-id": f"<{message_id}@fake.sendgrid.net>",
        **custom_args,
        **extra,
    }


@dataclass(slots=True)
class _Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # lower-case names
    body: bytes
    reader: asyncio.StreamReader

    def gone(self) -> bool:
        """True once the client has closed its side (gave up waiting)."""
        return self.reader.at_eof()


_Reply = tuple[int, bytes, dict[str, str] | None]  # status, JSON body, extra headers
_PHRASES = {s.value: s.phrase for s in http.HTTPStatus}
_TWILIO_PATH = re.compile(r"/2010-04-01/Accounts/([^/]+)/Messages\.json")


def _json(status: int, obj: Any, headers: dict[str, str] | None = None) -> _Reply:
    return status, json.dumps(obj).encode(), headers


_BOUNCE = {
    "type": "bounce", "reason": "550 5.1.1 The email account does not exist.", "status": "5.1.1",
}
_SUBST_LIMIT = 10_000


@functools.lru_cache(maxsize=256)
def _tag_pattern(keys: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True)))


def _substitute(value: str | None, subs: Mapping[str, str]) -> str | None:
    """Apply substitution tags in one pass, so values are never re-substituted."""
    if value is None or not subs:
        return value
    return _tag_pattern(tuple(subs)).sub(lambda m: subs[m.group(0)], value)


class FakeProviders:
    """The server. Use as a context manager (in-process, own thread) or `serve()`."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        record: str = "full",
        sendgrid_event_url: str | None = None,
        signer: SendGridSigner | None = None,
    ) -> None:
        self.host, self.port = host, port
        self.record = record  # "full" keeps every message; "count" keeps only counts
        self.sendgrid_event_url = sendgrid_event_url
        self.signer = signer or SendGridSigner()
        self.behaviour = {api: Behaviour() for api in APIS}
        self.counts: Counter[str] = Counter()  # channel -> messages accepted
        # channel -> wall-clock time of the first / latest message accepted (benchmarks)
        self.first_at: dict[str, float] = {}
        self.last_at: dict[str, float] = {}
        self.requests: Counter[str] = Counter()  # "<api> <status>" -> requests answered
        self._received: list[Received] = []
        self._seq = itertools.count(1)
        self._prefix = secrets.token_hex(4)
        self._events: list[dict[str, Any]] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.Server | None = None
        self._session: aiohttp.ClientSession | None = None
        self._thread: threading.Thread | None = None

    # -- Python control surface ---------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def chat_url(self, name: str = "hook") -> str:
        """A chat webhook URL on this server (recorded as channel "chat")."""
        return f"{self.url}/chat/{name}"

    def configure(self, api: str | None = None, **changes: Any) -> None:
        """Change the behaviour of one API, or of all three when `api` is None."""
        for name in [api] if api else APIS:
            self.behaviour[name].update(**changes)

    def received(self, channel: str | None = None, to: str | None = None) -> list[Received]:
        return [
            r
            for r in list(self._received)
            if (channel is None or r.channel == channel) and (to is None or r.to == to)
        ]

    def reset(self) -> None:
        """Forget everything received and restore default behaviour."""
        self._received.clear()
        self._events.clear()
        self.counts.clear()
        self.first_at.clear()
        self.last_at.clear()
        self.requests.clear()
        self.behaviour = {api: Behaviour() for api in APIS}

    def stats(self) -> dict[str, Any]:
        return {"counts": dict(self.counts), "requests": dict(self.requests),
                "first_at": dict(self.first_at), "last_at": dict(self.last_at)}

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

    # -- HTTP/1.1 ---------------------------------------------------------------
    # Hand-rolled because it must outrun the clients under test: aiohttp's
    # server costs ~0.35 ms of CPU per Twilio call on this machine, which capped
    # the benchmark below the gateway's own throughput.

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        try:
            while True:
                head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
                method, target, _ = head[0].split(" ", 2)
                headers = {}
                for line in head[1:]:
                    if line:
                        name, _, value = line.partition(":")
                        headers[name.strip().lower()] = value.strip()
                if "chunked" in headers.get("transfer-encoding", ""):
                    writer.write(b"HTTP/1.1 411 Length Required\r\n"
                                 b"Content-Length: 0\r\nConnection: close\r\n\r\n")
                    break
                length = int(headers.get("content-length") or 0)
                body = await reader.readexactly(length) if length else b""
                path, _, qs = target.partition("?")
                request = _Request(method, path, dict(parse_qsl(qs)), headers, body, reader)
                try:
                    status, payload, extra = await self._route(request)
                except Exception:
                    traceback.print_exc(file=sys.stderr)
                    status, payload, extra = _json(500, {"error": "fake server bug"})
                out = [f"HTTP/1.1 {status} {_PHRASES.get(status, 'Status')}\r\n"
                       f"Content-Length: {len(payload)}\r\n"]
                if payload:
                    out.append("Content-Type: application/json\r\n")
                out.extend(f"{k}: {v}\r\n" for k, v in (extra or {}).items())
                out.append("\r\n")
                writer.write("".join(out).encode("latin-1") + payload)
                if len(payload) > 65536:
                    await writer.drain()
                if headers.get("connection", "").lower() == "close":
                    break
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError,
                ValueError):
            pass  # client went away or spoke garbage: drop the connection
        finally:
            writer.close()
            if task is not None:
                self._tasks.discard(task)

    async def _route(self, r: _Request) -> _Reply:
        if r.method == "POST":
            if r.path == "/v3/mail/send":
                return await self._sendgrid(r)
            if m := _TWILIO_PATH.fullmatch(r.path):
                return await self._twilio(r, m.group(1))
            if r.path.startswith("/chat/"):
                return await self._chat(r)
            if r.path == "/_control":
                return self._post_control(r)
            if r.path == "/_reset":
                self.reset()
                return _json(200, {"ok": True})
        elif r.method == "GET":
            if r.path == "/_control":
                return _json(200, self._control_state())
            if r.path == "/_received":
                rows = self.received(r.query.get("channel"), r.query.get("to"))
                return _json(200, [row.to_json() for row in rows])
            if r.path == "/_stats":
                return _json(200, self.stats())
            if m := _TWILIO_PATH.fullmatch(r.path):
                return self._twilio_list(r, m.group(1))
        return _json(404, {"error": f"no route for {r.method} {r.path}"})

    # -- helpers -----------------------------------------------------------------

    def _spawn(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _count(self, channel: str) -> float:
        now = time.time()
        self.counts[channel] += 1
        self.first_at.setdefault(channel, now)
        self.last_at[channel] = now
        return now

    def _keep(self, r: Received) -> None:
        now = self._count(r.channel)
        if self.record == "full":
            r.at = now
            self._received.append(r)

    async def _misbehave(self, api: str, request: _Request) -> tuple[int, float | None] | None:
        """Apply latency/hang/outage/error rates; (status, retry_after) to answer instead."""
        b = self.behaviour[api]
        if b.latency_ms:
            await asyncio.sleep(b.latency_ms / 1000)
        while self.behaviour[api].hang and not request.gone():
            await asyncio.sleep(0.05)
        if request.gone():
            return 408, None  # the client gave up; nobody reads this answer
        if b.reject_auth:
            return 401, None
        if b.outage:
            return 503, b.retry_after
        if b.error_rates:
            roll = random.random()
            for status, rate in b.error_rates.items():
                if roll < rate:
                    return status, b.retry_after if status in (429, 503) else None
                roll -= rate
        return None

    def _answer(
        self, api: str, status: int, body: Any, headers: dict[str, str] | None = None
    ) -> _Reply:
        self.requests[f"{api} {status}"] += 1
        return (status, b"", headers) if body is None else _json(status, body, headers)

    def _error_headers(self, retry_after: float | None) -> dict[str, str] | None:
        return None if retry_after is None else {"Retry-After": f"{retry_after:g}"}

    # -- SendGrid ------------------------------------------------------------------

    async def _sendgrid(self, request: _Request) -> _Reply:
        failure = await self._misbehave("sendgrid", request)
        if failure is not None:
            status, retry_after = failure
            message = "authorization required" if status == 401 else f"fake error {status}"
            body = {"errors": [{"message": message, "field": None, "help": None}]}
            return self._answer("sendgrid", status, body, self._error_headers(retry_after))
        try:
            mail = json.loads(request.body)
            errors = self._sendgrid_errors(mail)
        except (ValueError, TypeError, KeyError, AttributeError) as e:
            errors = [{"message": f"malformed request: {e}", "field": None, "help": None}]
        if errors:
            return self._answer("sendgrid", 400, {"errors": errors})
        xid = secrets.token_urlsafe(16)
        b = self.behaviour["sendgrid"]
        contents = {c["type"]: c["value"] for c in mail.get("content", [])}
        for i, p in enumerate(mail["personalizations"]):
            subs = p.get("substitutions") or {}
            args = {**mail.get("custom_args", {}), **p.get("custom_args", {})}
            for to in p["to"]:
                if self.record != "full":
                    self._count("email")
                else:
                    self._keep(Received(
                        api="sendgrid",
                        channel="email",
                        to=to["email"],
                        sender=mail["from"]["email"],
                        subject=_substitute(p.get("subject", mail.get("subject")), subs),
                        text=_substitute(contents.get("text/plain"), subs),
                        html=_substitute(contents.get("text/html"), subs),
                        headers={**mail.get("headers", {}), **p.get("headers", {})},
                        custom_args=args,
                        status_callback=None,
                        provider_message_id=xid,
                    ))
                if b.callbacks and self.sendgrid_event_url and to["email"] not in b.silent:
                    final = b.final_status.get(to["email"], "delivered")
                    mid = f"{xid}.filter0001.{i}.0"
                    self._events.append(sendgrid_event("processed", email=to["email"],
                                                       message_id=mid, custom_args=args))
                    extra = _BOUNCE if final == "bounce" else {}
                    self._events.append(sendgrid_event(final, email=to["email"], message_id=mid,
                                                       custom_args=args, **extra))
        await self._answer_late("sendgrid", request)
        return self._answer("sendgrid", 202, None, {"X-Message-Id": xid})

    def _sendgrid_errors(self, mail: dict[str, Any]) -> list[dict[str, Any]]:
        """The checks real Mail Send makes that our provider must cope with."""
        def err(message: str, where: str | None) -> dict[str, Any]:
            return {"message": message, "field": where, "help": None}

        if not mail.get("from", {}).get("email"):
            return [err("The from object must be provided for every email send.", "from")]
        ps = mail.get("personalizations") or []
        if not 1 <= len(ps) <= 1000:
            return [err("The personalizations field must have 1 to 1000 items.",
                        "personalizations")]
        errors = []
        permanent = self.behaviour["sendgrid"].permanent
        for i, p in enumerate(ps):
            for j, to in enumerate(p.get("to") or []):
                address = to.get("email", "")
                if "@" not in address or address in permanent:
                    errors.append(err("Does not contain a valid address.",
                                      f"personalizations.{i}.to.{j}.email"))
            size = sum(len(k.encode()) + len(v.encode())
                       for k, v in (p.get("substitutions") or {}).items())
            if size > _SUBST_LIMIT:
                errors.append(err("Substitutions may not exceed 10000 bytes per personalization.",
                                  f"personalizations.{i}.substitutions"))
        return errors

    async def _flush_events(self) -> None:
        """Post queued SendGrid events in signed batches, as the Event Webhook does."""
        while True:
            await asyncio.sleep(0.2)
            b = self.behaviour["sendgrid"]
            if not self._events or not self.sendgrid_event_url:
                continue
            if b.callback_delay_ms:
                await asyncio.sleep(b.callback_delay_ms / 1000)
            batch, self._events = self._events[:1000], self._events[1000:]
            payload = json.dumps(batch).encode()
            await self._post(self.sendgrid_event_url, payload, self.signer.headers(payload))

    async def _post(
        self, url: str, data: Any, headers: dict[str, str], api: str = "sendgrid"
    ) -> None:
        assert self._session is not None
        for attempt in range(self.behaviour[api].callback_retries + 1):
            if attempt:
                await asyncio.sleep(min(2 ** attempt, 30))
                self.requests["callback retry"] += 1
            try:
                async with self._session.post(
                    url, data=data, headers=headers, timeout=aiohttp.ClientTimeout(total=10)
                ) as resp:
                    await resp.read()
                    self.requests[f"callback {resp.status}"] += 1
                    if resp.status < 500:
                        return
            # counted, like a real provider's failed attempt
            except (aiohttp.ClientError, OSError, TimeoutError) as exc:
                self.requests[f"callback error {type(exc).__name__}"] += 1

    # -- Twilio --------------------------------------------------------------------

    async def _twilio(self, request: _Request, sid: str) -> _Reply:
        failure = await self._misbehave("twilio", request)
        if failure is not None:
            status, retry_after = failure
            code = {401: 20003, 429: 20429}.get(status, 20500)
            body = {"code": code, "message": f"fake error {status}",
                    "more_info": f"https://www.twilio.com/docs/errors/{code}", "status": status}
            return self._answer("twilio", status, body, self._error_headers(retry_after))
        form = dict(parse_qsl(request.body.decode()))
        to, sender, text = (
            str(form.get("To", "")), str(form.get("From", "")), str(form.get("Body", ""))
        )
        channel = "whatsapp" if to.startswith("whatsapp:") else "sms"
        number = to.removeprefix("whatsapp:")
        b = self.behaviour["twilio"]
        code = b.permanent.get(number) or (  # type: ignore[assignment]
            21211 if not re.fullmatch(r"\+[1-9]\d{6,14}", number) else None)
        if code:
            body = {"code": code,
                    "message": f"The 'To' number {number} cannot receive this message.",
                    "more_info": f"https://www.twilio.com/docs/errors/{code}", "status": 400}
            return self._answer("twilio", 400, body)
        msid = f"SM{self._prefix}{next(self._seq):024x}"
        callback = form.get("StatusCallback")
        self._keep(
            Received(
                api="twilio", channel=channel, to=number, sender=sender, subject=None, text=text,
                html=None, headers={}, custom_args={},
                status_callback=str(callback) if callback else None, provider_message_id=msid,
            )
        )
        if b.callbacks and callback and number not in b.silent:
            auth = request.headers.get("authorization", "")
            token = (base64.b64decode(auth.removeprefix("Basic ")).decode().partition(":")[2]
                     if auth else "")
            self._spawn(self._twilio_callbacks(str(callback), token, sid, msid, to, sender,
                                               b.final_status.get(number, "delivered")))
        await self._answer_late("twilio", request)
        resource = self._twilio_resource(sid, msid, to, sender, text, time.time())
        return self._answer("twilio", 201, resource)

    async def _answer_late(self, api: str, request: _Request) -> None:
        b = self.behaviour[api]
        if b.late_answer_ms:
            await asyncio.sleep(b.late_answer_ms / 1000)
        while self.behaviour[api].hold_accepted and not request.gone():
            await asyncio.sleep(0.05)

    @staticmethod
    def _twilio_resource(sid: str, msid: str, to: str, sender: str, text: str | None,
                         at: float) -> dict[str, Any]:
        now = formatdate(at, usegmt=True)
        return {
            "account_sid": sid, "api_version": "2010-04-01", "body": text, "date_created": now,
            "date_sent": None, "date_updated": now, "direction": "outbound-api", "error_code": None,
            "error_message": None, "from": sender, "messaging_service_sid": None, "num_media": "0",
            "num_segments": "1", "price": None, "price_unit": "USD", "sid": msid,
            "status": "queued",
            "subresource_uris": {"media": f"/2010-04-01/Accounts/{sid}/Messages/{msid}/Media.json"},
            "to": to, "uri": f"/2010-04-01/Accounts/{sid}/Messages/{msid}.json",
        }

    def _twilio_list(self, request: _Request, sid: str) -> _Reply:
        """GET Messages.json: filtered by `To`, `From` and `DateSent>=` / `DateSent<=`
        (a date, or a date-time as the SDK sends it; Twilio compares by day). One page."""
        q = request.query
        to = q.get("To")
        number = to.removeprefix("whatsapp:") if to else None
        sender = q.get("From")

        def day(value: str | None) -> str | None:
            return value[:10] if value else None

        after, before = day(q.get("DateSent>")), day(q.get("DateSent<"))
        rows = []
        for r in list(self._received):
            if r.api != "twilio" or (number and r.to != number) or (sender and r.sender != sender):
                continue
            sent_day = time.strftime("%Y-%m-%d", time.gmtime(r.at))
            if (after and sent_day < after) or (before and sent_day > before):
                continue
            target = f"whatsapp:{r.to}" if r.channel == "whatsapp" else r.to
            rows.append(self._twilio_resource(sid, str(r.provider_message_id), target,
                                              str(r.sender), r.text, r.at))
        rows.reverse()  # newest first, as Twilio lists them
        self.requests["twilio list"] += 1
        uri = f"/2010-04-01/Accounts/{sid}/Messages.json"
        return _json(200, {"messages": rows, "end": max(len(rows) - 1, 0), "first_page_uri": uri,
                           "next_page_uri": None, "page": 0, "page_size": max(len(rows), 50),
                           "previous_page_uri": None, "start": 0, "uri": uri})

    async def _twilio_callbacks(
        self, url: str, token: str, account: str, msid: str, to: str, sender: str, final: str
    ) -> None:
        delay = self.behaviour["twilio"].callback_delay_ms / 1000
        for status in ("sent", final):
            await asyncio.sleep(delay)
            error = 30006 if status in ("undelivered", "failed") else None
            params = twilio_status_params(sid=msid, status=status, to=to, from_=sender,
                                          account_sid=account, error_code=error)
            await self._post(url, params, twilio_signature_headers(url, params, token), "twilio")

    # -- chat webhooks -------------------------------------------------------------

    async def _chat(self, request: _Request) -> _Reply:
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
        return self._answer("chat", 200, {"ok": True})

    # -- control API ---------------------------------------------------------------

    def _control_state(self) -> dict[str, Any]:
        return {
            "behaviour": {api: b.to_json() for api, b in self.behaviour.items()},
            "record": self.record,
            "sendgrid_event_url": self.sendgrid_event_url,
            "sendgrid_public_key": self.signer.public_key,
        }

    def _post_control(self, request: _Request) -> _Reply:
        """Body: {"api": "twilio"?, "record"?, "sendgrid_event_url"?, <behaviour fields>}."""
        try:
            changes = json.loads(request.body)
            if "record" in changes:
                self.record = changes.pop("record")
            if "sendgrid_event_url" in changes:
                self.sendgrid_event_url = changes.pop("sendgrid_event_url")
            self.configure(changes.pop("api", None), **changes)
        except (ValueError, TypeError, AttributeError) as e:
            return _json(400, {"error": str(e)})
        return _json(200, self._control_state())


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


def post_twilio_status(
    url: str, *, auth_token: str, sid: str, status: str, to: str, from_: str,
    account_sid: str, error_code: int | None = None,
) -> requests.Response:
    """Post one signed Twilio status callback (what Twilio would send) to `url`."""
    params = twilio_status_params(sid=sid, status=status, to=to, from_=from_,
                                  account_sid=account_sid, error_code=error_code)
    return requests.post(url, data=params,
                         headers=twilio_signature_headers(url, params, auth_token), timeout=10)


def post_sendgrid_events(
    url: str, events: list[dict[str, Any]], signer: SendGridSigner, timestamp: int | None = None
) -> requests.Response:
    """Post one signed SendGrid Event Webhook batch to `url`."""
    payload = json.dumps(events).encode()
    return requests.post(url, data=payload, headers=signer.headers(payload, timestamp), timeout=10)


@contextlib.contextmanager
def running(**kwargs: Any) -> Iterator[FakeProviders]:
    """`with running() as fake:` — an in-process fake for a test or a benchmark."""
    fake = FakeProviders(**kwargs)
    with fake:
        yield fake


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Fake SendGrid/Twilio/chat server for tests and benchmarks"
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--record", choices=["full", "count"], default="full")
    parser.add_argument("--sendgrid-event-url")
    args = parser.parse_args(argv)
    fake = FakeProviders(args.host, args.port, record=args.record,
                         sendgrid_event_url=args.sendgrid_event_url)
    fake.configure(latency_ms=args.latency_ms)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(fake.serve())


if __name__ == "__main__":
    main()

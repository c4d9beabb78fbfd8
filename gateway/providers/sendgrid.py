"""Email through the official SendGrid SDK, many recipients per Mail Send request.

Each request carries up to 1,000 personalizations. The mail-level content is
two substitution tags; every personalization substitutes its own recipient's
text and HTML and has its own subject, headers and `custom_args` (our
delivery and incident ids, so Event Webhook events map back). The body is a
plain dict: SendGrid's Mail helper objects cost more than the HTTP call.
Several requests are in flight at once (threads: the SDK is blocking); a batch
that makes one request sends it from the calling thread.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import threading
import urllib.request
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from email.utils import parseaddr
from functools import partial
from typing import Any, ClassVar

from python_http_client.client import Response
from python_http_client.exceptions import HTTPError
from sendgrid import SendGridAPIClient

from gateway.providers._aio import Sink
from gateway.providers.base import (
    OutboundMessage,
    Outcome,
    ProviderSettings,
    SendResult,
    parse_retry_after,
)

PER_REQUEST = 1000  # SendGrid's limit on personalizations per Mail Send
SUBSTITUTIONS_LIMIT = 10_000  # bytes of substitutions per personalization
MAX_IN_FLIGHT = 8
TEXT_TAG = "[%gw_text%]"
HTML_TAG = "[%gw_html%]"
_PERSONALIZATION = re.compile(r"personalizations\.(\d+)")
# Stands in a body for a value already JSON-escaped (json.dumps writes it as
# `"\u0000gw\u0001"`, quotes included). A string holding it is written so too:
# the count of them is then off, and the body is dumped as it is.
_PLACEHOLDER = "\x00gw\x01"
_DUMPED_PLACEHOLDER = json.dumps(_PLACEHOLDER)

Request = tuple[list[int], bool]  # message indexes, inline content (no substitutions)
BODY_CHUNK = 64 * 1024  # characters of a request body encoded at a time


class Body:
    """A Mail Send body's JSON as the pieces it is made of (the messages' own JSON
    forms among them), encoded a chunk at a time while it is written to the
    socket. Joined and encoded whole, a 250-email body was two more copies of
    ~0.7 MB each (the text, then its bytes), and the bytes stayed referenced by
    the request until its answer came: issue 14's 128 MB a worker."""

    def __init__(self, pieces: list[str]) -> None:
        self.pieces = pieces
        # JSON as json.dumps writes it is ASCII: a character a byte (checked, not assumed)
        self.length = sum(len(p) if p.isascii() else len(p.encode("utf-8")) for p in pieces)

    def __iter__(self) -> Iterator[bytes]:
        group: list[str] = []
        size = 0
        for piece in self.pieces:
            group.append(piece)
            size += len(piece)
            if size >= BODY_CHUNK:
                yield "".join(group).encode("utf-8")
                group, size = [], 0
        if group:
            yield "".join(group).encode("utf-8")


class SendGridProvider:
    name: ClassVar[str] = "sendgrid"
    channels: ClassVar[frozenset[str]] = frozenset({"email"})
    max_batch: ClassVar[int] = PER_REQUEST * 4

    def __init__(self, settings: ProviderSettings) -> None:
        if not (settings.sendgrid_api_key and settings.email_from):
            raise ValueError("sendgrid needs SENDGRID_API_KEY and EMAIL_FROM")
        self._client = SendGridAPIClient(
            settings.sendgrid_api_key, host=settings.sendgrid_api_host.rstrip("/")
        )
        name, address = parseaddr(settings.email_from)
        self._from = {"email": address, **({"name": name} if name else {})}
        self._timeout = settings.timeout
        self._in_flight = max(1, min(settings.concurrency, MAX_IN_FLIGHT))
        self._pool_pid = -1
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._threads: set[int] = set()  # the pool threads that have sent a request

    def _executor(self) -> ThreadPoolExecutor:
        # A forked RQ work-horse inherits the pool object but not its threads.
        with self._lock:
            if self._pool is None or self._pool_pid != os.getpid():
                self._pool = ThreadPoolExecutor(self._in_flight, thread_name_prefix="sendgrid")
                self._pool_pid = os.getpid()
            return self._pool

    def _requests(self, messages: Sequence[OutboundMessage]
                  ) -> tuple[list[SendResult | None], list[Request]]:
        """Answers known without a call (wrong channel), and the Mail Send requests."""
        results: list[SendResult | None] = [None] * len(messages)
        requests: list[Request] = []
        grouped: dict[bool, list[int]] = {}  # one content shape (text, text+html) per request
        for i, m in enumerate(messages):
            if m.channel not in self.channels:
                results[i] = SendResult(m.delivery_id, Outcome.PERMANENT,
                                        error=f"sendgrid cannot send {m.channel}")
            elif _substitutions_size(m) > SUBSTITUTIONS_LIMIT:
                requests.append(([i], True))  # too big to substitute: its own request
            else:
                grouped.setdefault(m.html is not None, []).append(i)
        for indexes in grouped.values():
            requests += [(indexes[k : k + PER_REQUEST], False)
                         for k in range(0, len(indexes), PER_REQUEST)]
        return results, requests

    def send_batch(self, messages: Sequence[OutboundMessage]) -> list[SendResult]:
        results, requests = self._requests(messages)
        if len(requests) == 1:  # a batch of one content shape: no thread to hand it to
            answers = [self._send(messages, requests[0])]
        else:
            futures = [self._executor().submit(self._send, messages, r) for r in requests]
            answers = [future.result() for future in futures]
        for (indexes, _), answer in zip(requests, answers, strict=True):
            for i, result in zip(indexes, answer, strict=True):
                results[i] = result
        return [r for r in results if r is not None]

    def start_batch(self, messages: Sequence[OutboundMessage], answers: Sink[SendResult]
                    ) -> None:
        """Start the batch's Mail Send requests on the pool's threads now; each
        request's results go to `answers` when it returns."""
        known, requests = self._requests(messages)
        answers.put_all(r for r in known if r is not None)
        pool = self._executor()
        for request in requests:
            batch = [messages[i] for i in request[0]]
            future = pool.submit(self._send, messages, request)
            future.add_done_callback(partial(_deliver, answers, batch))

    def _send(
        self, messages: Sequence[OutboundMessage], request: Request, resend: bool = True
    ) -> list[SendResult]:
        indexes, inline = request
        batch = [messages[i] for i in indexes]
        with self._lock:
            self._threads.add(threading.get_ident())
        try:
            resp = self._post(self._encoded(batch, inline))
        except HTTPError as e:
            return self._rejected(messages, request, e, resend)
        except TimeoutError:
            return _all(batch, Outcome.RETRYABLE, "sendgrid timeout", ambiguous=True)
        except (OSError, http.client.HTTPException) as e:  # URLError is an OSError
            # Refused: the request never left. Anything else may have been taken.
            refused = isinstance(getattr(e, "reason", e), ConnectionRefusedError)
            return _all(batch, Outcome.RETRYABLE, f"sendgrid connection error: {e!r}",
                        ambiguous=not refused)
        xid = resp.headers.get("X-Message-Id") or ""
        return [
            SendResult(m.delivery_id, Outcome.ACCEPTED, provider_message_id=f"{xid}.{n}")
            for n, m in enumerate(batch)
        ]

    def _post(self, data: Body) -> Response:
        """The SDK's Mail Send call (`client.mail.send.post(request_body=…)`): the
        same URL, headers, JSON bytes, urllib opener, timeout and error mapping
        (its `_make_request` raises the SDK's HTTPError), without the debug lines
        of python_http_client's `http_request`, which format the whole payload
        (~1.2 MB for 500 emails) with `str.format` on every request even when
        debug logging is off: ~4 ms of CPU for such a request, as much as its
        `json.dumps`. `data`: the body's JSON (`_encoded`), encoded as it is
        written to the socket, so its Content-Length is given here (urllib
        counts a bytes body itself)."""
        mail = self._client.client.mail.send
        mail.request_headers.setdefault("Content-Type", "application/json")  # as the SDK does
        request = urllib.request.Request(
            mail._build_url(None), data=data, method="POST",
            headers={**mail.request_headers, "Content-Length": str(data.length)})
        return Response(mail._make_request(urllib.request.build_opener(), request,
                                           timeout=self._timeout))

    def _rejected(
        self, messages: Sequence[OutboundMessage], request: Request, e: HTTPError, resend: bool
    ) -> list[SendResult]:
        """Classify an error answer (SPEC: Delivery).

        A 400 that names personalizations fails just those messages (bad
        address or bad header: permanent) and the rest are sent again once. A
        400 naming none is about the request as a whole (e.g. EMAIL_FROM not a
        verified sender): shared by every message in it, so it is retryable and
        the next provider in the list still gets the chance to deliver.
        """
        indexes, inline = request
        batch = [messages[i] for i in indexes]
        status = int(e.status_code)
        errors = _errors(e.body)
        text = "; ".join(str(x.get("message")) for x in errors) or str(e.reason)
        retry_after = parse_retry_after((e.headers or {}).get("Retry-After"))
        if status != 400:
            return _all(batch, Outcome.RETRYABLE, f"sendgrid {status}: {text}", retry_after)
        named: dict[int, str] = {}
        for x in errors:
            if m := _PERSONALIZATION.match(str(x.get("field") or "")):
                named.setdefault(int(m.group(1)),
                                 f"sendgrid 400 {x.get('field')}: {x.get('message')}")
        if not named:
            return _all(batch, Outcome.RETRYABLE, f"sendgrid 400: {text}")
        results: list[SendResult | None] = [
            SendResult(m.delivery_id, Outcome.PERMANENT, error=named[n]) if n in named else None
            for n, m in enumerate(batch)
        ]
        rest = [i for n, i in enumerate(indexes) if n not in named]
        if rest:
            again = (
                self._send(messages, (rest, inline), resend=False)
                if resend
                else _all([messages[i] for i in rest], Outcome.RETRYABLE,
                          "sendgrid 400 on a request sent twice")
            )
            it = iter(again)
            results = [r if r is not None else next(it) for r in results]
        return [r for r in results if r is not None]

    def _body(self, batch: list[OutboundMessage], inline: bool) -> dict[str, Any]:
        first = batch[0]
        if inline:
            content = [{"type": "text/plain", "value": first.text}]
            if first.html is not None:
                content.append({"type": "text/html", "value": first.html})
        else:
            content = [{"type": "text/plain", "value": TEXT_TAG}]
            if first.html is not None:
                content.append({"type": "text/html", "value": HTML_TAG})
        return {
            "from": self._from,
            "content": content,
            "personalizations": [_personalization(m, inline) for m in batch],
        }

    def _encoded(self, batch: list[OutboundMessage], inline: bool) -> Body:
        """`json.dumps(self._body(batch, inline))`, byte for byte, as a `Body` of pieces,
        without escaping again the text and HTML the renderer already wrote as JSON (its
        `json_forms`: ~5 of a 500-email body's 9 us per email): those values are
        dumped as a placeholder, which is then replaced by them."""
        body = self._body(batch, inline)
        known: list[str] = []
        if not inline:
            for m, p in zip(batch, body["personalizations"], strict=True):
                forms = m.json_forms
                if forms is None:
                    continue
                subs = p["substitutions"]
                for tag, value in subs.items():
                    if (dumped := forms.of(value)) is not None:
                        subs[tag] = _PLACEHOLDER
                        known.append(dumped)
        text = json.dumps(body)
        if not known:
            return Body([text])
        pieces = text.split(_DUMPED_PLACEHOLDER)
        if len(pieces) != len(known) + 1:  # a value held it too: no shortcut
            return Body([json.dumps(self._body(batch, inline))])
        out = [pieces[0]]
        for dumped, piece in zip(known, pieces[1:], strict=True):
            out += (dumped, piece)
        return Body(out)

    def io_threads(self) -> list[int]:
        """The threads this provider's requests ran on (their CPU is `provider`'s in
        `bench --profile`): the pool's, and the caller's for a one-request batch."""
        with self._lock:
            return list(self._threads)

    def close(self) -> None:
        if self._pool is not None and self._pool_pid == os.getpid():
            self._pool.shutdown(wait=True)
        self._pool = None


def _deliver(answers: Sink[SendResult], batch: list[OutboundMessage],
             future: Future[list[SendResult]]) -> None:
    try:
        results = future.result()
    except Exception as e:  # a bug, not an answer: every message still gets one
        results = _all(batch, Outcome.RETRYABLE, f"sendgrid error: {e!r}"[:300], ambiguous=True)
    answers.put_all(results)


def _personalization(m: OutboundMessage, inline: bool) -> dict[str, Any]:
    headers = dict(m.headers)
    if "List-Unsubscribe" in headers:  # RFC 8058 one-click, which mailbox providers require
        headers.setdefault("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
    p: dict[str, Any] = {
        "to": [{"email": m.to}],
        "subject": m.subject or "",
        "custom_args": {"delivery_id": str(m.delivery_id),
                        **({"incident_id": str(m.incident_id)} if m.incident_id else {})},
    }
    if headers:
        p["headers"] = headers
    if not inline:
        p["substitutions"] = {TEXT_TAG: m.text} | ({HTML_TAG: m.html} if m.html is not None else {})
    return p


def _substitutions_size(m: OutboundMessage) -> int:
    size = len(TEXT_TAG) + len(m.text.encode())
    if m.html is not None:
        size += len(HTML_TAG) + len(m.html.encode())
    return size


def _errors(body: bytes | str | None) -> list[dict[str, Any]]:
    """The error entries of a provider's answer; whatever its shape (a provider's body
    is untrusted too: deep, not an object, not a list), never an exception."""
    try:
        errors = json.loads(body or b"{}").get("errors") or []
    except (ValueError, AttributeError, RecursionError):
        return []
    return [x for x in errors if isinstance(x, dict)] if isinstance(errors, list) else []


def _all(
    batch: Sequence[OutboundMessage], outcome: Outcome, error: str,
    retry_after: float | None = None, ambiguous: bool = False,
) -> list[SendResult]:
    return [SendResult(m.delivery_id, outcome, error=error, retry_after=retry_after,
                       ambiguous=ambiguous) for m in batch]

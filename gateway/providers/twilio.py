"""SMS and WhatsApp through the official Twilio SDK, calls overlapped with asyncio.

The SDK builds each request (`create_async`) and our keep-alive pool carries
it (`transport.HttpPool`: the SDK's aiohttp client cost about four times as
much CPU per call). A batch runs as concurrent calls on a loop this object
owns, bounded by `settings.concurrency`.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar
from urllib.parse import urlencode

from twilio.base import deserialize
from twilio.base.exceptions import TwilioRestException, TwilioServiceException
from twilio.http import AsyncHttpClient
from twilio.http.response import Response
from twilio.rest import Client
from twilio.rest.api.v2010.account.message import MessageList

from gateway.providers._aio import OwnedLoop
from gateway.providers._per_message import PerMessage
from gateway.providers.base import (
    OutboundMessage,
    Outcome,
    ProviderSettings,
    SendResult,
    parse_retry_after,
)
from gateway.providers.transport import (
    ConnectError,
    HttpPool,
    InvalidURL,
    basic_auth,
    form_body,
)

# Invalid or unreachable recipient: retrying or failing over cannot help.
PERMANENT_CODES = frozenset({21211, 21610, 21612, 21614, 30006})
AUTH_CODES = frozenset({20003})
# Clock skew between us and Twilio when matching a message's creation time.
LOOKUP_SLACK = timedelta(seconds=30)


def _remembered(parse: Any) -> Any:
    """`parse` with a small cache: the SDK parses each answer's `date_created`,
    `date_sent` and `date_updated` from RFC 2822 text (~2.5 us each), and a batch's
    answers carry the same few seconds (a datetime cannot change). An unhashable
    argument (a malformed answer) is parsed as before."""
    cached = functools.lru_cache(maxsize=64)(parse)

    @functools.wraps(parse)
    def parse_once(text: Any) -> Any:
        try:
            return cached(text)
        except TypeError:
            return parse(text)

    return parse_once


# The SDK's MessageInstance reads the function from its module at each call.
if not hasattr(deserialize.rfc2822_datetime, "__wrapped__"):
    deserialize.rfc2822_datetime = _remembered(deserialize.rfc2822_datetime)

# Set by the HTTP client on an error response, read by the task that made the
# call: the SDK's exceptions drop the response headers (and Retry-After).
_retry_after: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "twilio_retry_after", default=None
)


class _HttpClient(AsyncHttpClient):
    """The SDK's requests over our keep-alive pool (`transport.HttpPool`).

    The SDK builds each request (URL, form fields, headers); the pool carries
    it, with the timeout applied and the error answer's headers (Retry-After)
    kept, which the SDK's own aiohttp client does neither of.
    """

    def __init__(self, pool: HttpPool, timeout: float) -> None:
        super().__init__(logging.getLogger("twilio.http"), True, timeout)
        self._pool = pool
        self._authorization: dict[tuple[str, str], str] = {}

    async def request(
        self,
        method: str,
        uri: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> Response:
        headers = dict(headers) if headers is not None else {}
        if auth is not None:
            if auth not in self._authorization:
                self._authorization[auth] = basic_auth(*auth)
            headers["Authorization"] = self._authorization[auth]
        if params:
            uri = f"{uri}?{urlencode(params, doseq=True)}"
        body = form_body(data) if data else None
        if body is not None:
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        answer = await self._pool.request(
            method.upper(), uri, headers=headers, body=body, timeout=timeout or self.timeout
        )
        if answer.status >= 400:
            _retry_after.set(parse_retry_after(answer.headers.get("retry-after")))
        return Response(answer.status, answer.text(), answer.headers)


@dataclass
class _State:
    pool: HttpPool
    messages: MessageList


class TwilioProvider(PerMessage[_State]):
    name: ClassVar[str] = "twilio"
    channels: ClassVar[frozenset[str]] = frozenset({"sms", "whatsapp"})
    max_batch: ClassVar[int] = 500
    raised_may_have_gone: ClassVar[bool] = True

    def __init__(self, settings: ProviderSettings) -> None:
        if not (settings.twilio_account_sid and settings.twilio_auth_token):
            raise ValueError("twilio needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN")
        if not (settings.twilio_from_number or settings.twilio_whatsapp_from):
            raise ValueError("twilio needs TWILIO_FROM_NUMBER or TWILIO_WHATSAPP_FROM")
        self._settings = settings
        wa_from = settings.twilio_whatsapp_from
        self._from = {
            "sms": settings.twilio_from_number,
            "whatsapp": wa_from if wa_from.startswith("whatsapp:") or not wa_from
            else f"whatsapp:{wa_from}",
        }
        self._status_callback = settings.public_url.rstrip("/") + "/v1/webhooks/twilio/status"
        self._loop: OwnedLoop[_State] = OwnedLoop(self._open, self._close)

    async def _open(self) -> _State:
        s = self._settings
        pool = HttpPool(timeout=s.timeout)
        client = Client(
            s.twilio_account_sid,
            s.twilio_auth_token,
            http_client=_HttpClient(pool, s.timeout),
            environment={},
        )
        client.api.base_url = s.twilio_api_base.rstrip("/")  # TWILIO_API_BASE
        return _State(pool, client.api.account.messages)

    @staticmethod
    async def _close(state: _State) -> None:
        state.pool.close()

    async def _send(
        self, state: _State, bound: asyncio.Semaphore, m: OutboundMessage
    ) -> SendResult:
        sender = self._from[m.channel]
        if not sender:
            return SendResult(m.delivery_id, Outcome.RETRYABLE,
                              error=f"no twilio sender for {m.channel}")
        to = f"whatsapp:{m.to}" if m.channel == "whatsapp" else m.to
        async with bound:
            try:
                msg = await state.messages.create_async(
                    to=to, from_=sender, body=m.text, status_callback=self._status_callback
                )
            except (TwilioRestException, TwilioServiceException) as e:
                return _classify(m.delivery_id, e)
            except TimeoutError:
                return SendResult(m.delivery_id, Outcome.RETRYABLE, error="twilio timeout",
                                  ambiguous=True)
            except (OSError, InvalidURL) as e:
                # Could not connect: never sent. Anything later may have been taken.
                return SendResult(
                    m.delivery_id, Outcome.RETRYABLE, error=f"twilio connection error: {e!r}",
                    ambiguous=not isinstance(e, ConnectError | InvalidURL),
                )
        return SendResult(m.delivery_id, Outcome.ACCEPTED, provider_message_id=msg.sid)

    def find_sent(
        self, messages: Sequence[tuple[OutboundMessage, datetime]]
    ) -> dict[int, str | None]:
        """For messages whose earlier attempt may have reached Twilio: the sid of
        the message Twilio holds for it, if any (delivery id → sid or None).

        Lists Messages by `To` and `DateSent` since the attempt's claim (Twilio
        filters by day; the time, sender and body are matched here). A lookup
        that fails is left out of the answer: the caller must not send then.
        """
        found = self._loop.each(messages, self._find, self._settings.concurrency)
        return {answer[0]: answer[1] for answer in found if answer is not None}

    async def _find(
        self, state: _State, bound: asyncio.Semaphore, item: tuple[OutboundMessage, datetime]
    ) -> tuple[int, str | None] | None:
        m, since = item
        to = f"whatsapp:{m.to}" if m.channel == "whatsapp" else m.to
        sender = self._from.get(m.channel) or ""
        start = since.astimezone(UTC) - LOOKUP_SLACK
        async with bound:
            try:
                found = await state.messages.list_async(
                    to=to, date_sent_after=start.replace(hour=0, minute=0, second=0, microsecond=0),
                    page_size=50, limit=200,
                )
            except (TwilioRestException, TwilioServiceException, TimeoutError,
                    OSError, InvalidURL):
                return None
        for msg in found:
            created = msg.date_created or msg.date_sent
            if (msg.body == m.text and (not sender or msg.from_ == sender)
                    and (created is None or created >= start)):
                return m.delivery_id, msg.sid
        return m.delivery_id, None


def _classify(delivery_id: int, e: Any) -> SendResult:
    """Map a Twilio error response onto our outcomes (SPEC: Delivery)."""
    status, code = int(e.status), int(e.code or e.status)
    text = getattr(e, "msg", None) or getattr(e, "title", "")
    error = f"twilio {code}: {text}"
    if code in PERMANENT_CODES:
        return SendResult(delivery_id, Outcome.PERMANENT, error=error)
    if status == 429 or status >= 500 or status in (401, 403) or code in AUTH_CODES:
        return SendResult(delivery_id, Outcome.RETRYABLE, error=error,
                          retry_after=_retry_after.get())
    # Any other 4xx refuses this message's request as such (body too long,
    # unsupported destination): the same request cannot succeed later.
    return SendResult(delivery_id, Outcome.PERMANENT, error=error)

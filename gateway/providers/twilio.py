"""SMS and WhatsApp through Twilio's Messages API, calls overlapped with asyncio.

Each request is the one the official SDK (`twilio.rest`) makes for
`client.messages.create(to=…, from_=…, body=…, status_callback=…)` and
`client.messages.list(to=…, date_sent_after=…)`: the same URL, form fields,
headers and Basic auth, with the SDK's reading of an error answer (`TwilioError`
holds what its TwilioRestException does). Our keep-alive pool carries it
(`transport.HttpPool`: the SDK's aiohttp client cost about four times as much
CPU per call). The SDK itself is not imported in the worker: its `twilio.rest`
loads every resource of the 2010 API and its `twilio.http` loads `requests`,
~12 MB of a worker's memory for the one call it makes. A batch runs as
concurrent calls on a loop this object owns, bounded by `settings.concurrency`.
"""

from __future__ import annotations

import asyncio
import importlib.metadata
import json
import platform
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate
from typing import ClassVar
from urllib.parse import urlencode

from gateway.providers._aio import Answers, OwnedLoop
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
    Response,
    basic_auth,
    form_encode,
)

# Invalid or unreachable recipient: retrying or failing over cannot help.
PERMANENT_CODES = frozenset({21211, 21610, 21612, 21614, 30006})
AUTH_CODES = frozenset({20003})
# Clock skew between us and Twilio when matching a message's creation time.
LOOKUP_SLACK = timedelta(seconds=30)
PAGE_SIZE, LIST_LIMIT = 50, 200  # messages per page and in all, looking for a sent one


class TwilioError(Exception):
    """An error answer, read as the SDK reads it (twilio/base/version.py
    `exception`): an RFC 9457 body gives its code and title, a legacy one its
    code (else the HTTP status) and message."""

    def __init__(self, status: int, code: int, msg: str,
                 retry_after: float | None = None) -> None:
        super().__init__(f"HTTP {status} error: {msg}")
        self.status, self.code, self.msg, self.retry_after = status, code, msg, retry_after

    @classmethod
    def of(cls, answer: Response, message: str) -> TwilioError:
        retry_after = parse_retry_after(answer.headers.get("retry-after"))
        try:
            payload = json.loads(answer.text())
            if all(key in payload for key in ("type", "title", "status", "code")):
                return cls(int(payload["status"]), int(payload["code"]), str(payload["title"]),
                           retry_after)
            if "message" in payload:
                message = f"{message}: {payload['message']}"
            return cls(answer.status, int(payload.get("code") or answer.status), message,
                       retry_after)
        except Exception:  # not JSON, or not the shape: the status says it (as the SDK)
            return cls(answer.status, answer.status, message, retry_after)


@dataclass(frozen=True)
class Listed:
    """One message of a Messages list (the fields `find_sent` matches on)."""

    sid: str
    body: str | None
    from_: str | None
    date_created: datetime | None
    date_sent: datetime | None


def _rfc2822(value: object) -> datetime | None:
    """twilio/base/deserialize.py `rfc2822_datetime`: UTC, None if unreadable."""
    parsed = parsedate(value) if isinstance(value, str) else None
    return datetime(*parsed[:6], tzinfo=UTC) if parsed else None


def _sdk_headers() -> dict[str, str]:
    """The headers the SDK's client adds to every request (twilio/base/client_base.py)."""
    version = importlib.metadata.version("twilio")
    return {"User-Agent": f"twilio-python/{version} ({platform.system()} {platform.machine()})"
                          f" Python/{platform.python_version()}",
            "X-Twilio-Client": f"python-{version}", "Accept-Charset": "utf-8",
            "Accept": "application/json"}


class _Messages:
    """The account's Messages resource, as the SDK requests it."""

    def __init__(self, pool: HttpPool, base: str, account_sid: str, auth_token: str,
                 timeout: float) -> None:
        self._pool = pool
        self._base = base
        self._uri = f"{base}/2010-04-01/Accounts/{account_sid}/Messages.json"
        self._timeout = timeout
        # The SDK sends the form's Content-Type on its GETs too.
        self._headers = {**_sdk_headers(), "Authorization": basic_auth(account_sid, auth_token),
                         "Content-Type": "application/x-www-form-urlencoded"}

    async def create(self, to: str, from_: str, body: str, status_callback: str) -> str:
        """POST a message (the fields in the SDK's order); its sid."""
        fields: dict[str, object] = {"To": to, "StatusCallback": status_callback,
                                     "From": from_, "Body": body}
        answer = await self._pool.request("POST", self._uri, headers=self._headers,
                                          body=form_encode(fields).encode(),
                                          timeout=self._timeout)
        if not 200 <= answer.status < 300:
            raise TwilioError.of(answer, "Unable to create record")
        return str(json.loads(answer.text())["sid"])

    async def list(self, to: str, date_sent_after: datetime) -> list[Listed]:
        """GET the messages to `to` sent since the day of `date_sent_after`, newest
        first, PAGE_SIZE a page, following `next_page_uri` up to LIST_LIMIT."""
        query = {"To": to, "DateSent>": date_sent_after.strftime("%Y-%m-%dT%H:%M:%SZ"),
                 "PageSize": PAGE_SIZE}
        url: str | None = f"{self._uri}?{urlencode(query)}"
        found: list[Listed] = []
        while url and len(found) < LIST_LIMIT:
            answer = await self._pool.request("GET", url, headers=self._headers,
                                              timeout=self._timeout)
            if not 200 <= answer.status < 300:
                raise TwilioError.of(answer, "Unable to fetch page")
            page = json.loads(answer.text())
            for item in page.get("messages") or []:
                found.append(Listed(str(item.get("sid")), item.get("body"), item.get("from"),
                                    _rfc2822(item.get("date_created")),
                                    _rfc2822(item.get("date_sent"))))
            following = page.get("next_page_uri")
            url = f"{self._base}{following}" if following else None
        return found[:LIST_LIMIT]


@dataclass
class _State:
    pool: HttpPool
    messages: _Messages


class TwilioProvider:
    name: ClassVar[str] = "twilio"
    channels: ClassVar[frozenset[str]] = frozenset({"sms", "whatsapp"})
    max_batch: ClassVar[int] = 500

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
        return _State(pool, _Messages(pool, s.twilio_api_base.rstrip("/"),  # TWILIO_API_BASE
                                      s.twilio_account_sid, s.twilio_auth_token, s.timeout))

    @staticmethod
    async def _close(state: _State) -> None:
        state.pool.close()

    def send_batch(self, messages: Sequence[OutboundMessage]) -> list[SendResult]:
        return self._loop.each(messages, self._send, self._settings.concurrency)

    def start_batch(self, messages: Sequence[OutboundMessage], answers: Answers[SendResult]
                    ) -> None:
        """Start one request per message now; each result goes to `answers` as it
        comes. The caller bounds how many are in flight (gateway/jobs/send.py)."""
        self._loop.start(messages, self._send, answers, _failed)

    def io_thread(self) -> int | None:
        return self._loop.thread_id()

    async def _send(
        self, state: _State, bound: asyncio.Semaphore, m: OutboundMessage
    ) -> SendResult:
        if m.channel not in self.channels:
            return SendResult(m.delivery_id, Outcome.PERMANENT,
                              error=f"twilio cannot send {m.channel}")
        sender = self._from[m.channel]
        if not sender:
            return SendResult(m.delivery_id, Outcome.RETRYABLE,
                              error=f"no twilio sender for {m.channel}")
        to = f"whatsapp:{m.to}" if m.channel == "whatsapp" else m.to
        async with bound:
            try:
                sid = await state.messages.create(to, sender, m.text, self._status_callback)
            except TwilioError as e:
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
        return SendResult(m.delivery_id, Outcome.ACCEPTED, provider_message_id=sid)

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
                found = await state.messages.list(
                    to, start.replace(hour=0, minute=0, second=0, microsecond=0))
            except (TwilioError, TimeoutError, OSError, InvalidURL, ValueError, KeyError):
                return None
        for msg in found:
            created = msg.date_created or msg.date_sent
            if (msg.body == m.text and (not sender or msg.from_ == sender)
                    and (created is None or created >= start)):
                return m.delivery_id, msg.sid
        return m.delivery_id, None

    def close(self) -> None:
        self._loop.close()


def _failed(m: OutboundMessage, e: BaseException) -> SendResult:
    """A call that raised where it should have answered: it may have gone."""
    return SendResult(m.delivery_id, Outcome.RETRYABLE, error=f"twilio error: {e!r}"[:300],
                      ambiguous=True)


def _classify(delivery_id: int, e: TwilioError) -> SendResult:
    """Map a Twilio error response onto our outcomes (SPEC: Delivery)."""
    status, code = e.status, e.code or e.status
    error = f"twilio {code}: {e.msg}"
    if code in PERMANENT_CODES:
        return SendResult(delivery_id, Outcome.PERMANENT, error=error)
    if status == 429 or status >= 500 or status in (401, 403) or code in AUTH_CODES:
        return SendResult(delivery_id, Outcome.RETRYABLE, error=error,
                          retry_after=e.retry_after)
    # Any other 4xx refuses this message's request as such (body too long,
    # unsupported destination): the same request cannot succeed later.
    return SendResult(delivery_id, Outcome.PERMANENT, error=error)

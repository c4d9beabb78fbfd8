"""A lean HTTP/1.1 keep-alive client for the providers' hot path.

aiohttp costs about 145 µs of CPU per call on this path; an asyncio Protocol
that writes one pre-built request and feeds the answer to httptools (the C
parser uvicorn uses) costs a fraction of that. It does what the providers
need and no more: keep-alive connections per host, a total timeout per call,
no redirects, no proxies, TLS, and an address check on the address actually
connected to (the chat webhook's SSRF guard).

Errors say whether the request may have reached the server: `ConnectError`
(never sent: retry freely) against `ConnectionLost` and TimeoutError (it may
have been taken: the caller decides how to retry).
"""

from __future__ import annotations

import asyncio
import base64
import socket
import ssl
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import quote, urlencode, urlsplit

import httptools

from gateway.frozen import quick_init

MAX_BODY = 1 << 20  # answers are small JSON; a larger one is refused, not buffered
IDLE_PER_HOST = 256  # kept-alive connections remembered per host (>= PROVIDER_CONCURRENCY)
# Reuse an idle connection only this long: servers close idle ones (Node.js
# after 5 s), and a request written as the server closes is lost, ambiguously.
IDLE_SECONDS = 4.0

AddressCheck = Callable[[str], str | None]  # address → why it is refused, or None


class ConnectError(OSError):
    """No connection was made: the request was never sent."""


class RefusedTarget(ConnectError):
    """The host resolved to an address the caller refuses (not a network blip)."""


class ConnectionLost(OSError):
    """The connection failed after the request was written: it may have been taken."""


class InvalidURL(ValueError):
    """The URL cannot be requested (bad scheme, host, port or characters)."""


@quick_init
@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]  # names lower-cased; a repeated header keeps its last value
    body: bytes

    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass(frozen=True)
class _Target:
    """What a URL resolves to for the wire, parsed once per distinct URL."""

    key: tuple[str, str, int]  # scheme, host, port: one pool of connections each
    host: str  # for connecting and for TLS's server name (IDNA-encoded)
    port: int
    tls: bool
    head: bytes  # "<target> HTTP/1.1\r\nHost: ...\r\n", after the method


@lru_cache(maxsize=4096)
def _target(url: str) -> _Target:
    try:
        parts = urlsplit(url)
        port = parts.port
        host = parts.hostname
    except ValueError as e:
        raise InvalidURL(str(e)) from e
    if parts.scheme not in ("http", "https") or not host:
        raise InvalidURL(f"cannot request {url!r}")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError as e:
        raise InvalidURL(f"bad host name: {e}") from e
    tls = parts.scheme == "https"
    port = port or (443 if tls else 80)
    # Percent-encode what may not travel raw (spaces, control characters,
    # non-ASCII) and leave the rest, including existing escapes, as written.
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    query = quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
    target = path + (f"?{query}" if query else "")
    default = (tls and port == 443) or (not tls and port == 80)
    authority = (f"[{host}]" if ":" in host else host) + ("" if default else f":{port}")
    head = f" {target} HTTP/1.1\r\nHost: {authority}\r\n".encode("ascii")
    return _Target((parts.scheme, host, port), host, port, tls, head)


def basic_auth(user: str, password: str) -> str:
    """An Authorization header value for HTTP Basic."""
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


# `application/x-www-form-urlencoded` as `urlencode` writes it (quote_plus: letters,
# digits and `_.-~` as they are, space as `+`, every other UTF-8 byte as %XX).
_FORM_QUOTED = {byte: "+" if byte == 0x20 else f"%{byte:02X}" for byte in range(256)
                if not (chr(byte).isascii() and (chr(byte).isalnum() or chr(byte) in "_.-~"))}
_FORM_TABLE = [_FORM_QUOTED.get(byte, chr(byte)) for byte in range(256)]  # by index: no dict


def form_encode(fields: dict[str, object]) -> str:
    """`urlencode(fields, doseq=True)`, the same text, fast for string fields."""
    return form_body(fields).decode("ascii")


def form_body(fields: dict[str, object]) -> bytes:
    """`urlencode(fields, doseq=True).encode()`: a request body, the same bytes, fast for
    string fields (built as bytes: no text to encode afterwards)."""
    pairs = [(k, v) for k, v in fields.items() if type(k) is str and type(v) is str]
    if len(pairs) < len(fields):  # lists, numbers, str subclasses: urllib's own rules
        return urlencode(fields, doseq=True).encode("ascii")
    # A short value is quoted by the table and remembered (`_form_quote_short`), a long one
    # by `_form_quote_long`.
    short, quote_long = _form_quote_short, _form_quote_long
    return b"&".join([(short(k) if len(k) < SHORT else quote_long(k)) + b"="
                      + (short(v) if len(v) < SHORT else quote_long(v)) for k, v in pairs])


# The bytes `quote_plus` writes as they are, and each other byte with its quoted form.
_FORM_SAFE_BYTES = bytes(byte for byte in range(256) if byte not in _FORM_QUOTED)
_FORM_QUOTED_BYTES = {byte: (bytes((byte,)), quoted.encode("ascii"))
                      for byte, quoted in _FORM_QUOTED.items()}
_PERCENT, _SPACE = ord("%"), ord(" ")
SHORT = 64  # characters: a form value shorter is remembered quoted


def _form_quote_long(text: str) -> bytes:
    """`quote_plus(text).encode()` for a long value (an SMS body): the kinds of bytes to
    quote are found by one C-level `bytes.translate` that deletes the safe ones (a set of
    the text's characters cost ~4 us for an SMS), then one `bytes.replace` per kind (an SMS
    holds a handful: space, `,`, `:`, `/`, `'`), `%` first and the space last, so no
    replacement's own output is replaced again; many kinds (most non-Latin text) go by
    the table."""
    raw = text.encode()
    kinds = set(raw.translate(None, _FORM_SAFE_BYTES))
    if not kinds:
        return raw
    if len(kinds) > 8:
        return raw.decode("latin-1").translate(_FORM_TABLE).encode("ascii")
    if _PERCENT in kinds:
        raw = raw.replace(b"%", b"%25")
    for byte in kinds:
        if byte != _PERCENT and byte != _SPACE:
            one, quoted = _FORM_QUOTED_BYTES[byte]
            raw = raw.replace(one, quoted)
    return raw.replace(b" ", b"+") if _SPACE in kinds else raw


# A request's field names, its sender and callback URL come again on every request; a
# recipient's number is quoted once anyway.
@lru_cache(maxsize=256)
def _form_quote_short(text: str) -> bytes:
    """`quote_plus(text).encode()` by the 256-entry table, remembered."""
    return text.encode().decode("latin-1").translate(_FORM_TABLE).encode("ascii")


# By the headers' items: a provider's SDK sends the same headers (its agent, accepts,
# authorization) on every request. A refusal raises, so it is never remembered.
@lru_cache(maxsize=64)
def _header_lines(items: tuple[tuple[str, str], ...]) -> bytes:
    """`name: value\\r\\n` for each header, latin-1; a value with a line break is refused."""
    written = []
    for name, value in items:
        if "\r" in value or "\n" in value:
            raise InvalidURL(f"header {name} holds a line break")
        written.append(f"{name}: {value}\r\n".encode("latin-1"))
    return b"".join(written)


@dataclass
class _Exchange:
    """One answer being parsed: httptools calls these methods as bytes arrive."""

    done: asyncio.Future[None]
    headers: dict[str, str] = field(default_factory=dict)
    chunks: list[bytes] = field(default_factory=list)
    size: int = 0
    headers_complete: bool = False
    keep_alive: bool = False
    parser: httptools.HttpResponseParser | None = None

    def on_header(self, name: bytes, value: bytes) -> None:
        self.headers[name.decode("latin-1").lower()] = value.decode("latin-1")

    def on_body(self, body: bytes) -> None:
        self.size += len(body)
        if self.size > MAX_BODY:
            raise ValueError(f"answer larger than {MAX_BODY} bytes")
        self.chunks.append(body)

    def on_headers_complete(self) -> None:
        self.headers_complete = True

    def on_message_complete(self) -> None:
        # Read now: llhttp resets its state for the next message once this returns.
        self.keep_alive = self.parser is not None and self.parser.should_keep_alive()
        if not self.done.done():
            self.done.set_result(None)

    def ends_at_close(self) -> bool:
        """An answer with neither length nor chunks ends when the server closes."""
        return self.headers_complete and not (
            "content-length" in self.headers or "transfer-encoding" in self.headers
        )


class _Connection(asyncio.Protocol):
    """One keep-alive connection; one request in flight at a time."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.closed = False
        self.idle_since = 0.0
        self._exchange: _Exchange | None = None
        self._parser: httptools.HttpResponseParser | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        if self._parser is None or self._exchange is None:
            self.close()  # bytes nobody asked for: the connection is not reusable
            return
        try:
            self._parser.feed_data(data)
        except (httptools.HttpParserError, ValueError) as e:
            reason = e.__cause__ or e.__context__ or e  # a callback's own error, if any
            self._fail(ConnectionLost(f"bad answer: {reason}"))

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        exchange = self._exchange
        if exc is None and exchange is not None and exchange.ends_at_close():
            exchange.on_message_complete()
            return
        self._fail(ConnectionLost(f"connection closed: {exc!r}" if exc else "connection closed"))

    def time_out(self) -> None:
        """The answer came too late: the exchange fails with TimeoutError, as under
        `asyncio.timeout`, and the connection is closed (its answer may still come)."""
        self._fail(TimeoutError())

    def _fail(self, error: Exception) -> None:
        exchange = self._exchange
        if exchange is not None and not exchange.done.done():
            exchange.done.set_exception(error)
        self.close()

    def close(self) -> None:
        self.closed = True
        if self.transport is not None:
            self.transport.close()

    async def exchange(self, request: bytes) -> tuple[Response, bool]:
        """Write `request`, wait for the whole answer; (answer, reusable)."""
        assert self.transport is not None
        exchange = _Exchange(asyncio.get_running_loop().create_future())
        self._exchange = exchange
        parser = httptools.HttpResponseParser(exchange)
        exchange.parser = self._parser = parser
        try:
            self.transport.write(request)
            await exchange.done
        finally:
            # The parser holds the exchange's methods: without this the pair is a
            # reference cycle, garbage only the cyclic collector frees (a send
            # job's hundreds of requests stayed resident until a full collection).
            exchange.parser = None
            self._exchange = None
            self._parser = None
        response = Response(parser.get_status_code(), exchange.headers, b"".join(exchange.chunks))
        return response, exchange.keep_alive and not self.closed


class HttpPool:
    """Keep-alive connections per (scheme, host, port), made on one event loop.

    Build it inside the loop that uses it (an `OwnedLoop` setup). Callers bound
    their own concurrency; `limit_per_host` additionally caps one host's share
    (one slow chat endpoint must not take every slot).
    """

    def __init__(
        self,
        *,
        timeout: float,
        limit_per_host: int | None = None,
        check_address: AddressCheck | None = None,
    ) -> None:
        self._timeout = timeout
        self._limit_per_host = limit_per_host
        self._check_address = check_address
        self._idle: dict[tuple[str, str, int], deque[_Connection]] = {}
        self._per_host: dict[tuple[str, str, int], asyncio.Semaphore] = {}
        self._tls: ssl.SSLContext | None = None
        # Requests in flight on a kept-alive connection, by when they must be answered,
        # and the one timer that fails the late ones (`_expire`).
        self._deadlines: dict[_Connection, float] = {}
        self._watch: asyncio.TimerHandle | None = None
        self._watch_at = float("inf")

    async def request(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
        timeout: float | None = None,
    ) -> Response:
        """Send one request and read its whole answer within `timeout` seconds.

        Raises InvalidURL, ConnectError (RefusedTarget), ConnectionLost or TimeoutError.
        """
        target = _target(url)
        lines = [method.encode("ascii"), target.head,
                 _header_lines(tuple(headers.items())) if headers else b"",
                 b"Content-Length: %d\r\n\r\n" % len(body or b"")]
        if body:
            lines.append(body)
        request = b"".join(lines)
        seconds = timeout or self._timeout
        bound = None if self._limit_per_host is None else self._host_bound(target.key)
        if bound is None or not bound.locked():
            connection = self._checkout(target.key)
            if connection is not None:
                # Nothing to wait for before the request is written (a free slot is
                # taken at once): the pool's one timer keeps the deadline, not a
                # timeout context (~3.5 us) of its own.
                deadline = asyncio.get_running_loop().time() + seconds
                if bound is None:
                    return await self._exchange(target, connection, request, deadline)
                async with bound:
                    return await self._exchange(target, connection, request, deadline)
        async with asyncio.timeout(seconds):  # a slot or a connection to wait for
            if bound is None:
                return await self._send(target, request)
            async with bound:
                return await self._send(target, request)

    def _host_bound(self, key: tuple[str, str, int]) -> asyncio.Semaphore:
        bound = self._per_host.get(key)
        if bound is None:
            bound = self._per_host[key] = asyncio.Semaphore(self._limit_per_host or 1)
        return bound

    async def _send(self, target: _Target, request: bytes) -> Response:
        connection = self._checkout(target.key) or await self._connect(target)
        try:
            response, reusable = await connection.exchange(request)
        except BaseException:
            connection.close()  # a timeout or cancel mid-answer leaves it unusable
            raise
        return self._done(target, connection, response, reusable)

    async def _exchange(self, target: _Target, connection: _Connection, request: bytes,
                        deadline: float) -> Response:
        """`connection.exchange(request)`, failed with TimeoutError at `deadline`
        (loop time) by the pool's timer."""
        deadlines = self._deadlines
        deadlines[connection] = deadline
        if deadline < self._watch_at:
            self._arm(deadline)
        try:
            response, reusable = await connection.exchange(request)
        except BaseException:
            connection.close()
            raise
        finally:
            del deadlines[connection]
        return self._done(target, connection, response, reusable)

    def _arm(self, at: float) -> None:
        if self._watch is not None:
            self._watch.cancel()
        self._watch = asyncio.get_running_loop().call_at(at, self._expire)
        self._watch_at = at

    def _expire(self) -> None:
        """Fail every request in flight past its deadline; wake again at the next one.
        Runs once per deadline reached, not per request: the requests answered in
        time have left `_deadlines` already."""
        self._watch, self._watch_at = None, float("inf")
        now = asyncio.get_running_loop().time()
        for connection in [c for c, at in self._deadlines.items() if at <= now]:
            connection.time_out()  # it leaves `_deadlines` when its request resumes
        later = [at for at in self._deadlines.values() if at > now]
        if later:
            self._arm(min(later))

    def _done(self, target: _Target, connection: _Connection, response: Response,
              reusable: bool) -> Response:
        """Keep `connection` for the next request to its host if it can be reused."""
        if reusable:
            idle = self._idle.setdefault(target.key, deque())
            if len(idle) < IDLE_PER_HOST:
                connection.idle_since = time.monotonic()
                idle.append(connection)
                return response
        connection.close()
        return response

    def _checkout(self, key: tuple[str, str, int]) -> _Connection | None:
        idle = self._idle.get(key)
        while idle:
            connection = idle.pop()
            if not connection.closed and time.monotonic() - connection.idle_since < IDLE_SECONDS:
                return connection
            connection.close()
        return None

    async def _connect(self, target: _Target) -> _Connection:
        loop = asyncio.get_running_loop()
        tls = self._tls_context() if target.tls else None
        address = await self._address(target) if self._check_address else target.host
        try:
            _, connection = await loop.create_connection(
                _Connection, address, target.port, ssl=tls,
                server_hostname=target.host if tls else None,
            )
        except (OSError, ssl.SSLError) as e:
            raise ConnectError(f"cannot connect to {target.host}:{target.port}: {e}") from e
        sock = connection.transport.get_extra_info("socket") if connection.transport else None
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection

    async def _address(self, target: _Target) -> str:
        """Resolve and check every address; connect to one of the checked ones."""
        assert self._check_address is not None
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as e:
            raise ConnectError(f"cannot resolve {target.host}: {e}") from e
        addresses = [str(info[4][0]) for info in infos]
        for address in addresses:
            reason = self._check_address(address)
            if reason:
                raise RefusedTarget(f"{target.host}: {reason}")
        if not addresses:
            raise ConnectError(f"{target.host} has no address")
        return addresses[0]

    def _tls_context(self) -> ssl.SSLContext:
        if self._tls is None:
            self._tls = ssl.create_default_context()
        return self._tls

    def close(self) -> None:
        for idle in self._idle.values():
            for connection in idle:
                connection.close()
        self._idle.clear()

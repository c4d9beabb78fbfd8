"""The providers' keep-alive HTTP client against a raw socket server we script.

Each test's server answers with exact bytes, so what the client makes of
keep-alive, chunked and close-delimited answers, lost connections, slow
servers and garbage is what a real server on the wire would get.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Awaitable, Callable

import httptools
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gateway.providers.transport import (
    MAX_BODY,
    ConnectError,
    ConnectionLost,
    HttpPool,
    InvalidURL,
    RefusedTarget,
    Response,
)
from tests.support.providers import closed_port_url

Handler = Callable[["_Recording", asyncio.StreamWriter], Awaitable[None]]
Client = Callable[[str, list[bytes], list[int]], Awaitable[None]]
OK = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"


async def _read_request(reader: asyncio.StreamReader) -> bytes:
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    return head + await reader.readexactly(length)


def _run(handler: Handler, client: Client) -> None:
    """Serve `handler` on a free port, run `client(base_url, requests, connections)`."""

    async def main() -> None:
        requests: list[bytes] = []
        connections: list[int] = []

        async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            connections.append(1)
            try:
                await handler(_Recording(reader, requests), writer)
            except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
                pass
            finally:
                writer.close()

        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        async with server:
            await client(f"http://127.0.0.1:{port}", requests, connections)

    asyncio.run(main())


class _Recording:
    """A StreamReader whose requests, read whole, are kept for the test to check."""

    def __init__(self, reader: asyncio.StreamReader, requests: list[bytes]) -> None:
        self._reader, self._requests = reader, requests

    async def request(self) -> bytes:
        request = await _read_request(self._reader)
        self._requests.append(request)
        return request


async def _keep_answering(reader: _Recording, writer: asyncio.StreamWriter) -> None:
    while True:
        await reader.request()
        writer.write(OK)
        await writer.drain()


def test_keeps_one_connection_alive_across_requests() -> None:
    async def client(base: str, requests: list[bytes], connections: list[int]) -> None:
        pool = HttpPool(timeout=5)
        answers = [await pool.request("POST", f"{base}/a?x=1", body=b"k=v",
                                      headers={"Content-Type": "text/plain"}) for _ in range(5)]
        pool.close()
        assert [(a.status, a.body) for a in answers] == [(200, b"ok")] * 5
        assert len(connections) == 1
        assert requests[0].startswith(b"POST /a?x=1 HTTP/1.1\r\nHost: 127.0.0.1:")
        assert b"Content-Type: text/plain\r\n" in requests[0]
        assert requests[0].endswith(b"Content-Length: 3\r\n\r\nk=v")

    _run(_keep_answering, client)


def test_an_answered_exchange_is_freed_without_the_cycle_collector() -> None:
    """A send job makes hundreds of requests: what each leaves behind (its answer's
    parser, exchange and future) must go when the request returns, not wait in a
    reference cycle for a full collection (issue 14: a worker's resident memory)."""
    def parsers() -> int:
        return sum(isinstance(o, httptools.HttpResponseParser) for o in gc.get_objects())

    async def client(base: str, requests: list[bytes], connections: list[int]) -> None:
        pool = HttpPool(timeout=5)
        gc.collect()
        gc.disable()
        try:
            before = parsers()
            answers = [await pool.request("GET", f"{base}/a") for _ in range(20)]
            left = parsers() - before
        finally:
            gc.enable()
        pool.close()
        assert [a.status for a in answers] == [200] * 20
        assert left == 0

    _run(_keep_answering, client)


def test_chunked_and_close_delimited_answers_are_read_whole() -> None:
    answers = [
        b"HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\nRetry-After: 3\r\n"
        b"Connection: close\r\n\r\n"
        b"4\r\nwhat\r\n5\r\never!\r\n0\r\n\r\n",
        b"HTTP/1.0 503 Busy\r\n\r\nall of this until the close",
    ]

    async def handler(reader: _Recording, writer: asyncio.StreamWriter) -> None:
        await reader.request()
        writer.write(answers.pop(0))
        await writer.drain()
        writer.close()

    async def client(base: str, requests: list[bytes], connections: list[int]) -> None:
        pool = HttpPool(timeout=5)
        chunked = await pool.request("GET", base)
        closed = await pool.request("GET", base)
        assert (chunked.status, chunked.body, chunked.headers["retry-after"]) == (
            201, b"whatever!", "3")
        assert (closed.status, closed.body) == (503, b"all of this until the close")
        assert len(connections) == 2  # each answer closed its connection

    _run(handler, client)


def test_a_slow_server_times_out_and_its_connection_is_not_reused() -> None:
    calls = 0

    async def handler(reader: _Recording, writer: asyncio.StreamWriter) -> None:
        nonlocal calls
        while True:
            await reader.request()
            calls += 1
            if calls == 1:
                await asyncio.sleep(10)  # answers long after the client gave up
            writer.write(OK)
            await writer.drain()

    async def client(base: str, requests: list[bytes], connections: list[int]) -> None:
        pool = HttpPool(timeout=1)
        with pytest.raises(TimeoutError):
            await pool.request("POST", base, body=b"1")
        answer = await pool.request("POST", base, body=b"2")
        assert answer.body == b"ok"
        assert len(connections) == 2  # the late answer did not land on the next request
        pool.close()

    _run(handler, client)


async def _answer_within(call: Awaitable[Response], seconds: float) -> Response:
    """`call`'s answer or error; a hang guard (AssertionError), not a speed check."""
    task = asyncio.ensure_future(call)
    done, _ = await asyncio.wait({task}, timeout=seconds)
    if not done:
        task.cancel()
    assert done, "the pool did not time the request out"
    return task.result()


@pytest.mark.parametrize("limit_per_host", [None, 4])
def test_requests_on_kept_alive_connections_time_out_by_the_pools_one_timer(
        limit_per_host: int | None) -> None:
    """A request that reuses a kept-alive connection has no timeout context of its own:
    the pool's one timer fails it at its deadline, also when a later request has an
    earlier one, and again after it fired; a timed-out connection is not used again."""
    async def handler(reader: _Recording, writer: asyncio.StreamWriter) -> None:
        await reader.request()
        writer.write(OK)  # a connection's first request is answered, later ones too late
        await writer.drain()
        await reader.request()
        await asyncio.sleep(60)

    async def client(base: str, requests: list[bytes], connections: list[int]) -> None:
        pool = HttpPool(timeout=60, limit_per_host=limit_per_host)
        first = await asyncio.gather(*(pool.request("POST", base, body=b"a") for _ in range(2)))
        assert [r.body for r in first] == [b"ok", b"ok"] and len(connections) == 2
        patient = asyncio.create_task(pool.request("POST", base, body=b"b"))  # pool's 60 s
        await asyncio.sleep(0)
        with pytest.raises(TimeoutError):  # its own 0.2 s, earlier than the timer was set for
            await _answer_within(pool.request("POST", base, body=b"c", timeout=0.2), 30)
        assert not patient.done()
        patient.cancel()
        assert (await pool.request("POST", base, body=b"d")).body == b"ok"  # a new connection
        with pytest.raises(TimeoutError):  # the timer is set again after it fired
            await _answer_within(pool.request("POST", base, body=b"e", timeout=0.1), 30)
        assert (await pool.request("POST", base, body=b"f")).body == b"ok"
        assert len(connections) == 4  # none that timed out was used again
        pool.close()

    _run(handler, client)


def test_a_connection_lost_after_the_request_is_ambiguous_not_a_connect_error() -> None:
    async def handler(reader: _Recording, writer: asyncio.StreamWriter) -> None:
        await reader.request()  # read it, then drop the connection without answering

    async def client(base: str, requests: list[bytes], connections: list[int]) -> None:
        pool = HttpPool(timeout=5)
        with pytest.raises(ConnectionLost):
            await pool.request("POST", base, body=b"x")
        assert len(requests) == 1

    _run(handler, client)


def test_an_oversized_answer_is_refused() -> None:
    async def handler(reader: _Recording, writer: asyncio.StreamWriter) -> None:
        await reader.request()
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % (MAX_BODY + 10))
        writer.write(b"x" * (MAX_BODY + 10))
        await writer.drain()

    async def client(base: str, requests: list[bytes], connections: list[int]) -> None:
        with pytest.raises(ConnectionLost, match="larger"):
            await HttpPool(timeout=5).request("GET", base)

    _run(handler, client)


def test_nothing_listening_is_a_connect_error() -> None:
    async def main() -> None:
        with pytest.raises(ConnectError):
            await HttpPool(timeout=5).request("POST", closed_port_url() + "/x", body=b"1")

    asyncio.run(main())


def test_the_address_check_sees_the_resolved_address_and_refuses_before_connecting() -> None:
    seen: list[str] = []

    def refuse_loopback(address: str) -> str | None:
        seen.append(address)
        return "loopback" if address.startswith("127.") else None

    async def main() -> None:
        pool = HttpPool(timeout=5, check_address=refuse_loopback)
        with pytest.raises(RefusedTarget, match="localhost: loopback"):
            await pool.request("POST", "http://localhost:9/hook", body=b"1")

    asyncio.run(main())
    assert "127.0.0.1" in seen


@pytest.mark.parametrize("url", ["ftp://example.com/", "http:///nohost", "http://h:99999/"])
def test_urls_that_cannot_be_requested(url: str) -> None:
    with pytest.raises(InvalidURL):
        asyncio.run(HttpPool(timeout=1).request("GET", url))


def test_line_breaks_in_a_url_or_header_cannot_inject_a_request() -> None:
    async def client(base: str, requests: list[bytes], connections: list[int]) -> None:
        pool = HttpPool(timeout=5)
        await pool.request("GET", base + "/a b\r\nX-Injected: 1\r\n\r\nGET /c")
        with pytest.raises(InvalidURL):
            await pool.request("GET", base, headers={"X-Note": "a\r\nX-Injected: 1"})
        pool.close()
        assert len(requests) == 1
        request_line, *header_lines = requests[0].split(b"\r\n")
        assert request_line.startswith(b"GET /a%20b") and request_line.endswith(b" HTTP/1.1")
        assert not any(line.startswith(b"X-Injected") for line in header_lines)

    _run(_keep_answering, client)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer=st.one_of(
    st.binary(max_size=300),
    st.builds(lambda status, rest: b"HTTP/1.1 " + status + rest,
              st.sampled_from([b"200 OK", b"99 x", b"200", b"abc"]),
              st.binary(max_size=200)),
))
def test_any_bytes_from_a_server_give_an_answer_or_a_connection_error(answer: bytes) -> None:
    async def handler(reader: _Recording, writer: asyncio.StreamWriter) -> None:
        await reader.request()
        writer.write(answer)
        await writer.drain()

    async def client(base: str, requests: list[bytes], connections: list[int]) -> None:
        try:
            response = await HttpPool(timeout=0.5).request("POST", base, body=b"x")
        except (ConnectionLost, TimeoutError):
            return
        assert 100 <= response.status <= 999

    _run(handler, client)


@given(st.dictionaries(st.text(), st.text() | st.lists(st.text(), max_size=2) | st.integers(),
                       max_size=5))
def test_form_encoding_is_urlencode_to_the_byte(fields):
    from urllib.parse import urlencode

    from gateway.providers.transport import form_body, form_encode

    assert form_encode(fields) == urlencode(fields, doseq=True)
    assert form_body(fields) == urlencode(fields, doseq=True).encode()
    assert form_body(fields) == urlencode(fields, doseq=True).encode()  # short values remembered


def test_form_encoding_of_a_twilio_message():
    from gateway.providers.transport import form_encode

    assert form_encode({"To": "+14155550123", "Body": "Sorry, Zoë: 50% off ~ a_b.c-d\n&=?"}) == (
        "To=%2B14155550123&Body=Sorry%2C+Zo%C3%AB%3A+50%25+off+~+a_b.c-d%0A%26%3D%3F")


@given(st.text(st.sampled_from("a %+~_.-,:/'&=?\n\x00é李𝄞"), min_size=60, max_size=400),
       st.text(st.sampled_from(" %+aZ9,é"), min_size=60, max_size=200))
def test_long_form_values_of_few_kinds_are_urlencode_to_the_byte(body, other):
    """Long values of a few kinds of characters take the replace path (`%` first, the
    space last); many kinds and short values the table: all urlencode's bytes."""
    from urllib.parse import urlencode

    from gateway.providers.transport import form_encode

    fields = {"Body": body, "To": "+14155550123", "Other": other}
    assert form_encode(fields) == urlencode(fields, doseq=True)


def test_remembered_short_form_values_are_bounded_and_stay_exact():
    """The short values' memory (`_form_quote_short`) is bounded; what it answers is
    still quote_plus's bytes, for values seen before and after."""
    from urllib.parse import quote_plus

    from gateway.providers import transport

    bound = transport._form_quote_short.cache_info().maxsize
    assert bound is not None
    values = [f"+1 415 {i:07d} é&" for i in range(bound * 3)]
    for value in values + values[::-1]:
        assert transport.form_body({"v": value}) == b"v=" + quote_plus(value).encode()
        assert transport._form_quote_short.cache_info().currsize <= bound


def test_the_same_headers_are_written_the_same_and_a_line_break_is_refused_each_time() -> None:
    """Header lines are remembered by the headers' items: requests with the same headers
    carry the same lines, other values their own, and a value with a line break is
    refused however often it comes (it is never remembered)."""
    async def client(base: str, requests: list[bytes], connections: list[int]) -> None:
        pool = HttpPool(timeout=5)
        for value in ("one", "two", "one"):
            await pool.request("POST", base, body=b"k=v",
                               headers={"Content-Type": "text/plain", "X-Note": value})
        for _ in range(2):
            with pytest.raises(InvalidURL):
                await pool.request("GET", base, headers={"X-Note": "a\r\nX-Injected: 1"})
        pool.close()
        notes = [line for request in requests for line in request.split(b"\r\n")
                 if line.startswith((b"X-Note", b"Content-Type", b"X-Injected"))]
        assert notes == [b"Content-Type: text/plain", b"X-Note: one",
                         b"Content-Type: text/plain", b"X-Note: two",
                         b"Content-Type: text/plain", b"X-Note: one"]

    _run(_keep_answering, client)

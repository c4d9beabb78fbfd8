"""HTTP/1.1 for the fake providers, hand-rolled because it must outrun the clients
under test: aiohttp's server costs ~0.35 ms of CPU per Twilio call on this
machine, which capped the benchmark below the gateway's own throughput."""

from __future__ import annotations

import asyncio
import http
import json
import sys
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl


@dataclass(slots=True)
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # lower-case names
    body: bytes
    reader: asyncio.StreamReader

    def gone(self) -> bool:
        """True once the client has closed its side (gave up waiting)."""
        return self.reader.at_eof()


Reply = tuple[int, bytes, dict[str, str] | None]  # status, JSON body, extra headers
_PHRASES = {s.value: s.phrase for s in http.HTTPStatus}


def json_reply(status: int, obj: Any, headers: dict[str, str] | None = None) -> Reply:
    return status, json.dumps(obj).encode(), headers


async def serve_connection(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
    route: Callable[[Request], Awaitable[Reply]],
) -> None:
    """Answer one keep-alive connection's requests with `route` until it closes."""
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
            request = Request(method, path, dict(parse_qsl(qs)), headers, body, reader)
            try:
                status, payload, extra = await route(request)
            except Exception:
                traceback.print_exc(file=sys.stderr)
                status, payload, extra = json_reply(500, {"error": "fake server bug"})
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

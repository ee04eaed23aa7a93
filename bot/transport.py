"""The HTTP client under python-telegram-bot's `Bot` (long polling with getUpdates, and the calls that answer
patrons: sendMessage, answerCallbackQuery, …): a small HTTP/1.1 keep-alive connection pool on asyncio streams,
plugged in through PTB's own extension point (`telegram.request.BaseRequest`, `ApplicationBuilder.request` and
`get_updates_request`).

Why not PTB's default (`HTTPXRequest`): on this project's 2-core machine one call through httpx costs about 1.5 ms
of CPU, and a button press needs three (getUpdates, answerCallbackQuery, sendMessage), which made a burst of 200
"renew" presses queue for seconds (bench/README.md). Here a call costs a tenth of that
(`bench/bench_botapi_client.py`). Everything above the HTTP exchange (building the parameters, parsing the answer,
error classes such as RetryAfter, AIORateLimiter) is still PTB's.

What it does: JSON request bodies (the Bot API takes them for every method loanbot calls), Content-Length and
chunked answers, keep-alive with idle connections dropped after `keepalive_expiry`, TLS with the system's (or
certifi's) certificate authorities, PTB's timeouts (connect, write, read, pool), and PTB's exceptions: TimedOut
when a timeout runs out, NetworkError for anything else on the wire. File uploads are not supported (loanbot sends
none); they raise NetworkError naming the reason. A cancelled call (a long poll cut short at shutdown) closes its
connection rather than leaving a half-read answer in the pool.
"""
from __future__ import annotations

import asyncio
import contextlib
import ssl
import time
from collections import deque
from typing import NamedTuple
from urllib.parse import urlsplit

from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData


class _Origin(NamedTuple):
    scheme: str
    host: str
    port: int


class _Connection:
    __slots__ = ("reader", "writer", "idle_since")

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer, self.idle_since = reader, writer, 0.0

    def usable(self, now: float, expiry: float) -> bool:
        return not self.reader.at_eof() and not self.writer.is_closing() and now - self.idle_since < expiry

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.writer.close()


class KeepAliveRequest(BaseRequest):
    def __init__(self, connection_pool_size: int = 16, *, connect_timeout: float | None = 5.0,
                 read_timeout: float | None = 5.0, write_timeout: float | None = 5.0,
                 pool_timeout: float | None = 1.0, keepalive_expiry: float = 30.0,
                 ssl_context: ssl.SSLContext | None = None) -> None:
        self._timeouts = {"connect": connect_timeout, "read": read_timeout, "write": write_timeout,
                          "pool": pool_timeout}
        self._keepalive_expiry = keepalive_expiry
        self._slots = asyncio.Semaphore(connection_pool_size)
        self._idle: dict[_Origin, deque[_Connection]] = {}
        self._ssl_context = ssl_context
        self._closed = True

    @property
    def read_timeout(self) -> float | None:
        return self._timeouts["read"]

    async def initialize(self) -> None:
        self._closed = False

    async def shutdown(self) -> None:
        self._closed = True
        for connections in self._idle.values():
            while connections:
                connections.pop().close()
        self._idle.clear()

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout=BaseRequest.DEFAULT_NONE, write_timeout=BaseRequest.DEFAULT_NONE,
                         connect_timeout=BaseRequest.DEFAULT_NONE,
                         pool_timeout=BaseRequest.DEFAULT_NONE) -> tuple[int, bytes]:
        if self._closed:
            raise RuntimeError("This KeepAliveRequest is not initialized!")
        if request_data is not None and request_data.multipart_data:
            raise NetworkError("file uploads are not supported by loanbot's Bot API client")
        timeouts = {name: self._timeouts[name] if isinstance(given, type(BaseRequest.DEFAULT_NONE)) else given
                    for name, given in (("connect", connect_timeout), ("read", read_timeout),
                                        ("write", write_timeout), ("pool", pool_timeout))}
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise NetworkError(f"not an http(s) URL: {url!r}")
        origin = _Origin(parts.scheme, parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        body = request_data.json_payload if request_data is not None else b""
        head = (f"{method} {target} HTTP/1.1\r\nHost: {parts.netloc}\r\nUser-Agent: {self.USER_AGENT}\r\n"
                f"Accept: application/json\r\n"
                + (f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n" if method != "GET"
                   else "")
                + "\r\n").encode("latin-1")
        try:
            async with asyncio.timeout(timeouts["pool"]):
                await self._slots.acquire()
        except TimeoutError as exc:
            raise TimedOut("Pool timeout: all connections are busy; the request was not sent") from exc
        try:
            return await self._exchange(origin, head + body, timeouts)
        finally:
            self._slots.release()

    async def _exchange(self, origin: _Origin, request: bytes, timeouts: dict) -> tuple[int, bytes]:
        connection = self._idle_connection(origin)
        if connection is None:
            connection = await self._connect(origin, timeouts["connect"])
        keep = False
        try:
            try:
                connection.writer.write(request)
                async with asyncio.timeout(timeouts["write"]):
                    await connection.writer.drain()
            except TimeoutError as exc:
                raise TimedOut("timed out sending the request") from exc
            try:
                async with asyncio.timeout(timeouts["read"]):
                    status, payload, keep = await _read_response(connection.reader)
            except TimeoutError as exc:
                raise TimedOut("timed out waiting for the answer") from exc
            return status, payload
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as exc:
            raise NetworkError(f"{type(exc).__name__}: {exc}") from exc
        finally:
            if keep and not self._closed:
                connection.idle_since = time.monotonic()
                self._idle.setdefault(origin, deque()).append(connection)
            else:
                connection.close()

    def _idle_connection(self, origin: _Origin) -> _Connection | None:
        idle = self._idle.get(origin)
        now = time.monotonic()
        while idle:
            connection = idle.pop()   # the most recently used: the least likely to have been closed by the server
            if connection.usable(now, self._keepalive_expiry):
                return connection
            connection.close()
        return None

    async def _connect(self, origin: _Origin, timeout: float | None) -> _Connection:
        context = None
        if origin.scheme == "https":
            context = self._ssl_context = self._ssl_context or _default_ssl_context()
        try:
            async with asyncio.timeout(timeout):
                reader, writer = await asyncio.open_connection(
                    origin.host, origin.port, ssl=context, server_hostname=origin.host if context else None)
        except TimeoutError as exc:
            raise TimedOut(f"timed out connecting to {origin.host}:{origin.port}") from exc
        except OSError as exc:
            raise NetworkError(f"cannot connect to {origin.host}:{origin.port}: {exc}") from exc
        return _Connection(reader, writer)


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    """Status, body, and whether the connection can carry another request."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    version, _, rest = lines[0].partition(" ")
    if not version.startswith("HTTP/1."):
        raise ValueError(f"not an HTTP/1 answer: {lines[0][:80]!r}")
    status = int(rest[:3])
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    keep = version == "HTTP/1.1" and headers.get("connection", "").lower() != "close"
    if "chunked" in headers.get("transfer-encoding", "").lower():
        chunks = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";", 1)[0], 16)
            if size == 0:
                while (await reader.readuntil(b"\r\n")) != b"\r\n":   # trailers
                    pass
                break
            chunks.append(await reader.readexactly(size))
            await reader.readexactly(2)
        return status, b"".join(chunks), keep
    if "content-length" in headers:
        return status, await reader.readexactly(int(headers["content-length"])), keep
    if status in (204, 304) or 100 <= status < 200:
        return status, b"", keep
    return status, await reader.read(), False   # delimited by the server closing the connection


def _default_ssl_context() -> ssl.SSLContext:
    try:
        import certifi
        return ssl.create_default_context(cafile=certifi.where())
    except ImportError:
        return ssl.create_default_context()

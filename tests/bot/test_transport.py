"""The Bot API client under PTB's Bot (bot/transport.py), against small HTTP servers on loopback that answer the way
real servers do: keep-alive, chunked bodies, `Connection: close`, a closed idle connection, silence, TLS."""
from __future__ import annotations

import asyncio
import json
import ssl

import pytest
from telegram import Bot
from telegram.error import NetworkError, RetryAfter, TimedOut

from bot.transport import KeepAliveRequest
from tests.servers.common import free_port, make_self_signed_cert

TOKEN = "4242:TEST-token"
ME = {"id": 4242, "is_bot": True, "first_name": "loanbot", "username": "loanbot_test_bot"}


class HttpServer:
    """Answers each request with `respond(method_name, body) -> raw bytes after the status line`; counts the
    connections it accepted and keeps the request bodies it read."""

    def __init__(self, respond, ssl_context: ssl.SSLContext | None = None):
        self.respond = respond
        self.ssl_context = ssl_context
        self.connections = 0
        self.requests: list[tuple[str, dict, dict]] = []   # (path, headers, json body)
        self.writers: set[asyncio.StreamWriter] = set()
        self.server: asyncio.AbstractServer | None = None

    async def __aenter__(self) -> "HttpServer":
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0, ssl=self.ssl_context)
        return self

    async def __aexit__(self, *exc) -> None:
        self.server.close()
        await self.server.wait_closed()

    @property
    def base_url(self) -> str:
        scheme = "https" if self.ssl_context else "http"
        return f"{scheme}://127.0.0.1:{self.server.sockets[0].getsockname()[1]}/bot"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self.writers.add(writer)
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                lines = head.decode("latin-1").split("\r\n")
                path = lines[0].split(" ")[1]
                headers = {k.strip().lower(): v.strip() for k, _, v in (l.partition(":") for l in lines[1:] if l)}
                body = await reader.readexactly(int(headers.get("content-length", 0)))
                self.requests.append((path, headers, json.loads(body) if body else {}))
                answer = self.respond(path.rsplit("/", 1)[-1], self.requests[-1][2])
                if answer is None:           # stay silent: the client's read timeout must end it
                    await asyncio.sleep(30)
                    return
                writer.write(answer)
                await writer.drain()
                if b"connection: close" in answer.lower():
                    return
        finally:
            self.writers.discard(writer)
            writer.close()

    def drop_connections(self) -> None:
        for writer in list(self.writers):
            writer.close()


def ok(result, *extra: str) -> bytes:
    body = json.dumps({"ok": True, "result": result}).encode()
    head = "".join(f"{h}\r\n" for h in extra)
    return (f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n{head}\r\n"
            ).encode() + body


def message(chat_id: int, text: str) -> dict:
    return {"message_id": 7, "date": 0, "text": text, "chat": {"id": chat_id, "type": "private"}, "from": ME}


def bot_for(server: HttpServer, **options) -> Bot:
    return Bot(TOKEN, base_url=server.base_url, request=KeepAliveRequest(4, **options),
               get_updates_request=KeepAliveRequest(1, **options))


async def test_calls_share_one_keep_alive_connection_and_send_json():
    def respond(method, body):
        return ok(ME) if method == "getMe" else ok(message(int(body["chat_id"]), body["text"]))
    async with HttpServer(respond) as server, bot_for(server) as bot:
        for n in range(3):
            sent = await bot.send_message(chat_id=10, text=f"Yenilendi {n} — ğüşıöç")
            assert sent.text == f"Yenilendi {n} — ğüşıöç" and sent.chat.id == 10
    assert server.connections == 1
    path, headers, body = server.requests[-1]
    assert path == f"/bot{TOKEN}/sendMessage" and headers["content-type"] == "application/json"
    assert body == {"chat_id": "10", "text": "Yenilendi 2 — ğüşıöç"}   # PTB sends every value as a string


async def test_a_chunked_answer_is_put_together():
    def respond(method, body):
        if method == "getMe":
            return ok(ME)
        payload = json.dumps({"ok": True, "result": message(5, "x" * 5000)}).encode()
        chunks = b"".join(b"%x\r\n%s\r\n" % (len(payload[i:i + 1000]), payload[i:i + 1000])
                          for i in range(0, len(payload), 1000))
        return b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks + b"0\r\n\r\n"
    async with HttpServer(respond) as server, bot_for(server) as bot:
        assert (await bot.send_message(chat_id=5, text="long")).text == "x" * 5000
        assert (await bot.send_message(chat_id=5, text="again")).text == "x" * 5000   # the stream stayed in step
    assert server.connections == 1


async def test_connection_close_and_a_dropped_idle_connection_mean_a_new_connection():
    def respond(method, body):
        return ok(ME, "Connection: close") if method == "getMe" else ok(message(1, body["text"]))
    async with HttpServer(respond) as server, bot_for(server) as bot:
        await bot.send_message(chat_id=1, text="a")        # getMe said close: "a" needed a second connection
        await bot.send_message(chat_id=1, text="b")        # kept alive
        assert server.connections == 2
        server.drop_connections()                          # as a server does with idle keep-alive connections
        await asyncio.sleep(0.05)
        assert (await bot.send_message(chat_id=1, text="c")).text == "c"
        assert server.connections == 3


async def test_silence_is_timed_out_and_a_refused_connection_is_a_network_error():
    async with HttpServer(lambda method, body: ok(ME) if method == "getMe" else None) as server:
        async with bot_for(server, read_timeout=0.3) as bot:
            with pytest.raises(TimedOut):
                await bot.send_message(chat_id=1, text="hello")
    request = KeepAliveRequest(2)
    await request.initialize()
    with pytest.raises(NetworkError, match="cannot connect"):
        await request.post(f"http://127.0.0.1:{free_port()}/bot{TOKEN}/getMe")
    await request.shutdown()


async def test_too_many_requests_reaches_ptb_as_retry_after():
    def respond(method, body):
        if method == "getMe":
            return ok(ME)
        payload = json.dumps({"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 3",
                              "parameters": {"retry_after": 3}}).encode()
        return b"HTTP/1.1 429 Too Many Requests\r\nContent-Length: %d\r\n\r\n%s" % (len(payload), payload)
    async with HttpServer(respond) as server, bot_for(server) as bot:
        with pytest.raises(RetryAfter):
            await bot.send_message(chat_id=1, text="hello")


async def test_file_uploads_are_refused_by_name_and_nothing_is_sent():
    async with HttpServer(lambda method, body: ok(ME)) as server, bot_for(server) as bot:
        with pytest.raises(NetworkError, match="file uploads are not supported"):
            await bot.send_document(chat_id=1, document=b"%PDF-1.4", filename="a.pdf")
    assert [path.rsplit("/", 1)[-1] for path, _, _ in server.requests] == ["getMe"]


async def test_https_with_the_servers_certificate_authority(tmp_path):
    cert, key = make_self_signed_cert(tmp_path)
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)

    def respond(method, body):
        return ok(ME) if method == "getMe" else ok(message(int(body["chat_id"]), body["text"]))
    async with HttpServer(respond, ssl_context=server_context) as server:
        trusted = ssl.create_default_context(cafile=cert)
        async with bot_for(server, ssl_context=trusted) as bot:
            assert (await bot.send_message(chat_id=3, text="over TLS")).text == "over TLS"
        # Without that authority the certificate is refused: no request goes out unverified.
        async with HttpServer(respond, ssl_context=server_context) as other:
            request = KeepAliveRequest(1)
            await request.initialize()
            with pytest.raises(NetworkError):
                await request.post(f"{other.base_url}{TOKEN}/getMe")
            await request.shutdown()
            assert other.requests == []

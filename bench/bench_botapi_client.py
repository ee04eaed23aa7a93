"""CPU per Bot API call through python-telegram-bot's `Bot.send_message`, with PTB's default HTTP client (httpx) and
with loanbot's keep-alive client (bot/transport.py), against a loopback server in a child process (so that only the
client's CPU is counted).

    .venv/bin/python bench/bench_botapi_client.py [--calls 2000] [--concurrency 16]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from telegram import Bot  # noqa: E402
from telegram.request import HTTPXRequest  # noqa: E402

from bot.transport import KeepAliveRequest  # noqa: E402

TOKEN = "4242:BENCH"
ME = {"id": 4242, "is_bot": True, "first_name": "loanbot", "username": "loanbot_bench_bot"}


def _serve(pipe) -> None:
    """A keep-alive HTTP/1.1 server answering getMe and sendMessage as the Bot API does."""
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                length = next((int(l.split(":", 1)[1]) for l in lines if l.lower().startswith("content-length")), 0)
                body = await reader.readexactly(length)
                if lines[0].split()[1].endswith("/getMe"):
                    result = ME
                else:
                    fields = json.loads(body) if body.startswith(b"{") else dict(
                        pair.split("=", 1) for pair in body.decode().split("&") if pair)
                    result = {"message_id": 1, "date": 0, "text": "ok", "from": ME,
                              "chat": {"id": int(fields.get("chat_id", 1)), "type": "private"}}
                payload = json.dumps({"ok": True, "result": result}).encode()
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
                             % (len(payload), payload))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    async def main() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        pipe.send(server.sockets[0].getsockname()[1])
        await asyncio.get_running_loop().run_in_executor(None, pipe.recv)   # until told to stop
    asyncio.run(main())


async def measure(request, base_url: str, calls: int, concurrency: int) -> tuple[float, float]:
    """CPU ms per call and calls per second of wall time."""
    async with Bot(TOKEN, base_url=base_url, request=request) as bot:
        for _ in range(50):   # warm: connections open, code paths loaded
            await bot.send_message(chat_id=1, text="warm-up")
        gate = asyncio.Semaphore(concurrency)

        async def one(n: int) -> None:
            async with gate:
                await bot.send_message(chat_id=n, text="Renewed, now due 16 March 2026.")
        cpu, wall = time.process_time(), time.perf_counter()
        await asyncio.gather(*(one(n) for n in range(calls)))
        return (time.process_time() - cpu) * 1000 / calls, calls / (time.perf_counter() - wall)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    context = multiprocessing.get_context("spawn")
    pipe, child = context.Pipe()
    server = context.Process(target=_serve, args=(child,), daemon=True)
    server.start()
    base_url = f"http://127.0.0.1:{pipe.recv()}/bot"
    try:
        clients = {"httpx (PTB's HTTPXRequest)": HTTPXRequest(connection_pool_size=args.concurrency),
                   "keep-alive (bot/transport.py)": KeepAliveRequest(args.concurrency)}
        print(f"{args.calls} sendMessage calls through PTB's Bot, {args.concurrency} at a time, server in a child "
              f"process; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        for name, request in clients.items():
            cpu, rate = await measure(request, base_url, args.calls, args.concurrency)
            print(f"  {name}: {cpu:.3f} ms of CPU per call, {rate:,.0f} calls/s")
    finally:
        pipe.send("stop")
        server.join(5)


if __name__ == "__main__":
    asyncio.run(main())

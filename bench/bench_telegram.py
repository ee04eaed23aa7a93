"""200 simultaneous Telegram chats, each pressing "renew": how long from the update reaching the Bot API server to
loanbot's reply reaching it (p50/p95/p99), through the real PTB client, on a temporary SQLite database.

    .venv/bin/python bench/bench_telegram.py [--chats 200] [--rate 1000] [--database URL] [--botapi process|thread]
                                             [--spread SECONDS] [--warmup 50]

`--spread`: 0 (default) makes all chats press in the same instant, the worst case, where the last reply waits for
all the others; a few seconds is 200 chats active at the same time as people really use them.

`--rate` is the AIORateLimiter's messages per second in all: the loopback server has no limit, so the default
(1000, raised for loopback) measures loanbot itself; production keeps Telegram's own limit (about 30 messages a
second, TelegramFrontEnd's default), and `--rate 30` shows what that does to the tail.

`--database`: an SQLAlchemy async URL of an EMPTY database, e.g. on the test PostgreSQL server
(`bash scripts/servers/postgres.sh start`; `createdb -h 127.0.0.1 -p 55432 -U postgres bench_telegram`;
`--database postgresql+asyncpg://postgres@127.0.0.1:55432/bench_telegram`).

`--botapi`: where the loopback Bot API server runs. `process` (default): in a child process, as Telegram's servers
are not in loanbot's process. `thread`: in threads of the bench's own process (how this bench first measured): its
HTTP handling then competes with loanbot for the GIL, about a quarter of the process's CPU in a py-spy profile.
Timestamps are time.monotonic(), one clock for both processes on Linux.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
import tomllib
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, func, select, update  # noqa: E402

from bot import TelegramFrontEnd  # noqa: E402
from core.plumbing.context import Actor  # noqa: E402
from core.library import Library  # noqa: E402
from core.domain.policy import parse_policy  # noqa: E402
from core.domain.registry import ItemRecord, PatronRecord  # noqa: E402
from core.storage.database import Database, sqlite_url  # noqa: E402
from core.storage.models import Loan, Patron  # noqa: E402
from loanbot.config import Config  # noqa: E402
from tests.servers import BotApiServer  # noqa: E402

ZONE = ZoneInfo("Europe/Vilnius")
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=ZONE)
STAFF = Actor("staff", "desk@example.edu", "cli")
TOKEN = "123:ABC"
FIRST_USER = 10_000
STATEMENTS: list[int] = []   # SQL statements sent while the chats were being answered (deterministic, unlike time)


async def prepare(db: Database, chats: int) -> Library:
    await db.migrate()
    policy_file = ROOT / "tests" / "data" / "policies" / "lending.toml"
    library = Library(db, parse_policy(tomllib.loads(policy_file.read_text()), str(policy_file)))
    langs = ("tr", "hr", "lt", "en")
    await library.registry.upsert_patrons([PatronRecord(f"p{i}", "student", langs[i % 4], f"p{i}@example.edu")
                                           for i in range(chats)], NOW, STAFF)
    await library.registry.upsert_items([ItemRecord(f"b{i}", "book", f"Book {i}") for i in range(chats)], NOW, STAFF)
    async with library.ctx.unit_of_work() as session:
        for i in range(chats):
            await library.circulation.checkout(f"p{i}", f"b{i}", NOW - dt.timedelta(days=3), STAFF)
            await session.execute(update(Patron).where(Patron.code == f"p{i}")
                                  .values(telegram_user_id=FIRST_USER + i))
    return library


class LocalBotApi:
    """The loopback server in this process's threads."""

    def __init__(self) -> None:
        self.server = BotApiServer(require_token=TOKEN).start()
        self.token, self.base_url = self.server.token, self.server.base_url

    def push_renewals(self, first: int, chats: int, spread: float) -> dict[int, float]:
        return _push_renewals(self.server, first, chats, spread)

    def wait_for_sent(self, n: int, timeout: float) -> list[dict]:
        return self.server.wait_for_sent(n, timeout)

    def stop(self) -> None:
        self.server.stop()


class RemoteBotApi:
    """The loopback server in a child process, driven over a pipe."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.pipe, child = context.Pipe()
        self.process = context.Process(target=_serve_botapi, args=(child,), daemon=True)
        self.process.start()
        self.token, self.base_url = self.pipe.recv()

    def _call(self, *message):
        self.pipe.send(message)
        ok, value = self.pipe.recv()
        if not ok:
            raise value
        return value

    def push_renewals(self, first: int, chats: int, spread: float) -> dict[int, float]:
        return self._call("push", first, chats, spread)

    def wait_for_sent(self, n: int, timeout: float) -> list[dict]:
        return self._call("wait", n, timeout)

    def stop(self) -> None:
        self._call("stop")
        self.process.join(5)


def _push_renewals(server: BotApiServer, first: int, chats: int, spread: float = 0.0) -> dict[int, float]:
    """Chats `first`… press once each: all in the same instant (spread 0), or evenly over `spread` seconds."""
    pushed = {}
    start = time.monotonic()
    for n, i in enumerate(range(first, first + chats)):
        if spread:
            time.sleep(max(0.0, start + n * spread / chats - time.monotonic()))
        pushed[FIRST_USER + i] = time.monotonic()
        server.push_callback(FIRST_USER + i, 1, f"renew:b{i}", ("tr", "hr", "lt", "en")[i % 4])
    return pushed


def _serve_botapi(pipe) -> None:
    server = BotApiServer(require_token=TOKEN).start()
    pipe.send((server.token, server.base_url))
    while True:
        command, *args = pipe.recv()
        try:
            if command == "push":
                pipe.send((True, _push_renewals(server, *args)))
            elif command == "wait":
                pipe.send((True, server.wait_for_sent(*args)))
            elif command == "stop":
                server.stop()
                pipe.send((True, None))
                return
        except Exception as exc:
            pipe.send((False, exc))


async def measure(library: Library, chats: int, rate: float, botapi: str, spread: float = 0.0,
                  warmup: int = 50) -> tuple[list[float], float, float]:
    """The latencies in ms; this process's CPU seconds from the first push to the last reply (a figure that a busy
    machine disturbs less than the latencies); the seconds from the first push to the last reply.

    First `warmup` other chats press "renew" over a second and are answered, as in a service that has been running
    (statements compiled, connections open, catalogs and locale data loaded); then the measured chats press."""
    server = RemoteBotApi() if botapi == "process" else LocalBotApi()
    config = Config(telegram={"token": server.token, "api_base_url": server.base_url, "poll_timeout": 5})
    frontend = TelegramFrontEnd(library, config, lambda: NOW, overall_rate=rate, replies_per_minute=20)
    stop = asyncio.Event()
    task = asyncio.create_task(frontend.run(stop))
    try:
        await asyncio.sleep(0.5)   # the long poll is waiting
        if warmup:
            await asyncio.to_thread(server.push_renewals, chats, warmup, 1.0)
            await asyncio.to_thread(server.wait_for_sent, warmup, 60)
            await asyncio.sleep(0.5)
        statements = []
        event.listen(library.db.engine.sync_engine, "before_cursor_execute", lambda *a: statements.append(1))
        cpu = time.process_time()
        pushed = await asyncio.to_thread(server.push_renewals, 0, chats, spread)
        sent = await asyncio.to_thread(server.wait_for_sent, warmup + chats, 120)
        cpu = time.process_time() - cpu
        STATEMENTS.append(len(statements))
        replies = {m["chat_id"]: m for m in sent if m["chat_id"] in pushed}
        async with library.db.session() as session:   # each measured press did renew its loan
            renewed = await session.scalar(
                select(func.count()).select_from(Loan).join(Patron, Patron.id == Loan.patron_id)
                .where(Loan.renewals == 1, Patron.telegram_user_id.in_(list(pushed))))
        assert renewed == chats and len(replies) == chats, (renewed, len(replies))
        return [(replies[user]["at"] - at) * 1000 for user, at in pushed.items()], cpu, \
            max(m["at"] for m in replies.values()) - min(pushed.values())
    finally:
        stop.set()
        await task
        server.stop()


def report(label: str, latencies: list[float]) -> None:
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(round(p / 100 * len(ordered) + 0.5)) - 1)]
    print(f"{label}: {len(ordered)} replies; ms p50 {pct(50):.1f}  p95 {pct(95):.1f}  p99 {pct(99):.1f}  "
          f"max {ordered[-1]:.1f}  mean {statistics.fmean(ordered):.1f}  (target p99 < 200 ms: "
          f"{'met' if pct(99) < 200 else 'NOT met'})")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--rate", type=float, default=1000.0)
    parser.add_argument("--database", help="an SQLAlchemy async URL of an EMPTY database (default: temporary SQLite)")
    parser.add_argument("--botapi", choices=("process", "thread"), default="process",
                        help="run the loopback Bot API server in a child process (default) or in this process")
    parser.add_argument("--warmup", type=int, default=50,
                        help="other chats that press first, so that the service is warm (default 50; 0: cold)")
    parser.add_argument("--spread", type=float, default=0.0,
                        help="seconds over which the chats press (0: all in the same instant, the worst case)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(args.database or sqlite_url(Path(tmp) / "bench.db"))
        try:
            library = await prepare(db, args.chats + args.warmup)
            latencies, cpu, elapsed = await measure(library, args.chats, args.rate, args.botapi, args.spread,
                                                    args.warmup)
            when = f"over {args.spread:g} s" if args.spread else "at once"
            print(f"{args.chats} chats pressing 'renew' {when}, {db.dialect}, limiter {args.rate:g} msg/s"
                  f"{' (raised for loopback; Telegram allows about 30)' if args.rate > 30 else ''}, "
                  f"Bot API server in {'a child process' if args.botapi == 'process' else 'this process'}, "
                  f"all answered in {elapsed:.2f} s; "
                  f"CPU {cpu * 1000 / args.chats:.1f} ms per update{' (bench and server included)' if args.botapi == 'thread' else ''}; "
                  f"{STATEMENTS[-1] / args.chats:.1f} SQL statements per update (BEGIN/COMMIT included); "
                  f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
            report("update pushed -> reply received by the Bot API", latencies)
        finally:
            await db.dispose()


if __name__ == "__main__":
    asyncio.run(main())

"""200 simultaneous Telegram chats, each pressing "renew": how long from the update reaching the Bot API server to
loanbot's reply reaching it (p50/p95/p99), through the real PTB client, on a temporary SQLite database.

    .venv/bin/python bench/bench_telegram.py [--chats 200] [--rate 1000] [--database URL]

`--rate` is the AIORateLimiter's messages per second in all: the loopback server has no limit, so the default
measures loanbot itself; `--rate 30` shows what Telegram's own limit (about 30 messages a second) does to the tail.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import statistics
import sys
import tempfile
import time
import tomllib
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import update  # noqa: E402

from bot import TelegramFrontEnd  # noqa: E402
from core.context import Actor  # noqa: E402
from core.library import Library  # noqa: E402
from core.policy import parse_policy  # noqa: E402
from core.registry import ItemRecord, PatronRecord  # noqa: E402
from core.storage.database import Database, sqlite_url  # noqa: E402
from core.storage.models import Patron  # noqa: E402
from loanbot.config import Config  # noqa: E402
from tests.bot.botapi import BotApiServer  # noqa: E402

ZONE = ZoneInfo("Europe/Vilnius")
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=ZONE)
STAFF = Actor("staff", "desk@example.edu", "cli")
FIRST_USER = 10_000


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


async def measure(library: Library, chats: int, rate: float) -> list[float]:
    server = BotApiServer().start()
    config = Config(telegram={"token": server.token, "api_base_url": server.base_url, "poll_timeout": 5})
    frontend = TelegramFrontEnd(library, config, lambda: NOW, overall_rate=rate, replies_per_minute=20)
    stop = asyncio.Event()
    task = asyncio.create_task(frontend.run(stop))
    try:
        await asyncio.sleep(0.5)   # the long poll is waiting
        pushed = {}
        for i in range(chats):
            pushed[FIRST_USER + i] = time.monotonic()
            server.push_callback(FIRST_USER + i, 1, f"renew:b{i}", ("tr", "hr", "lt", "en")[i % 4])
        await asyncio.to_thread(server.wait_for_sent, chats, 120)
        replies = {m["chat_id"]: m for m in server.sent()}
        assert all("renewed" in m["text"] or "yenilendi" in m["text"] or m["text"] for m in replies.values())
        return [(replies[user]["at"] - at) * 1000 for user, at in pushed.items()]
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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(args.database or sqlite_url(Path(tmp) / "bench.db"))
        try:
            library = await prepare(db, args.chats)
            started = time.monotonic()
            latencies = await measure(library, args.chats, args.rate)
            print(f"{args.chats} chats pressing 'renew' at once, {db.dialect}, limiter {args.rate:g} msg/s, "
                  f"all answered in {time.monotonic() - started - 0.5:.2f} s")
            report("update pushed -> reply received by the Bot API", latencies)
        finally:
            await db.dispose()


if __name__ == "__main__":
    asyncio.run(main())

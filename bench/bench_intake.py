"""Intake benchmark: a 10,000-message Maildir taken in by `mail.intake` with flat memory.

    .venv/bin/python bench/bench_intake.py [--messages 10000] [--chunk 1000] [--no-tracemalloc]

A temporary SQLite database with the sample policy tests/data/policies/lending.toml and 200 patrons; the mailbox
mixes status, loans, fines and help questions in four languages, unknown senders and automatic mail. Each chunk
is one intake pass (`Intake.take_in(..., limit=chunk)`); after each, the RSS (resource.getrusage, a high-water
mark) and the traced Python memory are printed: flat numbers across chunks mean nothing grows with the mailbox.
Sending is not part of it (the replies stay in the outbox).
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import mailbox
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from core.plumbing.context import Actor  # noqa: E402
from core.library import Library  # noqa: E402
from core.domain.policy import load_policy  # noqa: E402
from core.domain.registry import PatronRecord  # noqa: E402
from core.storage.database import Database, sqlite_url  # noqa: E402
from loanbot.config import Config, MailConfig  # noqa: E402
from mail.intake import Intake  # noqa: E402
from mail.mailboxes import MaildirSource  # noqa: E402

ZONE = ZoneInfo("Europe/Vilnius")
LANGUAGES = ("tr", "hr", "lt", "en")
QUESTIONS = [
    ("ILL status", "Hello,\n\nwhat is the status of my interlibrary loan requests?\n\nThanks\n"),
    ("Ödünçlerim", "Merhaba,\n\nüzerimde hangi kitaplar var? Ödünç aldığım kitapları listeler misiniz?\n"),
    ("Zakasnine", "Poštovani,\n\nkoliko iznosi moja zakasnina? Koliko dugujem knjižnici?\n\nHvala\n"),
    ("Baudos", "Laba diena,\n\nkokio dydžio yra mano skola bibliotekai? Kiek turiu sumokėti baudų?\n\nAčiū\n"),
    ("Help", "Hello, what can I ask you to do by e-mail?\n"),
]


def write_mailbox(path: Path, count: int, patrons: int) -> None:
    rng = random.Random(7)
    folder = mailbox.Maildir(str(path), create=True)
    for n in range(count):
        subject, body = rng.choice(QUESTIONS)
        kind = rng.random()
        sender = f"reader{rng.randrange(patrons)}@example.org" if kind < 0.9 else f"stranger{n}@elsewhere.org"
        extra = "Auto-Submitted: auto-replied\n" if 0.97 < kind else ""
        folder.add((f"From: Reader <{sender}>\nTo: library@example.edu\nSubject: {subject}\n"
                    f"Message-ID: <bench-{n}@example.org>\nDate: Mon, 02 Mar 2026 10:00:00 +0200\n{extra}"
                    f"MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n{body}").encode())


async def run(count: int, chunk: int, trace: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="loanbot-bench-intake-") as tmp:
        tmp = Path(tmp)
        patrons = 200
        start = time.perf_counter()
        write_mailbox(tmp / "inbox", count, patrons)
        print(f"mailbox: {count} messages written in {time.perf_counter() - start:.1f} s")
        db = Database(sqlite_url(tmp / "bench.db"))
        await db.migrate()
        library = Library(db, load_policy(ROOT / "tests" / "data" / "policies" / "lending.toml"))
        now = dt.datetime(2026, 3, 2, 10, 0, tzinfo=ZONE)
        await library.registry.upsert_patrons(
            [PatronRecord(f"r{n}", "student", LANGUAGES[n % 4], f"reader{n}@example.org") for n in range(patrons)],
            now, Actor("staff", "bench", "cli"))
        config = Config(mail=MailConfig(from_address="Library <library@example.edu>", maildir=str(tmp / "inbox"),
                                        max_replies_per_sender_per_hour=10 ** 9), base_dir=tmp)
        intake = Intake(library, config, lambda: now)
        source = MaildirSource(config.maildir("inbox"))
        if trace:
            tracemalloc.start()
        done, totals, began = 0, {}, time.perf_counter()
        print(f"{'messages':>9} {'msg/s':>8} {'RSS peak MB':>12} {'traced now MB':>14} {'traced peak MB':>15}")
        while done < count:
            t0 = time.perf_counter()
            counts = await intake.take_in(source, limit=chunk)
            if not counts.get("messages"):
                break
            done += counts["messages"]
            for key, value in counts.items():
                totals[key] = totals.get(key, 0) + value
            rate = counts["messages"] / (time.perf_counter() - t0)
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            current, peak = tracemalloc.get_traced_memory() if trace else (0, 0)
            print(f"{done:>9} {rate:>8.1f} {rss:>12.1f} {current / 2**20:>14.1f} {peak / 2**20:>15.1f}")
        elapsed = time.perf_counter() - began
        print(f"total: {done} messages in {elapsed:.1f} s = {done / elapsed:.1f} messages/s"
              f"{' (under tracemalloc)' if trace else ''}; outcomes: "
              + ", ".join(f"{k}={v}" for k, v in sorted(totals.items())))
        print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MB"
              + (f", tracemalloc peak {tracemalloc.get_traced_memory()[1] / 2**20:.1f} MB" if trace else ""))
        await db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--chunk", type=int, default=1_000)
    parser.add_argument("--no-tracemalloc", action="store_true")
    args = parser.parse_args()
    asyncio.run(run(args.messages, args.chunk, not args.no_tracemalloc))


if __name__ == "__main__":
    main()

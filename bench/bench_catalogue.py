"""A patron's ILL request is answered in the same time whether a union catalogue never answers or none is
configured: the look-up runs in the background (core/catalogue/lookups.py).

    .venv/bin/python bench/bench_catalogue.py [--messages 300] [--timeout 5]

For each case, a fresh SQLite library (tests/data/policies/lending.toml, 200 patrons) and a Maildir of ILL requests
for works it does not own are handed to `loanbot serve` itself (`Service.run`: mail intake and sending, the
scheduler and, when catalogues are configured, the look-up worker as tasks of one event loop), and the bench times
how long until every patron's reply is in the sent Maildir, and each reply's delay after the first. Cases:

    none     no catalogue configured
    silent   one SRU target that accepts the connection and never answers (timeout --timeout s), and Crossref
             at another such address for the requests that carry a DOI
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import mailbox
import os
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from core.catalogue.settings import CatalogueTarget, CrossrefSettings  # noqa: E402
from core.domain.policy import load_policy  # noqa: E402
from core.domain.registry import PatronRecord  # noqa: E402
from core.library import Library  # noqa: E402
from core.plumbing.context import Actor  # noqa: E402
from core.storage.database import Database, sqlite_url  # noqa: E402
from core.storage.models import CatalogueLookup  # noqa: E402
from loanbot.config import Config, MailConfig  # noqa: E402
from loanbot.service import Service  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

ZONE = ZoneInfo("Europe/Vilnius")
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=ZONE)
PATRONS = 200
REQUESTS = [
    ("tr", "Kütüphanelerarası ödünç talebi:\nYazar: Halil İnalcık\nEser adı: Devlet-i Aliyye {n}\nYıl: 2009\n"),
    ("hr", "Molim međuknjižničnu posudbu:\nAutor: Ivo Frangeš\nNaslov: Stilističke studije {n}\nGodina: 1959\n"),
    ("lt", "Prašau užsakyti per TBA:\nAutorius: Vytautas Ambrazas\nPavadinimas: Sintaksės studijos {n}\n"),
    ("en", "Interlibrary loan please:\nAuthor: Smith, Jane\nTitle: Article number {n}\nJournal: Lingua\n"
           "DOI: 10.5555/bench.{n}\n"),
]


def silent_socket() -> socket.socket:
    """Listens and never accepts: the connection is made by the kernel, the request sent, no answer comes."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    s.listen(1024)
    return s


def write_mailbox(path: Path, count: int) -> None:
    folder = mailbox.Maildir(str(path), create=True)
    for n in range(count):
        language, body = REQUESTS[n % len(REQUESTS)]
        folder.add((f"From: Reader <reader{n % PATRONS}@example.org>\nTo: library@example.edu\n"
                    f"Subject: ILL {n}\nMessage-ID: <bench-cat-{n}@example.org>\n"
                    f"Date: Fri, 20 Nov 2026 10:00:00 +0200\nMIME-Version: 1.0\n"
                    f"Content-Type: text/plain; charset=utf-8\n\n{body.format(n=n)}").encode())


class Replies:
    """The patrons' replies that have reached the sent Maildir (staff mail beside them is not counted)."""

    def __init__(self, path: Path):
        self.folder = mailbox.Maildir(str(path), create=True)
        self.seen: set[str] = set()
        self.to_patrons = 0

    def count(self) -> int:
        for key in self.folder.keys():
            if key not in self.seen:
                self.seen.add(key)
                self.to_patrons += b"To: reader" in self.folder.get_bytes(key)
        return self.to_patrons


async def run_case(name: str, count: int, timeout: float) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"loanbot-bench-catalogue-{name}-") as tmp:
        tmp = Path(tmp)
        write_mailbox(tmp / "inbox", count)
        db = Database(sqlite_url(tmp / "bench.db"))
        await db.migrate()
        silent = [silent_socket(), silent_socket()] if name == "silent" else []
        keys: dict = {}
        if silent:
            keys["catalogue"] = [CatalogueTarget(name="NEVER", url=f"http://127.0.0.1:{silent[0].getsockname()[1]}/db",
                                                 timeout=timeout)]
            keys["crossref"] = CrossrefSettings(url=f"http://127.0.0.1:{silent[1].getsockname()[1]}",
                                                timeout=timeout)
        config = Config(mail=MailConfig(from_address="Library <library@example.edu>", maildir=str(tmp / "inbox"),
                                        outbox_maildir=str(tmp / "sent"), max_replies_per_sender_per_hour=10 ** 9),
                        base_dir=tmp, **keys)
        library = Library(db, load_policy(ROOT / "tests" / "data" / "policies" / "lending.toml"),
                          catalogues=config.catalogues)
        await library.registry.upsert_patrons(
            [PatronRecord(f"r{n}", "staff", ("tr", "hr", "lt", "en")[n % 4], f"reader{n}@example.org")
             for n in range(PATRONS)], NOW, Actor("staff", "bench", "cli"))
        service = Service(library, config, lambda: NOW)
        service.mail.poll_seconds = 0.05
        stop = asyncio.Event()
        started, cpu = time.perf_counter(), time.process_time()
        task = asyncio.create_task(service.run(stop))
        sent, arrivals = Replies(tmp / "sent"), []
        while len(arrivals) < count:
            await asyncio.sleep(0.02)
            arrivals += [time.perf_counter() - started] * (sent.count() - len(arrivals))
            if time.perf_counter() - started > 600:
                raise RuntimeError("replies did not arrive within 10 minutes")
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        async with db.session() as session:
            pending = await session.scalar(select(func.count()).select_from(CatalogueLookup).where(
                CatalogueLookup.state == "pending"))
            done = await session.scalar(select(func.count()).select_from(CatalogueLookup).where(
                CatalogueLookup.state == "done"))
        stop.set()   # as SIGTERM: the look-ups in hand finish (each within its timeout), the rest wait
        await asyncio.wait_for(task, timeout + 30)
        stopped = time.perf_counter() - started - elapsed
        await db.dispose()
        for s in silent:
            s.close()
        return {"name": name, "count": count, "elapsed": elapsed, "per_message_ms": 1000 * elapsed / count,
                "cpu_ms": 1000 * cpu / count,
                "median_arrival": statistics.median(arrivals), "lookups_pending": pending, "lookups_done": done,
                "stopped": stopped}


WORDS = ("tarih osmanlı imparatorluğu devlet toplum kültür edebiyat dil bilim felsefe povijest hrvatske "
         "književnosti jezik kultura društvo znanost filozofija lietuvių kalbos istorija kultūra visuomenė mokslas "
         "filosofija history society culture language science philosophy literature studies introduction modern "
         "early medieval economic political social theory practice").split()
FAMILIES = "İnalcık Ortaylı Frangeš Novak Ambrazas Zinkevičius Smith Jones Brown Quataert Katičić Jablonskis".split()


async def owned_lookups(items: int, asks: int) -> None:
    """`Holdings.owned` on the reply path, against `items` copies with generated titles: the candidate query over
    item_words, then the comparison in full."""
    import random

    from core.domain.registry import ItemRecord
    from core.domain.works import Work

    rng = random.Random(14)
    with tempfile.TemporaryDirectory(prefix="loanbot-bench-owned-") as tmp:
        db = Database(sqlite_url(Path(tmp) / "owned.db"))
        await db.migrate()
        library = Library(db, load_policy(ROOT / "tests" / "data" / "policies" / "lending.toml"))
        titles = [(" ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 6))), rng.choice(FAMILIES))
                  for _ in range(items)]
        started = time.perf_counter()
        for start in range(0, items, 5000):
            await library.registry.upsert_items(
                [ItemRecord(f"b{n}", "book", title.capitalize(), authors=(f"{family}, A.",))
                 for n, (title, family) in enumerate(titles[start:start + 5000], start)], NOW, Actor("staff", "b", "cli"))
        loaded = time.perf_counter() - started
        async with db.session() as session:
            from core.storage.models import ItemWord
            words = await session.scalar(select(func.count()).select_from(ItemWord))
        times, found = [], 0
        for n in range(asks):
            # half titles we own, half a title we do not (two common words, two of its own) by a known author
            title, family = titles[rng.randrange(items)] if n % 2 else (
                " ".join([rng.choice(WORDS), rng.choice(WORDS), f"Unheard{n}", f"Ofwork{n}"]), rng.choice(FAMILIES))
            t = time.perf_counter()
            owned = await library.holdings.owned(Work(type="book", title=title.upper(), authors=[family]))
            times.append(time.perf_counter() - t)
            found += owned is not None
        times.sort()
        print(f"owned: {items} items ({words} item_words rows) loaded through Registry.upsert_items in "
              f"{loaded:.1f} s; {asks} look-ups (half of them titles we own): p50 {1000 * times[len(times) // 2]:.1f} ms, "
              f"p99 {1000 * times[int(len(times) * 0.99)]:.1f} ms; {found} found")
        await db.dispose()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=3, help="runs of each case, alternating")
    parser.add_argument("--items", type=int, default=100_000, help="items for the owned-copies look-up (0: skip)")
    args = parser.parse_args()
    print(f"{args.messages} ILL requests by e-mail, loanbot serve on SQLite; load average {os.getloadavg()[0]:.2f}")
    runs: dict[str, list[dict]] = {"none": [], "silent": []}
    for _ in range(args.rounds):
        for name in runs:
            r = await run_case(name, args.messages, args.timeout)
            runs[name].append(r)
            print(f"{r['name']:>6}: every reply sent after {r['elapsed']:.2f} s ({r['per_message_ms']:.1f} ms, "
                  f"CPU {r['cpu_ms']:.1f} ms a message; half of them by {r['median_arrival']:.2f} s); look-ups then "
                  f"pending {r['lookups_pending']}, done {r['lookups_done']}; stopped {r['stopped']:.1f} s later")
    for name, rs in runs.items():
        print(f"{name:>6}, median of {len(rs)}: {statistics.median(r['per_message_ms'] for r in rs):.1f} ms and CPU "
              f"{statistics.median(r['cpu_ms'] for r in rs):.1f} ms a message, every reply sent after "
              f"{statistics.median(r['elapsed'] for r in rs):.2f} s")
    if args.items:
        await owned_lookups(args.items, 400)


if __name__ == "__main__":
    asyncio.run(main())

"""Notices at library scale (issue 3).

Builds a fresh SQLite library with 1,000,000 open loans (plus 200,000 returned ones) and 100,000 ILL requests in a
mix of states, 30,000 of them on loan with due dates, then:

* times `Notices.generate(now)` on the full set (target < 10 s and < 500 MB peak, all in SQL sets);
* shows `EXPLAIN QUERY PLAN` of every INSERT … SELECT it ran, and checks that the loan ones use the partial
  index `ix_loans_open_due`;
* runs `generate(now)` a second time: idempotent, it must insert nothing (and be fast);
* prints how many notices were produced per kind;
* writes patrons' letters from the backlog, batch after batch as a pass does (`Reminders._deliver_batch`: one
  letter per patron, all their notices grouped, into the outbox), for `--letter-batches` batches.

    .venv/bin/python bench/bench_notices.py                         # the full size
    .venv/bin/python bench/bench_notices.py --loans 100000 --items 130000 --ill 10000 --ill-on-loan 3000
    .venv/bin/python bench/bench_notices.py --db var/notices.db      # keep the file
    .venv/bin/python bench/bench_notices.py --db var/notices.db --reuse   # again on it (notices, outbox emptied)
"""
from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event  # noqa: E402

from bench import _data  # noqa: E402
from core.library import Library  # noqa: E402
from core.storage.database import Database, sqlite_url  # noqa: E402

TARGET_SECONDS = 10.0
TARGET_MB = 500.0
INDEX = "ix_loans_open_due"


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--patrons", type=int, default=100_000)
    parser.add_argument("--items", type=int, default=1_250_000)
    parser.add_argument("--loans", type=int, default=1_000_000, help="open loans")
    parser.add_argument("--returned", type=int, default=200_000, help="returned loans beside them")
    parser.add_argument("--ill", type=int, default=100_000, help="ILL requests")
    parser.add_argument("--ill-on-loan", type=int, default=30_000, help="ILL requests checked out, with due dates")
    parser.add_argument("--db", type=Path, help="build the library in this file and keep it")
    parser.add_argument("--reuse", action="store_true", help="use the existing --db file (its notices are emptied)")
    parser.add_argument("--letter-batches", type=int, default=40, help="batches of letters to write (500 notices each)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if args.reuse and (args.db is None or not args.db.exists()):
        parser.error("--reuse needs an existing --db file")
    return args


def counts(path: Path) -> dict[tuple[str, str], int]:
    con = sqlite3.connect(path)
    rows = con.execute("SELECT subject_kind, kind, count(*) FROM notices GROUP BY subject_kind, kind").fetchall()
    con.close()
    return {(subject, kind): n for subject, kind, n in rows}


def query_plans(path: Path, statements: list[tuple[str, tuple]]) -> list[tuple[str, str, list[str]]]:
    """(subject, kind, plan lines) of each INSERT … SELECT, planned on the file as it is now."""
    con = sqlite3.connect(path)
    plans = []
    for sql, params in statements:
        subject, kind = params[0], params[1]  # the literal subject and kind come first in the SELECT list
        rows = con.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
        plans.append((subject, kind, [detail for _, _, _, detail in rows]))
    con.close()
    return plans


async def write_letters(library: Library, batches: int) -> dict:
    """Letters from the backlog, as passes write them; the batches' times, notices taken and letters queued."""
    from sqlalchemy import func, select

    from core.scheduling.reminders import Reminders
    from core.storage.models import OutboxMessage

    reminders = Reminders(library)
    taken = said = 0
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(batches):
        batch_taken, batch_said = await reminders._deliver_batch(_data.NOW)
        taken, said = taken + batch_taken, said + batch_said
        if batch_taken == 0:
            break
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    async with library.db.session() as session:
        letters = await session.scalar(select(func.count()).select_from(OutboxMessage))
    return {"letters_seconds": seconds, "letters_cpu": cpu_seconds, "letters_taken": taken, "letters_said": said,
            "letters": letters}


async def run(path: Path, letter_batches: int = 0) -> dict:
    db = Database(sqlite_url(path))
    library = Library(db, _data.policy())
    statements: list[tuple[str, tuple]] = []

    @event.listens_for(db.engine.sync_engine, "before_cursor_execute")
    def capture(_conn, _cursor, statement, parameters, _context, _many):
        if statement.lstrip().upper().startswith("INSERT INTO NOTICES"):
            statements.append((statement, tuple(parameters)))

    try:
        return await _measure(library, path, statements, letter_batches)
    finally:
        await db.dispose()   # also after a failure: an open aiosqlite connection keeps the process from exiting


async def _measure(library: Library, path: Path, statements: list, letter_batches: int) -> dict:
    result: dict = {}
    for run_name in ("first", "second"):
        before = counts(path)
        started, cpu = time.perf_counter(), time.process_time()
        await library.notices.generate(_data.NOW)
        result[run_name] = time.perf_counter() - started
        result[f"{run_name}_cpu"] = time.process_time() - cpu  # all threads: SQLite runs in aiosqlite's
        after = counts(path)
        result[f"{run_name}_inserted"] = {key: after.get(key, 0) - before.get(key, 0) for key in after}
        result[f"{run_name}_peak_mb"] = _data.peak_mb()
        if run_name == "first":
            result["statements"] = list(statements)
    if letter_batches:
        result.update(await write_letters(library, letter_batches))
    return result


def main() -> None:
    args = arguments()
    path = args.db or _data.default_db_path("notices")
    print(_data.banner("bench_notices"))
    try:
        if args.reuse:
            print(f"reusing {path} (notices and outbox emptied)")
            con = sqlite3.connect(path, isolation_level=None)
            con.execute("DELETE FROM notices")
            con.execute("DELETE FROM outbox")   # letters of an earlier run (their keys name the notices' ids)
            con.close()
        else:
            spec = _data.Spec(patrons=args.patrons, items=args.items, returned_loans=args.returned,
                              open_loans=args.loans, heavy_loans=0, heavy_overdue=0, ill_requests=args.ill,
                              ill_on_loan=args.ill_on_loan, active_holds=0, seed=args.seed)
            print(f"building {path}: {args.patrons:,} patrons, {args.items:,} items, {args.loans:,} open loans "
                  f"(+{args.returned:,} returned), {args.ill:,} ILL requests ({args.ill_on_loan:,} on loan)")
            loaded = _data.load(path, spec, samples=0)
            rows = sum(loaded.rows.values())
            print(f"bulk load: {loaded.total_seconds:.1f} s for {rows:,} rows, "
                  f"file {path.stat().st_size / 2**20:,.0f} MiB")
        result = asyncio.run(run(path, args.letter_batches))
        plans = query_plans(path, result["statements"])
    finally:
        if args.db is None:
            _data.remove_db(path)

    print()
    print("query plans of the INSERT … SELECT statements (first run):")
    missing = []
    for subject, kind, lines in plans:
        print(f"  {subject:<4} {kind:<10} " + " | ".join(lines))
        if subject == "loan" and not any(INDEX in line for line in lines):
            missing.append(kind)
    print(f"  {INDEX}: " + ("used by every loan statement" if not missing else f"NOT used for {', '.join(missing)}"))

    first = sum(result["first_inserted"].values())
    second = sum(result["second_inserted"].values())
    peak = _data.peak_mb()
    print()
    print(f"generate, first run:  {result['first']:.2f} s (cpu {result['first_cpu']:.2f} s), {first:,} notices "
          f"(target < {TARGET_SECONDS:.0f} s: {'ok' if result['first'] < TARGET_SECONDS else 'MISSED'})")
    print(f"generate, second run: {result['second']:.2f} s (cpu {result['second_cpu']:.2f} s), {second:,} notices "
          f"(idempotent: {'ok' if second == 0 else 'MISSED'})")
    print("notices per kind:")
    for subject in ("loan", "ill"):
        for kind in ("due_soon", "overdue_1", "overdue_2", "overdue_3"):
            print(f"  {subject:<4} {kind:<10} {result['first_inserted'].get((subject, kind), 0):>10,}")
    if "letters" in result:
        print(f"letters: {result['letters']:,} letters from {result['letters_taken']:,} notices "
              f"({result['letters_said']:,} said, the rest superseded or stale) in {result['letters_seconds']:.2f} s "
              f"(cpu {result['letters_cpu']:.2f} s): {result['letters'] / result['letters_seconds']:,.0f} letters/s, "
              f"{result['letters_taken'] / result['letters_seconds']:,.0f} notices/s")
    print(f"peak memory (ru_maxrss): {peak:,.0f} MB (target < {TARGET_MB:.0f}: {'ok' if peak < TARGET_MB else 'MISSED'})")
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

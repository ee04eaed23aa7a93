"""Circulation at library scale (issue 2).

Builds a fresh SQLite library (default 50,000 patrons, 500,000 items, 1,000,000 loans of which 150,000 are still
out, one staff patron with exactly 50 open loans, 20 of them overdue), then measures through the real `Library`
use cases, in one process, one after the other:

* bulk load time;
* use cases per second for a shuffled mix of checkout, renew and checkin (target >= 500/s);
* `accounts.balance` latency for the 50-loan patron, p50/p99 (target p99 < 20 ms);
* peak memory, ru_maxrss (target < 500 MB).

    .venv/bin/python bench/bench_circulation.py                       # the full size
    .venv/bin/python bench/bench_circulation.py --patrons 5000 --items 50000 --loans 100000 --open 15000
    .venv/bin/python bench/bench_circulation.py --db var/bench.db     # keep the file
    .venv/bin/python bench/bench_circulation.py --db var/bench.db --reuse   # measure again on a kept file
"""
from __future__ import annotations

import argparse
import asyncio
import collections
import datetime as dt
import os
import random
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _data  # noqa: E402
from core.library import Library  # noqa: E402
from core.storage.database import Database, sqlite_url  # noqa: E402

TARGET_OPS = 500.0
TARGET_P99_MS = 20.0
TARGET_MB = 500.0
WARM_UP = 30


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--patrons", type=int, default=50_000)
    parser.add_argument("--items", type=int, default=500_000)
    parser.add_argument("--loans", type=int, default=1_000_000, help="all loans, returned and open")
    parser.add_argument("--open", type=int, default=None, help="open loans (default: 15%% of --loans)")
    parser.add_argument("--ops", type=int, default=3_000, help="use cases in the mix (a third of each kind)")
    parser.add_argument("--balance-calls", type=int, default=1_000)
    parser.add_argument("--db", type=Path, help="build the library in this file and keep it")
    parser.add_argument("--reuse", action="store_true", help="measure on the existing --db file, no build")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if args.open is None:
        args.open = args.loans * 15 // 100
    if args.reuse and (args.db is None or not args.db.exists()):
        parser.error("--reuse needs an existing --db file")
    return args


def sample_from_file(path: Path, samples: int, seed: int) -> tuple[list[int], list[tuple[int, int, bool]]]:
    """Free items and open loans read back from a kept file (for --reuse)."""
    con = sqlite3.connect(path)
    rng = random.Random(seed)
    today = _data.TODAY.isoformat()
    free = [r[0] for r in con.execute(
        "SELECT id FROM items WHERE item_type NOT IN ('reference') AND id NOT IN "
        "(SELECT item_id FROM loans WHERE returned_at IS NULL) ORDER BY random() LIMIT ?", (samples,))]
    loans = [(p, i, d < today) for p, i, d in con.execute(
        "SELECT patron_id, item_id, due_date FROM loans WHERE returned_at IS NULL AND patron_id != ? "
        "ORDER BY random() LIMIT ?", (_data.HEAVY_PATRON, samples))]
    con.close()
    rng.shuffle(free)
    return free, loans


def plan_mix(ops: int, free: list[int], loans: list[tuple[int, int, bool]], seed: int) -> list[tuple]:
    """(kind, patron, item): a third checkouts of items on the shelf by random borrowers, a third renewals and a
    third checkins of loans that are out; the heavy patron's loans are left alone (their balance is measured)."""
    rng = random.Random(seed)
    per_kind = ops // 3
    others = [loan for loan in loans if loan[0] != _data.HEAVY_PATRON]
    rng.shuffle(others)
    if len(others) < 2 * per_kind or len(free) < per_kind:
        raise SystemExit("not enough sampled loans/items for that many operations; lower --ops")
    renew = others[:per_kind]
    checkin = others[per_kind:2 * per_kind]
    borrowers = [patron for patron, _, _ in others]
    plan = [("checkout", rng.choice(borrowers), item) for item in free[:per_kind]]
    plan += [("renew", patron, item) for patron, item, _ in renew]
    plan += [("checkin", patron, item) for patron, item, _ in checkin]
    rng.shuffle(plan)
    return plan


async def measure(path: Path, args, free, loans) -> dict:
    policy = _data.policy()
    db = Database(sqlite_url(path))
    library = Library(db, policy)
    now = _data.NOW
    actor = _data.ACTOR
    heavy = _data.patron_code(_data.HEAVY_PATRON)
    results: dict = {}

    # The first WARM_UP operations are not counted: the connection, statement compilation, first index pages.
    full = plan_mix(args.ops + WARM_UP, free, loans, args.seed)
    warm, plan = full[:WARM_UP], full[WARM_UP:]
    for kind, patron, item in warm:
        await run_one(library, kind, patron, item, now, actor)
    for _ in range(10):
        await library.accounts.balance(heavy, now)

    outcomes: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    latencies: dict[str, list[float]] = collections.defaultdict(list)
    started, cpu = time.perf_counter(), time.process_time()
    for n, (kind, patron, item) in enumerate(plan):
        t0 = time.perf_counter()
        result = await run_one(library, kind, patron, item, now + dt.timedelta(seconds=n), actor)
        latencies[kind].append(time.perf_counter() - t0)
        outcomes[kind]["ok" if result.ok else result.error.value] += 1
    elapsed = time.perf_counter() - started
    results["ops_cpu"] = time.process_time() - cpu  # all threads of the process, aiosqlite's worker included
    results["ops"] = len(plan)
    results["ops_seconds"] = elapsed
    results["ops_per_second"] = len(plan) / elapsed
    results["outcomes"] = outcomes
    results["op_latency"] = {k: (_data.percentile(v, 50) * 1000, _data.percentile(v, 99) * 1000)
                             for k, v in latencies.items()}

    balance_times = []
    value = None
    for _ in range(args.balance_calls):
        t0 = time.perf_counter()
        value = await library.accounts.balance(heavy, now)
        balance_times.append(time.perf_counter() - t0)
    results["balance"] = value
    results["balance_p50_ms"] = _data.percentile(balance_times, 50) * 1000
    results["balance_p99_ms"] = _data.percentile(balance_times, 99) * 1000
    results["heavy_open"] = len(await library.circulation.loans_of(heavy, now))
    await db.dispose()
    return results


async def run_one(library: Library, kind: str, patron: int, item: int, now, actor):
    code, bc = _data.patron_code(patron), _data.barcode(item)
    if kind == "checkout":
        return await library.circulation.checkout(code, bc, now, actor)
    if kind == "renew":
        return await library.circulation.renew(code, bc, now, actor)
    return await library.circulation.checkin(bc, now, actor)


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main() -> None:
    args = arguments()
    path = args.db or _data.default_db_path("circulation")
    print(_data.banner("bench_circulation"))
    try:
        if args.reuse:
            print(f"reusing {path}")
            free, loans = sample_from_file(path, 5_000, args.seed)
            load_seconds = None
        else:
            spec = _data.Spec(patrons=args.patrons, items=args.items, returned_loans=args.loans - args.open,
                              open_loans=args.open, seed=args.seed)
            print(f"building {path}: {args.patrons:,} patrons, {args.items:,} items, {args.loans:,} loans "
                  f"({args.open:,} open)")
            loaded = _data.load(path, spec)
            free, loans = loaded.free_items, loaded.open_loans
            load_seconds = loaded.total_seconds
            rows = sum(loaded.rows.values())
            print(f"bulk load: {load_seconds:.1f} s for {rows:,} rows "
                  f"({rows / load_seconds:,.0f} rows/s, indexes included), file {path.stat().st_size / 2**20:,.0f} MiB")
        results = asyncio.run(measure(path, args, free, loans))
    finally:
        if args.db is None:
            _data.remove_db(path)

    peak = _data.peak_mb()
    print()
    print(f"use cases: {results['ops']:,} in {results['ops_seconds']:.2f} s (cpu {results['ops_cpu']:.2f} s) = "
          f"{results['ops_per_second']:,.0f} ops/s "
          f"(target >= {TARGET_OPS:.0f}: {verdict(results['ops_per_second'] >= TARGET_OPS)})")
    for kind in ("checkout", "renew", "checkin"):
        p50, p99 = results["op_latency"][kind]
        outcome = ", ".join(f"{k} {v}" for k, v in results["outcomes"][kind].most_common())
        print(f"  {kind:<8} p50 {p50:5.2f} ms  p99 {p99:5.2f} ms   {outcome}")
    print(f"balance of {_data.patron_code(_data.HEAVY_PATRON)} ({results['heavy_open']} open loans) = "
          f"{results['balance']}: p50 {results['balance_p50_ms']:.2f} ms, p99 {results['balance_p99_ms']:.2f} ms "
          f"over {args.balance_calls:,} calls (target p99 < {TARGET_P99_MS:.0f} ms: "
          f"{verdict(results['balance_p99_ms'] < TARGET_P99_MS)})")
    print(f"peak memory (ru_maxrss): {peak:,.0f} MB (target < {TARGET_MB:.0f}: {verdict(peak < TARGET_MB)})")
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

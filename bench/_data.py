"""Shared data generator for the benches: a realistic library bulk-loaded into a fresh SQLite file.

The schema comes from the real migrations (`Database.migrate`); the rows are then written with the raw `sqlite3`
driver on the same file, in the exact storage formats the SQLAlchemy types use (UTC moments as
"YYYY-MM-DD HH:MM:SS.ffffff" without a zone, local dates as "YYYY-MM-DD", money as whole hundredths, booleans as
0/1), with `executemany` in batches, one transaction per table. The secondary indexes are dropped before the load
and re-created from their own `CREATE INDEX` text afterwards (faster than maintaining them row by row); the
result is the same file the migrations would give, only full.

Everything is seeded, so two runs with the same sizes build the same library. Codes are derived from ids:
patron n is `patron_code(n)`, item n is `barcode(n)`.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import os
import random
import resource
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from core.plumbing.context import Actor  # noqa: E402
from core.domain.policy import load_policy  # noqa: E402
from core.storage.database import Database, sqlite_url  # noqa: E402

POLICY_PATH = ROOT / "core" / "samples" / "policy.toml"
ZONE = ZoneInfo("Europe/Vilnius")  # the sample policy's time zone
NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=ZONE)  # a Wednesday in the sample's autumn term
TODAY = NOW.date()
ACTOR = Actor("staff", "bench", "cli")
HEAVY_PATRON = 1  # the staff patron with exactly `heavy_loans` open loans

BATCH = 50_000
CLOSED_WEEKDAYS = {6}  # Sunday, as in the sample policy
HOLIDAYS = {dt.date(2026, 12, 24), dt.date(2026, 12, 25), dt.date(2026, 12, 26), dt.date(2027, 1, 1)}
AUTUMN_END = dt.date(2027, 1, 31)  # textbook (term) loans are due at the end of the term
TERM_START = dt.date(2026, 9, 1)

CATEGORIES = (("student", 0.70), ("staff", 0.25), ("visitor", 0.05))
ITEM_TYPES = (("book", 0.55), ("week", 0.12), ("day", 0.05), ("overnight", 0.03), ("textbook", 0.15),
              ("reference", 0.10))
LOANABLE = ("book", "week", "day", "overnight", "textbook")
PERIOD = {"book": 28, "week": 7, "day": 1}  # students' books: 21 days (the sample policy)
ILL_OTHER_STATES = (("requested", 8), ("located", 6), ("sent", 6), ("approved", 5), ("shipped", 5),
                    ("arrived", 3), ("returned", 4), ("shipped_back", 4), ("closed", 45), ("rejected", 8),
                    ("cancelled", 6))
STUDENT_OPEN_CAP = 3  # students hold at most this many open loans (policy: 4 in total, 2 books)
LANGUAGES = ("lt", "lt", "lt", "en", "en", "hr", "tr")


def patron_code(n: int) -> str:
    return f"P{n:07d}"


def barcode(n: int) -> str:
    return f"I{n:08d}"


def peak_mb() -> float:
    """Peak resident set size of this process so far (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


# --- storage formats -------------------------------------------------------------------------------------------
_offsets: dict[dt.date, dt.timedelta] = {}


def _offset(day: dt.date) -> dt.timedelta:
    offset = _offsets.get(day)
    if offset is None:
        offset = _offsets[day] = dt.datetime.combine(day, dt.time(12), tzinfo=ZONE).utcoffset()
    return offset


_day_text: dict[dt.date, tuple[str, int]] = {}


def utc_text(day: dt.date, minute_of_day: int) -> str:
    """A local wall-clock moment (day, minutes after midnight) as the UTCDateTime column stores it."""
    cached = _day_text.get(day)
    if cached is None:
        cached = _day_text[day] = (day.isoformat(), int(_offset(day).total_seconds()) // 60)
    minute = minute_of_day - cached[1]
    if 0 <= minute < 1440:  # the same day in UTC: no datetime arithmetic needed (a million rows add up)
        return f"{cached[0]} {minute // 60:02d}:{minute % 60:02d}:00.000000"
    local = dt.datetime(day.year, day.month, day.day) + dt.timedelta(minutes=minute_of_day)
    return (local - _offset(day)).isoformat(" ") + ".000000"


def moment_text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).replace(tzinfo=None, microsecond=0).isoformat(" ") + ".000000"


END_OF_DAY = 23 * 60 + 59


def push(day: dt.date) -> dt.date:
    """The sample policy's "push" mode: a due date on a closed day moves to the next open day."""
    while day.weekday() in CLOSED_WEEKDAYS or day in HOLIDAYS:
        day += dt.timedelta(days=1)
    return day


# --- the library -----------------------------------------------------------------------------------------------
@dataclass
class Spec:
    patrons: int = 50_000
    items: int = 500_000
    returned_loans: int = 850_000
    open_loans: int = 150_000          # including the heavy patron's
    heavy_loans: int = 50              # open loans of patron HEAVY_PATRON (a staff member); 0 for none
    heavy_overdue: int = 20            # how many of those are overdue
    overdue_share: float = 0.22        # of the other open loans
    ill_requests: int = 0
    ill_on_loan: int = 0               # of the ILL requests: checked out (or renewal requested), with due dates
    active_holds: int | None = None    # default: one open loan in 30 has a hold on it
    seed: int = 2026


@dataclass
class Loaded:
    spec: Spec
    seconds: dict[str, float] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    free_items: list[int] = field(default_factory=list)                 # loanable items not on loan (sample)
    open_loans: list[tuple[int, int, bool]] = field(default_factory=list)  # (patron, item, overdue) sample
    held_items: set[int] = field(default_factory=set)                   # items with an active hold

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


def fresh_database(path: Path) -> None:
    """Delete `path` (and its WAL files) and create the schema through the real migrations."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)

    async def migrate() -> None:
        db = Database(sqlite_url(path))
        await db.migrate()
        await db.dispose()

    asyncio.run(migrate())


TABLES = ("patrons", "items", "loans", "charges", "holds", "ill_requests")


def load(path: Path, spec: Spec, samples: int = 5_000, log=print) -> Loaded:
    """Create a fresh migrated database at `path` and fill it as `spec` says; returns timings and samples."""
    out = Loaded(spec)
    if spec.active_holds is None:
        spec.active_holds = spec.open_loans // 30
    started = time.perf_counter()
    fresh_database(path)
    out.seconds["migrate"] = time.perf_counter() - started

    rng = random.Random(spec.seed)
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=OFF")   # a fresh file: if the load dies, it is simply made again
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-65536")  # 64 MiB
    con.execute("PRAGMA temp_store=FILE")
    indexes = con.execute(
        "SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL AND tbl_name IN (%s)"
        % ",".join("?" * len(TABLES)), TABLES).fetchall()
    for name, _ in indexes:
        con.execute(f'DROP INDEX "{name}"')

    def insert(table: str, columns: tuple[str, ...], rows) -> None:
        t0 = time.perf_counter()
        names = ", ".join(f'"{column}"' for column in columns)  # quoted: "foreign" is a keyword
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})"
        count = 0
        con.execute("BEGIN")
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                con.executemany(sql, batch)
                count += len(batch)
                batch.clear()
        if batch:
            con.executemany(sql, batch)
            count += len(batch)
        con.execute("COMMIT")
        out.rows[table] = out.rows.get(table, 0) + count
        out.seconds[table] = out.seconds.get(table, 0.0) + time.perf_counter() - t0
        log(f"  {table:<13} {count:>10,} rows  {time.perf_counter() - t0:6.1f} s")

    created = moment_text(NOW - dt.timedelta(days=1200))

    # patrons ---------------------------------------------------------------------------------------------------
    cats = [c for c, _ in CATEGORIES]
    weights = [w for _, w in CATEGORIES]
    category = [""] * (spec.patrons + 1)
    for n in range(1, spec.patrons + 1):
        category[n] = "staff" if n == HEAVY_PATRON else rng.choices(cats, weights)[0]
    students = [n for n in range(1, spec.patrons + 1) if category[n] == "student"]
    staff = [n for n in range(1, spec.patrons + 1) if category[n] == "staff" and n != HEAVY_PATRON]
    borrowers = students + staff

    insert("patrons", ("id", "code", "name", "category", "language", "email", "restricted", "telegram_user_id",
                       "preferred_channel", "created_at"),
           ((n, patron_code(n), f"Patron {n}", category[n], rng.choice(LANGUAGES), f"p{n}@example.edu",
             1 if rng.random() < 0.005 else 0, 700_000_000 + n if rng.random() < 0.3 else None, "auto", created)
            for n in range(1, spec.patrons + 1)))

    # items -----------------------------------------------------------------------------------------------------
    types = [t for t, _ in ITEM_TYPES]
    tweights = [w for _, w in ITEM_TYPES]
    item_type = [""] + rng.choices(types, tweights, k=spec.items)
    insert("items", ("id", "barcode", "item_type", "title", "created_at"),
           ((n, barcode(n), item_type[n], f"Title of work {n}", created) for n in range(1, spec.items + 1)))

    loanable = [n for n in range(1, spec.items + 1) if item_type[n] in LOANABLE]
    if len(loanable) < spec.open_loans:
        raise SystemExit(f"{spec.open_loans:,} open loans need at least that many loanable items; "
                         f"{spec.items:,} items give {len(loanable):,} (raise --items)")
    rng.shuffle(loanable)
    on_loan, free = loanable[:spec.open_loans], loanable[spec.open_loans:]
    out.free_items = free[:samples]
    del loanable

    # loans -----------------------------------------------------------------------------------------------------
    def period_of(kind: str, patron: int) -> int:
        if kind == "book" and category[patron] == "student":
            return 21
        return PERIOD.get(kind, 1)

    def open_loan(loan_id: int, patron: int, item: int, overdue: bool) -> tuple:
        kind = item_type[item]
        renewals = 0
        if kind == "textbook":
            due_day = AUTUMN_END
            if overdue:  # a textbook kept from last term
                due_day = dt.date(2026, 6, 30)
                out_day = due_day - dt.timedelta(days=rng.randint(20, 120))
            else:
                out_day = TERM_START + dt.timedelta(days=rng.randint(0, (TODAY - TERM_START).days))
            return (loan_id, patron, item, utc_text(out_day, rng.randint(540, 1140)), out_day.isoformat(),
                    utc_text(due_day, END_OF_DAY), due_day.isoformat(), None, 0, 0)
        if kind == "overnight":
            late = 1 + int(rng.expovariate(1 / 10)) if overdue else 0
            out_day = TODAY - dt.timedelta(days=late)
            minute = rng.randint(960, 1140)  # borrowed late afternoon, due 16 hours later
            out_at = dt.datetime.combine(out_day, dt.time(minute // 60, minute % 60), tzinfo=ZONE)
            due_at = (out_at.astimezone(dt.timezone.utc) + dt.timedelta(hours=16)).astimezone(ZONE)
            due_day = push(due_at.date())
            if due_day != due_at.date():
                due_at = dt.datetime.combine(due_day, due_at.timetz())
            return (loan_id, patron, item, moment_text(out_at), out_day.isoformat(), moment_text(due_at),
                    due_day.isoformat(), None, 0, 0)
        period = period_of(kind, patron)
        if overdue:
            due_day = TODAY - dt.timedelta(days=1 + min(int(rng.expovariate(1 / 21)), 400))
        else:
            due_day = TODAY + dt.timedelta(days=rng.randint(0, period))
        if kind != "day" and rng.random() < 0.25:
            renewals = 1
        out_day = due_day - dt.timedelta(days=period * (1 + renewals))
        due_day = push(due_day)
        return (loan_id, patron, item, utc_text(out_day, rng.randint(540, 1140)), out_day.isoformat(),
                utc_text(due_day, END_OF_DAY), due_day.isoformat(), None, renewals, renewals)

    open_count: dict[int, int] = {}

    def borrower() -> int:
        if students and rng.random() < 0.45:
            patron = rng.choice(students)
            if open_count.get(patron, 0) < STUDENT_OPEN_CAP:
                open_count[patron] = open_count.get(patron, 0) + 1
                return patron
        return rng.choice(staff or students)

    fines: list[tuple] = []  # charges for returned late loans

    def loan_rows():
        loan_id = 0
        heavy = min(spec.heavy_loans, spec.open_loans)
        for index, item in enumerate(on_loan):
            loan_id += 1
            if index < heavy:
                patron, overdue = HEAVY_PATRON, index < spec.heavy_overdue
            else:
                patron, overdue = borrower(), rng.random() < spec.overdue_share
            if len(out.open_loans) < samples or patron == HEAVY_PATRON:
                out.open_loans.append((patron, item, overdue))
            yield open_loan(loan_id, patron, item, overdue)
        returned_items = free + on_loan  # history: any loanable item, mostly the ones on the shelf
        for _ in range(spec.returned_loans):
            loan_id += 1
            patron = rng.choice(borrowers)
            item = returned_items[int(len(returned_items) * rng.random() ** 1.3)]
            kind = item_type[item]
            period = period_of(kind, patron) if kind not in ("textbook", "overnight") else 14
            out_day = TODAY - dt.timedelta(days=rng.randint(period + 1, 1095))
            due_day = push(out_day + dt.timedelta(days=period))
            back_day = min(out_day + dt.timedelta(days=rng.randint(1, period + 12)), TODAY - dt.timedelta(days=1))
            yield (loan_id, patron, item, utc_text(out_day, rng.randint(540, 1140)), out_day.isoformat(),
                   utc_text(due_day, END_OF_DAY), due_day.isoformat(), utc_text(back_day, rng.randint(540, 1140)),
                   0, 0)
            late = (back_day - due_day).days
            if late > 0 and rng.random() < 0.6:
                amount = min(late * 20, 300)
                paid = amount if rng.random() < 0.85 else 0
                fines.append((patron, "fine", amount, paid, utc_text(back_day, 600), loan_id, None,
                              f"{barcode(item)}: {late} days late"))

    insert("loans", ("id", "patron_id", "item_id", "checked_out_at", "checkout_date", "due_at", "due_date",
                     "returned_at", "renewals", "self_renewals"), loan_rows())

    # charges ---------------------------------------------------------------------------------------------------
    if spec.heavy_loans:
        for k in range(5):  # some unpaid history for the heavy patron too
            fines.append((HEAVY_PATRON, "fine", 40 + 10 * k, 0, utc_text(TODAY - dt.timedelta(days=30 + k), 600),
                          None, None, f"older fine {k + 1}"))
    insert("charges", ("patron_id", "kind", "amount", "paid", "created_at", "loan_id", "ill_request_id", "note"),
           fines)
    del fines

    # holds: active ones on items that are out, plus history ----------------------------------------------------
    def hold_rows():
        seen = set()
        anywhere = on_loan + out.free_items
        candidates = on_loan[spec.heavy_loans:]
        for _ in range(min(spec.active_holds, len(candidates))):
            item = rng.choice(candidates)
            patron = rng.choice(borrowers)
            if (patron, item) in seen:
                continue
            seen.add((patron, item))
            out.held_items.add(item)
            yield (patron, item, utc_text(TODAY - dt.timedelta(days=rng.randint(0, 20)), 720), "active", None)
        for _ in range(spec.active_holds * 3):
            day = TODAY - dt.timedelta(days=rng.randint(21, 700))
            yield (rng.choice(borrowers), rng.choice(anywhere), utc_text(day, 720),
                   rng.choice(("fulfilled", "fulfilled", "cancelled")), utc_text(day + dt.timedelta(days=9), 720))

    if spec.active_holds:
        insert("holds", ("patron_id", "item_id", "placed_at", "status", "ended_at"), hold_rows())

    # ILL requests ----------------------------------------------------------------------------------------------
    if spec.ill_requests:
        states = [s for s, _ in ILL_OTHER_STATES]
        sweights = [w for _, w in ILL_OTHER_STATES]

        def ill_rows():
            for n in range(1, spec.ill_requests + 1):
                patron = rng.choice(borrowers)
                made = TODAY - dt.timedelta(days=rng.randint(1, 720))
                due_at = due_day = out_day = arrived = lender_due = None
                if n <= spec.ill_on_loan:
                    state = "renewal_requested" if rng.random() < 0.07 else "checked_out"
                    if rng.random() < 0.3:
                        due = TODAY - dt.timedelta(days=1 + min(int(rng.expovariate(1 / 14)), 200))
                    else:
                        due = TODAY + dt.timedelta(days=rng.randint(0, 35))
                    out_d = due - dt.timedelta(days=rng.randint(21, 35))
                    due_day, out_day = push(due).isoformat(), out_d.isoformat()
                    due_at = utc_text(push(due), END_OF_DAY)
                    lender_due = (push(due) + dt.timedelta(days=9)).isoformat()
                    arrived = utc_text(out_d - dt.timedelta(days=rng.randint(0, 3)), 660)
                    made = min(made, out_d - dt.timedelta(days=10))
                else:
                    state = rng.choices(states, sweights)[0]
                kind = rng.choice(("book", "book", "book", "article", "chapter", "thesis"))
                yield (n, patron, state, kind, f"Borrowed work {n}", f'["Author {n % 9973}"]',
                       2000 + n % 26, None, None, None, None, None, None, None, None, None, None,
                       f"borrowed work {n}|author {n % 9973}", None, "Lender library" if n % 3 else None, "[]",
                       1 if n % 11 == 0 else 0, lender_due, due_at, due_day, out_day, None,
                       f"{rng.getrandbits(128):032x}", "email", utc_text(made, 600), utc_text(TODAY, 600), arrived,
                       None, None)

        insert("ill_requests", ("id", "patron_id", "state", "work_type", "title", "authors", "year", "publisher",
                                "isbn", "issn", "doi", "container", "volume", "issue", "pages", "edition",
                                "material", "match_key", "repeat_of_id", "lender", "alternatives", "foreign",
                                "lender_due", "due_at", "due_date", "checkout_date", "reason", "approval_secret",
                                "channel", "created_at", "updated_at", "arrived_at", "returned_at", "closed_at"),
               ill_rows())

    # indexes back, then the file back to WAL as the application runs it ----------------------------------------
    t0 = time.perf_counter()
    for _, sql in indexes:
        con.execute(sql)
    out.seconds["indexes"] = time.perf_counter() - t0
    log(f"  {'indexes':<13} {len(indexes):>10} built {out.seconds['indexes']:6.1f} s")
    con.execute("PRAGMA journal_mode=WAL")
    con.close()
    return out


def banner(name: str) -> str:
    """The first line each bench prints: what ran, when "now" is, and how busy the shared machine was."""
    return (f"loanbot {name}  (SQLite {sqlite3.sqlite_version}, now = {NOW.isoformat()}, "
            f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores)")


def default_db_path(name: str) -> Path:
    return Path(os.environ.get("TMPDIR", "/tmp")) / f"loanbot-{name}-{os.getpid()}.db"


def remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def policy():
    return load_policy(POLICY_PATH)

"""SQLite statements run on the event loop's thread inside `inline_statements()` (core/storage/database.py): the
same results as through aiosqlite's thread, a rollback still undoes everything, and a writer that has to wait for
another connection's lock waits on aiosqlite's thread, so the event loop keeps running meanwhile."""
from __future__ import annotations

import asyncio
import shutil
import sqlite3
import threading
import time

import pytest
from sqlalchemy import func, select, text

from core.storage.database import Database, inline_statements, sqlite_url
from core.storage.models import OutboxMessage

pytestmark = pytest.mark.asyncio


@pytest.fixture
async def sqlite_db(migrated_sqlite, tmp_path):
    path = tmp_path / "loanbot.db"
    shutil.copy(migrated_sqlite, path)
    database = Database(sqlite_url(path))
    yield database, path
    await database.dispose()


def _row(n: int) -> dict:
    return {"channel": "telegram", "recipient": str(n), "subject": "", "body": f"reply {n}", "headers": "{}",
            "created_at": "2026-03-02 08:00:00.000000", "not_before": "2026-03-02 08:00:00.000000", "attempts": 0}


INSERT = text("INSERT INTO outbox (channel, recipient, subject, body, headers, created_at, not_before, attempts) "
              "VALUES (:channel, :recipient, :subject, :body, :headers, :created_at, :not_before, :attempts)")


async def count(db: Database) -> int:
    async with db.session() as session:
        return await session.scalar(select(func.count()).select_from(OutboxMessage))


async def test_inline_statements_run_on_the_loop_thread_and_commit(sqlite_db):
    db, _ = sqlite_db
    ran_on: dict[str, set[int]] = {}

    def trace(statement: str) -> None:   # SQLite calls it on the thread that runs the statement
        ran_on.setdefault(statement.split()[0], set()).add(threading.get_ident())

    async with db.engine.connect() as connection:   # the pool's one connection, which the sessions below reuse
        raw = (await connection.get_raw_connection()).driver_connection._conn
        raw.set_trace_callback(trace)
    with inline_statements():
        async with db.session() as session, session.begin():
            await session.execute(INSERT, [_row(1), _row(2)])
            assert await session.scalar(select(func.count()).select_from(OutboxMessage)) == 2
    loop_thread = {threading.get_ident()}
    assert ran_on["BEGIN"] == ran_on["INSERT"] == ran_on["SELECT"] == ran_on["COMMIT"] == loop_thread
    ran_on.clear()
    async with db.session() as session, session.begin():   # outside the block: aiosqlite's thread, as before
        await session.execute(INSERT, [_row(3)])
    assert ran_on["INSERT"] and not ran_on["INSERT"] & loop_thread
    assert await count(db) == 3


async def test_a_rolled_back_inline_transaction_leaves_nothing(sqlite_db):
    db, _ = sqlite_db
    with inline_statements():
        with pytest.raises(RuntimeError):
            async with db.session() as session, session.begin():
                await session.execute(INSERT, [_row(1)])
                raise RuntimeError("the use case failed half way")
    assert await count(db) == 0


async def test_waiting_for_another_writer_does_not_stop_the_event_loop(sqlite_db):
    db, path = sqlite_db
    locked, release = threading.Event(), threading.Event()

    def other_writer() -> None:   # another process's writer, holding SQLite's write lock for 0.5 s
        connection = sqlite3.connect(path, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        locked.set()
        release.wait(5)
        connection.execute("COMMIT")
        connection.close()

    holder = threading.Thread(target=other_writer)
    holder.start()
    locked.wait(5)
    ticks = []

    async def heartbeat() -> None:
        while len(ticks) < 1000:
            ticks.append(time.monotonic())
            await asyncio.sleep(0.01)

    beat = asyncio.create_task(heartbeat())
    threading.Timer(0.5, release.set).start()
    started = time.monotonic()
    with inline_statements():
        async with db.session() as session, session.begin():   # BEGIN IMMEDIATE has to wait for the lock
            await session.execute(INSERT, [_row(1)])
    waited = time.monotonic() - started
    beat.cancel()
    holder.join(5)
    assert waited >= 0.4                       # it did wait for the other writer …
    during = [t for t in ticks if started <= t <= started + waited]
    assert len(during) >= 20                   # … and the loop kept ticking every 10 ms meanwhile
    assert await count(db) == 1

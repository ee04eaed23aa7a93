"""The database handle: one async engine, sessions, and schema migrations run through Alembic."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import aiosqlite
from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

BUSY_TIMEOUT_MS = 30_000   # SQLite: how long a writer waits for another one
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection=None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


class Database:
    def __init__(self, url: str, echo: bool = False):
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        options: dict = {"echo": echo}
        if self.is_sqlite:
            # Writers wait for each other instead of failing at once; SQLite serializes writes anyway.
            options["connect_args"] = {"timeout": BUSY_TIMEOUT_MS / 1000}
            # Returned connections are rolled back only when SQLite says a transaction is still open (_sqlite_reset):
            # after a COMMIT the unconditional rollback was one more trip to aiosqlite's thread per use case.
            options["pool_reset_on_return"] = None
        else:
            options.update(pool_size=10, max_overflow=10, pool_pre_ping=True)
        self.engine: AsyncEngine = create_async_engine(url, **options)
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "do_connect", _sqlite_batched_driver)
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
            event.listen(self.engine.sync_engine, "begin", _sqlite_begin_immediate)
            event.listen(self.engine.sync_engine.pool, "reset", _sqlite_reset)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def session(self) -> AsyncSession:
        return self.sessions()

    async def migrate(self) -> None:
        """Bring the schema to the newest revision (a no-op when it is already there)."""
        async with self.engine.begin() as connection:
            await connection.run_sync(lambda sync: command.upgrade(alembic_config(sync), "head"))

    async def dispose(self) -> None:
        await self.engine.dispose()


def _sqlite_batched_driver(_dialect, _record, _cargs, cparams) -> None:
    # Same connection arguments, but a cursor that makes one trip to aiosqlite's thread per statement instead of
    # four (see BatchedCursor): the largest single cost of a use case on SQLite.
    if "async_creator_fn" not in cparams:
        cparams["async_creator_fn"] = _batched_connect


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # Take transaction control from the driver so that every transaction can begin IMMEDIATE (below).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_reset(dbapi_connection, _record, state) -> None:
    """The pool's rollback-on-return, skipped when the connection has no open transaction (the usual case: the
    use case committed or rolled back). `in_transaction` is read from sqlite3 without a trip to the thread."""
    if state.terminate_only or not state.asyncio_safe:
        return
    if dbapi_connection.driver_connection.in_transaction:
        dbapi_connection.rollback()


def _sqlite_begin_immediate(connection) -> None:
    """Take SQLite's write lock when a transaction begins: a use case reads, decides, then writes, and two of
    them must not both decide on the same snapshot (two checkouts of one item). PostgreSQL locks rows instead."""
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def sqlite_url(path: str | Path) -> str:
    return f"sqlite+aiosqlite:///{Path(path)}"


# While this is set (`inline_statements`), the statements of an open transaction, its COMMIT or ROLLBACK, and a
# BEGIN IMMEDIATE that gets the write lock at once run on the event loop's own thread; a BEGIN that has to wait for
# another writer, statements outside a transaction and connecting still go through aiosqlite's thread.
_inline: ContextVar[bool] = ContextVar("loanbot_sqlite_inline", default=False)


@contextmanager
def inline_statements():
    """Within this block, SQLite statements of an already open transaction run on the calling (event loop) thread
    instead of making a round trip to aiosqlite's worker thread.

    The transaction began IMMEDIATE, so it holds SQLite's write lock and in WAL mode none of its statements waits
    for another connection: each takes the microseconds SQLite needs and nothing else. The round trip (a queue put,
    a wake-up of the worker, a self-pipe write back to the loop, the GIL changing hands twice) cost several times
    more than the statement itself. Meant for short interactive units of work (a chat turn), not for bulk
    statements that run for seconds and would hold up the loop."""
    token = _inline.set(True)
    try:
        yield
    finally:
        _inline.reset(token)


# --- aiosqlite with one thread hop per statement -------------------------------------------------------------
def _run(connection: sqlite3.Connection, sql: str, parameters: Any, many: bool):
    cursor = connection.cursor()
    try:
        if many:
            cursor.executemany(sql, parameters)
        else:
            cursor.execute(sql, parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else []
        return rows, description, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


class BatchedCursor:
    """The subset of `aiosqlite.Cursor` that SQLAlchemy's adapter uses, one worker call per execute.

    SQLAlchemy's aiosqlite adapter makes four round trips to aiosqlite's worker thread for every statement: create a
    cursor, execute, fetch all rows, close the cursor. Each round trip is a queue put, a wake-up of the worker, a
    `call_soon_threadsafe` back to the event loop and a greenlet switch, and at 10-14 statements per use case that
    was most of the cost of a use case. Here the cursor does all four in the worker thread in one call and keeps
    what SQLAlchemy reads afterwards (rows, description, rowcount, lastrowid); fetching and closing are then free.

    The statements, their order, the connection and its transactions are exactly aiosqlite's: only the number of
    hops changes. A "server-side" cursor (`stream()`) gets its rows fetched at once too, which the project does not
    use on SQLite.
    """

    __slots__ = ("_conn", "_rows", "description", "rowcount", "lastrowid", "arraysize")

    def __init__(self, conn: "BatchedConnection") -> None:
        self._conn = conn
        self._rows: list = []
        self.description = None
        self.rowcount = -1
        self.lastrowid = None
        self.arraysize = 1

    async def __aenter__(self) -> "BatchedCursor":
        return self

    async def __aexit__(self, *exc) -> None:
        return None

    async def execute(self, sql: str, parameters: Iterable[Any] | None = None) -> "BatchedCursor":
        return await self._call(sql, [] if parameters is None else parameters, False)

    async def executemany(self, sql: str, parameters: Iterable[Iterable[Any]]) -> "BatchedCursor":
        return await self._call(sql, parameters, True)

    async def _call(self, sql, parameters, many) -> "BatchedCursor":
        conn = self._conn
        raw = conn._conn
        result = None
        if _inline.get():
            if raw.in_transaction:
                result = _run(raw, sql, parameters, many)
            elif sql == "BEGIN IMMEDIATE":
                result = _begin_without_waiting(raw)
        if result is None:
            result = await conn._execute(_run, raw, sql, parameters, many)
        self._rows, self.description, self.rowcount, self.lastrowid = result
        return self

    async def fetchall(self) -> list:
        rows, self._rows = self._rows, []
        return rows

    async def fetchone(self):
        return self._rows.pop(0) if self._rows else None

    async def fetchmany(self, size: int | None = None) -> list:
        size = self.arraysize if size is None else size
        rows, self._rows = self._rows[:size], self._rows[size:]
        return rows

    async def nextset(self) -> None:
        return None

    async def setinputsizes(self, *sizes) -> None:
        return None

    async def close(self) -> None:
        self._rows = []


class BatchedConnection(aiosqlite.Connection):
    def cursor(self) -> BatchedCursor:  # no worker call: the sqlite3 cursor lives only inside `_run`
        return BatchedCursor(self)

    async def commit(self) -> None:
        # In WAL mode a COMMIT never waits for another connection.
        if _inline.get():
            self._conn.commit()
        else:
            await super().commit()

    async def rollback(self) -> None:
        if _inline.get():
            self._conn.rollback()
        else:
            await super().rollback()


def _begin_without_waiting(raw: sqlite3.Connection):
    """BEGIN IMMEDIATE on the calling thread if the write lock is free this instant; None if another connection
    holds it (the caller then waits for it on aiosqlite's thread, not on the event loop)."""
    raw.execute("PRAGMA busy_timeout = 0")
    try:
        return _run(raw, "BEGIN IMMEDIATE", [], False)
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise
        return None
    finally:
        raw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def _batched_connect(database, *, iter_chunk_size: int = 64, **kwargs: Any) -> BatchedConnection:
    """`aiosqlite.connect` with the batched cursor (same arguments, same sqlite3 connection). The connection may
    be used from the event loop's thread too (`inline_statements`), never at the same time as from aiosqlite's."""
    kwargs["check_same_thread"] = False
    location = database.decode() if isinstance(database, bytes) else str(database)
    return BatchedConnection(lambda: sqlite3.connect(location, **kwargs), iter_chunk_size)

"""Shared test set-up: a real database for every test, on SQLite and on PostgreSQL.

`LOANBOT_TEST_DATABASES` chooses the backends (default "sqlite,postgresql"); PostgreSQL is installed and started
on loopback by scripts/servers/postgres.sh unless `LOANBOT_TEST_PG_URL` names one.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import os
import shutil
import subprocess
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine

from core.library import Library
from core.domain.policy import parse_policy
from core.domain.registry import ItemRecord, PatronRecord
from core.plumbing.context import Actor
from core.storage.database import Database, sqlite_url
from core.storage.models import Base

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
BACKENDS = [b.strip() for b in os.environ.get("LOANBOT_TEST_DATABASES", "sqlite,postgresql").split(",") if b.strip()]
STAFF = Actor("staff", "desk@example.edu", "cli")

pytest_plugins = ["tests.servers.fixtures"] if (ROOT / "tests/servers/fixtures.py").exists() else []


def pytest_report_header(config) -> list[str]:
    """The versions this run is on, beside those the suite last passed with: the Python packages are the lock's
    (tests/test_lock.py fails otherwise); the Debian packages of the test servers may be newer than tested."""
    lines = [f"loanbot: Python packages from requirements.lock; test databases: {', '.join(BACKENDS)}"]
    try:
        versions = subprocess.run(["bash", str(ROOT / "scripts/servers/debian.sh"), "versions"],
                                  capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return lines + [f"Debian packages: not known ({exc})"]
    return lines + versions.stdout.splitlines()


def run_in_own_loop(coroutine_function, *args):
    """Session set-up may be asked for from inside a running test loop: run it on a thread of its own."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(coroutine_function(*args))).result()


def pg_server_url() -> str:
    url = os.environ.get("LOANBOT_TEST_PG_URL")
    if url:
        return url
    script = ROOT / "scripts" / "servers" / "postgres.sh"
    subprocess.run(["bash", str(script), "start"], check=True, stdout=subprocess.DEVNULL)
    return subprocess.run(["bash", str(script), "url"], check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory) -> Path:
    """One migrated SQLite file; each test gets a copy (migrating is the slow part)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    db = Database(sqlite_url(path))
    run_in_own_loop(_migrate_and_dispose, db)
    return path


@pytest.fixture(scope="session")
def migrated_postgres():
    """A database of this test session's own on the PostgreSQL server (concurrent runs never meet), migrated."""
    server = make_url(pg_server_url())
    name = f"loanbot_t{os.getpid()}"
    run_in_own_loop(_admin, server, f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
    url = server.set(database=name).render_as_string(hide_password=False)
    run_in_own_loop(_migrate_and_dispose, Database(url))
    yield url
    run_in_own_loop(_admin, server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _admin(server, *statements: str) -> None:
    engine = create_async_engine(server, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            for statement in statements:
                await conn.execute(text(statement))
    finally:
        await engine.dispose()


async def _migrate_and_dispose(db: Database) -> None:
    await db.migrate()
    await db.dispose()


@pytest.fixture(params=BACKENDS)
async def db(request, tmp_path):
    """A real, migrated, empty database: a fresh SQLite file, or the PostgreSQL test database emptied."""
    if request.param == "sqlite":
        path = tmp_path / "loanbot.db"
        shutil.copy(request.getfixturevalue("migrated_sqlite"), path)
        database = Database(sqlite_url(path))
    else:
        database = Database(request.getfixturevalue("migrated_postgres"))
        tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
        async with database.engine.begin() as conn:
            await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    yield database
    await database.dispose()


def policy_data(name: str = "lending.toml", **overrides) -> dict:
    """A test policy from tests/data/policies, with tables or keys replaced: overrides={"rules": {...}} merges."""
    data = tomllib.loads((DATA / "policies" / name).read_text())
    for table, values in overrides.items():
        if isinstance(values, dict) and isinstance(data.get(table), dict):
            data[table] = {**data[table], **values}
        else:
            data[table] = values
    return data


@pytest.fixture
def make_library(db):
    """Build a Library on the test database: a policy (file name and overrides), patrons and items."""
    async def build(policy: str = "lending.toml", patrons=(), items=(), catalogues=None, **overrides) -> Library:
        library = Library(db, parse_policy(policy_data(policy, **overrides), policy), catalogues=catalogues)
        start = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
        if patrons:
            await library.registry.upsert_patrons([PatronRecord(*p) if isinstance(p, tuple) else p
                                                   for p in patrons], start, STAFF)
        if items:
            await library.registry.upsert_items([ItemRecord(*i) if isinstance(i, tuple) else i
                                                 for i in items], start, STAFF)
        return library
    return build

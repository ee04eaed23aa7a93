"""pytest fixtures for real loopback servers. Load from the root conftest with::

    pytest_plugins = ["tests.servers.fixtures"]

Fixtures
--------
postgres_url            session  str: SQLAlchemy async URL (postgresql+asyncpg://...)
fresh_postgres_url      function str: URL of a brand-new empty database, dropped afterwards
dovecot                 session  DovecotServer (host, port, users, append/fetch_all/flags_of/reset)
imap_account            function ImapAccount for user "library", mailbox emptied before the test
smtp_server             function SmtpServer, plain SMTP + AUTH PLAIN/LOGIN (library/library-secret)
smtp_server_starttls    function SmtpServer requiring STARTTLS before AUTH (self-signed cert)
bot_api_server          function BotApiServer (fake Telegram Bot API), base_url for PTB
zebra                   session  ZebraServer (SRU union catalogue): load(records) -> SRU URL of a new database
http_stub               function StubHttpServer: answers what a test tells it (Crossref JSON, garbage)
silent_server           function SilentServer: accepts connections and never answers

Environment: LOANBOT_TEST_NO_SERVERS=1 skips tests that need PostgreSQL, Dovecot or Zebra;
LOANBOT_TEST_PG_URL=... uses an existing PostgreSQL instead of scripts/servers/postgres.sh.
SMTP and Bot API servers are in-process and always available.
"""
from __future__ import annotations

import threading
import uuid
from typing import Iterator

import pytest

from .botapi import BotApiServer
from .httpstub import SilentServer, StubHttpServer
from .common import ServerScriptError, no_servers
from .imap import DovecotServer, ImapAccount, start_dovecot
from .postgres import start_postgres
from .smtp import SmtpServer
from .zebra import ZebraServer, start_zebra

_SKIP_REASON = "LOANBOT_TEST_NO_SERVERS=1: tests needing a real {} server are skipped"


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """URL of the test database on a real PostgreSQL (env LOANBOT_TEST_PG_URL, or the
    throwaway server of scripts/servers/postgres.sh, started on demand)."""
    if no_servers():
        pytest.skip(_SKIP_REASON.format("PostgreSQL"))
    try:
        return start_postgres()
    except ServerScriptError as exc:
        pytest.fail(f"could not start the test PostgreSQL server:\n{exc}", pytrace=False)


def _run_in_thread(coro_fn, *args):
    """Run an async function to completion in a private loop on another thread (safe
    whether or not the calling thread has a running event loop)."""
    import asyncio

    result: list = []
    error: list[BaseException] = []

    def target() -> None:
        try:
            result.append(asyncio.run(coro_fn(*args)))
        except BaseException as exc:  # noqa: BLE001
            error.append(exc)

    t = threading.Thread(target=target)
    t.start()
    t.join()
    if error:
        raise error[0]
    return result[0]


async def _admin(url: str, sql: str) -> None:
    import asyncpg
    from sqlalchemy.engine import make_url

    u = make_url(url)
    conn = await asyncpg.connect(host=u.host, port=u.port, user=u.username,
                                 password=u.password, database=u.database)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture
def fresh_postgres_url(postgres_url: str) -> Iterator[str]:
    """URL of a new, empty database on the same server, dropped after the test."""
    from sqlalchemy.engine import make_url

    name = f"loanbot_t_{uuid.uuid4().hex[:12]}"
    _run_in_thread(_admin, postgres_url, f'CREATE DATABASE "{name}"')
    try:
        yield make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    finally:
        _run_in_thread(_admin, postgres_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def dovecot() -> DovecotServer:
    """The throwaway Dovecot of scripts/servers/dovecot.sh (started on demand)."""
    if no_servers():
        pytest.skip(_SKIP_REASON.format("Dovecot IMAP"))
    try:
        return start_dovecot()
    except ServerScriptError as exc:
        pytest.fail(f"could not start the test Dovecot server:\n{exc}", pytrace=False)


@pytest.fixture
def imap_account(dovecot: DovecotServer) -> ImapAccount:
    """User "library" (password "library-secret") with an empty INBOX and no other folders."""
    dovecot.reset("library")
    return dovecot.account("library")


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """Plain SMTP on 127.0.0.1:<free port>, AUTH PLAIN/LOGIN required (library/library-secret)."""
    server = SmtpServer(starttls=False).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def smtp_server_starttls() -> Iterator[SmtpServer]:
    """SMTP requiring STARTTLS (self-signed cert, trust ``server.ca_file``), then AUTH."""
    server = SmtpServer(starttls=True).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def bot_api_server() -> Iterator[BotApiServer]:
    """Fake Telegram Bot API; use ``.base_url(server.base_url)`` on PTB's ApplicationBuilder."""
    server = BotApiServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def zebra() -> ZebraServer:
    """The throwaway Zebra SRU server of scripts/servers/zebra.sh (started on demand)."""
    if no_servers():
        pytest.skip(_SKIP_REASON.format("Zebra SRU"))
    try:
        return start_zebra()
    except ServerScriptError as exc:
        pytest.fail(f"could not start the test Zebra server:\n{exc}", pytrace=False)


@pytest.fixture
def http_stub() -> Iterator[StubHttpServer]:
    server = StubHttpServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def silent_server() -> Iterator[SilentServer]:
    server = SilentServer()
    try:
        yield server
    finally:
        server.stop()

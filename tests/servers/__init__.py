"""Real loopback servers for loanbot's tests.

Fixtures live in :mod:`tests.servers.fixtures`; load them from the root conftest with::

    pytest_plugins = ["tests.servers.fixtures"]

The classes and helpers below can also be used directly (e.g. from a script).
"""
from .common import (
    REPO_ROOT,
    SCRIPTS_DIR,
    ServerScriptError,
    free_port,
    make_self_signed_cert,
    no_servers,
    run_script,
)
from .imap import DovecotServer, FetchedMessage, ImapAccount, start_dovecot
from .postgres import start_postgres
from .smtp import ReceivedMessage, SmtpServer
from .botapi import BotApiServer
from .httpstub import SilentServer, StubHttpServer, closed_port
from .zebra import ZebraServer, start_zebra

__all__ = [
    "SilentServer",
    "StubHttpServer",
    "ZebraServer",
    "closed_port",
    "start_zebra",
    "REPO_ROOT",
    "SCRIPTS_DIR",
    "ServerScriptError",
    "free_port",
    "make_self_signed_cert",
    "no_servers",
    "run_script",
    "DovecotServer",
    "FetchedMessage",
    "ImapAccount",
    "start_dovecot",
    "start_postgres",
    "ReceivedMessage",
    "SmtpServer",
    "BotApiServer",
]

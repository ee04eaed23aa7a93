"""Set-up for the e-mail front end's tests: a library with patrons in four languages, a settable clock, and the
service configuration pointing at Maildir folders (or at the test servers)."""
from __future__ import annotations

import datetime as dt
import email
import email.policy
import mailbox
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from loanbot.config import Config, MailConfig

VILNIUS = ZoneInfo("Europe/Vilnius")
PATRONS = [("p-tr", "student", "tr", "ayse@example.org"), ("p-hr", "student", "hr", "ivan@example.org"),
           ("p-lt", "student", "lt", "ona@example.org"), ("p-en", "student", "en", "john@example.org")]
ITEMS = [("b-1", "book", "Gramatika hrvatskoga jezika"), ("b-2", "book", "Lietuvių kalbos gramatika")]


class Clock:
    def __init__(self, start: dt.datetime):
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock(dt.datetime(2026, 3, 2, 10, 0, tzinfo=VILNIUS))


@pytest.fixture
async def library(make_library):
    return await make_library(patrons=PATRONS, items=ITEMS)


def maildir_config(tmp_path: Path, **mail) -> Config:
    values = {"from_address": "Test Library <library@example.edu>", "maildir": str(tmp_path / "inbox"),
              "outbox_maildir": str(tmp_path / "sent"), **mail}
    return Config(mail=MailConfig(**values), base_dir=tmp_path)


@pytest.fixture
def config(tmp_path) -> Config:
    return maildir_config(tmp_path)


def sent_messages(config: Config) -> list[email.message.EmailMessage]:
    folder = mailbox.Maildir(str(config.maildir("sent")), create=True)
    return [email.message_from_bytes(folder.get_bytes(key), policy=email.policy.default)
            for key in sorted(folder.keys())]


def to(messages, address: str) -> list[email.message.EmailMessage]:
    return [m for m in messages if address in str(m["To"])]


def deliver(config: Config, raw: bytes) -> str:
    return mailbox.Maildir(str(config.maildir("inbox")), create=True).add(raw)


# --- real servers: Dovecot (scripts/servers/dovecot.sh) and aiosmtpd -----------------------------------------------
@pytest.fixture(scope="session")
def dovecot_server(request):
    """The shared test Dovecot (the servers plugin's fixture when loaded, else started here)."""
    try:
        return request.getfixturevalue("dovecot")
    except pytest.FixtureLookupError:
        from tests.servers.imap import start_dovecot
        return start_dovecot()


@pytest.fixture(scope="session")
def mail_user(dovecot_server) -> str:
    """A mailbox user of our own (other engineers' tests use the shared "library" user at the same time)."""
    import os
    import time
    user = f"mailfrontend{os.getpid()}"     # one per test run: two runs at once never share a mailbox
    if dovecot_server.users.get(user) != "mail-frontend-secret":
        dovecot_server.add_user(user, "mail-frontend-secret")
    for attempt in range(50):          # the new password file is picked up a moment later
        try:
            dovecot_server.connect(user).logout()
            break
        except Exception:  # noqa: BLE001
            time.sleep(0.1)
    return user


@pytest.fixture
def imap_box(dovecot_server, mail_user):
    account = dovecot_server.account(mail_user)
    account.reset()
    yield account


@pytest.fixture
def smtp():
    from tests.servers.smtp import SmtpServer
    server = SmtpServer(users={"library": "library-secret"}).start()
    yield server
    server.stop()


def server_config(tmp_path: Path, imap_box, smtp, **mail) -> Config:
    values = dict(imap_host=imap_box.host, imap_port=imap_box.port, imap_ssl=False, imap_user=imap_box.user,
                  imap_password=imap_box.password, smtp_host=smtp.host, smtp_port=smtp.port, smtp_starttls=False,
                  smtp_user="library", smtp_password="library-secret")
    return maildir_config(tmp_path, **{**values, **mail})


@pytest.fixture
def servers_config(tmp_path, imap_box, smtp) -> Config:
    return server_config(tmp_path, imap_box, smtp)


def received(smtp, address: str) -> list[email.message.EmailMessage]:
    return [m.message for m in smtp.messages if address in m.rcpt_tos]

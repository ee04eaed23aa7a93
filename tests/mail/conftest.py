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

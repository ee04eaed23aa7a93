"""Telegram dialogues through the real python-telegram-bot network stack, against the loopback Bot API server of
tests/servers (fixture `bot_api_server`)."""
from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot import TelegramFrontEnd
from core.plumbing.context import Actor
from core.storage.models import OutboxMessage
from loanbot.config import Config
from loanbot.wiring import staff_desk
from tests.servers import BotApiServer

ZONE = ZoneInfo("Europe/Vilnius")
STAFF = Actor("staff", "desk@example.edu", "cli")
TOKEN = "123:ABC"   # the bot id before the colon is the server's default getMe id


class Clock:
    def __init__(self, now: dt.datetime):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


class Telegram:
    """Drives one library's bot: users write, the front end makes one pass, the test reads the replies."""

    def __init__(self, library, server: BotApiServer, clock: Clock):
        self.library, self.server, self.clock = library, server, clock
        self.config = Config(telegram={"token": TOKEN, "api_base_url": server.base_url})
        self.frontend = self.restart()

    def restart(self) -> TelegramFrontEnd:
        """A new front end, as after a process restart: everything it knows must come from the database."""
        self.frontend = TelegramFrontEnd(self.library, self.config, self.clock, overall_rate=1000,
                                         desk=staff_desk(self.library))   # as `loanbot serve` builds it
        return self.frontend

    async def send(self, user: int, text: str, language: str | None = "en") -> list[dict]:
        before = len(self.server.sent(user))
        self.server.push_text(user, text, language)
        await self.frontend.run_once()
        return self.server.sent(user)[before:]

    async def press(self, user: int, data: str, language: str | None = "en") -> list[dict]:
        before = len(self.server.sent(user))
        self.server.push_callback(user, 1, data, language)
        await self.frontend.run_once()
        return self.server.sent(user)[before:]

    async def emails_to(self, address: str) -> list[OutboxMessage]:
        async with self.library.db.session() as session:
            return list((await session.execute(select(OutboxMessage).where(
                OutboxMessage.channel == "email", OutboxMessage.recipient == address)
                .order_by(OutboxMessage.id))).scalars())

    async def link(self, user: int, address: str, language: str = "en") -> None:
        await self.send(user, "/start", language)
        await self.send(user, address, language)
        code = code_in((await self.emails_to(address))[-1].body)
        replies = await self.send(user, code, language)
        assert replies and "/loans" in replies[-1]["text"], replies


def code_in(body: str) -> str:
    codes = re.findall(r"(?<!\d)\d{6}(?!\d)", body)
    assert len(codes) == 1, body
    return codes[0]


@pytest.fixture
def clock():
    return Clock(dt.datetime(2026, 3, 2, 10, 0, tzinfo=ZONE))


PATRONS = [("p-tr", "student", "tr", "ayse@example.edu"), ("p-hr", "student", "hr", "ivana@example.edu"),
           ("p-lt", "student", "lt", "ona@example.edu"), ("p-en", "student", "en", "john@example.edu"),
           ("desk", "staff", "en", "desk@example.edu")]
ITEMS = [("b-tr", "book", "Kürk Mantolu Madonna"), ("b-hr", "book", "Povratak Filipa Latinovicza"),
         ("b-lt", "book", "Metai"), ("b-en", "book", "Middlemarch"), ("d-en", "day", "Exam papers"),
         ("b-tr2", "book", "Tutunamayanlar"), ("b-hr2", "day", "Rječnik"), ("b-lt2", "day", "Žodynas")]


@pytest.fixture
async def telegram(make_library, bot_api_server, clock):
    library = await make_library(patrons=PATRONS, items=ITEMS)
    return Telegram(library, bot_api_server, clock)

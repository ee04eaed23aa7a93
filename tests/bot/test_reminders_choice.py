"""/reminders: a linked patron chooses whether reminders come on Telegram or by e-mail."""
from __future__ import annotations

from sqlalchemy import select

from core.storage.models import Patron


async def channel_of(telegram, code: str) -> str:
    async with telegram.library.db.session() as session:
        return (await session.execute(select(Patron.preferred_channel).where(Patron.code == code))).scalar_one()


async def test_a_linked_patron_switches_reminders_to_email_and_back(telegram):
    await telegram.link(501, "john@example.edu")
    [offer] = await telegram.send(501, "/reminders")
    assert [data for row in offer["buttons"] for data in row] == ["remind:telegram", "remind:email"]
    await telegram.press(501, "remind:email")
    assert await channel_of(telegram, "p-en") == "email"
    await telegram.press(501, "remind:telegram")
    assert await channel_of(telegram, "p-en") == "telegram"


async def test_an_unlinked_user_cannot_choose_for_anyone(telegram):
    replies = await telegram.press(502, "remind:email")
    assert await channel_of(telegram, "p-en") == "auto"
    assert all("e-mail" not in r["text"].lower() or "/start" in r["text"] for r in replies)

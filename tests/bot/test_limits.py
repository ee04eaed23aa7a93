"""Telegram's limits: RetryAfter puts a reply back in the queue; a flood from one user gets one "slow down"."""
from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from core.storage.models import OutboxMessage


async def test_retry_after_keeps_the_reply_queued_and_sends_it_later(telegram):
    telegram.server.flood_next(retry_after=1, method="sendMessage")
    telegram.server.push_text(301, "/help")
    counts = await telegram.frontend.run_once()
    assert counts["updates"] == 1 and counts["retry_later"] == 1 and counts["sent"] == 0
    assert telegram.server.sent(301) == []
    await asyncio.sleep(1.1)
    counts = await telegram.frontend.run_once()
    assert counts["sent"] == 1 and len(telegram.server.sent(301)) == 1


async def test_confirmed_updates_are_not_seen_again(telegram):
    telegram.server.push_text(302, "/help")
    assert (await telegram.frontend.run_once())["updates"] == 1
    assert telegram.server.pending_updates() == []
    telegram.restart()
    assert (await telegram.frontend.run_once())["updates"] == 0
    assert len(telegram.server.sent(302)) == 1


async def test_a_flood_from_one_user_gets_one_slow_down_and_no_crash(telegram):
    for n in range(60):
        telegram.server.push_text(303, f"/help")
    telegram.server.push_text(304, "/help")
    counts = await telegram.frontend.run_once()
    assert counts["updates"] == 61
    texts = [m["text"] for m in telegram.server.sent(303)]
    assert len(texts) == 21 and sum("faster than we can answer" in t for t in texts) == 1
    assert len(telegram.server.sent(304)) == 1


async def test_a_reply_already_handled_is_not_handled_twice(telegram):
    """A crash between commit and confirmation: the same update comes again and changes nothing."""
    telegram.server.push_text(305, "/help")
    frontend = telegram.frontend
    await frontend._open()
    try:
        updates = await frontend.bot.get_updates(timeout=0)
        await frontend.process(updates)
        await frontend.process(updates)
    finally:
        await frontend._close()
    async with telegram.library.db.session() as session:
        assert await session.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.recipient == "305")) == 1

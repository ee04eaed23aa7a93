"""Replies go out right after their unit of work commits, leased to the front end that queued them: a crash in
between loses nothing and sends nothing twice; on SQLite one update failing inside a shared batch transaction
undoes only its own writes."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from core.storage.models import Conversation, OutboxMessage


async def test_a_reply_committed_but_not_sent_goes_out_once_after_the_lease(telegram, clock):
    frontend = telegram.frontend
    frontend._start_after_commit = lambda *job: None   # the process dies right after the commit
    telegram.server.push_text(401, "/help")
    assert (await frontend.run_once())["updates"] == 1
    assert telegram.server.sent(401) == []
    telegram.restart()                                 # another process: the row is still leased to the dead one
    assert (await telegram.frontend.run_once())["sent"] == 0
    clock.now += dt.timedelta(minutes=6)               # the lease has run out
    assert (await telegram.frontend.run_once())["sent"] == 1
    assert (await telegram.frontend.run_once())["sent"] == 0
    assert len(telegram.server.sent(401)) == 1
    async with telegram.library.db.session() as session:
        row = (await session.execute(select(OutboxMessage).where(OutboxMessage.recipient == "401"))).scalar_one()
    assert row.sent_at is not None and row.attempts == 1


async def test_replies_are_marked_sent_in_the_outbox(telegram):
    for user in (402, 403, 404):
        telegram.server.push_text(user, "/help")
    counts = await telegram.frontend.run_once()
    assert counts["updates"] == 3 and counts["sent"] == 3
    async with telegram.library.db.session() as session:
        assert await session.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.channel == "telegram", OutboxMessage.sent_at.is_(None))) == 0


async def test_one_failing_update_undoes_only_its_own_writes(telegram):
    handlers = telegram.frontend.handlers
    original = handlers.cmd_request

    async def cmd_request(update, context):
        if update.effective_user.id == 406:
            async with handlers.turn(update) as t:
                t.dialogue.to("ill_title")
                raise RuntimeError("boom")
        await original(update, context)
    # PTB keeps the bound method: replace it in the installed handler
    for group in telegram.frontend.application.handlers.values():
        for handler in group:
            if getattr(handler, "callback", None) == original:
                handler.callback = cmd_request
    await telegram.link(405, "john@example.edu")
    await telegram.link(407, "ona@example.edu")
    for user in (405, 406, 407):
        telegram.server.push_text(user, "/request")
    counts = await telegram.frontend.run_once()
    assert counts["updates"] == 3
    assert "Which work" in telegram.server.sent(405)[-1]["text"]
    assert "something went wrong" in telegram.server.sent(406)[-1]["text"]
    assert "Which work" in telegram.server.sent(407)[-1]["text"]
    async with telegram.library.db.session() as session:
        assert await session.get(Conversation, 406) is None          # its dialogue change was undone
        assert (await session.get(Conversation, 405)).state == "ill_title"
        assert (await session.get(Conversation, 407)).state == "ill_title"
        # its reply is the error reply alone
        assert await session.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.recipient == "406")) == 1

"""The embedded default: mail taken in from a Maildir folder and answered into another, no servers at all."""
from __future__ import annotations

import mailbox

from sqlalchemy import select

from core.storage.models import InboundMessage
from mail.frontend import MailFrontEnd
from mail.intake import requeue_shunted
from tests.mail.conftest import deliver, sent_messages, to
from tests.mail.messages import EN_STATUS_BODY, TR_ILL_BODY, message


async def test_a_turkish_ill_request_is_answered_into_the_sent_maildir(library, config, clock):
    original = message("ayse@example.org", "Kitap isteği", TR_ILL_BODY, message_id="<tr-1@patrons.example.org>")
    key = deliver(config, original)
    counts = await MailFrontEnd(library, config, clock).run_once()
    assert counts["done"] == 1 and counts["sent"] == 2
    reply = to(sent_messages(config), "ayse@example.org")[0]
    assert reply["In-Reply-To"] == "<tr-1@patrons.example.org>"
    assert reply["References"] == "<tr-1@patrons.example.org>"
    assert reply["Auto-Submitted"] == "auto-replied"
    assert reply["Subject"] == "Re: Kitap isteği"
    assert reply["Content-Language"] == "tr"
    assert "ILL-1" in reply.get_content()
    inbox = mailbox.Maildir(str(config.maildir("inbox")))
    assert inbox.get_message(key).get_subdir() == "cur" and "S" in inbox.get_message(key).get_flags()


async def test_a_second_pass_answers_nothing_twice(library, config, clock):
    deliver(config, message("john@example.org", "Status", EN_STATUS_BODY))
    front = MailFrontEnd(library, config, clock)
    await front.run_once()
    counts = await front.run_once()
    assert counts.get("messages", 0) == 0
    assert len(sent_messages(config)) == 1


async def test_a_failure_shunts_the_message_and_a_human_can_rerun_it(library, config, clock, monkeypatch):
    deliver(config, message("john@example.org", "Status", EN_STATUS_BODY))
    front = MailFrontEnd(library, config, clock)

    async def broken(*args, **kwargs):
        raise RuntimeError("database hiccup")
    monkeypatch.setattr(front.intake.answerer, "answer", broken)
    counts = await front.run_once()
    assert counts["shunted"] == 1 and sent_messages(config) == []
    async with library.db.session() as session:
        row = (await session.execute(select(InboundMessage))).scalar_one()
    assert row.status == "shunted" and "database hiccup" in row.error and row.raw
    monkeypatch.undo()
    assert await requeue_shunted(library.db) == 1
    counts = await MailFrontEnd(library, config, clock).run_once()
    assert counts["done"] == 1 and len(sent_messages(config)) == 1


async def test_run_answers_new_mail_until_stopped(library, config, clock):
    import asyncio
    front = MailFrontEnd(library, config, clock)
    front.poll_seconds = 0.2
    stop = asyncio.Event()
    task = asyncio.create_task(front.run(stop))
    deliver(config, message("john@example.org", "Status", EN_STATUS_BODY))
    for _ in range(100):
        if sent_messages(config):
            break
        await asyncio.sleep(0.1)
    stop.set()
    await asyncio.wait_for(task, 10)
    assert len(sent_messages(config)) == 1

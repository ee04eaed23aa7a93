"""Intake rules that need no servers: loop guard, staff copy of what was not understood, hostile input."""
from __future__ import annotations

import datetime as dt

import pytest

from sqlalchemy import select

from core.plumbing.outbox import Outgoing
from core.storage.models import InboundMessage
from mail.addresses import OwnAddress
from mail.frontend import MailFrontEnd
from mail.sender import Undeliverable, build_message
from tests.mail.conftest import deliver, maildir_config, sent_messages, to
from tests.mail.messages import EN_STATUS_BODY, EN_UNKNOWN_BODY, STAFF, message


async def statuses(library) -> list[tuple[str, str | None]]:
    async with library.db.session() as session:
        return [(r.status, r.error) for r in (await session.execute(
            select(InboundMessage).order_by(InboundMessage.id))).scalars()]


async def test_a_sender_gets_at_most_the_hourly_number_of_replies(library, tmp_path, clock):
    config = maildir_config(tmp_path, max_replies_per_sender_per_hour=2)
    for n in range(4):
        deliver(config, message("john@example.org", f"Status {n}", EN_STATUS_BODY))
    await MailFrontEnd(library, config, clock).run_once()
    assert len(sent_messages(config)) == 2
    assert [s for s, _ in await statuses(library)].count("ignored") == 2
    clock.advance(hours=1, minutes=1)
    deliver(config, message("john@example.org", "Status later", EN_STATUS_BODY))
    await MailFrontEnd(library, config, clock).run_once()
    assert len(sent_messages(config)) == 3


async def test_a_message_not_understood_is_answered_and_copied_to_staff(library, config, clock):
    deliver(config, message("john@example.org", "Hmm", EN_UNKNOWN_BODY))
    await MailFrontEnd(library, config, clock).run_once()
    sent = sent_messages(config)
    assert len(to(sent, "john@example.org")) == 1
    [copy] = to(sent, STAFF)
    assert "Purple elephants" in copy.get_content() and copy["Reply-To"] == "john@example.org"


async def test_hostile_input_is_handled_without_a_crash(library, config, clock):
    deliver(config, b"\x00\x01\x02 not a message at all")
    deliver(config, message("john@example.org", "Status", "", headers={}).replace(
        b"Content-Transfer-Encoding: 7bit", b"Content-Transfer-Encoding: base64") + b"@@@not base64!!!\n")
    deliver(config, b"From: =?utf-8?q?Evil=0D=0ABcc:_victim@example.org?= <john@example.org>\r\n"
                    b"Subject: =?utf-8?q?Hi=0D=0ABcc:_victim@example.org?=\r\nMessage-ID: <evil@x>\r\n"
                    b"Content-Type: text/html; charset=utf-8\r\n\r\n"
                    b"<script>alert(1)</script><p>What is the status of my requests?</p>\xff\xfe\r\n")
    counts = await MailFrontEnd(library, config, clock).run_once()
    assert counts["messages"] == 3 and counts.get("shunted", 0) == 0
    for reply in sent_messages(config):
        assert "victim" not in str(reply["Bcc"] or "") and "\n" not in str(reply["Subject"])


def test_a_recipient_with_a_line_break_is_undeliverable():
    row = Outgoing(1, "john@example.org\r\nBcc: victim@example.org", "Hi", "body\n", {}, 0)
    with pytest.raises(Undeliverable):
        build_message(row, OwnAddress.parse("Library <library@example.edu>"), dt.datetime.now(dt.timezone.utc))


def test_outgoing_headers_are_single_lines():
    row = Outgoing(1, "John <john@example.org>", "Re: hi\r\nBcc: x@y", "body\n",
                   {"in_reply_to": "<a@b>\r\nBcc: x@y", "references": ["<a@b>", "junk\nBcc: z"],
                    "reply_token": "ILL-1-abcdef0123456789\r\nBcc: x", "language": "tr\nX: y"}, 0)
    msg = build_message(row, OwnAddress.parse("Library <library@example.edu>"),
                        dt.datetime(2026, 3, 2, tzinfo=dt.timezone.utc))
    text = msg.as_string()
    assert "\nBcc" not in text and msg["To"] == "john@example.org"
    assert msg["In-Reply-To"] == "<a@b>" and msg["References"] == "<a@b>"
    assert "Content-Language" not in msg and "Reply-To" not in msg

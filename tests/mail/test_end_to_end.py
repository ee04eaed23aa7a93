"""The e-mail front end against real servers: Dovecot IMAP in, aiosmtpd SMTP out, on SQLite and PostgreSQL."""
from __future__ import annotations

import asyncio
import re

from sqlalchemy import select

from core.plumbing.i18n import Translator
from core.storage.models import IllRequest, InboundMessage, OutboxMessage
from mail.frontend import MailFrontEnd
from mail.mailboxes import DONE_KEYWORD
from tests.mail.conftest import received
from tests.mail.messages import STAFF, TR_ILL_BODY, message, staff_reply


async def ill_state(library, reference: str) -> str:
    async with library.db.session() as session:
        return (await session.get(IllRequest, int(reference.split("-")[1]))).state


async def inbound(library) -> list[InboundMessage]:
    async with library.db.session() as session:
        return list((await session.execute(select(InboundMessage).order_by(InboundMessage.id))).scalars())


async def turkish_request_answered(library, config, clock, imap_box, smtp):
    uid = imap_box.append(message("ayse@example.org", "Kitap isteği", TR_ILL_BODY, name="Ayşe Yılmaz",
                                  message_id="<tr-ill@patrons.example.org>",
                                  headers={"References": "<earlier@patrons.example.org>"}))
    counts = await MailFrontEnd(library, config, clock).run_once()
    return uid, counts


async def test_a_turkish_ill_request_gets_a_threaded_turkish_reply_and_staff_an_announcement(
        library, servers_config, clock, imap_box, smtp):
    uid, counts = await turkish_request_answered(library, servers_config, clock, imap_box, smtp)
    assert counts["done"] == 1 and counts["sent"] == 2
    [reply] = received(smtp, "ayse@example.org")
    assert reply["Subject"] == "Re: Kitap isteği"
    assert reply["In-Reply-To"] == "<tr-ill@patrons.example.org>"
    assert reply["References"].split() == ["<earlier@patrons.example.org>", "<tr-ill@patrons.example.org>"]
    assert reply["Auto-Submitted"] == "auto-replied"
    assert reply["Content-Language"] == "tr"
    assert reply["Message-ID"].endswith("@example.edu>")
    assert "ILL-1" in reply.get_content() and "Introduction to Algorithms" in reply.get_content()
    [announcement] = received(smtp, STAFF)
    assert "[ILL-1]" in announcement["Subject"]
    assert re.fullmatch(r"Test Library <library\+ILL-1-[0-9a-f]+@example\.edu>", announcement["Reply-To"])
    token = announcement["Reply-To"].split("+")[1].split("@")[0]
    assert f"Ref: {token}" in announcement.get_content()
    assert announcement["Auto-Submitted"] == "auto-generated"
    assert {"\\Seen", DONE_KEYWORD} <= imap_box.flags_of(uid)
    [row] = await inbound(library)
    assert row.status == "done" and row.message_id == "<tr-ill@patrons.example.org>" and row.uid == str(uid)


async def test_a_staff_reply_with_the_token_moves_the_request_and_is_confirmed_with_the_ref_line(
        library, servers_config, clock, imap_box, smtp):
    await turkish_request_answered(library, servers_config, clock, imap_box, smtp)
    [announcement] = received(smtp, STAFF)
    imap_box.append(staff_reply(announcement, "locate Ankara Üniversitesi"))
    smtp.clear()
    clock.advance(minutes=5)
    counts = await MailFrontEnd(library, servers_config, clock).run_once()
    assert counts["done"] == 1
    assert await ill_state(library, "ILL-1") == "located"
    assert received(smtp, "ayse@example.org") == []   # contracts §5: the patron hears of reject and arrive, not this
    [outcome] = received(smtp, STAFF)
    assert "(located)" in outcome.get_content() and outcome["In-Reply-To"]
    assert "Ref: ILL-1-" in outcome.get_content() and "+ILL-1-" in outcome["Reply-To"]


async def test_a_reply_that_only_quotes_the_ref_line_also_proves_the_token(
        library, servers_config, clock, imap_box, smtp):
    await turkish_request_answered(library, servers_config, clock, imap_box, smtp)
    [announcement] = received(smtp, STAFF)
    imap_box.append(staff_reply(announcement, "REJECT: not available anywhere", to="library@example.edu"))
    clock.advance(minutes=5)
    await MailFrontEnd(library, servers_config, clock).run_once()
    assert await ill_state(library, "ILL-1") == "rejected"


async def test_a_forged_staff_from_without_the_token_changes_nothing(
        library, servers_config, clock, imap_box, smtp):
    await turkish_request_answered(library, servers_config, clock, imap_box, smtp)
    [announcement] = received(smtp, STAFF)
    smtp.clear()
    imap_box.append(message(STAFF, f"Re: {announcement['Subject']}", "APPROVE\n"))
    imap_box.append(message(STAFF, "Re: [ILL-1] New request", "APPROVE\n\n> Ref: ILL-1-0000000000000000\n"))
    clock.advance(minutes=5)
    await MailFrontEnd(library, servers_config, clock).run_once()
    assert await ill_state(library, "ILL-1") == "requested"
    assert received(smtp, "ayse@example.org") == []
    outcomes = received(smtp, STAFF)
    assert len(outcomes) == 2
    for outcome in outcomes:
        words = Translator(outcome["Content-Language"]).gettext(
            "{reference}: we could not verify that this decision comes from the library staff; nothing changed. "
            "Please reply to the request's own notification, keeping its \"Ref:\" line.", reference="ILL-1")
        assert words in outcome.get_content().replace("\r\n", "\n").replace("\n", " ")


async def test_an_unknown_sender_is_told_how_to_register_and_nothing_more(
        library, servers_config, clock, imap_box, smtp):
    imap_box.append(message("stranger@elsewhere.org", "Moje posudbe", "Koje knjige imam posuđene?\n"))
    await MailFrontEnd(library, servers_config, clock).run_once()
    [reply] = received(smtp, "stranger@elsewhere.org")
    assert "register" in reply.get_content() or reply["Content-Language"] in ("hr", "lt", "tr")
    assert "Gramatika" not in reply.get_content()
    assert len(smtp.messages) == 1


async def test_automatic_and_list_mail_is_flagged_but_never_answered(
        library, servers_config, clock, imap_box, smtp):
    uids = [imap_box.append(message("john@example.org", "Out of office", "I am away.\n",
                                    headers={"Auto-Submitted": "auto-replied"})),
            imap_box.append(message("john@example.org", "[list] digest", "What do I have on loan?\n",
                                    headers={"List-Id": "<readers.lists.example.org>"})),
            imap_box.append(message("john@example.org", "news", "What do I have on loan?\n",
                                    headers={"Precedence": "bulk"})),
            imap_box.append(message("MAILER-DAEMON@mx.example.org", "Undelivered", "Delivery failed.\n")),
            imap_box.append(message("john@example.org", "bounce", "What do I have on loan?\n",
                                    headers={"Return-Path": "<>"}))]
    counts = await MailFrontEnd(library, servers_config, clock).run_once()
    assert counts["ignored"] == 5 and smtp.messages == []
    assert all({"\\Seen", DONE_KEYWORD} <= imap_box.flags_of(uid) for uid in uids)
    assert {row.status for row in await inbound(library)} == {"ignored"}


async def test_with_smtp_down_nothing_is_lost_and_the_reply_goes_out_on_a_later_pass(
        library, servers_config, clock, imap_box, smtp):
    smtp.stop()
    uid, counts = await turkish_request_answered(library, servers_config, clock, imap_box, smtp)
    assert counts["done"] == 1 and counts["retry"] == 2 and counts.get("sent", 0) == 0
    assert {"\\Seen", DONE_KEYWORD} <= imap_box.flags_of(uid)
    smtp.start()
    clock.advance(minutes=2)
    counts = await MailFrontEnd(library, servers_config, clock).run_once()
    assert counts["sent"] == 2
    assert len(received(smtp, "ayse@example.org")) == 1


async def test_a_temporary_refusal_is_retried_and_a_permanent_one_kept_for_staff(
        library, servers_config, clock, imap_box, smtp):
    smtp.fail_next(1, 451)
    smtp.fail_next(1, 550)
    await turkish_request_answered(library, servers_config, clock, imap_box, smtp)
    assert smtp.messages == []
    clock.advance(minutes=2)
    await MailFrontEnd(library, servers_config, clock).run_once()
    assert len(smtp.messages) == 1
    async with library.db.session() as session:
        rows = list((await session.execute(select(OutboxMessage).order_by(OutboxMessage.id))).scalars())
    assert [r.sent_at is not None for r in rows].count(True) == 1
    [failed] = [r for r in rows if r.failed_at is not None]
    assert "550" in failed.last_error


async def test_a_crash_between_commit_and_flag_gives_exactly_one_reply(
        library, servers_config, clock, imap_box, smtp):
    uid = imap_box.append(message("ayse@example.org", "Kitap isteği", TR_ILL_BODY))
    front = MailFrontEnd(library, servers_config, clock)
    real_mark = front.source.mark

    async def crash(*args):
        raise ConnectionResetError("connection lost before the flag")
    front.source.mark = crash
    await front.run_once()
    assert DONE_KEYWORD not in imap_box.flags_of(uid)
    front.source.mark = real_mark
    clock.advance(minutes=1)
    counts = await MailFrontEnd(library, servers_config, clock).run_once()
    assert counts["seen_before"] == 1
    assert len(received(smtp, "ayse@example.org")) == 1
    assert {"\\Seen", DONE_KEYWORD} <= imap_box.flags_of(uid)


async def test_a_restart_in_the_middle_of_a_batch_loses_nothing_and_answers_nothing_twice(
        library, servers_config, clock, imap_box, smtp):
    senders = ["ayse@example.org", "ivan@example.org", "ona@example.org", "john@example.org",
               "stranger@elsewhere.org"]
    for address in senders:
        imap_box.append(message(address, "Status", "What is the status of my interlibrary loan requests?\n"))
    first = MailFrontEnd(library, servers_config, clock)
    calls = 0
    real_handle = first.intake.handle

    async def killed_on_third(row_id, raw=None):
        nonlocal calls
        calls += 1
        if calls == 3:
            raise asyncio.CancelledError()      # the process dies with the third message stored, not answered
        return await real_handle(row_id, raw)
    first.intake.handle = killed_on_third
    try:
        await first.run_once()
    except asyncio.CancelledError:
        pass
    assert [r.status for r in await inbound(library)] == ["done", "done", "new"]
    clock.advance(minutes=1)
    await MailFrontEnd(library, servers_config, clock).run_once()
    assert sorted(a for m in smtp.messages for a in m.rcpt_tos) == sorted(senders)
    assert [r.status for r in await inbound(library)] == ["done"] * 5


async def test_the_same_message_id_delivered_twice_is_answered_once(
        library, servers_config, clock, imap_box, smtp):
    raw = message("john@example.org", "Status", "What is the status of my requests?\n",
                  message_id="<twice@patrons.example.org>")
    imap_box.append(raw)
    await MailFrontEnd(library, servers_config, clock).run_once()
    imap_box.append(raw)
    counts = await MailFrontEnd(library, servers_config, clock).run_once()
    assert counts["ignored"] == 1 and len(smtp.messages) == 1


async def test_a_message_over_ten_megabytes_gets_a_short_note(library, servers_config, clock, imap_box, smtp):
    body = "Please find attached.\n" + ("x" * 76 + "\n") * (11 * 1024 * 1024 // 77)
    uid = imap_box.append(message("john@example.org", "Scans", body))
    counts = await MailFrontEnd(library, servers_config, clock).run_once()
    assert counts["done"] == 1
    [reply] = received(smtp, "john@example.org")
    assert "10 MB" in reply.get_content() and reply["Subject"] == "Re: Scans"
    [row] = await inbound(library)
    assert len(row.raw) < 64 * 1024
    assert DONE_KEYWORD in imap_box.flags_of(uid)


async def test_smtp_with_starttls_and_auth(library, tmp_path, clock, imap_box):
    from tests.mail.conftest import server_config
    from tests.servers.smtp import SmtpServer
    with SmtpServer(starttls=True, users={"library": "library-secret"}) as secure:
        config = server_config(tmp_path, imap_box, secure, smtp_starttls=True, tls_verify=False)
        imap_box.append(message("john@example.org", "Status", "What is the status of my requests?\n"))
        await MailFrontEnd(library, config, clock).run_once()
        [got] = secure.messages
        assert got.tls and got.auth_user == "library"

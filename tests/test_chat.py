"""`loanbot chat`: a message may take several lines (a pasted reference) and is sent by an empty line; a message
loanbot cannot act on goes to the staff by e-mail, as one that came by e-mail does, so its promise holds."""
from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

from rich.console import Console
from sqlalchemy import select

from core.plumbing.i18n import Translator
from core.storage.models import IllRequest, OutboxMessage
from loanbot.console import chat, messages

NOW = dt.datetime(2026, 11, 20, 10, tzinfo=ZoneInfo("Europe/Vilnius"))


def test_lines_make_messages_at_each_empty_line_and_an_empty_message_ends():
    lines = ["Yazar: Halil İnalcık", "Kitap adı: Osmanlı İmparatorluğu", "", "borcum var mı?", "", "", "never read"]
    assert list(messages(lines)) == ["Yazar: Halil İnalcık\nKitap adı: Osmanlı İmparatorluğu", "borcum var mı?"]


def test_the_end_of_input_sends_the_message_in_hand():
    assert list(messages(["renew my loans"])) == ["renew my loans"]


async def test_a_pasted_multi_line_reference_is_one_ill_request(db, make_library):
    library = await make_library(patrons=[("p1", "staff", "tr", "elif@example.edu")])
    out = Console(file=io.StringIO(), width=200)
    lines = ["Merhaba, şu kitabı başka kütüphaneden getirtebilir misiniz?", "Yazar: Halil İnalcık",
             "Kitap adı: Osmanlı İmparatorluğu Klasik Çağ (1300-1600)", "Yayınevi: Yapı Kredi Yayınları",
             "Yıl: 2003", ""]
    assert await chat(library, "p1", lambda: NOW, lines=lines, out=out) == 0
    async with db.session() as session:
        [request] = (await session.execute(select(IllRequest))).scalars().all()
    assert request.title.startswith("Osmanlı İmparatorluğu") and request.year == 2003


async def test_a_message_loanbot_cannot_act_on_goes_to_the_staff(db, make_library):
    library = await make_library(patrons=[("p1", "staff", "tr", "elif@example.edu")])
    out = Console(file=io.StringIO(), width=200)
    await chat(library, "p1", lambda: NOW, lines=["kitabı 15 Ocak günü bankoya bıraktım", ""], out=out)
    async with db.session() as session:
        [copy] = (await session.execute(select(OutboxMessage))).scalars().all()
    assert copy.recipient == "desk@example.edu" and copy.headers["reply_to"] == "elif@example.edu"
    assert "15 Ocak günü bankoya bıraktım" in copy.body
    assert "kütüphaneci okuyup" in out.file.getvalue()       # the promise, now kept


async def test_a_loss_reaches_the_staff_as_a_loss_not_as_a_message_not_understood(db, make_library):
    library = await make_library(patrons=[("p1", "staff", "en", "john@example.edu")])
    out = Console(file=io.StringIO(), width=200)
    await chat(library, "p1", lambda: NOW, lines=["I lost ILL-1, what should I do?", ""], out=out)
    async with db.session() as session:
        [copy] = (await session.execute(select(OutboxMessage))).scalars().all()
    tr = Translator(library.policy.library.staff_lang)
    assert "did not understand" not in copy.body and tr.gettext("did not understand") not in copy.body
    assert copy.subject == tr.gettext("{name} reports a lost or damaged item: {subject}", name="p1",
                                      subject="I lost ILL-1, what should I do?"), copy.subject
    assert "I lost ILL-1, what should I do?" in copy.body and "(lost, en)" in out.file.getvalue()


async def test_without_staff_addresses_the_reply_promises_no_librarian(db, make_library):
    library = await make_library(patrons=[("p1", "staff", "en", "john@example.edu")], library={"staff_emails": []})
    out = Console(file=io.StringIO(), width=200)
    await chat(library, "p1", lambda: NOW, lines=["the weather is nice today", ""], out=out)
    text = out.file.getvalue()
    assert "a librarian will read" not in text and "Please ask at the library desk" in text
    async with db.session() as session:
        assert (await session.execute(select(OutboxMessage))).scalars().all() == []


async def test_the_same_words_at_the_same_moment_in_two_chats_both_reach_the_staff(db, make_library):
    """A chat line is never replayed, so nothing may refuse a second one as a duplicate (LOANBOT_NOW stands still
    between two `loanbot chat` runs of a demo)."""
    library = await make_library(patrons=[("p1", "staff", "tr", "elif@example.edu")])
    for _ in range(2):
        out = Console(file=io.StringIO(), width=200)
        assert await chat(library, "p1", lambda: NOW, lines=["kitabı 15 Ocak günü bankoya bıraktım", ""],
                          out=out) == 0
    async with db.session() as session:
        copies = (await session.execute(select(OutboxMessage))).scalars().all()
    assert len(copies) == 2


async def test_reserving_a_book_we_own_by_its_full_title_is_a_hold_not_an_interlibrary_loan(db, make_library):
    from core.plumbing.context import Actor
    from core.storage.models import Hold
    library = await make_library(patrons=[("p1", "staff", "tr", "elif@example.edu"),
                                          ("p2", "staff", "tr", "ali@example.edu")],
                                 items=[("200010", "book", "Osmanlı İmparatorluğu Klasik Çağ (1300-1600)")])
    await library.circulation.checkout("p2", "200010", NOW, Actor("staff", "desk@example.edu", "cli"))
    out = Console(file=io.StringIO(), width=200)
    await chat(library, "p1", lambda: NOW, out=out,
               lines=["Osmanlı İmparatorluğu Klasik Çağ (1300-1600) kitabını ayırtmak istiyorum.", ""])
    async with db.session() as session:
        assert (await session.execute(select(IllRequest))).scalars().all() == []
        [hold] = (await session.execute(select(Hold))).scalars().all()
    assert "(hold, tr)" in out.file.getvalue()

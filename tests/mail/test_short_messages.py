"""Short patron e-mails through Dovecot and aiosmtpd: thanks get a short "you're welcome" and give staff nothing
to do; an empty message is answered in the patron's own language; a loss goes to a librarian."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from core.plumbing.i18n import Translator
from tests.mail.conftest import Clock, server_config
from tests.mail.messages import message
from tests.mail.test_staff_replies import STAFF, Mailroom, text

ISTANBUL = ZoneInfo("Europe/Istanbul")
PATRON = "elif@ogrenci.example.edu.tr"


@pytest.fixture
async def room(make_library, tmp_path, imap_box, smtp):
    library = await make_library("tokat.toml", patrons=[("P1", "student", "tr", PATRON, "Elif Kaya")])
    room = Mailroom(library, server_config(tmp_path, imap_box, smtp),
                    Clock(dt.datetime(2026, 11, 24, 9, 30, tzinfo=ISTANBUL)), imap_box, smtp)
    await room.send()   # today's digest goes first
    return room


async def test_thanks_are_answered_briefly_and_not_sent_to_staff(room):
    await room.send(message(PATRON, "Re: teşekkür", "Çok teşekkür ederim, iyi çalışmalar!\n"))
    [reply] = room.to(PATRON)
    assert Translator("tr").gettext("You are welcome! Write to us whenever you need anything.") in text(reply)
    assert room.to(STAFF) == []


async def test_an_empty_message_is_answered_in_the_patrons_language(room):
    await room.send(message(PATRON, "", "\n"))
    [reply] = room.to(PATRON)
    assert reply["Content-Language"] == "tr", text(reply)
    assert Translator("tr").gettext("Your message reached us empty.") in text(reply)
    assert room.to(STAFF) == []


async def test_a_lost_book_goes_to_a_librarian(room):
    await room.send(message(PATRON, "Kayıp kitap", "Merhaba, kitabı otobüste kaybettim. Ne yapmam gerekiyor?\n"))
    [reply] = room.to(PATRON)
    assert reply["Content-Language"] == "tr"
    [copy] = room.to(STAFF)
    assert "otobüste kaybettim" in text(copy)
    tr = Translator("tr")
    assert tr.gettext("{name} reports a lost or damaged item: {subject}", name="Elif Kaya", subject="Kayıp kitap") \
        in copy["Subject"], copy["Subject"]
    assert "anlayamadı" not in text(copy), text(copy)      # a loss is understood: it is not "not understood"


async def test_a_loss_in_short_english_reaches_a_librarian_and_is_not_asked_back(room):
    await room.send(message(PATRON, "lost book", "I think I lost ILL-1 on the bus. What should I do? I can pay "
                                                 "for it.\n"))
    [reply] = room.to(PATRON)
    assert "A librarian will read your message" in text(reply).replace("\n", " "), text(reply)
    [copy] = room.to(STAFF)
    assert "I think I lost ILL-1 on the bus" in text(copy) and "anlayamadı" not in text(copy)

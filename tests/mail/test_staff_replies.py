"""Staff run a request's whole life by replying to loanbot's e-mails (contracts §5), against Dovecot and aiosmtpd:
each reply moves the request only from a staff address with the request's own Ref line; the confirmation, in the
language the staff member wrote, names the new state in words and by code, the events now possible, and carries
the Ref line again; the patron hears what §5 lists."""
from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

from core.plumbing.i18n import Translator
from core.staff import words as staff_words
from core.staff.views import request_view
from loanbot.service import Service
from tests.mail.conftest import Clock, received, server_config
from tests.mail.messages import message, staff_reply

ISTANBUL = ZoneInfo("Europe/Istanbul")
STAFF = "kutuphane-okuyucu@uni.example.edu.tr"
PATRON = "elif@ogrenci.example.edu.tr"
TR_REQUEST = ("Merhaba,\n\nAşağıdaki kitabı başka bir kütüphaneden getirtebilir misiniz?\n\nYazar: Halil İnalcık\n"
              "Kitap adı: Osmanlı İmparatorluğu Klasik Çağ (1300-1600)\nYayınevi: Yapı Kredi Yayınları\nYıl: 2003\n"
              "ISBN: 978-975-08-0640-7\n\nTeşekkürler,\nElif Kaya\n")
TR_REQUEST_2 = ("Merhaba,\n\nŞu kitabı da getirtebilir misiniz?\n\nYazar: Kemal Karpat\n"
                "Kitap adı: Osmanlı Modernleşmesi\nYıl: 2002\n\nElif\n")


class Mailroom:
    """Mail goes into Dovecot; one pass of `loanbot serve --once` (without Telegram) answers it; what aiosmtpd
    received since is read back, by recipient."""

    def __init__(self, library, config, clock, imap_box, smtp):
        self.library, self.config, self.clock, self.imap, self.smtp = library, config, clock, imap_box, smtp

    async def send(self, raw: bytes | None = None, **advance) -> None:
        self.clock.advance(**(advance or {"minutes": 10}))
        self.smtp.clear()
        if raw is not None:
            self.imap.append(raw)
        await Service(self.library, self.config, self.clock).run_once()

    def to(self, address: str):
        return received(self.smtp, address)

    async def state(self, reference: str) -> str:
        return (await request_view(self.library, reference, history=False)).state


def text(msg) -> str:
    return msg.get_content().replace("\r\n", "\n")


@pytest.fixture
async def mailroom(make_library, tmp_path, imap_box, smtp):
    library = await make_library("tokat.toml", patrons=[("P1", "student", "tr", PATRON, "Elif Kaya")])
    clock = Clock(dt.datetime(2026, 11, 24, 9, 30, tzinfo=ISTANBUL))
    room = Mailroom(library, server_config(tmp_path, imap_box, smtp), clock, imap_box, smtp)
    await room.send()   # today's (empty) digest goes out first: what follows today is only replies
    return room


TURKISH_STEPS = [   # (what the librarian writes, the state it leads to, words of the Turkish confirmation)
    ("Bulundu: Ankara Üniversitesi (yurt içi)", "located", "ödünç veren bulundu (located)"),
    ("Talep bugün KİTS üzerinden Ankara Üniversitesi'ne gönderildi.", "sent", "(sent)"),
    ("Onaylandı, kitabı gönderecekler.", "approved", "(approved)"),
    ("Kargoya verildi", "shipped", "(shipped)"),
    ("Kitap geldi, iade tarihi 8 Ocak 2027", "arrived", "(arrived)"),
    ("Okuyucuya ödünç verildi", "checked_out", "5 Ocak 2027"),
]
TURKISH_STEPS_AFTER = [
    ("Uzatma istendi", "renewal_requested", "(renewal_requested)"),
    ("Süre uzatıldı, yeni iade tarihi 05.02.2027", "checked_out", "2 Şubat 2027"),
    ("İade edildi", "returned", "(returned)"),
    ("Geri gönderildi, kargo no 123", "shipped_back", "(shipped_back)"),
    ("Kapatıldı", "closed", "(closed)"),
]


async def request_taken_to(room: Mailroom, steps: int):
    """The patron's Turkish request, then staff's first `steps` replies of TURKISH_STEPS: the last confirmation."""
    await room.send(message(PATRON, "Kitap isteği", TR_REQUEST))
    last = room.to(STAFF)[0]
    for words, state, _ in TURKISH_STEPS[:steps]:
        last = await reply_in_turkish(room, last, words, state, f"({state})")
    return last


async def reply_in_turkish(room: Mailroom, last, words: str, state: str, expected: str, **advance):
    await room.send(staff_reply(last, words, sender=STAFF), **advance)
    assert await room.state("ILL-1") == state, words
    [confirmation] = room.to(STAFF)
    body = text(confirmation)
    assert confirmation["Content-Language"] == "tr"
    assert expected in body, body
    assert re.search(r"Ref: ILL-1-[0-9a-f]{16}", body) and "+ILL-1-" in confirmation["Reply-To"]
    return confirmation


async def test_the_seed_workflow_from_the_patrons_email_to_closed_by_turkish_replies(mailroom):
    room = mailroom
    await room.send(message(PATRON, "Kitap isteği", TR_REQUEST))
    [announcement] = room.to(STAFF)
    assert "Ref: ILL-1-" in text(announcement) and "locate" in text(announcement)
    last = announcement
    for words, state, expected in TURKISH_STEPS:
        last = await reply_in_turkish(room, last, words, state, expected)
        if state == "arrived":   # the patron is told, in the same pass: collect it, with their due date
            [letter] = room.to(PATRON)
            assert "ILL-1" in text(letter) and letter["Content-Language"] == "tr"
        elif state != "checked_out":
            assert room.to(PATRON) == [], (words, [text(m) for m in room.to(PATRON)])
    view = await request_view(room.library, "ILL-1")
    assert (view.lender, view.foreign, view.lender_due) == ("Ankara Üniversitesi", False, dt.date(2027, 1, 8))
    assert view.due.astimezone(ISTANBUL).date() == dt.date(2027, 1, 5)   # 3 open days before the lender's date
    # reminders follow as for any loan: the due-soon letter 3 days before 5 January
    room.clock.now = dt.datetime(2027, 1, 2, 9, 30, tzinfo=ISTANBUL)
    await room.send(minutes=0)
    [reminder] = room.to(PATRON)
    assert "ILL-1" in text(reminder)
    for words, state, expected in TURKISH_STEPS_AFTER:
        last = await reply_in_turkish(room, last, words, state, expected)
    view = await request_view(room.library, "ILL-1")
    assert [(h.event, h.channel, h.who) for h in view.history][1:] == [
        (event, "email", STAFF) for event in ("locate", "send", "approve", "ship", "arrive", "checkout",
                                              "request_renewal", "renewal_granted", "return", "ship_back", "close")]
    assert Translator("tr").gettext("(none: the request is finished)") in text(last)


async def test_a_rejection_with_its_reason_reaches_the_patron_whole(mailroom):
    room = mailroom
    await room.send(message(PATRON, "Kitap isteği", TR_REQUEST_2))
    [announcement] = room.to(STAFF)
    reason = ("Eser yurt içindeki hiçbir kütüphanede bulunamadı. Yurt dışından istenebilir, ancak ücreti vardır.")
    await room.send(staff_reply(announcement, f"RED: {reason}", sender=STAFF))
    assert await room.state("ILL-1") == "rejected"
    [letter] = room.to(PATRON)
    assert reason in text(letter).replace("\n", " ")


async def test_a_forged_reply_changes_nothing(mailroom):
    room = mailroom
    await room.send(message(PATRON, "Kitap isteği", TR_REQUEST))
    [announcement] = room.to(STAFF)
    await room.send(message(STAFF, f"Re: {announcement['Subject']}", "locate Ankara Üniversitesi\n"))   # no Ref
    assert await room.state("ILL-1") == "requested"
    [answer] = room.to(STAFF)
    assert "ILL-1" in text(answer) and "Ref: ILL-1-" not in text(answer)
    await room.send(staff_reply(announcement, "locate Ankara Üniversitesi", sender="impostor@example.org"))
    assert await room.state("ILL-1") == "requested"     # the Ref line, but not from a staff address
    await room.send(message(STAFF, "Re: [ILL-1]", "locate X\n\n> Ref: ILL-1-0123456789abcdef\n"))
    assert await room.state("ILL-1") == "requested"     # a staff address, but a made-up secret
    assert room.to(PATRON) == []


async def test_an_event_not_allowed_in_the_state_is_refused_in_words_with_what_is_possible(mailroom):
    room = mailroom
    await room.send(message(PATRON, "Kitap isteği", TR_REQUEST))
    [announcement] = room.to(STAFF)
    await room.send(staff_reply(announcement, "arrive 2027-01-15", sender=STAFF))
    assert await room.state("ILL-1") == "requested"
    [refusal] = room.to(STAFF)
    body = text(refusal)
    assert "talebin şu anki durumunda bu adım mümkün değil" in body, body
    assert "locate" in body and "reject" in body and "cancel" in body and "Ref: ILL-1-" in body


async def test_a_date_that_cannot_be_read_is_refused_and_changes_nothing(mailroom):
    room = mailroom
    last = await request_taken_to(room, 4)
    await room.send(staff_reply(last, "Kitap geldi, iade tarihi 31.02.2027", sender=STAFF))
    assert await room.state("ILL-1") == "shipped"
    [refusal] = room.to(STAFF)
    assert "31.02.2027" in text(refusal) and room.to(PATRON) == []


@pytest.mark.parametrize("words, language, expected", [
    ("Stiglo, rok vraćanja 15. 1. 2027.", "hr", dt.date(2027, 1, 15)),
    ("Atkeliavo, grąžinti iki 2027 m. sausio 15 d.", "lt", dt.date(2027, 1, 15)),
    ("It arrived, due back 15 January 2027", "en", dt.date(2027, 1, 15)),
    ("arrive 15/01/2027", "tr", dt.date(2027, 1, 15)),          # canonical: the staff language
])
async def test_natural_replies_are_confirmed_in_the_language_they_were_written_in(mailroom, words, language,
                                                                                   expected):
    room = mailroom
    await room.send(message(PATRON, "Kitap isteği", TR_REQUEST))
    last = room.to(STAFF)[0]
    for step in ("locate foreign British Library", "send", "approve"):
        await room.send(staff_reply(last, step, sender=STAFF))
        last = room.to(STAFF)[0]
    await room.send(staff_reply(last, words, sender=STAFF))
    view = await request_view(room.library, "ILL-1")
    assert (view.state, view.lender_due, view.foreign) == ("arrived", expected, True)
    [confirmation] = room.to(STAFF)
    assert confirmation["Content-Language"] == language and "(arrived)" in text(confirmation)


async def test_a_lending_request_from_received_to_closed_by_replies(mailroom):
    room = mailroom
    from core.staff.desk import StaffDesk
    desk = StaffDesk(room.library)
    await desk.act("lend_request", {"library": "Ankara Üniversitesi", "foreign": False, "kind": "loan",
                                    "title": "Nutuk"}, room.clock(), desk.staff(None, "cli"))
    await room.send()
    [announcement] = room.to(STAFF)
    assert "Ref: LEND-1-" in text(announcement)
    last = announcement
    for words, state in (("approve", "approved"), ("ship 2027-01-20", "shipped"), ("İade edildi", "returned"),
                         ("close", "closed")):
        await room.send(staff_reply(last, words, sender=STAFF))
        assert (await request_view(room.library, "LEND-1")).state == state, words
        [last] = room.to(STAFF)
        assert f"({state})" in text(last) and "Ref: LEND-1-" in text(last)
    assert (await request_view(room.library, "LEND-1")).due == dt.date(2027, 1, 20)


async def test_a_lender_due_date_before_today_is_refused_naming_it_and_changes_nothing(mailroom):
    room = mailroom
    last = await request_taken_to(room, 4)
    await room.send(staff_reply(last, "Kitap geldi, iade tarihi 15 Ocak 2026", sender=STAFF))
    assert await room.state("ILL-1") == "shipped"
    [refusal] = room.to(STAFF)
    body = text(refusal)
    assert "15 Ocak 2026" in body and "24 Kasım 2026" in body and "Ref: ILL-1-" in body, body
    assert room.to(PATRON) == []
    await room.send(staff_reply(last, "Kitap geldi, iade tarihi 15 Ocak 2027", sender=STAFF))
    assert await room.state("ILL-1") == "arrived"


async def test_a_lender_date_too_close_for_the_return_buffer_is_recorded_and_staff_are_warned(mailroom):
    """Today is 24 Nov 2026: a lender's date of 26 Nov is after today, but three open days before it (the return
    buffer) is already gone. The arrival is a fact and is recorded; the confirmation warns staff and says what to
    do, so the patron is not sent home with a due date in the past."""
    room = mailroom
    last = await request_taken_to(room, 4)
    await room.send(staff_reply(last, "Kitap geldi, iade tarihi 26 Kasım 2026", sender=STAFF))
    assert await room.state("ILL-1") == "arrived"
    [confirmation] = room.to(STAFF)
    body = text(confirmation)
    assert "Dikkat" in body and "26 Kasım 2026" in body and "süre uzatımı" in body, body


async def test_a_wrong_lender_due_date_is_corrected_by_reply_and_the_patron_told(mailroom):
    room = mailroom
    last = await request_taken_to(room, len(TURKISH_STEPS))
    assert "correct_due" in text(last)      # offered wherever the lender's due date can be wrong
    await room.send(staff_reply(last, "İade tarihi düzeltildi: 12 Şubat 2027", sender=STAFF))
    view = await request_view(room.library, "ILL-1")
    assert (view.state, view.lender_due) == ("checked_out", dt.date(2027, 2, 12))
    assert view.due.astimezone(ISTANBUL).date() == dt.date(2027, 2, 9)
    assert [h.event for h in view.history][-1] == "correct_due"
    [confirmation] = room.to(STAFF)
    assert "9 Şubat 2027" in text(confirmation)
    [letter] = room.to(PATRON)
    assert "ILL-1" in text(letter) and "9 Şubat 2027" in text(letter), text(letter)


async def test_a_lender_found_abroad_is_recorded_foreign_and_the_confirmation_repeats_it(mailroom):
    room = mailroom
    await room.send(message(PATRON, "Kitap isteği", TR_REQUEST))
    [announcement] = room.to(STAFF)
    await room.send(staff_reply(announcement, "Yurt dışında bulundu: Staatsbibliothek zu Berlin", sender=STAFF))
    view = await request_view(room.library, "ILL-1")
    assert (view.state, view.lender, view.foreign) == ("located", "Staatsbibliothek zu Berlin", True)
    [confirmation] = room.to(STAFF)
    tr = Translator("tr")
    assert tr.gettext("Lending library: {lender} ({where}).", lender="Staatsbibliothek zu Berlin",
                      where=tr.gettext("abroad")) in text(confirmation), text(confirmation)


async def test_the_librarians_own_sentences_move_the_request_and_a_refusal_reaches_the_patron_with_its_reason(
        mailroom):
    room = mailroom
    await room.send(message(PATRON, "Kitap isteği", TR_REQUEST))
    last = room.to(STAFF)[0]
    for words, state in (("Bulundu: Ankara Üniversitesi", "located"), ("KİTS'ten gönderdim.", "sent"),
                         ("Onay geldi.", "approved"), ("Kitap geldi, iade tarihi 8 Ocak 2027", "arrived"),
                         ("Okuyucuya teslim ettim.", "checked_out"), ("Uzatma talebini ilettik.", "renewal_requested")):
        last = await reply_in_turkish(room, last, words, state, f"({state})")
    await room.send(staff_reply(last, "Ankara uzatmayı kabul etmedi, kitap orada başka bir okuyucu tarafından "
                                      "ayırtılmış.", sender=STAFF))
    assert await room.state("ILL-1") == "checked_out"
    assert [h.event for h in (await request_view(room.library, "ILL-1")).history][-1] == "renewal_refused"
    [letter] = room.to(PATRON)
    assert "kitap orada başka bir okuyucu tarafından ayırtılmış" in text(letter).replace("\n", " "), text(letter)


async def test_a_sentence_read_as_a_step_not_possible_now_is_refused_naming_the_step_read(mailroom):
    room = mailroom
    last = await request_taken_to(room, len(TURKISH_STEPS))
    await room.send(staff_reply(last, "Kitabı kargoyla Ankara'ya geri gönderdim.", sender=STAFF))
    assert await room.state("ILL-1") == "checked_out"
    [refusal] = room.to(STAFF)
    tr = Translator("tr")
    assert tr.gettext("I read your reply as \"{step}\" ({event}), which is not possible while it is {state}.",
                      step=tr.gettext("Shipped back"), event="ship_back",
                      state=staff_words.state_words(tr, "ill", "checked_out")) in text(refusal).replace("\n", " ")
    # the sentences of QA probe 2 move the request where they are possible
    for words, state in (("Staatsbibliothek'ten süre uzatımı istedik.", "renewal_requested"),
                         ("Berlin uzattı, yeni iade tarihi 5 Şubat 2027.", "checked_out"),
                         ("İade edildi", "returned"), ("Kitabı kargoyla Berlin'e geri gönderdim.", "shipped_back"),
                         ("Berlin kitabın ulaştığını bildirdi, talebi kapatabiliriz.", "closed")):
        last = await reply_in_turkish(room, last, words, state, f"({state})")


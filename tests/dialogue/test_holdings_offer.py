"""Our own holdings first: a request for a work the library owns gets "we have it" or a hold offer, not an ILL
number, unless the patron insists; the match survives case, diacritics, Turkish i and inflection."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from core.dialogue.assistant import Assistant, Sender
from core.domain.registry import ItemRecord
from core.plumbing.i18n import Translator
from core.storage.models import Hold, HoldingOffer, IllRequest, OutboxMessage, Patron
from core.understanding import understand_text
from tests.conftest import STAFF

VILNIUS = ZoneInfo("Europe/Vilnius")
NOW = dt.datetime(2026, 11, 20, 10, tzinfo=VILNIUS)
PATRONS = [("p1", "staff", "hr", "marko@example.hr"), ("p2", "student", "tr", "ayse@example.edu.tr"),
           ("p3", "staff", "lt", "ona@example.lt"), ("p4", "staff", "en", "ann@example.edu")]
ITEMS = [
    ItemRecord("hr-1", "book", "Povijest hrvatske književnosti", authors=("Frangeš, Ivo",), year=1987,
               call_number="821.163.42 FRA", location="Main library, 2nd floor"),
    ItemRecord("tr-1", "book", "Osmanlı İmparatorluğu : klasik çağ (1300-1600)", isbn="9789750803956",
               authors=("İnalcık, Halil",), year=2003, call_number="DR486 .I53"),
    ItemRecord("lt-1", "book", "Lietuvių kalbos gramatika", authors=("Ambrazas, Vytautas",), year=1997),
    ItemRecord("lt-2", "book", "Lietuvių kalbos gramatika", authors=("Ambrazas, Vytautas",), year=1997),
    ItemRecord("en-1", "reference", "The Chicago manual of style", authors=("University of Chicago Press",)),
]


async def ask(library, text: str, code: str, language: str, when: dt.datetime = NOW):
    assistant = Assistant(library)
    async with library.ctx.unit_of_work():
        return await assistant.answer(Sender(code, language), understand_text(text), when, "email", text=text)


async def ill_count(db) -> int:
    async with db.session() as session:
        return await session.scalar(select(func.count()).select_from(IllRequest))


async def build(make_library):
    return await make_library(patrons=PATRONS, items=ITEMS)


async def test_a_book_on_the_shelf_is_shown_on_its_shelf_and_no_ill_request_is_registered(db, make_library):
    library = await build(make_library)
    reply = await ask(library, "Molim međuknjižničnu posudbu:\nAutor: Ivo Frangeš\n"
                               "Naslov: Povijest hrvatske knjizevnosti\nGodina: 1987", "p1", "hr")
    assert "ILL-" not in reply.text
    assert "Main library, 2nd floor" in reply.text and "821.163.42 FRA" in reply.text
    assert await ill_count(db) == 0


async def test_a_copy_with_no_location_is_on_the_library_s_shelf_with_its_call_number(db, make_library):
    # no location loaded: "on the shelf at <the library's own name>" would read as a place; the call number says it
    library = await build(make_library)
    reply = await ask(library, "Kütüphanelerarası ödünç istiyorum.\nBaşlık: Osmanlı İmparatorluğu\n"
                               "ISBN: 975-08-0395-7", "p2", "tr")
    assert "rafta, yer numarası DR486 .I53" in reply.text and "konumunda" not in reply.text, reply.text


async def test_a_title_without_the_dates_the_catalogue_adds_in_brackets_is_our_book(db, make_library):
    library = await build(make_library)
    reply = await ask(library, "Kütüphanelerarası ödünç istiyorum.\nYazar: Halil İnalcık\n"
                               "Başlık: Osmanlı İmparatorluğu Klasik Çağ", "p2", "tr")
    assert "DR486 .I53" in reply.text and "ILL-" not in reply.text, reply.text


async def test_an_isbn_finds_the_book_whatever_title_the_patron_gives(db, make_library):
    library = await build(make_library)
    reply = await ask(library, "Kütüphanelerarası ödünç istiyorum.\nBaşlık: Osmanli tarihi\nISBN: 975-08-0395-7",
                      "p2", "tr")
    assert "DR486 .I53" in reply.text and "ILL-" not in reply.text


async def test_turkish_dotless_i_and_capitals_meet_the_catalogue_title(db, make_library):
    library = await build(make_library)
    reply = await ask(library, "Kütüphanelerarası ödünç talebi:\nYazar: Halil INALCIK\n"
                               "Eser adı: OSMANLI IMPARATORLUGU\nYıl: 2003", "p2", "tr")
    assert "ILL-" not in reply.text and "DR486 .I53" in reply.text


async def test_an_inflected_croatian_title_and_author_meet_the_catalogue(db, make_library):
    library = await build(make_library)
    await library.circulation.checkout("p4", "hr-1", NOW - dt.timedelta(days=3), STAFF)
    reply = await ask(library, 'Molim Vas međuknjižničnu posudbu, trebam knjigu iz druge knjižnice.\n'
                               'Autor: Frangeša\nNaslov: Povijesti hrvatske književnosti', "p1", "hr")
    assert "ILL-" not in reply.text and reply.buttons


async def test_lithuanian_genitive_title_meets_the_nominative_one(db, make_library):
    library = await build(make_library)
    reply = await ask(library, "Prašau užsakyti per TBA:\nAutorius: Ambrazo\n"
                               "Pavadinimas: Lietuviu kalbos gramatikos", "p3", "lt")
    assert "ILL-" not in reply.text and await ill_count(db) == 0


async def test_a_different_author_with_the_same_title_is_not_our_book(db, make_library):
    library = await build(make_library)
    reply = await ask(library, "Molim međuknjižničnu posudbu:\nAutor: Slobodan Prosperov Novak\n"
                               "Naslov: Povijest hrvatske književnosti\nGodina: 2003", "p1", "hr")
    assert "ILL-1" in reply.text


async def test_a_book_on_loan_is_offered_as_a_hold_and_yes_places_it(db, make_library):
    library = await build(make_library)
    await library.circulation.checkout("p4", "tr-1", NOW - dt.timedelta(days=3), STAFF)
    reply = await ask(library, "Kütüphanelerarası ödünç talebi:\nYazar: İnalcık, Halil\n"
                               "Başlık: Osmanlı İmparatorluğu", "p2", "tr")
    assert "ILL-" not in reply.text and "evet" in reply.text.lower()
    answer = await ask(library, "Evet", "p2", "tr", NOW + dt.timedelta(hours=2))
    assert "tr-1" in answer.text
    async with db.session() as session:
        holds = list((await session.execute(select(Hold))).scalars())
        offer = (await session.execute(select(HoldingOffer))).scalar_one()
    assert len(holds) == 1 and holds[0].status == "active" and (offer.state, offer.outcome) == ("hold", "tr-1")
    assert await ill_count(db) == 0


@pytest.mark.parametrize("language,patron,insisting", [
    ("en", "p4", "No, I need it from another library anyway."),
    ("tr", "p2", "Yine de başka bir kütüphaneden istiyorum."),
    ("hr", "p1", "Svejedno mi treba iz druge knjižnice."),
    ("lt", "p3", "Vis tiek reikia iš kitos bibliotekos."),
])
async def test_a_patron_who_insists_gets_the_ill_request_and_staff_see_our_copies(db, make_library, language,
                                                                                  patron, insisting):
    library = await build(make_library)
    request = {"en": "Interlibrary loan please:\nAuthor: Vytautas Ambrazas\nTitle: Lietuvių kalbos gramatika",
               "tr": "Kütüphanelerarası ödünç talebi:\nYazar: Vytautas Ambrazas\nBaşlık: Lietuvių kalbos gramatika",
               "hr": "Molim međuknjižničnu posudbu:\nAutor: Vytautas Ambrazas\nNaslov: Lietuvių kalbos gramatika",
               "lt": "Prašau užsakyti per TBA:\nAutorius: Vytautas Ambrazas\nPavadinimas: Lietuvių kalbos gramatika"}
    first = await ask(library, request[language], patron, language)
    assert "ILL-" not in first.text
    answer = await ask(library, insisting, patron, language, NOW + dt.timedelta(days=1))
    assert "ILL-1" in answer.text
    async with db.session() as session:
        staff = (await session.execute(select(OutboxMessage).where(
            OutboxMessage.recipient == "desk@example.edu"))).scalar_one()
        offer = (await session.execute(select(HoldingOffer))).scalar_one()
    assert "lt-1" in staff.body and "lt-2" in staff.body
    assert (offer.state, offer.outcome) == ("ill", "ILL-1")


async def test_insisting_in_the_request_itself_registers_it_at_once(db, make_library):
    library = await build(make_library)
    reply = await ask(library, "I know you have it, but I need it from another library anyway "
                               "(ours is reading-room only).\nAuthor: University of Chicago Press\n"
                               "Title: The Chicago manual of style", "p4", "en")
    assert "ILL-1" in reply.text


async def test_a_reading_room_copy_is_said_to_be_for_use_in_the_library(db, make_library):
    library = await build(make_library)
    reply = await ask(library, "Interlibrary loan please:\nAuthor: University of Chicago Press\n"
                               "Title: The Chicago manual of style", "p4", "en")
    assert "in the library only" in reply.text and "ILL-" not in reply.text


async def test_no_without_an_offer_is_not_taken_for_an_answer(db, make_library):
    library = await build(make_library)
    reply = await ask(library, "yes", "p4", "en")
    assert reply.intent == "unknown"


async def test_an_offer_answered_after_two_weeks_is_a_new_message(db, make_library):
    library = await build(make_library)
    await ask(library, "Interlibrary loan please:\nAuthor: Vytautas Ambrazas\nTitle: Lietuvių kalbos gramatika",
              "p4", "en")
    later = await ask(library, "I need it from another library anyway", "p4", "en", NOW + dt.timedelta(days=15))
    assert later.intent != "ill_request" or "Registered" not in later.text
    assert await ill_count(db) == 0


async def test_a_refused_hold_says_why_and_the_offer_stays_open(db, make_library):
    library = await make_library(patrons=PATRONS, items=ITEMS, patron_category=[
        {"code": "staff", "name": "Staff", "home_loans": True, "max_holds": 0, "ill": True},
        {"code": "student", "name": "Students", "home_loans": True, "ill": True}])
    await library.circulation.checkout("p2", "tr-1", NOW - dt.timedelta(days=3), STAFF)
    await ask(library, "Interlibrary loan please:\nAuthor: Halil Inalcik\nTitle: Osmanli imparatorlugu", "p4", "en")
    answer = await ask(library, "Yes please", "p4", "en", NOW + dt.timedelta(hours=1))
    assert "could not place the hold" in answer.text and "maximum number of reservations" in answer.text
    async with db.session() as session:
        assert (await session.execute(select(HoldingOffer.state))).scalar_one() == "open"


TURKISH_REQUEST = "Kütüphanelerarası ödünç talebi:\nYazar: İnalcık, Halil\nBaşlık: Osmanlı İmparatorluğu"


async def test_asking_twice_for_the_same_work_is_one_offer_and_one_answer_registers_it_once(db, make_library):
    library = await build(make_library)
    await ask(library, TURKISH_REQUEST, "p2", "tr")
    await ask(library, TURKISH_REQUEST, "p2", "tr", NOW + dt.timedelta(hours=1))
    answer = await ask(library, "başka kütüphane", "p2", "tr", NOW + dt.timedelta(hours=2))
    assert "ILL-1" in answer.text and "ILL-2" not in answer.text
    assert "ILL-1)" not in answer.text   # no "you asked for it before (ILL-1)" about loanbot's own duplicate
    assert await ill_count(db) == 1
    async with db.session() as session:
        offers = list((await session.execute(select(HoldingOffer))).scalars())
        staff = list((await session.execute(select(OutboxMessage).where(
            OutboxMessage.recipient == "desk@example.edu"))).scalars())
    assert [(o.state, o.outcome) for o in offers] == [("ill", "ILL-1")]
    assert len(staff) == 1


async def owe(library, code: str, amount: str) -> None:
    async with library.ctx.transaction() as session:
        patron_id = await session.scalar(select(Patron.id).where(Patron.code == code))
        await library.accounts.charge(session, patron_id, "fee", Decimal(amount), NOW, "test fee")


async def test_a_refused_registration_for_a_work_asked_twice_is_said_once(db, make_library):
    library = await build(make_library)
    await ask(library, TURKISH_REQUEST, "p2", "tr")
    await ask(library, TURKISH_REQUEST, "p2", "tr", NOW + dt.timedelta(hours=1))
    await owe(library, "p2", "5.00")
    refused = await ask(library, "Başka kütüphane.", "p2", "tr", NOW + dt.timedelta(hours=2))
    assert [line.strip() for line in refused.lines if "Kaydedilmedi" in line] == [
        "Kaydedilmedi: kütüphanelerarası ödünç için hesabınızda borç bulunmamalıdır; lütfen önce borcunuzu ödeyin."]
    assert await ill_count(db) == 0


async def test_two_offers_for_the_same_copies_stored_before_the_fix_register_the_work_once(db, make_library):
    library = await build(make_library)
    await ask(library, TURKISH_REQUEST, "p2", "tr")
    async with library.ctx.transaction() as session:
        first = (await session.execute(select(HoldingOffer))).scalar_one()
        session.add(HoldingOffer(patron_id=first.patron_id, work=first.work, barcodes=first.barcodes,
                                 hold_offered=first.hold_offered, state="open", channel="email",
                                 created_at=NOW, updated_at=NOW))
    answer = await ask(library, "başka kütüphane", "p2", "tr", NOW + dt.timedelta(hours=2))
    assert "ILL-1" in answer.text and await ill_count(db) == 1
    async with db.session() as session:
        assert [o.state for o in (await session.execute(select(HoldingOffer))).scalars()] == ["ill", "ill"]


async def test_a_refused_registration_leaves_the_offer_open_and_after_paying_another_library_registers_it(
        db, make_library):
    library = await build(make_library)
    await ask(library, TURKISH_REQUEST, "p2", "tr")
    await owe(library, "p2", "5.00")
    refused = await ask(library, "Başka kütüphane.", "p2", "tr", NOW + dt.timedelta(hours=2))
    assert "Kaydedilmedi" in refused.text
    async with db.session() as session:
        assert (await session.execute(select(HoldingOffer.state))).scalar_one() == "open"
    assert (await library.accounts.pay("p2", "5.00", NOW + dt.timedelta(days=1), STAFF)).ok
    answer = await ask(library, "Başka kütüphane lütfen.", "p2", "tr", NOW + dt.timedelta(days=1, hours=1))
    assert "ILL-1" in answer.text and await ill_count(db) == 1 and not answer.to_staff


@pytest.mark.parametrize("language,patron,words", [
    ("tr", "p2", "Başka kütüphane."), ("hr", "p1", "Iz druge knjižnice."), ("lt", "p3", "Iš kitos bibliotekos"),
    ("en", "p4", "another library"),
])
async def test_another_library_without_any_offer_says_there_is_none_and_how_to_ask(db, make_library, language,
                                                                                   patron, words):
    library = await build(make_library)
    reply = await ask(library, words, patron, language)
    assert reply.intent == "ill_request" and not reply.to_staff
    assert "Your message reached us empty" not in reply.text and "boş ulaştı" not in reply.text
    ask_again = Translator(language).gettext(
        "To ask for a work from another library, write its author and title (and the year and the ISBN or DOI, "
        "if you have them).")
    assert ask_again in reply.text
    assert await ill_count(db) == 0


async def test_another_library_after_the_offer_expired_or_was_answered_says_so(db, make_library):
    library = await build(make_library)
    await ask(library, "Interlibrary loan please:\nAuthor: Vytautas Ambrazas\nTitle: Lietuvių kalbos gramatika",
              "p4", "en")
    expired = await ask(library, "another library", "p4", "en", NOW + dt.timedelta(days=15))
    assert "«Lietuvių kalbos gramatika» of November 20, 2026 can no longer be answered" in expired.text
    assert "open for 14 days" in expired.text and await ill_count(db) == 0
    await ask(library, "Interlibrary loan please:\nAuthor: Vytautas Ambrazas\nTitle: Lietuvių kalbos gramatika",
              "p4", "en", NOW + dt.timedelta(days=16))
    await ask(library, "From another library, please", "p4", "en", NOW + dt.timedelta(days=16, hours=1))
    again = await ask(library, "another library", "p4", "en", NOW + dt.timedelta(days=17))
    assert "already answered our question about «Lietuvių kalbos gramatika»: it was registered as ILL-1" in again.text
    assert await ill_count(db) == 1


async def test_a_hold_from_an_offer_behind_another_reader_gives_the_place_in_the_queue(db, make_library):
    library = await build(make_library)
    await library.circulation.checkout("p4", "tr-1", NOW - dt.timedelta(days=3), STAFF)
    assert (await library.circulation.place_hold("p1", "tr-1", NOW - dt.timedelta(days=1), STAFF)).place == 1
    offer = await ask(library, TURKISH_REQUEST, "p2", "tr")
    assert "Bu eseri bekleyen 1 okuyucu var." in offer.text
    answer = await ask(library, "Evet", "p2", "tr", NOW + dt.timedelta(hours=2))
    assert "sizden önce 1 okuyucu ayırttı" in answer.text and "Sıranız: 2." in answer.text
    assert "sizin için ayırtıldı" not in answer.text


ENGLISH_REQUEST = "Interlibrary loan please:\nAuthor: Halil Inalcik\nTitle: Osmanli imparatorlugu"


async def test_an_overdue_copy_on_loan_to_another_reader_is_said_to_be_overdue_not_on_loan_until_a_past_date(
        db, make_library):
    library = await build(make_library)
    await library.circulation.checkout("p1", "tr-1", NOW - dt.timedelta(days=90), STAFF)
    reply = await ask(library, ENGLISH_REQUEST, "p4", "en")
    assert "on loan until" not in reply.text
    assert "We have it, but the copy on loan has been overdue since" in reply.text and "ILL-" not in reply.text


async def test_the_patrons_own_overdue_copy_is_said_to_be_overdue_since_its_date_and_to_be_returned(
        db, make_library):
    library = await build(make_library)
    await library.circulation.checkout("p4", "tr-1", NOW - dt.timedelta(days=90), STAFF)
    reply = await ask(library, ENGLISH_REQUEST, "p4", "en")
    assert "You have it on loan yourself (tr-1)." in reply.text and ", until" not in reply.text
    assert "It has been overdue since" in reply.text and "please return it as soon as possible" in reply.text


@pytest.mark.parametrize("language,patron,asking,own", [
    ("hr", "p1", "Molim međuknjižničnu posudbu:\nAutor: Halil Inalcik\nNaslov: Osmanli imparatorlugu",
     "Vi ga već imate posuđenog (tr-1), do "),
    ("lt", "p3", "Prašau užsakyti per TBA:\nAutorius: Halil Inalcik\nPavadinimas: Osmanli imparatorlugu", "(tr-1)"),
])
async def test_a_date_that_ends_a_sentence_with_its_own_full_stop_gets_no_second_one(db, make_library, language,
                                                                                    patron, asking, own):
    library = await build(make_library)
    await library.circulation.checkout(patron, "tr-1", NOW - dt.timedelta(days=3), STAFF)
    reply = await ask(library, asking, patron, language)
    assert own in reply.text and ".." not in reply.text


async def test_reserving_another_item_while_an_offer_is_open_reserves_that_item_and_leaves_the_offer(
        db, make_library):
    library = await build(make_library)
    await library.circulation.checkout("p4", "hr-1", NOW - dt.timedelta(days=3), STAFF)
    await library.circulation.checkout("p1", "tr-1", NOW - dt.timedelta(days=3), STAFF)
    offered = await ask(library, "Interlibrary loan please:\nAuthor: Ivo Frangeš\n"
                                 "Title: Povijest hrvatske književnosti", "p4", "en")
    assert "You have it on loan yourself (hr-1)" in offered.text
    reply = await ask(library, "Please reserve Osmanlı İmparatorluğu : klasik çağ (1300-1600) for me.", "p4", "en",
                      NOW + dt.timedelta(hours=1))
    assert reply.intent == "hold" and "tr-1" in reply.text and "no hold and no interlibrary loan" not in reply.text
    async with db.session() as session:
        assert (await session.execute(select(HoldingOffer.state))).scalar_one() == "open"
        assert [h.item_id for h in (await session.execute(select(Hold))).scalars()] != []

"""A patron cancels a request of theirs that is not yet approved (in four languages), reserves an item that is out
(by barcode, or by a title that names one item), and asks to keep an ILL item longer (told whether the lending
library can still be asked; staff get the task)."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from core.dialogue.assistant import Assistant, Sender
from core.domain.ill import WorkRequest
from core.plumbing.context import Actor
from core.plumbing.i18n import Translator
from core.storage.models import OutboxMessage
from core.understanding import understand_text
from tests.conftest import STAFF

VILNIUS = ZoneInfo("Europe/Vilnius")
NOW = dt.datetime(2026, 11, 20, 10, tzinfo=VILNIUS)
PATRONS = [("p-tr", "student", "tr", "ayse@example.org"), ("p-hr", "student", "hr", "ivan@example.org"),
           ("p-lt", "student", "lt", "ona@example.org"), ("p-en", "student", "en", "john@example.org")]
ITEMS = [("200002", "book", "Introduction to Algorithms"), ("104522", "book", "Hrvatska povijest"),
         ("104523", "book", "Hrvatska povijest"), ("104524", "book", "Metai")]
CANCEL = {"en": "cancel ILL-1", "tr": "ILL-1 talebimi iptal edin lütfen, artık ihtiyacım yok.",
          "hr": "molim Vas da otkažete moj zahtjev ILL-1", "lt": "atšaukite ILL-1"}


async def answer(library, code: str, language: str, text: str, now=NOW):
    async with library.ctx.unit_of_work():
        return await Assistant(library).answer(Sender(code, language), understand_text(text), now, "email",
                                               text=text)


async def staff_mail(library) -> list[OutboxMessage]:
    async with library.db.session() as session:
        return list((await session.execute(select(OutboxMessage).where(
            OutboxMessage.recipient == "desk@example.edu").order_by(OutboxMessage.id))).scalars())


@pytest.fixture
async def library(make_library):
    return await make_library(patrons=PATRONS, items=ITEMS)


@pytest.mark.parametrize("language", CANCEL)
async def test_a_patron_cancels_a_request_not_yet_approved_in_each_language(library, language):
    code = f"p-{language}"
    await library.ill.request(code, WorkRequest("book", "Muzej bezuvjetne predaje"), NOW, Actor("patron", code, "email"))
    await library.ill.event("ILL-1", "locate", NOW, STAFF, lender="NSK")
    await library.ill.event("ILL-1", "send", NOW, STAFF)
    reply = await answer(library, code, language, CANCEL[language])
    assert reply.intent == "cancel"
    assert (await library.ill.view("ILL-1")).state == "cancelled"
    tr = Translator(language)
    assert tr.gettext("{what} is cancelled, as you asked.", what="ILL-1 «Muzej bezuvjetne predaje»") in reply.text
    [told] = [m for m in await staff_mail(library) if m.dedupe_key.startswith("staff-cancelled:ILL-1")]
    assert "NSK" in told.body and told.headers["reply_token"].startswith("ILL-1-")   # it had gone to the lender


async def test_an_approved_request_or_another_patrons_cannot_be_cancelled(library):
    await library.ill.request("p-en", WorkRequest("book", "A Book"), NOW, Actor("patron", "p-en", "email"))
    for event in ("locate", "send", "approve"):
        await library.ill.event("ILL-1", event, NOW, STAFF, lender="NSK")
    reply = await answer(library, "p-en", "en", "cancel ILL-1")
    assert "can no longer be cancelled" in reply.text and (await library.ill.view("ILL-1")).state == "approved"
    reply = await answer(library, "p-hr", "en", "cancel ILL-1")
    assert "We could not find your request ILL-1." in reply.text


async def test_a_hold_by_barcode_or_by_a_title_naming_one_item(library):
    await library.circulation.checkout("p-tr", "200002", NOW, STAFF)
    await library.circulation.checkout("p-tr", "104524", NOW, STAFF)
    reply = await answer(library, "p-en", "en", "Please put a hold on it for me (barcode 200002).")
    assert reply.intent == "hold" and "is reserved for you" in reply.text and "7 days" in reply.text
    reply = await answer(library, "p-lt", "lt", "Prašau rezervuoti knygą „Metai“.")
    assert reply.intent == "hold" and "104524" in reply.text
    async with library.db.session() as session:
        from core.storage.models import Hold
        assert len((await session.execute(select(Hold).where(Hold.status == "active"))).all()) == 2


QUEUE = {  # asking for 200002 in each language; what the second and the third reader in its queue are told
    "en": ("Please put a hold on 200002 for me.", ["1 reader reserved it before you", "your place in the queue is 2"],
           ["2 readers reserved it before you", "your place in the queue is 3"]),
    "tr": ("200002 barkodlu kitabı ayırtmak istiyorum.", ["sizden önce 1 okuyucu ayırttı", "Sıranız: 2."],
           ["sizden önce 2 okuyucu ayırttı", "Sıranız: 3."]),
    "hr": ("Molim Vas da mi rezervirate 200002.", ["prije Vas rezervirao ga je 1 korisnik", "Vi ste 2. u redu"],
           ["prije Vas rezervirala su ga 2 korisnika", "Vi ste 3. u redu"]),
    "lt": ("Prašau rezervuoti 200002.", ["prieš Jus jį rezervavo 1 skaitytojas", "Jūsų vieta eilėje – 2."],
           ["prieš Jus jį rezervavo 2 skaitytojai", "Jūsų vieta eilėje – 3."]),
}
QUEUERS = [("x1", "student", "en", "x1@example.org"), ("x2", "student", "en", "x2@example.org"),
           ("x3", "student", "en", "x3@example.org")]


@pytest.mark.parametrize("language", QUEUE)
async def test_a_reader_behind_others_in_the_hold_queue_is_told_their_place_not_that_it_is_theirs(
        make_library, language):
    library = await make_library(patrons=PATRONS + QUEUERS, items=ITEMS)
    text, second, third = QUEUE[language]
    await library.circulation.checkout("x1", "200002", NOW, STAFF)
    first = await answer(library, "x2", "en", "Please put a hold on 200002 for me.")
    assert "is reserved for you" in first.text and "queue" not in first.text
    reply = await answer(library, f"p-{language}", language, text, NOW + dt.timedelta(hours=1))
    assert reply.intent == "hold" and all(words in reply.text for words in second), reply.text
    assert Translator(language).ngettext(
        "«{title}» ({barcode}) is reserved for you. When it comes back we will write to you; it will then wait for "
        "you at the library desk for {n} day.",
        "«{title}» ({barcode}) is reserved for you. When it comes back we will write to you; it will then wait for "
        "you at the library desk for {n} days.", 7, title="Introduction to Algorithms", barcode="200002") \
        not in reply.text
    assert (await library.circulation.cancel_hold(f"p-{language}", "200002", NOW, STAFF)).ok
    await library.circulation.place_hold("x3", "200002", NOW + dt.timedelta(hours=2), STAFF)
    reply = await answer(library, f"p-{language}", language, text, NOW + dt.timedelta(hours=3))
    assert all(words in reply.text for words in third), reply.text


async def test_a_title_naming_several_items_lists_them_and_a_book_on_the_shelf_is_not_held(library):
    reply = await answer(library, "p-en", "en", "Could you reserve Hrvatska povijest for me?")
    assert "104522" in reply.text and "104523" in reply.text and "reserve 104522" in reply.text
    reply = await answer(library, "p-en", "en", "Could you reserve 104522 for me?")
    assert "is not on loan: you can borrow it" in reply.text


async def ill_on_loan(library, lender_due: dt.date):
    await library.ill.request("p-en", WorkRequest("book", "SPQR"), NOW, Actor("patron", "p-en", "email"))
    for event in ("locate", "send", "approve", "arrive", "checkout"):
        await library.ill.event("ILL-1", event, NOW, STAFF, lender="British Library", lender_due=lender_due)


async def test_asking_to_keep_an_ill_item_longer_in_time_gives_staff_the_task(library):
    await ill_on_loan(library, dt.date(2027, 1, 15))
    reply = await answer(library, "p-en", "en", "can I keep ILL-1 longer?")
    assert reply.intent == "renew" and "We will ask it" in reply.text
    [task] = [m for m in await staff_mail(library) if m.dedupe_key.startswith("staff-extend:ILL-1")]
    assert "request_renewal" in task.body and task.headers["reply_token"].startswith("ILL-1-")
    assert (await library.ill.view("ILL-1")).state == "checked_out"    # staff ask the lender, then record it


async def test_renew_when_the_only_loans_are_ill_too_late_tells_the_patron_and_nobody_else(library):
    await ill_on_loan(library, dt.date(2026, 11, 23))
    reply = await answer(library, "p-en", "en", "please renew my loans")
    assert "too late to ask the lending library" in reply.text
    assert [m for m in await staff_mail(library) if m.dedupe_key.startswith("staff-extend")] == []


async def test_a_patron_asking_again_is_told_it_is_in_hand_and_staff_get_one_task(library):
    await ill_on_loan(library, dt.date(2027, 1, 15))
    first = await answer(library, "p-en", "en", "can I keep ILL-1 longer?")
    again = await answer(library, "p-en", "en", "I need ILL-1 longer, can you extend it?", now=NOW + dt.timedelta(days=1))
    assert "We will ask it" in first.text
    assert "you already asked for an extension on November 20, 2026" in again.text, again.text
    assert len([m for m in await staff_mail(library) if m.dedupe_key.startswith("staff-extend:ILL-1")]) == 1
    history = (await library.ill.view("ILL-1")).history
    assert [event for _, event, _ in history].count("extension_asked") == 1   # recorded once, in the history
    assert (await library.ill.view("ILL-1")).state == "checked_out"


async def test_asking_again_after_the_lender_refused_is_told_so_and_staff_are_not_asked_again(library):
    await ill_on_loan(library, dt.date(2027, 1, 15))
    await answer(library, "p-en", "en", "can I keep ILL-1 longer?")
    await library.ill.event("ILL-1", "request_renewal", NOW, STAFF)
    waiting = await answer(library, "p-en", "en", "can I keep ILL-1 longer?", now=NOW + dt.timedelta(hours=2))
    assert "we have already asked the lending library" in waiting.text
    await library.ill.event("ILL-1", "renewal_refused", NOW + dt.timedelta(days=1), STAFF)
    reply = await answer(library, "p-en", "en", "can I keep ILL-1 longer?", now=NOW + dt.timedelta(days=2))
    assert "the lending library refused to extend it on November 21, 2026" in reply.text, reply.text
    assert len([m for m in await staff_mail(library) if m.dedupe_key.startswith("staff-extend:ILL-1")]) == 1


async def test_after_a_granted_extension_a_new_wish_is_a_new_task(library):
    await ill_on_loan(library, dt.date(2027, 1, 15))
    await answer(library, "p-en", "en", "can I keep ILL-1 longer?")
    await library.ill.event("ILL-1", "request_renewal", NOW, STAFF)
    await library.ill.event("ILL-1", "renewal_granted", NOW, STAFF, lender_due=dt.date(2027, 2, 15))
    reply = await answer(library, "p-en", "en", "can I keep ILL-1 longer?", now=NOW + dt.timedelta(days=3))
    assert "We will ask it" in reply.text
    assert len([m for m in await staff_mail(library) if m.dedupe_key.startswith("staff-extend:ILL-1")]) == 2

"""The dialogue engine shared by e-mail, Telegram and `loanbot chat`: an understood message becomes use-case
calls and a reply in the patron's language."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import select

from core.dialogue.assistant import Assistant, Sender
from core.storage.models import IllRequest, OutboxMessage
from core.understanding import understand_text
from tests.conftest import STAFF

VILNIUS = ZoneInfo("Europe/Vilnius")
NOW = dt.datetime(2026, 11, 20, 10, tzinfo=VILNIUS)
PATRONS = [("p1", "staff", "hr", "marko@example.hr")]
ITEMS = [("104522", "book", "Hrvatska povijest"), ("104523", "book", "Povijest Dubrovnika")]


async def answer(library, text: str, code: str | None = "p1", language: str = "hr"):
    assistant = Assistant(library)
    async with library.ctx.unit_of_work():
        return await assistant.answer(Sender(code, language), understand_text(text), NOW, "email", text=text)


async def loaned(make_library):
    library = await make_library(patrons=PATRONS, items=ITEMS)
    for barcode in ("104522", "104523"):
        await library.circulation.checkout("p1", barcode, NOW - dt.timedelta(days=10), STAFF)
    return library


async def test_a_renewal_that_names_a_title_renews_only_that_loan(db, make_library):
    library = await loaned(make_library)
    await answer(library, 'Molim produženje roka posudbe za knjigu "Hrvatska povijest".')
    loans = {loan.barcode: loan for loan in await library.circulation.loans_of("p1", NOW)}
    assert loans["104522"].renewals_left < loans["104523"].renewals_left


async def test_a_renewal_naming_nothing_renews_every_loan(db, make_library):
    library = await loaned(make_library)
    reply = await answer(library, "Molim produžite mi sve knjige.")
    assert reply.intent == "renew"
    loans = await library.circulation.loans_of("p1", NOW)
    assert {loan.renewals_left for loan in loans} == {2}  # the (*, book) rule allows 3


async def test_an_unregistered_sender_learns_how_to_register_and_nothing_about_loans(db, make_library):
    library = await loaned(make_library)
    reply = await answer(library, "Koje knjige imam posuđene?", code=None)
    assert "Hrvatska povijest" not in reply.text and reply.intent == "loans"


async def test_an_ill_request_is_registered_and_announced_to_staff_in_the_same_unit_of_work(db, make_library):
    library = await make_library(patrons=PATRONS)
    reply = await answer(library, "Molim međuknjižničnu posudbu:\nAutor: Dubravka Ugrešić\n"
                                  "Naslov: Muzej bezuvjetne predaje\nNakladnik: Fraktura\nGodina: 2002")
    assert "ILL-1" in reply.text
    async with db.session() as session:
        staff = list((await session.execute(select(OutboxMessage).where(
            OutboxMessage.recipient == "desk@example.edu"))).scalars())
    assert len(staff) == 1 and staff[0].subject.startswith("[ILL-1]")
    assert staff[0].headers["reply_token"].startswith("ILL-1-")


# --- a message that asks several things -----------------------------------------------------------------------------
async def test_a_message_asking_two_things_gets_both_answered_in_the_order_asked(db, make_library):
    library = await loaned(make_library)
    reply = await answer(library, "how much do i owe exactly and can u renw my book pls", language="en")
    assert reply.intents == ["fines", "renew"]
    text = reply.text
    assert text.index("Your fines:") < text.index("You owe nothing") < text.index("Renewal of your loans:") \
        < text.index("Hrvatska povijest (104522): renewed")
    assert text.count("Hello,") == 1 and text.count("an automatic assistant") == 1
    assert {loan.renewals_left for loan in await library.circulation.loans_of("p1", NOW)} == {2}   # renewed


async def test_renewing_and_asking_what_is_owed_in_croatian_answers_both(db, make_library):
    library = await loaned(make_library)
    reply = await answer(library, "Koliko dugujem knjižnici? I molim produljenje za Hrvatsku povijest.")
    assert reply.intents == ["fines", "renew"] and "ništa ne dugujete" in reply.text and "produljeno" in reply.text


async def test_renew_my_loans_is_one_request_not_a_renewal_and_a_list(db, make_library):
    library = await loaned(make_library)
    reply = await answer(library, "please renew my loans", language="en")
    assert reply.intent == "renew" and reply.intents == []


async def test_a_new_intent_plugs_into_the_dispatch_table(db, make_library):
    library = await loaned(make_library)
    assistant = Assistant(library)
    heard = []

    async def hold(tr, sender, understanding, now, actor, text):
        heard.append(text)
        return await assistant.handlers["help"](tr, sender, understanding, now, actor, text)

    assistant.register("hold", hold)
    understanding = understand_text("x")
    understanding = type(understanding)(language="en", intent="hold")
    async with library.ctx.unit_of_work():
        reply = await assistant.answer(Sender("p1", "en"), understanding, NOW, "email", text="reserve it")
    assert heard == ["reserve it"] and reply.intent == "help"


# --- no Python value reaches a person -----------------------------------------------------------------------------
async def test_a_request_with_only_an_isbn_is_registered_with_what_it_has(db, make_library):
    library = await make_library(patrons=[("p1", "staff", "en", "john@example.edu")])
    reply = await answer(library, "Please get me ISBN 9780262046305 from another library, thanks", language="en")
    assert "None" not in reply.text and "Registered as ILL-1." in reply.text and "ISBN 9780262046305" in reply.text
    async with db.session() as session:
        request = (await session.execute(select(IllRequest))).scalar_one()
        staff = [m for m in (await session.execute(select(OutboxMessage))).scalars()
                 if m.recipient == "desk@example.edu"]
    assert request.title == "" and request.isbn == "9780262046305"
    [announcement] = staff
    assert "None" not in announcement.body and "None" not in announcement.subject
    assert "title not given" in announcement.body or "pavadinimas nenurodytas" in announcement.body
    status = await answer(library, "where is my request ILL-1?", language="en")
    assert "ILL-1 (ISBN 9780262046305)" in status.text and "None" not in status.text


async def test_staff_see_the_patron_category_by_its_name_in_their_language(db, make_library):
    library = await make_library(patrons=[("p1", "student", "en", "john@example.edu")],
                                 library={"staff_language": "hr"},
                                 patron_category=[{"code": "student", "name": {"en": "Students", "hr": "Studenti"},
                                                   "ill": True}, {"code": "staff", "name": "Staff"}])
    await answer(library, "Please get me this from another library:\nTitle: Rare Maps\nAuthor: Smith, Jane\n"
                          "Year: 2001", language="en")
    async with db.session() as session:
        [announcement] = [m for m in (await session.execute(select(OutboxMessage))).scalars()
                          if m.recipient == "desk@example.edu"]
    assert "Studenti" in announcement.body and "student)" not in announcement.body

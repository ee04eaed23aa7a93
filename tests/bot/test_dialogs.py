"""Whole Telegram dialogs, in each of the four languages, through the real PTB client and the outbox."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from core.plumbing.i18n import Translator
from core.storage.models import Conversation, IllRequest, Patron
from core.plumbing import wording
from core.domain.codes import Refusal
from tests.bot.conftest import STAFF, ZONE

LANGS = {"tr": (201, "p-tr", "ayse@example.edu", "b-tr", "b-tr2"),
         "hr": (202, "p-hr", "ivana@example.edu", "b-hr", "b-hr2"),
         "lt": (203, "p-lt", "ona@example.edu", "b-lt", "b-lt2"),
         "en": (204, "p-en", "john@example.edu", "b-en", "d-en")}
FREE_TEXT_RENEW = {"tr": "ödünç süremi uzat", "hr": "produži mi knjige", "lt": "pratęskite knygas",
                   "en": "please renew my books"}
FREE_TEXT_FINES = {"tr": "borcum ne kadar?", "hr": "koliko dugujem?", "lt": "kiek skolingas?",
                   "en": "how much do I owe?"}


def words(tr: Translator, message: str, **values) -> str:
    return tr.gettext(message, **values)


@pytest.mark.parametrize("lang", LANGS)
async def test_renew_all_shows_the_new_due_date_and_the_refusal_in_words(telegram, clock, lang):
    user, patron, address, book, day_item = LANGS[lang]
    library = telegram.library
    await library.circulation.checkout(patron, book, clock(), STAFF)
    if lang == "en":
        await library.circulation.checkout(patron, "d-en", clock(), STAFF)   # not self-renewable
    await telegram.link(user, address, lang)
    replies = await telegram.send(user, "/renew", lang)
    assert [f"renew:{book}"] in replies[-1]["buttons"] and ["renew:*"] in replies[-1]["buttons"]
    replies = await telegram.press(user, "renew:*", lang)
    tr = Translator(lang, ZONE)
    loan = next(v for v in await library.circulation.loans_of(patron, clock()) if v.barcode == book)
    assert tr.gettext("{title}: renewed, now due {due}.", title=f"{loan.title} ({book})",
                      due=tr.moment(loan.due)) in replies[-1]["text"]
    assert loan.due.astimezone(ZONE).date() == dt.date(2026, 4, 13)   # 21 + 21 days from 2 March
    if lang == "en":
        assert "Exam papers (d-en): not renewed: this loan can only be renewed at the library desk" \
            in replies[-1]["text"]
    replies = await telegram.press(user, f"renew:{book}", lang)   # the one self-renewal is used up
    assert wording.refusal(tr, Refusal.TOO_MANY_SELF_RENEWALS) in replies[-1]["text"]
    assert tr.moment(loan.due) in replies[-1]["text"]
    assert telegram.server.answered_callbacks()


@pytest.mark.parametrize("lang", LANGS)
async def test_free_text_is_understood_like_an_email(telegram, clock, lang):
    user, patron, address, book, _ = LANGS[lang]
    await telegram.library.circulation.checkout(patron, book, clock(), STAFF)
    await telegram.link(user, address, lang)
    tr = Translator(lang, ZONE)
    replies = await telegram.send(user, FREE_TEXT_RENEW[lang], lang)
    due = (await telegram.library.circulation.loans_of(patron, clock()))[0].due
    assert due.astimezone(ZONE).date() == dt.date(2026, 4, 13) and tr.moment(due) in replies[-1]["text"], replies
    replies = await telegram.send(user, FREE_TEXT_FINES[lang], lang)
    assert tr.gettext("You owe nothing to the library.") in replies[-1]["text"], replies


@pytest.mark.parametrize("lang", LANGS)
async def test_fines_show_the_total_and_each_line(telegram, clock, lang):
    user, patron, address, book, _ = LANGS[lang]
    await telegram.library.circulation.checkout(patron, book, clock() - dt.timedelta(days=31), STAFF)
    await telegram.link(user, address, lang)
    replies = await telegram.send(user, "/fines", lang)
    tr = Translator(lang, ZONE)
    assert tr.money(__import__("decimal").Decimal("2.00"), "EUR") in replies[-1]["text"], replies  # 10 days × 0.20
    assert book in replies[-1]["text"]


@pytest.mark.parametrize("lang", LANGS)
async def test_guided_ill_request_then_staff_approval_tells_the_patron(telegram, lang):
    user, patron, address, _, _ = LANGS[lang]
    await telegram.link(user, address, lang)
    await telegram.link(900, "desk@example.edu")
    tr = Translator(lang, ZONE)
    await telegram.send(user, "/request", lang)
    assert (await telegram.send(user, "Bilgi ve toplum", lang))[-1]["text"] == tr.gettext(
        "Who is the author? (send /skip if you do not know)")
    assert (await telegram.send(user, "Kaya, Ali", lang))[-1]["text"] == tr.gettext(
        "Which year was it published? (send /skip if you do not know)")
    assert (await telegram.send(user, "2019", lang))[-1]["text"] == tr.gettext(
        "Do you have its ISBN or DOI? Send it, or send /skip.")
    replies = await telegram.send(user, "978-3-16-148410-0", lang)
    assert "Kaya, Ali, «Bilgi ve toplum», 2019, ISBN 9783161484100" in replies[-1]["text"]
    assert replies[-1]["buttons"] == [["ill:send", "ill:cancel"]]
    replies = await telegram.press(user, "ill:send", lang)
    assert "ILL-1" in replies[-1]["text"]
    staff = telegram.server.sent(900)[-1]
    assert "ILL-1" in staff["text"] and ["ill:ILL-1:locate:requested", "ill:ILL-1:reject:requested"] in \
        staff["buttons"] and ["ill:ILL-1:cancel:requested"] in staff["buttons"]
    again = await telegram.press(user, "ill:send", lang)    # a second press sends nothing twice
    assert again == []
    before = len(telegram.server.sent(user))
    assert "ILL-1" in (await telegram.press(900, "ill:ILL-1:locate:requested"))[-1]["text"]
    replies = await telegram.send(900, "Ankara Üniversitesi")
    assert replies[-1]["buttons"] == [["staffdata:domestic", "staffdata:foreign"]]
    replies = await telegram.press(900, "staffdata:domestic")
    assert "(located)" in replies[-1]["text"] and "ill:ILL-1:send:located" in sum(replies[-1]["buttons"], [])
    view = await telegram.library.ill.view("ILL-1")
    assert (view.state, view.lender) == ("located", "Ankara Üniversitesi")
    assert telegram.server.sent(user)[before:] == []   # contracts §5: the patron hears nothing of this step


async def test_a_pasted_citation_goes_straight_to_confirmation(telegram):
    await telegram.link(204, "john@example.edu")
    await telegram.send(204, "/request")
    replies = await telegram.send(204, "Eliot, G. (1871). Middlemarch. Edinburgh: Blackwood. ISBN 978-0-14-143954-9")
    assert replies[-1]["buttons"] == [["ill:send", "ill:cancel"]], replies


async def test_staff_reject_asks_for_the_reason_and_records_it(telegram):
    await telegram.link(204, "john@example.edu")
    await telegram.link(900, "desk@example.edu")
    await telegram.send(204, "/request")
    await telegram.send(204, "Some rare book")
    for _ in range(3):
        await telegram.send(204, "/skip")
    await telegram.press(204, "ill:send")
    replies = await telegram.send(900, "/pending")
    assert ["ill:ILL-1:locate:requested", "ill:ILL-1:reject:requested"] in replies[-1]["buttons"]
    staff_tr = Translator(telegram.library.policy.library.staff_lang)
    assert staff_tr.gettext("Why are you rejecting {reference}? Send the reason (the patron will read it), or "
                            "send /cancel.",
                            reference="ILL-1") == (await telegram.press(900, "ill:ILL-1:reject:requested"))[-1]["text"]
    replies = await telegram.send(900, "No library lends it")
    assert "(rejected)" in replies[-1]["text"]
    view = await telegram.library.ill.view("ILL-1")
    assert (view.state, view.reason) == ("rejected", "No library lends it")


async def test_a_forged_renew_button_cannot_renew_another_patrons_loan(telegram, clock):
    await telegram.library.circulation.checkout("p-hr", "b-hr", clock(), STAFF)
    due_before = (await telegram.library.circulation.loans_of("p-hr", clock()))[0].due
    await telegram.link(204, "john@example.edu")
    replies = await telegram.press(204, "renew:b-hr")
    assert "not on loan to you" in replies[-1]["text"]
    assert (await telegram.library.circulation.loans_of("p-hr", clock()))[0].due == due_before
    assert telegram.server.answered_callbacks()[-1].get("text") == "the item is not on loan to you"


async def test_patrons_cannot_use_staff_buttons_and_strangers_cannot_use_any(telegram):
    await telegram.link(204, "john@example.edu")
    await telegram.send(204, "/request")
    await telegram.send(204, "Some rare book")
    for _ in range(3):
        await telegram.send(204, "/skip")
    await telegram.press(204, "ill:send")
    assert await telegram.press(204, "approve:ILL-1") == []
    assert await telegram.press(777, "renew:*") == []
    assert (await telegram.library.ill.view("ILL-1")).state == "requested"
    answers = [a.get("text") for a in telegram.server.answered_callbacks()[-2:]]
    assert answers == ["This is for library staff only.", "Please connect your library account first: send /start."]


async def test_a_dialogue_survives_a_restart(telegram):
    await telegram.link(204, "john@example.edu")
    await telegram.send(204, "/request")
    await telegram.send(204, "Bilgi ve toplum")
    telegram.restart()
    replies = await telegram.send(204, "Kaya, Ali")
    assert "year" in replies[-1]["text"]
    async with telegram.library.db.session() as session:
        row = await session.get(Conversation, 204)
    assert row.state == "ill_year" and row.data["work"] == {"title": "Bilgi ve toplum", "authors": ["Kaya, Ali"]}


async def test_linking_survives_a_restart_between_address_and_code(telegram):
    await telegram.send(205, "/start")
    await telegram.send(205, "ona@example.edu")
    telegram.restart()
    from tests.bot.conftest import code_in
    code = code_in((await telegram.emails_to("ona@example.edu"))[-1].body)
    replies = await telegram.send(205, code, "lt")
    assert "p-lt" in replies[-1]["text"]


async def go_to(telegram, state: str) -> None:
    if state in ("link_address", "link_code"):
        await telegram.send(206, "/start")
        if state == "link_code":
            await telegram.send(206, "john@example.edu")
        return
    await telegram.link(206, "desk@example.edu" if state == "staff_data" else "john@example.edu")
    if state == "staff_data":
        await telegram.send(206, "/request")
        await telegram.send(206, "A book")
        for _ in range(3):
            await telegram.send(206, "/skip")
        await telegram.press(206, "ill:send")
        await telegram.press(206, "ill:ILL-1:reject:requested")
        return
    await telegram.send(206, "/request")
    if state in ("ill_author", "ill_confirm"):
        await telegram.send(206, "A book")
    if state == "ill_confirm":
        for _ in range(3):
            await telegram.send(206, "/skip")


@pytest.mark.parametrize("state", ["link_address", "link_code", "ill_title", "ill_author", "ill_confirm",
                                   "staff_data"])
async def test_cancel_works_from_every_state(telegram, state):
    await go_to(telegram, state)
    async with telegram.library.db.session() as session:
        assert (await session.get(Conversation, 206)).state == state
    replies = await telegram.send(206, "/cancel")
    assert replies[-1]["text"] == "Cancelled."
    async with telegram.library.db.session() as session:
        assert (await session.get(Conversation, 206)).state == "idle"


async def test_language_buttons_change_the_conversation_and_the_patron_language(telegram):
    await telegram.link(204, "john@example.edu", "en")
    replies = await telegram.send(204, "/language")
    assert replies[-1]["buttons"] == [["lang:tr", "lang:hr", "lang:lt", "lang:en"]]
    await telegram.press(204, "lang:lt")
    async with telegram.library.db.session() as session:
        patron = (await session.execute(select(Patron).where(Patron.code == "p-en"))).scalar_one()
        assert patron.language == "lt" and (await session.get(Conversation, 204)).language == "lt"


async def test_a_loss_told_on_telegram_reaches_the_staff_as_a_loss(telegram):
    user, _, address, _, _ = LANGS["en"]
    await telegram.link(user, address, "en")
    replies = await telegram.send(user, "I lost ILL-1, what should I do?", "en")
    assert "A librarian will read your message" in replies[-1]["text"], replies
    [copy] = await telegram.emails_to("desk@example.edu")
    staff_tr = Translator(telegram.library.policy.library.staff_lang)
    assert staff_tr.gettext("loanbot did not understand this message; please answer the patron.") not in copy.body
    assert staff_tr.gettext("The patron reports a lost or damaged item; loanbot told them that a librarian will "
                            "write to them about what to do next. Please answer the patron.") in copy.body

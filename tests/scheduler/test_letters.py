"""Patrons' letters: everything due for one patron in one pass is one letter (or one Telegram message), grouped
as library notice systems group it — overdue by stage, due soon, ready to collect, interlibrary loan news — with
the subject naming the most urgent part, in the patron's language (tr, hr, lt, en).

The library is tests/data/policies/lending.toml (Europe/Vilnius, Sundays closed, push mode) with pickup places
and opening hours per language. Staff × book: 28 days, 0.20 a day after 2 days' grace; × week: 7 days.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from core.dialogue.assistant import Assistant, Sender
from core.domain.ill import WorkRequest
from core.domain.registry import ItemRecord, PatronRecord
from core.plumbing.context import Actor
from core.plumbing.i18n import Translator
from core.plumbing.outbox import queue_email
from core.scheduling import reminders as reminders_module
from core.scheduling.reminders import Reminders
from core.storage.models import Notice, OutboxMessage, Patron
from core.understanding import understand_text
from tests.conftest import STAFF

VILNIUS = ZoneInfo("Europe/Vilnius")
LANGUAGES = ("tr", "hr", "lt", "en")
PLACES = {"library": {"pickup_place": {"lt": "Abonementas, I a.", "en": "Loan desk, ground floor",
                                       "hr": "Posudbeni pult, prizemlje", "tr": "Ödünç verme bankosu, zemin kat"},
                      "opening_hours": {"lt": "I–V 8–20 val.", "en": "Mon–Fri 8:00–20:00",
                                        "hr": "pon.–pet. 8–20 h", "tr": "Pzt–Cum 08.00–20.00"}},
          "ill": {"pickup_place": {"lt": "TBA skyrius, 105 kab.", "en": "Interlibrary loan office, room 105",
                                   "hr": "Služba međuknjižnične posudbe, soba 105",
                                   "tr": "Kütüphanelerarası ödünç birimi, oda 105"}}}
# A word of each section's heading in each language: the letter really is in the patron's language.
SECOND_REMINDER = {"en": "Second reminder", "lt": "Antras priminimas", "hr": "Druga opomena",
                   "tr": "İkinci hatırlatma"}


async def add_items(library, items, when) -> None:
    await library.registry.upsert_items([ItemRecord(*item) for item in items], when, STAFF)


def at(day: str, time: str = "10:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=VILNIUS)


def patron_actor(code: str) -> Actor:
    return Actor("patron", code, "email")


async def outbox(db, recipient: str | None = None) -> list[OutboxMessage]:
    async with db.session() as session:
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if recipient:
            query = query.where(OutboxMessage.recipient == recipient)
        return list((await session.execute(query)).scalars())


async def a_busy_week(library, code: str) -> None:
    """By Wed 25 Nov 10:00 the patron has a loan at its second reminder, one just overdue, one due soon, a
    reserved item just returned, and an interlibrary loan from abroad just arrived."""
    suffix = code
    await add_items(library, [(f"A{suffix}", "book", "Atlas of Baltic Birds"),
                                         (f"B{suffix}", "book", "Bridges of Zagreb"),
                                         (f"C{suffix}", "week", "Chess Endgames"),
                                         (f"D{suffix}", "book", "Dede Korkut Kitabı")], at("2026-10-01"))
    circulation = library.circulation
    assert (await circulation.checkout(code, f"A{suffix}", at("2026-10-21"), STAFF)).ok   # due Wed 18 Nov
    assert (await circulation.checkout(code, f"B{suffix}", at("2026-10-27"), STAFF)).ok   # due Tue 24 Nov
    assert (await circulation.checkout(code, f"C{suffix}", at("2026-11-20"), STAFF)).ok   # due Fri 27 Nov
    holder = f"x{suffix}"
    await library.registry.upsert_patrons([PatronRecord(holder, "staff", "en", f"{holder}@example.edu")],
                                          at("2026-10-01"), STAFF)
    assert (await circulation.checkout(holder, f"D{suffix}", at("2026-11-20"), STAFF)).ok
    assert (await circulation.place_hold(code, f"D{suffix}", at("2026-11-21"), patron_actor(code))).ok
    request = await library.ill.request(code, WorkRequest(type="book", title="Rare Maps of Dalmatia"),
                                        at("2026-11-02"), patron_actor(code))
    ill = library.ill
    for event, keys in (("locate", {"lender": "British Library", "foreign": True}), ("send", {}), ("approve", {})):
        assert (await ill.event(request.request, event, at("2026-11-03"), STAFF, **keys)).ok
    await Reminders(library).deliver_notices(at("2026-11-19"))            # A's first reminder went out then
    assert (await circulation.checkin(f"D{suffix}", at("2026-11-25", "09:00"), STAFF)).ok     # fills the hold
    assert (await ill.event(request.request, "arrive", at("2026-11-25", "09:30"), STAFF,
                            lender_due=dt.date(2026, 12, 18))).ok


@pytest.mark.parametrize("language", LANGUAGES)
async def test_one_letter_holds_everything_due_for_the_patron_in_their_language(db, make_library, language):
    library = await make_library(patrons=[("p1", "staff", language, "p1@example.edu")], **PLACES)
    await a_busy_week(library, "p1")
    before = len(await outbox(db, "p1@example.edu"))
    await Reminders(library).deliver_notices(at("2026-11-25"))
    [letter] = (await outbox(db, "p1@example.edu"))[before:]
    tr = Translator(language, VILNIUS)
    body = letter.body
    assert letter.subject == tr.ngettext("Second reminder: your loan is overdue",
                                         "Second reminder: {n} of your loans are overdue", 1)
    assert SECOND_REMINDER[language] in letter.subject
    positions = [body.index(title) for title in ("Atlas of Baltic Birds", "Bridges of Zagreb", "Chess Endgames",
                                                 "Dede Korkut Kitabı", "Rare Maps of Dalmatia")]
    assert positions == sorted(positions)        # overdue by stage, then due soon, then ready to collect
    assert tr.money(Decimal("1.40"), "EUR") in body                       # A: 7 days late, 2 days' grace
    assert tr.date(dt.date(2026, 11, 18)) in body and tr.date(dt.date(2026, 11, 27)) in body
    assert tr.date(dt.date(2026, 12, 2)) in body                          # collect the reserved item by
    assert PLACES["library"]["pickup_place"][language] in body
    assert PLACES["library"]["opening_hours"][language] in body
    assert PLACES["ill"]["pickup_place"][language] in body
    assert tr.date(dt.date(2026, 12, 10)) in body                        # 7 open days before the lender's 18 Dec
    assert tr.money(Decimal("5.00"), "EUR") in body                       # the foreign fee
    assert "None" not in body and "{" not in body
    if language != "en":
        assert "Hello," not in body and "overdue" not in body and "collect" not in body


async def test_a_reminder_delivered_after_its_day_says_so(db, make_library):
    library = await make_library(patrons=[("p1", "staff", "en", "p1@example.edu")])
    await add_items(library, [("w1", "week", "Chess Endgames")], at("2026-11-01"))
    await library.circulation.checkout("p1", "w1", at("2026-11-20"), STAFF)   # due Fri 27 Nov, due_soon 25 Nov
    await Reminders(library).deliver_notices(at("2026-11-21"))               # loanbot serving since 21 Nov
    await Reminders(library).deliver_notices(at("2026-11-27"))               # … but down 25-26 Nov
    [letter] = await outbox(db)
    assert letter.subject == "Your loan is due soon" and "due November 27, 2026" in letter.body
    assert "should have reached you on November 25, 2026; we are sorry it is late" in letter.body


async def test_after_downtime_past_the_due_date_only_the_overdue_reminder_goes_out(db, make_library):
    library = await make_library(patrons=[("p1", "staff", "en", "p1@example.edu")])
    await add_items(library, [("w1", "week", "Chess Endgames")], at("2026-11-01"))
    await library.circulation.checkout("p1", "w1", at("2026-11-20"), STAFF)   # due Fri 27 Nov
    await Reminders(library).deliver_notices(at("2026-11-21"))
    await Reminders(library).deliver_notices(at("2026-12-05"))               # down from 25 Nov to 5 Dec
    [letter] = await outbox(db)
    # overdue_2 (4 Dec) was due, but it is the first reminder the patron gets: it is not called the second
    assert letter.subject == "Your loan is overdue"
    assert "was due on November 27, 2026" in letter.body and "due soon" not in letter.body
    assert "should have reached you on December 4, 2026" in letter.body
    await Reminders(library).deliver_notices(at("2026-12-11"))               # overdue_3, the second one sent
    assert (await outbox(db))[-1].subject == "Second reminder: your loan is overdue"


async def test_a_loan_loaded_with_its_past_gets_no_apology_and_no_second_reminder_first(db, make_library):
    library = await make_library(patrons=[("p1", "staff", "en", "p1@example.edu")])
    await add_items(library, [("w1", "week", "Chess Endgames")], at("2026-11-01"))
    await library.circulation.checkout("p1", "w1", at("2026-11-02"), STAFF)   # loaded on 24 Nov: due 9 Nov
    await Reminders(library).deliver_notices(at("2026-11-24"))               # loanbot's first pass
    [letter] = await outbox(db)
    assert letter.subject == "Your loan is overdue" and "sorry" not in letter.body


async def test_a_due_soon_notice_that_comes_after_an_hours_loan_is_due_says_it_is_late(db, make_library):
    library = await make_library(patrons=[("p1", "staff", "en", "p1@example.edu")],
                                 notices={"due_soon_days": 0, "overdue_days": [1, 7, 14]})
    await add_items(library, [("o1", "overnight", "Chess Endgames")], at("2026-11-01"))
    await library.circulation.checkout("p1", "o1", at("2026-11-24", "17:00"), STAFF)  # due Wed 25 Nov 09:00
    await Reminders(library).deliver_notices(at("2026-11-25", "11:00"))   # the due-soon day, after the hour
    [letter] = await outbox(db)
    assert letter.subject == "Your loan is overdue" and "was due on" in letter.body


async def test_two_overdue_loans_are_one_letter_naming_both(db, make_library):
    library = await make_library(patrons=[("p1", "staff", "en", "p1@example.edu")])
    await add_items(library, [("b1", "book", "First"), ("b2", "book", "Second")], at("2026-10-01"))
    for barcode in ("b1", "b2"):
        await library.circulation.checkout("p1", barcode, at("2026-10-27"), STAFF)   # due Tue 24 Nov
    await Reminders(library).deliver_notices(at("2026-11-22"))                        # due soon, both
    await Reminders(library).deliver_notices(at("2026-11-25"))                        # overdue, both
    first, second = await outbox(db)
    assert first.subject == "2 of your loans are due soon"
    assert second.subject == "2 of your loans are overdue"
    assert "These 2 loans are overdue:" in second.body and "«First» (b1)" in second.body \
        and "«Second» (b2)" in second.body


async def test_telegram_gets_one_message_per_patron_per_pass(db, make_library):
    library = await make_library(patrons=[("p1", "staff", "hr", "p1@example.edu")], **PLACES)
    async with db.session() as session, session.begin():
        (await session.execute(select(Patron).where(Patron.code == "p1"))).scalar_one().telegram_user_id = 77
    await a_busy_week(library, "p1")
    before = len(await outbox(db, "77"))
    await Reminders(library).deliver_notices(at("2026-11-25"))
    [message] = (await outbox(db, "77"))[before:]
    assert message.channel == "telegram"
    assert all(title in message.body for title in ("Atlas of Baltic Birds", "Chess Endgames", "Rare Maps"))
    assert message.body.startswith(Translator("hr").ngettext("Second reminder: your loan is overdue",
                                                             "Second reminder: {n} of your loans are overdue", 1))


async def test_a_reminder_for_a_loan_renewed_since_says_nothing(db, make_library):
    library = await make_library(patrons=[("p1", "staff", "en", "p1@example.edu")],
                                 notices={"quiet_hours": ["21:00", "08:00"]})
    await add_items(library, [("w1", "week", "Chess Endgames")], at("2026-11-01"))
    await library.circulation.checkout("p1", "w1", at("2026-11-20"), STAFF)   # due Fri 27 Nov
    reminders = Reminders(library)
    assert await reminders.deliver_notices(at("2026-11-28", "07:00")) == 0   # made, held back by quiet hours
    assert (await library.circulation.renew("p1", "w1", at("2026-11-28", "07:30"), patron_actor("p1"))).ok
    assert await reminders.deliver_notices(at("2026-11-28", "08:00")) == 0
    assert await outbox(db) == []
    async with db.session() as session:
        channels = set((await session.execute(select(Notice.channel))).scalars())
    assert channels <= {"stale", "superseded"}


async def test_a_hold_collected_before_the_pass_gets_no_ready_letter(db, make_library):
    library = await make_library(patrons=[("p1", "staff", "en", "p1@example.edu"),
                                          ("p2", "staff", "en", "p2@example.edu")])
    await add_items(library, [("b1", "book", "Wanted")], at("2026-11-01"))
    await library.circulation.checkout("p2", "b1", at("2026-11-02"), STAFF)
    await library.circulation.place_hold("p1", "b1", at("2026-11-03"), patron_actor("p1"))
    await library.circulation.checkin("b1", at("2026-11-05", "10:00"), STAFF)
    await library.circulation.checkout("p1", "b1", at("2026-11-05", "10:01"), STAFF)
    await Reminders(library).deliver_notices(at("2026-11-05", "10:05"))
    assert await outbox(db, "p1@example.edu") == []


async def test_the_letter_goes_into_the_reply_to_the_patrons_own_message_of_this_pass(db, make_library):
    library = await make_library(patrons=[("p1", "staff", "en", "p1@example.edu")], **PLACES)
    await a_busy_week(library, "p1")
    before = len(await outbox(db, "p1@example.edu"))
    now = at("2026-11-25")
    async with library.ctx.unit_of_work() as session:     # what the mail intake does with the patron's e-mail
        reply = await Assistant(library).answer(Sender("p1", "en", "p1@example.edu"),
                                                understand_text("how much do I owe?"), now, channel="email")
        queue_email(session, "p1@example.edu", "Re: fines", reply.text, now, in_reply_to="<m1@example.edu>",
                    language="en", dedupe_key="reply:inbound:1")
    await Reminders(library).deliver_notices(now)
    [message] = (await outbox(db, "p1@example.edu"))[before:]
    assert message.subject == "Re: fines" and message.headers["in_reply_to"] == "<m1@example.edu>"
    body = message.body
    assert body.lower().index("you owe") < body.index("Also from your library account:") < body.index("Chess Endgames")
    assert body.rstrip().endswith("(loanbot, an automatic assistant)") and body.count("automatic assistant") == 1


async def test_a_patrons_notices_are_never_split_between_two_letters(db, make_library, monkeypatch):
    monkeypatch.setattr(reminders_module, "BATCH", 2)
    library = await make_library(patrons=[("p1", "staff", "en", "p1@example.edu"),
                                          ("p2", "staff", "en", "p2@example.edu")])
    await add_items(library, [(f"b{n}", "book", f"Book {n}") for n in range(5)], at("2026-10-01"))
    for n in range(5):
        await library.circulation.checkout("p1" if n < 3 else "p2", f"b{n}", at("2026-10-27"), STAFF)
    await Reminders(library).deliver_notices(at("2026-11-22"))
    letters = {m.recipient: m for m in await outbox(db)}
    assert len(await outbox(db)) == 2
    assert letters["p1@example.edu"].subject == "3 of your loans are due soon"
    assert letters["p2@example.edu"].subject == "2 of your loans are due soon"


async def lent_rare_maps(library, *more: tuple[str, dict], foreign: bool = False):
    """p1's ILL request for «Rare Maps», from UB (or the British Library, abroad), arrived and lent on 5 Nov 2026
    (the lender wants it back on 18 Dec), then the events `more`; the registered request."""
    request = await library.ill.request("p1", WorkRequest(type="book", title="Rare Maps"), at("2026-11-02"),
                                        patron_actor("p1"))
    lender = {"lender": "British Library", "foreign": True} if foreign else {"lender": "UB"}
    for event, keys in (("locate", lender), ("send", {}), ("approve", {}),
                        ("arrive", {"lender_due": dt.date(2026, 12, 18)}), ("checkout", {}), *more):
        assert (await library.ill.event(request.request, event, at("2026-11-05"), STAFF, **keys)).ok, event
    return request


async def test_an_ill_loan_due_soon_is_not_offered_a_renew_reply(db, make_library):
    library = await make_library(patrons=[("p1", "staff", "en", "p1@example.edu")])
    await lent_rare_maps(library)
    await Reminders(library).deliver_notices(at("2026-11-05", "12:00"))     # the arrival letter (stale: lent)
    await Reminders(library).deliver_notices(at("2026-12-08"))              # due Thu 10 Dec
    [letter] = await outbox(db)
    assert letter.subject == "Your loan is due soon"
    assert "renew" not in letter.body.lower()
    assert "the library staff will ask the lending library" in letter.body


async def test_after_the_lender_refused_an_extension_neither_letter_nor_digest_offers_one(db, make_library):
    """The due-soon letter stops inviting a reply for more time, and the digest stops asking staff to request an
    extension, once the lender has refused one in this loan period."""
    from core.scheduling.digest import build_digest
    library = await make_library(patrons=[("p1", "staff", "en", "p1@example.edu")])
    await lent_rare_maps(library, ("request_renewal", {}), ("renewal_refused", {}))
    await Reminders(library).deliver_notices(at("2026-11-05", "12:00"))
    digest = await build_digest(library, at("2026-12-12"))     # the deadline, Tue 15 Dec, is near
    assert digest.renewal_deadline == []
    await Reminders(library).deliver_notices(at("2026-12-08"))              # due Thu 10 Dec
    [letter] = [m for m in await outbox(db, "p1@example.edu") if m.subject == "Your loan is due soon"]
    assert "the library staff will ask the lending library" not in letter.body, letter.body


@pytest.mark.parametrize("language", LANGUAGES)
async def test_staff_decisions_on_an_ill_request_reach_the_patron(db, make_library, language):
    library = await make_library(patrons=[("p1", "staff", language, "p1@example.edu")])
    tr = Translator(language, VILNIUS)
    ill = library.ill
    lent = await ill.request("p1", WorkRequest(type="book", title="Rare Maps"), at("2026-11-02"), patron_actor("p1"))
    for event, keys in (("locate", {"lender": "UB"}), ("send", {}), ("approve", {}),
                        ("arrive", {"lender_due": dt.date(2026, 12, 18)}), ("checkout", {}),
                        ("request_renewal", {})):
        assert (await ill.event(lent.request, event, at("2026-11-05"), STAFF, **keys)).ok
    assert (await ill.event(lent.request, "renewal_granted", at("2026-11-09"), STAFF,
                            lender_due=dt.date(2027, 1, 29))).ok
    cancelled = await ill.request("p1", WorkRequest(type="book", title="Old Atlas"), at("2026-11-02"),
                                  patron_actor("p1"))
    assert (await ill.event(cancelled.request, "cancel", at("2026-11-09"), STAFF,
                            reason="Ordered twice by mistake.\nThe other request goes on.")).ok
    await Reminders(library).deliver_notices(at("2026-11-05", "12:00"))
    await Reminders(library).deliver_notices(at("2026-11-09", "12:00"))
    letter = (await outbox(db))[-1]
    assert letter.subject == tr.gettext("News about your interlibrary loan requests")
    assert tr.date(dt.date(2027, 1, 21)) in letter.body          # 7 open days before Fri 29 Jan
    assert "Ordered twice by mistake." in letter.body and "The other request goes on." in letter.body
    assert tr.gettext("The library writes: {reason}", reason="Ordered twice by mistake.") in letter.body
    assert (await ill.event(lent.request, "request_renewal", at("2026-11-10"), STAFF)).ok
    assert (await ill.event(lent.request, "renewal_refused", at("2026-11-11"), STAFF)).ok
    await Reminders(library).deliver_notices(at("2026-11-11", "12:00"))
    refused = (await outbox(db))[-1]
    assert refused.subject == tr.gettext("The lending library did not extend your interlibrary loan")
    assert tr.date(dt.date(2027, 1, 21)) in refused.body         # the due date stands


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_hold_ready_letter_says_where_and_until_when(db, make_library, language):
    library = await make_library(patrons=[("p1", "staff", language, "p1@example.edu"),
                                          ("p2", "staff", "en", "p2@example.edu")], **PLACES)
    await add_items(library, [("b1", "book", "Wanted Book")], at("2026-11-01"))
    await library.circulation.checkout("p2", "b1", at("2026-11-02"), STAFF)
    await library.circulation.place_hold("p1", "b1", at("2026-11-03"), patron_actor("p1"))
    await library.circulation.checkin("b1", at("2026-11-04"), STAFF)         # Wed: waits until Wed 11 Nov
    await Reminders(library).deliver_notices(at("2026-11-04", "10:05"))
    [letter] = await outbox(db, "p1@example.edu")
    tr = Translator(language, VILNIUS)
    assert letter.subject == tr.ngettext("An item is ready for you to collect",
                                         "{n} items are ready for you to collect", 1)
    for fact in ("«Wanted Book» (b1)", tr.date(dt.date(2026, 11, 11)), PLACES["library"]["pickup_place"][language],
                 PLACES["library"]["opening_hours"][language]):
        assert fact in letter.body


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_arrival_letter_gives_place_hours_fee_and_the_patrons_own_due_date(db, make_library, language):
    library = await make_library(patrons=[("p1", "staff", language, "p1@example.edu")],
                                 library={"opening_hours": PLACES["library"]["opening_hours"]},
                                 ill={"pickup_place": PLACES["ill"]["pickup_place"],
                                      "opening_hours": {"en": "Tue, Thu 10-14", "lt": "II, IV 10–14 val."}})
    request = await library.ill.request("p1", WorkRequest(type="book", title="Rare Maps"), at("2026-11-02"),
                                        patron_actor("p1"))
    for event, keys in (("locate", {"lender": "British Library", "foreign": True}), ("send", {}), ("approve", {}),
                        ("arrive", {"lender_due": dt.date(2027, 1, 29)})):
        assert (await library.ill.event(request.request, event, at("2026-11-20"), STAFF, **keys)).ok
    await Reminders(library).deliver_notices(at("2026-11-20", "10:05"))
    [letter] = await outbox(db, "p1@example.edu")
    tr = Translator(language, VILNIUS)
    assert letter.subject == tr.ngettext("Your interlibrary loan has arrived", "{n} interlibrary loans have arrived", 1)
    hours = {"en": "Tue, Thu 10-14", "lt": "II, IV 10–14 val."}.get(language, "II, IV 10–14 val.")  # else: lt, first
    for fact in ("ILL-1 «Rare Maps»", PLACES["ill"]["pickup_place"][language], hours,
                 tr.date(dt.date(2027, 1, 21)), tr.money(Decimal("5.00"), "EUR")):
        assert fact in letter.body, fact


async def test_a_request_registered_at_the_desk_is_told_to_the_patron(db, make_library):
    from core.staff.desk import StaffDesk
    library = await make_library(patrons=[("p1", "staff", "en", "p1@example.edu")])
    desk = StaffDesk(library)
    outcome = await desk.act("ill_request", {"patron": "p1", "type": "book", "title": "Rare Maps"},
                             at("2026-11-02"), desk.staff(None, "cli"))
    assert outcome.ok
    await Reminders(library).deliver_notices(at("2026-11-02", "12:00"))
    [letter] = await outbox(db, "p1@example.edu")
    assert letter.subject == "Your interlibrary loan request has been registered"
    assert "ILL-1 «Rare Maps» has been registered for you" in letter.body


async def test_a_desk_request_that_arrived_and_was_lent_in_one_pass_is_not_also_being_looked_for(db, make_library):
    # "registered: staff will look for a library… 14–30 days" beside "keep it until …" would contradict itself
    from core.staff.desk import StaffDesk
    library = await make_library(patrons=[("p1", "staff", "en", "p1@example.edu")])
    desk = StaffDesk(library)
    outcome = await desk.act("ill_request", {"patron": "p1", "type": "book", "title": "Rare Maps"},
                             at("2026-11-05"), desk.staff(None, "cli"))
    for event, keys in (("locate", {"lender": "British Library", "foreign": True}), ("send", {}), ("approve", {}),
                        ("arrive", {"lender_due": dt.date(2026, 12, 18)}), ("checkout", {})):
        assert (await library.ill.event(outcome.reference, event, at("2026-11-05"), STAFF, **keys)).ok
    await Reminders(library).deliver_notices(at("2026-11-05", "12:00"))
    [letter] = await outbox(db, "p1@example.edu")
    assert Translator("en").money(Decimal("5.00"), "EUR") in letter.body          # the fee is still told
    assert "has been registered for you" not in letter.body, letter.body


async def test_an_item_from_abroad_lent_in_the_pass_it_arrived_still_tells_the_fee(db, make_library):
    library = await make_library(patrons=[("p1", "staff", "en", "p1@example.edu")])
    await lent_rare_maps(library, foreign=True)
    await Reminders(library).deliver_notices(at("2026-11-05", "12:00"))
    [letter] = await outbox(db, "p1@example.edu")
    tr = Translator("en")
    assert tr.money(Decimal("5.00"), "EUR") in letter.body and "collect it" not in letter.body, letter.body


async def test_two_answers_of_the_lender_in_one_pass_give_only_the_last(db, make_library):
    library = await make_library(patrons=[("p1", "staff", "en", "p1@example.edu")])
    request = await lent_rare_maps(library)
    await Reminders(library).deliver_notices(at("2026-11-05", "12:00"))
    for event, keys in (("request_renewal", {}), ("renewal_granted", {"lender_due": dt.date(2027, 1, 8)}),
                        ("request_renewal", {}), ("renewal_refused", {})):
        assert (await library.ill.event(request.request, event, at("2026-11-06"), STAFF, **keys)).ok
    await Reminders(library).deliver_notices(at("2026-11-06", "12:00"))
    [letter] = [m for m in await outbox(db, "p1@example.edu") if "extend" in m.body]
    assert "did not extend" in letter.body and "The lending library extended" not in letter.body, letter.body

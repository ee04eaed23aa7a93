"""Reminders reach the outbox once each, on the patron's channel and in their language; the digest once a day."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from core.plumbing.context import Actor
from core.domain.ill import WorkRequest
from core.scheduling.reminders import Reminders
from core.storage.models import Notice, OutboxMessage, Patron
from tests.conftest import STAFF

VILNIUS = ZoneInfo("Europe/Vilnius")
PATRONS = [("p1", "student", "lt", "p1@stud.example.lt"), ("p2", "staff", "en", "p2@example.edu")]
ITEMS = [("b1", "book", "Jūrų teisė"), ("w1", "week", "Baltic Sea Ecology")]


def at(day: str, time: str = "09:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=VILNIUS)


async def outbox(db) -> list[OutboxMessage]:
    async with db.session() as session:
        return list((await session.execute(select(OutboxMessage).order_by(OutboxMessage.id))).scalars())


async def test_due_soon_reminder_is_queued_once_on_its_day_by_email(db, make_library):
    library = await make_library(patrons=PATRONS, items=ITEMS)
    await library.circulation.checkout("p1", "w1", at("2026-11-02"), STAFF)  # due Mon 2026-11-09
    reminders = Reminders(library)
    assert (await reminders.deliver_notices(at("2026-11-06", "23:00"))) == 0
    assert (await reminders.deliver_notices(at("2026-11-07", "00:10"))) == 1
    assert (await reminders.deliver_notices(at("2026-11-07", "12:00"))) == 0
    [message] = await outbox(db)
    assert (message.channel, message.recipient) == ("email", "p1@stud.example.lt")
    assert "Baltic Sea Ecology" in message.body and message.dedupe_key.startswith("letter:")


async def test_reminders_go_to_telegram_when_the_patron_linked_an_account(db, make_library):
    library = await make_library(patrons=PATRONS, items=ITEMS)
    async with db.session() as session, session.begin():
        patron = (await session.execute(select(Patron).where(Patron.code == "p1"))).scalar_one()
        patron.telegram_user_id = 4242
    await library.circulation.checkout("p1", "w1", at("2026-11-02"), STAFF)
    await Reminders(library).deliver_notices(at("2026-11-07"))  # due_soon
    await Reminders(library).deliver_notices(at("2026-11-10"))  # overdue_1
    messages = await outbox(db)
    assert {m.channel for m in messages} == {"telegram"} and len(messages) == 2
    assert all(m.recipient == "4242" for m in messages)


async def test_a_late_reminder_after_downtime_says_it_is_late_and_is_sent_once(db, make_library):
    library = await make_library(patrons=PATRONS, items=ITEMS)
    await library.circulation.checkout("p2", "w1", at("2026-11-02"), STAFF)  # due 2026-11-09
    reminders = Reminders(library)
    assert await reminders.deliver_notices(at("2026-11-03")) == 0   # serving, nothing due yet
    first = await reminders.deliver_notices(at("2026-11-20"))  # down since before the due_soon day
    again = await reminders.deliver_notices(at("2026-11-20", "10:00"))
    # due_soon, overdue_1 (11-10) and overdue_2 (11-16) were all due, but only the latest is worth sending,
    # and as the first reminder the patron gets (not "the second")
    assert (first, again) == (1, 0)
    [message] = await outbox(db)
    assert message.subject == "Your loan is overdue"
    assert "we are sorry it is late" in message.body and "was due on November 9, 2026" in message.body


async def test_quiet_hours_hold_reminders_back_until_they_end(db, make_library):
    library = await make_library(patrons=PATRONS, items=ITEMS,
                                 notices={"quiet_hours": ["21:00", "08:00"]})
    await library.circulation.checkout("p1", "w1", at("2026-11-02"), STAFF)
    reminders = Reminders(library)
    assert await reminders.deliver_notices(at("2026-11-07", "06:00")) == 0
    assert await reminders.deliver_notices(at("2026-11-07", "08:00")) == 1


async def test_ill_rejection_reaches_the_patron_with_the_reason(db, make_library):
    library = await make_library(patrons=PATRONS, items=ITEMS)
    result = await library.ill.request("p2", WorkRequest("book", "Rare Title"), at("2026-11-02"),
                                       Actor("patron", "p2", "email"))
    await library.ill.event(result.request, "reject", at("2026-11-03"), STAFF, reason="only copy is lost")
    await Reminders(library).deliver_notices(at("2026-11-03", "10:00"))
    [message] = await outbox(db)
    assert message.recipient == "p2@example.edu" and "only copy is lost" in message.body


async def test_digest_is_queued_once_a_day_at_digest_time_for_each_staff_address(db, make_library):
    library = await make_library(patrons=PATRONS, items=ITEMS)
    await library.ill.request("p2", WorkRequest("book", "Wanted Book"), at("2026-11-02"),
                              Actor("patron", "p2", "email"))
    reminders = Reminders(library)
    assert not await reminders.send_digest_if_due(at("2026-11-03", "07:59"))
    assert await reminders.send_digest_if_due(at("2026-11-03", "08:00"))
    assert not await reminders.send_digest_if_due(at("2026-11-03", "15:00"))
    assert await reminders.send_digest_if_due(at("2026-11-04", "08:30"))
    digests = [m for m in await outbox(db) if m.recipient == "desk@example.edu"]
    assert len(digests) == 2
    assert "ILL-1" in digests[0].body and "Ref: ILL-1-" in digests[0].body  # how to decide by reply


async def test_staff_mail_is_in_the_staff_language_not_the_patrons_first_language(db, make_library):
    library = await make_library(patrons=PATRONS, items=ITEMS, library={"staff_language": "hr"})  # first: lt
    await library.ill.request("p2", WorkRequest("book", "Wanted Book"), at("2026-11-02"),
                              Actor("patron", "p2", "email"))
    assert await Reminders(library).send_digest_if_due(at("2026-11-03", "08:00"))
    staff_mail = [m for m in await outbox(db) if m.recipient == "desk@example.edu"]
    assert staff_mail and all(m.subject.startswith(("Pregled međuknjižnične posudbe", "[ILL-1] Novi"))
                              for m in staff_mail)


async def test_sixty_days_of_hourly_passes_send_every_reminder_once(db, make_library):
    library = await make_library(patrons=PATRONS, items=ITEMS)
    await library.circulation.checkout("p1", "b1", at("2026-11-02"), STAFF)  # 21 days: due 2026-11-23
    await library.circulation.checkout("p2", "w1", at("2026-11-02"), STAFF)  # due 2026-11-09
    reminders = Reminders(library)
    moment = at("2026-11-02", "10:00")
    while moment < at("2027-01-01"):
        await reminders.run_once(moment)
        moment += dt.timedelta(hours=6)
    async with db.session() as session:
        kinds = dict((await session.execute(select(Notice.kind, func.count()).group_by(Notice.kind))).all())
        undispatched = await session.scalar(select(func.count()).select_from(Notice)
                                            .where(Notice.dispatched_at.is_(None)))
    assert kinds == {"due_soon": 2, "overdue_1": 2, "overdue_2": 2, "overdue_3": 2} and undispatched == 0
    messages = await outbox(db)
    patron_mail = [m for m in messages if m.recipient != "desk@example.edu"]
    assert len(patron_mail) == 8 and len({m.dedupe_key for m in patron_mail}) == 8
    digests = [m for m in messages if m.recipient == "desk@example.edu"]
    assert len(digests) == 60  # 2026-11-02 … 2026-12-31, one each day (the first pass is after 08:00)


async def test_the_digest_lists_reserved_items_not_collected_in_time_with_what_staff_can_do(db, make_library):
    library = await make_library(patrons=[*PATRONS, ("p3", "staff", "en", "p3@example.edu")], items=ITEMS,
                                 library={"staff_language": "en", "hold_pickup_days": 3})
    await library.circulation.checkout("p1", "b1", at("2026-11-02"), STAFF)
    await library.circulation.place_hold("p3", "b1", at("2026-11-03"), Actor("patron", "p3", "email"))
    await library.circulation.checkin("b1", at("2026-11-04"), STAFF)            # waits until Sat 7 Nov
    reminders = Reminders(library)
    assert await reminders.send_digest_if_due(at("2026-11-07", "08:00"))
    assert await reminders.send_digest_if_due(at("2026-11-09", "08:00"))
    in_time, late = [m for m in await outbox(db) if m.recipient == "desk@example.edu" and "digest" in m.subject]
    assert "not collected in time" not in in_time.body
    assert "Reserved items not collected in time (1):" in late.body
    assert "«Jūrų teisė» (b1) for p3" in late.body and "November 7, 2026" in late.body
    # the commands are written out for this patron and item, ready to copy
    assert "loanbot holds extend p3 b1 --days 3" in late.body and "loanbot holds expire p3 b1" in late.body

"""A patron chooses how reminders reach them; the choice is honoured by the scheduler."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import select

from core.plumbing.context import Actor
from core.dialogue.preferences import set_reminder_channel
from core.scheduling.reminders import Reminders
from core.storage.models import OutboxMessage, Patron
from tests.conftest import STAFF

VILNIUS = ZoneInfo("Europe/Vilnius")
PATRON = Actor("patron", "p1", "telegram")


async def link(db, code: str, telegram_id: int) -> None:
    async with db.session() as session, session.begin():
        patron = (await session.execute(select(Patron).where(Patron.code == code))).scalar_one()
        patron.telegram_user_id = telegram_id


async def test_a_linked_patron_who_chooses_email_gets_reminders_by_email(db, make_library):
    library = await make_library(patrons=[("p1", "student", "lt", "p1@x.lt")], items=[("w1", "week", "T")])
    await link(db, "p1", 77)
    now = dt.datetime(2026, 11, 2, 10, tzinfo=VILNIUS)
    assert await set_reminder_channel(library, "p1", "email", now, PATRON) == "email"
    await library.circulation.checkout("p1", "w1", now, STAFF)
    await Reminders(library).deliver_notices(now + dt.timedelta(days=5))
    async with db.session() as session:
        channels = [m.channel for m in (await session.execute(select(OutboxMessage))).scalars()]
    assert channels == ["email"]


async def test_telegram_cannot_be_chosen_without_a_linked_account(db, make_library):
    library = await make_library(patrons=[("p1", "student", "lt", "p1@x.lt")])
    now = dt.datetime(2026, 11, 2, 10, tzinfo=VILNIUS)
    assert await set_reminder_channel(library, "p1", "telegram", now, PATRON) is None
    assert await set_reminder_channel(library, "p1", "pigeon", now, PATRON) is None
    assert await set_reminder_channel(library, "nobody", "email", now, PATRON) is None

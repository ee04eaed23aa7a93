"""A patron who asks by e-mail to keep an interlibrary loan longer, twice, and again after the lender refused
(Dovecot and aiosmtpd): every message is answered — none is shunted —, staff get the task once, and the patron
learns where the wish stands."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from core.domain.ill import WorkRequest
from core.plumbing.context import Actor
from core.plumbing.i18n import Translator
from core.storage.models import InboundMessage
from tests.conftest import STAFF as DESK
from tests.mail.conftest import Clock, server_config
from tests.mail.messages import message
from tests.mail.test_staff_replies import STAFF, Mailroom, text

ISTANBUL = ZoneInfo("Europe/Istanbul")
PATRON = "elif@ogrenci.example.edu.tr"
def tasks(room) -> list:
    """What staff got about ILL-1 itself (the daily digest aside)."""
    return [m for m in room.to(STAFF) if str(m["Subject"]).startswith("[ILL-1]")]


ASK = "Merhaba,\n\nILL-1 için biraz daha süre alabilir miyim? İade süresini uzatabilir misiniz?\n\nElif\n"


@pytest.fixture
async def room(make_library, tmp_path, imap_box, smtp):
    library = await make_library("tokat.toml", patrons=[("P1", "student", "tr", PATRON, "Elif Kaya")])
    start = dt.datetime(2026, 11, 24, 9, 30, tzinfo=ISTANBUL)
    await library.ill.request("P1", WorkRequest("book", "Osmanlı Modernleşmesi"), start, Actor("patron", "P1", "email"))
    for event in ("locate", "send", "approve", "arrive", "checkout"):
        await library.ill.event("ILL-1", event, start, DESK, lender="Ankara Üniversitesi",
                                lender_due=dt.date(2027, 1, 15))
    room = Mailroom(library, server_config(tmp_path, imap_box, smtp), Clock(start), imap_box, smtp)
    await room.send()   # today's digest goes first
    return room


async def test_asking_twice_and_after_a_refusal_is_always_answered_and_staff_get_one_task(room):
    tr = Translator("tr")
    await room.send(message(PATRON, "Süre uzatımı", ASK), hours=1)
    [first] = room.to(PATRON)
    [task] = tasks(room)
    assert "request_renewal" in text(task)
    await room.send(message(PATRON, "Süre uzatımı", ASK), days=1)
    [second] = room.to(PATRON)
    assert tasks(room) == []
    asked_on = tr.date(dt.date(2026, 11, 24))
    assert tr.gettext("{what}: you already asked for an extension on {date}; the library staff will ask the "
                      "lending library and write to you with its answer. Until then it is due {due}.",
                      what="ILL-1 «Osmanlı Modernleşmesi»", date=asked_on,
                      due=tr.date(dt.date(2027, 1, 12))) in text(second)
    await room.library.ill.event("ILL-1", "request_renewal", room.clock.now, DESK)
    await room.library.ill.event("ILL-1", "renewal_refused", room.clock.now, DESK)
    await room.send(message(PATRON, "Süre uzatımı", ASK), days=1)
    third = [m for m in room.to(PATRON) if "ILL-1" in text(m)]
    assert any(tr.gettext("{what}: the lending library refused to extend it on {date}.",
                          what="ILL-1 «Osmanlı Modernleşmesi»", date=tr.date(dt.date(2026, 11, 25))) in text(m)
               for m in third), [text(m) for m in third]
    assert tasks(room) == []
    async with room.library.db.session() as session:
        statuses = (await session.execute(select(InboundMessage.status))).scalars().all()
    assert statuses == ["done", "done", "done"]

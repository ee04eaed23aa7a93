"""What loanbot is unsure it read right is shown back: the patron is asked to correct it, staff see it flagged.

Runs the real understanding and the real ILL use case; the uncertainty comes from the work's own confidences, set
here where a test needs a field to be uncertain (the tagger's probabilities move with each retraining).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import select

from core.dialogue.assistant import Assistant, Sender
from core.dialogue.uncertainty import patron_check_lines, staff_check_lines
from core.domain.works import Work
from core.plumbing.i18n import Translator
from core.storage.models import IllRequest, OutboxMessage
from core.understanding import Understanding, understand_text

VILNIUS = ZoneInfo("Europe/Vilnius")
NOW = dt.datetime(2026, 11, 20, 10, tzinfo=VILNIUS)
PATRONS = [("p1", "staff", "en", "ann@example.edu")]


def test_fields_below_the_threshold_are_uncertain_and_fields_read_by_rules_are_not():
    work = Work(type="book", title="Kar", authors=["Pamuk, Orhan"], year=2002,
                confidence={"title": 0.55, "authors": 0.97})
    assert work.uncertain_fields() == ["title"]
    assert Work(type="book", title="Kar").uncertain_fields() == []


def test_the_patron_is_asked_to_check_uncertain_fields_in_their_language():
    work = Work(type="book", title="Kar", authors=["Pamuk, Orhan"], confidence={"title": 0.4, "authors": 0.5})
    [line] = patron_check_lines(Translator("hr"), work)
    assert "naslov" in line and "autori" in line
    assert patron_check_lines(Translator("en"), Work(type="book", title="Kar")) == []


def test_an_isbn_whose_check_digit_fails_is_named_to_patron_and_staff():
    work = Work(type="book", title="Kar", isbn_as_written="9789754700115")
    assert any("9789754700115" in line for line in patron_check_lines(Translator("tr"), work))
    [line] = staff_check_lines(Translator("en"), [], "9789754700115")
    assert "9789754700115" in line and "check digit does not match" in line


async def test_staff_notification_names_the_uncertain_fields_and_the_request_keeps_them(db, make_library):
    library = await make_library(patrons=PATRONS)
    understood = understand_text("Could you get me Kar by Orhan Pamuk (İletişim, 2002)? ISBN 978-975-470-011-5")
    work = dataclasses.replace(understood.items[0], confidence={"title": 0.5, "authors": 0.99})
    understood = Understanding(language="en", intent="ill_request", items=[work])
    async with library.ctx.unit_of_work():
        reply = await Assistant(library).answer(Sender("p1", "en"), understood, NOW, "email")
    assert "not sure we read these details right: title" in reply.text
    async with db.session() as session:
        request = (await session.execute(select(IllRequest))).scalar_one()
        staff = (await session.execute(select(OutboxMessage).where(
            OutboxMessage.recipient == "desk@example.edu"))).scalar_one()
    assert request.uncertain_fields == ["title"] and request.isbn_as_written == "9789754700115"
    staff_language = Translator(library.policy.library.staff_lang)       # staff read it in their own language
    for line in staff_check_lines(staff_language, ["title"], "9789754700115"):
        assert line in staff.body


def test_a_work_named_only_by_an_isbn_with_a_wrong_check_digit_is_described_by_it():
    # the patron's reply lists the work as "• …": an ISBN alone, however mistyped, is what names it (never "• ")
    from core.dialogue.assistant import describe_work
    assert describe_work(Work(type="book", isbn_as_written="9786050825445")) == "ISBN 9786050825445"
    assert describe_work(Work(type="book", isbn="9789754700114")) == "ISBN 9789754700114"

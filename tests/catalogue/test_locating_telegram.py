"""Staff locate a request at a library the union catalogue found, with one button: python-telegram-bot's real
network stack against the loopback Bot API, the union catalogue in Zebra, the front end built as `loanbot serve`
builds it. The look-up's message carries a button per holding library; `/ill REF` shows them, and its `locate`
asks which, offering them (and another library, typed)."""
from __future__ import annotations

import datetime as dt

import pytest

from core.catalogue.lookups import CatalogueLookups
from core.library import Library
from core.staff.views import request_view
from tests.bot.conftest import PATRONS, ZONE, Clock, Telegram
from tests.catalogue.records import target
from loanbot.config import Config

DESK, PATRON = 900, 204
HOLDERS = ["Nacionalna i sveučilišna knjižnica u Zagrebu", "Sveučilišna knjižnica Rijeka"]


def buttons(reply: dict) -> list[str]:
    return sum(reply["buttons"], [])


@pytest.fixture
async def telegram(make_library, bot_api_server, union_url):
    base = await make_library(patrons=PATRONS, library={"staff_emails": ["desk@example.edu"],
                                                        "staff_language": "en"})
    catalogues = Config(catalogue=[target("CROLIST", union_url)]).catalogues
    clock = Clock(dt.datetime(2026, 3, 2, 10, 0, tzinfo=ZONE))
    tg = Telegram(Library(base.db, base.policy, catalogues=catalogues), bot_api_server, clock)
    await tg.link(DESK, "desk@example.edu")
    await tg.link(PATRON, "ivana@example.edu", "hr")
    return tg


async def request_and_look_up(tg: Telegram) -> dict:
    """The patron asks in the chat (a citation with an ISBN); the look-up runs; staff get its message."""
    await tg.send(PATRON, "/request", "hr")
    await tg.send(PATRON, "Frangeš, Ivo. Povijest hrvatske književnosti. Zagreb, 1987. ISBN 953-169-000-6", "hr")
    await tg.press(PATRON, "ill:send", "hr")
    assert (await request_view(tg.library, "ILL-1")).state == "requested"
    announcement = tg.server.sent(DESK)[-1]
    assert "being searched" in announcement["text"]
    assert not [b for b in buttons(announcement) if b.count(":") == 4]   # no library known yet
    assert await CatalogueLookups(tg.library).run_once(tg.clock()) == 1
    before = len(tg.server.sent(DESK))
    await tg.frontend.run_once()                          # delivers the look-up's message
    [looked_up] = tg.server.sent(DESK)[before:]
    return looked_up


async def test_the_look_up_message_locates_the_request_at_a_holding_library_with_one_button(telegram):
    tg = telegram
    looked_up = await request_and_look_up(tg)
    for number, name in enumerate(HOLDERS, start=1):
        assert f"{number}. {name}" in looked_up["text"]
    assert buttons(looked_up)[:2] == ["ill:ILL-1:locate:requested:1", "ill:ILL-1:locate:requested:2"]
    replies = await tg.press(DESK, "ill:ILL-1:locate:requested:2")
    view = await request_view(tg.library, "ILL-1")
    assert (view.state, view.lender, view.foreign) == ("located", HOLDERS[1], False)
    assert view.history[-1].channel == "telegram" and view.history[-1].who == "desk@example.edu"
    assert "(located)" in replies[-1]["text"] and HOLDERS[1] in replies[-1]["text"]
    assert "ill:ILL-1:send:located" in buttons(replies[-1])
    # pressed again (the request moved on: a change of lender is still possible, from the state it is in now)
    replies = await tg.press(DESK, "ill:ILL-1:locate:requested:1")
    assert (await request_view(tg.library, "ILL-1")).lender == HOLDERS[1] and "Nothing was done" in \
        replies[-1]["text"]


async def test_ill_ref_shows_the_holding_libraries_and_locate_offers_them_or_another_typed(telegram):
    tg = telegram
    await request_and_look_up(tg)
    card = (await tg.send(DESK, "/ill ILL-1"))[-1]
    assert all(name in card["text"] for name in HOLDERS)
    asked = (await tg.press(DESK, "ill:ILL-1:locate:requested"))[-1]
    assert buttons(asked) == ["staffdata:pick:1", "staffdata:pick:2", "staffdata:other"]
    replies = await tg.press(DESK, "staffdata:pick:1")
    view = await request_view(tg.library, "ILL-1")
    assert (view.state, view.lender) == ("located", HOLDERS[0]) and HOLDERS[0] in replies[-1]["text"]
    # a change of lender, to a library no catalogue named: typed, then domestic or abroad
    await tg.press(DESK, "ill:ILL-1:locate:located")
    replies = await tg.press(DESK, "staffdata:other")
    assert "name" in replies[-1]["text"] and (await request_view(tg.library, "ILL-1")).lender == HOLDERS[0]
    await tg.send(DESK, "Österreichische Nationalbibliothek")
    await tg.press(DESK, "staffdata:foreign")
    view = await request_view(tg.library, "ILL-1")
    assert (view.state, view.lender, view.foreign) == ("located", "Österreichische Nationalbibliothek", True)


async def test_a_patron_cannot_press_a_holding_librarys_button(telegram):
    tg = telegram
    await request_and_look_up(tg)
    assert await tg.press(PATRON, "ill:ILL-1:locate:requested:1", "hr") == []
    assert (await request_view(tg.library, "ILL-1")).state == "requested"

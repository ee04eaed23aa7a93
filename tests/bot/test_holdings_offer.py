"""On Telegram, a request for a book the library owns is answered with where it is, and buttons: place a hold (when
every copy is out) or order it from another library all the same."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from core.storage.models import Hold, IllRequest
from tests.bot.conftest import STAFF


async def test_a_guided_request_for_a_book_on_loan_offers_a_hold_and_the_button_places_it(telegram, clock):
    await telegram.library.circulation.checkout("desk", "b-en", clock.now - dt.timedelta(days=2), STAFF)
    await telegram.link(204, "john@example.edu")
    await telegram.send(204, "/request")
    await telegram.send(204, "Middlemarch")
    await telegram.send(204, "Eliot, George")
    await telegram.send(204, "/skip")
    await telegram.send(204, "/skip")
    offered = await telegram.press(204, "ill:send")
    assert "on loan until" in offered[-1]["text"] and offered[-1]["buttons"] == [["offer:1:hold", "offer:1:insist"]]
    placed = await telegram.press(204, "offer:1:hold")
    assert "b-en" in placed[-1]["text"]
    async with telegram.library.db.session() as session:
        assert [h.status for h in (await session.execute(select(Hold))).scalars()] == ["active"]
        assert (await session.execute(select(IllRequest))).first() is None
    assert await telegram.press(204, "offer:1:insist") and \
        (await telegram.library.ill.view("ILL-1")) is None   # answered already: nothing registered


async def test_free_text_for_a_book_on_the_shelf_says_where_and_the_button_still_orders_it(telegram):
    await telegram.link(203, "ona@example.edu", "lt")
    replies = await telegram.send(203, "Prašau užsakyti per TBA:\nAutorius: Kristijonas Donelaitis\n"
                                       "Pavadinimas: Metai", "lt")
    assert "ILL-" not in replies[-1]["text"] and replies[-1]["buttons"] == [["offer:1:insist"]]
    ordered = await telegram.press(203, "offer:1:insist", "lt")
    assert "ILL-1" in ordered[-1]["text"]
    assert (await telegram.library.ill.view("ILL-1")).state == "requested"

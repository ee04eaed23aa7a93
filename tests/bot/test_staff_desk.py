"""Staff run a request's whole life with Telegram buttons (contracts §5), through the real PTB client and the
loopback Bot API: one button per event the state allows, prompts for the data an event needs, every press checked
again (only linked staff; a request that moved on is not changed, and the presser is told)."""
from __future__ import annotations

import datetime as dt

import pytest

from core.plumbing.i18n import Translator
from core.scheduling.reminders import Reminders
from core.staff.views import request_view
from tests.bot.conftest import PATRONS, Telegram

DESK, DESK2, PATRON = 900, 901, 204
STAFF_EMAILS = ["desk@example.edu", "ill@example.edu"]


@pytest.fixture
async def telegram(make_library, bot_api_server, clock):
    library = await make_library(patrons=PATRONS + [("ill", "staff", "en", "ill@example.edu")],
                                 library={"staff_emails": STAFF_EMAILS, "staff_language": "en"})
    tg = Telegram(library, bot_api_server, clock)
    await tg.link(DESK, "desk@example.edu")
    await tg.link(PATRON, "john@example.edu")
    return tg


def buttons(reply: dict) -> list[str]:
    return sum(reply["buttons"], [])


async def press_event(tg: Telegram, user: int, last: dict, event: str) -> list[dict]:
    """Press the button of `event` on the message `last` (it must be offered there)."""
    [data] = [b for b in buttons(last) if b.split(":")[2] == event]
    return await tg.press(user, data)


async def state(tg: Telegram) -> str:
    return (await request_view(tg.library, "ILL-1", history=False)).state


async def ask_for(tg: Telegram, title: str = "Some rare book") -> None:
    await tg.send(PATRON, "/request")
    await tg.send(PATRON, title)
    for _ in range(3):
        await tg.send(PATRON, "/skip")
    await tg.press(PATRON, "ill:send")


async def test_the_seed_workflow_by_buttons_from_request_to_closed(telegram, clock):
    tg = telegram
    await ask_for(tg)
    last = tg.server.sent(DESK)[-1]                       # the announcement, with its buttons
    assert "ill:ILL-1:locate:requested" in buttons(last)
    patron_before = len(tg.server.sent(PATRON))
    replies = await press_event(tg, DESK, last, "locate")
    assert "ILL-1" in replies[-1]["text"]
    replies = await tg.send(DESK, "British Library")
    replies = await tg.press(DESK, "staffdata:foreign")
    last = replies[-1]
    assert "(located)" in last["text"] and await state(tg) == "located"
    for event, expected in (("send", "sent"), ("approve", "approved"), ("ship", "shipped")):
        last = (await press_event(tg, DESK, last, event))[-1]
        assert f"({expected})" in last["text"] and await state(tg) == expected
    assert tg.server.sent(PATRON)[patron_before:] == []   # the patron hears nothing of these steps
    await press_event(tg, DESK, last, "arrive")
    replies = await tg.send(DESK, "someday")               # no date in it: asked again, nothing changes
    assert await state(tg) == "shipped" and "again" in replies[-1]["text"]
    last = (await tg.send(DESK, "15 January 2027"))[-1]
    view = await request_view(tg.library, "ILL-1")
    assert (view.state, view.lender_due, view.foreign) == ("arrived", dt.date(2027, 1, 15), True)
    await Reminders(tg.library).run_once(clock())          # the arrival letter reaches the patron on Telegram
    await tg.frontend.run_once()
    assert "ILL-1" in tg.server.sent(PATRON)[-1]["text"]
    last = (await press_event(tg, DESK, last, "checkout"))[-1]
    assert await state(tg) == "checked_out"
    last = (await press_event(tg, DESK, last, "request_renewal"))[-1]
    await press_event(tg, DESK, last, "renewal_granted")
    last = (await tg.send(DESK, "2027-02-15"))[-1]
    assert await state(tg) == "checked_out"
    assert (await request_view(tg.library, "ILL-1")).lender_due == dt.date(2027, 2, 15)
    for event in ("return", "ship_back", "close"):
        last = (await press_event(tg, DESK, last, event))[-1]
    assert await state(tg) == "closed" and buttons(last) == []
    history = (await request_view(tg.library, "ILL-1")).history
    assert {h.channel for h in history[1:]} == {"telegram"} and {h.who for h in history[1:]} == {"desk@example.edu"}


async def test_two_staff_pressing_the_same_button_at_once_one_wins_the_other_is_told(telegram):
    tg = telegram
    await tg.link(DESK2, "ill@example.edu")
    await ask_for(tg)
    await tg.press(DESK, "ill:ILL-1:locate:requested")
    await tg.send(DESK, "Ankara Üniversitesi (domestic)")
    assert await state(tg) == "located"
    before = {user: len(tg.server.sent(user)) for user in (DESK, DESK2)}
    tg.server.push_callback(DESK, 1, "ill:ILL-1:send:located")
    tg.server.push_callback(DESK2, 1, "ill:ILL-1:send:located")
    await tg.frontend.run_once()                           # one batch: side by side on PostgreSQL
    told = {user: tg.server.sent(user)[before[user]:] for user in (DESK, DESK2)}
    assert await state(tg) == "sent"
    history = (await request_view(tg.library, "ILL-1")).history
    assert [h.event for h in history].count("send") == 1
    tr = Translator("en")
    winner, loser = (DESK, DESK2) if history[-1].who == "desk@example.edu" else (DESK2, DESK)
    assert "(sent)" in told[winner][-1]["text"]
    assert tr.gettext("{reference} has changed since you looked: it is now {state}. Nothing was done.",
                      reference="ILL-1", state="sent to the lender (sent)") in told[loser][-1]["text"]
    assert "ill:ILL-1:approve:sent" in buttons(told[loser][-1])   # the buttons of the state it is in now


async def test_only_linked_staff_see_and_press_the_desk(telegram):
    tg = telegram
    await ask_for(tg)
    replies = await tg.send(PATRON, "/pending")
    assert replies[-1]["text"] == "This command is for library staff." and replies[-1]["buttons"] == []
    assert await tg.press(PATRON, "ill:ILL-1:cancel:requested") == []
    assert await tg.press(777, "ill:ILL-1:cancel:requested") == []     # not linked at all
    assert await state(tg) == "requested"
    replies = await tg.send(DESK, "/pending")
    assert "ILL-1" in replies[-1]["text"] and "ill:ILL-1:cancel:requested" in buttons(replies[-1])
    replies = await tg.send(DESK, "/ill ILL-1")
    assert "(requested)" in replies[-1]["text"] and "ill:ILL-1:locate:requested" in buttons(replies[-1])
    replies = await tg.send(DESK, "/ill ILL-99")
    assert "/ill ILL-7" in replies[-1]["text"]


async def test_an_old_button_for_an_event_no_longer_possible_changes_nothing(telegram):
    tg = telegram
    await ask_for(tg)
    replies = await tg.press(DESK, "ill:ILL-1:arrive")               # no state in the data, not allowed now
    assert await state(tg) == "requested" and "locate" in replies[-1]["text"]
    replies = await tg.press(DESK, "approve:ILL-1")                  # a button from before this version
    assert "(requested)" in replies[-1]["text"] and await state(tg) == "requested"


async def test_a_past_lender_due_date_is_asked_again_and_a_wrong_one_is_corrected_by_its_button(telegram, clock):
    tg = telegram
    await ask_for(tg)
    last = tg.server.sent(DESK)[-1]
    await press_event(tg, DESK, last, "locate")
    await tg.send(DESK, "Ankara Üniversitesi")
    last = (await tg.press(DESK, "staffdata:domestic"))[-1]
    for event in ("send", "approve"):
        last = (await press_event(tg, DESK, last, event))[-1]
    await press_event(tg, DESK, last, "arrive")
    today = clock().date()
    past = today - dt.timedelta(days=300)
    replies = await tg.send(DESK, past.isoformat())
    tr = Translator("en")
    assert await state(tg) == "approved"
    assert tr.date(past) in replies[-1]["text"] and "again" in replies[-1]["text"], replies[-1]["text"]
    wrong = today + dt.timedelta(days=3)
    last = (await tg.send(DESK, wrong.isoformat()))[-1]
    assert await state(tg) == "arrived"
    await press_event(tg, DESK, last, "correct_due")       # offered once the lender's due date is recorded
    right = today + dt.timedelta(days=60)
    last = (await tg.send(DESK, right.isoformat()))[-1]
    view = await request_view(tg.library, "ILL-1")
    assert (view.state, view.lender_due) == ("arrived", right)
    assert [h.event for h in view.history][-1] == "correct_due" and view.history[-1].channel == "telegram"

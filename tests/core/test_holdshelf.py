"""The hold shelf: a checkin that fills a hold keeps the item at the desk for its patron until a day; staff give
more days or end an uncollected hold, and the item then goes to the next patron in line, who is told.

lending.toml: Sundays closed, push mode; hold_pickup_days defaults to 7.
"""
from __future__ import annotations

import datetime as dt

import pytest

from core.domain.codes import Refusal
from core.storage.models import Hold
from tests.conftest import STAFF
from tests.core import at, patron, rows

PATRONS = [("p1", "student", "lt", "p1@x.lt"), ("p2", "student", "lt", "p2@x.lt"),
           ("p3", "student", "en", "p3@x.lt")]
ITEMS = [("b1", "book", "Book 1"), ("b2", "book", "Book 2")]


@pytest.fixture
async def lib(make_library):
    library = await make_library(patrons=PATRONS, items=ITEMS)
    assert (await library.circulation.checkout("p1", "b1", at(2026, 3, 2), STAFF)).ok
    assert (await library.circulation.place_hold("p2", "b1", at(2026, 3, 3), patron("p2"))).ok
    assert (await library.circulation.place_hold("p3", "b1", at(2026, 3, 4), patron("p3"))).ok
    assert (await library.circulation.checkin("b1", at(2026, 3, 10), STAFF)).hold_for == "p2"   # Tue
    return library


async def taken(library, when):
    await library.notices.generate(when)
    return [(n.patron, n.kind, n.item) for n in await library.notices.take_due(when)]


async def test_the_filled_hold_waits_hold_pickup_days(lib):
    [waiting] = await lib.hold_shelf.waiting(at(2026, 3, 10, 11))
    assert (waiting.patron, waiting.barcode, waiting.pickup_by) == ("p2", "b1", dt.date(2026, 3, 17))


async def test_an_uncollected_hold_is_listed_only_after_its_last_day(lib):
    assert await lib.hold_shelf.waiting(at(2026, 3, 17, 20), overdue_only=True) == []
    [late] = await lib.hold_shelf.waiting(at(2026, 3, 18, 9), overdue_only=True)
    assert late.patron == "p2"


async def test_staff_give_more_days_from_the_old_last_day(lib):
    result = await lib.hold_shelf.extend("p2", "b1", 3, at(2026, 3, 12), STAFF)
    assert result.ok and result.pickup_by == dt.date(2026, 3, 20)      # Tue 17 + 3


async def test_more_days_after_the_last_day_count_from_today_and_skip_closed_days(lib):
    result = await lib.hold_shelf.extend("p2", "b1", 4, at(2026, 3, 18), STAFF)
    assert result.ok and result.pickup_by == dt.date(2026, 3, 23)      # Sun 22 is closed


async def test_ending_an_uncollected_hold_passes_the_item_to_the_next_in_line(lib):
    await taken(lib, at(2026, 3, 10, 11))
    result = await lib.hold_shelf.expire("p2", "b1", at(2026, 3, 18), STAFF)
    assert result.ok and result.next_patron == "p3"
    assert await taken(lib, at(2026, 3, 18, 10, 1)) == [("p3", "hold_ready", "b1")]
    statuses = {h.patron_id: (h.status, h.pickup_by) for h in await rows(lib, Hold)}
    assert sorted(statuses.values()) == [("active", dt.date(2026, 3, 25)), ("expired", dt.date(2026, 3, 17))]
    assert (await lib.circulation.checkout("p3", "b1", at(2026, 3, 19), STAFF)).ok


async def test_ending_the_last_hold_leaves_the_item_free(lib):
    await lib.hold_shelf.expire("p2", "b1", at(2026, 3, 18), STAFF)
    await lib.hold_shelf.expire("p3", "b1", at(2026, 3, 26), STAFF)
    assert (await lib.circulation.checkout("p1", "b1", at(2026, 3, 27), STAFF)).ok


@pytest.mark.parametrize(("who", "item", "error"), [("nobody", "b1", Refusal.UNKNOWN_PATRON),
                                                    ("p2", "zz", Refusal.UNKNOWN_ITEM),
                                                    ("p3", "b1", Refusal.NO_HOLD),      # in line, not yet ready
                                                    ("p2", "b2", Refusal.NO_HOLD)])
async def test_only_a_hold_waiting_at_the_desk_can_be_extended_or_ended(lib, who, item, error):
    assert (await lib.hold_shelf.extend(who, item, 3, at(2026, 3, 12), STAFF)).error == error
    assert (await lib.hold_shelf.expire(who, item, at(2026, 3, 12), STAFF)).error == error


async def test_a_collected_hold_leaves_the_shelf(lib):
    assert (await lib.circulation.checkout("p2", "b1", at(2026, 3, 11), STAFF)).ok
    assert await lib.hold_shelf.waiting(at(2026, 3, 30)) == []

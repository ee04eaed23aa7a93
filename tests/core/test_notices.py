"""Notices (contracts §2): each kind at 00:00 local of its day, never before the loan began or after its return,
new ones when a renewal moves the due date, ILL notices by request, each notice exactly once.

lending.toml: due_soon 2 days before, overdue 1, 7 and 14 days after. A student's book out on Mon 2 Mar 2026 is
due Mon 23 Mar: due_soon on 21 Mar, overdue_1 on 24 Mar, overdue_2 on 30 Mar, overdue_3 on 6 Apr.
"""
from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from core.domain.ill import WorkRequest
from core.library import Library
from core.storage.database import Database
from core.domain.registry import PatronRecord
from core.storage.models import Hold, Notice
from tests.conftest import STAFF
from tests.core import at, count_rows, patron, rows

PATRONS = [("p1", "student", "lt", "p1@x.lt"), ("p2", "student", "lt", "p2@x.lt")]
ITEMS = [("b1", "book", "Book 1"), ("b2", "book", "Book 2"), ("d1", "day", "Day loan")]


@pytest.fixture
async def lib(make_library):
    library = await make_library(patrons=PATRONS, items=ITEMS)
    assert (await library.circulation.checkout("p1", "b1", at(2026, 3, 2), STAFF)).ok
    return library


async def due_notices(library, when):
    await library.notices.generate(when)
    return [(n.patron, n.kind, n.item or n.request) for n in await library.notices.take_due(when)]


@pytest.mark.parametrize(("kind", "day"), [("due_soon", dt.date(2026, 3, 21)), ("overdue_1", dt.date(2026, 3, 24)),
                                           ("overdue_2", dt.date(2026, 3, 30)), ("overdue_3", dt.date(2026, 4, 6))])
async def test_each_notice_becomes_due_at_midnight_of_its_day(lib, kind, day):
    midnight = at(day.year, day.month, day.day, 0, 0)
    seen_before = await due_notices(lib, midnight - dt.timedelta(minutes=1))
    assert ("p1", kind, "b1") not in seen_before
    assert ("p1", kind, "b1") in await due_notices(lib, midnight)


async def test_notices_come_in_order_over_the_life_of_a_loan(lib):
    kinds = []
    for day in range(3, 50):
        kinds += [kind for _, kind, _ in await due_notices(lib, at(2026, 3, 1) + dt.timedelta(days=day))]
    assert kinds == ["due_soon", "overdue_1", "overdue_2", "overdue_3"]


async def test_no_notice_before_its_day(lib):
    assert await due_notices(lib, at(2026, 3, 20, 23, 59)) == []


async def test_a_notice_whose_day_falls_before_the_loan_began_is_never_sent(lib):
    # one-day loan out Mon 2 Mar, due Tue 3 Mar: its due_soon day, Sun 1 Mar, is before the loan
    await lib.circulation.checkout("p2", "d1", at(2026, 3, 2), STAFF)
    seen = await due_notices(lib, at(2026, 3, 4, 12))
    assert ("p2", "due_soon", "d1") not in seen and ("p2", "overdue_1", "d1") in seen


async def test_a_loan_returned_before_a_notices_day_gets_none(lib):
    await lib.circulation.checkin("b1", at(2026, 3, 20), STAFF)
    assert await due_notices(lib, at(2026, 4, 30)) == []


async def test_a_loan_returned_after_due_soon_gets_no_overdue_notices(lib):
    assert await due_notices(lib, at(2026, 3, 21)) == [("p1", "due_soon", "b1")]
    await lib.circulation.checkin("b1", at(2026, 3, 23), STAFF)
    assert await due_notices(lib, at(2026, 4, 30)) == []


async def test_a_renewal_that_moves_the_due_date_makes_new_notices(lib):
    assert await due_notices(lib, at(2026, 3, 21)) == [("p1", "due_soon", "b1")]
    renewed = await lib.circulation.renew("p1", "b1", at(2026, 3, 22), patron("p1"))
    assert renewed.due.date() == dt.date(2026, 4, 13)
    assert await due_notices(lib, at(2026, 3, 24)) == []              # no overdue for the old due date
    assert await due_notices(lib, at(2026, 4, 11)) == [("p1", "due_soon", "b1")]


async def test_generating_twice_produces_each_notice_once(lib):
    await lib.notices.generate(at(2026, 3, 21))
    await lib.notices.generate(at(2026, 3, 21, 12))
    assert (await count_rows(lib, Notice))["Notice"] == 1
    assert await due_notices(lib, at(2026, 3, 22)) == [("p1", "due_soon", "b1")]
    assert await due_notices(lib, at(2026, 3, 23)) == []


async def test_a_late_run_catches_up_every_notice_once(lib):
    assert sorted(await due_notices(lib, at(2026, 4, 10))) == [
        ("p1", "due_soon", "b1"), ("p1", "overdue_1", "b1"), ("p1", "overdue_2", "b1"), ("p1", "overdue_3", "b1")]
    assert await due_notices(lib, at(2026, 4, 11)) == []


async def test_notices_are_sorted_by_patron_then_kind_then_item(lib):
    await lib.circulation.checkout("p1", "b2", at(2026, 3, 2), STAFF)
    await lib.circulation.checkout("p2", "d1", at(2026, 3, 2), STAFF)
    seen = await due_notices(lib, at(2026, 3, 24))
    assert seen == sorted(seen) and seen[0][0] == "p1" and seen[-1][0] == "p2"


async def test_concurrent_runs_produce_each_notice_exactly_once(lib, db):
    await lib.circulation.checkout("p1", "b2", at(2026, 3, 2), STAFF)
    await lib.circulation.checkout("p2", "d1", at(2026, 3, 2), STAFF)
    other_db = Database(db.url)
    try:
        other = Library(other_db, lib.policy)
        when = at(2026, 4, 10)
        await asyncio.gather(lib.notices.generate(when), other.notices.generate(when),
                             lib.notices.generate(when), other.notices.generate(when))
        taken = await asyncio.gather(lib.notices.take_due(when), other.notices.take_due(when))
    finally:
        await other_db.dispose()
    # b1, b2: 4 notices each; d1: no due_soon (before the loan), 3 overdue
    delivered = [(n.patron, n.kind, n.item) for batch in taken for n in batch]
    assert len(delivered) == len(set(delivered)) == 11
    assert (await count_rows(lib, Notice))["Notice"] == 11


# --- ILL -------------------------------------------------------------------------------------------------------------
async def p2_notices(library, when):
    """p1's March loan is long overdue by November: look at p2's ILL notices only."""
    return [n for n in await due_notices(library, when) if n[0] == "p2"]


async def ill_on_loan(library) -> str:
    created = await library.ill.request("p2", WorkRequest(type="book", title="ILL book"), at(2026, 11, 2), patron("p2"))
    for n, (name, keys) in enumerate([("locate", {"lender": "UB"}), ("send", {}), ("approve", {}),
                                      ("arrive", {"lender_due": dt.date(2026, 12, 18)}), ("checkout", {})], 1):
        assert (await library.ill.event(created.request, name, at(2026, 11, 2 + n), STAFF, **keys)).ok
    return created.request


async def test_an_arrived_ill_item_gives_the_patron_an_arrival_notice_at_once(lib):
    reference = await ill_on_loan(lib)
    assert await p2_notices(lib, at(2026, 11, 6, 10)) == [("p2", "ill_arrived", reference)]


async def test_a_rejected_ill_request_gives_the_patron_a_rejection_notice(lib):
    created = await lib.ill.request("p2", WorkRequest(type="book", title="X"), at(2026, 11, 2), patron("p2"))
    await lib.ill.event(created.request, "reject", at(2026, 11, 3, 9), STAFF, reason="not held")
    assert await p2_notices(lib, at(2026, 11, 3, 9)) == [("p2", "ill_rejected", "ILL-1")]


async def test_ill_loans_get_due_soon_and_overdue_notices_by_request(lib):
    # patron due Thu 10 Dec 2026 (7 open days before Fri 18 Dec): due_soon 8 Dec, overdue_1 11 Dec
    reference = await ill_on_loan(lib)
    await p2_notices(lib, at(2026, 11, 30))
    assert await p2_notices(lib, at(2026, 12, 8)) == [("p2", "due_soon", reference)]
    await lib.notices.generate(at(2026, 12, 11))
    [notice] = [n for n in await lib.notices.take_due(at(2026, 12, 11)) if n.patron == "p2"]
    assert (notice.kind, notice.request, notice.item) == ("overdue_1", reference, None)


async def test_a_returned_ill_item_gets_no_more_notices(lib):
    reference = await ill_on_loan(lib)
    await p2_notices(lib, at(2026, 11, 30))
    await lib.ill.event(reference, "return", at(2026, 12, 7), STAFF)
    assert await p2_notices(lib, at(2026, 12, 31)) == []


async def test_staff_decisions_on_a_lender_renewal_make_letters_of_their_own_kinds(lib):
    reference = await ill_on_loan(lib)
    await p2_notices(lib, at(2026, 11, 30))
    assert (await lib.ill.event(reference, "request_renewal", at(2026, 12, 1), STAFF)).ok
    assert (await lib.ill.event(reference, "renewal_granted", at(2026, 12, 2), STAFF,
                                lender_due=dt.date(2027, 1, 15))).ok
    assert await p2_notices(lib, at(2026, 12, 2, 12)) == [("p2", "ill_renewal_granted", reference)]
    assert (await lib.ill.event(reference, "request_renewal", at(2026, 12, 3), STAFF)).ok
    assert (await lib.ill.event(reference, "renewal_refused", at(2026, 12, 4), STAFF)).ok
    assert await p2_notices(lib, at(2026, 12, 4, 12)) == [("p2", "ill_renewal_refused", reference)]


async def test_a_cancellation_by_staff_gives_a_letter_but_one_by_the_patron_does_not(lib):
    by_staff = await lib.ill.request("p2", WorkRequest(type="book", title="X"), at(2026, 11, 2), patron("p2"))
    by_patron = await lib.ill.request("p2", WorkRequest(type="book", title="Y"), at(2026, 11, 2), patron("p2"))
    assert (await lib.ill.event(by_staff.request, "cancel", at(2026, 11, 3), STAFF)).ok
    assert (await lib.ill.event(by_patron.request, "cancel", at(2026, 11, 3), patron("p2"))).ok
    assert await p2_notices(lib, at(2026, 11, 3, 12)) == [("p2", "ill_cancelled", by_staff.request)]


# --- holds -----------------------------------------------------------------------------------------------------------
async def test_a_checkin_that_fills_a_hold_gives_the_first_in_line_a_hold_ready_notice(lib):
    await lib.circulation.place_hold("p2", "b1", at(2026, 3, 3), patron("p2"))
    await lib.circulation.checkin("b1", at(2026, 3, 10), STAFF)
    assert await due_notices(lib, at(2026, 3, 10, 10, 1)) == [("p2", "hold_ready", "b1")]


async def test_a_filled_hold_waits_hold_pickup_days_moved_to_an_open_day(make_library):
    library = await make_library(patrons=PATRONS, items=ITEMS, library={"hold_pickup_days": 5})
    await library.circulation.checkout("p1", "b1", at(2026, 3, 2), STAFF)
    await library.circulation.place_hold("p2", "b1", at(2026, 3, 3), patron("p2"))
    await library.circulation.checkin("b1", at(2026, 3, 10), STAFF)     # Tue 10 Mar + 5 = Sun 15 Mar, closed
    [hold] = await rows(library, Hold)
    assert hold.pickup_by == dt.date(2026, 3, 16) and hold.ready_at == at(2026, 3, 10)


async def test_a_checkin_with_no_hold_makes_no_hold_ready_notice(lib):
    await lib.circulation.checkin("b1", at(2026, 3, 10), STAFF)
    assert await due_notices(lib, at(2026, 3, 10, 10, 1)) == []


async def test_only_the_first_in_line_is_told(lib):
    await lib.circulation.place_hold("p2", "b1", at(2026, 3, 3), patron("p2"))
    await lib.registry.upsert_patrons([PatronRecord("p3", "student", "en", "p3@x.lt")], at(2026, 3, 3), STAFF)
    await lib.circulation.place_hold("p3", "b1", at(2026, 3, 4), patron("p3"))
    await lib.circulation.checkin("b1", at(2026, 3, 10), STAFF)
    assert await due_notices(lib, at(2026, 3, 10, 10, 1)) == [("p2", "hold_ready", "b1")]

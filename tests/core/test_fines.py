"""Overdue fines (contracts §1): days late, chargeable days, grace, interval, cap."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings, strategies as st

from core.domain.calendar import LibraryCalendar
from core.domain.fines import chargeable_days, days_late, fine_for, overdue_fine
from core.domain.policy import Rule, parse_policy
from tests.conftest import STAFF, policy_data
from tests.core import at, end_of

POLICY = parse_policy(policy_data())
CAL = LibraryCalendar.of(POLICY)   # Sundays and 24-26 Dec closed
BOOK = Rule(patron_category="*", item_type="book", loan_period=28, fine=Decimal("0.20"), grace_days=2,
            fine_cap=Decimal("3.00"))
WEEKLY = Rule(patron_category="*", item_type="week", loan_period=7, fine=Decimal("0.50"), fine_interval_days=7)


def fine(rule: Rule, due: dt.datetime, returned: dt.datetime, count_closed: bool = True) -> Decimal:
    return overdue_fine(CAL, rule, due, returned, count_closed)[1]


def test_returned_on_the_due_date_is_not_late():
    assert days_late(CAL, end_of(2026, 3, 10), at(2026, 3, 10, 23, 59)) == 0


def test_returned_before_the_due_date_is_zero_days_late_not_negative():
    assert days_late(CAL, end_of(2026, 3, 10), at(2026, 3, 2)) == 0


def test_days_late_are_calendar_days_between_local_dates():
    # 00:30 local on 11 Mar is still 10 Mar in UTC: the local date counts
    assert days_late(CAL, end_of(2026, 3, 10), at(2026, 3, 11, 0, 30)) == 1


def test_no_fine_within_the_grace_days():
    assert fine_for(BOOK, 2) == Decimal("0.00")


def test_after_the_grace_days_every_day_late_is_fined():
    assert fine_for(BOOK, 3) == Decimal("0.60")


def test_fine_interval_rounds_up_to_whole_intervals():
    assert [fine_for(WEEKLY, d) for d in (1, 7, 8, 14, 15)] == [Decimal(x) for x in
                                                                ("0.50", "0.50", "1.00", "1.00", "1.50")]


def test_fine_stops_at_its_cap():
    assert fine_for(BOOK, 15) == Decimal("3.00")   # 0.20 × 15 = 3.00
    assert fine_for(BOOK, 40) == Decimal("3.00")


def test_a_cap_of_zero_means_no_cap():
    assert fine_for(WEEKLY, 700) == Decimal("50.00")


def test_closed_days_are_not_chargeable_when_the_policy_says_so():
    # due Wed 23 Dec, back Mon 28 Dec: 5 days late, of which 24, 25, 26 (holidays) and 27 (Sunday) closed
    due, back = end_of(2026, 12, 23), at(2026, 12, 28)
    assert days_late(CAL, due, back) == 5
    assert chargeable_days(CAL, due, back, count_closed_days=False) == 1
    assert chargeable_days(CAL, due, back, count_closed_days=True) == 5


def test_fine_on_closed_days_follows_count_closed_days_for_fines():
    rule = Rule(patron_category="*", item_type="day", loan_period=1, fine=Decimal("0.90"))
    assert fine(rule, end_of(2026, 12, 23), at(2026, 12, 28), count_closed=False) == Decimal("0.90")
    assert fine(rule, end_of(2026, 12, 23), at(2026, 12, 28), count_closed=True) == Decimal("4.50")


def test_grace_is_measured_in_chargeable_days():
    # due 23 Dec, back Sun 27 Dec: 4 days late, all closed: 0 chargeable days, or 4 when closed days count
    assert fine(BOOK, end_of(2026, 12, 23), at(2026, 12, 27), count_closed=False) == Decimal("0.00")
    assert fine(BOOK, end_of(2026, 12, 23), at(2026, 12, 27), count_closed=True) == Decimal("0.80")


async def test_checkin_reports_days_late_and_the_fine_it_charges(make_library):
    # student × book: 21 days, 0.20 a day, no grace. Out Mon 2 Mar, due Mon 23 Mar, back Fri 27 Mar: 4 days
    library = await make_library(patrons=[("p1", "student", "lt", "p1@x.lt")], items=[("b1", "book", "Title")])
    assert (await library.circulation.checkout("p1", "b1", at(2026, 3, 2), STAFF)).due == end_of(2026, 3, 23)
    result = await library.circulation.checkin("b1", at(2026, 3, 27), STAFF)
    assert (result.ok, result.days_late, result.fine) == (True, 4, Decimal("0.80"))
    assert await library.accounts.balance("p1", at(2026, 3, 27)) == Decimal("0.80")


async def test_checkin_within_grace_charges_nothing(make_library):
    # staff × book falls back to (*, book): 28 days, grace 2. Due Mon 30 Mar, back Wed 1 Apr: 2 days, no fine
    library = await make_library(patrons=[("s1", "staff", "lt", "s1@x.lt")], items=[("b1", "book", "Title")])
    await library.circulation.checkout("s1", "b1", at(2026, 3, 2), STAFF)
    result = await library.circulation.checkin("b1", at(2026, 4, 1), STAFF)
    assert (result.days_late, result.fine) == (2, Decimal("0.00"))
    assert await library.accounts.balance("s1", at(2026, 4, 1)) == Decimal("0.00")


# --- properties ----------------------------------------------------------------------------------------------------
rules = st.builds(
    lambda fine, interval, grace, cap: Rule(patron_category="*", item_type="*", loan_period=14,
                                            fine=Decimal(fine) / 100, fine_interval_days=interval,
                                            grace_days=grace, fine_cap=Decimal(cap) / 100),
    st.integers(0, 500), st.integers(1, 10), st.integers(0, 10), st.integers(0, 5000))
due_days = st.dates(dt.date(2026, 1, 1), dt.date(2027, 12, 31))


@settings(max_examples=80, deadline=None)
@given(rule=rules, due=due_days, first=st.integers(-5, 200), later_by=st.integers(0, 200),
       count_closed=st.booleans())
def test_fine_never_decreases_as_the_return_moves_later(rule, due, first, later_by, count_closed):
    due_at = CAL.end_of(due)
    early = CAL.at(due + dt.timedelta(days=first), dt.time(12))
    late = early + dt.timedelta(days=later_by)
    assert fine(rule, due_at, early, count_closed) <= fine(rule, due_at, late, count_closed)


@settings(max_examples=80, deadline=None)
@given(rule=rules, due=due_days, late=st.integers(0, 400), count_closed=st.booleans())
def test_fine_never_passes_its_cap(rule, due, late, count_closed):
    amount = fine(rule, CAL.end_of(due), CAL.at(due + dt.timedelta(days=late), dt.time(12)), count_closed)
    assert amount >= 0
    if rule.fine_cap > 0:
        assert amount <= rule.fine_cap

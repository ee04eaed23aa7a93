"""The library calendar (contracts §1): open days, the three due-date modes, hours and term loans."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

from core.domain.calendar import LibraryCalendar, NoTermForLoan
from core.domain.policy import parse_policy
from tests.conftest import policy_data
from tests.core import VILNIUS, at, end_of

# lending.toml: Sundays closed; 24, 25, 26 Dec 2026 and 1 Jan 2027 are holidays.


def calendar(mode: str = "push", **library) -> LibraryCalendar:
    return LibraryCalendar.of(parse_policy(policy_data(library=library, rules={"due_date_mode": mode})))


def rule(item_type: str, category: str = "student"):
    return parse_policy(policy_data()).rule_for(category, item_type)


def test_a_day_is_closed_on_a_closed_weekday_and_on_a_holiday():
    cal = calendar()
    assert not cal.is_open(dt.date(2026, 12, 13))   # Sunday
    assert not cal.is_open(dt.date(2026, 12, 24))   # holiday, Thursday
    assert cal.is_open(dt.date(2026, 12, 12))       # Saturday is open here


def test_days_mode_due_date_is_checkout_date_plus_n_even_on_a_holiday():
    # 10 Dec + 14 = 24 Dec, a holiday: `days` mode does not look at the calendar
    assert calendar("days").due_at_checkout(rule("map", "staff"), at(2026, 12, 10)) == end_of(2026, 12, 24)  # (*,*): 14 days
    assert calendar("days").days_later(dt.date(2026, 12, 10), 14) == dt.date(2026, 12, 24)


def test_days_mode_due_date_may_fall_on_a_closed_weekday():
    assert calendar("days").days_later(dt.date(2026, 3, 1), 14) == dt.date(2026, 3, 15)  # a Sunday


def test_push_mode_moves_a_closed_due_date_to_the_next_open_day():
    # 24, 25, 26 Dec holidays, 27 Dec Sunday: pushed to Monday 28 Dec
    assert calendar("push").days_later(dt.date(2026, 12, 10), 14) == dt.date(2026, 12, 28)


def test_push_mode_moves_a_sunday_to_monday():
    assert calendar("push").days_later(dt.date(2026, 3, 1), 14) == dt.date(2026, 3, 16)


def test_push_mode_keeps_an_open_due_date():
    assert calendar("push").days_later(dt.date(2026, 3, 2), 14) == dt.date(2026, 3, 16)


def test_calendar_mode_counts_open_days_only():
    # open days after Thu 10 Dec: 11 12 14 15 16 17 18 19 21 22 23 28 29 30 -> the 14th is 30 Dec
    assert calendar("calendar").days_later(dt.date(2026, 12, 10), 14) == dt.date(2026, 12, 30)


def test_calendar_mode_with_weekends_closed():
    cal = calendar("calendar", closed_weekdays=["sat", "sun"])
    # Fri 6 Mar 2026 + 5 open days: 9 10 11 12 13 -> Fri 13 Mar
    assert cal.days_later(dt.date(2026, 3, 6), 5) == dt.date(2026, 3, 13)


def test_a_days_loan_is_due_at_23_59_local_time():
    due = calendar("push").due_at_checkout(rule("book"), at(2026, 3, 2, 9, 15))
    assert due == end_of(2026, 3, 23)  # student × book: 21 days
    assert due.tzinfo is not None and due.astimezone(VILNIUS).strftime("%H:%M") == "23:59"


def test_an_hours_loan_is_due_at_the_exact_minute():
    # overnight: 16 hours; Tue 17:37 -> Wed 09:37
    assert calendar("push").due_at_checkout(rule("overnight"), at(2026, 3, 3, 17, 37)) == at(2026, 3, 4, 9, 37)


def test_an_hours_loan_on_a_saturday_into_sunday_moves_to_monday_same_time_in_push_mode():
    assert calendar("push").due_at_checkout(rule("overnight"), at(2026, 3, 7, 18, 0)) == at(2026, 3, 9, 10, 0)


def test_an_hours_loan_into_a_closed_day_moves_to_next_open_day_in_calendar_mode():
    assert calendar("calendar").due_at_checkout(rule("overnight"), at(2026, 3, 7, 18, 0)) == at(2026, 3, 9, 10, 0)


def test_an_hours_loan_is_not_moved_in_days_mode():
    assert calendar("days").due_at_checkout(rule("overnight"), at(2026, 3, 7, 18, 0)) == at(2026, 3, 8, 10, 0)


def test_an_hours_loan_is_the_same_whatever_zone_the_checkout_moment_is_written_in():
    # Sat 28 Mar 2026 18:00 local; clocks go forward that night. 16 real hours later is Sun 11:00 local (days mode).
    local = at(2026, 3, 28, 18, 0)
    cal = calendar("days")
    assert cal.due_at_checkout(rule("overnight"), local) == cal.due_at_checkout(
        rule("overnight"), local.astimezone(dt.timezone.utc))
    assert cal.due_at_checkout(rule("overnight"), local) == at(2026, 3, 29, 11, 0)


def test_a_term_loan_is_due_at_the_end_of_the_term_containing_the_checkout_day():
    assert calendar().due_at_checkout(rule("textbook"), at(2026, 10, 5)) == end_of(2027, 1, 31)


def test_a_term_loan_between_terms_is_due_at_the_end_of_the_next_term():
    assert calendar().due_at_checkout(rule("textbook"), at(2026, 8, 20)) == end_of(2027, 1, 31)


def test_a_term_loan_is_never_moved_even_when_the_term_ends_on_a_closed_day():
    assert not calendar().is_open(dt.date(2027, 1, 31))  # a Sunday
    for mode in ("push", "calendar", "days"):
        assert calendar(mode).due_at_checkout(rule("textbook"), at(2026, 9, 1)) == end_of(2027, 1, 31)


def test_a_term_loan_on_the_last_day_of_a_term_is_due_that_day():
    assert calendar().due_at_checkout(rule("textbook"), at(2027, 6, 30, 12)) == end_of(2027, 6, 30)


def test_a_term_loan_after_every_term_has_no_due_date():
    with pytest.raises(NoTermForLoan):
        calendar().due_at_checkout(rule("textbook"), at(2027, 7, 5))


def test_renewing_a_term_loan_moves_it_to_the_end_of_the_next_term():
    assert calendar().due_at_renewal(rule("textbook"), end_of(2027, 1, 31)) == end_of(2027, 6, 30)


def test_seven_open_days_before_friday_18_december_is_wednesday_9_december():
    cal = calendar(closed_weekdays=["sat", "sun"])
    assert cal.open_days_before(dt.date(2026, 12, 18), 7) == dt.date(2026, 12, 9)


def test_open_days_before_skips_holidays():
    cal = calendar(closed_weekdays=["sat", "sun"])
    # 3 open days before Mon 28 Dec: 23, 22, 21 (24-27 closed)
    assert cal.open_days_before(dt.date(2026, 12, 28), 3) == dt.date(2026, 12, 21)


def test_zero_open_days_before_a_day_is_that_day():
    assert calendar().open_days_before(dt.date(2026, 12, 18), 0) == dt.date(2026, 12, 18)


# --- properties ----------------------------------------------------------------------------------------------------
WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
closed_weekdays = st.lists(st.sampled_from(WEEKDAY_NAMES), unique=True, max_size=5)
holidays = st.lists(st.dates(dt.date(2026, 1, 1), dt.date(2027, 12, 31)), unique=True, max_size=30)
checkout_days = st.dates(dt.date(2026, 1, 1), dt.date(2027, 6, 30))


@settings(max_examples=60, deadline=None)
@given(mode=st.sampled_from(["push", "calendar"]), closed=closed_weekdays, extra=holidays, day=checkout_days,
       period=st.integers(1, 120))
def test_in_push_and_calendar_modes_no_due_date_falls_on_a_closed_day(mode, closed, extra, day, period):
    cal = calendar(mode, closed_weekdays=closed, holidays=[d.isoformat() for d in extra])
    due = cal.days_later(day, period)
    assert cal.is_open(due)
    assert due >= day + dt.timedelta(days=period)


@settings(max_examples=60, deadline=None)
@given(mode=st.sampled_from(["push", "calendar"]), closed=closed_weekdays, extra=holidays, day=checkout_days,
       minute=st.integers(0, 24 * 60 - 1))
def test_in_push_and_calendar_modes_no_hours_loan_is_due_on_a_closed_day(mode, closed, extra, day, minute):
    cal = calendar(mode, closed_weekdays=closed, holidays=[d.isoformat() for d in extra])
    moment = dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=VILNIUS)
    assert cal.is_open(cal.local_date(cal.due_at_checkout(rule("overnight"), moment)))


@settings(max_examples=40, deadline=None)
@given(closed=closed_weekdays, extra=holidays, day=checkout_days, count=st.integers(0, 30))
def test_open_days_before_lands_on_an_open_day_with_exactly_count_open_days_between(closed, extra, day, count):
    cal = calendar(closed_weekdays=closed, holidays=[d.isoformat() for d in extra])
    earlier = cal.open_days_before(day, count)
    counted = [earlier + dt.timedelta(days=n) for n in range((day - earlier).days)]  # earlier .. day - 1
    assert sum(cal.is_open(d) for d in counted) == count
    if count:
        assert cal.is_open(earlier)

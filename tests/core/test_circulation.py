"""Checkout, renewal, holds and payments (contracts §1): every refusal code, in the contract's order of precedence.

The library is tests/data/policies/lending.toml. Students: 4 loans in all, 2 books (21 days, 2 renewals of which 1
self), 2 holds, fines block checkout above 5.00, self-renewal above 2.90, holds above 3.00. Visitors: no home loans.
"""
from __future__ import annotations

import asyncio
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from core.domain.codes import Refusal
from core.library import Library
from core.storage.database import Database
from core.storage.models import AuditEntry, Charge, Hold, Loan, Payment
from tests.conftest import STAFF
from tests.core import add_charge, at, count_rows, end_of, fresh_sqlite_library, patron, rows

PATRONS = [("p1", "student", "lt", "p1@x.lt"), ("p2", "student", "lt", "p2@x.lt"),
           ("s1", "staff", "en", "s1@x.lt"), ("v1", "visitor", "en", "v1@x.lt")]
ITEMS = [("b1", "book", "Book 1"), ("b2", "book", "Book 2"), ("b3", "book", "Book 3"),
         ("w1", "week", "Week 1"), ("w2", "week", "Week 2"), ("w3", "week", "Week 3"),
         ("d1", "day", "Day loan"), ("o1", "overnight", "Overnight"), ("t1", "textbook", "Textbook"),
         ("r1", "reference", "Encyclopaedia")]
MON = at(2026, 3, 2)    # Monday 2 March 2026, 10:00
P1 = patron("p1")
P2 = patron("p2")


@pytest.fixture
async def lib(make_library):
    return await make_library(patrons=PATRONS, items=ITEMS)


@pytest.fixture
def build(make_library):
    async def build_with(**overrides):
        return await make_library(patrons=PATRONS, items=ITEMS, **overrides)
    return build_with


async def checkout(library, who, item, when=MON, actor=STAFF, override=False):
    return await library.circulation.checkout(who, item, when, actor, override=override)


async def renew(library, who, item, when=MON, actor=None, override=False):
    return await library.circulation.renew(who, item, when, actor or patron(who), override=override)


async def hold(library, who, item, when=MON):
    return await library.circulation.place_hold(who, item, when, patron(who))


# --- checkout --------------------------------------------------------------------------------------------------------
async def test_checkout_gives_the_due_date_of_the_most_specific_rule(lib):
    result = await checkout(lib, "p1", "b1")
    assert result.ok and result.error is None and result.due == end_of(2026, 3, 23)


async def test_checkout_refused_for_an_unknown_patron_before_an_unknown_item(lib):
    assert (await checkout(lib, "nobody", "nothing")).error == Refusal.UNKNOWN_PATRON


async def test_checkout_refused_for_an_unknown_item(lib):
    assert (await checkout(lib, "p1", "nothing")).error == Refusal.UNKNOWN_ITEM


async def test_checkout_refused_when_the_item_is_already_on_loan(lib):
    await checkout(lib, "p1", "b1")
    assert (await checkout(lib, "p2", "b1")).error == Refusal.ALREADY_ON_LOAN


async def test_already_on_loan_comes_before_restricted(lib):
    await checkout(lib, "p1", "b1")
    await lib.circulation.set_restricted("p2", True, MON, STAFF)
    assert (await checkout(lib, "p2", "b1")).error == Refusal.ALREADY_ON_LOAN


async def test_checkout_refused_for_a_restricted_patron(lib):
    await lib.circulation.set_restricted("p1", True, MON, STAFF)
    assert (await checkout(lib, "p1", "b1")).error == Refusal.RESTRICTED


async def test_restricted_comes_before_home_loans_not_allowed(lib):
    await lib.circulation.set_restricted("v1", True, MON, STAFF)
    assert (await checkout(lib, "v1", "b1")).error == Refusal.RESTRICTED


async def test_unrestricting_a_patron_lets_them_borrow_again(lib):
    await lib.circulation.set_restricted("p1", True, MON, STAFF)
    await lib.circulation.set_restricted("p1", False, MON, STAFF)
    assert (await checkout(lib, "p1", "b1")).ok


async def test_checkout_refused_for_a_category_without_home_loans(lib):
    assert (await checkout(lib, "v1", "b1")).error == Refusal.HOME_LOANS_NOT_ALLOWED


async def test_home_loans_not_allowed_comes_before_not_for_loan(lib):
    assert (await checkout(lib, "v1", "r1")).error == Refusal.HOME_LOANS_NOT_ALLOWED


async def test_checkout_refused_for_an_item_type_not_for_loan(lib):
    assert (await checkout(lib, "p1", "r1")).error == Refusal.NOT_FOR_LOAN


async def test_staff_override_lends_a_not_for_loan_item_where_the_policy_allows_it(lib):
    result = await checkout(lib, "p1", "r1", override=True)
    assert result.ok and result.due == end_of(2026, 3, 16)  # the (*, *) rule: 14 days


async def test_staff_override_of_not_for_loan_is_refused_where_the_policy_does_not_allow_it(build):
    library = await build(rules={"staff_override_not_for_loan": False})
    assert (await checkout(library, "p1", "r1", override=True)).error == Refusal.NOT_FOR_LOAN


async def test_a_patron_cannot_override_not_for_loan(lib):
    assert (await checkout(lib, "p1", "r1", actor=P1, override=True)).error == Refusal.NOT_FOR_LOAN


async def test_not_for_loan_comes_before_fine_limit(lib):
    await add_charge(lib, "p1", "9.00", MON)
    assert (await checkout(lib, "p1", "r1")).error == Refusal.NOT_FOR_LOAN


async def test_checkout_refused_when_the_balance_is_above_the_fine_limit(lib):
    await add_charge(lib, "p1", "5.01", MON)
    assert (await checkout(lib, "p1", "b1")).error == Refusal.FINE_LIMIT


async def test_a_balance_equal_to_the_fine_limit_does_not_block_checkout(lib):
    await add_charge(lib, "p1", "5.00", MON)
    assert (await checkout(lib, "p1", "b1")).ok


async def test_the_fine_limit_counts_fines_still_accruing_on_loans_that_are_out(lib):
    # one-day loan, 0.90 a day: out Mon 2 Mar, due Tue 3 Mar; on Mon 9 Mar 6 days late = 5.40 > 5.00
    await checkout(lib, "p1", "d1")
    assert await lib.accounts.balance("p1", at(2026, 3, 9)) == Decimal("5.40")
    assert (await checkout(lib, "p1", "b1", when=at(2026, 3, 9))).error == Refusal.FINE_LIMIT
    assert (await checkout(lib, "p1", "b1", when=at(2026, 3, 8))).ok   # 4.50 the day before


async def test_fine_limit_comes_before_max_loans_total(lib):
    for item in ("w1", "w2", "w3", "b1"):
        assert (await checkout(lib, "p1", item)).ok
    await add_charge(lib, "p1", "6.00", MON)
    assert (await checkout(lib, "p1", "b2")).error == Refusal.FINE_LIMIT


async def test_checkout_refused_above_the_category_total(lib):
    for item in ("w1", "w2", "w3", "d1"):
        assert (await checkout(lib, "p1", item)).ok
    assert (await checkout(lib, "p1", "o1")).error == Refusal.MAX_LOANS_TOTAL


async def test_max_loans_total_comes_before_max_loans(lib):
    for item in ("b1", "b2", "w1", "w2"):
        assert (await checkout(lib, "p1", item)).ok
    assert (await checkout(lib, "p1", "b3")).error == Refusal.MAX_LOANS_TOTAL


async def test_checkout_refused_above_the_rules_cap_for_the_item_type(lib):
    await checkout(lib, "p1", "b1")
    await checkout(lib, "p1", "b2")
    assert (await checkout(lib, "p1", "b3")).error == Refusal.MAX_LOANS


async def test_a_returned_loan_no_longer_counts_towards_the_cap(lib):
    await checkout(lib, "p1", "b1")
    await checkout(lib, "p1", "b2")
    await lib.circulation.checkin("b1", MON, STAFF)
    assert (await checkout(lib, "p1", "b3")).ok


async def test_max_loans_comes_before_on_hold_for_other(lib):
    await checkout(lib, "p1", "b1")
    await checkout(lib, "p1", "b2")
    await hold(lib, "p2", "b3")
    assert (await checkout(lib, "p1", "b3")).error == Refusal.MAX_LOANS


async def test_checkout_refused_when_another_patron_holds_the_item(lib):
    await hold(lib, "p2", "b1")
    assert (await checkout(lib, "p1", "b1")).error == Refusal.ON_HOLD_FOR_OTHER


async def test_the_patron_first_in_the_hold_queue_may_borrow_and_the_hold_is_fulfilled(lib):
    await hold(lib, "p2", "b1")
    assert (await checkout(lib, "p2", "b1")).ok
    assert [h.status for h in await rows(lib, Hold)] == ["fulfilled"]


async def test_a_term_loan_after_the_last_term_is_refused_with_no_term(lib):
    assert (await checkout(lib, "p1", "t1", when=at(2027, 7, 5))).error == Refusal.NO_TERM


async def test_unknown_patron_or_item_refusals_write_nothing(lib):
    before = await count_rows(lib, Loan, Hold, AuditEntry, Charge)
    await checkout(lib, "nobody", "b1")
    await checkout(lib, "p1", "nothing")
    await hold(lib, "nobody", "b1")
    await hold(lib, "p1", "nothing")
    await lib.circulation.renew("nobody", "b1", MON, STAFF)
    await lib.circulation.checkin("nothing", MON, STAFF)
    assert await count_rows(lib, Loan, Hold, AuditEntry, Charge) == before


async def test_any_refused_checkout_writes_nothing(lib):
    await add_charge(lib, "p1", "9.00", MON)
    before = await count_rows(lib, Loan, AuditEntry)
    assert (await checkout(lib, "p1", "b1")).error == Refusal.FINE_LIMIT
    assert await count_rows(lib, Loan, AuditEntry) == before


async def test_a_time_without_a_zone_means_library_time(lib):
    # 23:30 local on Mon 2 Mar is 21:30 UTC; read as UTC it would be Tue 3 Mar in Vilnius
    result = await checkout(lib, "p1", "w1", when=dt.datetime(2026, 3, 2, 23, 30))
    assert result.due == end_of(2026, 3, 9)
    loan = (await rows(lib, Loan))[0]
    assert loan.checked_out_at == at(2026, 3, 2, 23, 30)
    assert loan.checkout_date == dt.date(2026, 3, 2)


async def test_checkout_is_recorded_in_the_audit_log_with_actor_and_channel(lib):
    await checkout(lib, "p1", "b1")
    entry = [e for e in await rows(lib, AuditEntry) if e.action == "checkout"][-1]
    assert (entry.actor_kind, entry.actor, entry.channel) == ("staff", "desk@example.edu", "cli")


# --- renewal ---------------------------------------------------------------------------------------------------------
async def test_self_renewal_extends_from_the_old_due_date(lib):
    await checkout(lib, "p1", "b1")
    result = await renew(lib, "p1", "b1", at(2026, 3, 10))
    assert result.ok and result.due == end_of(2026, 4, 13)   # 23 Mar + 21
    assert (result.renewals_left, result.self_renewals_left) == (1, 0)


async def test_renew_from_now_extends_from_the_renewal_moment(build):
    library = await build(rules={"renew_from": "now"})
    await checkout(library, "p1", "w1")                                   # due Mon 9 Mar
    assert (await renew(library, "p1", "w1", at(2026, 3, 4))).due == end_of(2026, 3, 11)


async def test_renew_from_due_date_ignores_when_the_renewal_is_asked(lib):
    await checkout(lib, "p1", "w1")
    assert (await renew(lib, "p1", "w1", at(2026, 3, 4))).due == end_of(2026, 3, 16)


async def test_renewal_refused_for_an_item_not_on_loan(lib):
    assert (await renew(lib, "p1", "b1")).error == Refusal.NOT_ON_LOAN


async def test_renewal_refused_for_an_item_on_loan_to_someone_else(lib):
    await checkout(lib, "p2", "b1")
    assert (await renew(lib, "p1", "b1")).error == Refusal.NOT_ON_LOAN


async def test_renewal_refused_for_an_unknown_item_as_not_on_loan(lib):
    assert (await renew(lib, "p1", "nothing")).error == Refusal.NOT_ON_LOAN


async def test_renewal_refused_for_a_type_that_is_not_renewable(lib):
    await checkout(lib, "p1", "o1")
    assert (await renew(lib, "p1", "o1", actor=STAFF)).error == Refusal.NOT_RENEWABLE


async def test_not_renewable_comes_before_not_self_renewable(lib):
    await checkout(lib, "p1", "o1")
    assert (await renew(lib, "p1", "o1")).error == Refusal.NOT_RENEWABLE


async def test_self_renewal_refused_for_a_type_only_staff_renew(lib):
    await checkout(lib, "p1", "d1")
    assert (await renew(lib, "p1", "d1")).error == Refusal.NOT_SELF_RENEWABLE


async def test_staff_renewal_skips_not_self_renewable(lib):
    await checkout(lib, "p1", "d1")                                       # due Tue 3 Mar
    result = await renew(lib, "p1", "d1", actor=STAFF)
    assert result.ok and result.due == end_of(2026, 3, 4)


async def test_not_self_renewable_comes_before_restricted(lib):
    await checkout(lib, "p1", "d1")
    await lib.circulation.set_restricted("p1", True, MON, STAFF)
    assert (await renew(lib, "p1", "d1")).error == Refusal.NOT_SELF_RENEWABLE


async def test_renewal_refused_for_a_restricted_patron(lib):
    await checkout(lib, "p1", "b1")
    await lib.circulation.set_restricted("p1", True, MON, STAFF)
    assert (await renew(lib, "p1", "b1")).error == Refusal.RESTRICTED
    assert (await renew(lib, "p1", "b1", actor=STAFF)).error == Refusal.RESTRICTED


async def test_restricted_comes_before_too_many_renewals(lib):
    await checkout(lib, "p1", "b1")
    await renew(lib, "p1", "b1", actor=STAFF)
    await renew(lib, "p1", "b1", actor=STAFF)
    await lib.circulation.set_restricted("p1", True, MON, STAFF)
    assert (await renew(lib, "p1", "b1", actor=STAFF)).error == Refusal.RESTRICTED


async def test_renewal_refused_after_the_rules_renewals_are_used(lib):
    await checkout(lib, "p1", "b1")
    assert (await renew(lib, "p1", "b1", actor=STAFF)).ok
    assert (await renew(lib, "p1", "b1", actor=STAFF)).ok
    result = await renew(lib, "p1", "b1", actor=STAFF)
    assert result.error == Refusal.TOO_MANY_RENEWALS
    assert (result.renewals_left, result.self_renewals_left) == (0, 0)
    assert result.due == end_of(2026, 5, 4)   # a refused renewal still reports the current due date


async def test_too_many_renewals_comes_before_too_many_self_renewals(lib):
    await checkout(lib, "p1", "b1")
    await renew(lib, "p1", "b1")
    await renew(lib, "p1", "b1", actor=STAFF)
    assert (await renew(lib, "p1", "b1")).error == Refusal.TOO_MANY_RENEWALS


async def test_staff_override_passes_the_renewal_limit_where_the_policy_allows_it(lib):
    await checkout(lib, "p1", "b1")
    await renew(lib, "p1", "b1", actor=STAFF)
    await renew(lib, "p1", "b1", actor=STAFF)
    result = await renew(lib, "p1", "b1", actor=STAFF, override=True)
    assert result.ok and result.renewals_left == 0


async def test_staff_override_of_the_renewal_limit_is_refused_where_the_policy_does_not_allow_it(build):
    library = await build(rules={"staff_override_renewal_limit": False})
    await checkout(library, "p1", "b1")
    await renew(library, "p1", "b1", actor=STAFF)
    await renew(library, "p1", "b1", actor=STAFF)
    assert (await renew(library, "p1", "b1", actor=STAFF, override=True)).error == Refusal.TOO_MANY_RENEWALS


async def test_a_patron_cannot_override_the_renewal_limit(lib):
    await checkout(lib, "p1", "w1")
    await renew(lib, "p1", "w1")
    await renew(lib, "p1", "w1")
    assert (await renew(lib, "p1", "w1", override=True)).error == Refusal.TOO_MANY_RENEWALS


async def test_self_renewal_refused_after_the_self_renewals_are_used(lib):
    await checkout(lib, "p1", "b1")
    assert (await renew(lib, "p1", "b1")).ok
    assert (await renew(lib, "p1", "b1")).error == Refusal.TOO_MANY_SELF_RENEWALS


async def test_staff_renewal_skips_too_many_self_renewals(lib):
    await checkout(lib, "p1", "b1")
    await renew(lib, "p1", "b1")
    assert (await renew(lib, "p1", "b1", actor=STAFF)).ok


async def test_too_many_self_renewals_comes_before_on_hold(lib):
    await checkout(lib, "p1", "b1")
    await renew(lib, "p1", "b1")
    await hold(lib, "p2", "b1")
    assert (await renew(lib, "p1", "b1")).error == Refusal.TOO_MANY_SELF_RENEWALS


async def test_renewal_refused_when_another_patron_holds_the_item(lib):
    await checkout(lib, "p1", "b1")
    await hold(lib, "p2", "b1")
    assert (await renew(lib, "p1", "b1")).error == Refusal.ON_HOLD
    assert (await renew(lib, "p1", "b1", actor=STAFF)).error == Refusal.ON_HOLD


async def test_a_hold_does_not_block_renewal_where_the_policy_says_so(build):
    library = await build(rules={"holds_block_renewal": False})
    await checkout(library, "p1", "b1")
    await hold(library, "p2", "b1")
    assert (await renew(library, "p1", "b1")).ok


async def test_a_cancelled_hold_no_longer_blocks_renewal(lib):
    await checkout(lib, "p1", "b1")
    await hold(lib, "p2", "b1")
    await lib.circulation.cancel_hold("p2", "b1", MON, P2)
    assert (await renew(lib, "p1", "b1")).ok


async def test_on_hold_comes_before_fine_limit(lib):
    await checkout(lib, "p1", "b1")
    await hold(lib, "p2", "b1")
    await add_charge(lib, "p1", "4.00", MON)
    assert (await renew(lib, "p1", "b1")).error == Refusal.ON_HOLD


async def test_self_renewal_refused_when_the_balance_is_above_the_renewal_limit(lib):
    await checkout(lib, "p1", "b1")
    await add_charge(lib, "p1", "2.91", MON)
    assert (await renew(lib, "p1", "b1")).error == Refusal.FINE_LIMIT


async def test_a_balance_equal_to_the_renewal_limit_does_not_block_self_renewal(lib):
    await checkout(lib, "p1", "b1")
    await add_charge(lib, "p1", "2.90", MON)
    assert (await renew(lib, "p1", "b1")).ok


async def test_staff_renewal_skips_the_fine_limit(lib):
    await checkout(lib, "p1", "b1")
    await add_charge(lib, "p1", "4.00", MON)
    assert (await renew(lib, "p1", "b1", actor=STAFF)).ok


async def test_fine_limit_comes_before_renewal_cutoff(lib):
    await checkout(lib, "p1", "w1", when=at(2026, 7, 7))                 # due Tue 14 Jul; renewal would be 21 Jul
    await add_charge(lib, "p1", "3.00", at(2026, 7, 7))
    assert (await renew(lib, "p1", "w1", at(2026, 7, 10))).error == Refusal.FINE_LIMIT


async def test_renewal_refused_when_the_new_due_date_passes_the_cutoff(lib):
    await checkout(lib, "p1", "w1", when=at(2026, 7, 7))                 # due Tue 14 Jul
    assert (await renew(lib, "p1", "w1", at(2026, 7, 10))).error == Refusal.RENEWAL_CUTOFF


async def test_a_new_due_date_on_the_cutoff_day_itself_is_allowed(lib):
    await checkout(lib, "p1", "w1", when=at(2026, 7, 1))                 # due Wed 8 Jul; renewed: Wed 15 Jul
    assert (await renew(lib, "p1", "w1", at(2026, 7, 6))).due == end_of(2026, 7, 15)


async def test_the_cutoff_is_the_next_such_day_on_or_after_the_renewal(lib):
    await checkout(lib, "p1", "w1", when=at(2026, 7, 10))                # due Fri 17 Jul
    result = await renew(lib, "p1", "w1", at(2026, 7, 16))               # next cut-off: 15 Jul 2027
    assert result.ok and result.due == end_of(2026, 7, 24)


async def test_renewal_cutoff_comes_before_overdue(build):
    library = await build(rules={"overdue_blocks_renewal": True})
    await checkout(library, "p1", "w1", when=at(2026, 7, 2))             # due Thu 9 Jul; renewed: 16 Jul
    assert (await renew(library, "p1", "w1", at(2026, 7, 10))).error == Refusal.RENEWAL_CUTOFF


async def test_renewal_refused_when_overdue_where_the_policy_says_so(build):
    library = await build(rules={"overdue_blocks_renewal": True})
    await checkout(library, "p1", "w1")                                   # due Mon 9 Mar
    assert (await renew(library, "p1", "w1", at(2026, 3, 10))).error == Refusal.OVERDUE
    assert (await renew(library, "p1", "w1", at(2026, 3, 9, 23, 0))).ok


async def test_an_overdue_loan_may_be_renewed_where_the_policy_allows_it(lib):
    await checkout(lib, "p1", "w1")                                       # due Mon 9 Mar
    result = await renew(lib, "p1", "w1", at(2026, 3, 10))
    assert result.ok and result.due == end_of(2026, 3, 17)               # from the renewal moment, not 16 Mar


# --- renewing an overdue loan (contracts §1, "Renewal") ----------------------------------------------------------
async def test_an_overdue_renewal_counts_from_the_renewal_moment_even_with_renew_from_due_date(lib):
    await checkout(lib, "p1", "b1")                                       # due Mon 23 Mar
    result = await renew(lib, "p1", "b1", at(2026, 4, 6), actor=STAFF)    # 14 days late
    assert result.ok and result.due == end_of(2026, 4, 27)               # 6 Apr + 21, never a date in the past


async def test_an_overdue_renewal_charges_the_fine_so_far_as_a_return_would(lib):
    await checkout(lib, "p1", "b1")                                       # due Mon 23 Mar, 0.20 a day
    result = await renew(lib, "p1", "b1", at(2026, 3, 26), actor=STAFF)  # 3 days late
    assert result.fine == Decimal("0.60")
    charges = await rows(lib, Charge)
    assert [(c.kind, c.amount, c.paid) for c in charges] == [("fine", Decimal("0.60"), Decimal("0.00"))]
    assert charges[0].loan_id is not None


async def test_the_balance_is_the_same_just_before_and_just_after_an_overdue_renewal(lib):
    await checkout(lib, "p1", "b1")
    before = await lib.accounts.balance("p1", at(2026, 3, 26, 9, 59))
    await renew(lib, "p1", "b1", at(2026, 3, 26), actor=STAFF)
    assert before == await lib.accounts.balance("p1", at(2026, 3, 26, 10, 1)) == Decimal("0.60")


async def test_after_an_overdue_renewal_fines_count_from_the_new_due_date(lib):
    await checkout(lib, "p1", "b1")
    result = await renew(lib, "p1", "b1", at(2026, 3, 26), actor=STAFF)  # new due Thu 16 Apr
    assert result.due == end_of(2026, 4, 16)
    assert await lib.accounts.balance("p1", at(2026, 4, 16, 20)) == Decimal("0.60")
    returned = await lib.circulation.checkin("b1", at(2026, 4, 18), STAFF)
    assert (returned.days_late, returned.fine) == (2, Decimal("0.40"))
    assert await lib.accounts.balance("p1", at(2026, 4, 18, 11)) == Decimal("1.00")


async def test_a_renewal_in_time_charges_nothing(lib):
    await checkout(lib, "p1", "b1")
    result = await renew(lib, "p1", "b1", at(2026, 3, 23, 23, 0))
    assert result.ok and result.fine == Decimal("0.00") and result.due == end_of(2026, 4, 13)
    assert await rows(lib, Charge) == []


async def test_an_overdue_renewal_within_the_grace_days_charges_nothing_but_still_counts_from_now(build):
    library = await build(rules={})
    await checkout(library, "s1", "b1")            # staff x book: the (*, book) rule, 28 days, 2 grace days
    loan_due = (await rows(library, Loan))[0].due_at
    late = library.calendar.local(loan_due) + dt.timedelta(days=2)
    result = await renew(library, "s1", "b1", late.replace(hour=10, minute=0), actor=STAFF)
    assert result.ok and result.fine == Decimal("0.00")
    assert library.calendar.local_date(result.due) == late.date() + dt.timedelta(days=28)
    assert await rows(library, Charge) == []


async def test_a_refused_overdue_renewal_charges_nothing(lib):
    await checkout(lib, "p1", "b1")
    await hold(lib, "p2", "b1")
    result = await renew(lib, "p1", "b1", at(2026, 3, 26), actor=STAFF)
    assert result.error == Refusal.ON_HOLD and result.fine == Decimal("0.00")
    assert await rows(lib, Charge) == []
    assert await lib.accounts.balance("p1", at(2026, 3, 26, 11)) == Decimal("0.60")   # still accruing


async def test_a_refused_renewal_writes_nothing(lib):
    await checkout(lib, "p1", "b1")
    await hold(lib, "p2", "b1")
    before = await count_rows(lib, AuditEntry)
    assert not (await renew(lib, "p1", "b1")).ok
    assert await count_rows(lib, AuditEntry) == before
    loan = (await rows(lib, Loan))[0]
    assert (loan.renewals, loan.due_at) == (0, end_of(2026, 3, 23))


async def test_renew_all_renews_each_loan_on_its_own(lib):
    await checkout(lib, "p1", "b1")
    await checkout(lib, "p1", "d1")
    results = {r.barcode: r for r in await lib.circulation.renew_all("p1", MON, P1)}
    assert results["b1"].ok and results["d1"].error == Refusal.NOT_SELF_RENEWABLE


# --- holds -----------------------------------------------------------------------------------------------------------
async def test_hold_refused_for_an_unknown_patron_before_an_unknown_item(lib):
    assert (await hold(lib, "nobody", "nothing")).error == Refusal.UNKNOWN_PATRON


async def test_hold_refused_for_an_unknown_item(lib):
    assert (await hold(lib, "p1", "nothing")).error == Refusal.UNKNOWN_ITEM


async def test_hold_refused_for_a_restricted_patron(lib):
    await lib.circulation.set_restricted("p1", True, MON, STAFF)
    assert (await hold(lib, "p1", "b1")).error == Refusal.RESTRICTED


async def test_restricted_comes_before_fine_limit_for_holds(lib):
    await lib.circulation.set_restricted("p1", True, MON, STAFF)
    await add_charge(lib, "p1", "9.00", MON)
    assert (await hold(lib, "p1", "b1")).error == Refusal.RESTRICTED


async def test_hold_refused_when_the_balance_is_above_the_hold_limit(lib):
    await add_charge(lib, "p1", "3.01", MON)
    assert (await hold(lib, "p1", "b1")).error == Refusal.FINE_LIMIT


async def test_fine_limit_comes_before_already_held(lib):
    await hold(lib, "p1", "b1")
    await add_charge(lib, "p1", "3.01", MON)
    assert (await hold(lib, "p1", "b1")).error == Refusal.FINE_LIMIT


async def test_hold_refused_when_the_patron_already_holds_the_item(lib):
    assert (await hold(lib, "p1", "b1")).ok
    assert (await hold(lib, "p1", "b1")).error == Refusal.ALREADY_HELD


async def test_hold_refused_on_an_item_the_patron_has_on_loan(lib):
    await checkout(lib, "p1", "b1")
    assert (await hold(lib, "p1", "b1")).error == Refusal.ALREADY_HELD


async def test_already_held_comes_before_max_holds(lib):
    await hold(lib, "p1", "b1")
    await hold(lib, "p1", "b2")
    assert (await hold(lib, "p1", "b1")).error == Refusal.ALREADY_HELD


async def test_hold_refused_above_the_categorys_max_holds(lib):
    await hold(lib, "p1", "b1")
    await hold(lib, "p1", "b2")
    assert (await hold(lib, "p1", "b3")).error == Refusal.MAX_HOLDS


async def test_a_category_with_max_holds_zero_may_not_hold(lib):
    assert (await hold(lib, "v1", "b1")).error == Refusal.MAX_HOLDS


async def test_a_cancelled_hold_frees_a_place_for_another(lib):
    await hold(lib, "p1", "b1")
    await hold(lib, "p1", "b2")
    assert (await lib.circulation.cancel_hold("p1", "b1", MON, P1)).ok
    assert (await hold(lib, "p1", "b3")).ok


async def test_cancel_hold_refused_when_there_is_no_hold(lib):
    assert (await lib.circulation.cancel_hold("p1", "b1", MON, P1)).error == Refusal.NO_HOLD


async def test_cancel_hold_refused_the_second_time(lib):
    await hold(lib, "p1", "b1")
    await lib.circulation.cancel_hold("p1", "b1", MON, P1)
    assert (await lib.circulation.cancel_hold("p1", "b1", MON, P1)).error == Refusal.NO_HOLD


async def test_checkin_names_the_patron_whose_hold_the_item_fills(lib):
    await checkout(lib, "p1", "b1")
    await hold(lib, "p2", "b1", at(2026, 3, 3))
    await hold(lib, "s1", "b1", at(2026, 3, 4))
    assert (await lib.circulation.checkin("b1", at(2026, 3, 5), STAFF)).hold_for == "p2"


async def test_checkin_of_an_item_not_on_loan_is_refused(lib):
    assert (await lib.circulation.checkin("b1", MON, STAFF)).error == Refusal.NOT_ON_LOAN


# --- balance and payments --------------------------------------------------------------------------------------------
async def test_balance_is_unpaid_charges_plus_fines_accruing_on_loans_still_out(lib):
    await add_charge(lib, "p1", "1.00", MON)
    await checkout(lib, "p1", "d1")                                       # due Tue 3 Mar, 0.90 a day
    assert await lib.accounts.balance("p1", at(2026, 3, 3, 23, 0)) == Decimal("1.00")
    assert await lib.accounts.balance("p1", at(2026, 3, 5)) == Decimal("2.80")


async def test_balance_of_an_unknown_patron_is_none(lib):
    assert await lib.accounts.balance("nobody", MON) is None


async def test_payment_settles_the_oldest_charge_first(lib):
    await add_charge(lib, "p1", "1.00", at(2026, 3, 1))
    await add_charge(lib, "p1", "2.00", at(2026, 3, 2))
    result = await lib.accounts.pay("p1", "1.50", at(2026, 3, 3), STAFF)
    assert result.ok and result.balance == Decimal("1.50")
    assert [(c.amount, c.paid) for c in await rows(lib, Charge, Charge.created_at)] == [
        (Decimal("1.00"), Decimal("1.00")), (Decimal("2.00"), Decimal("0.50"))]
    assert [p.amount for p in await rows(lib, Payment)] == [Decimal("1.50")]


async def test_payment_refused_for_an_unknown_patron_before_a_bad_amount(lib):
    assert (await lib.accounts.pay("nobody", "-1", MON, STAFF)).error == Refusal.UNKNOWN_PATRON


@pytest.mark.parametrize("amount", ["0", "-1.00", "abc", "1.234", None, True, "NaN"])
async def test_payment_refused_for_an_amount_that_is_not_a_positive_number(lib, amount):
    await add_charge(lib, "p1", "5.00", MON)
    assert (await lib.accounts.pay("p1", amount, MON, STAFF)).error == Refusal.INVALID_AMOUNT


async def test_invalid_amount_comes_before_overpayment(lib):
    assert (await lib.accounts.pay("p1", "-5", MON, STAFF)).error == Refusal.INVALID_AMOUNT


async def test_payment_refused_for_more_than_the_unpaid_charges(lib):
    await add_charge(lib, "p1", "1.00", MON)
    assert (await lib.accounts.pay("p1", "1.01", MON, STAFF)).error == Refusal.OVERPAYMENT


async def test_fines_still_accruing_cannot_be_paid_in_advance(lib):
    await checkout(lib, "p1", "d1")
    assert await lib.accounts.balance("p1", at(2026, 3, 5)) == Decimal("1.80")
    assert (await lib.accounts.pay("p1", "1.80", at(2026, 3, 5), STAFF)).error == Refusal.OVERPAYMENT


async def test_a_refused_payment_writes_nothing(lib):
    await add_charge(lib, "p1", "1.00", MON)
    before = await count_rows(lib, Payment, Charge, AuditEntry)
    await lib.accounts.pay("p1", "2.00", MON, STAFF)
    await lib.accounts.pay("p1", "0", MON, STAFF)
    await lib.accounts.pay("nobody", "1.00", MON, STAFF)
    assert await count_rows(lib, Payment, Charge, AuditEntry) == before
    assert [c.paid for c in await rows(lib, Charge)] == [Decimal("0.00")]


async def test_paying_everything_brings_the_balance_to_zero(lib):
    await add_charge(lib, "p1", "1.25", MON)
    result = await lib.accounts.pay("p1", "1.25", MON, STAFF)
    assert result.ok and result.balance == Decimal("0.00")


# --- concurrency -----------------------------------------------------------------------------------------------------
async def test_two_checkouts_of_one_item_at_the_same_moment_exactly_one_succeeds(lib, db):
    other_db = Database(db.url)
    try:
        other = Library(other_db, lib.policy)
        first, second = await asyncio.gather(checkout(lib, "p1", "b1"), checkout(other, "p2", "b1"))
    finally:
        await other_db.dispose()
    assert sorted([first.ok, second.ok]) == [False, True]
    assert (first if not first.ok else second).error == Refusal.ALREADY_ON_LOAN
    assert (await count_rows(lib, Loan))["Loan"] == 1


# --- properties ------------------------------------------------------------------------------------------------------
attempts = st.lists(st.sampled_from(["self", "staff"]), min_size=1, max_size=8)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(item=st.sampled_from(["b1", "w1", "d1", "t1"]), sequence=attempts)
def test_renewals_never_pass_their_limits(migrated_sqlite, item, sequence):
    async def run():
        async with fresh_sqlite_library(migrated_sqlite, patrons=PATRONS, items=ITEMS) as library:
            assert (await checkout(library, "p1", item, when=at(2026, 9, 7))).ok
            rule = library.policy.rule_for("student", library.policy.item_type_of(
                {"b": "book", "w": "week", "d": "day", "t": "textbook"}[item[0]]).code)
            for step, via in enumerate(sequence):
                when = at(2026, 9, 8) + dt.timedelta(hours=step)
                await renew(library, "p1", item, when, actor=STAFF if via == "staff" else P1)
                loan = (await rows(library, Loan))[0]
                assert loan.renewals <= rule.renewals
                assert loan.self_renewals <= rule.self_renewals
                assert loan.self_renewals <= loan.renewals
    asyncio.run(run())

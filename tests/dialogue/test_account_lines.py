""""How much do I owe?": the total and the lines behind it, including fines still growing on loans that are out."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from core.plumbing.context import Actor
from core.domain.ill import WorkRequest
from tests.conftest import STAFF

VILNIUS = ZoneInfo("Europe/Vilnius")


def at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(day + "T10:00").replace(tzinfo=VILNIUS)


async def test_account_lists_charges_and_accruing_fines_and_they_add_up_to_the_balance(db, make_library):
    library = await make_library(patrons=[("p1", "staff", "en", "p1@example.edu")],
                                 items=[("w1", "week", "Returned late"), ("d1", "day", "Still out")])
    await library.circulation.checkout("p1", "w1", at("2026-11-02"), STAFF)      # due 11-09
    await library.circulation.checkin("w1", at("2026-11-17"), STAFF)             # 8 days: 2 weeks x 0.50
    await library.circulation.checkout("p1", "d1", at("2026-11-16"), STAFF)      # due 11-17
    account = await library.accounts.account("p1", at("2026-11-20"))             # 3 days x 0.90 so far
    lines = sorted((line.kind, line.amount) for line in account.lines)
    assert lines == [("accruing", Decimal("2.70")), ("fine", Decimal("1.00"))]
    assert account.balance == Decimal("3.70") == await library.accounts.balance("p1", at("2026-11-20"))


async def test_an_ill_fee_and_an_overdue_ill_loan_appear_in_the_account(db, make_library):
    library = await make_library(patrons=[("p1", "staff", "en", "p1@example.edu")])
    result = await library.ill.request("p1", WorkRequest("book", "From abroad"), at("2026-11-02"),
                                       Actor("patron", "p1", "email"))
    ref = result.request
    await library.ill.event(ref, "locate", at("2026-11-02"), STAFF, lender="Leipzig", foreign=True)
    await library.ill.event(ref, "send", at("2026-11-02"), STAFF)
    await library.ill.event(ref, "approve", at("2026-11-03"), STAFF)
    await library.ill.event(ref, "arrive", at("2026-11-10"), STAFF, lender_due=dt.date(2026, 11, 30))
    checked = await library.ill.event(ref, "checkout", at("2026-11-11"), STAFF)
    assert checked.due.date() == dt.date(2026, 11, 21)  # 7 open days (Sundays closed) before 11-30
    account = await library.accounts.account("p1", at("2026-11-24"))
    kinds = {line.kind: line.amount for line in account.lines}
    assert kinds == {"ill_fee": Decimal("5.00"), "accruing": Decimal("0.30")}  # (*,*) rule: 0.10 a day

"""The ILL report and the IFLA voucher ledger (seeds/004)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from core.plumbing.context import Actor
from core.domain.ill import WorkRequest
from core.staff.reports import ill_report, percentile, record_vouchers, voucher_month
from tests.conftest import STAFF

VILNIUS = ZoneInfo("Europe/Vilnius")
PATRON = Actor("patron", "p1", "email")


def day(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text + "T10:00").replace(tzinfo=VILNIUS)


async def arrive(library, title: str, requested: str, arrived: str, foreign: bool, kind="book") -> str:
    result = await library.ill.request("p1", WorkRequest(kind, title), day(requested), PATRON)
    ref = result.request
    for event, keys in (("locate", {"lender": "Leipzig", "foreign": foreign}), ("send", {}), ("approve", {})):
        assert (await library.ill.event(ref, event, day(requested), STAFF, **keys)).ok
    assert (await library.ill.event(ref, "arrive", day(arrived), STAFF, lender_due=dt.date(2027, 3, 1))).ok
    return ref


async def test_ill_report_counts_states_fill_rate_and_days_to_arrival(db, make_library):
    library = await make_library(patrons=[("p1", "staff", "en", "p1@example.edu")], ill={"max_open_requests": 10})
    await arrive(library, "A", "2026-11-02", "2026-11-16", foreign=False)   # 14 days
    await arrive(library, "B", "2026-11-02", "2026-12-02", foreign=False)   # 30 days
    rejected = await library.ill.request("p1", WorkRequest("book", "C"), day("2026-11-03"), PATRON)
    await library.ill.event(rejected.request, "reject", day("2026-11-04"), STAFF, reason="not held")
    report = await ill_report(library)
    assert report.by_state == {"arrived": 2, "rejected": 1}
    assert report.fill_rate == pytest.approx(2 / 3)
    assert sorted(report.days_to_arrival) == [14, 30] and report.median_days == 22
    assert report.within_promise == 2


def test_percentile_interpolates_between_ranks():
    assert percentile([10, 20, 30, 40, 50], 0.9) == pytest.approx(46)
    assert percentile([], 0.5) is None


async def test_foreign_arrivals_write_vouchers_off_and_the_month_record_warns_at_70_percent(db, make_library):
    # no patron fee here, so that each arrival leaves the patron free to ask again
    library = await make_library(patrons=[("p1", "staff", "en", "p1@example.edu")],
                                 ill={"max_open_requests": 10, "foreign_fee": 0})
    await record_vouchers(library, "bought", Decimal("2"), day("2026-10-01"), STAFF)
    await arrive(library, "Loan from abroad", "2026-11-02", "2026-11-10", foreign=True)
    await arrive(library, "Copy from abroad", "2026-11-02", "2026-11-12", foreign=True, kind="article")
    await arrive(library, "Domestic", "2026-11-02", "2026-11-12", foreign=False)
    record = await voucher_month(library, "2026-11")
    assert record.used_total == Decimal("1.5") and [m.reference for m in record.used] == ["ILL-1", "ILL-2"]
    assert record.held == Decimal("0.5")
    assert record.written_off_since_purchase == Decimal("1.5") and record.time_to_buy  # 75 % of 2


async def test_lending_to_a_foreign_library_brings_vouchers_in(db, make_library):
    library = await make_library()
    lend = await library.lending.receive("Helsinki University Library", True, "loan", "Statutes", day("2026-11-02"),
                                         STAFF)
    await library.lending.event(lend.request, "approve", day("2026-11-02"), STAFF)
    await library.lending.event(lend.request, "ship", day("2026-11-03"), STAFF, due=dt.date(2026, 12, 20))
    record = await voucher_month(library, "2026-11")
    assert record.received == Decimal("1.0") and record.held == Decimal("1.0") and not record.time_to_buy


async def test_vouchers_come_in_halves(db, make_library):
    library = await make_library()
    with pytest.raises(ValueError):
        await record_vouchers(library, "bought", Decimal("0.3"), day("2026-11-02"), STAFF)

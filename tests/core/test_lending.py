"""Lending side (contracts §2): this library supplies others. lending.toml: 1 IFLA voucher = 8.00, a loan costs a
foreign library 1 voucher, a copy half; a domestic copy costs 0.60, a domestic loan nothing."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from core.domain.codes import Refusal
from core.storage.models import LendEvent
from tests.conftest import STAFF
from tests.core import at, count_rows, rows

DUE = dt.date(2026, 12, 18)  # Friday


@pytest.fixture
async def lib(make_library):
    return await make_library()


async def receive(library, foreign=True, kind="loan", title="A book", when=at(2026, 11, 2)):
    return await library.lending.receive("UB Leipzig" if foreign else "VU biblioteka", foreign, kind, title, when,
                                         STAFF)


async def lend(library, reference, name, when=at(2026, 11, 3), **keys):
    return await library.lending.event(reference, name, when, STAFF, **keys)


@pytest.mark.parametrize(("foreign", "kind", "charge"), [
    (True, "loan", "8.00"), (True, "copy", "4.00"), (False, "loan", "0.00"), (False, "copy", "0.60")])
async def test_the_borrowing_library_is_charged_by_kind_and_origin(lib, foreign, kind, charge):
    result = await receive(lib, foreign, kind)
    assert (result.ok, result.request, result.state, result.charge) == (True, "LEND-1", "received", Decimal(charge))


async def test_shipping_reports_the_charge_that_travels_with_the_item(lib):
    reference = (await receive(lib)).request
    await lend(lib, reference, "approve")
    result = await lend(lib, reference, "ship", due=DUE)
    assert (result.state, result.charge, result.due) == ("shipped", Decimal("8.00"), DUE)


async def test_a_rejected_request_records_the_reason(lib):
    reference = (await receive(lib)).request
    result = await lend(lib, reference, "reject", reason="reference copy")
    assert result.state == "rejected"
    assert [e.detail.get("reason") for e in await rows(lib, LendEvent)][-1] == "reference copy"


@pytest.mark.parametrize(("name", "state"), [("ship", "received"), ("return", "received"), ("close", "received"),
                                              ("approve", "approved"), ("reject", "approved")])
async def test_events_out_of_order_are_invalid_transitions(lib, name, state):
    reference = (await receive(lib)).request
    if state == "approved":
        await lend(lib, reference, "approve")
    result = await lend(lib, reference, name)
    assert (result.ok, result.error, result.state) == (False, Refusal.INVALID_TRANSITION, state)


async def test_a_loan_goes_out_comes_back_and_closes(lib):
    reference = (await receive(lib)).request
    states = [(await lend(lib, reference, name, due=DUE if name == "ship" else None)).state
              for name in ("approve", "ship", "return", "close")]
    assert states == ["approved", "shipped", "returned", "closed"]
    assert (await count_rows(lib, LendEvent))["LendEvent"] == 5


async def test_a_copy_closes_straight_from_shipped(lib):
    reference = (await receive(lib, kind="copy")).request
    await lend(lib, reference, "approve")
    await lend(lib, reference, "ship")
    assert (await lend(lib, reference, "close")).state == "closed"


async def test_a_loan_does_not_close_from_shipped(lib):
    reference = (await receive(lib)).request
    await lend(lib, reference, "approve")
    await lend(lib, reference, "ship", due=DUE)
    result = await lend(lib, reference, "close")
    assert (result.error, result.state) == (Refusal.INVALID_TRANSITION, "shipped")


async def test_a_copy_is_never_returned(lib):
    reference = (await receive(lib, kind="copy")).request
    await lend(lib, reference, "approve")
    await lend(lib, reference, "ship")
    assert (await lend(lib, reference, "return")).error == Refusal.INVALID_TRANSITION


async def test_a_renewal_asked_in_time_moves_the_due_date(lib):
    # 3 open days before Fri 18 Dec (Sundays closed): 17 16 15 -> asked on Tue 15 Dec is in time
    reference = (await receive(lib)).request
    await lend(lib, reference, "approve")
    await lend(lib, reference, "ship", due=DUE)
    result = await lend(lib, reference, "request_renewal", at(2026, 12, 15), due=dt.date(2027, 1, 15))
    assert (result.ok, result.state, result.due) == (True, "shipped", dt.date(2027, 1, 15))


async def test_a_renewal_asked_too_late_is_refused_and_keeps_the_due_date(lib):
    reference = (await receive(lib)).request
    await lend(lib, reference, "approve")
    await lend(lib, reference, "ship", due=DUE)
    result = await lend(lib, reference, "request_renewal", at(2026, 12, 16), due=dt.date(2027, 1, 15))
    assert (result.ok, result.error, result.state, result.due) == (False, Refusal.TOO_LATE, "shipped", DUE)


async def test_the_notice_period_counts_from_the_renewed_due_date(lib):
    # renewed to Fri 15 Jan 2027; 3 open days before: 14 13 12 -> 13 Jan is too late
    reference = (await receive(lib)).request
    await lend(lib, reference, "approve")
    await lend(lib, reference, "ship", due=DUE)
    await lend(lib, reference, "request_renewal", at(2026, 12, 1), due=dt.date(2027, 1, 15))
    assert (await lend(lib, reference, "request_renewal", at(2027, 1, 12))).ok
    assert (await lend(lib, reference, "request_renewal", at(2027, 1, 13))).error == Refusal.TOO_LATE


async def test_an_unknown_lending_request_is_refused(lib):
    assert (await lend(lib, "LEND-7", "approve")).error == Refusal.UNKNOWN_REQUEST

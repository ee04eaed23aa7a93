"""Interlibrary loan, borrowing side (contracts §1–2, issue 3): the transition table, the request rules, fees,
due dates, fines, and the audit trail in `ill_events`.

lending.toml: ILL for students and staff, not visitors; at most 2 open requests; any balance above 0.00 blocks;
5.00 for an item from a foreign lender; patron due 7 open days before the lender's; renewals asked at least 3 open
days before; `reference` is copy_only; lost item 40.00; ordering again 2.50. Sundays and 24-26 Dec closed.
"""
from __future__ import annotations

import asyncio
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from core.domain.codes import Refusal
from core.domain.ill import WorkRequest
from core.storage.models import Charge, IllEvent, IllRequest
from tests.conftest import STAFF
from tests.core import add_charge, at, count_rows, end_of, fresh_sqlite_library, patron, rows

PATRONS = [("p1", "student", "lt", "p1@x.lt"), ("p2", "student", "lt", "p2@x.lt"),
           ("v1", "visitor", "en", "v1@x.lt")]
LENDER_DUE = dt.date(2026, 12, 18)          # Friday
RENEWED_LENDER_DUE = dt.date(2027, 1, 15)   # Friday
BOOK = WorkRequest(type="book", title="Principles of Public International Law", authors=["Crawford, James"],
                   isbn="9780198737445")

# The contract's table, written out here on its own: event -> (states it is allowed in, state it leads to)
CONTRACT_TABLE = {
    "locate": ({"requested", "located"}, "located"),
    "send": ({"located"}, "sent"),
    "approve": ({"sent"}, "approved"),
    "reject": ({"requested", "located", "sent"}, "rejected"),
    "ship": ({"approved"}, "shipped"),
    "arrive": ({"approved", "shipped"}, "arrived"),
    "checkout": ({"arrived"}, "checked_out"),
    "request_renewal": ({"checked_out"}, "renewal_requested"),
    "renewal_granted": ({"renewal_requested"}, "checked_out"),
    "renewal_refused": ({"renewal_requested"}, "checked_out"),
    "return": ({"checked_out", "renewal_requested"}, "returned"),
    "ship_back": ({"returned"}, "shipped_back"),
    "close": ({"shipped_back"}, "closed"),
    "cancel": ({"requested", "located", "sent"}, "cancelled"),
    # beyond the contract (seeds/004): a lost or damaged item ends the request, the patron pays for it
    "lost": ({"checked_out", "renewal_requested", "returned"}, "closed"),
}
STATES = ("requested", "located", "sent", "approved", "rejected", "shipped", "arrived", "checked_out",
          "renewal_requested", "returned", "shipped_back", "closed", "cancelled")
TO_SHIPPED = ["locate", "send", "approve", "ship"]
TO_CHECKED_OUT = TO_SHIPPED + ["arrive", "checkout"]
PATHS = {
    "requested": [], "located": ["locate"], "sent": ["locate", "send"], "approved": ["locate", "send", "approve"],
    "rejected": ["reject"], "shipped": TO_SHIPPED, "arrived": TO_SHIPPED + ["arrive"], "checked_out": TO_CHECKED_OUT,
    "renewal_requested": TO_CHECKED_OUT + ["request_renewal"], "returned": TO_CHECKED_OUT + ["return"],
    "shipped_back": TO_CHECKED_OUT + ["return", "ship_back"],
    "closed": TO_CHECKED_OUT + ["return", "ship_back", "close"], "cancelled": ["cancel"],
}
EVENT_KEYS = {"locate": {"lender": "Vilniaus universiteto biblioteka", "foreign": False},
              "arrive": {"lender_due": LENDER_DUE}, "renewal_granted": {"lender_due": RENEWED_LENDER_DUE},
              "reject": {"reason": "last copy"}, "cancel": {"reason": "no longer needed"}}


@pytest.fixture
async def lib(make_library):
    return await make_library(patrons=PATRONS)


async def request(library, who="p1", work=BOOK, when=at(2026, 11, 2, 9)):
    return await library.ill.request(who, work, when, patron(who))


async def event(library, reference, name, when, actor=STAFF, **keys):
    return await library.ill.event(reference, name, when, actor, **{**EVENT_KEYS.get(name, {}), **keys})


async def drive(library, state: str, who="p1", work=BOOK, **keys) -> str:
    """A new request brought to `state` along the contract's path, one event an hour from 2 Nov 2026 09:00."""
    created = await request(library, who, work)
    assert created.ok, created
    for n, name in enumerate(PATHS[state], start=1):
        result = await event(library, created.request, name, at(2026, 11, 2, 9) + dt.timedelta(hours=n),
                             **keys.get(name, {}))
        assert result.ok, (name, result)
    return created.request


async def state_of(library, reference: str) -> str:
    return (await library.ill.view(reference)).state


def allowed_pairs():
    return [(name, source) for name, (sources, _) in CONTRACT_TABLE.items() for source in sorted(sources)]


# --- the transition table ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "source"), allowed_pairs(), ids=lambda v: v)
async def test_every_allowed_transition_leads_to_the_state_the_table_names(lib, name, source):
    reference = await drive(lib, source)
    result = await event(lib, reference, name, at(2026, 11, 20))
    assert result.ok and result.error is None
    assert result.state == CONTRACT_TABLE[name][1] == await state_of(lib, reference)


@pytest.mark.parametrize("state", STATES)
async def test_every_event_not_allowed_in_a_state_is_an_invalid_transition_that_keeps_the_state(lib, state):
    reference = await drive(lib, state)
    events_before = await count_rows(lib, IllEvent)
    for name, (sources, _) in CONTRACT_TABLE.items():
        if state in sources:
            continue
        result = await event(lib, reference, name, at(2026, 11, 20))
        assert (result.ok, result.error, result.state) == (False, Refusal.INVALID_TRANSITION, state), name
    assert await state_of(lib, reference) == state
    assert await count_rows(lib, IllEvent) == events_before


async def test_an_unknown_event_is_an_invalid_transition(lib):
    reference = await drive(lib, "requested")
    assert (await event(lib, reference, "teleport", at(2026, 11, 3))).error == Refusal.INVALID_TRANSITION


async def test_an_event_on_an_unknown_request_is_refused(lib):
    assert (await event(lib, "ILL-99", "locate", at(2026, 11, 3))).error == Refusal.UNKNOWN_REQUEST


# --- placing a request ---------------------------------------------------------------------------------------------
async def test_a_request_starts_as_requested_with_the_first_reference(lib):
    result = await request(lib)
    assert (result.ok, result.request, result.state) == (True, "ILL-1", "requested")


async def test_ill_requests_refused_for_a_category_without_ill(lib):
    assert (await request(lib, "v1")).error == Refusal.ILL_NOT_ALLOWED


async def test_ill_not_allowed_comes_before_ill_debts(lib):
    await add_charge(lib, "v1", "1.00", at(2026, 11, 1))
    assert (await request(lib, "v1")).error == Refusal.ILL_NOT_ALLOWED


async def test_ill_request_refused_with_any_balance_above_the_ill_maximum(lib):
    await add_charge(lib, "p1", "0.01", at(2026, 11, 1))
    assert (await request(lib)).error == Refusal.ILL_DEBTS


async def test_ill_debts_comes_before_ill_limit(lib):
    await request(lib)
    await request(lib)
    await add_charge(lib, "p1", "0.01", at(2026, 11, 1))
    assert (await request(lib)).error == Refusal.ILL_DEBTS


async def test_ill_request_refused_above_the_open_requests_limit(lib):
    assert (await request(lib)).ok and (await request(lib)).ok
    assert (await request(lib)).error == Refusal.ILL_LIMIT


@pytest.mark.parametrize("final", ["cancelled", "rejected", "closed"])
async def test_closed_rejected_and_cancelled_requests_do_not_count_towards_the_limit(lib, final):
    await drive(lib, final)
    await request(lib)
    assert (await request(lib)).ok


async def test_a_returned_request_still_counts_as_open(lib):
    await drive(lib, "returned")
    await request(lib)
    assert (await request(lib)).error == Refusal.ILL_LIMIT


async def test_ill_limit_comes_before_copy_only(lib):
    await request(lib)
    await request(lib)
    volume = WorkRequest(type="book", title="Encyclopedia of Public International Law", material="reference")
    assert (await request(lib, work=volume)).error == Refusal.ILL_LIMIT


async def test_only_copies_may_be_ordered_of_a_copy_only_material(lib):
    volume = WorkRequest(type="book", title="Encyclopedia of Public International Law", material="reference")
    assert (await request(lib, work=volume)).error == Refusal.COPY_ONLY


@pytest.mark.parametrize("work_type", ["article", "chapter"])
async def test_an_article_or_chapter_of_a_copy_only_material_may_be_ordered(lib, work_type):
    copy = WorkRequest(type=work_type, title="Treaties", container="Encyclopedia of PIL", material="reference")
    assert (await request(lib, work=copy)).ok


async def test_a_whole_volume_of_a_material_that_is_not_copy_only_may_be_ordered(lib):
    assert (await request(lib, work=WorkRequest(type="book", title="A book", material="book"))).ok


async def test_a_refused_request_writes_nothing(lib):
    await add_charge(lib, "p1", "0.01", at(2026, 11, 1))
    await request(lib)
    await request(lib, "v1")
    assert await count_rows(lib, IllRequest, IllEvent) == {"IllRequest": 0, "IllEvent": 0}


# --- arrival, fees, due dates --------------------------------------------------------------------------------------
async def test_an_item_from_a_foreign_lender_charges_the_foreign_fee_on_arrival(lib):
    reference = await drive(lib, "shipped", locate={"lender": "UB Leipzig", "foreign": True})
    result = await event(lib, reference, "arrive", at(2026, 11, 20))
    assert result.fee == Decimal("5.00")
    assert [(c.kind, c.amount) for c in await rows(lib, Charge)] == [("ill_fee", Decimal("5.00"))]
    assert await lib.accounts.balance("p1", at(2026, 11, 20)) == Decimal("5.00")


async def test_an_item_from_a_domestic_lender_costs_nothing_on_arrival(lib):
    reference = await drive(lib, "shipped")
    assert (await event(lib, reference, "arrive", at(2026, 11, 20))).fee == Decimal("0.00")
    assert await rows(lib, Charge) == []


async def test_the_patrons_due_date_is_the_return_buffer_in_open_days_before_the_lenders(lib):
    # 7 open days before Fri 18 Dec (Sundays closed): 17 16 15 14 12 11 10 -> Thu 10 Dec, 23:59
    reference = await drive(lib, "arrived")
    result = await event(lib, reference, "checkout", at(2026, 11, 20))
    assert result.due == end_of(2026, 12, 10)
    assert (await lib.ill.view(reference)).due == end_of(2026, 12, 10)


async def test_a_granted_lender_renewal_recomputes_the_patrons_due_date(lib):
    # 7 open days before Fri 15 Jan 2027: 14 13 12 11 9 8 7 -> Thu 7 Jan
    reference = await drive(lib, "renewal_requested")
    result = await event(lib, reference, "renewal_granted", at(2026, 12, 1))
    assert result.due == end_of(2027, 1, 7)


async def test_a_refused_lender_renewal_keeps_the_due_date(lib):
    reference = await drive(lib, "renewal_requested")
    result = await event(lib, reference, "renewal_refused", at(2026, 12, 1))
    assert (result.state, result.due) == ("checked_out", end_of(2026, 12, 10))


async def test_a_lender_renewal_may_be_asked_on_the_last_day_of_notice(lib):
    # 3 open days before Fri 18 Dec: 17 16 15 -> Tue 15 Dec is the last day
    reference = await drive(lib, "checked_out")
    assert (await event(lib, reference, "request_renewal", at(2026, 12, 15, 17))).ok


async def test_a_lender_renewal_asked_too_late_is_refused_and_keeps_the_state(lib):
    reference = await drive(lib, "checked_out")
    result = await event(lib, reference, "request_renewal", at(2026, 12, 16, 8))
    assert (result.ok, result.error, result.state) == (False, Refusal.TOO_LATE, "checked_out")
    assert await state_of(lib, reference) == "checked_out"


async def test_returning_after_the_patrons_due_date_is_fined_by_the_ill_rule(lib):
    # (student, ill) falls back to (*, *): 0.10 a day. Due Thu 10 Dec, back Mon 14 Dec: 4 days
    reference = await drive(lib, "checked_out")
    result = await event(lib, reference, "return", at(2026, 12, 14))
    assert (result.days_late, result.fine) == (4, Decimal("0.40"))
    assert [(c.kind, c.amount) for c in await rows(lib, Charge)] == [("fine", Decimal("0.40"))]


async def test_ill_return_fines_skip_closed_days_when_the_policy_says_so(make_library):
    library = await make_library(patrons=PATRONS, rules={"count_closed_days_for_fines": False})
    reference = await drive(library, "checked_out")
    assert (await event(library, reference, "return", at(2026, 12, 14))).fine == Decimal("0.30")  # 13 Dec Sunday


async def test_returning_on_time_costs_nothing(lib):
    reference = await drive(lib, "checked_out")
    result = await event(lib, reference, "return", at(2026, 12, 10, 18))
    assert (result.days_late, result.fine) == (0, Decimal("0.00"))
    assert await rows(lib, Charge) == []


async def test_an_ill_loan_still_out_accrues_into_the_balance(lib):
    await drive(lib, "checked_out")
    assert await lib.accounts.balance("p1", at(2026, 12, 12)) == Decimal("0.20")


async def test_ordering_the_same_title_again_is_flagged_as_a_repeat(lib):
    await drive(lib, "closed")
    again = await request(lib, when=at(2026, 11, 10))
    assert (again.ok, again.repeat_of) == (True, "ILL-1")


async def test_a_first_order_is_not_a_repeat(lib):
    assert (await request(lib)).repeat_of is None


async def test_another_patrons_order_of_the_same_title_is_not_a_repeat(lib):
    await request(lib, "p1")
    assert (await request(lib, "p2")).repeat_of is None


async def test_a_repeat_order_is_charged_the_repeat_fee_at_arrival(lib):
    await drive(lib, "closed")                      # delivered once already
    reference = await drive(lib, "shipped")
    assert reference == "ILL-2" and await rows(lib, Charge) == []
    await event(lib, reference, "arrive", at(2026, 11, 20))
    assert [(c.kind, c.amount) for c in await rows(lib, Charge)] == [("ill_repeat", Decimal("2.50"))]


async def test_a_lost_item_charges_the_policys_lost_item_fee(lib):
    reference = await drive(lib, "checked_out")
    result = await event(lib, reference, "lost", at(2026, 12, 1))
    assert (result.state, result.fee) == ("closed", Decimal("40.00"))
    assert [(c.kind, c.amount) for c in await rows(lib, Charge)] == [("ill_lost", Decimal("40.00"))]


async def test_a_lost_item_charges_the_amount_the_lender_names(lib):
    reference = await drive(lib, "checked_out")
    await event(lib, reference, "lost", at(2026, 12, 1), amount=Decimal("55.00"))
    assert [(c.kind, c.amount) for c in await rows(lib, Charge)] == [("ill_lost", Decimal("55.00"))]


# --- the audit trail -----------------------------------------------------------------------------------------------
async def test_every_transition_is_recorded_with_actor_and_channel(lib):
    created = await request(lib)
    lender = type(STAFF)("lender", "UB Leipzig", "email")
    await event(lib, created.request, "locate", at(2026, 11, 3))
    await event(lib, created.request, "send", at(2026, 11, 3, 11))
    await event(lib, created.request, "reject", at(2026, 11, 4), actor=lender, reason="not lent abroad")
    trail = [(e.event, e.from_state, e.to_state, e.actor_kind, e.actor, e.channel, e.reason)
             for e in await rows(lib, IllEvent)]
    assert trail == [
        ("request", "", "requested", "patron", "p1", "email", None),
        ("locate", "requested", "located", "staff", "desk@example.edu", "cli", None),
        ("send", "located", "sent", "staff", "desk@example.edu", "cli", None),
        ("reject", "sent", "rejected", "lender", "UB Leipzig", "email", "not lent abroad"),
    ]
    assert (await lib.ill.view(created.request)).reason == "not lent abroad"


async def test_refused_events_are_not_recorded(lib):
    reference = await drive(lib, "checked_out")
    before = await count_rows(lib, IllEvent)
    await event(lib, reference, "request_renewal", at(2026, 12, 17))   # too late
    await event(lib, reference, "ship", at(2026, 12, 17))              # invalid
    assert await count_rows(lib, IllEvent) == before


# --- properties ----------------------------------------------------------------------------------------------------
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=st.lists(st.sampled_from(sorted(CONTRACT_TABLE) + ["teleport"]), max_size=14),
       late_renewal=st.booleans())
def test_random_event_sequences_keep_the_state_machine_and_its_audit_trail(migrated_sqlite, events, late_renewal):
    async def run():
        async with fresh_sqlite_library(migrated_sqlite, patrons=PATRONS) as library:
            created = await request(library)
            state, accepted = "requested", 0
            for n, name in enumerate(events):
                when = at(2026, 12, 16 if late_renewal else 1) + dt.timedelta(minutes=n)
                result = await event(library, created.request, name, when)
                now_state = await state_of(library, created.request)
                assert now_state in STATES
                if result.ok:
                    accepted += 1
                    assert state in CONTRACT_TABLE[name][0] and now_state == CONTRACT_TABLE[name][1]
                else:
                    assert now_state == state
                    expected = Refusal.TOO_LATE if name == "request_renewal" and state == "checked_out" \
                        else Refusal.INVALID_TRANSITION
                    assert result.error == expected
                state = now_state
            assert (await count_rows(library, IllEvent))["IllEvent"] == 1 + accepted
    asyncio.run(run())

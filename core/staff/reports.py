"""Reports for staff: the ILL desk's performance and the IFLA voucher ledger (seeds/004)."""
from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select

from core.plumbing.context import Actor, audit
from core.domain.fines import ZERO
from core.library import Library
from core.storage.models import IllEvent, IllRequest, VoucherMovement

FILLED_STATES = ("arrived", "checked_out", "renewal_requested", "returned", "shipped_back", "closed")
PROMISED_DAYS = (14, 30)
WRITE_OFF_WARNING = Decimal("0.70")


@dataclass(frozen=True)
class IllReport:
    by_state: dict[str, int]
    filled: int
    unfilled: int            # rejected or cancelled
    fill_rate: float | None  # filled / (filled + unfilled)
    days_to_arrival: list[int]
    median_days: float | None
    p90_days: float | None
    within_promise: int      # arrivals within 30 days


def percentile(values: list[int], fraction: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = fraction * (len(ordered) - 1)
    low = int(index)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (index - low)


async def ill_report(library: Library) -> IllReport:
    async with library.ctx.transaction() as session:
        by_state = dict((await session.execute(
            select(IllRequest.state, func.count()).group_by(IllRequest.state))).all())
        arrivals = (await session.execute(
            select(IllRequest.created_at, func.min(IllEvent.at)).join(IllEvent, IllEvent.request_id == IllRequest.id)
            .where(IllEvent.event == "arrive").group_by(IllRequest.id, IllRequest.created_at))).all()
    days = [(library.calendar.local_date(arrived) - library.calendar.local_date(created)).days
            for created, arrived in arrivals]
    filled = sum(by_state.get(s, 0) for s in FILLED_STATES)
    unfilled = by_state.get("rejected", 0) + by_state.get("cancelled", 0)
    decided = filled + unfilled
    return IllReport(by_state, filled, unfilled, filled / decided if decided else None, days,
                     statistics.median(days) if days else None, percentile(days, 0.9),
                     sum(1 for d in days if d <= PROMISED_DAYS[1]))


@dataclass(frozen=True)
class VoucherMonth:
    month: str
    held: Decimal                 # at the end of the month
    received: Decimal             # from borrowing libraries, this month
    used: list[VoucherMovement]   # written off this month
    used_total: Decimal
    last_purchase: Decimal | None
    written_off_since_purchase: Decimal
    time_to_buy: bool             # write-offs reached 70 % of the vouchers last bought


def month_bounds(month: str, library: Library) -> tuple[dt.datetime, dt.datetime]:
    start_day = dt.date.fromisoformat(f"{month}-01")
    next_day = (start_day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    zone = library.calendar.zone
    return (dt.datetime.combine(start_day, dt.time(), zone), dt.datetime.combine(next_day, dt.time(), zone))


async def voucher_month(library: Library, month: str) -> VoucherMonth:
    start, end = month_bounds(month, library)
    async with library.ctx.transaction() as session:
        movements = list((await session.execute(select(VoucherMovement).where(VoucherMovement.at < end)
                                                .order_by(VoucherMovement.at, VoucherMovement.id))).scalars())
    held = sum((m.quantity if m.kind in ("bought", "received") else -m.quantity for m in movements), ZERO)
    in_month = [m for m in movements if m.at >= start]
    used = [m for m in in_month if m.kind == "used"]
    purchases = [m for m in movements if m.kind == "bought"]
    last = purchases[-1] if purchases else None
    since = sum((m.quantity for m in movements if m.kind == "used" and last is not None and
                 (m.at, m.id) > (last.at, last.id)), ZERO)
    return VoucherMonth(month, held, sum((m.quantity for m in in_month if m.kind == "received"), ZERO), used,
                        sum((m.quantity for m in used), ZERO), last.quantity if last else None, since,
                        last is not None and since >= last.quantity * WRITE_OFF_WARNING)


async def record_vouchers(library: Library, kind: str, quantity: Decimal, now: dt.datetime, actor: Actor,
                          reference: str = "", note: str = "") -> None:
    """Staff record vouchers bought, or used to pay a lender (written off)."""
    if kind not in ("bought", "used", "received") or quantity <= 0 or quantity % Decimal("0.5"):
        raise ValueError("vouchers come in halves: a positive multiple of 0.5")
    async with library.ctx.transaction() as session:
        session.add(VoucherMovement(at=now, kind=kind, quantity=quantity, reference=reference, note=note))
        audit(session, actor, now, f"vouchers_{kind}", reference or "vouchers", quantity=quantity)

"""A patron's account: charges (fines, fees), payments, and the balance every fine threshold compares."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.codes import Refusal
from core.context import Actor, Context, audit
from core.fines import ZERO, overdue_fine
from core.storage.models import Charge, IllRequest, Item, Loan, Patron, Payment
from core.storage.types import Money

ILL_LOAN_TYPE = "ill"  # ILL loans are fined by the rule for (patron's category, item type "ill")


@dataclass(frozen=True)
class AccountLine:
    kind: str            # a charge kind, or "accruing" for a fine still growing on a loan that is out
    description: str     # item barcode / ILL reference and title
    amount: Decimal      # what is still owed on this line
    since: dt.datetime


@dataclass(frozen=True)
class Account:
    balance: Decimal
    lines: list[AccountLine]


@dataclass(frozen=True)
class PayResult:
    ok: bool
    error: Refusal | None = None
    balance: Decimal | None = None


async def unpaid_charges(session: AsyncSession, patron_id: int) -> Decimal:
    # Summed in SQL over the stored hundredths, then read back through the Money type: exact on every database.
    total = await session.scalar(select(func.coalesce(func.sum(Charge.amount - Charge.paid), 0, type_=Money()))
                                 .where(Charge.patron_id == patron_id))
    return (total or ZERO).quantize(ZERO)


async def accruing_lines(session: AsyncSession, ctx: Context, patron_id: int,
                         now: dt.datetime) -> list[AccountLine]:
    """Fines accrued so far on loans still out (ordinary and ILL), as if returned at `now`."""
    patron = await session.get(Patron, patron_id)
    count_closed = ctx.policy.rules.count_closed_days_for_fines
    lines = []
    overdue_loans = (await session.execute(
        select(Loan.due_at, Item.item_type, Item.barcode, Item.title).join(Item, Loan.item_id == Item.id)
        .where(Loan.patron_id == patron_id, Loan.returned_at.is_(None), Loan.due_at < now))).all()
    for due_at, item_type, barcode, title in overdue_loans:
        rule = ctx.policy.rule_for(patron.category, item_type)
        if rule is not None:
            fine = overdue_fine(ctx.calendar, rule, due_at, now, count_closed)[1]
            if fine > 0:
                lines.append(AccountLine("accruing", f"{barcode} {title}".strip(), fine, due_at))
    ill_loans = (await session.execute(
        select(IllRequest.id, IllRequest.due_at, IllRequest.title)
        .where(IllRequest.patron_id == patron_id, IllRequest.state.in_(("checked_out", "renewal_requested")),
               IllRequest.due_at < now))).all()
    rule = ctx.policy.rule_for(patron.category, ILL_LOAN_TYPE)
    for request_id, due_at, title in ill_loans:
        if rule is not None:
            fine = overdue_fine(ctx.calendar, rule, due_at, now, count_closed)[1]
            if fine > 0:
                lines.append(AccountLine("accruing", f"ILL-{request_id} {title}", fine, due_at))
    return lines


async def balance_of(session: AsyncSession, ctx: Context, patron_id: int, now: dt.datetime) -> Decimal:
    accruing = sum((line.amount for line in await accruing_lines(session, ctx, patron_id, now)), ZERO)
    return (await unpaid_charges(session, patron_id) + accruing).quantize(ZERO)


def parse_amount(amount: object) -> Decimal | None:
    """A positive amount with at most two decimals, or None."""
    if isinstance(amount, bool) or amount is None:
        return None
    if isinstance(amount, float):
        amount = repr(amount)
    try:
        value = Decimal(str(amount).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    if not value.is_finite() or value <= 0 or value != value.quantize(ZERO):
        return None
    return value.quantize(ZERO)


class Accounts:
    def __init__(self, context: Context):
        self.ctx = context

    async def balance(self, patron_code: str, now: dt.datetime) -> Decimal | None:
        now = self.ctx.aware(now)
        async with self.ctx.transaction() as session:
            patron_id = await _patron_id(session, patron_code)
            return None if patron_id is None else await balance_of(session, self.ctx, patron_id, now)

    async def account(self, patron_code: str, now: dt.datetime) -> Account | None:
        """The balance and the lines behind it, for "how much do I owe?"."""
        now = self.ctx.aware(now)
        async with self.ctx.transaction() as session:
            patron_id = await _patron_id(session, patron_code)
            if patron_id is None:
                return None
            charges = (await session.execute(
                select(Charge).where(Charge.patron_id == patron_id, Charge.amount > Charge.paid)
                .order_by(Charge.created_at, Charge.id))).scalars()
            lines = [AccountLine(c.kind, c.note, c.amount - c.paid, c.created_at) for c in charges]
            lines += await accruing_lines(session, self.ctx, patron_id, now)
            return Account(sum((line.amount for line in lines), ZERO).quantize(ZERO), lines)

    async def pay(self, patron_code: str, amount: object, now: dt.datetime, actor: Actor) -> PayResult:
        """Settle unpaid charges, oldest first; a refused payment writes nothing."""
        now = self.ctx.aware(now)
        async with self.ctx.transaction() as session:
            patron = (await session.execute(select(Patron).where(Patron.code == patron_code)
                                            .with_for_update())).scalar_one_or_none()
            if patron is None:
                return PayResult(False, Refusal.UNKNOWN_PATRON)
            value = parse_amount(amount)
            if value is None:
                return PayResult(False, Refusal.INVALID_AMOUNT, await balance_of(session, self.ctx, patron.id, now))
            if value > await unpaid_charges(session, patron.id):
                return PayResult(False, Refusal.OVERPAYMENT, await balance_of(session, self.ctx, patron.id, now))
            remaining = value
            charges = (await session.execute(
                select(Charge).where(Charge.patron_id == patron.id, Charge.amount > Charge.paid)
                .order_by(Charge.created_at, Charge.id).with_for_update())).scalars()
            for charge in charges:
                if remaining <= 0:
                    break
                part = min(remaining, charge.amount - charge.paid)
                charge.paid += part
                remaining -= part
            session.add(Payment(patron_id=patron.id, amount=value, paid_at=now, channel=actor.channel))
            audit(session, actor, now, "pay", f"patron:{patron.code}", amount=value)
            await session.flush()
            return PayResult(True, None, await balance_of(session, self.ctx, patron.id, now))

    async def charge(self, session: AsyncSession, patron_id: int, kind: str, amount: Decimal, now: dt.datetime,
                     note: str, ill_request_id: int | None = None) -> None:
        if amount > 0:
            session.add(Charge(patron_id=patron_id, kind=kind, amount=amount, paid=ZERO, created_at=now,
                               note=note, ill_request_id=ill_request_id))


async def _patron_id(session: AsyncSession, code: str) -> int | None:
    return await session.scalar(select(Patron.id).where(Patron.code == code))

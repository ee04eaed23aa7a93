"""A patron's account: charges (fines, fees), payments, and the balance every fine threshold compares."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import bindparam, func, literal_column, null, select, type_coerce, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from core.domain.charge_notes import read_note
from core.domain.codes import Refusal
from core.plumbing.context import Actor, Context, audit
from core.domain.fines import ZERO, overdue_fine
from core.storage.models import Charge, IllRequest, Item, Loan, Patron, Payment, request_label
from core.storage.types import Money, UTCDateTime

ILL_LOAN_TYPE = "ill"  # ILL loans are fined by the rule for (patron's category, item type "ill")


@dataclass(frozen=True)
class AccountLine:
    kind: str            # a charge kind, or "accruing" for a fine still growing on a loan that is out
    description: str     # «Title» (barcode), or the ILL request's label
    amount: Decimal      # what is still owed on this line
    since: dt.datetime
    at_cap: bool = False  # an accruing fine that has reached its rule's cap: it will not grow any more
    days_late: int | None = None   # a fine: the days late it was charged for
    renewed: bool = False          # … charged when the overdue loan was renewed


@dataclass(frozen=True)
class Account:
    balance: Decimal
    lines: list[AccountLine]


@dataclass(frozen=True)
class PayResult:
    ok: bool
    error: Refusal | None = None
    balance: Decimal | None = None
    waived: Decimal | None = None     # a waiver: how much of the charge was let go


@dataclass(frozen=True)
class OwedCharge:
    """An unpaid charge as the desk sees it (`loanbot desk charges`), numbered for a waiver."""
    number: int
    kind: str
    description: str
    amount: Decimal      # as charged
    owed: Decimal        # still to settle
    at: dt.datetime
    days_late: int | None = None
    renewed: bool = False


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
                lines.append(AccountLine("accruing", item_words(title, barcode), fine, due_at, _capped(rule, fine)))
    ill_loans = (await session.execute(
        select(IllRequest.id, IllRequest.due_at, IllRequest.title, IllRequest.isbn, IllRequest.issn,
               IllRequest.doi)
        .where(IllRequest.patron_id == patron_id, IllRequest.state.in_(("checked_out", "renewal_requested")),
               IllRequest.due_at < now))).all()
    rule = ctx.policy.rule_for(patron.category, ILL_LOAN_TYPE)
    for request_id, due_at, title, *identifiers in ill_loans:
        if rule is not None:
            fine = overdue_fine(ctx.calendar, rule, due_at, now, count_closed)[1]
            if fine > 0:
                label = request_label(f"ILL-{request_id}", title, *identifiers)
                lines.append(AccountLine("accruing", label, fine, due_at, _capped(rule, fine)))
    return lines


def item_words(title: str | None, barcode: str) -> str:
    return f"«{title}» ({barcode})" if title else barcode


async def _unpaid(session: AsyncSession, patron_id: int) -> list[tuple[Charge, AccountLine]]:
    """The patron's unpaid charges, oldest first, each with its line; the items of loan charges are read only
    when there are some (most accounts owe nothing: one statement)."""
    charges = list((await session.execute(
        select(Charge).where(Charge.patron_id == patron_id, Charge.amount > Charge.paid)
        .order_by(Charge.created_at, Charge.id))).scalars())
    loan_ids = {c.loan_id for c in charges if c.loan_id is not None}
    items = dict(((loan_id, (title, barcode)) for loan_id, title, barcode in (await session.execute(
        select(Loan.id, Item.title, Item.barcode).join(Item, Item.id == Loan.item_id)
        .where(Loan.id.in_(loan_ids)))).all())) if loan_ids else {}
    return [(c, charge_line(c, *items.get(c.loan_id, (None, None)))) for c in charges]


async def unpaid_lines(session: AsyncSession, patron_id: int) -> list[AccountLine]:
    return [line for _, line in await _unpaid(session, patron_id)]


def charge_line(charge: Charge, title: str | None = None, barcode: str | None = None) -> AccountLine:
    """An unpaid charge as the patron reads it: what it is for (the loaned item's title, or the ILL request) and
    the days late of a fine, from the note loanbot wrote (`core.domain.charge_notes`)."""
    note = read_note(charge.note)
    what = item_words(title, barcode) if barcode else note.what
    return AccountLine(charge.kind, what, charge.amount - charge.paid, charge.created_at,
                       days_late=note.days_late, renewed=note.renewed)


def _capped(rule, fine: Decimal) -> bool:
    return rule.fine_cap > 0 and fine >= rule.fine_cap


def _balance_facts(patron):
    """One statement for a balance: a first row (kind 0) with the patron's category and unpaid charges, then one
    row per loan still out and overdue (kind 1: item type and due moment) and per ILL loan overdue (kind 2: item
    type "ill", whose rule fines it) at the moment `now`. `patron` selects the patron by `id` or by `code`. Built
    once with bind parameters (building and hashing it per call cost as much as running it)."""
    unpaid = (select(func.coalesce(func.sum(Charge.amount - Charge.paid), 0, type_=Money()))
              .where(Charge.patron_id == Patron.id).scalar_subquery())
    head = select(literal_column("0").label("kind"), Patron.category.label("code"),
                  type_coerce(null(), UTCDateTime()).label("due_at"), unpaid.label("unpaid")).where(patron)
    loans = (select(literal_column("1"), Item.item_type, Loan.due_at, null())
             .select_from(Loan).join(Item, Loan.item_id == Item.id).join(Patron, Patron.id == Loan.patron_id)
             .where(patron, Loan.returned_at.is_(None), Loan.due_at < bindparam("now")))
    ill = (select(literal_column("2"), literal_column(f"'{ILL_LOAN_TYPE}'"), IllRequest.due_at, null())
           .select_from(IllRequest).join(Patron, Patron.id == IllRequest.patron_id)
           .where(patron, IllRequest.state.in_(("checked_out", "renewal_requested")),
                  IllRequest.due_at < bindparam("now")))
    return union_all(head, loans, ill)


BALANCE_BY_ID = _balance_facts(Patron.id == bindparam("patron"))
BALANCE_BY_CODE = _balance_facts(Patron.code == bindparam("patron"))


async def _balance(session: AsyncSession, ctx: Context, statement, patron: int | str,
                   now: dt.datetime) -> Decimal | None:
    """Unpaid charges + fines accruing on loans still out, as `accruing_lines` values them; None without a patron."""
    category, unpaid, accruing = None, None, ZERO
    count_closed = ctx.policy.rules.count_closed_days_for_fines
    overdue = []
    for kind, code, due_at, amount in (await session.execute(statement, {"patron": patron, "now": now})).all():
        if kind == 0:
            category, unpaid = code, (amount or ZERO).quantize(ZERO)
        else:
            overdue.append((code, due_at))
    if unpaid is None:
        return None
    for item_type, due_at in overdue:
        rule = ctx.policy.rule_for(category, item_type)
        if rule is not None:
            fine = overdue_fine(ctx.calendar, rule, due_at, now, count_closed)[1]
            if fine > 0:
                accruing += fine
    return (unpaid + accruing).quantize(ZERO)


async def balance_of(session: AsyncSession, ctx: Context, patron_id: int, now: dt.datetime) -> Decimal:
    return await _balance(session, ctx, BALANCE_BY_ID, patron_id, now)


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
            return await _balance(session, self.ctx, BALANCE_BY_CODE, patron_code, now)

    async def account(self, patron_code: str, now: dt.datetime) -> Account | None:
        """The balance and the lines behind it, for "how much do I owe?"."""
        now = self.ctx.aware(now)
        async with self.ctx.transaction() as session:
            patron_id = await _patron_id(session, patron_code)
            if patron_id is None:
                return None
            lines = await unpaid_lines(session, patron_id)
            lines += await accruing_lines(session, self.ctx, patron_id, now)
            return Account(sum((line.amount for line in lines), ZERO).quantize(ZERO), lines)

    async def pay(self, patron_code: str, amount: object, now: dt.datetime, actor: Actor) -> PayResult:
        """Settle unpaid charges, oldest first; a refused payment writes nothing."""
        now = self.ctx.aware(now)
        async with self.ctx.transaction() as session:
            patron = await patron_by_code(session, patron_code, lock=True)
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

    async def owed_charges(self, patron_code: str) -> list[OwedCharge] | None:
        async with self.ctx.transaction() as session:
            patron_id = await _patron_id(session, patron_code)
            if patron_id is None:
                return None
            return [OwedCharge(charge.id, charge.kind, line.description, charge.amount, line.amount,
                               charge.created_at, line.days_late, line.renewed)
                    for charge, line in await _unpaid(session, patron_id)]

    async def waive(self, patron_code: str, number: int, amount: object, reason: str, now: dt.datetime,
                    actor: Actor) -> PayResult:
        """Let go of an unpaid charge (all that is owed on it, or `amount` of it) without a payment: a fine that
        followed from a date recorded wrongly, a fee charged by mistake. The charge is settled by that much (no
        money is recorded as received) and the audit trail keeps who waived what, when and why."""
        now = self.ctx.aware(now)
        async with self.ctx.transaction() as session:
            patron = await patron_by_code(session, patron_code, lock=True)
            if patron is None:
                return PayResult(False, Refusal.UNKNOWN_PATRON)
            charge = (await session.execute(select(Charge).where(
                Charge.id == number, Charge.patron_id == patron.id, Charge.amount > Charge.paid)
                .with_for_update())).scalar_one_or_none()
            if charge is None:
                return PayResult(False, Refusal.UNKNOWN_CHARGE, await balance_of(session, self.ctx, patron.id, now))
            owed = charge.amount - charge.paid
            value = owed if amount is None else parse_amount(amount)
            if value is None:
                return PayResult(False, Refusal.INVALID_AMOUNT, await balance_of(session, self.ctx, patron.id, now))
            if value > owed:
                return PayResult(False, Refusal.OVERPAYMENT, await balance_of(session, self.ctx, patron.id, now))
            charge.paid += value
            audit(session, actor, now, "waive", f"patron:{patron.code}", charge=charge.id, kind=charge.kind,
                  note=charge.note, charged=charge.amount, waived=value, reason=reason)
            await session.flush()
            return PayResult(True, None, await balance_of(session, self.ctx, patron.id, now), waived=value)

    async def charge(self, session: AsyncSession, patron_id: int, kind: str, amount: Decimal, now: dt.datetime,
                     note: str, ill_request_id: int | None = None) -> None:
        if amount > 0:
            session.add(Charge(patron_id=patron_id, kind=kind, amount=amount, paid=ZERO, created_at=now,
                               note=note, ill_request_id=ill_request_id))


async def patron_by_code(session: AsyncSession, code: str, lock: bool = False) -> Patron | None:
    query = select(Patron).where(Patron.code == code)
    if lock:
        query = query.with_for_update()
    return (await session.execute(query)).scalar_one_or_none()


async def _patron_id(session: AsyncSession, code: str) -> int | None:
    return await session.scalar(select(Patron.id).where(Patron.code == code))

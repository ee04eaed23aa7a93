"""Loans, renewals, returns and holds: each use case is one transaction that either changes the state and records
why in the audit log, or refuses with the first applicable code of the contract's order and writes nothing."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.accounts import balance_of
from core.calendar import NoTermForLoan
from core.codes import Refusal
from core.context import Actor, Context, audit
from core.fines import ZERO, overdue_fine
from core.storage.models import Charge, Hold, Item, Loan, Patron


@dataclass(frozen=True)
class CheckoutResult:
    ok: bool
    error: Refusal | None = None
    due: dt.datetime | None = None
    barcode: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class RenewResult:
    ok: bool
    error: Refusal | None = None
    due: dt.datetime | None = None
    renewals_left: int | None = None
    self_renewals_left: int | None = None
    barcode: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class CheckinResult:
    ok: bool
    error: Refusal | None = None
    days_late: int | None = None
    fine: Decimal | None = None
    patron: str | None = None
    hold_for: str | None = None  # the patron whose hold the returned item now fills


@dataclass(frozen=True)
class HoldResult:
    ok: bool
    error: Refusal | None = None


@dataclass(frozen=True)
class LoanView:
    barcode: str
    title: str
    item_type: str
    checked_out_at: dt.datetime
    due: dt.datetime
    renewals_left: int
    self_renewals_left: int
    overdue: bool
    accrued_fine: Decimal


async def patron_by_code(session: AsyncSession, code: str, lock: bool = False) -> Patron | None:
    query = select(Patron).where(Patron.code == code)
    if lock:
        query = query.with_for_update()
    return (await session.execute(query)).scalar_one_or_none()


async def item_by_barcode(session: AsyncSession, barcode: str, lock: bool = False) -> Item | None:
    query = select(Item).where(Item.barcode == barcode)
    if lock:
        query = query.with_for_update()
    return (await session.execute(query)).scalar_one_or_none()


async def open_loan_of(session: AsyncSession, item_id: int) -> Loan | None:
    query = select(Loan).where(Loan.item_id == item_id, Loan.returned_at.is_(None))
    return (await session.execute(query)).scalar_one_or_none()


async def active_holds(session: AsyncSession, item_id: int) -> list[Hold]:
    query = (select(Hold).where(Hold.item_id == item_id, Hold.status == "active")
             .order_by(Hold.placed_at, Hold.id))
    return list((await session.execute(query)).scalars())


class Circulation:
    def __init__(self, context: Context):
        self.ctx = context
        self.policy = context.policy
        self.calendar = context.calendar

    # --- helpers ----------------------------------------------------------------------------------------------
    def _rule(self, patron: Patron, item: Item):
        rule = self.policy.rule_for(patron.category, item.item_type)
        if rule is None:  # a policy without a (*,*) rule may leave a pair uncovered: nothing may be lent then
            return None
        return rule

    def _loan_counts(self, loans_left: int, made: int, self_allowed: int, self_made: int) -> tuple[int, int]:
        renewals_left = max(loans_left - made, 0)
        return renewals_left, max(min(self_allowed - self_made, renewals_left), 0)

    def renewals_left(self, patron: Patron, item: Item, loan: Loan) -> tuple[int, int]:
        rule = self._rule(patron, item)
        if rule is None:
            return 0, 0
        return self._loan_counts(rule.renewals, loan.renewals, rule.self_renewals, loan.self_renewals)

    def _set_due(self, loan: Loan, due: dt.datetime) -> None:
        loan.due_at = due
        loan.due_date = self.calendar.local_date(due)

    # --- checkout ---------------------------------------------------------------------------------------------
    async def checkout(self, patron_code: str, barcode: str, now: dt.datetime, actor: Actor,
                       override: bool = False) -> CheckoutResult:
        now = self.ctx.aware(now)
        try:
            async with self.ctx.transaction() as session:
                result = await self._checkout(session, patron_code, barcode, now, actor, override)
                if not result.ok:
                    await self.ctx.discard(session)
                return result
        except IntegrityError:
            # Another checkout of the same item committed between our check and our insert.
            return CheckoutResult(False, Refusal.ALREADY_ON_LOAN, barcode=barcode)

    async def _checkout(self, session, patron_code, barcode, now, actor, override) -> CheckoutResult:
        patron = await patron_by_code(session, patron_code, lock=True)
        if patron is None:
            return CheckoutResult(False, Refusal.UNKNOWN_PATRON)
        item = await item_by_barcode(session, barcode, lock=True)
        if item is None:
            return CheckoutResult(False, Refusal.UNKNOWN_ITEM)
        existing = await open_loan_of(session, item.id)
        if existing is not None:
            return CheckoutResult(False, Refusal.ALREADY_ON_LOAN, due=existing.due_at, barcode=barcode,
                                  title=item.title)
        category = self.policy.category(patron.category)
        item_type = self.policy.item_type_of(item.item_type)
        if patron.restricted:
            return CheckoutResult(False, Refusal.RESTRICTED)
        if category is None or not category.home_loans:
            return CheckoutResult(False, Refusal.HOME_LOANS_NOT_ALLOWED)
        rule = self._rule(patron, item)
        staff_may_override = actor.is_staff and override and self.policy.rules.staff_override_not_for_loan
        if (item_type is None or not item_type.loanable or rule is None) and not staff_may_override:
            return CheckoutResult(False, Refusal.NOT_FOR_LOAN)
        if rule is None:
            return CheckoutResult(False, Refusal.NOT_FOR_LOAN)
        if category.fine_block_checkout is not None:
            if await balance_of(session, self.ctx, patron.id, now) > category.fine_block_checkout:
                return CheckoutResult(False, Refusal.FINE_LIMIT)
        open_loans = (await session.execute(
            select(Item.item_type, func.count()).join(Loan, Loan.item_id == Item.id)
            .where(Loan.patron_id == patron.id, Loan.returned_at.is_(None)).group_by(Item.item_type))).all()
        if category.max_loans is not None and sum(n for _, n in open_loans) >= category.max_loans:
            return CheckoutResult(False, Refusal.MAX_LOANS_TOTAL)
        if rule.max_loans is not None and dict(open_loans).get(item.item_type, 0) >= rule.max_loans:
            return CheckoutResult(False, Refusal.MAX_LOANS)
        holds = await active_holds(session, item.id)
        if holds and holds[0].patron_id != patron.id:
            return CheckoutResult(False, Refusal.ON_HOLD_FOR_OTHER)
        try:
            due = self.calendar.due_at_checkout(rule, now)
        except NoTermForLoan:
            return CheckoutResult(False, Refusal.NO_TERM)
        for hold in holds:
            if hold.patron_id == patron.id:
                hold.status, hold.ended_at = "fulfilled", now
        loan = Loan(patron_id=patron.id, item_id=item.id, checked_out_at=now,
                    checkout_date=self.calendar.local_date(now), renewals=0, self_renewals=0)
        self._set_due(loan, due)
        session.add(loan)
        await session.flush()
        audit(session, actor, now, "checkout", f"loan:{loan.id}", patron=patron.code, item=barcode,
              due=due, override=override)
        return CheckoutResult(True, due=due, barcode=barcode, title=item.title)

    # --- renew ------------------------------------------------------------------------------------------------
    async def renew(self, patron_code: str, barcode: str, now: dt.datetime, actor: Actor,
                    override: bool = False) -> RenewResult:
        now = self.ctx.aware(now)
        async with self.ctx.transaction() as session:
            result = await self._renew(session, patron_code, barcode, now, actor, override)
            if not result.ok:
                await self.ctx.discard(session)
            return result

    async def _renew(self, session, patron_code, barcode, now, actor, override) -> RenewResult:
        patron = await patron_by_code(session, patron_code)
        item = await item_by_barcode(session, barcode, lock=True)
        loan = await open_loan_of(session, item.id) if item is not None else None
        if patron is None or item is None or loan is None or loan.patron_id != patron.id:
            return RenewResult(False, Refusal.NOT_ON_LOAN)
        return await self._renew_loan(session, patron, item, loan, now, actor, override)

    async def _renew_loan(self, session, patron: Patron, item: Item, loan: Loan, now: dt.datetime,
                          actor: Actor, override: bool) -> RenewResult:
        rule = self._rule(patron, item)
        item_type = self.policy.item_type_of(item.item_type)
        via_staff = actor.is_staff
        left, self_left = self.renewals_left(patron, item, loan)

        def refused(code: Refusal) -> RenewResult:
            return RenewResult(False, code, loan.due_at, left, self_left, item.barcode, item.title)

        if rule is None or item_type is None or not item_type.renewable:
            return refused(Refusal.NOT_RENEWABLE)
        if not via_staff and not item_type.self_renewable:
            return refused(Refusal.NOT_SELF_RENEWABLE)
        if patron.restricted:
            return refused(Refusal.RESTRICTED)
        staff_unlimited = via_staff and override and self.policy.rules.staff_override_renewal_limit
        if loan.renewals >= rule.renewals and not staff_unlimited:
            return refused(Refusal.TOO_MANY_RENEWALS)
        if not via_staff and loan.self_renewals >= rule.self_renewals:
            return refused(Refusal.TOO_MANY_SELF_RENEWALS)
        if self.policy.rules.holds_block_renewal:
            holds = await active_holds(session, item.id)
            if any(h.patron_id != patron.id for h in holds):
                return refused(Refusal.ON_HOLD)
        category = self.policy.category(patron.category)
        if not via_staff and category is not None and category.fine_block_renewal is not None:
            if await balance_of(session, self.ctx, patron.id, now) > category.fine_block_renewal:
                return refused(Refusal.FINE_LIMIT)
        base = loan.due_at if self.policy.rules.renew_from == "due_date" else now
        try:
            new_due = self.calendar.due_at_renewal(rule, base)
        except NoTermForLoan:
            return refused(Refusal.NO_TERM)
        cutoff = self.policy.rules.cutoff_on_or_after(self.calendar.local_date(now))
        if cutoff is not None and self.calendar.local_date(new_due) > cutoff:
            return refused(Refusal.RENEWAL_CUTOFF)
        if self.policy.rules.overdue_blocks_renewal and now > loan.due_at:
            return refused(Refusal.OVERDUE)
        old_due = loan.due_at
        loan.renewals += 1
        if not via_staff:
            loan.self_renewals += 1
        self._set_due(loan, new_due)
        audit(session, actor, now, "renew", f"loan:{loan.id}", item=item.barcode,
              old_due=old_due, due=new_due, override=override)
        left, self_left = self.renewals_left(patron, item, loan)
        return RenewResult(True, None, new_due, left, self_left, item.barcode, item.title)

    async def renew_all(self, patron_code: str, now: dt.datetime, actor: Actor) -> list[RenewResult]:
        """Renew every loan of a patron, each on its own (one refusal does not stop the others)."""
        now = self.ctx.aware(now)
        async with self.ctx.transaction() as session:
            patron = await patron_by_code(session, patron_code)
            if patron is None:
                return [RenewResult(False, Refusal.UNKNOWN_PATRON)]
            barcodes = list((await session.execute(
                select(Item.barcode).join(Loan, Loan.item_id == Item.id)
                .where(Loan.patron_id == patron.id, Loan.returned_at.is_(None))
                .order_by(Loan.due_at, Item.barcode))).scalars())
        return [await self.renew(patron_code, barcode, now, actor) for barcode in barcodes]

    # --- checkin ----------------------------------------------------------------------------------------------
    async def checkin(self, barcode: str, now: dt.datetime, actor: Actor) -> CheckinResult:
        now = self.ctx.aware(now)
        async with self.ctx.transaction() as session:
            item = await item_by_barcode(session, barcode, lock=True)
            if item is None:
                return CheckinResult(False, Refusal.UNKNOWN_ITEM)
            loan = await open_loan_of(session, item.id)
            if loan is None:
                return CheckinResult(False, Refusal.NOT_ON_LOAN)
            patron = await session.get(Patron, loan.patron_id)
            rule = self._rule(patron, item)
            late, fine = (0, ZERO) if rule is None else overdue_fine(
                self.calendar, rule, loan.due_at, now, self.policy.rules.count_closed_days_for_fines)
            loan.returned_at = now
            if fine > 0:
                session.add(Charge(patron_id=patron.id, kind="fine", amount=fine, paid=ZERO, created_at=now,
                                   loan_id=loan.id, note=f"{item.barcode}: {late} days late"))
            holds = await active_holds(session, item.id)
            audit(session, actor, now, "checkin", f"loan:{loan.id}", item=barcode, days_late=late, fine=fine)
            hold_for = None
            if holds:
                hold_for = (await session.get(Patron, holds[0].patron_id)).code
            return CheckinResult(True, None, late, fine, patron.code, hold_for)

    # --- holds ------------------------------------------------------------------------------------------------
    async def place_hold(self, patron_code: str, barcode: str, now: dt.datetime, actor: Actor) -> HoldResult:
        now = self.ctx.aware(now)
        async with self.ctx.transaction() as session:
            patron = await patron_by_code(session, patron_code, lock=True)
            if patron is None:
                return HoldResult(False, Refusal.UNKNOWN_PATRON)
            item = await item_by_barcode(session, barcode)
            if item is None:
                return HoldResult(False, Refusal.UNKNOWN_ITEM)
            if patron.restricted:
                return HoldResult(False, Refusal.RESTRICTED)
            category = self.policy.category(patron.category)
            if category is not None and category.fine_block_hold is not None:
                if await balance_of(session, self.ctx, patron.id, now) > category.fine_block_hold:
                    return HoldResult(False, Refusal.FINE_LIMIT)
            holds = await active_holds(session, item.id)
            loan = await open_loan_of(session, item.id)
            if any(h.patron_id == patron.id for h in holds) or (loan is not None and loan.patron_id == patron.id):
                return HoldResult(False, Refusal.ALREADY_HELD)
            held = await session.scalar(select(func.count()).select_from(Hold).where(
                Hold.patron_id == patron.id, Hold.status == "active"))
            if category is None or (category.max_holds is not None and held >= category.max_holds):
                return HoldResult(False, Refusal.MAX_HOLDS)
            hold = Hold(patron_id=patron.id, item_id=item.id, placed_at=now, status="active")
            session.add(hold)
            await session.flush()
            audit(session, actor, now, "hold", f"hold:{hold.id}", patron=patron.code, item=barcode)
            return HoldResult(True)

    async def cancel_hold(self, patron_code: str, barcode: str, now: dt.datetime, actor: Actor) -> HoldResult:
        now = self.ctx.aware(now)
        async with self.ctx.transaction() as session:
            patron = await patron_by_code(session, patron_code)
            if patron is None:
                return HoldResult(False, Refusal.UNKNOWN_PATRON)
            item = await item_by_barcode(session, barcode)
            if item is None:
                return HoldResult(False, Refusal.UNKNOWN_ITEM)
            hold = next((h for h in await active_holds(session, item.id) if h.patron_id == patron.id), None)
            if hold is None:
                return HoldResult(False, Refusal.NO_HOLD)
            hold.status, hold.ended_at = "cancelled", now
            audit(session, actor, now, "cancel_hold", f"hold:{hold.id}", patron=patron.code, item=barcode)
            return HoldResult(True)

    # --- patrons ----------------------------------------------------------------------------------------------
    async def set_restricted(self, patron_code: str, restricted: bool, now: dt.datetime, actor: Actor) -> bool:
        now = self.ctx.aware(now)
        async with self.ctx.transaction() as session:
            patron = await patron_by_code(session, patron_code, lock=True)
            if patron is None:
                return False
            patron.restricted = restricted
            audit(session, actor, now, "restrict" if restricted else "unrestrict", f"patron:{patron.code}")
            return True

    async def loans_of(self, patron_code: str, now: dt.datetime) -> list[LoanView] | None:
        now = self.ctx.aware(now)
        async with self.ctx.transaction() as session:
            patron = await patron_by_code(session, patron_code)
            if patron is None:
                return None
            rows = (await session.execute(
                select(Loan, Item).join(Item, Loan.item_id == Item.id)
                .where(Loan.patron_id == patron.id, Loan.returned_at.is_(None))
                .order_by(Loan.due_at, Item.barcode))).all()
            views = []
            for loan, item in rows:
                left, self_left = self.renewals_left(patron, item, loan)
                rule = self._rule(patron, item)
                fine = ZERO if rule is None else overdue_fine(
                    self.calendar, rule, loan.due_at, now, self.policy.rules.count_closed_days_for_fines)[1]
                views.append(LoanView(item.barcode, item.title, item.item_type, loan.checked_out_at, loan.due_at,
                                      left, self_left, now > loan.due_at, fine))
            return views


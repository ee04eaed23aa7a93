"""Loans, renewals, returns and holds: each use case is one transaction that either changes the state and records
why in the audit log, or refuses with the first applicable code of the contract's order and writes nothing."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import and_, bindparam, exists, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy.orm.attributes import set_committed_value

from core.domain.accounts import balance_of, patron_by_code
from core.domain.calendar import NoTermForLoan
from core.domain.charge_notes import late_note
from core.domain.codes import Refusal
from core.domain.holdshelf import HoldShelf
from core.plumbing.context import Actor, Context, audit, record
from core.domain.fines import ZERO, overdue_fine
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
    fine: Decimal = ZERO   # the overdue fine charged by this renewal (a refused renewal charges nothing)


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
    place: int | None = None   # a placed hold: its place in the item's queue (1: next to get it)


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


# --- the hot use cases read everything they decide on in one statement --------------------------------------------
# Checkout, renewal and checkin used to make 8-12 statements (patron, item, open loan, holds, counts, the balance's
# parts, session.get, flushes); on SQLite each one is a trip to aiosqlite's thread plus the ORM around it, which
# was most of their cost. Each now reads its facts as one row of columns (no ORM entities), and the refusal order
# below is the contract's, exactly as before. On PostgreSQL the rows are locked first, as before (`_lock`).
# The statements are built once, with bind parameters: building and hashing them per call cost as much as running.

_OtherItem = aliased(Item)
_HoldPatron = aliased(Patron)


def _checkout_facts():
    """patron, item (NULL when unknown), the item's open loan, the patron's open loans (all, and of the item's
    type), and who holds the item first; no row when the patron is unknown."""
    open_due = (select(Loan.due_at).where(Loan.item_id == Item.id, Loan.returned_at.is_(None))
                .scalar_subquery())
    open_total = (select(func.count()).select_from(Loan)
                  .where(Loan.patron_id == Patron.id, Loan.returned_at.is_(None)).scalar_subquery())
    open_same_type = (select(func.count()).select_from(Loan).join(_OtherItem, _OtherItem.id == Loan.item_id)
                      .where(Loan.patron_id == Patron.id, Loan.returned_at.is_(None),
                             _OtherItem.item_type == Item.item_type).scalar_subquery())
    first_hold = (select(Hold.patron_id).where(Hold.item_id == Item.id, Hold.status == "active")
                  .order_by(Hold.placed_at, Hold.id).limit(1).scalar_subquery())
    return (select(Patron.id, Patron.code, Patron.category, Patron.restricted, Item.id, Item.item_type, Item.title,
                   open_due, open_total, open_same_type, first_hold)
            .select_from(Patron).outerjoin(Item, Item.barcode == bindparam("barcode"))
            .where(Patron.code == bindparam("patron_code")))


def _renew_facts():
    """The open loan of the item, if it is this patron's, with its patron, item, and whether another patron holds
    the item; no row otherwise."""
    held_by_other = exists().where(Hold.item_id == Item.id, Hold.status == "active", Hold.patron_id != Patron.id)
    return (select(Patron.id, Patron.category, Patron.restricted, Item.item_type, Item.barcode, Item.title,
                   Loan.id, Loan.due_at, Loan.renewals, Loan.self_renewals, held_by_other)
            .select_from(Item).join(Loan, and_(Loan.item_id == Item.id, Loan.returned_at.is_(None)))
            .join(Patron, Patron.id == Loan.patron_id)
            .where(Item.barcode == bindparam("barcode"), Patron.code == bindparam("patron_code")))


def _checkin_facts():
    """The item, its open loan and borrower (NULL when not on loan), and the code of the patron whose hold comes
    first; no row when the item is unknown."""
    hold_for = (select(_HoldPatron.code).join(Hold, Hold.patron_id == _HoldPatron.id)
                .where(Hold.item_id == Item.id, Hold.status == "active")
                .order_by(Hold.placed_at, Hold.id).limit(1).scalar_subquery())
    return (select(Item.id, Item.barcode, Item.item_type, Loan.id, Loan.due_at, Patron.id, Patron.code,
                   Patron.category, hold_for)
            .select_from(Item).outerjoin(Loan, and_(Loan.item_id == Item.id, Loan.returned_at.is_(None)))
            .outerjoin(Patron, Patron.id == Loan.patron_id)
            .where(Item.barcode == bindparam("barcode")))


CHECKOUT_FACTS, RENEW_FACTS, CHECKIN_FACTS = _checkout_facts(), _renew_facts(), _checkin_facts()
# New rows are plain Core INSERTs on the session's connection (no ORM object; the identity map is not involved).
NEW_LOAN = insert(Loan).returning(Loan.id)
NEW_CHARGE = insert(Charge)
UPDATE_LOAN = {  # by the columns written, each a Core UPDATE of one loan by id
    columns: update(Loan).where(Loan.id == bindparam("loan_id")).values({c: bindparam(c) for c in columns})
    for columns in (("renewals", "self_renewals", "due_at", "due_date"), ("returned_at",))}


async def _update_loan(session: AsyncSession, loan_id: int, **values) -> None:
    """A Core UPDATE of one loan, and the same values set on that loan's object if the session already holds it
    (an ambient unit of work may have listed the loans), as the ORM-enabled update did, without its cost."""
    await (await session.connection()).execute(UPDATE_LOAN[tuple(values)], {"loan_id": loan_id, **values})
    loaded = session.sync_session.identity_map.get(session.sync_session.identity_key(Loan, loan_id))
    if loaded is not None:
        for key, value in values.items():
            set_committed_value(loaded, key, value)


class Circulation:
    def __init__(self, context: Context):
        self.ctx = context
        self.policy = context.policy
        self.calendar = context.calendar
        self.shelf = HoldShelf(context)

    # --- helpers ----------------------------------------------------------------------------------------------
    def _rule(self, patron: Patron, item: Item):
        # None when a policy without a (*,*) rule leaves the pair uncovered: nothing is lent then
        return self.policy.rule_for(patron.category, item.item_type)

    def _loan_counts(self, loans_left: int, made: int, self_allowed: int, self_made: int) -> tuple[int, int]:
        renewals_left = max(loans_left - made, 0)
        return renewals_left, max(min(self_allowed - self_made, renewals_left), 0)

    def renewals_left(self, patron: Patron, item: Item, loan: Loan) -> tuple[int, int]:
        rule = self._rule(patron, item)
        if rule is None:
            return 0, 0
        return self._loan_counts(rule.renewals, loan.renewals, rule.self_renewals, loan.self_renewals)

    async def _lock(self, session, patron_code: str | None, barcode: str) -> None:
        """PostgreSQL: lock the patron's and the item's rows before reading anything, as the use cases always did
        (two checkouts of one item wait for each other). SQLite's BEGIN IMMEDIATE already serializes writers."""
        if self.ctx.db.is_sqlite:
            return
        if patron_code is not None:
            await session.execute(select(Patron.id).where(Patron.code == patron_code).with_for_update())
        await session.execute(select(Item.id).where(Item.barcode == barcode).with_for_update())

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
        await self._lock(session, patron_code, barcode)
        row = (await session.execute(
            CHECKOUT_FACTS, {"patron_code": patron_code, "barcode": barcode})).first()
        if row is None:
            return CheckoutResult(False, Refusal.UNKNOWN_PATRON)
        (patron_id, code, patron_category, restricted, item_id, item_type_code, title, open_due, open_total,
         open_same_type, first_hold) = row
        if item_id is None:
            return CheckoutResult(False, Refusal.UNKNOWN_ITEM)
        if open_due is not None:
            return CheckoutResult(False, Refusal.ALREADY_ON_LOAN, due=open_due, barcode=barcode, title=title)
        category = self.policy.category(patron_category)
        item_type = self.policy.item_type_of(item_type_code)
        if restricted:
            return CheckoutResult(False, Refusal.RESTRICTED)
        if category is None or not category.home_loans:
            return CheckoutResult(False, Refusal.HOME_LOANS_NOT_ALLOWED)
        rule = self.policy.rule_for(patron_category, item_type_code)
        staff_may_override = actor.is_staff and override and self.policy.rules.staff_override_not_for_loan
        if (item_type is None or not item_type.loanable or rule is None) and not staff_may_override:
            return CheckoutResult(False, Refusal.NOT_FOR_LOAN)
        if rule is None:
            return CheckoutResult(False, Refusal.NOT_FOR_LOAN)
        if category.fine_block_checkout is not None:
            if await balance_of(session, self.ctx, patron_id, now) > category.fine_block_checkout:
                return CheckoutResult(False, Refusal.FINE_LIMIT)
        if category.max_loans is not None and open_total >= category.max_loans:
            return CheckoutResult(False, Refusal.MAX_LOANS_TOTAL)
        if rule.max_loans is not None and open_same_type >= rule.max_loans:
            return CheckoutResult(False, Refusal.MAX_LOANS)
        if first_hold is not None and first_hold != patron_id:
            return CheckoutResult(False, Refusal.ON_HOLD_FOR_OTHER)
        try:
            due = self.calendar.due_at_checkout(rule, now)
        except NoTermForLoan:
            return CheckoutResult(False, Refusal.NO_TERM)
        if first_hold == patron_id:  # the patron's own hold (at most one active per patron and item) is filled
            await session.execute(update(Hold).where(Hold.patron_id == patron_id, Hold.item_id == item_id,
                                                     Hold.status == "active")
                                  .values(status="fulfilled", ended_at=now))
        loan_id = (await (await session.connection()).execute(NEW_LOAN, {
            "patron_id": patron_id, "item_id": item_id, "checked_out_at": now,
            "checkout_date": self.calendar.local_date(now), "due_at": due, "due_date": self.calendar.local_date(due),
            "renewals": 0, "self_renewals": 0})).scalar_one()
        await record(session, actor, now, "checkout", f"loan:{loan_id}", patron=code, item=barcode,
                     due=due, override=override)
        return CheckoutResult(True, due=due, barcode=barcode, title=title)

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
        await self._lock(session, None, barcode)
        row = (await session.execute(
            RENEW_FACTS, {"patron_code": patron_code, "barcode": barcode})).first()
        if row is None:
            return RenewResult(False, Refusal.NOT_ON_LOAN)
        (patron_id, patron_category, restricted, item_type_code, item_barcode, title, loan_id, due_at, renewals,
         self_renewals, held_by_other) = row
        rule = self.policy.rule_for(patron_category, item_type_code)
        item_type = self.policy.item_type_of(item_type_code)
        via_staff = actor.is_staff
        left, self_left = (0, 0) if rule is None else self._loan_counts(
            rule.renewals, renewals, rule.self_renewals, self_renewals)

        def refused(code: Refusal) -> RenewResult:
            return RenewResult(False, code, due_at, left, self_left, item_barcode, title)

        if rule is None or item_type is None or not item_type.renewable:
            return refused(Refusal.NOT_RENEWABLE)
        if not via_staff and not item_type.self_renewable:
            return refused(Refusal.NOT_SELF_RENEWABLE)
        if restricted:
            return refused(Refusal.RESTRICTED)
        staff_unlimited = via_staff and override and self.policy.rules.staff_override_renewal_limit
        if renewals >= rule.renewals and not staff_unlimited:
            return refused(Refusal.TOO_MANY_RENEWALS)
        if not via_staff and self_renewals >= rule.self_renewals:
            return refused(Refusal.TOO_MANY_SELF_RENEWALS)
        if self.policy.rules.holds_block_renewal and held_by_other:
            return refused(Refusal.ON_HOLD)
        category = self.policy.category(patron_category)
        if not via_staff and category is not None and category.fine_block_renewal is not None:
            if await balance_of(session, self.ctx, patron_id, now) > category.fine_block_renewal:
                return refused(Refusal.FINE_LIMIT)
        # A loan already past its due date is renewed from the renewal moment whatever `renew_from` says, so that
        # it is never born overdue (contracts §1, "Renewal").
        overdue = now > due_at
        base = due_at if self.policy.rules.renew_from == "due_date" and not overdue else now
        try:
            new_due = self.calendar.due_at_renewal(rule, base)
        except NoTermForLoan:
            return refused(Refusal.NO_TERM)
        cutoff = self.policy.rules.cutoff_on_or_after(self.calendar.local_date(now))
        if cutoff is not None and self.calendar.local_date(new_due) > cutoff:
            return refused(Refusal.RENEWAL_CUTOFF)
        if self.policy.rules.overdue_blocks_renewal and now > due_at:
            return refused(Refusal.OVERDUE)
        renewals += 1
        if not via_staff:
            self_renewals += 1
        # The fine accrued so far is charged exactly as a return at this moment would charge it; the renewed
        # loan's fines then count from its new due date.
        late, fine = (0, ZERO) if not overdue else overdue_fine(
            self.calendar, rule, due_at, now, self.policy.rules.count_closed_days_for_fines)
        if fine > 0:
            await (await session.connection()).execute(NEW_CHARGE, {
                "patron_id": patron_id, "kind": "fine", "amount": fine, "paid": ZERO, "created_at": now,
                "loan_id": loan_id, "note": late_note(item_barcode, late, renewed=True)})
        await _update_loan(session, loan_id, renewals=renewals, self_renewals=self_renewals, due_at=new_due,
                           due_date=self.calendar.local_date(new_due))
        await record(session, actor, now, "renew", f"loan:{loan_id}", item=item_barcode,
                     old_due=due_at, due=new_due, override=override, fine=fine)
        left, self_left = self._loan_counts(rule.renewals, renewals, rule.self_renewals, self_renewals)
        return RenewResult(True, None, new_due, left, self_left, item_barcode, title, fine)

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
            await self._lock(session, None, barcode)
            row = (await session.execute(CHECKIN_FACTS, {"barcode": barcode})).first()
            if row is None:
                return CheckinResult(False, Refusal.UNKNOWN_ITEM)
            (item_id, item_barcode, item_type_code, loan_id, due_at, patron_id, patron_code, patron_category,
             hold_for) = row
            if loan_id is None:
                return CheckinResult(False, Refusal.NOT_ON_LOAN)
            rule = self.policy.rule_for(patron_category, item_type_code)
            late, fine = (0, ZERO) if rule is None else overdue_fine(
                self.calendar, rule, due_at, now, self.policy.rules.count_closed_days_for_fines)
            await _update_loan(session, loan_id, returned_at=now)
            if fine > 0:
                await (await session.connection()).execute(NEW_CHARGE, {
                    "patron_id": patron_id, "kind": "fine", "amount": fine, "paid": ZERO, "created_at": now,
                    "loan_id": loan_id, "note": late_note(item_barcode, late)})
            await record(session, actor, now, "checkin", f"loan:{loan_id}", item=barcode, days_late=late, fine=fine)
            if hold_for is not None:   # the item stays at the desk for the patron first in line, who is told
                await self.shelf.fill_first(session, item_id, now)
            return CheckinResult(True, None, late, fine, patron_code, hold_for)

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
            # the queue is served in order of placing (active_holds): those placed by now are ahead
            return HoldResult(True, place=1 + sum(1 for h in holds if h.placed_at <= now))

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

